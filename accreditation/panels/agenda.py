"""What may go on a panel's agenda, and why: a final committee takes each assessment for its first decision and
again when it returns (further evidence reviewed, a deferral lapsed, an appeal upheld). Nothing returns
silently: the QA coordinator sees every return, with its reason, and puts it on an agenda."""
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Exists, exists, func, or_, select
from sqlalchemy.orm import Session, joinedload

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.panels.models import (
    AgendaItem, Appeal, AppealStatus, Decision, Declaration, FurtherEvidence, FurtherEvidenceStatus, ItemReason, Panel,
    PanelKind, PanelMember, Recommendation,
)
from accreditation.panels.outcome import Outcome
from accreditation.panels.services import PanelError
from accreditation.review.models import Review
from accreditation.review.report_models import AssessorsReport, ReportStatus
from accreditation.roles import Role
from accreditation.selfassessment.models import Cycle, SelfAssessment


@dataclass(frozen=True)
class Candidate:
    review: Review
    reason: ItemReason
    reconsiders: Decision | None = None  # the decision a return looks at again

    @property
    def flagged(self) -> bool:
        return self.reason is ItemReason.LAPSED


def _ready_reviews(db: Session) -> list[Review]:
    return list(db.scalars(
        select(Review).join(AssessorsReport, AssessorsReport.review_id == Review.id)
        .where(AssessorsReport.status == ReportStatus.READY)
        .options(joinedload(Review.self_assessment).joinedload(SelfAssessment.cycle).joinedload(Cycle.team))
        .order_by(Review.id)
    ))


def _undecided_items(db: Session, kind: PanelKind) -> dict[int, int]:
    """Review id -> its newest agenda item of this kind that has no decision or recommendation yet."""
    recorded = Decision if kind is PanelKind.FINAL_COMMITTEE else Recommendation
    rows = db.execute(
        select(AgendaItem.review_id, func.max(AgendaItem.id)).join(AgendaItem.panel)
        .where(Panel.kind == kind, ~select(recorded.id).where(recorded.item_id == AgendaItem.id).exists())
        .group_by(AgendaItem.review_id)
    )
    return dict(rows.all())


def committee_candidates(db: Session, today: date) -> list[Candidate]:
    """Assessments waiting for the final committee (5 queries, whatever the number)."""
    newest = select(func.max(Decision.id)).join(Decision.item).group_by(AgendaItem.review_id)
    latest = {d.item.review_id: d for d in db.scalars(
        select(Decision).where(Decision.id.in_(newest)).options(joinedload(Decision.item))
    )}
    further = dict(db.execute(select(FurtherEvidence.decision_id, FurtherEvidence.status)
                              .where(FurtherEvidence.decision_id.in_(newest))).all())
    upheld = set(db.scalars(select(Appeal.decision_id).where(Appeal.status == AppealStatus.UPHELD, Appeal.decision_id.in_(newest))))
    waiting = _undecided_items(db, PanelKind.FINAL_COMMITTEE)
    candidates = []
    for review in _ready_reviews(db):
        decision = latest.get(review.id)
        if review.id in waiting and (decision is None or waiting[review.id] > decision.item_id):
            continue  # already on an agenda
        reason = None
        if decision is None:
            reason = ItemReason.FIRST
        elif decision.id in upheld:
            reason = ItemReason.APPEAL_UPHELD
        elif decision.outcome is Outcome.DEFERRED:
            status = further.get(decision.id)
            if status is FurtherEvidenceStatus.REVIEWED:
                reason = ItemReason.FURTHER_EVIDENCE
            elif status is not FurtherEvidenceStatus.SENT and decision.deferral_deadline < today:
                reason = ItemReason.LAPSED  # decided on what was provided
        if reason is not None:
            candidates.append(Candidate(review, reason, decision))
    return candidates


def panel_candidates(db: Session) -> list[Candidate]:
    """Assessments with a ready report that the service user panel has not yet recommended on."""
    recommended = set(db.scalars(select(AgendaItem.review_id).join(Recommendation, Recommendation.item_id == AgendaItem.id)))
    waiting = _undecided_items(db, PanelKind.SERVICE_USER_PANEL)
    return [Candidate(r, ItemReason.FIRST) for r in _ready_reviews(db) if r.id not in recommended and r.id not in waiting]


def candidates_for(db: Session, kind: PanelKind, today: date) -> list[Candidate]:
    return committee_candidates(db, today) if kind is PanelKind.FINAL_COMMITTEE else panel_candidates(db)


def _membership(chair: Person, members: list[Person], quorum: int) -> dict[int, Person]:
    """Everyone on the panel, the chair included, by id: a service user chairs, and a quorum is possible."""
    if Role.PANEL_CHAIR not in chair.roles:
        raise PanelError(_l("The chair must be a service user panel chair"))
    everyone = {chair.id: chair} | {m.id: m for m in members}
    if len(everyone) < quorum:
        raise PanelError(_l("A panel needs at least as many members as its quorum"), field="members")
    return everyone


def schedule_panel(
    db: Session, actor: Person, *, kind: PanelKind, meets_on: date, chair: Person, members: list[Person],
    reviews: list[Review], today: date, quorum: int = 3,
) -> Panel:
    """Both kinds of panel are chaired by a service user (the panel chair role); each item must be waiting for
    that kind of panel, and keeps the reason it is there."""
    everyone = _membership(chair, members, quorum)
    waiting = {c.review.id: c for c in candidates_for(db, kind, today)}
    if any(r.id not in waiting for r in reviews):
        raise PanelError(_l("Only assessments waiting for this kind of panel can go on its agenda"), field="reviews")
    panel = Panel(kind=kind, meets_on=meets_on, chair=chair, quorum=quorum, scheduled_by_id=actor.id)
    panel.members = [PanelMember(person_id=person_id) for person_id in everyone]
    panel.items = [AgendaItem(review=r, position=n, reason=waiting[r.id].reason) for n, r in enumerate(reviews, start=1)]
    db.add(panel)
    audit.record(db, actor, "panel.scheduled", panel, kind=kind.value, items=[r.id for r in reviews],
                 reasons=[waiting[r.id].reason.value for r in reviews])
    return panel


def _heard(item_id) -> ColumnElement[bool]:
    """Attendance, a recommendation or a decision is recorded on the item (the demo's earlier cycles have decisions
    without attendance)."""
    return or_(*(exists().where(recorded.item_id == item_id) for recorded in (Declaration, Recommendation, Decision)))


def _begun(panel_id) -> Exists:
    """An item of the meeting has been heard: the meeting has begun."""
    return exists().where(AgendaItem.panel_id == panel_id, _heard(AgendaItem.id))


def meeting_started(db: Session, panel: Panel) -> bool:
    return db.scalar(select(_begun(panel.id)))


def move_panel(db: Session, actor: Person, panel: Panel, meets_on: date, today: date) -> None:
    """Another day for a meeting that has not begun (the chair is ill, the room is lost); its agenda goes with it."""
    if meeting_started(db, panel):
        raise PanelError(_l("Attendance has been recorded at this meeting, so its date stays as it was"))
    if meets_on < today:
        raise PanelError(_l("The new date must be today or later"))
    before, panel.meets_on = panel.meets_on, meets_on
    audit.record(db, actor, "panel.moved", panel, before=before.isoformat(), meets_on=meets_on.isoformat())


def change_members(db: Session, actor: Person, panel: Panel, *, chair: Person, members: list[Person], quorum: int) -> None:
    """Another chair or other members for a meeting that has not begun (someone is ill, or has a conflict with a
    team on the agenda); the scheduling rules apply again. Those who stay keep their place."""
    if meeting_started(db, panel):
        raise PanelError(_l("Attendance has been recorded at this meeting, so its chair and members stay as they were"))
    everyone = _membership(chair, members, quorum)
    before = {"chair": panel.chair_id, "members": sorted(m.person_id for m in panel.members), "quorum": panel.quorum}
    staying = [m for m in panel.members if m.person_id in everyone]
    joining = [PanelMember(person_id=person_id) for person_id in everyone.keys() - {m.person_id for m in staying}]
    panel.chair, panel.quorum, panel.members = chair, quorum, staying + sorted(joining, key=lambda m: m.person_id)
    audit.record(db, actor, "panel.members_changed", panel, before=before, chair=chair.id, members=sorted(everyone),
                 quorum=quorum)


def other_meetings(db: Session, item: AgendaItem, today: date) -> list[Panel]:
    """Where an item can go instead: meetings of the same kind, today or later, not begun, without this assessment."""
    return list(db.scalars(
        select(Panel).where(
            Panel.kind == item.panel.kind, Panel.id != item.panel_id, Panel.meets_on >= today, ~_begun(Panel.id),
            ~exists().where(AgendaItem.panel_id == Panel.id, AgendaItem.review_id == item.review_id),
        ).options(joinedload(Panel.chair)).order_by(Panel.meets_on, Panel.id)
    ))


def item_heard(db: Session, item: AgendaItem) -> bool:
    return db.scalar(select(_heard(item.id)))


def move_item(db: Session, actor: Person, item: AgendaItem, to: Panel, today: date) -> None:
    """An item its meeting cannot reach (time ran out, the team could not come) goes on the agenda of another
    meeting of the same kind that has not begun, last, and keeps why it is on an agenda."""
    if item_heard(db, item):
        raise PanelError(_l("Attendance has been recorded on this item, so it stays at this meeting"))
    if to not in other_meetings(db, item, today):
        raise PanelError(_l("Choose a meeting of the same kind, today or later, that has not begun"))
    before = item.panel_id
    item.position = max((other.position for other in to.items), default=0) + 1
    item.panel = to
    db.flush()
    audit.record(db, actor, "agenda_item.moved", item, before=before, panel=to.id)
