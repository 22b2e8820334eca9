"""The assurance view by level, with several organisations on the platform (`hillside`, conftest.py): the
programme by organisation, one organisation by its directorates, one directorate by its teams."""
import csv
import io
import re
import subprocess
from html import unescape

import pytest
from sqlalchemy import select

from accreditation.assurance import queries
from accreditation.assurance.queries import Filters, Status
from accreditation.organisation.models import Directorate, Organisation
from accreditation.roles import Role
from tests.assurance.conftest import ON, scope
from tests.conftest import page_text

HILLSIDE, RIVERSIDE = "Hillside NHS Trust", "Riverside NHS Foundation Trust (demo)"


@pytest.fixture
def ids(db, hillside):
    organisations = {o.name: o.id for o in db.scalars(select(Organisation))}
    directorates = {(d.organisation.name, d.name): d.id for d in db.scalars(select(Directorate))}
    return organisations, directorates


@pytest.fixture
def on_the_day(monkeypatch):
    """The pages' figures as they stood on ON, like the queries'."""
    monkeypatch.setattr("accreditation.assurance.views.today", lambda: ON)


@pytest.fixture
def board(make_person, sign_in_as):
    person = make_person(Role.BOARD_VIEWER)
    sign_in_as(person)
    return person


def _rows(html: str, heading: str) -> dict[str, list[str]]:
    """A table's rows after `heading`: the row header's text -> the cells' text."""
    table = html.split(heading, 1)[1].split("</table>", 1)[0]
    found = {}
    for row in table.split("<tr")[2:]:
        header = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        cells = [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        found[unescape(re.sub(r"<[^>]+>", "", header.group(1))).strip()] = cells
    return found


def test_the_programme_summary_is_by_organisation_and_sums_to_every_team(db, hillside):
    everyone = scope(db)
    rows = {s.name: s for s in queries.summary(db, ON, everyone)}
    assert list(rows) == [HILLSIDE, RIVERSIDE, "All organisations"]
    assert (rows[HILLSIDE].teams, rows[HILLSIDE].by_status[Status.GOLD], rows[HILLSIDE].expiring) == (3, 2, 1)
    assert rows[HILLSIDE].by_status[Status.NO_DECISION] == 1 and rows["All organisations"].teams == 15
    for row in queries.summary(db, ON, everyone):
        for status, n in row.by_status.items():
            assert queries.register_page(db, ON, Filters(organisation_id=row.id, status=status))[1] == n


def test_one_organisation_is_by_its_own_directorates_and_its_name_is_the_total(db, ids):
    organisations, directorates = ids
    rows = queries.summary(db, ON, scope(db, organisations[HILLSIDE]))
    assert [r.name for r in rows] == ["Adult mental health", "Learning disabilities", HILLSIDE]
    assert [r.teams for r in rows] == [2, 1, 3]
    # Two directorates called "Adult mental health", told apart by their organisation.
    riverside = {r.name: r.teams for r in queries.summary(db, ON, scope(db, organisations[RIVERSIDE]))}
    assert riverside["Adult mental health"] == 6 and riverside[RIVERSIDE] == 12


def test_heat_map_rows_are_one_level_below_the_scope(db, ids):
    organisations, directorates = ids
    programme = queries.heat_map(db, ON, scope(db))
    assert [name for _id, name in programme.rows] == [HILLSIDE, RIVERSIDE]
    assert queries.themes_of(programme) == queries.themes(db, ON)  # what the board report uses
    adult = directorates[(HILLSIDE, "Adult mental health")]
    teams = queries.heat_map(db, ON, scope(db, directorate=adult))
    assert [name for _id, name in teams.rows] == ["Birch Ward", "Cedar Ward"]
    hill = queries.heat_map(db, ON, scope(db, organisations[HILLSIDE]))
    assert [name for _id, name in hill.rows] == ["Adult mental health"]  # Oak House has no decision: no findings


def test_register_page_at_programme_level(client, ids, board, on_the_day):
    organisations, _directorates = ids
    html = client.get("/assurance/").get_data(as_text=True)
    assert "Summary by organisation" in html
    summary = _rows(html, "Summary by organisation")
    assert list(summary) == [HILLSIDE, RIVERSIDE, "All organisations"] and summary["All organisations"][0] == "15"
    assert 'name="organisation"' in html and 'name="directorate"' not in html  # a directorate once an organisation is chosen
    assert "choose an organisation first" in html
    assert "<th scope=\"col\" class=\"nhsuk-table__header\">Organisation</th>" in html  # the team list says whose team
    # Every number links to the teams behind it, carrying the organisation.
    row = next(r for r in html.split("<tr") if HILLSIDE in r and "expiring=1" in r)
    link = unescape(re.search(r'<a href="([^"]*expiring=1[^"]*)#teams">1</a>', row).group(1))
    assert f"organisation={organisations[HILLSIDE]}" in link
    listed = page_text(client.get(link))
    assert "1 team matches." in listed and "Cedar Ward" in listed and "Harbour Lane Surgery" not in listed


def test_register_page_for_one_organisation_and_one_directorate(client, ids, board, on_the_day):
    organisations, directorates = ids
    html = client.get(f"/assurance/?organisation={organisations[HILLSIDE]}").get_data(as_text=True)
    summary = _rows(html, "Summary of")
    assert list(summary) == ["Adult mental health", "Learning disabilities", HILLSIDE]
    select_ = html.split('name="directorate"', 1)[1].split("</select>", 1)[0]
    assert select_.count("<option") == 3 and "Community health services" not in select_  # its own directorates only
    adult = directorates[(HILLSIDE, "Adult mental health")]
    row = next(r for r in html.split("<tr") if "Adult mental health" in r and "status=gold" in r)
    link = unescape(re.search(r'<a href="([^"]*status=gold[^"]*)#teams">2</a>', row).group(1))
    assert f"directorate={adult}" in link and f"organisation={organisations[HILLSIDE]}" in link
    listed = page_text(client.get(link))
    assert "2 teams match." in listed and "Birch Ward" in listed and "Rowan Ward" not in listed
    # An unknown directorate is no filter on the register (the heat map says 404).
    assert "3 teams match." in page_text(client.get(f"/assurance/?organisation={organisations[HILLSIDE]}&directorate=999999"))


def test_heat_map_by_level_with_a_way_back_up(client, ids, board):
    organisations, directorates = ids
    html = page_text(client.get("/assurance/heat-map"))
    assert "<h1>Standards met, by organisation</h1>" in html and 'name="organisation"' in html
    assert 'href="/assurance/heat-map?organisation=' not in html  # a form, not a list of links
    hill = page_text(client.get(f"/assurance/heat-map?organisation={organisations[HILLSIDE]}"))
    assert f"<h1>Standards met in {HILLSIDE}, by directorate</h1>" in hill
    assert '<a href="/assurance/heat-map">All organisations</a>' in hill
    adult = directorates[(HILLSIDE, "Adult mental health")]
    teams = page_text(client.get(f"/assurance/heat-map?organisation={organisations[HILLSIDE]}&directorate={adult}"))
    assert f"<h1>Standards met in Adult mental health, {HILLSIDE}, by team</h1>" in teams
    assert "Birch Ward" in teams and "Rowan Ward" not in teams
    assert f'<a href="/assurance/heat-map?organisation={organisations[HILLSIDE]}">All directorates in {HILLSIDE}</a>' in teams
    assert client.get("/assurance/heat-map?directorate=999999").status_code == 404
    assert client.get("/assurance/heat-map?organisation=999999").status_code == 404


def test_register_csv_and_api_carry_the_organisation(client, db, ids, board, make_person):
    from accreditation.assurance.clients import create_api_client

    organisations, _directorates = ids
    rows = list(csv.reader(io.StringIO(client.get(f"/assurance/register.csv?organisation={organisations[HILLSIDE]}")
                                       .get_data(as_text=True))))
    assert rows[0][:3] == ["Organisation", "Directorate", "Team"]
    assert {r[0] for r in rows[1:]} == {HILLSIDE} and len(rows) == 1 + 3
    _client, token = create_api_client(db, make_person(Role.ADMINISTRATOR), "Dashboard")
    headers = {"Authorization": f"Bearer {token}"}
    teams = client.get(f"/api/v1/register?organisation={organisations[HILLSIDE]}", headers=headers).get_json()["teams"]
    assert {(t["organisation_id"], t["organisation"]) for t in teams} == {(organisations[HILLSIDE], HILLSIDE)} and len(teams) == 3
    assert client.get("/api/v1/register?organisation=x", headers=headers).status_code == 400
    assert client.get("/api/v1/actions?organisation=x", headers=headers).status_code == 400


def test_the_qa_list_of_actions_filters_by_organisation_then_directorate(client, db, action_history, ids, make_person, sign_in_as):
    organisations, directorates = ids
    sign_in_as(make_person(Role.QA_COORDINATOR))
    html = client.get("/actions/").get_data(as_text=True)
    assert 'name="organisation"' in html and 'name="directorate"' not in html
    riverside = page_text(client.get(f"/actions/?organisation={organisations[RIVERSIDE]}"))
    assert 'name="directorate"' in riverside and "Learning disabilities" not in riverside.split('name="directorate"')[1].split("</select>")[0]
    assert "Harbour Lane Surgery" in riverside and "Primary care, Riverside NHS Foundation Trust (demo)" in riverside
    hill = page_text(client.get(f"/actions/?organisation={organisations[HILLSIDE]}"))
    assert "0 actions" in hill
    primary = directorates[(RIVERSIDE, "Primary care")]
    csv_rows = list(csv.reader(io.StringIO(client.get(f"/assurance/actions.csv?organisation={organisations[RIVERSIDE]}&directorate={primary}")
                                           .get_data(as_text=True))))
    assert {r[1] for r in csv_rows[1:]} == {RIVERSIDE} and {r[3] for r in csv_rows[1:]} == {"Harbour Lane Surgery"}


def test_the_register_action_numbers_lead_to_the_actions_behind_them_by_organisation(client, action_history, ids, make_person, sign_in_as):
    sign_in_as(make_person(Role.QA_COORDINATOR))
    html = client.get("/assurance/").get_data(as_text=True)
    section = html.split('id="actions"')[1].split('id="teams"')[0]
    assert "by organisation" in section
    row = next(r for r in section.split("<tr") if RIVERSIDE in r)
    link = re.search(r'<a href="(/actions/\?[^"]*overdue=1[^"]*)">(\d+)</a>', row)
    listed = page_text(client.get(unescape(link.group(1))))
    assert f"{link.group(2)} actions" in listed and "Harbour Lane Surgery" in listed


def _pdf_text(response, tmp_path) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.data)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_board_report_for_the_programme_counts_teams_that_need_attention_per_organisation(client, ids, board, tmp_path):
    organisations, _directorates = ids
    form = client.get("/assurance/board-report").get_data(as_text=True)
    assert 'name="organisation"' in form and "All organisations" in form
    text = _pdf_text(client.get("/assurance/board-report?on[day]=1&on[month]=6&on[year]=2026"), tmp_path)
    assert "Standards met, by organisation" in text and "5 of 15 teams hold an award" in text
    attention = text.split("Teams that need attention", 1)[1]
    line = next(line.split() for line in attention.splitlines() if line.strip().startswith("Hillside"))
    assert line[-3:] == ["0", "1", "0"]  # expired, ending within 90 days, deferred
    assert "Cedar Ward" not in text and "Diabetes Clinic" not in text  # counted, not listed
    one = _pdf_text(client.get(f"/assurance/board-report?on[day]=1&on[month]=6&on[year]=2026&organisation={organisations[HILLSIDE]}"), tmp_path)
    assert "Standards met, by directorate" in one and "2 of 3 teams hold an award" in one
    assert "Cedar Ward" in one.split("Teams that need attention", 1)[1] and "Diabetes Clinic" not in one
    assert client.get("/assurance/board-report?on[day]=1&on[month]=6&on[year]=2026&organisation=999999").status_code == 404
