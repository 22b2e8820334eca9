from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.db import Base, enum_column, utcnow
from accreditation.organisation.models import Team
from accreditation.roles import MATRIX, TEAM_ROLES, Permission, Role

_TEAM_ROLE_VALUES = ", ".join(f"'{r.value}'" for r in sorted(TEAM_ROLES))


class Person(UserMixin, Base):
    """Anyone who signs in: service users and carers, staff, panel members, the board."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # kept lower case
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(20))
    # Access preferences, kept with the person so they follow them to any device.
    easy_read: Mapped[bool] = mapped_column(default=False, server_default=false())
    large_text: Mapped[bool] = mapped_column(default=False, server_default=false())
    active: Mapped[bool] = mapped_column(default=True)
    # Every session carries the number it was started with; raising it ends them all, on every app server.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Loaded when asked: a list of people (a visit team, a panel) seldom needs their roles; the signed-in
    # person's are loaded with them (auth.init_app), and pages that list roles load them in one query.
    role_assignments: Mapped[list["RoleAssignment"]] = relationship(back_populates="person", cascade="all, delete-orphan")

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(a.role for a in self.role_assignments)

    def teams_for(self, role: Role) -> list[Team]:
        return [a.team for a in self.role_assignments if a.role == role and a.team is not None]

    def can(self, permission: Permission, team_id: int | None = None) -> bool:
        """Whether the matrix grants `permission`; with a team, team roles count only for that team."""
        return any(
            permission in MATRIX[a.role] and (team_id is None or a.team_id is None or a.team_id == team_id)
            for a in self.role_assignments
        )


    def team_ids_for(self, permission: Permission) -> set[int] | None:
        """The teams for which the matrix grants `permission`; None means every team (a role held for none)."""
        team_ids: set[int] = set()
        for a in self.role_assignments:
            if permission in MATRIX[a.role]:
                if a.team_id is None:
                    return None
                team_ids.add(a.team_id)
        return team_ids


class RoleAssignment(Base):
    __tablename__ = "role_assignment"
    __table_args__ = (
        UniqueConstraint("person_id", "role", "team_id"),
        # Team roles are held for exactly one team; every other role for none.
        CheckConstraint(
            f"(role IN ({_TEAM_ROLE_VALUES})) = (team_id IS NOT NULL)", name="team_role_has_team"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    person: Mapped[Person] = relationship(back_populates="role_assignments")
    team: Mapped[Team | None] = relationship(lazy="joined")


class SignInAttempt(Base):
    """Kept in the database so throttling holds across several stateless app servers."""

    __tablename__ = "sign_in_attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    succeeded: Mapped[bool]
