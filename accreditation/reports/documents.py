"""What the decision letter and the accreditation report say, as plain data: built by one loader with a fixed
number of queries, and shared by the HTML pages and the PDFs so both show the same thing."""
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import bindparam, literal, null, select, union_all
from sqlalchemy.orm import Session, aliased

from accreditation.auth.models import Person, RoleAssignment
from accreditation.panels.models import Accreditation, AgendaItem, Decision, Panel, PanelMember
from accreditation.panels.outcome import Outcome
from accreditation.panels.appeals import appeal_deadline, programme_date
from accreditation.panels.services import outcome_of
from accreditation.organisation.models import Directorate, Organisation, Team
from accreditation.review.models import Review, Score, VisitTeamMember
from accreditation.review.report_models import AssessorsReport, ConsolidatedFinding
from accreditation.selfassessment.models import Answer, Cycle, Rating, SelfAssessment
from accreditation.roles import Role
from accreditation.standards import published
from accreditation.standards.models import Standard, StandardsVersion
from accreditation.standards.translations import set_text, text as localised


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


@dataclass(frozen=True)
class DecidedItem:
    """The panel item a decision was made on: whom it is about, and who may see it."""
    id: int
    review_id: int
    self_assessment_id: int
    visit_on: date
    team_id: int
    team: str
    directorate: str
    organisation: str
    version_id: int  # the standards the team was assessed against
    version_label: str
    version_title: str
    chair: str  # the panel's chair, by full name
    member_ids: frozenset[int]  # the panel's members


# The statements are made once and read as plain rows on the session's connection: building a statement and
# the ORM's handling of its result cost more than the database's answer. (On the connection nothing is flushed
# first: the documents read decisions already recorded.)
_chair = aliased(Person)
_ITEM = (
    select(AgendaItem.id, AgendaItem.review_id, Review.self_assessment_id, Review.visit_on, Cycle.team_id, Team.name,
           Directorate.name, Organisation.name, Cycle.standards_version_id, StandardsVersion.label,
           StandardsVersion.title, _chair.given_name, _chair.family_name, PanelMember.person_id)
    .select_from(AgendaItem).join(AgendaItem.panel).join(_chair, _chair.id == Panel.chair_id).outerjoin(Panel.members)
    .join(AgendaItem.review).join(Review.self_assessment).join(SelfAssessment.cycle).join(Cycle.team)
    .join(Team.directorate).join(Directorate.organisation).join(Cycle.standards_version)
    .where(AgendaItem.id == select(Decision.item_id).where(Decision.id == bindparam("decision_id")).scalar_subquery())
)
# Every decision on the item (the newest stands; an amendment names what it amends), with the team's status
# and the assessors' report.
_DECISIONS = (
    select(Decision.id, Decision.amends_id, Decision.outcome, Decision.recorded_at, Decision.rationale,
           Decision.conditions, Decision.deferral_deadline, Decision.deferral_requirements, Decision.amendment_reason,
           Accreditation.valid_from, Accreditation.valid_until, Accreditation.interim_review_due,
           AssessorsReport.strengths, AssessorsReport.improvements)
    .select_from(Decision).outerjoin(Accreditation, Accreditation.decision_id == Decision.id)
    .outerjoin(AssessorsReport, AssessorsReport.review_id == bindparam("review_id"))
    .where(Decision.item_id == bindparam("item_id")).order_by(Decision.id)
)
# The team's leads by name, then the visit team in the order it was chosen, in one statement.
_PEOPLE = union_all(
    select(literal(0).label("kind"), null().label("position"), Person.given_name, Person.family_name,
           literal(False).label("is_lead"))
    .join(Person.role_assignments)
    .where(RoleAssignment.role == Role.TEAM_LEAD, RoleAssignment.team_id == bindparam("team_id"), Person.active.is_(True)),
    select(literal(1), VisitTeamMember.id, Person.given_name, Person.family_name, VisitTeamMember.is_lead)
    .join(VisitTeamMember.person).where(VisitTeamMember.review_id == bindparam("review_id")),
).order_by("kind", "position", "given_name", "family_name")
# Each standard's consolidated finding and the team's own rating (the standards are the published set, read
# once per app server).
_FINDINGS = (
    select(Standard.id, ConsolidatedFinding.score, ConsolidatedFinding.finding, Answer.rating)
    .outerjoin(ConsolidatedFinding, (ConsolidatedFinding.standard_id == Standard.id)
               & (ConsolidatedFinding.review_id == bindparam("review_id")))
    .outerjoin(Answer, (Answer.standard_id == Standard.id) & (Answer.self_assessment_id == bindparam("self_assessment_id")))
    .where(Standard.version_id == bindparam("version_id"))
)


def item_of(db: Session, decision_id: int) -> DecidedItem | None:
    """The panel item of a decision, in one query (a row for each member of the panel)."""
    rows = db.connection().execute(_ITEM, {"decision_id": decision_id}).all()
    if not rows:
        return None
    *fields, given, family, _member = rows[0]
    return DecidedItem(*fields, chair=f"{given} {family}",
                       member_ids=frozenset(member for *_fields, member in rows if member is not None))


def load(db: Session, item: DecidedItem) -> DecisionDocument:
    """Everything the letter and the report say about the newest decision on `item` (an amendment supersedes
    what it amends), in 3 queries whatever the data."""
    connection = db.connection()
    decisions = connection.execute(_DECISIONS, {"item_id": item.id, "review_id": item.review_id}).all()
    current = decisions[-1]
    earlier = next((d for d in decisions if d.id == current.amends_id), None)
    people = connection.execute(_PEOPLE, {"team_id": item.team_id, "review_id": item.review_id}).all()
    found = {standard_id: (score, finding, rating) for standard_id, score, finding, rating in connection.execute(
        _FINDINGS, {"review_id": item.review_id, "self_assessment_id": item.self_assessment_id, "version_id": item.version_id}
    )}
    standards = published.standards(db, item.version_id)
    label = cache(lambda member: str(member.label))  # each tier and rating translated once, not per standard
    by_theme: dict[str, list[StandardResult]] = {}
    for standard in standards:
        score, finding, rating = found[standard.id]
        by_theme.setdefault(localised(standard.theme, "title"), []).append(StandardResult(
            code=standard.code, title=localised(standard, "title"), tier=label(standard.tier),
            self_rating=label(rating) if rating else None, score=score, finding=finding or "",
        ))
    recommended = outcome_of([(standard, found[standard.id][0]) for standard in standards],
                             {s for s, (_score, _finding, rating) in found.items() if rating is Rating.NOT_APPLICABLE})
    return DecisionDocument(
        decision_id=current.id, team=item.team, organisation=item.organisation, directorate=item.directorate,
        team_leads=tuple(f"{given} {family}" for kind, _position, given, family, _lead in people if kind == 0),
        standards=f"{item.version_label}: {set_text(item.version_label, 'title', item.version_title)}",
        visit_on=item.visit_on,
        # The team knows its assessors by first name only, as on its home page.
        visit_team=tuple((given, is_lead) for kind, _position, given, _family, is_lead in people if kind == 1),
        outcome=current.outcome, recorded_on=programme_date(current.recorded_at), appeal_by=appeal_deadline(current),
        rationale=current.rationale, conditions=current.conditions, deferral_deadline=current.deferral_deadline,
        deferral_requirements=current.deferral_requirements,
        valid_from=current.valid_from, valid_until=current.valid_until, interim_review_due=current.interim_review_due,
        amends=Amendment(str(earlier.outcome.label), programme_date(earlier.recorded_at), current.amendment_reason) if earlier else None,
        chair=item.chair, computed=recommended.outcome, points=recommended.points,
        maximum=recommended.maximum, essential_not_met=recommended.essential_not_met,
        strengths=current.strengths or "", improvements=current.improvements or "",
        themes=tuple(ThemeResults(title, tuple(standards)) for title, standards in by_theme.items()),
    )
