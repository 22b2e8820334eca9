"""A panel chair runs a final-committee item with the keyboard and records Silver."""
import re
from datetime import date, time, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation.auth.models import Person
from accreditation.db import make_engine
from accreditation.organisation.models import Team
from accreditation.panels import services as panel_services
from accreditation.panels.models import PanelKind
from accreditation.review import findings
from accreditation.review import services as review_services
from accreditation.review.models import Score
from accreditation.selfassessment import services as sa_services
from accreditation.selfassessment.models import EvidenceKind
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import sign_in
from tests.browser.test_self_assessment import enter_and_wait, tab_to
from tests.cycle_fixtures import COMPLETE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def committee_item(live_database_url):
    """Harbour Lane Surgery, all the way to a ready report, on a final committee chaired by Deniz."""
    engine = make_engine(live_database_url)
    with Session(engine) as db:
        people = {p.email: p for p in db.scalars(select(Person))}
        qa, lead = people["qa@example.org"], people["lead.assessor@example.org"]
        cycle = sa_services.enrol_team(db, qa, db.scalar(select(Team).where(Team.name == "Harbour Lane Surgery")), date(2027, 3, 1))
        db.flush()
        for standard in cycle.standards_version.standards:
            sa_services.save_answer(db, qa, cycle.self_assessment, standard, COMPLETE, 0)
            sa_services.add_other_evidence(db, qa, cycle.self_assessment, standard, kind=EvidenceKind.AT_VISIT, description="At the practice")
        db.flush()
        db.expire(cycle.self_assessment)
        sa_services.submit_self_assessment(db, qa, cycle.self_assessment)
        review = review_services.allocate_visit_team(
            db, qa, cycle.self_assessment, lead_id=lead.id, assessor_ids=[people["assessor3@example.org"].id],
            visit_on=date(2027, 5, 12), visit_at=time(14), site="Harbour Lane", access_arrangements="",
        )
        db.flush()
        for standard in cycle.standards_version.standards:
            findings.record_finding(db, lead, review, standard, score=Score.MET, finding="Seen", rationale="Agreed")
        findings.save_report(db, lead, review, strengths="Kind reception staff", improvements="Easy-read letters")
        due = date.today() - timedelta(days=1)
        findings.send_report_to_team(db, lead, review, due)
        findings.mark_report_ready(db, lead, review, date.today())
        panel = panel_services.schedule_panel(
            db, qa, kind=PanelKind.FINAL_COMMITTEE, meets_on=date.today(), chair=people["panel.chair@example.org"],
            members=[people["panel.member@example.org"]], reviews=[review], quorum=2,
        )
        db.commit()
        ids = (panel.id, panel.items[0].id)
    engine.dispose()
    return ids


def test_chair_records_silver_with_the_keyboard(page, live_server, committee_item):
    panel_id, item_id = committee_item
    sign_in(page, live_server, "panel.chair@example.org")
    tab_to(page, page.get_by_role("link", name="See your panels").first)
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name=re.compile("^Final committee")).first)
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name="Harbour Lane Surgery"))
    enter_and_wait(page)
    expect(page.get_by_text(re.compile("Computed outcome: Gold"))).to_be_visible()
    assert_accessible(page)
    for name in ("Deniz Yilmaz is present", "Grace Okafor is present"):
        tab_to(page, page.get_by_label(name))
        page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Record attendance and conflicts"))
    enter_and_wait(page)
    expect(page.get_by_text("Attendance and conflicts are recorded.")).to_be_visible()
    tab_to(page, page.get_by_label("Gold", exact=True))
    page.keyboard.press("ArrowDown")  # Silver
    expect(page.get_by_label("Silver", exact=True)).to_be_checked()
    tab_to(page, page.get_by_label("Reasons"))
    page.keyboard.type("Strong practice; letters are not yet in easy read.")
    tab_to(page, page.get_by_label(re.compile("Why the decision differs")))
    page.keyboard.type("The committee saw the letters: most are not in easy read, so Silver rather than Gold.")
    tab_to(page, page.get_by_role("button", name="Record", exact=True))
    enter_and_wait(page)
    expect(page.get_by_text("Recorded: Silver.")).to_be_visible()
    assert_accessible(page)
