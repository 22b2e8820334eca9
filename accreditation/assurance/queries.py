"""The read side of assurance. Every figure is aggregated in SQL (GROUP BY), so a page costs the same few
queries for 12 teams or 20,000; long lists are paged or streamed, never loaded whole."""
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, extract, func, select
from sqlalchemy.orm import Session

from accreditation.actions.models import FINISHED, ActionSource, ActionStatus, ImprovementAction, overdue_clause
from accreditation.auth.models import Person
from accreditation.enums import LabelledEnum
from accreditation.organisation.models import Directorate, Organisation, Team
from accreditation.organisation.scope import Level, Scope, within
from accreditation.panels.models import Accreditation, AgendaItem, Decision
from accreditation.panels.outcome import Outcome
from accreditation.review.models import Review, Score
from accreditation.review.report_models import ConsolidatedFinding
from accreditation.selfassessment.models import Cycle, SelfAssessment
from accreditation.standards.models import Standard
from accreditation.standards.translations import standard_title

EXPIRING_WITHIN_DAYS = 90
INTERIM_DUE_WITHIN_DAYS = 60  # the window panels.services.interim_reviews_due uses
PAGE_SIZE = 100


class Status(LabelledEnum):
    """Where a team stands on a date: its current award, or why it has none."""

    GOLD = "gold", _l("Gold")
    SILVER = "silver", _l("Silver")
    BRONZE = "bronze", _l("Bronze")
    DEFERRED = "deferred", _l("Deferred")
    NOT_YET_ACCREDITED = "not_yet_accredited", _l("Not yet accredited")
    EXPIRED = "expired", _l("Award expired")
    NO_DECISION = "no_decision", _l("No decision yet")


def _newest(on: date):
    """Each team's newest accreditation recorded by `on`: its current status on that day."""
    return (
        select(Accreditation.team_id, func.max(Accreditation.id).label("id"))
        .where(Accreditation.valid_from <= on).group_by(Accreditation.team_id).subquery("newest")
    )


def _teams_with_status(on: date, *columns, named: bool = False) -> Select:
    """Every team with its newest accreditation by `on`; `named` joins the organisation too (for its name)."""
    newest = _newest(on)
    query = select(*columns).select_from(Team).join(Directorate, Team.directorate_id == Directorate.id)
    if named:
        query = query.join(Organisation, Organisation.id == Directorate.organisation_id)
    return query.outerjoin(newest, newest.c.team_id == Team.id).outerjoin(Accreditation, Accreditation.id == newest.c.id)


def _status_is(status: Status, on: date):
    if status is Status.NO_DECISION:
        return Accreditation.id.is_(None)
    if status is Status.EXPIRED:
        return Accreditation.valid_until < on
    return (Accreditation.outcome == Outcome(status.value)) & (
        Accreditation.valid_until.is_(None) | (Accreditation.valid_until >= on)
    )


def _expiring(on: date):
    return Accreditation.valid_until.between(on, on + timedelta(days=EXPIRING_WITHIN_DAYS))


def _interim_due(on: date):
    return (Accreditation.interim_review_due <= on + timedelta(days=INTERIM_DUE_WITHIN_DAYS)) & (
        Accreditation.valid_until >= on
    )


@dataclass(frozen=True)
class Filters:
    organisation_id: int | None = None
    directorate_id: int | None = None
    status: Status | None = None
    expiring: bool = False
    interim_due: bool = False

    @classmethod
    def of(cls, scope: Scope, **others) -> "Filters":
        """The teams in scope (every team is in the only organisation, so it needs no filter)."""
        return cls(organisation_id=scope.organisation_id if scope.several else None, directorate_id=scope.directorate_id,
                   **others)

    def apply(self, query: Select, on: date) -> Select:
        query = within(query, self.organisation_id, self.directorate_id, directorate_joined=True)
        if self.status is not None:
            query = query.where(_status_is(self.status, on))
        if self.expiring:
            query = query.where(_expiring(on))
        if self.interim_due:
            query = query.where(_interim_due(on))
        return query

    def args(self) -> dict:
        """As URL query arguments (for links and the CSV of the same list)."""
        return {k: v for k, v in {
            "organisation": self.organisation_id, "directorate": self.directorate_id, "status": self.status.value if self.status else None,
            "expiring": 1 if self.expiring else None, "interim": 1 if self.interim_due else None,
        }.items() if v is not None}


# Summary: one row per organisation (the whole programme) or per directorate (within one organisation)


def total_name(scope: Scope) -> str:
    """What the total row of a breakdown stands for."""
    if scope.organisation is None:
        return str(_l("All organisations"))
    return scope.organisation.name if scope.several else str(_l("All directorates"))


def _breakdown(scope: Scope):
    """The rows of a summary: organisations at programme level, else the organisation's directorates (a
    directorate's own teams are the register's list). Returns the grouping column and the query's filter."""
    if scope.organisation is None:
        return Directorate.organisation_id, (lambda query: query)
    organisation = scope.organisation.id if scope.several else None
    return Directorate.id, (lambda query: within(query, organisation, directorate_joined=True))


@dataclass(frozen=True)
class Summary:
    id: int | None  # the organisation's or directorate's; None on the total row
    name: str
    teams: int
    by_status: dict[Status, int]
    expiring: int
    interim_due: int

    @property
    def accredited(self) -> int:
        return sum(self.by_status[s] for s in (Status.GOLD, Status.SILVER, Status.BRONZE))


def _names(scope: Scope) -> dict[int, str]:
    return {o.id: o.name for o in scope.organisations} if scope.organisation is None else {d.id: d.name for d in scope.directorates}


def _by_name(rows: list, names: dict[int, str]) -> list:
    return sorted((r for r in rows if r.id in names), key=lambda r: (r.name, r.id))


def summary(db: Session, on: date, scope: Scope) -> list[Summary]:
    """Per organisation (or per directorate of the organisation in scope), how many teams stand where; the last
    row is the total. Names come from the scope, so the query groups by id alone."""
    group, narrow = _breakdown(scope)
    names = _names(scope)
    counts = [func.sum(case((_status_is(s, on), 1), else_=0)) for s in Status]
    query = narrow(_teams_with_status(
        on, group, func.count(Team.id), *counts,
        func.sum(case((_expiring(on), 1), else_=0)), func.sum(case((_interim_due(on), 1), else_=0)),
    )).group_by(group)
    rows = _by_name([
        Summary(r[0], names.get(r[0], ""), r[1], {s: int(n or 0) for s, n in zip(Status, r[2:2 + len(Status)])},
                int(r[-2] or 0), int(r[-1] or 0))
        for r in db.execute(query)
    ], names)
    total = Summary(
        None, total_name(scope), sum(r.teams for r in rows),
        {s: sum(r.by_status[s] for r in rows) for s in Status},
        sum(r.expiring for r in rows), sum(r.interim_due for r in rows),
    )
    return [*rows, total]


# The register: one row per team


@dataclass(frozen=True)
class RegisterRow:
    team_id: int
    team: str
    organisation_id: int
    organisation: str
    directorate_id: int
    directorate: str
    outcome: Outcome | None
    valid_from: date | None
    valid_until: date | None
    interim_review_due: date | None
    decision_id: int | None
    on: date

    @property
    def status(self) -> Status:
        if self.outcome is None:
            return Status.NO_DECISION
        if self.valid_until is not None and self.valid_until < self.on:
            return Status.EXPIRED
        return Status(self.outcome.value)


_REGISTER_COLUMNS = (
    Team.id, Team.name, Organisation.id, Organisation.name, Directorate.id, Directorate.name, Accreditation.outcome, Accreditation.valid_from,
    Accreditation.valid_until, Accreditation.interim_review_due, Accreditation.decision_id,
)


_REGISTER_ORDER = (Organisation.name, Directorate.name, Team.name, Team.id)


def _register_query(on: date, filters: Filters) -> Select:
    return filters.apply(_teams_with_status(on, *_REGISTER_COLUMNS, named=True), on).order_by(*_REGISTER_ORDER)


def register_page(db: Session, on: date, filters: Filters, page: int = 1) -> tuple[list[RegisterRow], int]:
    """One page of the register, and how many teams the filters match."""
    total = db.scalar(filters.apply(_teams_with_status(on, func.count(Team.id)), on))
    rows = db.execute(_register_query(on, filters).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return [RegisterRow(*r, on=on) for r in rows], total


def stream_register(db: Session, on: date, filters: Filters = Filters(), chunk: int = 1000) -> Iterator[RegisterRow]:
    """Every matching team, fetched in chunks (a server-side cursor on PostgreSQL), never all at once."""
    result = db.execute(_register_query(on, filters).execution_options(yield_per=chunk))
    for r in result:
        yield RegisterRow(*r, on=on)


def stream_attention(db: Session, on: date, scope: Scope, chunk: int = 1000) -> Iterator[RegisterRow]:
    """Teams in scope whose award has expired or ends within 90 days, and deferred decisions: what the board
    follows up in one organisation (across the programme, the report counts them per organisation instead).

    Interim reviews and teams not yet accredited are counted in the summary, not listed (the QA team follows
    them up), which keeps the report to a few pages even for thousands of teams."""
    needs = _status_is(Status.EXPIRED, on) | _expiring(on) | (Accreditation.outcome == Outcome.DEFERRED)
    query = scope.filter(_teams_with_status(on, *_REGISTER_COLUMNS, named=True).where(needs), directorate_joined=True)
    query = query.order_by(*_REGISTER_ORDER)
    for r in db.execute(query.execution_options(yield_per=chunk)):
        yield RegisterRow(*r, on=on)


# Heat map: standards x organisations, x one organisation's directorates, or x one directorate's teams


@dataclass
class Cell:
    counts: dict[Score, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, score: Score) -> float:
        return self.counts.get(score, 0) / self.total if self.total else 0.0


@dataclass
class HeatMap:
    rows: list[tuple[int, str]]  # (id, name) of each organisation, directorate or team
    standards: list[tuple[str, str]]  # (code, title) in the order of the standards
    cells: dict[tuple[int, str], Cell]

    def cell(self, row_id: int, code: str) -> Cell:
        return self.cells.get((row_id, code), Cell())


def _current_findings(on: date, *columns) -> Select:
    """Findings of each team's current decision (the review its newest accreditation was decided on)."""
    newest = _newest(on)
    return (
        select(*columns).select_from(Team).join(Directorate, Team.directorate_id == Directorate.id)
        .join(newest, newest.c.team_id == Team.id).join(Accreditation, Accreditation.id == newest.c.id)
        .join(Decision, Decision.id == Accreditation.decision_id).join(AgendaItem, AgendaItem.id == Decision.item_id)
        .join(ConsolidatedFinding, ConsolidatedFinding.review_id == AgendaItem.review_id)
        .join(Standard, Standard.id == ConsolidatedFinding.standard_id)
    )


def heat_map(db: Session, on: date, scope: Scope) -> HeatMap:
    """One level below the scope: organisations, the organisation's directorates, or the directorate's teams.
    Organisations' and directorates' names come from the scope, so the query groups by id alone."""
    if scope.level is Level.DIRECTORATE:
        group, names = (Team.id, Team.name), None
    else:
        group, names = (Directorate.organisation_id if scope.level is Level.PROGRAMME else Directorate.id,), _names(scope)
    query = _current_findings(
        on, *group, Standard.code, func.min(Standard.title), func.min(Standard.position), ConsolidatedFinding.score,
        func.count(ConsolidatedFinding.id),
    ).group_by(*group, Standard.code, ConsolidatedFinding.score)
    query = scope.filter(query, directorate_joined=True)
    rows: dict[int, str] = {}
    standards: dict[str, tuple[int, str]] = {}
    cells: dict[tuple[int, str], Cell] = {}
    for row in db.execute(query):
        row_id, (code, title, position, score, count) = row[0], row[-5:]
        if names is not None and row_id not in names:
            continue
        rows[row_id] = row[1] if names is None else names[row_id]
        standards[code] = min(standards.get(code, (position, title)), (position, title))
        cells.setdefault((row_id, code), Cell()).counts[Score(score)] = count
    return HeatMap(
        rows=sorted(rows.items(), key=lambda r: (r[1], r[0])),
        standards=_in_order(standards),
        cells=cells,
    )


def _in_order(standards: dict[str, tuple[int, str]]) -> list[tuple[str, str]]:
    """(code, title in the reader's language), in the standards' own order: from code -> (position, title)."""
    return [(code, standard_title(code, title)) for code, (_p, title) in sorted(standards.items(), key=lambda s: (s[1][0], s[0]))]


# Themes for planning


@dataclass(frozen=True)
class Theme:
    code: str
    title: str
    not_met: int
    partially_met: int
    findings: int

    @property
    def not_met_share(self) -> float:
        return self.not_met / self.findings if self.findings else 0.0


def _score_sums():
    return (
        func.sum(case((ConsolidatedFinding.score == Score.NOT_MET, 1), else_=0)),
        func.sum(case((ConsolidatedFinding.score == Score.PARTIALLY_MET, 1), else_=0)),
        func.count(ConsolidatedFinding.id),
    )


def themes(db: Session, on: date, scope: Scope | None = None) -> list[Theme]:
    """Standards by how often they are not met in teams' current decisions (of the teams in scope, or of every
    team), the most often first."""
    query = _current_findings(on, Standard.code, func.min(Standard.title), func.min(Standard.position), *_score_sums())
    query = scope.filter(query, directorate_joined=True) if scope is not None else query
    rows = db.execute(query.group_by(Standard.code))
    ordered = sorted(rows, key=lambda r: (-(r[3] or 0) / r[5], r[2], r[0]))
    return [Theme(code, standard_title(code, title), int(nm or 0), int(pm or 0), n) for code, title, _pos, nm, pm, n in ordered]


def themes_of(heat: HeatMap) -> list[Theme]:
    """The same as themes() for the heat map's scope, summed from its cells (every row of a heat map is a part of
    its scope), so a page or report that has the heat map needs no second pass over the findings."""
    found = []
    for code, title in heat.standards:  # in the standards' order, which breaks ties as themes() does
        cells = [heat.cell(row_id, code) for row_id, _name in heat.rows]
        found.append(Theme(code, title, sum(c.counts.get(Score.NOT_MET, 0) for c in cells),
                           sum(c.counts.get(Score.PARTIALLY_MET, 0) for c in cells), sum(c.total for c in cells)))
    return sorted((t for t in found if t.findings), key=lambda t: -t.not_met_share)


@dataclass
class Trend:
    years: list[int]
    standards: list[tuple[str, str]]
    # (code, year) -> (not met, findings)
    counts: dict[tuple[str, int], tuple[int, int]]

    def share(self, code: str, year: int) -> float | None:
        not_met, findings = self.counts.get((code, year), (0, 0))
        return not_met / findings if findings else None


def trend(db: Session, on: date) -> Trend:
    """Not-met share per standard per cycle year (the year the cycle opened), over every decided review."""
    decided = (
        select(AgendaItem.review_id).join(Decision, Decision.item_id == AgendaItem.id)
        .join(Accreditation, Accreditation.decision_id == Decision.id).where(Accreditation.valid_from <= on)
    )
    year = extract("year", Cycle.opened_at)
    query = (
        select(year, Standard.code, func.min(Standard.title), func.min(Standard.position), *_score_sums())
        .select_from(ConsolidatedFinding).join(Standard, Standard.id == ConsolidatedFinding.standard_id)
        .join(Review, Review.id == ConsolidatedFinding.review_id)
        .join(SelfAssessment, SelfAssessment.id == Review.self_assessment_id).join(Cycle, Cycle.id == SelfAssessment.cycle_id)
        .where(ConsolidatedFinding.review_id.in_(decided)).group_by(year, Standard.code)
    )
    years: set[int] = set()
    standards: dict[str, tuple[int, str]] = {}
    counts = {}
    for y, code, title, position, not_met, _partial, findings in db.execute(query):
        years.add(int(y))
        standards[code] = min(standards.get(code, (position, title)), (position, title))
        counts[(code, int(y))] = (int(not_met or 0), findings)
    return Trend(
        years=sorted(years),
        standards=_in_order(standards),
        counts=counts,
    )


# Decisions (for the API)


@dataclass(frozen=True)
class DecisionRow:
    id: int
    team_id: int
    team: str
    outcome: Outcome
    computed_outcome: Outcome
    recommended_outcome: Outcome | None
    recorded_at: object
    amends_id: int | None
    valid_from: date | None
    valid_until: date | None


def decisions_after(db: Session, after: int, limit: int) -> list[DecisionRow]:
    """Decisions in the order they were recorded, from the one after `after` (keyset paging)."""
    query = (
        select(Decision.id, Team.id, Team.name, Decision.outcome, Decision.computed_outcome, Decision.recommended_outcome,
               Decision.recorded_at, Decision.amends_id, Accreditation.valid_from, Accreditation.valid_until)
        .select_from(Decision).join(AgendaItem, AgendaItem.id == Decision.item_id)
        .join(Review, Review.id == AgendaItem.review_id)
        .join(SelfAssessment, SelfAssessment.id == Review.self_assessment_id)
        .join(Cycle, Cycle.id == SelfAssessment.cycle_id).join(Team, Team.id == Cycle.team_id)
        .outerjoin(Accreditation, Accreditation.decision_id == Decision.id)
        .where(Decision.id > after).order_by(Decision.id).limit(limit)
    )
    return [DecisionRow(*r) for r in db.execute(query)]


def register_after(db: Session, on: date, filters: Filters, after: int, limit: int) -> list[RegisterRow]:
    """The register in team order, from the team after `after` (keyset paging for the API)."""
    query = filters.apply(_teams_with_status(on, *_REGISTER_COLUMNS, named=True), on)
    rows = db.execute(query.where(Team.id > after).order_by(Team.id).limit(limit))
    return [RegisterRow(*r, on=on) for r in rows]


# Improvement actions: what teams still have to do after their decisions

UNFINISHED = [s for s in ActionStatus if s not in FINISHED]


@dataclass(frozen=True)
class ActionCounts:
    id: int | None  # the organisation's or directorate's; None on the total row
    name: str
    by_status: dict[ActionStatus, int]  # the unfinished statuses only
    overdue: int

    @property
    def unfinished(self) -> int:
        return sum(self.by_status.values())


def actions_by(db: Session, today: date, scope: Scope) -> list[ActionCounts]:
    """Per organisation (or per directorate of the organisation in scope), the actions not yet finished, by
    status, and how many are overdue; the last row is the total. Every organisation or directorate is listed,
    so a row of noughts shows as plainly as a busy one."""
    names = _names(scope)
    counts = [func.sum(case((ImprovementAction.status == s, 1), else_=0)) for s in UNFINISHED]
    group = Directorate.organisation_id if scope.organisation is None else Directorate.id
    query = (
        select(group, *counts, func.sum(case((overdue_clause(today), 1), else_=0)))
        .select_from(Directorate).outerjoin(Team, Team.directorate_id == Directorate.id)
        .outerjoin(ImprovementAction, ImprovementAction.team_id == Team.id).group_by(group)
    )
    if scope.organisation is not None and scope.several:
        query = query.where(Directorate.organisation_id == scope.organisation.id)
    rows = _by_name([
        ActionCounts(r[0], names.get(r[0], ""), {s: int(n or 0) for s, n in zip(UNFINISHED, r[1:1 + len(UNFINISHED)])},
                     int(r[-1] or 0))
        for r in db.execute(query)
    ], names)
    total = ActionCounts(None, total_name(scope), {s: sum(r.by_status[s] for r in rows) for s in UNFINISHED},
                         sum(r.overdue for r in rows))
    return [*rows, total]


@dataclass(frozen=True)
class ActionFilters:
    """The same filters as the QA team's list of actions (actions.index), so its links and exports agree."""

    organisation_id: int | None = None
    directorate_id: int | None = None
    status: ActionStatus | None = None
    overdue: bool = False

    def apply(self, query: Select, today: date) -> Select:
        query = within(query, self.organisation_id, self.directorate_id, directorate_joined=True)
        if self.status is not None:
            query = query.where(ImprovementAction.status == self.status)
        if self.overdue:
            query = query.where(overdue_clause(today))
        return query


@dataclass(frozen=True)
class ActionRow:
    id: int
    team_id: int
    team: str
    organisation_id: int
    organisation: str
    directorate_id: int
    directorate: str
    decision_id: int
    source: ActionSource
    standard_code: str | None
    standard_english: str | None
    condition: str
    status: ActionStatus
    due_on: date | None
    owner_given_name: str | None
    owner_family_name: str | None
    what_will_change: str
    how_we_will_know: str
    created_at: datetime
    completed_at: datetime | None
    verified_at: datetime | None
    on: date

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < self.on and not self.status.finished

    @property
    def owner(self) -> str:
        return f"{self.owner_given_name} {self.owner_family_name}" if self.owner_given_name is not None else ""

    @property
    def standard(self) -> str:
        return standard_title(self.standard_code, self.standard_english) if self.standard_code else ""


_ACTION_COLUMNS = (
    ImprovementAction.id, Team.id, Team.name, Organisation.id, Organisation.name, Directorate.id, Directorate.name,
    ImprovementAction.decision_id,
    ImprovementAction.source, Standard.code, Standard.title, ImprovementAction.condition, ImprovementAction.status,
    ImprovementAction.due_on, Person.given_name, Person.family_name, ImprovementAction.what_will_change,
    ImprovementAction.how_we_will_know, ImprovementAction.created_at, ImprovementAction.completed_at,
    ImprovementAction.verified_at,
)


def _actions_query(today: date, filters: ActionFilters) -> Select:
    query = (
        select(*_ACTION_COLUMNS).select_from(ImprovementAction).join(Team, Team.id == ImprovementAction.team_id)
        .join(Directorate, Directorate.id == Team.directorate_id)
        .join(Organisation, Organisation.id == Directorate.organisation_id)
        .outerjoin(Standard, Standard.id == ImprovementAction.standard_id)
        .outerjoin(Person, Person.id == ImprovementAction.owner_id)
    )
    return filters.apply(query, today)


def stream_actions(db: Session, today: date, filters: ActionFilters = ActionFilters(), chunk: int = 1000) -> Iterator[ActionRow]:
    """Every matching action, by organisation, directorate and team, fetched in chunks (for the CSV)."""
    query = _actions_query(today, filters).order_by(*_REGISTER_ORDER, ImprovementAction.id)
    for r in db.execute(query.execution_options(yield_per=chunk)):
        yield ActionRow(*r, on=today)


def actions_after(db: Session, today: date, filters: ActionFilters, after: int, limit: int) -> list[ActionRow]:
    """Actions in id order from the one after `after` (keyset paging for the API)."""
    rows = db.execute(_actions_query(today, filters).where(ImprovementAction.id > after).order_by(ImprovementAction.id).limit(limit))
    return [ActionRow(*r, on=today) for r in rows]
