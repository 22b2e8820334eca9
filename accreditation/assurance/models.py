"""API clients: systems that read the register and decisions with a bearer token an administrator issued."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.auth.models import Person
from accreditation.db import Base, utcnow


class ApiClient(Base):
    """Only a SHA-256 hash of the token is kept: the token is shown once, when the client is created."""

    __tablename__ = "api_client"
    __table_args__ = (CheckConstraint("(revoked_at IS NULL) = (revoked_by_id IS NULL)", name="revoked_has_who"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The token's first characters, so an administrator can tell clients apart without the token.
    token_prefix: Mapped[str] = mapped_column(String(12))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_by: Mapped[Person] = relationship(foreign_keys=[created_by_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class FiguresGeneration(Base):
    """One row: a number the write side moves on, in the same transaction, whenever a change can move an
    assurance figure (accreditation/assurance/generation.py). Kept renderings of the figures are keyed by it.

    `changed_at` is set with it, so a number reused after a rolled-back change still makes a new key."""

    __tablename__ = "figures_generation"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
