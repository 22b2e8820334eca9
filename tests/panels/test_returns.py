"""Back to the final committee: a deferral's second round, a lapsed deferral, an appeal; and the follow-up lists."""
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from accreditation.audit import AuditEntry
from accreditation.panels import agenda, appeals, deferral, services
from accreditation.panels.models import AppealStatus, FurtherEvidenceStatus, ItemReason, PanelKind
from accreditation.panels.outcome import Outcome
from accreditation.selfassessment.files import FileRefused
from tests.cycle_fixtures import TODAY, everyone_present, person, standing

DEADLINE = date(2027, 10, 1)


def decide(db, chair, item, outcome=Outcome.GOLD, key="k1", today=TODAY, **extra):
    services.record_declarations(db, chair, item, everyone_present(item))
    return services.record_decision(db, chair, item, outcome=outcome, rationale="Agreed by the committee",
                                    request_key=key, today=today, departure_reason="The committee's view", **extra)


@pytest.fixture
def deferred(db, committee, chair):
    return decide(db, chair, committee.items[0], outcome=Outcome.DEFERRED, deferral_deadline=DEADLINE,
                  deferral_requirements="Show the new easy-read care plans")


def again(db, people, chair, committee, today):
    """The QA coordinator puts the returning assessment on a new committee's agenda."""
    members = [m.person for m in committee.members if m.person_id != chair.id]
    return agenda.schedule_panel(db, people["qa"], kind=PanelKind.FINAL_COMMITTEE, meets_on=today, chair=chair,
                                 members=members, reviews=[committee.items[0].review], today=today)


def audit_actions(db):
    return [e.action for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_a_deferred_team_sends_further_evidence_the_lead_reviews_it_and_the_committee_decides_again(
    db, deferred, people, store, chair, committee
):
    deferral.save_statement(db, people["member"], deferred, "We wrote easy-read care plans with our service users", TODAY)
    deferral.add_file(db, people["member"], store, deferred, data=b"Easy-read care plan template\n",
                      filename="plan.txt", description="The new template", today=TODAY)
    with pytest.raises(services.PanelError, match="Only the deferred team"):
        deferral.send_to_lead_assessor(db, people["member"], deferred, TODAY)  # the team lead sends it
    sent = deferral.send_to_lead_assessor(db, people["lead"], deferred, TODAY)
    assert sent.status is FurtherEvidenceStatus.SENT and [f.filename for f in sent.files] == ["plan.txt"]
    with pytest.raises(services.PanelError, match="has been sent"):
        deferral.save_statement(db, people["member"], deferred, "Changed my mind", TODAY)
    assert agenda.committee_candidates(db, date(2027, 11, 1)) == []  # with the lead assessor: not lapsed

    with pytest.raises(services.PanelError, match="Only the lead assessor"):
        deferral.review_further_evidence(db, person(db, "assessor@example.org"), deferred, "Fine")
    lead = person(db, "lead.assessor@example.org")
    deferral.review_further_evidence(db, lead, deferred, "The care plans are easy-read and co-written")
    [candidate] = agenda.committee_candidates(db, TODAY)
    assert (candidate.reason, candidate.reconsiders, candidate.flagged) == (ItemReason.FURTHER_EVIDENCE, deferred, False)

    second = again(db, people, chair, committee, TODAY)
    db.flush()
    assert second.items[0].reason is ItemReason.FURTHER_EVIDENCE
    assert agenda.committee_candidates(db, TODAY) == []  # on an agenda now
    decide(db, chair, second.items[0], outcome=Outcome.SILVER, key="k2")
    assert standing(db, people["lead"].role_assignments[0].team_id).outcome is Outcome.SILVER
    assert agenda.committee_candidates(db, date(2028, 1, 1)) == []
    trail = [a for a in audit_actions(db) if a.startswith("further_evidence.")]
    assert trail == ["further_evidence.saved", "further_evidence.file_added", "further_evidence.sent", "further_evidence.reviewed"]


def test_further_evidence_is_refused_after_the_deadline_and_when_it_would_identify_a_patient(db, deferred, people, store):
    with pytest.raises(services.PanelError, match="deadline for further evidence has passed"):
        deferral.save_statement(db, people["member"], deferred, "Late", date(2027, 10, 2))
    with pytest.raises(services.PanelError, match="NHS number"):
        deferral.save_statement(db, people["member"], deferred, "See patient 943 476 5919", TODAY)
    with pytest.raises(FileRefused):
        deferral.add_file(db, people["member"], store, deferred, data=b"MZ\x90\x00 not a document",
                          filename="plan.exe", description="A plan", today=TODAY)
    with pytest.raises(services.PanelError, match="Say what the team has done"):
        deferral.send_to_lead_assessor(db, people["lead"], deferred, TODAY)
    assert [p for p in store.root.rglob("*") if p.is_file()] == []  # a refused file is never kept


def test_only_a_current_deferral_takes_further_evidence(db, committee, chair, people):
    gold = decide(db, chair, committee.items[0])
    with pytest.raises(services.PanelError, match="not a deferral"):
        deferral.save_statement(db, people["member"], gold, "Anything", TODAY)


def test_a_lapsed_deferral_returns_flagged_and_is_decided_on_what_was_provided(db, deferred, people, chair, committee):
    deferral.save_statement(db, people["member"], deferred, "Half done", TODAY)  # never sent
    after = date(2027, 10, 2)
    [lapsed] = agenda.committee_candidates(db, after)
    assert lapsed.reason is ItemReason.LAPSED and lapsed.flagged
    team_id = deferred.item.review.self_assessment.cycle.team_id
    assert standing(db, team_id).outcome is Outcome.DEFERRED  # nothing changes silently
    second = again(db, people, chair, committee, after)
    db.flush()
    assert second.items[0].reason is ItemReason.LAPSED
    decide(db, chair, second.items[0], outcome=Outcome.NOT_YET_ACCREDITED, key="k2", today=after)
    assert standing(db, team_id).outcome is Outcome.NOT_YET_ACCREDITED


def test_an_assessment_not_waiting_cannot_be_put_back_on_an_agenda(db, committee, chair, people):
    decide(db, chair, committee.items[0])
    with pytest.raises(services.PanelError, match="waiting for this kind of panel"):
        again(db, people, chair, committee, TODAY)


def recorded_on(decision, day: date):
    decision.recorded_at = datetime(day.year, day.month, day.day, 23, 30, tzinfo=UTC)  # 00:30 the next day in London in summer


def test_the_team_lead_appeals_within_the_window_and_an_upheld_appeal_returns_to_the_committee(db, committee, chair, people):
    decision = decide(db, chair, committee.items[0], outcome=Outcome.BRONZE)
    recorded_on(decision, date(2027, 6, 30))
    assert appeals.appeal_deadline(decision) == date(2027, 7, 29)  # 28 days from 1 July, the London date
    with pytest.raises(services.PanelError, match="Only the lead of the team this decision is about"):
        appeals.lodge_appeal(db, people["member"], decision, "The visit missed our garden", TODAY)
    with pytest.raises(services.PanelError, match="ended on 2027-07-29"):
        appeals.lodge_appeal(db, people["lead"], decision, "Too late", date(2027, 7, 30))
    with pytest.raises(services.PanelError, match="grounds"):
        appeals.lodge_appeal(db, people["lead"], decision, "  ", TODAY)
    appeal = appeals.lodge_appeal(db, people["lead"], decision, "The assessors did not see the garden", date(2027, 7, 29))
    with pytest.raises(services.PanelError, match="already been appealed"):
        appeals.lodge_appeal(db, people["lead"], decision, "Again", TODAY)
    assert not appeals.can_appeal(db, decision, TODAY)
    assert agenda.committee_candidates(db, TODAY) == []  # lodged, not yet decided

    with pytest.raises(services.PanelError, match="Only the quality assurance team"):
        appeals.decide_appeal(db, chair, appeal, upheld=True, reasons="Yes")
    with pytest.raises(services.PanelError, match="reasons"):
        appeals.decide_appeal(db, people["qa"], appeal, upheld=True, reasons="")
    appeals.decide_appeal(db, people["qa"], appeal, upheld=True, reasons="The garden is part of the service")
    assert appeal.status is AppealStatus.UPHELD
    with pytest.raises(services.PanelError, match="already been recorded"):
        appeals.decide_appeal(db, people["qa"], appeal, upheld=False, reasons="Changed")
    [returning] = agenda.committee_candidates(db, TODAY)
    assert (returning.reason, returning.reconsiders) == (ItemReason.APPEAL_UPHELD, decision)
    assert audit_actions(db)[-2:] == ["appeal.lodged", "appeal.decided"]


def test_an_appeal_not_upheld_leaves_the_decision_standing(db, committee, chair, people):
    decision = decide(db, chair, committee.items[0], outcome=Outcome.BRONZE)
    recorded_on(decision, TODAY)
    appeal = appeals.lodge_appeal(db, people["lead"], decision, "We disagree", TODAY)
    appeals.decide_appeal(db, people["qa"], appeal, upheld=False, reasons="The findings are well evidenced")
    assert agenda.committee_candidates(db, TODAY) == []
    assert standing(db, decision.item.review.self_assessment.cycle.team_id).outcome is Outcome.BRONZE


def test_expiry_and_interim_reviews_list_only_each_team_s_current_status(db, committee, chair, people):
    gold = decide(db, chair, committee.items[0])
    assert [a.decision_id for a in services.interim_reviews_due(db, date(2028, 12, 1))] == [gold.id]
    assert services.interim_reviews_due(db, date(2028, 10, 1)) == []  # due 1 January 2029, more than 60 days off
    assert services.expired(db, date(2030, 7, 1)) == []
    assert [a.decision_id for a in services.expired(db, date(2030, 7, 2))] == [gold.id]
    assert services.interim_reviews_due(db, date(2030, 7, 2)) == []  # expired, no longer reviewed
    amended = services.amend_decision(db, chair, gold, reason="Typo in the outcome", outcome=Outcome.DEFERRED,
                                      rationale="More to see", request_key="k9", today=TODAY, departure_reason="x",
                                      deferral_deadline=DEADLINE, deferral_requirements="Photos")
    assert services.expired(db, date(2030, 7, 2)) == [] and services.interim_reviews_due(db, date(2028, 12, 1)) == []
    assert standing(db, amended.item.review.self_assessment.cycle.team_id).outcome is Outcome.DEFERRED
