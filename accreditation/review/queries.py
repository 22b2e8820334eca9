"""Reading reviews for pages."""
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from accreditation.auth.models import Person
from accreditation.review.models import Review, VisitTeamMember
from accreditation.review.report_models import AssessorsReport
from accreditation.selfassessment.models import Answer, Cycle, CycleStatus, SelfAssessment, SelfAssessmentStatus
from accreditation.standards.models import Standard, StandardsVersion


def review(db: Session, review_id: int) -> Review | None:
    return db.scalar(
        select(Review)
        .where(Review.id == review_id)
        .options(
            selectinload(Review.members).joinedload(VisitTeamMember.person),
            joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle).joinedload(Cycle.team),
            joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle).joinedload(Cycle.standards_version)
            .selectinload(StandardsVersion.standards).joinedload(Standard.theme),
            joinedload(Review.self_assessment).selectinload(SelfAssessment.answers).selectinload(Answer.evidence),
        )
    )


def reviews_for(db: Session, person: Person, everyone: bool) -> list[Review]:
    """The visits the person is on (or every visit, for the QA team), soonest first."""
    query = (
        select(Review)
        .options(
            selectinload(Review.members).joinedload(VisitTeamMember.person),
            joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle).joinedload(Cycle.team),
        )
        .order_by(Review.visit_on, Review.id)
    )
    if not everyone:
        query = query.where(Review.members.any(VisitTeamMember.person_id == person.id))
    return list(db.scalars(query))


def reviews_of_teams(db: Session, team_ids: set[int]) -> dict[int, Review]:
    """The visit arranged for each of these teams' open cycles, by team id."""
    found = db.scalars(
        select(Review)
        .join(Review.self_assessment).join(SelfAssessment.cycle)
        .where(Cycle.team_id.in_(team_ids), Cycle.status == CycleStatus.OPEN)
        .options(selectinload(Review.members).joinedload(VisitTeamMember.person),
                 joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle))
    )
    return {r.self_assessment.cycle.team_id: r for r in found}


def reports_of(db: Session, reviews: list[Review]) -> dict[int, AssessorsReport]:
    """The assessors' report of each review, by review id."""
    found = db.scalars(select(AssessorsReport).where(AssessorsReport.review_id.in_([r.id for r in reviews])))
    return {report.review_id: report for report in found}


def awaiting_allocation(db: Session) -> list[SelfAssessment]:
    return list(
        db.scalars(
            select(SelfAssessment)
            .where(SelfAssessment.status == SelfAssessmentStatus.SUBMITTED, ~select(Review.id).where(Review.self_assessment_id == SelfAssessment.id).exists())
            .options(joinedload(SelfAssessment.cycle).joinedload(Cycle.team))
        )
    )
