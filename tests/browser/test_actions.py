"""With the keyboard only, axe on every page: a team lead plans a draft improvement action, adds progress and
completes it; an assessor of the team gives her verdict; the QA coordinator verifies it."""
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from accreditation.auth.passwords import hash_password
from accreditation.auth.services import create_person
from accreditation.db import make_engine
from accreditation.demo import DEMO_PASSWORD
from accreditation.panels import agenda
from accreditation.panels import services as panel_services
from accreditation.panels.models import PanelKind
from accreditation.review import findings
from accreditation.review.models import Score
from accreditation.roles import Role
from tests.browser.conftest import allocated_visit, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.browser.test_self_assessment import enter_and_wait, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def decided_team(live_database_url):
    """The Diabetes Clinic: its first standard not met at the visit, decided by the final committee."""
    engine = make_engine(live_database_url)
    with Session(engine) as db:
        review, people = allocated_visit(db, "Diabetes Clinic", ["assessor3@example.org"])
        lead = people["lead.assessor@example.org"]
        cycle = review.self_assessment.cycle
        for n, standard in enumerate(cycle.standards):
            findings.record_finding(db, lead, review, standard, score=Score.NOT_MET if n == 0 else Score.MET,
                                    finding="Leaflets only in English" if n == 0 else "Seen", rationale="Agreed")
        findings.save_report(db, lead, review, strengths="Kind staff", improvements="Leaflets in other languages")
        findings.send_report_to_team(db, lead, review, date.today() - timedelta(days=1))
        findings.mark_report_ready(db, lead, review, date.today())
        chair = people["panel.chair@example.org"]
        panel = agenda.schedule_panel(
            db, people["qa@example.org"], kind=PanelKind.FINAL_COMMITTEE, meets_on=date.today(), chair=chair,
            members=[people["panel.member@example.org"]], reviews=[review], quorum=2, today=date.today(),
        )
        item = panel.items[0]
        panel_services.record_declarations(db, chair, item, {m.person_id: (True, False, "") for m in panel.members})
        panel_services.record_decision(db, chair, item, outcome=panel_services.computed_outcome(db, review).outcome,
                                       rationale="As found", request_key="browser-actions", today=date.today())
        create_person(db, None, email="diabetes.lead@example.org", given_name="Ola", family_name="Berg",
                      password_hash=hash_password(DEMO_PASSWORD), roles=[(Role.TEAM_LEAD, cycle.team)], is_demo=True)
        db.commit()
        code = cycle.standards[0].code
    engine.dispose()
    return code


def test_an_action_from_plan_to_verdict_with_the_keyboard(page, live_server, decided_team):
    sign_in(page, live_server, "diabetes.lead@example.org")
    tab_to(page, page.get_by_role("link", name="Your team's improvement actions"))
    enter_and_wait(page)
    expect(page.get_by_role("heading", name="Improvement actions")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name=re.compile(f"^{decided_team}:")))
    enter_and_wait(page)
    expect(page.get_by_text("Leaflets only in English")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Plan this action"))
    enter_and_wait(page)
    assert_accessible(page)

    # Saving with nothing filled in: the errors are listed, and the page is still accessible.
    tab_to(page, page.get_by_role("button", name="Save the plan"))
    enter_and_wait(page)
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    tab_to(page, page.get_by_label("What will change"))
    page.keyboard.type("Leaflets in Bengali, Somali and easy read, chosen with service users.")
    tab_to(page, page.get_by_label("Who owns this action"))
    page.keyboard.type("Ola")
    due = date.today() + timedelta(days=120)
    for label, value in (("Day", due.day), ("Month", due.month), ("Year", due.year)):
        tab_to(page, page.get_by_label(label, exact=True))
        page.keyboard.type(str(value))
    tab_to(page, page.get_by_label("How you will know it worked"))
    page.keyboard.type("People who use the practice tell us they could read them.")
    tab_to(page, page.get_by_label("Amina Begum"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save the plan"))
    enter_and_wait(page)
    expect(page.get_by_text("The plan is saved.")).to_be_visible()
    expect(page.get_by_text("Amina Begum")).to_be_visible()
    assert_accessible(page)

    tab_to(page, page.get_by_label("What has been done"))
    page.keyboard.type("Two leaflets translated and checked by Amina.")
    tab_to(page, page.get_by_role("button", name="Add progress update"))
    enter_and_wait(page)
    expect(page.get_by_text("Your progress update is added.")).to_be_visible()
    expect(page.get_by_text("In progress", exact=True)).to_be_visible()
    expect(page.get_by_text("Two leaflets translated and checked by Amina.")).to_be_visible()
    assert_accessible(page)

    # The work is done: the team lead marks it completed.
    tab_to(page, page.get_by_role("button", name="Mark the action as completed"))
    enter_and_wait(page)
    expect(page.get_by_text("The action is marked as completed.")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Sign out"))
    enter_and_wait(page)

    # Ana assessed the practice: she finds the action from her home page and says whether it made a difference.
    sign_in(page, live_server, "assessor3@example.org")
    tab_to(page, page.get_by_role("link", name="Improvement actions: say whether they made a difference"))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name=re.compile(f"^{decided_team}:")))
    enter_and_wait(page)
    tab_to(page, page.get_by_label("Yes, it made a difference"))
    page.keyboard.press("ArrowDown")  # Partly
    expect(page.get_by_label("Partly")).to_be_checked()
    tab_to(page, page.get_by_label("In your own words"))
    page.keyboard.type("The Somali leaflet is good; the easy-read one is still hard to find.")
    tab_to(page, page.get_by_role("button", name="Give your verdict"))
    enter_and_wait(page)
    expect(page.get_by_text("Thank you. Your verdict is recorded.")).to_be_visible()
    expect(page.get_by_role("paragraph").filter(has_text="the easy-read one is still hard to find")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Sign out"))
    enter_and_wait(page)

    # The QA coordinator finds it among every team's actions and verifies it.
    sign_in(page, live_server, "qa@example.org")
    tab_to(page, page.get_by_role("link", name="Follow up every team's improvement actions"))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_label("Status"))
    page.keyboard.type("Completed")
    tab_to(page, page.get_by_role("button", name="Show actions"))
    enter_and_wait(page)
    tab_to(page, page.get_by_role("link", name=re.compile(f"^{decided_team}:")))
    enter_and_wait(page)
    tab_to(page, page.get_by_role("button", name="Verify: the evidence shows it is done"))
    enter_and_wait(page)
    expect(page.get_by_text("The action is verified.")).to_be_visible()
    assert_accessible(page)
