from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from accreditation import migrations
from accreditation.db import make_engine
from tests.conftest import prepare_database


def test_migrations_build_exactly_the_schema_the_models_describe(app):
    """A model change without its migration fails here."""
    engine = app.extensions["db"].engine
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, migrations.metadata()) == []


def test_every_migration_downgrades_and_upgrades_again(databases):
    engine = make_engine(databases.new("roundtrip"))
    migrations.upgrade(engine)
    command.downgrade(migrations.alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrations.upgrade(engine)
    assert {"person", "team", "standard", "audit_entry"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_self_assessments_already_with_a_visit_team_are_marked_passed_to_it(databases):
    """0015 on a database in use: a self-assessment allocated before it can no longer be returned either."""
    url = databases.new("passed")
    prepare_database(url, demo=True, history=True)
    engine = make_engine(url)
    command.downgrade(migrations.alembic_config(engine), "0014")
    with engine.begin() as connection:  # one allocated before it was returned: not with the assessors now
        connection.execute(text(
            "UPDATE self_assessment SET status = 'returned', submitted_at = NULL, submitted_by_id = NULL "
            "WHERE id = (SELECT min(id) FROM self_assessment)"
        ))
    migrations.upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT s.status, s.passed_to_assessors_at, r.allocated_at FROM self_assessment s "
            "JOIN review r ON r.self_assessment_id = s.id"
        )).all()
    engine.dispose()
    assert len(rows) > 1
    assert all(passed == (allocated if status == "submitted" else None) for status, passed, allocated in rows)
    assert any(passed is None for _status, passed, _allocated in rows)


def test_cycles_whose_decision_stands_are_closed_and_deferred_ones_stay_open(databases):
    """0016 on a database in use: each team's newest cycle, as the code before it left them, all open."""
    url = databases.new("closed")
    prepare_database(url, demo=True, history=True)
    engine = make_engine(url)
    command.downgrade(migrations.alembic_config(engine), "0015")
    with engine.begin() as connection:
        connection.execute(text(
            "UPDATE cycle SET status = 'open' WHERE id = (SELECT max(newest.id) FROM cycle AS newest "
            "WHERE newest.team_id = cycle.team_id)"
        ))
    migrations.upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT c.status, (SELECT d.outcome FROM decision d JOIN agenda_item i ON i.id = d.item_id "
            "  JOIN review r ON r.id = i.review_id JOIN self_assessment s ON s.id = r.self_assessment_id "
            "  WHERE s.cycle_id = c.id ORDER BY d.id DESC LIMIT 1) "
            "FROM cycle c WHERE c.id = (SELECT max(newest.id) FROM cycle AS newest WHERE newest.team_id = c.team_id)"
        )).all()
    engine.dispose()
    assert {outcome for _status, outcome in rows} >= {"deferred", "gold"}
    assert all(status == ("open" if outcome in (None, "deferred") else "closed") for status, outcome in rows)


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    engine.dispose()
