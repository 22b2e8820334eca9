from datetime import date

import pytest

from accreditation.panels import services
from accreditation.panels.models import PanelKind
from accreditation.review import findings
from accreditation.roles import Role
from tests.review.conftest import person
from tests.review.test_findings import consolidate_all

TODAY = date(2027, 7, 1)


@pytest.fixture
def ready_review(db, review, people):
    lead = person(db, "lead.assessor@example.org")
    findings.save_report(db, lead, review, strengths="A warm welcome", improvements="Easy-read care plans")
    consolidate_all(db, review, lead)
    findings.send_report_to_team(db, lead, review, date(2027, 6, 1))
    findings.mark_report_ready(db, lead, review, date(2027, 6, 2))
    db.flush()
    return review


@pytest.fixture
def chair(db):
    return person(db, "panel.chair@example.org")


@pytest.fixture
def committee(db, ready_review, people, chair, make_person):
    """A final committee of four: the chair, Grace, and two more panel members."""
    members = [person(db, "panel.member@example.org"), make_person(Role.PANEL_MEMBER), make_person(Role.PANEL_MEMBER)]
    panel = services.schedule_panel(
        db, people["qa"], kind=PanelKind.FINAL_COMMITTEE, meets_on=TODAY, chair=chair, members=members, reviews=[ready_review],
    )
    db.flush()
    return panel


def everyone_present(item, **overrides):
    declared = {m.person_id: (True, False, "") for m in item.panel.members}
    declared.update(overrides)
    return declared
