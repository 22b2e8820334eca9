from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.db import Base, enum_column
from accreditation.enums import LabelledEnum


class TeamKind(LabelledEnum):
    WARD = "ward", _l("Ward")
    COMMUNITY_TEAM = "community_team", _l("Community team")
    CLINIC = "clinic", _l("Clinic")
    PRACTICE = "practice", _l("GP practice")


class Organisation(Base):
    """A trust (or other provider) running the programme."""

    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # the NHS organisation (ODS) code
    is_demo: Mapped[bool] = mapped_column(default=False)
    directorates: Mapped[list["Directorate"]] = relationship(
        back_populates="organisation", order_by="Directorate.name"
    )


class Directorate(Base):
    __tablename__ = "directorate"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[Organisation] = relationship(back_populates="directorates")
    teams: Mapped[list["Team"]] = relationship(back_populates="directorate", order_by="Team.name")


class Team(Base):
    """A clinical team that is accredited: a ward, a community team, a clinic or a practice."""

    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("directorate_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorate.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TeamKind] = mapped_column(enum_column(TeamKind))
    service_type: Mapped[str] = mapped_column(String(200))
    site: Mapped[str] = mapped_column(String(200))
    directorate: Mapped[Directorate] = relationship(back_populates="teams")
