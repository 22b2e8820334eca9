from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.db import Base, enum_column
from accreditation.enums import LabelledEnum


class Tier(LabelledEnum):
    ESSENTIAL = "essential", _l("Essential")  # every one must be met for any award
    EXPECTED = "expected", _l("Expected")
    ASPIRATIONAL = "aspirational", _l("Aspirational")


class StandardsVersion(Base):
    """A published set of the 24 standards. Once published it never changes; assessments pin to it."""

    __tablename__ = "standards_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    published_on: Mapped[date]
    # SHA-256 of the source file: a published version whose file has changed is refused.
    digest: Mapped[str] = mapped_column(String(64))
    themes: Mapped[list["Theme"]] = relationship(
        back_populates="version", order_by="Theme.position", cascade="all, delete-orphan"
    )
    # Standards are added through their theme; this is the version's read-only list of them in order.
    standards: Mapped[list["Standard"]] = relationship(order_by="Standard.position", viewonly=True)


class Theme(Base):
    __tablename__ = "standards_theme"
    __table_args__ = (UniqueConstraint("version_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("standards_version.id"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    version: Mapped[StandardsVersion] = relationship(back_populates="themes")
    standards: Mapped[list["Standard"]] = relationship(
        back_populates="theme", order_by="Standard.position", cascade="all, delete-orphan"
    )


class Standard(Base):
    __tablename__ = "standard"
    __table_args__ = (UniqueConstraint("version_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("standards_version.id"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("standards_theme.id"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    position: Mapped[int]
    tier: Mapped[Tier] = mapped_column(enum_column(Tier))
    title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(Text)
    easy_read: Mapped[str] = mapped_column(Text)
    what_good_looks_like: Mapped[list[str]] = mapped_column(JSON)
    evidence_examples: Mapped[list[str]] = mapped_column(JSON)
    version: Mapped[StandardsVersion] = relationship()
    theme: Mapped[Theme] = relationship(back_populates="standards")
