"""Panels and decisions. Recording a decision is one unit of work: the decision, the team's status and the
audit entry are flushed together and the caller commits once, so all of it happens or none of it does."""
from collections.abc import Collection, Iterable
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ScalarSelect, Select, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.panels.models import Accreditation, AgendaItem, Decision, Declaration, PanelKind, Recommendation
from accreditation.panels.outcome import Outcome, Recommended, Rules, StandardResult, recommended_outcome
from accreditation.review.findings import SideBySide, side_by_side
from accreditation.review.models import Review, Score
from accreditation.selfassessment.services import InNewerCycle, settle_cycle
from accreditation.standards.models import Tier
from accreditation.standards.published import PublishedStandard

VALID_YEARS = 3
INTERIM_MONTHS = 18
APPEAL_WINDOW_DAYS = 28  # a team may appeal a decision, with its grounds, within this many days (configurable)


class PanelError(Exception):
    """`field`: the form field the message belongs beside, where a form has one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message, self.field = message, field


class DecisionAlreadyRecorded(PanelError):
    """Someone recorded this item first; `decision` is what they recorded."""

    def __init__(self, decision: Decision):
        super().__init__(_l("A decision on this item has already been recorded"))
        self.decision = decision


class DeclarationsClosed(PanelError):
    """The item is recorded: who was present and who declared a conflict then is part of that record."""

    def __init__(self):
        super().__init__(_l("This item has been recorded, so its attendance and conflicts of interest stay as they "
                            "were when it was recorded."))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _chair(item: AgendaItem, actor: Person) -> None:
    if item.panel.chair_id != actor.id:
        raise PanelError(_l("Only the chair records on a panel item"))


def record_declarations(db: Session, actor: Person, item: AgendaItem, declared: dict[int, tuple[bool, bool, str]]) -> None:
    """At the start of the item, for every member: present?, a conflict?, and a note. Kept in the record: once the
    item has a decision or a recommendation, they no longer change."""
    _chair(item, actor)
    if is_recorded(db, item):
        raise DeclarationsClosed()
    members = {m.person_id for m in item.panel.members}
    if set(declared) != members:
        raise PanelError(_l("Record attendance and conflicts for every member of the panel"))
    existing = {d.person_id: d for d in item.declarations}
    for person_id, (present, conflict, note) in declared.items():
        declaration = existing.get(person_id) or Declaration(person_id=person_id, present=present, conflict=conflict)
        declaration.present, declaration.conflict, declaration.note = present, conflict, note.strip()
        if person_id not in existing:
            item.declarations.append(declaration)
    db.flush()
    audit.record(db, actor, "panel.declarations", item, declared={str(k): list(v[:2]) for k, v in declared.items()})


def is_recorded(db: Session, item: AgendaItem) -> bool:
    """Whether the item has a decision or a recommendation."""
    return bool(db.scalar(select(or_(exists().where(Decision.item_id == item.id),
                                     exists().where(Recommendation.item_id == item.id)))))


def voting_members(item: AgendaItem) -> set[int]:
    """Present and without a conflict: only they may vote or record on this item."""
    return {d.person_id for d in item.declarations if d.present and not d.conflict}


def quorum_problem(item: AgendaItem):
    voting = voting_members(item)
    if item.panel.chair_id not in voting:
        return _l("The chair must be present and without a conflict to record this item")
    if len(voting) < item.panel.quorum:
        return _l("There is no quorum: %(count)d voting members, %(needed)d needed", count=len(voting), needed=item.panel.quorum)
    return None


def _ready_to_record(item: AgendaItem, actor: Person, kind: PanelKind) -> None:
    if item.panel.kind is not kind:
        raise PanelError(_l("This is not the right panel for that"))
    _chair(item, actor)
    if problem := quorum_problem(item):
        raise PanelError(problem)


def record_recommendation(db: Session, actor: Person, item: AgendaItem, *, outcome: Outcome, rationale: str, conditions: str = "") -> Recommendation:
    _ready_to_record(item, actor, PanelKind.SERVICE_USER_PANEL)
    if not rationale.strip():
        raise PanelError(_l("Give the reasons for the recommendation"))
    if db.scalar(select(Recommendation.id).where(Recommendation.item_id == item.id)):
        raise PanelError(_l("A recommendation on this item has already been recorded"))
    made = Recommendation(item_id=item.id, outcome=outcome, rationale=rationale.strip(), conditions=conditions.strip(), recorded_by_id=actor.id)
    db.add(made)
    db.flush()
    audit.record(db, actor, "panel.recommendation", made, outcome=outcome.value)
    return made


def computed_outcome(db: Session, review: Review, rules: Rules = Rules(), table: SideBySide | None = None) -> Recommended:
    """From the visit team's consolidated scores; a standard the team found not applicable is left out.
    Pass `table` when the caller has already read the scores side by side."""
    table = table or side_by_side(db, review)
    return outcome_of([(row.standard, row.consolidated.score if row.consolidated else None) for row in table.rows],
                      table.not_applicable, rules)


def outcome_of(scores: Iterable[tuple[PublishedStandard, Score | None]], not_applicable: Collection[int],
               rules: Rules = Rules()) -> Recommended:
    """The computed outcome from each standard's consolidated score (None: no finding, counted as not met); a
    standard the team found not applicable (`not_applicable`: their ids) is left out, unless it is essential."""
    results = []
    for standard, score in scores:
        left_out = standard.id in not_applicable and standard.tier is not Tier.ESSENTIAL
        results.append(StandardResult(standard.tier, None if left_out else (score.value if score else "not_met")))
    return recommended_outcome(results, rules)


def panel_recommendation(db: Session, review: Review) -> Recommendation | None:
    return db.scalar(
        select(Recommendation).join(Recommendation.item).where(AgendaItem.review_id == review.id)
        .order_by(Recommendation.recorded_at.desc())
    )


def record_decision(
    db: Session, actor: Person, item: AgendaItem, *, outcome: Outcome, rationale: str, request_key: str,
    departure_reason: str = "", conditions: str = "", deferral_deadline: date | None = None,
    deferral_requirements: str = "", today: date, rules: Rules = Rules(),
) -> Decision:
    """The final committee's decision, the team's status and the audit entry, together.

    The same request_key posted again returns the decision already recorded; a second person recording the
    same item at the same time gets DecisionAlreadyRecorded with the first one's decision.
    """
    if (same := db.scalar(select(Decision).where(Decision.request_key == request_key))) is not None:
        return same
    if (first := db.scalar(select(Decision).where(Decision.item_id == item.id, Decision.amends_id.is_(None)))) is not None:
        raise DecisionAlreadyRecorded(first)
    _ready_to_record(item, actor, PanelKind.FINAL_COMMITTEE)
    return _write_decision(
        db, actor, item, outcome=outcome, rationale=rationale, request_key=request_key,
        departure_reason=departure_reason, conditions=conditions, deferral_deadline=deferral_deadline,
        deferral_requirements=deferral_requirements, today=today, rules=rules,
    )


def amend_decision(
    db: Session, actor: Person, original: Decision, *, reason: str, outcome: Outcome, rationale: str, request_key: str,
    departure_reason: str = "", conditions: str = "", deferral_deadline: date | None = None,
    deferral_requirements: str = "", today: date, rules: Rules = Rules(),
) -> Decision:
    """A correction: a new decision with its reason; the original stays as it was, and visible."""
    if (same := db.scalar(select(Decision).where(Decision.request_key == request_key))) is not None:
        return same
    if not reason.strip():
        raise PanelError(_l("Give the reason for the amendment"))
    _chair(original.item, actor)
    return _write_decision(
        db, actor, original.item, outcome=outcome, rationale=rationale, request_key=request_key,
        departure_reason=departure_reason, conditions=conditions, deferral_deadline=deferral_deadline,
        deferral_requirements=deferral_requirements, today=today, rules=rules, amends=original, amendment_reason=reason,
    )


def _write_decision(db, actor, item, *, outcome, rationale, request_key, departure_reason, conditions,
                    deferral_deadline, deferral_requirements, today, rules, amends=None, amendment_reason=""):
    review = item.review
    computed = computed_outcome(db, review, rules).outcome
    recommendation = panel_recommendation(db, review)
    recommended = recommendation.outcome if recommendation else None
    if not rationale.strip():
        raise PanelError(_l("Give the reasons for the decision"))
    if (outcome is not computed or (recommended is not None and outcome is not recommended)) and not departure_reason.strip():
        raise PanelError(_l("The decision departs from the computed outcome or the panel's recommendation: say why"))
    deferred = outcome is Outcome.DEFERRED
    if deferred and (deferral_deadline is None or deferral_deadline <= today or not deferral_requirements.strip()):
        raise PanelError(_l("A deferral needs a future deadline and what the team must show"))
    try:  # first, so a deferral that cannot reopen the cycle writes nothing
        settle_cycle(db, actor, review.self_assessment.cycle, ended=not deferred)
    except InNewerCycle as refused:
        raise PanelError(refused.message) from refused
    decision = Decision(
        item_id=item.id, outcome=outcome, computed_outcome=computed, recommended_outcome=recommended,
        rationale=rationale.strip(), departure_reason=departure_reason.strip(), conditions=conditions.strip(),
        deferral_deadline=deferral_deadline if deferred else None,
        deferral_requirements=deferral_requirements.strip() if deferred else "",
        amends_id=amends.id if amends else None, amendment_reason=amendment_reason.strip(),
        request_key=request_key, recorded_by_id=actor.id,
    )
    try:
        with db.begin_nested():  # the database has the last word when two people record at once
            db.add(decision)
            db.flush()
    except IntegrityError as error:
        raise DecisionAlreadyRecorded(
            db.scalar(select(Decision).where(Decision.item_id == item.id, Decision.amends_id.is_(None)))
        ) from error
    awarded = outcome.is_award
    db.add(Accreditation(
        team_id=review.self_assessment.cycle.team_id, decision_id=decision.id, outcome=outcome, valid_from=today,
        valid_until=add_months(today, 12 * VALID_YEARS) if awarded else None,
        interim_review_due=add_months(today, INTERIM_MONTHS) if awarded else None,
    ))
    db.flush()
    # Improvement actions are part of the same unit of work: a decision never stands without them.
    # (Imported here: the actions feature comes later in the cycle and itself reads panels' models.)
    from accreditation.actions.services import create_from_decision

    create_from_decision(db, actor, decision)
    audit.record(
        db, actor, "decision.amended" if amends else "decision.recorded", decision,
        outcome=outcome.value, computed=computed.value, recommended=recommended.value if recommended else None,
    )
    return decision


def newest_accreditation_id(team_id) -> ScalarSelect:
    """The id of a team's current accreditation: the newest row a decision made. `team_id` is a value, or the team
    column of the query this goes into (team home reads every card's status this way)."""
    earlier = aliased(Accreditation)
    return select(func.max(earlier.id)).where(earlier.team_id == team_id).scalar_subquery()


def _current() -> Select:
    """Each team's current status: its newest accreditation row."""
    newest = select(func.max(Accreditation.id)).group_by(Accreditation.team_id)
    return select(Accreditation).where(Accreditation.id.in_(newest))


def interim_reviews_due(db: Session, today: date, within_days: int = 60) -> list[Accreditation]:
    """Current awards whose interim review falls due within the coming days (or is overdue)."""
    return list(db.scalars(
        _current().where(Accreditation.interim_review_due <= today + timedelta(days=within_days),
                         Accreditation.valid_until >= today)
        .order_by(Accreditation.interim_review_due)
    ))


def expired(db: Session, today: date) -> list[Accreditation]:
    """Awards whose validity has ended with no newer decision recorded."""
    return list(db.scalars(_current().where(Accreditation.valid_until < today).order_by(Accreditation.valid_until)))
