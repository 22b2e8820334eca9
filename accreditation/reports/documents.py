"""What the decision letter and the accreditation report say, as plain data: built by one loader with a fixed
number of queries, and shared by the HTML pages and the PDFs so both show the same thing."""
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, load_only
from sqlalchemy.orm.attributes import set_committed_value

from accreditation.auth.models import Person, RoleAssignment
from accreditation.panels.models import Accreditation, AgendaItem, Decision, Panel
from accreditation.panels.outcome import Outcome
from accreditation.panels.appeals import appeal_deadline, programme_date
from accreditation.panels.services import computed_outcome
from accreditation.review import findings
from accreditation.organisation.models import Directorate, Team
from accreditation.review.models import Review, Score, VisitTeamMember
from accreditation.review.report_models import AssessorsReport, ConsolidatedFinding
from accreditation.selfassessment.models import Answer, Cycle, SelfAssessment
from accreditation.roles import Role
from accreditation.standards.models import Standard
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
class CertificateData:
    team: str
    organisation: str
    award: str
    valid_from: date
    valid_until: date
    chair: str
    language: str  # BCP 47, for the PDF's language metadata


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
    """The panel item a decision was made on, with its panel and members (to decide who may see it), in one
    query."""
    return db.scalars(
        select(AgendaItem).where(AgendaItem.id == select(Decision.item_id).where(Decision.id == decision_id).scalar_subquery())
        .options(
            joinedload(AgendaItem.panel).joinedload(Panel.chair).lazyload(Person.role_assignments),
            joinedload(AgendaItem.panel).joinedload(Panel.members),
            joinedload(AgendaItem.review).joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle)
            .joinedload(Cycle.team).joinedload(Team.directorate).joinedload(Directorate.organisation),
            joinedload(AgendaItem.review).joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle)
            .joinedload(Cycle.standards_version),
        )
    ).unique().first()


def _findings(db: Session, review: Review) -> findings.SideBySide:
    """Each standard with its theme, the visit team's consolidated finding and the team's own rating, in one
    query; the ratings are put on the self-assessment's answers, where the computed outcome reads them. The
    documents show no agreement figures, so the assessors' own scores are not read."""
    self_assessment = review.self_assessment
    rows = db.execute(
        select(Standard, ConsolidatedFinding, Answer)
        .outerjoin(ConsolidatedFinding, (ConsolidatedFinding.standard_id == Standard.id) & (ConsolidatedFinding.review_id == review.id))
        .outerjoin(Answer, (Answer.standard_id == Standard.id) & (Answer.self_assessment_id == self_assessment.id))
        .where(Standard.version_id == self_assessment.cycle.standards_version_id).order_by(Standard.position)
        .options(joinedload(Standard.theme), load_only(Standard.version_id, Standard.code, Standard.tier, Standard.title),
                 load_only(Answer.standard_id, Answer.rating))
    ).all()
    set_committed_value(self_assessment, "answers", [answer for _s, _f, answer in rows if answer is not None])
    unread = findings.Agreement(None, None)
    return findings.SideBySide([findings.StandardRow(s, consolidated=f) for s, f, _a in rows], evidence=unread, visit=unread)


def load(db: Session, item: AgendaItem) -> DecisionDocument:
    """Everything the letter and the report say about the newest decision on `item` (an amendment supersedes
    what it amends), in 5 queries whatever the data."""
    rows = db.execute(
        select(Decision, Accreditation).outerjoin(Accreditation, Accreditation.decision_id == Decision.id)
        .where(Decision.item_id == item.id).order_by(Decision.id)
    ).all()
    current, status = rows[-1]
    earlier = next((d for d, _status in rows if d.id == current.amends_id), None)
    review = item.review
    cycle = review.self_assessment.cycle
    team = cycle.team
    leads = db.execute(
        select(Person.given_name, Person.family_name).join(Person.role_assignments)
        .where(RoleAssignment.role == Role.TEAM_LEAD, RoleAssignment.team_id == team.id, Person.active.is_(True))
        .order_by(Person.given_name, Person.family_name)
    )
    visit_team = db.execute(
        select(Person.given_name, VisitTeamMember.is_lead).join(VisitTeamMember.person)
        .where(VisitTeamMember.review_id == review.id).order_by(VisitTeamMember.id)
    )
    report = db.execute(
        select(AssessorsReport.strengths, AssessorsReport.improvements).where(AssessorsReport.review_id == review.id)
    ).first()
    table = _findings(db, review)
    answers = {a.standard_id: a for a in review.self_assessment.answers}
    label = cache(lambda member: str(member.label))  # each tier and rating translated once, not per standard
    by_theme: dict[str, list[StandardResult]] = {}
    for row in table.rows:
        answer = answers.get(row.standard.id)
        by_theme.setdefault(localised(row.standard.theme, "title"), []).append(StandardResult(
            code=row.standard.code, title=localised(row.standard, "title"), tier=label(row.standard.tier),
            self_rating=label(answer.rating) if answer and answer.rating else None,
            score=row.consolidated.score if row.consolidated else None,
            finding=row.consolidated.finding if row.consolidated else "",
        ))
    recommended = computed_outcome(db, review, table=table)
    version = cycle.standards_version
    return DecisionDocument(
        decision_id=current.id, team=team.name, organisation=team.directorate.organisation.name,
        directorate=team.directorate.name, team_leads=tuple(f"{given} {family}" for given, family in leads),
        standards=f"{version.label}: {localised(version, 'title')}", visit_on=review.visit_on,
        # The team knows its assessors by first name only, as on its home page.
        visit_team=tuple((name, is_lead) for name, is_lead in visit_team),
        outcome=current.outcome, recorded_on=programme_date(current.recorded_at), appeal_by=appeal_deadline(current), rationale=current.rationale,
        conditions=current.conditions, deferral_deadline=current.deferral_deadline,
        deferral_requirements=current.deferral_requirements,
        valid_from=status.valid_from if status else None, valid_until=status.valid_until if status else None,
        interim_review_due=status.interim_review_due if status else None,
        amends=Amendment(str(earlier.outcome.label), programme_date(earlier.recorded_at), current.amendment_reason) if earlier else None,
        chair=item.panel.chair.full_name, computed=recommended.outcome, points=recommended.points,
        maximum=recommended.maximum, essential_not_met=recommended.essential_not_met,
        strengths=report.strengths if report else "", improvements=report.improvements if report else "",
        themes=tuple(ThemeResults(title, tuple(standards)) for title, standards in by_theme.items()),
    )
