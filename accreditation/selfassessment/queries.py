"""Reading self-assessments for pages: each loads what its page shows in a fixed number of queries."""
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from accreditation.auth.models import Person
from accreditation.organisation.models import Directorate, Team
from accreditation.roles import Permission
from accreditation.selfassessment.models import Answer, Cycle, CycleStatus, SelfAssessment


@cache
def _self_assessment(with_answers: bool) -> Select:
    """Built once: building a statement with its loads and working out its cache key cost more than running it."""
    loads = [joinedload(SelfAssessment.cycle).joinedload(Cycle.team), joinedload(SelfAssessment.submissions)]
    if with_answers:
        loads.append(selectinload(SelfAssessment.answers).selectinload(Answer.evidence))
    return select(SelfAssessment).where(SelfAssessment.id == bindparam("id")).options(*loads)


def self_assessment(db: Session, self_assessment_id: int, *, with_answers: bool = True) -> SelfAssessment | None:
    """With its team and submissions in one query (a handful of submissions at most), and every answer with its
    evidence unless the page shows one answer."""
    return db.execute(_self_assessment(with_answers), {"id": self_assessment_id}).unique().scalar_one_or_none()


@cache
def _answer() -> Select:
    return (select(Answer).where(Answer.self_assessment_id == bindparam("self_assessment"),
                                 Answer.standard_id == bindparam("standard"))
            .options(joinedload(Answer.evidence)))


def answer(db: Session, self_assessment: SelfAssessment, standard_id: int) -> Answer | None:
    """One standard's answer with its evidence in one query, for the page that shows only that one."""
    return db.execute(_answer(), {"self_assessment": self_assessment.id, "standard": standard_id}).unique().scalar_one_or_none()


PAGE_SIZE = 100  # a national programme has tens of thousands open at once


def _listed(person: Person, earlier: bool) -> Select:
    """Those the person may see (every team's for the QA team, their own teams' for team roles): of open cycles by
    team, or of ended ones (decided or withdrawn), newest first."""
    query = (
        select(SelfAssessment)
        .join(SelfAssessment.cycle)
        .join(Cycle.team)
        .where((Cycle.status != CycleStatus.OPEN) if earlier else (Cycle.status == CycleStatus.OPEN))
        .options(joinedload(SelfAssessment.cycle).joinedload(Cycle.team))
        .order_by(Cycle.opened_at.desc() if earlier else Team.name)
    )
    team_ids = person.team_ids_for(Permission.VIEW_SELF_ASSESSMENT)
    if team_ids is not None:
        query = query.where(Cycle.team_id.in_(team_ids))
    return query


def page_of(db: Session, person: Person, page: int, *, earlier: bool = False) -> tuple[list[SelfAssessment], int]:
    """One page of them, and how many there are."""
    query = _listed(person, earlier)
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return list(db.scalars(query.order_by(SelfAssessment.id).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))), total


ENROL_CHOICES = 50  # more than this and the QA coordinator searches (a national programme has 20,000 teams)


def teams_to_enrol(db: Session, search: str = "") -> tuple[list[Team], bool]:
    """Teams without an open cycle, by name, whose name or site contains `search` (any case): at most
    ENROL_CHOICES of them, and whether there are more."""
    query = select(Team).where(Team.id.not_in(select(Cycle.team_id).where(Cycle.status == CycleStatus.OPEN)))
    if search := search.strip():
        pattern = "%" + search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(func.lower(Team.name).like(pattern, escape="\\") | func.lower(Team.site).like(pattern, escape="\\"))
    found = list(db.scalars(query.options(joinedload(Team.directorate).joinedload(Directorate.organisation))
                            .order_by(Team.name, Team.id).limit(ENROL_CHOICES + 1)))
    return found[:ENROL_CHOICES], len(found) > ENROL_CHOICES
