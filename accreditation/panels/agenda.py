"""What may go on a panel's agenda, and why: a final committee takes each assessment for its first decision and
again when it returns (further evidence reviewed, a deferral lapsed, an appeal upheld). Nothing returns
silently: the QA coordinator sees every return, with its reason, and puts it on an agenda."""
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
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


def schedule_panel(
    db: Session, actor: Person, *, kind: PanelKind, meets_on: date, chair: Person, members: list[Person],
    reviews: list[Review], today: date, quorum: int = 3,
) -> Panel:
    """Both kinds of panel are chaired by a service user (the panel chair role); each item must be waiting for
    that kind of panel, and keeps the reason it is there."""
    if Role.PANEL_CHAIR not in chair.roles:
        raise PanelError(_l("The chair must be a service user panel chair"))
    everyone = {chair.id: chair} | {m.id: m for m in members}
    if len(everyone) < quorum:
        raise PanelError(_l("A panel needs at least as many members as its quorum"))
    waiting = {c.review.id: c for c in candidates_for(db, kind, today)}
    if any(r.id not in waiting for r in reviews):
        raise PanelError(_l("Only assessments waiting for this kind of panel can go on its agenda"))
    panel = Panel(kind=kind, meets_on=meets_on, chair=chair, quorum=quorum, scheduled_by_id=actor.id)
    panel.members = [PanelMember(person_id=person_id) for person_id in everyone]
    panel.items = [AgendaItem(review=r, position=n, reason=waiting[r.id].reason) for n, r in enumerate(reviews, start=1)]
    db.add(panel)
    audit.record(db, actor, "panel.scheduled", panel, kind=kind.value, items=[r.id for r in reviews],
                 reasons=[waiting[r.id].reason.value for r in reviews])
    return panel


def meeting_started(db: Session, panel: Panel) -> bool:
    """Attendance is recorded on an item: the meeting has begun (every recommendation and decision needs it)."""
    return db.scalar(select(exists().where(
        Declaration.item_id == AgendaItem.id, AgendaItem.panel_id == panel.id,
    )))


def move_panel(db: Session, actor: Person, panel: Panel, meets_on: date, today: date) -> None:
    """Another day for a meeting that has not begun (the chair is ill, the room is lost); its agenda goes with it."""
    if meeting_started(db, panel):
        raise PanelError(_l("Attendance has been recorded at this meeting, so its date stays as it was"))
    if meets_on < today:
        raise PanelError(_l("The new date must be today or later"))
    before, panel.meets_on = panel.meets_on, meets_on
    audit.record(db, actor, "panel.moved", panel, before=before.isoformat(), meets_on=meets_on.isoformat())

