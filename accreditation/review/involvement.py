"""The involvement log: time assessors give, recorded for payment, and its CSV for the payments team."""
import csv
import io
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Text, select
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.db import Base, enum_column, utcnow
from accreditation.enums import LabelledEnum
from accreditation.organisation.models import Team
from accreditation.review.models import Review
from accreditation.selfassessment.models import Cycle, SelfAssessment


class Activity(LabelledEnum):
    EVIDENCE_REVIEW = "evidence_review", _l("Evidence review")
    VISIT = "visit", _l("Visit")
    PANEL = "panel", _l("Panel")
    TRAINING = "training", _l("Training")


class InvolvementEntry(Base):
    __tablename__ = "involvement_entry"
    __table_args__ = (CheckConstraint("minutes > 0 AND minutes <= 1440", name="minutes_in_a_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"), index=True)
    activity: Mapped[Activity] = mapped_column(enum_column(Activity))
    worked_on: Mapped[date]
    minutes: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    review: Mapped[Review | None] = relationship()


def record_involvement(
    db: Session, actor: Person, person: Person, *, activity: Activity, on: date, minutes: int,
    review: Review | None = None, note: str = "",
) -> InvolvementEntry:
    entry = InvolvementEntry(
        person_id=person.id, review=review, activity=activity, worked_on=on, minutes=minutes, note=note.strip(),
        recorded_by_id=actor.id,
    )
    db.add(entry)
    audit.record(db, actor, "involvement.recorded", entry, person=person.id, minutes=minutes, activity=activity.value)
    return entry


def entries_between(db: Session, start: date, end: date, person_id: int | None = None) -> list[InvolvementEntry]:
    query = (
        select(InvolvementEntry)
        .where(InvolvementEntry.worked_on >= start, InvolvementEntry.worked_on <= end)
        .options(
            joinedload(InvolvementEntry.person),
            joinedload(InvolvementEntry.review).joinedload(Review.self_assessment)
            .joinedload(SelfAssessment.cycle).joinedload(Cycle.team),
        )
        .order_by(InvolvementEntry.worked_on, InvolvementEntry.id)
    )
    if person_id is not None:
        query = query.where(InvolvementEntry.person_id == person_id)
    return list(db.scalars(query))


def _cell(value) -> str:
    """Spreadsheet-safe: a cell that starts like a formula is kept as text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def involvement_csv(entries: list[InvolvementEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "assessor", "email", "activity", "team", "minutes", "hours", "note"])
    for e in entries:
        team: Team | None = e.review.self_assessment.cycle.team if e.review else None
        writer.writerow([_cell(v) for v in (
            e.worked_on.isoformat(), e.person.full_name, e.person.email, str(e.activity.label), team.name if team else "",
            e.minutes, f"{e.minutes / 60:.2f}", e.note,
        )])
    return out.getvalue()
