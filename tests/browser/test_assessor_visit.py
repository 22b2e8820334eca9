"""An assessor on a phone: scores the evidence, writes visit notes by keyboard, loses the session, loses nothing."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from accreditation.db import make_engine
from tests.browser.conftest import allocated_visit, assert_accessible, new_context
from tests.browser.test_journeys import sign_in
from tests.browser.test_self_assessment import enter_and_wait, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def visit_to_willow_ward(live_database_url):
    """Willow Ward's self-assessment, sent, with Tomasz leading Amina and Hodan on the visit."""
    return _visit_to(live_database_url, "Willow Ward")


def _visit_to(database_url: str, team: str) -> int:
    """The id of the team's visit, allocated with Tomasz leading Amina and Hodan."""
    engine = make_engine(database_url)
    with Session(engine) as db:
        review, _people = allocated_visit(db, team, ["assessor@example.org", "assessor2@example.org"])
        db.commit()
        review_id = review.id
    engine.dispose()
    return review_id


def test_assessor_on_a_phone_scores_visits_and_loses_nothing(browser, live_server, visit_to_willow_ward):
    context = new_context(browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, "assessor@example.org")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name="Willow Ward"))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name="Score the evidence before the visit"))
    enter_and_wait(page)
    tab_to(page, page.get_by_role("link", name=re.compile("^WEL-01")))
    enter_and_wait(page)
    for number in range(24):
        if number in (0, 23):
            assert_accessible(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
        tab_to(page, page.get_by_label("Met", exact=True))
        page.keyboard.press("Space")
        tab_to(page, page.get_by_role("button", name="Save and go to the next standard"))
        enter_and_wait(page)
    expect(page.get_by_text("24 of 24 standards scored")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Send my scores"))
    enter_and_wait(page)
    expect(page.get_by_text("Your evidence scores are sent.")).to_be_visible()

    visit_url = f"{live_server}/reviews/{visit_to_willow_ward}/visit/WEL-01"
    page.goto(visit_url)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    tab_to(page, page.get_by_label("What did you see?"))
    page.keyboard.type("Staff greeted everyone at the door and wore large name badges.")
    tab_to(page, page.get_by_label("How many service users did you talk to?"))
    page.keyboard.type("4")
    tab_to(page, page.get_by_label("What did service users tell you?"))
    page.keyboard.type("They felt welcome on arrival.")
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"), timeout=10_000)

    context.clear_cookies()  # the session ends in the middle of the visit
    page.keyboard.type(" Two said staff knew their names.")
    expect(status).to_contain_text("you have been signed out", timeout=10_000)

    other_tab = context.new_page()
    sign_in(other_tab, live_server, "assessor@example.org")
    other_tab.close()
    page.bring_to_front()
    tab_to(page, page.get_by_label("What did carers tell you?"))
    page.keyboard.type("Carers were offered a drink and a quiet room.")
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"), timeout=10_000)

    page.goto(visit_url)
    expect(page.get_by_label("What did you see?")).to_have_value("Staff greeted everyone at the door and wore large name badges.")
    expect(page.get_by_label("What did service users tell you?")).to_have_value(
        "They felt welcome on arrival. Two said staff knew their names."
    )
    expect(page.get_by_label("What did carers tell you?")).to_have_value("Carers were offered a drink and a quiet room.")
    expect(page.get_by_label("How many service users did you talk to?")).to_have_value("4")
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("email, paths", [
    ("lead.assessor@example.org", ["/reviews/{id}/", "/reviews/{id}/consolidation/", "/reviews/{id}/consolidation/WEL-01",
                                   "/reviews/{id}/report", "/reviews/{id}/evidence-scores/", "/reviews/{id}/visit/",
                                   "/reviews/{id}/standards/WEL-01", "/assessors/me"]),
    ("qa@example.org", ["/reviews/", "/assessors/", "/assessors/involvement", "/reviews/{id}/consolidation/", "/assessors/", "link:Tomasz Nowak"]),
])
def test_review_pages_are_accessible_and_fit_a_phone(browser, live_server, visit_to_willow_ward, email, paths):
    context = new_context(browser, viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, live_server, email)
    for path in paths:
        if path.startswith("link:"):
            page.get_by_role("link", name=path.removeprefix("link:")).first.click()
            page.wait_for_load_state()
        else:
            page.goto(live_server + path.format(id=visit_to_willow_ward))
        expect(page.locator("h1")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page)
    context.close()


def test_the_qa_coordinator_moves_a_visit_by_keyboard_on_a_phone(browser, live_server, live_database_url):
    review_id = _visit_to(live_database_url, "Perinatal Mental Health Service")
    context = new_context(browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, "qa@example.org")
    page.goto(f"{live_server}/reviews/{review_id}/")
    tab_to(page, page.get_by_role("link", name="Change the day, time, place or visit team"))
    enter_and_wait(page)
    expect(page.get_by_label("Time of the visit")).to_have_value("10:30")  # filled in as it stands
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    for part, value in (("Day", "2"), ("Month", "6")):
        tab_to(page, page.get_by_label(part, exact=True))
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    tab_to(page, page.get_by_role("button", name="Show who can go on this date"))
    enter_and_wait(page)
    expect(page.get_by_role("radio", name="Tomasz Nowak (Service user)")).to_be_checked()  # the team as it stands
    expect(page.get_by_role("checkbox", name=re.compile("^Amina Begum"))).to_be_checked()
    tab_to(page, page.get_by_label("Time of the visit"))
    page.keyboard.press("Control+A")
    page.keyboard.type("14:00")
    tab_to(page, page.get_by_role("button", name="Save the changes to the visit"))
    enter_and_wait(page)
    expect(page.get_by_text("The visit to Perinatal Mental Health Service is changed.")).to_be_visible()
    expect(page.get_by_text(re.compile("Wednesday 2 June 2027, 14:00"))).to_be_visible()
    assert_accessible(page)
    context.close()
