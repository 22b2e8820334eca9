"""Rendered documents (PDFs), kept in the evidence store once made, so each is rendered once."""
from datetime import datetime

from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from accreditation.db import Base, utcnow


class Document(Base):
    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("kind", "subject_id", "language", "edition"),
        CheckConstraint("(storage_key IS NULL) = (ready_at IS NULL)", name="ready_has_file"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # what it is: "certificate", ...
    subject_id: Mapped[int]  # the decision (or other object) it is about
    language: Mapped[str] = mapped_column(String(20))
    edition: Mapped[int]  # bumped when a document's layout changes, so older renderings are not served
    storage_key: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None]
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    ready_at: Mapped[datetime | None]
