"""A team not yet accredited reads its decision letter and accreditation report: accessible, and readable on a
phone. The findings hold names in Arabic and Bengali script, as a team's own text may."""
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
from accreditation.panels.outcome import Outcome
from accreditation.review import findings
from accreditation.review.models import Score
from accreditation.roles import Role
from tests.browser.conftest import allocated_visit, assert_accessible, new_context
from tests.browser.test_journeys import sign_in
from tests.browser.test_self_assessment import enter_and_wait, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def not_yet_accredited(live_database_url):
    """Station Road Practice: two standards not met, and the final committee's decision."""
    engine = make_engine(live_database_url)
    with Session(engine) as db:
        review, people = allocated_visit(db, "Station Road Practice", ["assessor3@example.org"])
        qa, lead, chair = people["qa@example.org"], people["lead.assessor@example.org"], people["panel.chair@example.org"]
        cycle = review.self_assessment.cycle
        for n, standard in enumerate(cycle.standards):
            score, finding = (Score.NOT_MET, "جناح الصنوبر: no one explained the care plan") if n < 2 else (Score.MET, "Seen")
            findings.record_finding(db, lead, review, standard, score=score, finding=finding, rationale="Agreed")
        findings.save_report(db, lead, review, strengths="লার্চ ওয়ার্ড staff were kind", improvements="Explain care plans")
        findings.send_report_to_team(db, lead, review, date.today() - timedelta(days=1))
        findings.mark_report_ready(db, lead, review, date.today())
        # It met yesterday, so the panel journey (tests/browser/test_panel.py) still finds today's first.
        panel = agenda.schedule_panel(db, qa, kind=PanelKind.FINAL_COMMITTEE, meets_on=date.today() - timedelta(days=1), chair=chair,
                                      members=[people["panel.member@example.org"]], reviews=[review], quorum=2, today=date.today())
        item = panel.items[0]
        panel_services.record_declarations(db, chair, item, {m.person_id: (True, False, "") for m in panel.members})
        panel_services.record_decision(db, chair, item, outcome=Outcome.NOT_YET_ACCREDITED, rationale="Two essential standards not met",
                                       conditions="Show the explained care plans", request_key="station", today=date.today())
        create_person(db, None, email="station.lead@example.org", given_name="Ravi", family_name="Shah",
                      password_hash=hash_password(DEMO_PASSWORD), roles=[(Role.TEAM_LEAD, cycle.team)], is_demo=True)
        db.commit()
    engine.dispose()


def test_the_team_reads_its_letter_and_report(page, live_server, not_yet_accredited):
    sign_in(page, live_server, "station.lead@example.org")
    tab_to(page, page.get_by_role("link", name="Read the decision letter"))
    enter_and_wait(page)
    expect(page.get_by_text("The decision is: Not yet accredited.")).to_be_visible()
    expect(page.get_by_text("your team may appeal")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name="Read the accreditation report"))
    enter_and_wait(page)
    expect(page.get_by_role("heading", name="Improvement actions")).to_be_visible()
    assert_accessible(page)


def test_the_report_and_letter_fit_a_phone(browser, live_server, not_yet_accredited):
    context = new_context(browser, viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, live_server, "station.lead@example.org")
    for link, heading in (("Read the accreditation report", "Accreditation report"), ("Read the decision letter", "Decision letter")):
        page.get_by_role("link", name=link).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{heading}: Station Road Practice")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing to scroll sideways
        assert_accessible(page)
    context.close()
