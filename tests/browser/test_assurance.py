"""A board member opens the register, follows a number to the teams behind it, and reads the heat map."""
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from accreditation import create_app
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
