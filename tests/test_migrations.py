from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from accreditation import migrations
from accreditation.db import make_engine


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


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    engine.dispose()
