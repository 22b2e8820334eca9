import csv
import io
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation import db as app_db
from accreditation.assurance import generation
from accreditation.assurance.exports import safe_cell
from accreditation.auth.models import Person
from accreditation.db import Base, count_queries
from accreditation.organisation.models import Team
from accreditation.panels import services as panel_services
from accreditation.panels.models import Accreditation, Decision
from accreditation.panels.outcome import Outcome
from accreditation.roles import Role
from tests.assurance.conftest import ON
from tests.assurance.test_kept import two_servers  # noqa: F401  (fixture)
from tests.cycle_fixtures import everyone_present


@pytest.fixture
def on(monkeypatch):
    """The pages' day (assurance.views.today), from the day `history` describes."""
    day = {"today": ON}
    monkeypatch.setattr("accreditation.assurance.views.today", lambda: day["today"])
    return day


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTab", "'\tTab"), ("\rReturn", "'\rReturn"), ("Larch Ward", "Larch Ward"), ("a=b", "a=b"), (None, ""), (12, "12"),
])
def test_cells_that_a_spreadsheet_would_run_are_kept_as_text(value, expected):
    assert safe_cell(value) == expected


def test_register_csv_is_sent_whole_with_a_row_per_team_and_neutralised_names(client, db, history, make_person, sign_in_as):
    history["Rowan Ward"].name = "=cmd|' /C calc'!A0"
    db.flush()
    sign_in_as(make_person(Role.BOARD_VIEWER))
    response = client.get("/assurance/register.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    # Made whole and kept (a test client's response is always "streamed", so its length is what tells)
    assert int(response.headers["Content-Length"]) == len(response.get_data())
    assert response.headers["Content-Disposition"] == 'attachment; filename="register-' + date.today().isoformat() + '.csv"'
    assert response.headers["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["Organisation", "Directorate", "Team", "Status"]
    assert len(rows) == 1 + 12
    assert any(r[2] == "'=cmd|' /C calc'!A0" for r in rows)
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_register_csv_follows_the_filters(client, db, history, make_person, sign_in_as):
    sign_in_as(make_person(Role.QA_COORDINATOR))
    rows = list(csv.reader(io.StringIO(client.get("/assurance/register.csv?status=gold").get_data(as_text=True))))
    # Pages use today's date: Rowan Ward's Gold runs to 2029, and nothing but Gold is listed.
    assert "Rowan Ward" in [r[2] for r in rows[1:]]
    assert {r[3] for r in rows[1:]} == {"Gold"}


def test_an_export_sent_in_many_chunks_has_every_row_once(client, db, action_history, make_person, sign_in_as, monkeypatch):
    monkeypatch.setattr("accreditation.assurance.exports.CHUNK", 100)  # a chunk every row or two
    sign_in_as(make_person(Role.QA_COORDINATOR))
    response = client.get("/assurance/actions.csv")
    chunks = [c for c in response.response if c]
    rows = list(csv.reader(io.StringIO(b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks).decode())))
    assert len(chunks) > 3 and len(rows) == 1 + len(action_history)
    assert sorted(int(r[0]) for r in rows[1:]) == sorted(a.id for a in action_history)


# The register's file is kept whole, like the register's figures (assurance/kept.py)


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_a_kept_register_csv_is_sent_again_to_any_reader_without_reading_a_team(app, client, history, make_person,
                                                                               sign_in_as, on):
    sign_in_as(make_person(Role.BOARD_VIEWER))
    engine, exports, figures = app.extensions["db"].engine, app.extensions["assurance_exports"], app.extensions["assurance_figures"]
    exports.clear()
    pages = len(figures)
    with count_queries(engine) as cold:
        first = client.get("/assurance/register.csv").get_data()
    sign_in_as(make_person(Role.QA_COORDINATOR))  # the QA team's file is the board's
    with count_queries(engine) as warm:
        again = client.get("/assurance/register.csv")
    assert again.get_data() == first and len(_rows(again)) == 1 + 12
    assert [s for s in cold.statements if "valid_until" in s] and not [s for s in warm.statements if "valid_until" in s]
    assert [s for s in warm.statements if "figures_generation" in s]  # it still asks whether anything changed
    assert again.headers["Content-Disposition"] == f'attachment; filename="register-{ON.isoformat()}.csv"'
    assert again.headers["Cache-Control"] == "private, no-store"
    assert (len(exports), len(figures)) == (1, pages)  # in a store of its own, once


def test_each_filter_language_and_day_has_its_own_register_csv(client, history, make_person, sign_in_as, on):
    sign_in_as(make_person(Role.BOARD_VIEWER))
    by_team = lambda rows: {r[2]: r[3] for r in rows[1:]}  # noqa: E731
    assert set(by_team(_rows(client.get("/assurance/register.csv?status=gold")))) == {"Rowan Ward", "Willow Ward"}
    assert len(_rows(client.get("/assurance/register.csv?status=gold&page=2"))) == 3  # the file has no pages
    english = _rows(client.get("/assurance/register.csv"))
    urdu = _rows(client.get("/assurance/register.csv", headers={"Accept-Language": "ur"}))
    assert english[0][3] == "Status" and urdu[0][3] != "Status" and by_team(urdu)["Harbour Lane Surgery"] != "Silver"
    assert by_team(english)["Harbour Lane Surgery"] == "Silver"  # until 1 July 2026
    on["today"] = date(2026, 7, 2)
    assert by_team(_rows(client.get("/assurance/register.csv")))["Harbour Lane Surgery"] == "Award expired"


def test_the_register_csv_never_reads_a_column_whose_change_keeps_it(app, client, hillside, make_person, sign_in_as):
    """generation.UNREAD lists columns whose change does not move the generation: a kept file may not read them."""
    sign_in_as(make_person(Role.BOARD_VIEWER))
    directorate = hillside["Birch Ward"].directorate
    with count_queries(app.extensions["db"].engine) as made:
        for path in ("", f"?organisation={directorate.organisation_id}", f"?directorate={directorate.id}&status=gold"):
            assert client.get("/assurance/register.csv" + path).status_code == 200
    sql = "\n".join(made.statements)
    columns = [f"{table}.{c.name}" for table, unread in generation.UNREAD.items()
               for c in Base.metadata.tables[table].columns if c.name in unread]
    assert "accreditation.valid_until" in sql  # made, not kept from before
    assert "team.site" in columns and not [c for c in columns if c in sql]


def test_a_decision_shows_in_the_register_csv_at_once(client, db, committee, chair, make_person, sign_in_as):
    sign_in_as(make_person(Role.BOARD_VIEWER))
    status = lambda: {r[2]: r[3] for r in _rows(client.get("/assurance/register.csv"))[1:]}["Larch Ward"]  # noqa: E731
    assert status() == "No decision yet"
    item = committee.items[0]
    panel_services.record_declarations(db, chair, item, everyone_present(item))
    panel_services.record_decision(db, chair, item, outcome=Outcome.GOLD, rationale="All standards met", request_key="k",
                                   today=date.today())
    assert status() == "Gold"


def test_a_decision_recorded_on_one_app_server_shows_in_the_other_ones_kept_register_csv(two_servers):
    first, second = two_servers
    with Session(first.extensions["db"].engine) as db:
        board = db.scalar(select(Person.id).where(Person.email == "board@example.org"))
        team = db.scalar(select(Team).where(Team.name == "Station Road Practice"))
        team_id, name = team.id, team.name
    reader = first.test_client()
    with reader.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(board), True
    status = lambda: {r[2]: r[3] for r in _rows(reader.get("/assurance/register.csv"))[1:]}[name]  # noqa: E731
    before = status()
    assert before != "Not yet accredited" and status() == before  # the second one is the kept file

    with second.app_context():  # the committee's chair corrects the decision there, and it is committed
        db = app_db.session()
        original = db.scalar(select(Decision).join(Accreditation, Accreditation.decision_id == Decision.id)
                             .where(Accreditation.team_id == team_id).order_by(Decision.id.desc()))
        panel_services.amend_decision(
            db, original.item.panel.chair, original, reason="Recorded against the wrong team", request_key="amend",
            outcome=Outcome.NOT_YET_ACCREDITED, rationale="Not yet", departure_reason="Recorded in error", today=date.today(),
        )
        db.commit()

    assert status() == "Not yet accredited"


@pytest.mark.parametrize("path, role", [("/assurance/register.csv", Role.BOARD_VIEWER), ("/assurance/actions.csv", Role.QA_COORDINATOR)])
def test_a_downloaded_csv_kept_or_streamed_gives_its_database_connection_back(app, client, db, action_history, make_person,
                                                                             sign_in_as, path, role):
    # Measured with bench/pages: each streamed download kept a connection, until gunicorn's workers had none left.
    sign_in_as(make_person(role))
    made, sessionmaker = [], app.extensions["db"].sessionmaker

    def recording():
        made.append(sessionmaker())
        return made[-1]

    app.extensions["db"].sessionmaker = recording
    try:
        for _ in range(2):  # made, then kept (the register's)
            response = client.get(path)
            assert len(response.get_data(as_text=True).splitlines()) > 1
            response.close()
    finally:
        app.extensions["db"].sessionmaker = sessionmaker
    assert made and not any(s.in_transaction() for s in made)
