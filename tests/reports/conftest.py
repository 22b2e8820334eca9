"""A decided assessment with findings that differ, for the letter and the report."""
from datetime import date, timedelta

import pytest

from accreditation.panels import agenda, services
from accreditation.panels.models import PanelKind
from accreditation.panels.outcome import Outcome
from accreditation.review import findings
from accreditation.review.models import Score
from accreditation.roles import Role
from tests.cycle_fixtures import TODAY, everyone_present, person

NOT_MET, PARTLY = 1, 2  # positions of the standards the assessors found not met and partially met
TRICKY_FINDING = 'Staff said <b>"welcome"</b> & smiled'


@pytest.fixture
def mixed_review(db, review):
    """Larch Ward's report, ready for the panels: every standard met but two."""
    lead = person(db, "lead.assessor@example.org")
    findings.save_report(db, lead, review, strengths="A warm welcome at the door", improvements="Easy-read care plans")
    for n, standard in enumerate(review.self_assessment.cycle.standards):
        score = {NOT_MET: Score.NOT_MET, PARTLY: Score.PARTIALLY_MET}.get(n, Score.MET)
        finding = TRICKY_FINDING if n == PARTLY else f"Seen on the ward ({standard.code})"
        findings.record_finding(db, lead, review, standard, score=score, finding=finding, rationale="All agreed")
    findings.send_report_to_team(db, lead, review, date(2027, 6, 1))
    findings.mark_report_ready(db, lead, review, date(2027, 6, 2))
    db.flush()
    return review


@pytest.fixture
def decide(db, mixed_review, people, chair, make_person):
    """The final committee decides on Larch Ward: `decide(Outcome.SILVER, conditions=...)` returns the decision."""
    panel = agenda.schedule_panel(
        db, people["qa"], kind=PanelKind.FINAL_COMMITTEE, meets_on=TODAY, chair=chair,
        members=[make_person(Role.PANEL_MEMBER), make_person(Role.PANEL_MEMBER)], reviews=[mixed_review], today=TODAY,
    )
    item = panel.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))

    def record(outcome=Outcome.SILVER, **details):
        details.setdefault("departure_reason", "The committee weighed the visit")
        if outcome is Outcome.DEFERRED:
            details.setdefault("deferral_deadline", TODAY + timedelta(days=90))
            details.setdefault("deferral_requirements", "Minutes of two community meetings")
        decision = services.record_decision(db, chair, item, outcome=outcome, rationale="Service users were welcomed warmly",
                                            request_key=f"key-{outcome.value}", today=TODAY, **details)
        db.flush()
        return decision

    return record
