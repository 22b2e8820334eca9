"""What the decision letter and the accreditation report say, as plain data: built by one loader with a fixed
number of queries, and shared by the HTML pages and the PDFs so both show the same thing."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from accreditation.auth.models import Person, RoleAssignment
from accreditation.panels.models import Accreditation, AgendaItem, Decision, Panel
from accreditation.panels.outcome import Outcome
from accreditation.panels.appeals import appeal_deadline, programme_date
from accreditation.panels.services import computed_outcome
from accreditation.review import findings, queries
from accreditation.organisation.models import Directorate, Team
from accreditation.review.models import Review, Score
from accreditation.selfassessment.models import Cycle, SelfAssessment
from accreditation.roles import Role
from accreditation.standards.translations import text as localised


@dataclass(frozen=True)
class StandardResult:
    code: str
    title: str
    tier: str
    self_rating: str | None  # the team's own rating, as a label
    score: Score | None  # the visit team's consolidated score
    finding: str

    @property
    def needs_action(self) -> bool:
        """Not met or partially met: the standard becomes one of the team's improvement actions."""
        return self.score in (Score.NOT_MET, Score.PARTIALLY_MET)


@dataclass(frozen=True)
class ThemeResults:
    title: str
    standards: tuple[StandardResult, ...]


@dataclass(frozen=True)
class Amendment:
    """The earlier decision that the current one amends, and why."""
    outcome: str
    recorded_on: date
    reason: str


@dataclass(frozen=True)
class DecisionDocument:
    decision_id: int  # the current (newest) decision on the panel item
    team: str
    organisation: str
    directorate: str
    team_leads: tuple[str, ...]
    standards: str  # the standards version the team was assessed against
    visit_on: date
    visit_team: tuple[tuple[str, bool], ...]  # first name, is the lead assessor
    outcome: Outcome
    recorded_on: date
    appeal_by: date
    rationale: str
    conditions: str
    deferral_deadline: date | None
    deferral_requirements: str
    valid_from: date | None
    valid_until: date | None
    interim_review_due: date | None
    amends: Amendment | None
    chair: str
    computed: Outcome
    points: int
    maximum: int
    essential_not_met: int
    strengths: str
    improvements: str
    themes: tuple[ThemeResults, ...]

    @property
    def share(self) -> float | None:
        return self.points / self.maximum if self.maximum else None

    @property
    def improvement_actions(self) -> tuple[StandardResult, ...]:
        """The standards that become improvement actions, in the order of the standards."""
        return tuple(s for theme in self.themes for s in theme.standards if s.needs_action)


def item_of(db: Session, decision_id: int) -> AgendaItem | None:
    """The panel item a decision was made on, with its panel and members (to decide who may see it)."""
    return db.scalar(
        select(AgendaItem).join(Decision, Decision.item_id == AgendaItem.id).where(Decision.id == decision_id)
        .options(
            joinedload(AgendaItem.panel).joinedload(Panel.chair), joinedload(AgendaItem.panel).selectinload(Panel.members),
            joinedload(AgendaItem.review).joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle)
            .joinedload(Cycle.team).joinedload(Team.directorate).joinedload(Directorate.organisation),
        )
    )


def load(db: Session, item: AgendaItem) -> DecisionDocument:
    """Everything the letter and the report say about the newest decision on `item` (an amendment supersedes
    what it amends)."""
    decisions = list(db.scalars(select(Decision).where(Decision.item_id == item.id).order_by(Decision.id)))
    current = decisions[-1]
    earlier = next((d for d in decisions if d.id == current.amends_id), None)
    review = queries.review(db, item.review_id)
    cycle = review.self_assessment.cycle
    team = cycle.team
    status = db.scalar(select(Accreditation).where(Accreditation.decision_id == current.id))
    leads = db.scalars(
        select(Person).join(Person.role_assignments)
        .where(RoleAssignment.role == Role.TEAM_LEAD, RoleAssignment.team_id == team.id, Person.active.is_(True))
        .order_by(Person.given_name, Person.family_name)
    )
    report = findings.report_for(db, review)
    table = findings.side_by_side(db, review)
    answers = {a.standard_id: a for a in review.self_assessment.answers}
    by_theme: dict[str, list[StandardResult]] = {}
    for row in table.rows:
        answer = answers.get(row.standard.id)
        by_theme.setdefault(localised(row.standard.theme, "title"), []).append(StandardResult(
            code=row.standard.code, title=localised(row.standard, "title"), tier=str(row.standard.tier.label),
            self_rating=str(answer.rating.label) if answer and answer.rating else None,
            score=row.consolidated.score if row.consolidated else None,
            finding=row.consolidated.finding if row.consolidated else "",
        ))
    recommended = computed_outcome(db, review, table=table)
    version = cycle.standards_version
    return DecisionDocument(
        decision_id=current.id, team=team.name, organisation=team.directorate.organisation.name,
        directorate=team.directorate.name, team_leads=tuple(p.full_name for p in leads),
        standards=f"{version.label}: {localised(version, 'title')}", visit_on=review.visit_on,
        # The team knows its assessors by first name only, as on its home page.
        visit_team=tuple((m.person.given_name, m.is_lead) for m in review.members),
        outcome=current.outcome, recorded_on=programme_date(current.recorded_at), appeal_by=appeal_deadline(current), rationale=current.rationale,
        conditions=current.conditions, deferral_deadline=current.deferral_deadline,
        deferral_requirements=current.deferral_requirements,
        valid_from=status.valid_from if status else None, valid_until=status.valid_until if status else None,
        interim_review_due=status.interim_review_due if status else None,
        amends=Amendment(str(earlier.outcome.label), programme_date(earlier.recorded_at), current.amendment_reason) if earlier else None,
        chair=item.panel.chair.full_name, computed=recommended.outcome, points=recommended.points,
        maximum=recommended.maximum, essential_not_met=recommended.essential_not_met, strengths=report.strengths if report else "",
        improvements=report.improvements if report else "",
        themes=tuple(ThemeResults(title, tuple(standards)) for title, standards in by_theme.items()),
    )
