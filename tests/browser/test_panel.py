"""A panel chair runs a final-committee item with the keyboard and records Silver; the team gets its certificate."""
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from accreditation.auth.passwords import hash_password
from accreditation.auth.services import create_person
from accreditation.db import make_engine
from accreditation.demo import DEMO_PASSWORD
from accreditation.roles import Role
from accreditation.panels import agenda
from accreditation.panels.models import PanelKind
from accreditation.review import findings
from accreditation.review.models import Score
from tests.browser.conftest import allocated_visit, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.browser.test_self_assessment import enter_and_wait, tab_to

pytestmark = pytest.mark.browser


def ready_report(db, team_name: str, strengths: str, improvements: str):
    """The team's visit, every standard found met, and the assessors' report ready for the committee."""
    review, people = allocated_visit(db, team_name, ["assessor3@example.org"])
    lead = people["lead.assessor@example.org"]
    for standard in review.self_assessment.cycle.standards:
        findings.record_finding(db, lead, review, standard, score=Score.MET, finding="Seen", rationale="Agreed")
    findings.save_report(db, lead, review, strengths=strengths, improvements=improvements)
    findings.send_report_to_team(db, lead, review, date.today() - timedelta(days=1))
    findings.mark_report_ready(db, lead, review, date.today())
    return review, people


@pytest.fixture(scope="module")
def committee_item(live_database_url):
    """Harbour Lane Surgery, all the way to a ready report, on a final committee chaired by Deniz."""
    engine = make_engine(live_database_url)
    with Session(engine) as db:
        review, people = ready_report(db, "Harbour Lane Surgery", "Kind reception staff", "Easy-read letters")
        qa, cycle = people["qa@example.org"], review.self_assessment.cycle
        panel = agenda.schedule_panel(
            db, qa, kind=PanelKind.FINAL_COMMITTEE, meets_on=date.today(), chair=people["panel.chair@example.org"],
            members=[people["panel.member@example.org"]], reviews=[review], quorum=2, today=date.today(),
        )
        create_person(db, None, email="harbour.lead@example.org", given_name="Sara", family_name="Lind",
                      password_hash=hash_password(DEMO_PASSWORD), roles=[(Role.TEAM_LEAD, cycle.team)], is_demo=True)
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
    harbour = page.get_by_role("listitem").filter(has_text="Harbour Lane Surgery")
    tab_to(page, harbour.get_by_role("link", name=re.compile("^Final committee")))
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
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    enter_and_wait(page)
    expect(page.get_by_text("Recorded: Silver.")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Sign out"))
    enter_and_wait(page)

    # The team lead signs in and downloads the certificate.
    sign_in(page, live_server, "harbour.lead@example.org")
    tab_to(page, page.get_by_role("link", name="See your certificate"))
    enter_and_wait(page)
    expect(page.get_by_text("Harbour Lane Surgery: Silver")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        tab_to(page, page.get_by_role("link", name="Download the certificate (PDF)"))
        page.keyboard.press("Enter")
    path = download.value.path()
    assert open(path, "rb").read(5) == b"%PDF-"
    assert_accessible(page)  # the certificate page, after the download

    # The team lead appeals the decision from the home page, with the keyboard.
    page.goto(live_server + "/home")
    tab_to(page, page.get_by_role("link", name=re.compile("^Appeal this decision")))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_label("Grounds for the appeal"))
    page.keyboard.type("The assessors did not see our new easy-read letters, sent before the visit.")
    tab_to(page, page.get_by_role("button", name="Lodge the appeal"))
    enter_and_wait(page)
    expect(page.get_by_text("Your appeal is lodged.")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Sign out"))
    enter_and_wait(page)

    # The QA coordinator records that the appeal is upheld: the assessment returns to the committee.
    sign_in(page, live_server, "qa@example.org")
    tab_to(page, page.get_by_role("link", name=re.compile("^After the decisions")))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name=re.compile("^Appeal from Harbour Lane Surgery")))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_label("Upheld: the final committee decides again"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Reasons"))
    page.keyboard.type("The letters were sent before the visit and were not read.")
    tab_to(page, page.get_by_role("button", name="Record the outcome"))
    enter_and_wait(page)
    expect(page.get_by_text("The outcome of the appeal is recorded.")).to_be_visible()
    expect(page.get_by_text("Appeal upheld")).to_be_visible()
    assert_accessible(page)


@pytest.fixture(scope="module")
def two_committees(live_database_url):
    """Homeless Health Clinic's ready report on today's final committee, and a later committee with room on its agenda."""
    engine = make_engine(live_database_url)
    with Session(engine) as db:
        review, people = ready_report(db, "Homeless Health Clinic", "A welcoming clinic", "More evening sessions")
        panels = [agenda.schedule_panel(
            db, people["qa@example.org"], kind=PanelKind.FINAL_COMMITTEE, meets_on=day, chair=people["panel.chair@example.org"],
            members=[people["panel.member@example.org"]], reviews=reviews, quorum=2, today=date.today(),
        ) for day, reviews in ((date.today(), [review]), (date(2099, 2, 4), []))]
        db.commit()
        ids = (panels[0].id, panels[0].items[0].id, panels[1].id)
    engine.dispose()
    return ids


def test_the_qa_coordinator_moves_an_item_to_another_meeting_with_the_keyboard(page, live_server, two_committees):
    panel_id, item_id, later_id = two_committees
    sign_in(page, live_server, "qa@example.org")
    page.goto(f"{live_server}/panels/{panel_id}/items/{item_id}")
    tab_to(page, page.get_by_role("link", name="Move this item to another meeting"))
    enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Move the item"))
    enter_and_wait(page)
    expect(page.get_by_text("Choose the meeting").first).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_label("Wednesday 4 February 2099, chaired by Deniz Yilmaz"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Move the item"))
    enter_and_wait(page)
    expect(page.get_by_text("Homeless Health Clinic is now on the agenda of the meeting on Wednesday 4 February 2099.")).to_be_visible()
    expect(page.get_by_role("link", name="Homeless Health Clinic")).to_be_visible()
    assert page.url.endswith(f"/panels/{later_id}/")
    assert_accessible(page)
