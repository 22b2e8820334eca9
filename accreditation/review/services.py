"""Every write of the review feature, each with its audit entry; the view commits."""
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.review.models import (
    AssessorProfile, ConflictKind, ConflictOfInterest, Perspective, Review, TrainingRecord, Unavailability, VisitTeamMember,
)
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
    pool = {p.person_id: p for p in assessor_pool(db)}
    lead = pool.get(lead_id)
    others = [pool[i] for i in assessor_ids if i in pool and i != lead_id]
    unknown = [i for i in assessor_ids if i not in pool]
    if unknown or (lead is not None and Role.LEAD_ASSESSOR not in lead.person.roles):
        problems.append(_l("Only people in the assessor pool can be allocated, and the lead must be a lead assessor"))
    problems += allocation_problems(lead, others, self_assessment.cycle.team_id, visit_on)
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
