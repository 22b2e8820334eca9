"""Reading reviews for pages."""
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from accreditation.auth.models import Person
from accreditation.review.models import Review, VisitTeamMember
from accreditation.selfassessment.models import Answer, Cycle, CycleStatus, SelfAssessment, SelfAssessmentStatus


@cache
def _review(with_answers: bool) -> Select:
    """Built once, as building it and its cache key cost more than running it."""
    loads = [
        joinedload(Review.members).joinedload(VisitTeamMember.person),
        joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle).joinedload(Cycle.team),
    ]
    if with_answers:
        loads.append(joinedload(Review.self_assessment).selectinload(SelfAssessment.answers).selectinload(Answer.evidence))
    return select(Review).where(Review.id == bindparam("id")).options(*loads)


def review(db: Session, review_id: int, *, with_answers: bool = True) -> Review | None:
    """With its visit team and the team visited in one query, and the team's answers with their evidence unless
    the page (the visit form) shows none."""
    return db.execute(_review(with_answers), {"id": review_id}).unique().scalar_one_or_none()


VISITS_PAGE = 50  # a national programme has tens of thousands of visits
HOME_VISITS = 10


def _visits(person: Person, everyone: bool, earlier: bool) -> Select:
    """The visits the person is on (every visit, for the QA team): of open cycles, or else of earlier ones."""
    query = select(Review).join(Review.self_assessment).join(SelfAssessment.cycle)
    query = query.where((Cycle.status != CycleStatus.OPEN) if earlier else (Cycle.status == CycleStatus.OPEN))
    if not everyone:
        query = query.where(Review.members.any(VisitTeamMember.person_id == person.id))
    return query


def visits_page(
    db: Session, person: Person, everyone: bool, *, earlier: bool = False, page: int = 1, size: int | None = None,
) -> tuple[list[Review], int]:
    """One page of those visits, open cycles' soonest first and earlier ones newest first; and how many in all."""
    size = VISITS_PAGE if size is None else size
    query = _visits(person, everyone, earlier)
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    order = (Review.visit_on.desc(), Review.id.desc()) if earlier else (Review.visit_on, Review.id)
    found = db.scalars(
        query.options(
            selectinload(Review.members).joinedload(VisitTeamMember.person),
            joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle).joinedload(Cycle.team),
        ).order_by(*order).limit(size).offset((page - 1) * size)
    )
    return list(found), total


def awaiting_allocation(db: Session) -> list[SelfAssessment]:
    return list(
        db.scalars(
            select(SelfAssessment)
            .where(SelfAssessment.status == SelfAssessmentStatus.SUBMITTED, ~select(Review.id).where(Review.self_assessment_id == SelfAssessment.id).exists())
            .options(joinedload(SelfAssessment.cycle).joinedload(Cycle.team))
        )
    )
