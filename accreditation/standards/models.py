from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.db import Base, enum_column
from accreditation.enums import LabelledEnum


class Tier(LabelledEnum):
    ESSENTIAL = "essential", _l("Essential")  # every one must be met for any award
    EXPECTED = "expected", _l("Expected")
    ASPIRATIONAL = "aspirational", _l("Aspirational")


class StandardsStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")  # the standards group is editing it
    AWAITING_APPROVAL = "awaiting_approval", _l("Waiting for approval")
    PUBLISHED = "published", _l("Published")


# The one place that says which status may follow which: returned drafts go back to the group.
TRANSITIONS = {
    StandardsStatus.DRAFT: frozenset({StandardsStatus.AWAITING_APPROVAL}),
    StandardsStatus.AWAITING_APPROVAL: frozenset({StandardsStatus.DRAFT, StandardsStatus.PUBLISHED}),
    StandardsStatus.PUBLISHED: frozenset(),  # a published version never changes
}


class StandardsVersion(Base):
    """A set of the 24 standards. Once published it never changes; assessments pin to it.

    Versions loaded from files are published; the standards group drafts new ones in the app, which get their
    label, date and digest when the QA coordinator approves them.
    """

    __tablename__ = "standards_version"
    __table_args__ = (
        CheckConstraint(
            "(status = 'published') = (label IS NOT NULL AND published_on IS NOT NULL AND digest IS NOT NULL)",
            name="published_has_label",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str | None] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    published_on: Mapped[date | None]
    # SHA-256 of the content: a published version whose file has changed is refused.
    digest: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[StandardsStatus] = mapped_column(
        enum_column(StandardsStatus), default=StandardsStatus.PUBLISHED, server_default=StandardsStatus.PUBLISHED.value
    )
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("standards_version.id"))
    returned_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    based_on: Mapped["StandardsVersion | None"] = relationship(remote_side=[id])
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
