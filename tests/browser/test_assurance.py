"""A board member opens the register, follows a number to the teams behind it, and reads the heat map."""
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from accreditation import create_app
from accreditation.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, new_context
from tests.browser.test_journeys import sign_in
from tests.conftest import prepare_database

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def history_server(databases, tmp_path_factory):
    """The demo with its decided cycles, on its own database: the shared one starts with no decisions."""
    url = databases.new("browser_history")
    prepare_database(url, history=True)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser-tests"}, instance_path=str(tmp_path_factory.mktemp("history")))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.extensions["db"].engine.dispose()


@pytest.mark.parametrize("width", [1024, 360])
def test_board_member_opens_the_register_and_the_heat_map(browser, history_server, width):
    context = new_context(browser, viewport={"width": width, "height": 800})
    page = context.new_page()
    sign_in(page, history_server, "board@example.org")
    page.get_by_role("link", name="See the accreditation register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accreditation register")
    assert_accessible(page)

    # The row and column headers say what a number is: the expired awards in all directorates.
    everyone = page.locator("tr", has_text="All directorates").locator("a[href*='status=expired']").first
    expect(everyone).to_have_text("1")
    everyone.click()
    expect(page.get_by_text("1 team matches.")).to_be_visible()
    expect(page.get_by_role("cell", name="North Community Mental Health Team")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Heat map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Standards met, by directorate")
    expect(page.get_by_role("img", name="Standards met, by directorate", exact=True)).to_be_visible()
    assert_accessible(page)
    # One directorate, by its teams, chosen in the form; then back up to every directorate.
    page.get_by_label("Directorate", exact=True).select_option(label="Adult mental health")
    page.get_by_role("button", name="Show this heat map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Standards met in Adult mental health, by team")
    expect(page.get_by_role("columnheader", name="Rowan Ward")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="All directorates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Standards met, by directorate")
    # The page itself never scrolls sideways on a phone: wide charts and tables scroll in their own box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("link", name="Standards not met").click()
    expect(page.get_by_role("img", name="Standards most often not met", exact=True)).to_be_visible()
    assert_accessible(page)
    context.close()


def _signed_in_in_urdu(browser, base: str, email: str, width: int):
    """A browser whose language is Urdu, signed in (by the fields' ids: their labels are in Urdu)."""
    context = new_context(browser, viewport={"width": width, "height": 900}, locale="ur")
    page = context.new_page()
    page.goto(f"{base}/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(#email) button[type=submit]").click()
    return context, page


def test_in_urdu_the_heat_map_chart_still_reads_left_to_right(browser, history_server):
    """On a right-to-left page the chart keeps its left-to-right drawing: a row's name ends where its cells
    begin, and on a phone the chart's box opens at the names."""
    context, page = _signed_in_in_urdu(browser, history_server, "board@example.org", width=360)
    page.goto(f"{history_server}/assurance/heat-map")
    assert page.locator("html").get_attribute("dir") == "rtl"
    name = page.locator(".app-chart text", has_text="Adult mental health").bounding_box()
    cell = page.locator(".app-chart use").first.bounding_box()
    assert name["x"] + name["width"] <= cell["x"]
    assert 0 <= name["x"] and cell["x"] + cell["width"] <= 360
    assert_accessible(page)
    context.close()


def test_in_urdu_the_standards_not_met_charts_read_left_to_right(browser, history_server):
    """Each bar's standard code is in view and ends before its bar; the words beside a bar start after it."""
    context, page = _signed_in_in_urdu(browser, history_server, "qa@example.org", width=1024)
    page.goto(f"{history_server}/assurance/themes")
    assert page.locator("html").get_attribute("dir") == "rtl"
    box = page.locator(".app-chart-box").first.bounding_box()
    code, bar, words = (page.locator(".app-chart-box").first.locator(sel).nth(n).bounding_box()
                        for sel, n in (("svg > text", 0), ("svg > rect", 0), ("svg > text", 1)))
    assert box["x"] <= code["x"] and code["x"] + code["width"] <= bar["x"] + 1
    assert bar["x"] + bar["width"] <= words["x"] + 1
    assert_accessible(page)
    context.close()


@pytest.fixture(scope="module")
def national_server(databases, tmp_path_factory):
    """The demo with its decided cycles and a second organisation, which has an "Adult mental health" too."""
    from datetime import date, timedelta

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from accreditation.assurance.demo import DemoCast, record_decided_cycle
    from accreditation.db import make_engine
    from accreditation.organisation.models import Directorate, Organisation, Team, TeamKind
    from accreditation.standards.models import StandardsVersion

    url = databases.new("browser_national")
    prepare_database(url, history=True)
    engine = make_engine(url)
    with Session(engine) as db:
        trust = Organisation(name="Hillside NHS Trust", code="HILL1", is_demo=True)
        adult = Directorate(organisation=trust, name="Adult mental health")
        birch = Team(directorate=adult, name="Birch Ward", kind=TeamKind.WARD, service_type="Inpatient", site="Hillside")
        db.add_all([trust, birch])
        db.flush()
        decided = date.today() - timedelta(days=200)
        record_decided_cycle(db, DemoCast.find(db), birch, db.scalar(select(StandardsVersion)),
                             opened=decided - timedelta(days=200), decided_on=decided, scores={}, key="browser-birch")
        db.commit()
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser-tests"}, instance_path=str(tmp_path_factory.mktemp("national")))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.extensions["db"].engine.dispose()


@pytest.mark.parametrize("width", [1024, 360])
def test_board_member_goes_from_the_programme_to_one_organisation_and_one_directorate(browser, national_server, width):
    context = new_context(browser, viewport={"width": width, "height": 800})
    page = context.new_page()
    sign_in(page, national_server, "board@example.org")
    page.goto(f"{national_server}/assurance/")
    expect(page.get_by_role("heading", name="Summary by organisation")).to_be_visible()
    expect(page.locator("tr", has_text="All organisations").locator("a").first).to_have_text("13")
    expect(page.get_by_label("Directorate", exact=True)).to_have_count(0)  # an organisation first
    assert_accessible(page)

    page.get_by_label("Organisation", exact=True).select_option(label="Hillside NHS Trust")
    page.get_by_role("button", name="Show these teams").click()
    expect(page.get_by_role("heading", name="Summary of Hillside NHS Trust, by directorate")).to_be_visible()
    expect(page.get_by_text("1 team matches.")).to_be_visible()
    expect(page.get_by_role("cell", name="Birch Ward")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Heat map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Standards met, by organisation")
    assert_accessible(page)
    page.get_by_label("Organisation", exact=True).select_option(label="Hillside NHS Trust")
    page.get_by_role("button", name="Show this heat map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Standards met in Hillside NHS Trust, by directorate")
    page.get_by_label("Directorate", exact=True).select_option(label="Adult mental health")
    page.get_by_role("button", name="Show this heat map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Standards met in Adult mental health, Hillside NHS Trust, by team")
    expect(page.get_by_role("columnheader", name="Birch Ward")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="All organisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Standards met, by organisation")

    page.get_by_role("link", name="Board report (PDF)").click()
    expect(page.get_by_label("Organisation", exact=True)).to_be_visible()
    assert_accessible(page)
    context.close()


def test_qa_coordinator_filters_every_teams_actions_by_organisation_then_directorate(browser, national_server):
    context = new_context(browser, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    sign_in(page, national_server, "qa@example.org")
    page.goto(f"{national_server}/actions/")
    expect(page.get_by_label("Directorate", exact=True)).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Organisation", exact=True).select_option(label="Riverside NHS Foundation Trust (demo)")
    page.get_by_role("button", name="Show actions").click()
    page.get_by_label("Directorate", exact=True).select_option(label="Primary care")
    page.get_by_role("button", name="Show actions").click()
    expect(page.get_by_text("Harbour Lane Surgery").first).to_be_visible()
    expect(page.get_by_text("Birch Ward")).to_have_count(0)
    assert_accessible(page)
    context.close()
