"""The assurance pages as a board member, the QA team and the standards group see them."""
import re
import subprocess
from datetime import date

import pytest
from flask import render_template
from markupsafe import Markup

from accreditation.assurance.forms import ScopeForm
from accreditation.db import count_queries
from accreditation.organisation.scope import Level
from accreditation.roles import Role
from tests.assurance.conftest import scope
from tests.assurance.test_charts import national, table_cells

PAGES = ["/assurance/", "/assurance/?status=gold", "/assurance/?expiring=1", "/assurance/heat-map", "/assurance/themes",
         "/assurance/register.csv"]


@pytest.fixture
def board(make_person, sign_in_as):
    person = make_person(Role.BOARD_VIEWER)
    sign_in_as(person)
    return person


def test_register_numbers_link_to_the_teams_behind_them(client, history, board):
    html = client.get("/assurance/").get_data(as_text=True)
    # The table's headers say what each number is: a row for each directorate, a column for each status.
    row = next(r for r in html.split("<tr") if "Community health services" in r and "status=expired" in r)
    link = re.search(r'<a href="([^"]*status=expired[^"]*)#teams">1</a>', row)
    assert link, "the expired count for community health services links to its list"
    listed = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "Diabetes Clinic" in listed and "Rowan Ward" not in listed and "1 team matches." in listed


def test_register_filters_and_pages(client, history, board, many_teams):
    many_teams(120)
    html = client.get("/assurance/?page=2").get_data(as_text=True)
    assert "132 teams match." in html and "Page 1 of 2" in html
    assert client.get("/assurance/?page=3").status_code == 404
    assert "Rowan Ward" in client.get("/assurance/?status=gold").get_data(as_text=True)


def test_heat_map_has_a_chart_with_a_text_alternative_and_a_table(client, history, board):
    html = client.get("/assurance/heat-map").get_data(as_text=True)
    assert '<svg' in html and 'role="img"' in html and "<desc" in html
    # WEL-03 in adult mental health, in the table: Rowan's and Willow's findings, both not met
    assert table_cells(html)["Adult mental health", "WEL-03"] == {"Met": "0%", "Partially met": "0%", "Not met": "100%", "Findings": "2"}
    directorate = history["Rowan Ward"].directorate_id
    teams = client.get(f"/assurance/heat-map?directorate={directorate}").get_data(as_text=True)
    assert "Rowan Ward" in teams and "Willow Ward" in teams
    assert client.get("/assurance/heat-map?directorate=999999").status_code == 404


@pytest.mark.parametrize("language", ["en", "bn"])
def test_a_national_heat_map_table_costs_a_few_bytes_a_figure_in_any_language(app, db, language):
    """200 x 24 cells of four figures each: their words are in the headers, said once, not in every cell."""
    heat, here = national(), scope(db)
    with app.test_request_context(headers={"Accept-Language": language}):
        page = render_template("assurance/_heat_map.jinja", heat=heat, chart=Markup("<svg></svg>"), title="T", scope=here,
                               form=ScopeForm.of(here), today=date(2026, 6, 1), Level=Level)
    cells = table_cells(page)
    assert len(cells) == 200 * 24 and ("Met" in cells["NHS Trust 001", "STD-02"]) == (language == "en")
    assert list(cells["NHS Trust 001", "STD-02"].values()) == ["96%", "0%", "4%", "45"]
    assert list(cells["NHS Trust 000", "STD-00"].values()) == ["–", "–", "–", "0"]  # no findings
    table = page[page.index("<table"):page.index("</table>")]
    assert len(table.encode()) < 12 * 4 * 200 * 24  # with the words in every cell: 29 bytes a figure, 53 in Bengali


def test_themes_for_the_standards_group(client, history, make_person, sign_in_as):
    sign_in_as(make_person(Role.STANDARDS_GROUP_MEMBER))
    html = client.get("/assurance/themes").get_data(as_text=True)
    assert "WEL-03: My privacy is protected" in html and "50% (2)" in html
    assert client.get("/assurance/").status_code == 403


def test_pages_say_so_when_nothing_is_decided(client, board):
    assert "No team has a decision yet" in client.get("/assurance/heat-map").get_data(as_text=True)
    assert "12 teams match." in client.get("/assurance/").get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_pages_use_a_fixed_number_of_queries_whatever_the_number_of_teams(app, client, history, board, many_teams, path):
    engine = app.extensions["db"].engine
    with count_queries(engine) as few:
        assert client.get(path).status_code == 200
    many_teams(40)
    with count_queries(engine) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few), many.statements


def test_api_uses_a_fixed_number_of_queries(app, client, db, history, many_teams, make_person):
    from accreditation.assurance.clients import create_api_client

    _client, token = create_api_client(db, make_person(Role.ADMINISTRATOR), "Counter")
    engine = app.extensions["db"].engine
    headers = {"Authorization": f"Bearer {token}"}
    with count_queries(engine) as few:
        client.get("/api/v1/register?limit=1000", headers=headers)
    many_teams(40)
    with count_queries(engine) as many:
        client.get("/api/v1/register?limit=1000", headers=headers)
    assert len(many) == len(few)


def test_board_report_is_a_pdf_for_the_chosen_date(client, history, board, tmp_path):
    response = client.get("/assurance/board-report?on[day]=1&on[month]=6&on[year]=2026")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Board assurance report: service user-led accreditation, 1 June 2026" in text
    assert "3 of 12 teams hold an award; 1 awards end within 90 days; 1 have expired; 2 interim reviews are due" in text
    assert "Harbour Lane Surgery" in text and "Diabetes Clinic" in text  # ending soon; expired
    assert "Larch Ward" not in text  # no decision: not a team that needs the board's attention
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Title:" in info and "1 June 2026" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # every font embedded


def test_board_report_asks_again_for_a_date_that_does_not_exist(client, board):
    response = client.get("/assurance/board-report?on[day]=31&on[month]=2&on[year]=2026")
    assert response.status_code == 400 and "Enter a real date" in response.get_data(as_text=True)
    assert client.get("/assurance/board-report").status_code == 200
