import csv
import io

import pytest

from accreditation.assurance.exports import safe_cell
from accreditation.roles import Role


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTab", "'\tTab"), ("\rReturn", "'\rReturn"), ("Larch Ward", "Larch Ward"), ("a=b", "a=b"), (None, ""), (12, "12"),
])
def test_cells_that_a_spreadsheet_would_run_are_kept_as_text(value, expected):
    assert safe_cell(value) == expected


def test_register_csv_is_streamed_with_a_row_per_team_and_neutralised_names(client, db, history, make_person, sign_in_as):
    history["Rowan Ward"].name = "=cmd|' /C calc'!A0"
    db.flush()
    sign_in_as(make_person(Role.BOARD_VIEWER))
    response = client.get("/assurance/register.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
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


def test_a_downloaded_register_csv_gives_its_database_connection_back(app, client, db, history, make_person, sign_in_as):
    # Measured with bench/pages: each download kept a connection, until gunicorn's workers had none left.
    sign_in_as(make_person(Role.BOARD_VIEWER))
    made, sessionmaker = [], app.extensions["db"].sessionmaker

    def recording():
        made.append(sessionmaker())
        return made[-1]

    app.extensions["db"].sessionmaker = recording
    try:
        response = client.get("/assurance/register.csv")
        assert len(response.get_data(as_text=True).splitlines()) > 1
        response.close()
    finally:
        app.extensions["db"].sessionmaker = sessionmaker
    assert made and not any(s.in_transaction() for s in made)


def test_an_export_sent_in_many_chunks_has_every_row_once(client, db, action_history, make_person, sign_in_as, monkeypatch):
    monkeypatch.setattr("accreditation.assurance.exports.CHUNK", 100)  # a chunk every row or two
    sign_in_as(make_person(Role.QA_COORDINATOR))
    response = client.get("/assurance/actions.csv")
    chunks = [c for c in response.response if c]
    rows = list(csv.reader(io.StringIO(b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks).decode())))
    assert len(chunks) > 3 and len(rows) == 1 + len(action_history)
    assert sorted(int(r[0]) for r in rows[1:]) == sorted(a.id for a in action_history)
