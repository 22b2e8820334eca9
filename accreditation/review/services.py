"""Every write of the review feature, each with its audit entry; the view commits."""
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, selectinload

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.review.models import (
    AssessorProfile, ConflictKind, ConflictOfInterest, EvidenceScore, Perspective, Review, TrainingRecord, Unavailability,
    VisitRecord, VisitTeamMember,
)
from accreditation.review.report_models import AssessorsReport, ConsolidatedFinding
from accreditation.review.rules import allocation_problems
from accreditation.roles import Role
from accreditation.selfassessment import services as self_assessments
from accreditation.selfassessment.models import SelfAssessment, SelfAssessmentStatus


class AllocationRefused(Exception):
    def __init__(self, problems: list):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def assessor_pool(db: Session) -> list[AssessorProfile]:
    """Everyone with an assessor profile who holds an assessor role, with what eligibility needs."""
    return list(
        db.scalars(
            select(AssessorProfile)
            .join(AssessorProfile.person)
            .where(Person.active.is_(True))
            .options(
                selectinload(AssessorProfile.person).selectinload(Person.role_assignments), selectinload(AssessorProfile.training),
                selectinload(AssessorProfile.conflicts), selectinload(AssessorProfile.unavailable),
            )
            .order_by(Person.given_name, Person.family_name)
        )
    )


def _visit_team(
    db: Session, team_id: int, lead_id: int, assessor_ids: list[int], visit_on: date,
) -> tuple[AssessorProfile | None, list[AssessorProfile], list]:
    """The lead and the other assessors chosen, and every rule they break on that day."""
    pool = {p.person_id: p for p in assessor_pool(db)}
    lead = pool.get(lead_id)
    others = [pool[i] for i in assessor_ids if i in pool and i != lead_id]
    problems = []
    if any(i not in pool for i in assessor_ids) or (lead is not None and Role.LEAD_ASSESSOR not in lead.person.roles):
        problems.append(_l("Only people in the assessor pool can be allocated, and the lead must be a lead assessor"))
    return lead, others, problems + allocation_problems(lead, others, team_id, visit_on)


def allocate_visit_team(
    db: Session, actor: Person, self_assessment: SelfAssessment, *, lead_id: int, assessor_ids: list[int],
    visit_on: date, visit_at: time, site: str, access_arrangements: str,
) -> Review:
    """Allocate the visit team and schedule the visit; refused, changing nothing, if any rule is broken.

    The rules are checked here, on the server, whatever a form posted.
    """
    problems = []
    if self_assessment.status is not SelfAssessmentStatus.SUBMITTED:
        problems.append(_l("The self-assessment has not been sent by the team"))
    if db.scalar(select(Review.id).where(Review.self_assessment_id == self_assessment.id)):
        problems.append(_l("A visit team is already allocated"))
    lead, others, team_problems = _visit_team(db, self_assessment.cycle.team_id, lead_id, assessor_ids, visit_on)
    problems += team_problems
    if problems:
        raise AllocationRefused(problems)
    review = Review(
        self_assessment=self_assessment, visit_on=visit_on, visit_at=visit_at, site=site.strip(),
        access_arrangements=access_arrangements.strip(), allocated_by_id=actor.id,
    )
    review.members = [VisitTeamMember(person_id=lead.person_id, is_lead=True)] + [
        VisitTeamMember(person_id=p.person_id) for p in others
    ]
    db.add(review)
    self_assessments.pass_to_assessors(db, actor, self_assessment)
    audit.record(
        db, actor, "review.allocated", review, lead=lead.person_id, assessors=[p.person_id for p in others],
        visit_on=visit_on.isoformat(),
    )
    return review


def visit_recorded(db: Session, review: Review) -> bool:
    """The visit team has written visit notes, a finding or its report: the visit is under way with that team."""
    return db.scalar(select(or_(*(exists().where(kind.review_id == review.id)
                                  for kind in (VisitRecord, ConsolidatedFinding, AssessorsReport)))))


def change_visit(
    db: Session, actor: Person, review: Review, *, lead_id: int, assessor_ids: list[int],
    visit_on: date, visit_at: time, site: str, access_arrangements: str,
) -> Review:
    """Reschedule the visit or change its team (someone is ill, a ward closes for a day) until the visit is
    recorded. The allocation's rules apply again on the new day; an assessor who has scored the evidence stays,
    because their scores are part of the assessment. Refused, changing nothing, if any rule is broken."""
    problems = []
    if visit_recorded(db, review):
        problems.append(_l("The visit has been recorded, so its team and date stay as they were"))
    lead, others, team_problems = _visit_team(db, review.self_assessment.cycle.team_id, lead_id, assessor_ids, visit_on)
    problems += team_problems
    scored = set(db.scalars(select(EvidenceScore.assessor_id).where(EvidenceScore.review_id == review.id)))
    if scored - {lead_id, *assessor_ids}:
        problems.append(_l("An assessor who has scored the evidence stays on the visit team"))
    if problems:
        raise AllocationRefused(problems)
    before = {"lead": review.lead.id if review.lead else None, "assessors": [m.person_id for m in review.members if not m.is_lead],
              "visit_on": review.visit_on.isoformat(), "visit_at": review.visit_at.strftime("%H:%M"), "site": review.site}
    chosen = [lead.person_id] + [p.person_id for p in others]
    staying = {m.person_id: m for m in review.members if m.person_id in chosen}
    # Those who stay keep their row, and with it when they sent their evidence scores.
    review.members = [staying.get(person_id) or VisitTeamMember(person_id=person_id) for person_id in chosen]
    for member in review.members:
        member.is_lead = member.person_id == lead.person_id
    review.visit_on, review.visit_at = visit_on, visit_at
    review.site, review.access_arrangements = site.strip(), access_arrangements.strip()
    audit.record(
        db, actor, "review.changed", review, lead=lead.person_id, assessors=chosen[1:], visit_on=visit_on.isoformat(),
        visit_at=visit_at.strftime("%H:%M"), site=review.site, before=before,
    )
    return review


def declare_conflict(
    db: Session, actor: Person, profile: AssessorProfile, *, team_id: int, kind: ConflictKind,
    ended_on: date | None, note: str,
) -> ConflictOfInterest:
    conflict = ConflictOfInterest(team_id=team_id, kind=kind, ended_on=ended_on, note=note.strip())
    profile.conflicts.append(conflict)
    db.flush()
    audit.record(db, actor, "conflict.declared", conflict, team_id=team_id, kind=kind.value)
    return conflict


def withdraw_conflict(db: Session, actor: Person, conflict: ConflictOfInterest) -> None:
    audit.record(db, actor, "conflict.withdrawn", conflict, team_id=conflict.team_id, kind=conflict.kind.value)
    db.delete(conflict)


PROFILE_FIELDS = ("languages", "lived_experience", "access_needs", "availability", "phone")


def save_profile(db: Session, actor: Person, person: Person, *, perspective: Perspective, **fields: str) -> AssessorProfile:
    """Add a person with an assessor role to the pool, or update their profile."""
    if not person.roles & {Role.ASSESSOR, Role.LEAD_ASSESSOR}:
        raise AllocationRefused([_l("Only people with an assessor role join the assessor pool")])
    profile = db.get(AssessorProfile, person.id) or AssessorProfile(person=person)
    db.add(profile)
    profile.perspective = perspective
    for name in PROFILE_FIELDS:
        setattr(profile, name, (fields.get(name) or "").strip())
    db.flush()
    audit.record(db, actor, "assessor_profile.saved", person, perspective=perspective.value)
    return profile


def add_training(db: Session, actor: Person, profile: AssessorProfile, *, course: str, completed_on: date, expires_on: date) -> TrainingRecord:
    record = TrainingRecord(course=course.strip(), completed_on=completed_on, expires_on=expires_on)
    profile.training.append(record)
    db.flush()
    audit.record(db, actor, "training.recorded", record, person=profile.person_id, expires_on=expires_on.isoformat())
    return record


def add_unavailability(db: Session, actor: Person, profile: AssessorProfile, *, starts_on: date, ends_on: date) -> Unavailability:
    period = Unavailability(starts_on=starts_on, ends_on=ends_on)
    profile.unavailable.append(period)
    db.flush()
    audit.record(db, actor, "unavailability.recorded", period, person=profile.person_id)
    return period
