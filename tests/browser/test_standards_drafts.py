"""With the keyboard only, axe on every page: a standards group member drafts a new version of the standards,
changes one standard (a mistake first), previews it and sends it; a QA coordinator approves it. And the public
page on how service users shape quality, at 360 px."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_context
from tests.browser.test_journeys import sign_in
from tests.browser.test_self_assessment import enter_and_wait, tab_to

pytestmark = pytest.mark.browser
EASY_READ = "When I leave, staff help me. I know who to call."


def replace_text(page, field, text):
    tab_to(page, field)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    if text:
        page.keyboard.type(text)


def test_the_group_drafts_a_version_and_the_qa_coordinator_approves_it(page, live_server):
    sign_in(page, live_server, "standards@example.org")
    tab_to(page, page.get_by_role("link", name="Draft a new version of the standards"))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Start a new version"))
    enter_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("New version based on 2026.1")
    assert_accessible(page)
    draft_url = page.url

    tab_to(page, page.get_by_role("link", name="Change MOV-03"), limit=200)
    enter_and_wait(page)
    assert_accessible(page)
    replace_text(page, page.get_by_label("Title"), "")
    replace_text(page, page.get_by_label("Easy read version"), EASY_READ)
    tab_to(page, page.get_by_role("button", name="Save in the draft"))
    enter_and_wait(page)
    expect(page.get_by_role("alert")).to_contain_text("Enter a title")  # the error summary
    expect(page.get_by_label("Easy read version")).to_have_value(EASY_READ)  # nothing typed is lost
    assert_accessible(page)
    replace_text(page, page.get_by_label("Title"), "Support when I move on")
    tab_to(page, page.get_by_role("button", name="Save in the draft"))
    enter_and_wait(page)
    expect(page.get_by_text("MOV-03 is saved in the draft.")).to_be_visible()

    page.goto(draft_url)
    tab_to(page, page.get_by_role("link", name="Preview the new version as teams and assessors will see it"))
    enter_and_wait(page)
    expect(page.get_by_role("heading", name="MOV-03: Support when I move on")).to_be_visible()
    expect(page.get_by_text(EASY_READ)).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name="Back to the new version"))
    enter_and_wait(page)
    tab_to(page, page.get_by_role("button", name="Send for approval"), limit=200)
    enter_and_wait(page)
    expect(page.get_by_text("Waiting for approval").first).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()  # sign out
    sign_in(page, live_server, "qa@example.org")
    tab_to(page, page.get_by_role("link", name="Approve new versions of the standards"), limit=120)
    enter_and_wait(page)
    tab_to(page, page.get_by_role("link", name="New version based on 2026.1"))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Approve and publish"), limit=200)
    enter_and_wait(page)
    expect(page.get_by_text("The new version is published.")).to_be_visible()
    assert "/standards/2026.1/" not in page.url
    assert_accessible(page)
    page.screenshot(path="/tmp/su-published.png", full_page=False)


def test_the_public_page_reads_well_on_a_phone(browser, live_server):
    context = new_context(browser, viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.goto(live_server)
    tab_to(phone, phone.get_by_role("link", name="How service users shape quality here").first)
    enter_and_wait(phone)
    expect(phone.get_by_role("heading", level=1)).to_have_text("How service users shape quality here")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    assert_accessible(phone)
    phone.screenshot(path="/tmp/su-public-360.png", full_page=True)
    context.close()
