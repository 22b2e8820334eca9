from datetime import date, time

import pytest
from sqlalchemy import func, select

from accreditation.audit import AuditEntry
from accreditation.review import findings, scoring, services
from accreditation.review.models import ConflictKind, Perspective, Review, Score, Unavailability
from accreditation.review.rules import ineligible_reasons
from accreditation.selfassessment import services as sa_services
from accreditation.selfassessment.models import SelfAssessmentStatus
from tests.review.conftest import VISIT_DAY, person

LEAD = "lead.assessor@example.org"        # service user, lead assessor, training current
AMINA = "assessor@example.org"           # service user
HODAN = "assessor2@example.org"          # carer
ANA = "assessor3@example.org"            # service user
RASA = "assessor4@example.org"           # treated at Larch Ward: a conflict
ION = "assessor5@example.org"            # training ran out in 2025


def allocate(db, people, submitted, demo_profile, lead=LEAD, others=(AMINA,), on=VISIT_DAY):
    return services.allocate_visit_team(
        db, people["qa"], submitted, lead_id=demo_profile(lead).person_id,
        assessor_ids=[demo_profile(e).person_id for e in others], visit_on=on, visit_at=time(10, 30),
        site="Riverside Centre", access_arrangements="Step-free entrance; quiet room booked",
    )


def refused(db, people, submitted, demo_profile, **kwargs) -> str:
    with pytest.raises(services.AllocationRefused) as error:
        allocate(db, people, submitted, demo_profile, **kwargs)
    assert db.scalar(select(func.count(Review.id))) == 0
    return " | ".join(str(p) for p in error.value.problems)


def test_a_valid_visit_team_is_allocated_scheduled_and_audited(db, people, submitted, demo_profile):
    review = allocate(db, people, submitted, demo_profile, others=(AMINA, HODAN))
    assert review.lead.email == LEAD
    assert [m.person.email for m in review.members] == [LEAD, AMINA, HODAN]
    assert review.visit_on == VISIT_DAY and review.site == "Riverside Centre"
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "review.allocated")) == 1


def test_once_allocated_the_self_assessment_is_never_returned_to_the_team(db, people, submitted, demo_profile):
    allocate(db, people, submitted, demo_profile)
    assert submitted.passed_to_assessors_at is not None and not submitted.can_return(people["qa"])
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "self_assessment.passed_to_assessors")) == 1
    with pytest.raises(sa_services.PassedToAssessors):
        sa_services.return_self_assessment(db, people["qa"], submitted, {"WEL-01": "Please add photos"})
    assert submitted.status is SelfAssessmentStatus.SUBMITTED and submitted.submissions[-1].returned_at is None
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "self_assessment.returned")) == 0


def change(db, people, review, demo_profile, lead=LEAD, others=(AMINA, HODAN), on=VISIT_DAY, site="Riverside Centre"):
    services.change_visit(
        db, people["qa"], review, lead_id=demo_profile(lead).person_id,
        assessor_ids=[demo_profile(e).person_id for e in others], visit_on=on, visit_at=time(14, 0),
        site=site, access_arrangements="Step-free entrance",
    )


def test_the_visit_is_moved_and_an_assessor_replaced_and_the_change_audited(db, people, review, demo_profile):
    lead = person(db, LEAD)
    for standard in review.self_assessment.cycle.standards:
        scoring.score_evidence(db, lead, review, standard, Score.MET, "Seen in the minutes")
    scoring.submit_evidence_scores(db, lead, review)
    sent_at = review.member(lead).evidence_scores_submitted_at
    assert sent_at is not None
    change(db, people, review, demo_profile, others=(AMINA, ANA), on=date(2027, 6, 2), site="Larch Ward, Riverside")
    db.flush()
    assert [m.person.email for m in review.members] == [LEAD, AMINA, ANA] and review.lead.email == LEAD
    assert (review.visit_on, review.visit_at, review.site) == (date(2027, 6, 2), time(14, 0), "Larch Ward, Riverside")
    assert review.member(lead).evidence_scores_submitted_at == sent_at  # what the lead sent stays sent
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "review.changed"))
    assert entry.details["before"]["visit_on"] == VISIT_DAY.isoformat() and entry.details["visit_on"] == "2027-06-02"


def _unchanged(review):
    return [m.person.email for m in review.members], review.visit_on, review.site


def test_a_change_that_breaks_a_rule_changes_nothing(db, people, review, demo_profile):
    before = _unchanged(review)
    # The lead's training runs out on 1 September 2027.
    with pytest.raises(services.AllocationRefused, match="Training not current"):
        change(db, people, review, demo_profile, on=date(2027, 10, 1), site="Elsewhere")
    with pytest.raises(services.AllocationRefused, match="conflict of interest"):
        change(db, people, review, demo_profile, others=(AMINA, RASA), site="Elsewhere")
    assert _unchanged(review) == before
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "review.changed")) == 0


def test_an_assessor_who_scored_the_evidence_stays_and_a_recorded_visit_stays_as_it_was(db, people, review, demo_profile):
    standard = review.self_assessment.cycle.standards[0]
    scoring.score_evidence(db, person(db, HODAN), review, standard, Score.MET, "")
    with pytest.raises(services.AllocationRefused, match="scored the evidence stays"):
        change(db, people, review, demo_profile, others=(AMINA, ANA))
    change(db, people, review, demo_profile, others=(AMINA, HODAN, ANA))
    scoring.save_visit_record(db, person(db, AMINA), review, standard, {"observed": "Names on the board"})
    with pytest.raises(services.AllocationRefused, match="visit has been recorded"):
        change(db, people, review, demo_profile, others=(AMINA, HODAN, ANA), on=date(2027, 6, 2))
    assert review.visit_on == VISIT_DAY


def test_a_finding_recorded_by_the_lead_also_keeps_the_visit_as_it_was(db, people, review, demo_profile):
    standard = review.self_assessment.cycle.standards[0]
    findings.record_finding(db, person(db, LEAD), review, standard, score=Score.MET, finding="Seen", rationale="Agreed")
    with pytest.raises(services.AllocationRefused, match="visit has been recorded"):
        change(db, people, review, demo_profile, on=date(2027, 6, 2))


def test_a_team_of_one_is_refused(db, people, submitted, demo_profile):
    assert "at least 2 assessors" in refused(db, people, submitted, demo_profile, others=())


def test_the_lead_must_be_a_service_user(db, people, submitted, demo_profile):
    demo_profile(LEAD).perspective = Perspective.CARER
    assert "The lead assessor must be a service user" in refused(db, people, submitted, demo_profile)


def test_service_users_and_carers_must_be_at_least_half(db, people, submitted, demo_profile):
    demo_profile(AMINA).perspective = Perspective.STAFF
    demo_profile(ANA).perspective = Perspective.STAFF
    message = refused(db, people, submitted, demo_profile, others=(AMINA, ANA))
    assert "at least half of the visit team" in message
    demo_profile(ANA).perspective = Perspective.SERVICE_USER
    assert allocate(db, people, submitted, demo_profile, others=(AMINA, ANA))  # 2 of 3


def test_nobody_with_a_conflict(db, people, submitted, demo_profile):
    assert "Rasa Kazlauskiene: Has a conflict of interest with this team" in refused(
        db, people, submitted, demo_profile, others=(RASA,)
    )


def test_training_must_be_current_on_the_visit_date(db, people, submitted, demo_profile):
    assert "Ion Popescu: Training not current on the visit date (it ran out on 01/05/2025)" in refused(
        db, people, submitted, demo_profile, others=(ION,)
    )
    # The lead's training runs out on 1 September 2027: a visit after that is refused too.
    assert "Tomasz Nowak: Training not current" in refused(db, people, submitted, demo_profile, on=date(2027, 10, 1))


def test_nobody_unavailable_on_the_day(db, people, submitted, demo_profile):
    amina = demo_profile(AMINA)
    amina.unavailable.append(Unavailability(starts_on=date(2027, 5, 10), ends_on=date(2027, 5, 14)))
    db.flush()
    assert "Amina Begum: Not available on 12/05/2027" in refused(db, people, submitted, demo_profile)


def test_the_lead_must_hold_the_lead_assessor_role(db, people, submitted, demo_profile):
    assert "the lead must be a lead assessor" in refused(db, people, submitted, demo_profile, lead=AMINA, others=(ANA,))


def test_only_a_sent_self_assessment_and_only_once(db, people, cycle, demo_profile, complete_all):
    assert "has not been sent" in refused(db, people, cycle.self_assessment, demo_profile)


def test_worked_here_blocks_for_two_years_after_leaving(db, larch, demo_profile, people):
    profile = demo_profile(ANA)
    services.declare_conflict(db, people["qa"], profile, team_id=larch.id, kind=ConflictKind.WORKED_HERE,
                              ended_on=date(2025, 6, 30), note="Nursing assistant")
    assert any("conflict" in str(r) for r in ineligible_reasons(profile, larch.id, date(2027, 6, 29)))
    assert not any("conflict" in str(r) for r in ineligible_reasons(profile, larch.id, date(2027, 6, 30)))
    assert not any("conflict" in str(r) for r in ineligible_reasons(profile, larch.id + 1, date(2027, 1, 1)))
