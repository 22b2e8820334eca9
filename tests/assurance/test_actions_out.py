"""Improvement actions in the assurance view and in the data out: figures by directorate against the hand-worked
`action_history` (conftest.py), the register section, the board report, the CSV and the API."""
import csv
import io
import re
import subprocess
from datetime import date, timedelta

import pytest

from accreditation.actions import queries as action_queries
from accreditation.actions.models import ActionStatus
from accreditation.assurance import queries
from accreditation.assurance.api import MAX_LIMIT
from accreditation.assurance.clients import create_api_client
from accreditation.db import count_queries
from accreditation.roles import Role
from tests.assurance.conftest import ON, scope
from tests.conftest import page_text

S = ActionStatus


def _figures(db, on):
    return {r.name: ((r.by_status[S.DRAFT], r.by_status[S.OPEN], r.by_status[S.IN_PROGRESS]), r.overdue)
            for r in queries.actions_by(db, on, scope(db))}


def test_unfinished_actions_by_directorate_and_status_with_the_overdue(db, action_history):
    assert _figures(db, ON) == {
        "Adult mental health": ((1, 1, 1), 1),
        "Community health services": ((0, 0, 0), 0),
        "Primary care": ((0, 3, 1), 3),
        "All directorates": ((1, 4, 2), 4),
    }
    assert queries.actions_by(db, ON, scope(db))[-1].unfinished == 7


def test_an_action_becomes_overdue_the_day_after_it_is_due(db, action_history):
    figures = _figures(db, ON + timedelta(days=1))
    assert figures["Primary care"][1] == 4  # the surgery's action due on 1 June
    assert figures["Adult mental health"][1] == 1  # Willow's is due in July; the draft has no date


def test_each_action_figure_is_the_length_of_the_qa_list_it_links_to(db, action_history):
    for row in queries.actions_by(db, ON, scope(db)):
        for status, n in row.by_status.items():
            assert len(action_queries.all_actions(db, today=ON, status=status, directorate_id=row.id)) == n
        assert len(action_queries.all_actions(db, today=ON, overdue=True, directorate_id=row.id)) == row.overdue


def test_with_no_actions_every_directorate_shows_noughts(db, history):
    assert {figures for figures in _figures(db, ON).values()} == {((0, 0, 0), 0)}


@pytest.fixture
def qa(make_person, sign_in_as):
    person = make_person(Role.QA_COORDINATOR)
    sign_in_as(person)
    return person


def test_qa_follows_each_number_to_the_actions_behind_it(client, action_history, qa):
    html = client.get("/assurance/").get_data(as_text=True)
    section = html.split('id="actions"')[1].split('id="teams"')[0]
    row = next(r for r in section.split("<tr") if "Primary care" in r)
    link = re.search(r'<a href="(/actions/\?[^"]*overdue=1[^"]*)">(\d+)</a>', row)
    assert link, section
    listed = page_text(client.get(link.group(1).replace("&amp;", "&")))
    assert f"{link.group(2)} actions" in listed and "Harbour Lane Surgery" in listed and "Rowan Ward" not in listed
    assert "/assurance/actions.csv" in section


def test_a_board_member_sees_the_numbers_without_links_to_pages_they_cannot_open(client, action_history, make_person, sign_in_as):
    sign_in_as(make_person(Role.BOARD_VIEWER))
    section = client.get("/assurance/").get_data(as_text=True).split('id="actions"')[1].split('id="teams"')[0]
    assert "/actions/" not in section and "actions.csv" not in section
    assert "Overdue" in section and "The quality assurance team follows them up" in section
    assert client.get("/actions/").status_code == 403 and client.get("/assurance/actions.csv").status_code == 403


def test_board_report_has_the_actions_between_the_standards_and_the_teams(client, action_history, make_person, sign_in_as, tmp_path):
    sign_in_as(make_person(Role.BOARD_VIEWER))
    response = client.get("/assurance/board-report?on[day]=1&on[month]=6&on[year]=2026")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "7 improvement actions are not yet finished. 4 are past their due date." in text
    order = [text.index(h) for h in ("Standards most often not met", "Improvement actions: open and overdue",
                                     "Teams that need attention")]
    assert order == sorted(order)
    primary = next(line for line in text.splitlines() if line.strip().startswith("Primary care") and line.split()[-1].isdigit()
                   and len(line.split()) == 6)
    assert primary.split()[2:] == ["0", "3", "1", "3"]


def _csv(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_actions_csv_is_streamed_neutralised_and_follows_the_list_filters(client, db, action_history, qa):
    action_history[0].what_will_change = "=HYPERLINK(\"http://x\")"
    action_history[0].team.name = "@SUM(A1)"
    db.flush()
    response = client.get("/assurance/actions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "Content-Length" not in response.headers  # streamed: never made whole in memory
    rows = _csv(response)
    assert rows[0][:4] == ["Action", "Organisation", "Directorate", "Team"] and len(rows) == 1 + len(action_history)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)
    assert "'=HYPERLINK(\"http://x\")" in rows[[r[0] for r in rows].index(str(action_history[0].id))]
    overdue = _csv(client.get("/assurance/actions.csv?overdue=y"))[1:]
    # Today is after every due date in the history but the drafts' (none) and the finished ones'.
    assert {r[8] for r in overdue} == {"Yes"} and len(overdue) == 6
    primary = action_history[-1].team.directorate_id
    opened = _csv(client.get(f"/assurance/actions.csv?directorate={primary}&status=open"))[1:]
    assert [r[3] for r in opened] == ["Harbour Lane Surgery"] * 3


def test_actions_csv_for_the_list_is_linked_from_the_qa_list(client, action_history, qa):
    html = client.get("/actions/?overdue=y").get_data(as_text=True)
    assert "/assurance/actions.csv?overdue=y" in html


@pytest.fixture
def bearer(db, make_person):
    _client, token = create_api_client(db, make_person(Role.ADMINISTRATOR), "Quality dashboard")
    db.flush()
    return {"Authorization": f"Bearer {token}"}


def test_actions_api_pages_by_id_through_every_action(client, action_history, bearer):
    seen, after = [], 0
    while after is not None:
        page = client.get(f"/api/v1/actions?limit=3&after={after}", headers=bearer).get_json()
        assert len(page["actions"]) <= 3
        seen += [a["id"] for a in page["actions"]]
        after = page["next_after"]
    assert seen == sorted(a.id for a in action_history)
    first = client.get("/api/v1/actions?limit=1", headers=bearer).get_json()["actions"][0]
    assert (first["source"], first["standard"], first["status"], first["overdue"], first["due_on"]) == (
        "standard", "INF-02", "verified", False, "2023-06-01")


def test_actions_api_filters_and_refuses_bad_arguments(client, action_history, bearer, history):
    overdue = client.get("/api/v1/actions?overdue=true", headers=bearer).get_json()["actions"]
    assert len(overdue) == 6 and all(a["overdue"] for a in overdue)
    directorate = history["Harbour Lane Surgery"].directorate_id
    opened = client.get(f"/api/v1/actions?status=open&directorate={directorate}", headers=bearer).get_json()["actions"]
    assert [a["team"] for a in opened] == ["Harbour Lane Surgery"] * 3
    for bad in ("status=closed", "limit=0", f"limit={MAX_LIMIT + 1}", "after=-1", "directorate=x"):
        response = client.get(f"/api/v1/actions?{bad}", headers=bearer)
        assert response.status_code == 400 and response.get_json()["error"]


def test_register_page_uses_a_fixed_number_of_queries_whatever_the_number_of_actions(app, client, action_history, qa, many_actions):
    engine = app.extensions["db"].engine
    with count_queries(engine) as few:
        assert client.get("/assurance/").status_code == 200
    many_actions(40)
    with count_queries(engine) as many:
        assert client.get("/assurance/").status_code == 200
    assert len(many) == len(few), many.statements


@pytest.mark.parametrize("path", ["/api/v1/actions?limit=1000", "/api/v1/actions?overdue=true"])
def test_actions_api_uses_a_fixed_number_of_queries(app, client, action_history, bearer, many_actions, path):
    engine = app.extensions["db"].engine
    with count_queries(engine) as few:
        small = client.get(path, headers=bearer).get_json()
    many_actions(40)
    with count_queries(engine) as many:
        large = client.get(path, headers=bearer).get_json()
    assert len(large["actions"]) > len(small["actions"])
    assert len(many) == len(few)


def test_actions_csv_uses_a_fixed_number_of_queries(app, client, action_history, qa, many_actions):
    engine = app.extensions["db"].engine
    with count_queries(engine) as few:
        client.get("/assurance/actions.csv").get_data()
    many_actions(40)
    with count_queries(engine) as many:
        assert len(_csv(client.get("/assurance/actions.csv"))) == 1 + len(action_history) + 40
    assert len(many) == len(few)
