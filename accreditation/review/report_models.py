"""What the lead assessor concludes: consolidated findings per standard, and the assessors' report."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.auth.models import Person
from accreditation.db import Base, enum_column, utcnow
from accreditation.enums import LabelledEnum
from accreditation.review.models import Review, Score
from accreditation.standards.models import Standard


class ConsolidatedFinding(Base):
    """The visit team's agreed score for one standard. Each assessor's own scores stay as they were."""

    __tablename__ = "consolidated_finding"
    __table_args__ = (UniqueConstraint("review_id", "standard_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"))
    score: Mapped[Score] = mapped_column(enum_column(Score))
    finding: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    standard: Mapped[Standard] = relationship()


class ReportStatus(LabelledEnum):
    DRAFT = "draft", _l("Being written")
    WITH_TEAM = "with_team", _l("With the team to check the facts")
    READY = "ready", _l("Ready for the panels")


# The one place that says which status may follow which.
REPORT_TRANSITIONS = {
    ReportStatus.DRAFT: {ReportStatus.WITH_TEAM},
    ReportStatus.WITH_TEAM: {ReportStatus.READY},
    ReportStatus.READY: set(),
}


class AssessorsReport(Base):
    __tablename__ = "assessors_report"
    __table_args__ = (
        CheckConstraint("(status = 'draft') = (sent_to_team_at IS NULL)", name="sent_unless_draft"),
        CheckConstraint("(status = 'ready') = (ready_at IS NOT NULL)", name="ready_has_when"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), unique=True)
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus), default=ReportStatus.DRAFT)
    strengths: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")
    sent_to_team_at: Mapped[datetime | None]
    comments_due: Mapped[date | None]
    ready_at: Mapped[datetime | None]
    review: Mapped[Review] = relationship()
    comments: Mapped[list["FactualComment"]] = relationship(
        back_populates="report", order_by="FactualComment.id", cascade="all, delete-orphan"
    )


class FactualComment(Base):
    """The team says something in the report is factually wrong; the lead assessor responds."""

    __tablename__ = "factual_comment"
    __table_args__ = (
        CheckConstraint("(responded_at IS NULL) = (responded_by_id IS NULL)", name="responded_has_who"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("assessors_report.id", ondelete="CASCADE"), index=True)
    standard_code: Mapped[str | None]
    comment: Mapped[str] = mapped_column(Text)
    made_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    made_at: Mapped[datetime] = mapped_column(default=utcnow)
    response: Mapped[str] = mapped_column(Text, default="")
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    responded_at: Mapped[datetime | None]
    report: Mapped[AssessorsReport] = relationship(back_populates="comments")
    made_by: Mapped[Person] = relationship(foreign_keys=[made_by_id])
