"""Reading improvement actions for pages: each list in a fixed number of queries."""
from datetime import date

from sqlalchemy import func, or_, select, union
from sqlalchemy.orm import Session, joinedload, load_only, selectinload

from accreditation.actions.models import FINISHED, ActionStatus, ImprovementAction, Involved, ProgressUpdate, overdue_clause
from accreditation.auth.models import Person
from accreditation.organisation.models import Directorate, Organisation, Team
from accreditation.organisation.scope import within
from accreditation.panels.models import AgendaItem, Decision, PanelMember
from accreditation.review.models import Review, VisitTeamMember
from accreditation.selfassessment.models import Cycle, SelfAssessment

LIST_OPTIONS = (
    joinedload(ImprovementAction.standard), joinedload(ImprovementAction.owner),
    joinedload(ImprovementAction.team).joinedload(Team.directorate).joinedload(Directorate.organisation),
)


def _reviews_of(team_id):
    return select(Review.id).join(Review.self_assessment).join(SelfAssessment.cycle).where(Cycle.team_id == team_id)


def reviewers(db: Session, team_id: int) -> set[int]:
    """Everyone who assessed the team (on a visit team) or sat on a panel that had it on the agenda, in any cycle."""
    reviews = _reviews_of(team_id).scalar_subquery()
    visitors = select(VisitTeamMember.person_id).where(VisitTeamMember.review_id.in_(reviews))
    panellists = (
        select(PanelMember.person_id).join(AgendaItem, AgendaItem.panel_id == PanelMember.panel_id)
        .where(AgendaItem.review_id.in_(reviews))
    )
    return set(db.scalars(union(visitors, panellists)))


def action(db: Session, action_id: int) -> ImprovementAction | None:
    return db.scalar(
        select(ImprovementAction).where(ImprovementAction.id == action_id)
        .options(*LIST_OPTIONS, joinedload(ImprovementAction.finding),
                 selectinload(ImprovementAction.involved).joinedload(Involved.person),
                 selectinload(ImprovementAction.updates).joinedload(ProgressUpdate.made_by),
                 selectinload(ImprovementAction.comments), selectinload(ImprovementAction.verdicts))
    )


def team_actions(db: Session, team_id: int) -> list[ImprovementAction]:
    return list(db.scalars(
        select(ImprovementAction).where(ImprovementAction.team_id == team_id)
        .options(*LIST_OPTIONS, selectinload(ImprovementAction.involved))
        .order_by(ImprovementAction.id.desc())
    ))


PAGE_SIZE = 100
# The columns the QA team's list shows (templates/actions/_table.jinja), and no others: the list is kept once
# rendered until the figures generation moves, which edits to an action's plan text do not do.
LISTED = (
    load_only(ImprovementAction.team_id, ImprovementAction.standard_id, ImprovementAction.condition,
              ImprovementAction.status, ImprovementAction.due_on, ImprovementAction.owner_id),
    joinedload(ImprovementAction.standard), joinedload(ImprovementAction.owner).load_only(Person.given_name, Person.family_name),
    joinedload(ImprovementAction.team).load_only(Team.name, Team.directorate_id)
    .joinedload(Team.directorate).load_only(Directorate.name, Directorate.organisation_id)
    .joinedload(Directorate.organisation).load_only(Organisation.name),
)


def _filtered(query, *, today: date, status: ActionStatus | None, overdue: bool, organisation_id: int | None,
              directorate_id: int | None):
    if organisation_id is not None or directorate_id is not None:  # else no join: counting every action stays quick
        query = within(query.join(ImprovementAction.team), organisation_id, directorate_id)
    if status is not None:
        query = query.where(ImprovementAction.status == status)
    if overdue:
        query = query.where(overdue_clause(today))
    return query


def all_actions(
    db: Session, *, today: date, status: ActionStatus | None = None, overdue: bool = False,
    organisation_id: int | None = None, directorate_id: int | None = None, page: int | None = None,
) -> list[ImprovementAction]:
    """Every team's actions for the QA team, filtered, soonest due first; one query whatever the number of actions.
    With `page`, only that page of PAGE_SIZE actions (a national programme has tens of thousands)."""
    query = _filtered(select(ImprovementAction).options(*LISTED), today=today, status=status, overdue=overdue,
                      organisation_id=organisation_id, directorate_id=directorate_id)
    # NULLS LAST rather than "due_on IS NULL" first: PostgreSQL can then walk the due_on index and stop at the page.
    query = query.order_by(ImprovementAction.due_on.asc().nulls_last(), ImprovementAction.id)
    if page is not None:
        query = query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    return list(db.scalars(query))


def count_actions(
    db: Session, *, today: date, status: ActionStatus | None = None, overdue: bool = False,
    organisation_id: int | None = None, directorate_id: int | None = None,
) -> int:
    return db.scalar(_filtered(select(func.count(ImprovementAction.id)), today=today, status=status, overdue=overdue,
                               organisation_id=organisation_id, directorate_id=directorate_id))


def carried_over(db: Session, team_id: int, cycle_id: int) -> list[ImprovementAction]:
    """The team's unfinished actions from decisions in its other (earlier) cycles."""
    return list(db.scalars(
        select(ImprovementAction)
        .join(ImprovementAction.decision).join(Decision.item).join(AgendaItem.review).join(Review.self_assessment)
        .where(ImprovementAction.team_id == team_id, ImprovementAction.status.not_in(list(FINISHED)),
               SelfAssessment.cycle_id != cycle_id)
        .options(*LIST_OPTIONS).order_by(ImprovementAction.id)
    ))


def for_service_user(db: Session, person_id: int) -> list[ImprovementAction]:
    """The actions of every team the person assessed or sat on a panel about, and those they are named on."""
    team_of_review = select(Cycle.team_id).join(SelfAssessment.cycle).join(Review, Review.self_assessment_id == SelfAssessment.id)
    visited = team_of_review.join(VisitTeamMember, VisitTeamMember.review_id == Review.id).where(VisitTeamMember.person_id == person_id)
    decided = (
        team_of_review.join(AgendaItem, AgendaItem.review_id == Review.id)
        .join(PanelMember, PanelMember.panel_id == AgendaItem.panel_id).where(PanelMember.person_id == person_id)
    )
    named = select(Involved.action_id).where(Involved.person_id == person_id)
    return list(db.scalars(
        select(ImprovementAction)
        .where(or_(ImprovementAction.team_id.in_(union(visited, decided).scalar_subquery()), ImprovementAction.id.in_(named)))
        .options(*LIST_OPTIONS, selectinload(ImprovementAction.verdicts))
        .order_by(ImprovementAction.due_on.is_(None), ImprovementAction.due_on, ImprovementAction.id)
    ))
