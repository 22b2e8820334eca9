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
