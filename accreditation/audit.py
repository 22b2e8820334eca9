"""The audit trail: every change to the programme's records writes an entry in the same transaction."""
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from accreditation.db import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # None when the change came from the command line rather than a signed-in person.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    action: Mapped[str] = mapped_column(String(80))
    subject_type: Mapped[str] = mapped_column(String(80))
    subject_id: Mapped[int]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def record(db: Session, actor, action: str, subject: Base, **details: Any) -> AuditEntry:
    """Add an audit entry to the caller's transaction; the subject must already have an id (flushed)."""
    if subject.id is None:
        db.flush()
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        details=details,
    )
    db.add(entry)
    return entry
