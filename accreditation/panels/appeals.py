"""Appeals: the team appeals a decision with its grounds within the window; the outcome is recorded with
reasons, and an upheld appeal sends the assessment back to the final committee."""
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.db import utcnow
from accreditation.panels.deferral import current_decision, team_id_of
from accreditation.panels.models import APPEAL_TRANSITIONS, Appeal, AppealStatus, Decision
from accreditation.panels.services import APPEAL_WINDOW_DAYS, PanelError
from accreditation.roles import Permission
from accreditation.selfassessment.rules import contains_nhs_number

PROGRAMME_TIMEZONE = ZoneInfo("Europe/London")


def programme_date(moment: datetime) -> date:
    """The day something happened, as people in the programme count days."""
    return moment.astimezone(PROGRAMME_TIMEZONE).date()


class Recorded(Protocol):
    """A decision, or a page's row of one: all the deadline needs is when it was recorded."""
    recorded_at: datetime


def appeal_deadline(decision: Recorded, window_days: int = APPEAL_WINDOW_DAYS) -> date:
    """The last day to appeal: counted from the day the decision was recorded."""
    return programme_date(decision.recorded_at) + timedelta(days=window_days)


def appeal_of(db: Session, decision: Decision) -> Appeal | None:
    return db.scalar(select(Appeal).where(Appeal.decision_id == decision.id))


def can_appeal(db: Session, decision: Decision, today: date, window_days: int = APPEAL_WINDOW_DAYS) -> bool:
    return (
        today <= appeal_deadline(decision, window_days) and appeal_of(db, decision) is None
        and current_decision(db, decision.item.review_id) is decision
    )


def lodge_appeal(
    db: Session, actor: Person, decision: Decision, grounds: str, today: date, window_days: int = APPEAL_WINDOW_DAYS,
) -> Appeal:
    if not actor.can(Permission.APPEAL_DECISION, team_id=team_id_of(decision)):
        raise PanelError(_l("Only the lead of the team this decision is about can appeal it"))
    if appeal_of(db, decision) is not None:
        raise PanelError(_l("This decision has already been appealed"))
    if current_decision(db, decision.item.review_id) is not decision:
        raise PanelError(_l("A newer decision has replaced this one: appeal that one instead"))
    if today > appeal_deadline(decision, window_days):
        raise PanelError(_l("The time to appeal this decision ended on %(date)s", date=appeal_deadline(decision, window_days).isoformat()))
    if not grounds.strip():
        raise PanelError(_l("Give the grounds for the appeal"))
    if contains_nhs_number(grounds):
        raise PanelError(_l("Remove the NHS number: an appeal must not identify patients"))
    appeal = Appeal(decision=decision, grounds=grounds.strip(), lodged_by_id=actor.id)
    db.add(appeal)
    db.flush()
    audit.record(db, actor, "appeal.lodged", appeal, decision=decision.id)
    return appeal


def decide_appeal(db: Session, actor: Person, appeal: Appeal, *, upheld: bool, reasons: str) -> Appeal:
    """Recorded by the QA team for whoever heard it; upheld returns the assessment to the final committee."""
    if not actor.can(Permission.RUN_PANELS):
        raise PanelError(_l("Only the quality assurance team records the outcome of an appeal"))
    status = AppealStatus.UPHELD if upheld else AppealStatus.NOT_UPHELD
    if status not in APPEAL_TRANSITIONS[appeal.status]:
        raise PanelError(_l("The outcome of this appeal has already been recorded"))
    if not reasons.strip():
        raise PanelError(_l("Give the reasons for the outcome"))
    appeal.status, appeal.outcome_reasons = status, reasons.strip()
    appeal.decided_at, appeal.decided_by_id = utcnow(), actor.id
    db.flush()
    audit.record(db, actor, "appeal.decided", appeal, status=status.value)
    return appeal
