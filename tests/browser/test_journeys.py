import re

import pytest
from playwright.sync_api import Page, expect

from accreditation.demo import DEMO_PASSWORD, PEOPLE
from tests.browser.conftest import assert_accessible, new_context

pytestmark = pytest.mark.browser

# The pages each person's navigation offers, visited and checked after signing in.
NAV = {"Standards": "/standards/", "Teams": "/organisation/", "People": "/people/"}


def sign_in(page: Page, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():  # the answer to the POST has arrived before anything else happens
        page.get_by_role("button", name="Sign in", exact=True).click()


@pytest.mark.parametrize("email, given", [(p[0], p[1]) for p in PEOPLE[:10]])
def test_every_demo_person_signs_in_to_an_accessible_home_page(page, live_server, email, given):
    page.goto(f"{live_server}/sign-in")
    expect(page).to_have_title(re.compile("^Sign in – Service user-led accreditation"))
    assert_accessible(page)
    sign_in(page, live_server, email)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {given}")
    assert_accessible(page)
    menu = page.get_by_role("navigation", name="Menu")
    for link_text, path in NAV.items():
        if menu.get_by_role("link", name=link_text).count():
            menu.get_by_role("link", name=link_text).click()
            expect(page).to_have_url(f"{live_server}{path}")
            expect(page.locator("h1")).to_have_count(1)
            assert_accessible(page)


def test_a_standard_page_is_accessible(page, live_server):
    sign_in(page, live_server, "assessor@example.org")
    page.goto(f"{live_server}/standards/")
    page.get_by_role("link", name=re.compile("^CAR-01")).click()
    expect(page.get_by_role("heading", level=2, name="Easy read")).to_be_visible()
    assert_accessible(page)


def test_sign_in_mistakes_are_summarised_and_linked_to_the_field(page, live_server):
    page.goto(f"{live_server}/sign-in")
    page.get_by_role("button", name="Sign in", exact=True).click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    assert_accessible(page)


def test_keyboard_only_sign_in_and_sign_out(page, live_server):
    page.goto(f"{live_server}/sign-in")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    # From the main content, the first field is the email address.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type("team.lead@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Joseph")
    page.wait_for_load_state("load")
    # Sign out is reachable with the Tab key (focus goes round the page from wherever it starts).
    sign_out = page.get_by_role("button", name="Sign out")
    for _ in range(20):
        page.keyboard.press("Tab")
        if sign_out.evaluate("button => button === document.activeElement"):
            break
    expect(sign_out).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def test_repeated_failures_show_an_accessible_try_again_page(page, live_server):
    for _ in range(5):
        sign_in(page, live_server, "nobody.here@example.org", "wrong password")
    sign_in(page, live_server, "nobody.here@example.org", "wrong password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    expect(page.get_by_text("Try again in 15 minutes.")).to_be_visible()
    assert_accessible(page)


def test_error_pages_are_accessible(page, live_server):
    page.goto(f"{live_server}/no-such-page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
    sign_in(page, live_server, "assessor2@example.org")
    page.goto(f"{live_server}/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot use this page")
    assert_accessible(page)


def test_home_page_on_a_small_phone_screen(browser, live_server):
    context = new_context(browser, viewport={"width": 320, "height": 640})
    page = context.new_page()
    sign_in(page, live_server, "lead.assessor@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Tomasz")
    # Content reflows: nothing wider than the screen (WCAG 1.4.10).
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    context.close()


def test_the_accessibility_check_does_find_problems(page):
    """Guards the guard: a page with an unlabelled field and an image without alt text fails the check."""
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
