"""Access in a real browser: right-to-left pages, a 360-pixel screen, large text at 200% zoom, and the warning
before a session ends. Screenshots go to /tmp/access-*.png to be looked at (they are not committed)."""
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from accreditation import create_app
from accreditation.auth.passwords import hash_password
from accreditation.auth.services import create_person
from accreditation.db import make_engine
from accreditation.demo import DEMO_PASSWORD
from accreditation.organisation.models import Team
from accreditation.roles import Role
from tests.browser.conftest import assert_accessible, new_context
from tests.browser.test_journeys import sign_in
from tests.i18n import pseudo

pytestmark = pytest.mark.browser
EMAIL = "access.tester@example.org"
KEY_PAGES = ["/home", "/standards/", "/standards/2026.1/WEL-01", "/preferences", "/self-assessments/"]


@contextmanager
def serving(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        app.extensions["db"].engine.dispose()


@pytest.fixture(scope="module")
def tester(live_database_url):
    """A team member of Larch Ward of their own, so changing their preferences touches no other journey."""
    engine = make_engine(live_database_url)
    with Session(engine) as db:
        larch = db.scalar(select(Team).where(Team.name == "Larch Ward"))
        create_person(db, None, email=EMAIL, given_name="Nadia", family_name="Rahman",
                      password_hash=hash_password(DEMO_PASSWORD), roles=[(Role.TEAM_MEMBER, larch)], is_demo=True)
        db.commit()
    engine.dispose()
    return EMAIL


@pytest.fixture(scope="module")
def rtl_server(live_database_url, tmp_path_factory, tester):
    """The app in a pseudo-Urdu: every message and every standard wrapped in ⟦…⟧, right to left."""
    folder = tmp_path_factory.mktemp("rtl")
    pseudo.write_catalogue(folder / "translations", "ur", needs_review=True)
    app = create_app({
        "DATABASE_URL": live_database_url, "SECRET_KEY": "rtl", "TRANSLATIONS_DIR": str(folder / "translations"),
        "STANDARDS_DIR": str(pseudo.write_standards(folder / "standards", "ur")),
    }, instance_path=str(folder / "instance"))
    with serving(app) as url:
        yield url


def sign_in_in_urdu(page: Page, base: str) -> None:
    page.goto(f"{base}/sign-in")
    page.locator(".app-language-switcher select").select_option("ur")  # the switcher, in whichever language the page is in
    with page.expect_navigation():
        page.locator(".app-language-switcher button").click()
    page.get_by_label("⟦Email address⟧").fill(EMAIL)
    page.get_by_label("⟦Password⟧", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="⟦Sign in⟧", exact=True).click()


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url}: {overflow}px wider than the screen"


def test_right_to_left_pages_are_mirrored_and_accessible(browser, rtl_server):
    context = new_context(browser, viewport={"width": 1024, "height": 800}, locale="ur-PK")
    page = context.new_page()
    page.goto(f"{rtl_server}/sign-in")  # in Urdu, because the browser asks for it
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_text("⟦This translation is being checked.⟧")).to_be_visible()
    assert_accessible(page)
    # Mirrored: the heading starts at the right edge of the page's column, and the form's fields too.
    edges = page.evaluate("""() => {
        const main = document.querySelector('main').getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('h1'));
        const text = range.getBoundingClientRect();
        const input = document.querySelector('#email').getBoundingClientRect();
        return {mainLeft: main.left, mainRight: main.right, textLeft: text.left, textRight: text.right,
                inputRight: input.right};
    }""")
    assert abs(edges["mainRight"] - edges["textRight"]) < 2 and edges["textLeft"] - edges["mainLeft"] > 50, edges
    assert abs(edges["mainRight"] - edges["inputRight"]) < 2, edges
    page.screenshot(path="/tmp/access-rtl-sign-in.png", full_page=True)
    sign_in_in_urdu(page, rtl_server)
    for path in ["/preferences", "/standards/2026.1/WEL-01", "/self-assessments/"]:
        page.goto(f"{rtl_server}{path}")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert_accessible(page)
    page.goto(f"{rtl_server}/preferences")
    page.screenshot(path="/tmp/access-rtl-preferences.png", full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_key_pages_fit_a_360_pixel_screen(browser, live_server, rtl_server, tester, language):
    context = new_context(browser, viewport={"width": 360, "height": 740})
    page = context.new_page()
    base = live_server if language == "en" else rtl_server
    if language == "en":
        page.goto(f"{base}/sign-in")
        no_sideways_scroll(page)
        sign_in(page, base, EMAIL)
    else:
        sign_in_in_urdu(page, base)
    for path in KEY_PAGES:
        page.goto(f"{base}{path}")
        no_sideways_scroll(page)
    page.screenshot(path=f"/tmp/access-360-{language}.png", full_page=True)
    context.close()


def test_large_text_reads_at_200_percent_zoom(browser, live_server, tester):
    # 200% zoom on a 1280-pixel window leaves 640 CSS pixels: the same layout as zooming in.
    context = new_context(browser, viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    sign_in(page, live_server, EMAIL)
    page.goto(f"{live_server}/preferences")
    page.get_by_label("Large text").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save preferences").click()
    expect(page.locator("html")).to_have_class("app-large-text")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"  # 125% of 16
    for path in KEY_PAGES:
        page.goto(f"{live_server}{path}")
        no_sideways_scroll(page)
        assert_accessible(page)
    page.goto(f"{live_server}/standards/2026.1/WEL-01")
    page.screenshot(path="/tmp/access-large-text-200.png", full_page=True)
    page.goto(f"{live_server}/preferences")
    page.get_by_label("Large text").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Save preferences").click()
    context.close()


@pytest.fixture(scope="module")
def short_sessions(live_database_url, tmp_path_factory, tester):
    """Sessions of 24 seconds, with the warning 18 seconds before the end."""
    app = create_app({
        "DATABASE_URL": live_database_url, "SECRET_KEY": "short", "PERMANENT_SESSION_LIFETIME": timedelta(seconds=24),
        "SESSION_WARNING": timedelta(seconds=18),
    }, instance_path=str(tmp_path_factory.mktemp("short")))
    with serving(app) as url:
        yield url


def test_the_session_warning_offers_more_time_and_nothing_typed_is_lost(page, short_sessions):
    sign_in(page, short_sessions, EMAIL)
    page.goto(f"{short_sessions}/preferences")
    page.get_by_label("Large text").focus()
    dialog = page.get_by_role("alertdialog", name="You will be signed out soon")
    expect(dialog).to_be_visible(timeout=10_000)
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()  # the dialog takes focus, so a keyboard or screen reader user meets it
    assert_accessible(page)
    page.screenshot(path="/tmp/access-session-warning.png")
    with page.expect_response(lambda r: r.url.endswith("/session/extend") and r.status == 200):
        page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Large text")).to_be_focused()  # back where the person was

    # The second warning: Escape closes it, the person types on, and the session ends.
    expect(dialog).to_be_visible(timeout=10_000)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.get_by_label("Large text").check()
    ended = page.get_by_role("alertdialog", name="You have been signed out")
    expect(ended).to_be_visible(timeout=30_000)
    expect(ended.get_by_role("button", name="Close")).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Escape")

    # Signing in again in another tab, then sending the form here: what was chosen is saved.
    other = page.context.new_page()
    sign_in(other, short_sessions, EMAIL)
    other.close()
    expect(page.get_by_label("Large text")).to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your preferences have been saved.")).to_be_visible()
    expect(page.locator("html")).to_have_class("app-large-text")
    page.get_by_label("Large text").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Save preferences").click()
