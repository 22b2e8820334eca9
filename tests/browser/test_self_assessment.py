"""A team lead completes the whole self-assessment with the keyboard alone, and sends it; the QA coordinator gives
a team more time, or withdraws it from its cycle."""
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in
from tests.selfassessment.test_evidence_files import pdf_bytes

pytestmark = pytest.mark.browser


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Press Tab until the target has focus, as a keyboard user would; fail if it is never reached."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


def enter_and_wait(page: Page) -> None:
    """Press Enter on a link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def enrol_larch_ward(page: Page, base: str) -> str:
    sign_in(page, base, "qa@example.org")
    page.goto(f"{base}/self-assessments/enrol")
    assert_accessible(page)
    page.get_by_label("Team", exact=True).select_option(label="Larch Ward (Riverside Centre), Riverside NHS Foundation Trust (demo)")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Enrol team").click()
    expect(page.get_by_text("Larch Ward is enrolled")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    return page.url


def add_evidence_by_keyboard(page: Page, code: str, pdf_path: str | None) -> None:
    tab_to(page, page.get_by_role("link", name=f"Add evidence for {code}"))
    enter_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add evidence")
    assert_accessible(page)
    tab_to(page, page.get_by_label("File", exact=True))
    if pdf_path:
        page.keyboard.press("Space")
        tab_to(page, page.locator("input[type=file]"))
        # The operating system's file chooser cannot be driven headless; the file is given to the focused input.
        page.locator("input[type=file]").set_input_files(pdf_path)
        description = "Minutes of the community meeting where service users reviewed this standard"
    else:
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")  # "We will show this at the visit"
        expect(page.get_by_label("We will show this at the visit")).to_be_checked()
        description = "Our welcome board and the leaflets in the lounge"
    tab_to(page, page.get_by_label("Describe the evidence"))
    page.keyboard.type(description)
    tab_to(page, page.get_by_label(re.compile("I confirm this evidence")))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Add evidence"))
    enter_and_wait(page)
    expect(page.get_by_text(f"Evidence added to {code}.")).to_be_visible()


def test_team_lead_completes_every_standard_by_keyboard_and_sends(page, live_server, tmp_path):
    enrol_larch_ward(page, live_server)
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(pdf_bytes())

    sign_in(page, live_server, "team.lead@example.org")
    tab_to(page, page.get_by_role("link", name="Go to the self-assessment for Larch Ward"))
    enter_and_wait(page)
    expect(page.get_by_text("0 of 24 standards completed")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name=re.compile("^WEL-01")))
    enter_and_wait(page)

    for number in range(1, 25):
        heading = page.get_by_role("heading", level=1)
        code = heading.inner_text().split(":")[0]
        assert_accessible(page)
        add_evidence_by_keyboard(page, code, str(pdf) if number == 1 else None)
        tab_to(page, page.get_by_label("Met", exact=True))
        page.keyboard.press("Space")
        tab_to(page, page.get_by_label("How we meet this standard"))
        page.keyboard.type(f"How our team meets {code}: we asked service users and carers, and we check it monthly.")
        tab_to(page, page.get_by_label(re.compile("How many service users and carers")))
        page.keyboard.type("5")
        tab_to(page, page.get_by_label("How did they take part?"))
        page.keyboard.type("They reviewed this answer with us at the community meeting.")
        if number == 1:
            expect(page.get_by_role("status")).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"), timeout=10_000)
        if number < 24:
            tab_to(page, page.get_by_role("button", name="Save and go to the next standard"))
        else:
            tab_to(page, page.get_by_role("button", name="Save and return to all standards"))
        enter_and_wait(page)

    expect(page.get_by_text("24 of 24 standards completed")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Check and send"))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Send the self-assessment"))
    enter_and_wait(page)
    expect(page.get_by_text("Version 1 of your self-assessment is sent to the quality assurance team.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^WEL-01")).click()
    expect(page.get_by_role("link", name="minutes.pdf")).to_be_visible()
    assert_accessible(page)


def enrolled(database_url: str, team_name: str) -> int:
    """The team enrolled by the QA coordinator, deadline 31 March 2099: its self-assessment's id."""
    from datetime import date

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from accreditation.auth.models import Person
    from accreditation.db import make_engine
    from accreditation.organisation.models import Team
    from accreditation.selfassessment import services

    engine = make_engine(database_url)
    with Session(engine) as db:
        qa = db.scalar(select(Person).where(Person.email == "qa@example.org"))
        team = db.scalar(select(Team).where(Team.name == team_name))
        self_assessment_id = services.enrol_team(db, qa, team, date(2099, 3, 31), today=date(2026, 12, 1)).self_assessment.id
        db.commit()
    engine.dispose()
    return self_assessment_id


def test_the_qa_coordinator_gives_a_team_more_time_by_keyboard(page, live_server, live_database_url):
    self_assessment_id = enrolled(live_database_url, "Community Rehabilitation Team")
    sign_in(page, live_server, "qa@example.org")
    page.goto(f"{live_server}/self-assessments/{self_assessment_id}/")
    tab_to(page, page.get_by_role("link", name="Change the deadline"))
    enter_and_wait(page)
    assert_accessible(page)
    expect(page.get_by_label("Day", exact=True)).to_have_value("31")  # the deadline as it stands
    tab_to(page, page.get_by_label("Month", exact=True))
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    tab_to(page, page.get_by_role("button", name="Change the deadline"))
    enter_and_wait(page)
    expect(page.get_by_text("Say why the deadline changes").first).to_be_visible()  # and the month typed is kept
    expect(page.get_by_label("Month", exact=True)).to_have_value("5")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Why the deadline changes"))
    page.keyboard.type("The team lead is off sick for a month")
    tab_to(page, page.get_by_role("button", name="Change the deadline"))
    enter_and_wait(page)
    expect(page.get_by_text("The deadline for Community Rehabilitation Team is now 31 May 2099.")).to_be_visible()


def test_the_qa_coordinator_withdraws_a_team_by_keyboard(page, live_server, live_database_url):
    self_assessment_id = enrolled(live_database_url, "District Nursing East")
    sign_in(page, live_server, "qa@example.org")
    page.goto(f"{live_server}/self-assessments/{self_assessment_id}/")
    tab_to(page, page.get_by_role("link", name="Withdraw the team from this cycle"))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Withdraw the team"))
    enter_and_wait(page)
    expect(page.get_by_text("Say why the team leaves the cycle").first).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_label("Why the team leaves the cycle"))
    page.keyboard.type("The team merged with the Older Adults Team")
    tab_to(page, page.get_by_role("button", name="Withdraw the team"))
    enter_and_wait(page)
    expect(page.get_by_text("District Nursing East has left the accreditation cycle.")).to_be_visible()
    expect(page.get_by_text("The reason given: The team merged with the Older Adults Team")).to_be_visible()
    assert_accessible(page)
