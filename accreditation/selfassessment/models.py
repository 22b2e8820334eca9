"""An accreditation cycle for a team, and the team's self-assessment against the standards it pins."""
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from accreditation.auth.models import Person
from accreditation.db import Base, enum_column, utcnow
from accreditation.enums import LabelledEnum
from accreditation.organisation.models import Team
from accreditation.roles import Permission
from accreditation.standards import published
from accreditation.standards.models import Standard, StandardsVersion


class CycleStatus(LabelledEnum):
    """A cycle closes when the final committee's decision stands (anything but a deferral), so the team can be
    enrolled again; a decision amended to a deferral opens it again (selfassessment.services.settle_cycle)."""

    OPEN = "open", lazy_pgettext("status of an accreditation cycle", "Open")
    CLOSED = "closed", _l("Closed")


class Cycle(Base):
    """One pass of a team through the programme, pinned to the standards version in force when it opened."""

    __tablename__ = "cycle"
    __table_args__ = (
        CheckConstraint("(withdrawn_at IS NULL) = (withdrawal_reason = '')", name="withdrawn_has_reason"),
        CheckConstraint("withdrawn_at IS NULL OR status = 'closed'", name="withdrawn_is_closed"),
        # A team has at most one open cycle.
        Index(
            "uq_cycle_one_open_per_team", "team_id", unique=True,
            sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    standards_version_id: Mapped[int] = mapped_column(ForeignKey("standards_version.id"))
    status: Mapped[CycleStatus] = mapped_column(enum_column(CycleStatus), default=CycleStatus.OPEN)
    self_assessment_due: Mapped[date]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    # The team left the cycle before its visit (a ward closed or merged): why, kept for the record.
    withdrawn_at: Mapped[datetime | None]
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    team: Mapped[Team] = relationship()
    standards_version: Mapped[StandardsVersion] = relationship()
    self_assessment: Mapped["SelfAssessment"] = relationship(back_populates="cycle")

    @property
    def standards(self) -> tuple[published.PublishedStandard, ...]:
        """The pinned version's standards, in order: read once per app server (a published version never changes)."""
        return published.standards(object_session(self), self.standards_version_id)


class SelfAssessmentStatus(LabelledEnum):
    IN_PROGRESS = "in_progress", _l("In progress")
    SUBMITTED = "submitted", _l("Submitted")
    RETURNED = "returned", _l("Returned for more information")
    WITHDRAWN = "withdrawn", _l("Withdrawn from the cycle")

    @property
    def editable(self) -> bool:
        """The team can change its answers and evidence (sent or withdrawn, it is read-only)."""
        return self in (SelfAssessmentStatus.IN_PROGRESS, SelfAssessmentStatus.RETURNED)

    def overdue(self, due: date, today: date) -> bool:
        """Not sent, and its deadline has passed."""
        return self.editable and due < today


# The one place that says which status may follow which.
TRANSITIONS = {
    SelfAssessmentStatus.IN_PROGRESS: {SelfAssessmentStatus.SUBMITTED, SelfAssessmentStatus.WITHDRAWN},
    SelfAssessmentStatus.SUBMITTED: {SelfAssessmentStatus.RETURNED, SelfAssessmentStatus.WITHDRAWN},
    SelfAssessmentStatus.RETURNED: {SelfAssessmentStatus.SUBMITTED, SelfAssessmentStatus.WITHDRAWN},
    SelfAssessmentStatus.WITHDRAWN: set(),
}


class SelfAssessment(Base):
    __tablename__ = "self_assessment"
    __table_args__ = (
        CheckConstraint(
            "(status = 'submitted') = (submitted_at IS NOT NULL AND submitted_by_id IS NOT NULL)",
            name="submitted_has_when_and_who",
        ),
        CheckConstraint("passed_to_assessors_at IS NULL OR status = 'submitted'", name="passed_only_when_submitted"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), unique=True)
    status: Mapped[SelfAssessmentStatus] = mapped_column(
        enum_column(SelfAssessmentStatus), default=SelfAssessmentStatus.IN_PROGRESS
    )
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # Set when a visit team is allocated: from then on the assessors score it as sent, so it is never returned.
    passed_to_assessors_at: Mapped[datetime | None]
    cycle: Mapped[Cycle] = relationship(back_populates="self_assessment")
    answers: Mapped[list["Answer"]] = relationship(back_populates="self_assessment", cascade="all, delete-orphan")
    submissions: Mapped[list["Submission"]] = relationship(
        back_populates="self_assessment", order_by="Submission.number", cascade="all, delete-orphan"
    )

    @property
    def team_id(self) -> int:
        return self.cycle.team_id

    @property
    def due(self) -> date:
        return self.cycle.self_assessment_due

    # Permissions combine the role matrix (for this team) with the state: asked by views and templates alike.
    def can_view(self, person: Person) -> bool:
        return person.can(Permission.VIEW_SELF_ASSESSMENT, team_id=self.team_id)

    def can_edit(self, person: Person) -> bool:
        return self.status.editable and person.can(Permission.EDIT_SELF_ASSESSMENT, team_id=self.team_id)

    def can_submit(self, person: Person) -> bool:
        return self.status.editable and person.can(Permission.SUBMIT_SELF_ASSESSMENT, team_id=self.team_id)

    def can_change_deadline(self, person: Person) -> bool:
        """Until the team sends it: once sent, the deadline has been met or missed."""
        return self.status.editable and person.can(Permission.ENROL_TEAMS)

    @property
    def returnable(self) -> bool:
        """Sent by the team and still with the quality assurance team, not yet passed to assessors."""
        return self.status is SelfAssessmentStatus.SUBMITTED and self.passed_to_assessors_at is None

    def can_withdraw(self, person: Person) -> bool:
        """Until a visit team is allocated: after that the assessors' work is under way."""
        return (self.status is not SelfAssessmentStatus.WITHDRAWN and self.passed_to_assessors_at is None
                and person.can(Permission.ENROL_TEAMS))

    def can_return(self, person: Person) -> bool:
        return self.returnable and person.can(Permission.RETURN_SELF_ASSESSMENT)

    @property
    def latest_return(self) -> "Submission | None":
        """The last submission, if it came back to the team for more information."""
        last = self.submissions[-1] if self.submissions else None
        return last if last is not None and last.returned_at is not None else None


class Rating(LabelledEnum):
    MET = "met", _l("Met")
    PARTIALLY_MET = "partially_met", _l("Partially met")
    NOT_MET = "not_met", _l("Not met")
    NOT_APPLICABLE = "not_applicable", _l("Not applicable")


class Answer(Base):
    """The team's answer for one standard. `revision` goes up by one at every save (optimistic locking)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("self_assessment_id", "standard_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    self_assessment_id: Mapped[int] = mapped_column(ForeignKey("self_assessment.id"), index=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"))
    rating: Mapped[Rating | None] = mapped_column(enum_column(Rating))
    not_applicable_reason: Mapped[str] = mapped_column(Text, default="")
    how_we_meet: Mapped[str] = mapped_column(Text, default="")
    improvement_underway: Mapped[str] = mapped_column(Text, default="")
    involvement_count: Mapped[int | None]
    involvement_how: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    self_assessment: Mapped[SelfAssessment] = relationship(back_populates="answers")
    standard: Mapped[Standard] = relationship()
    updated_by: Mapped[Person | None] = relationship()
    __mapper_args__ = {"version_id_col": revision, "version_id_generator": False}
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="answer", order_by="Evidence.id", cascade="all, delete-orphan"
    )

    @property
    def current_evidence(self) -> list["Evidence"]:
        return [item for item in self.evidence if item.removed_at is None]


class EvidenceKind(LabelledEnum):
    FILE = "file", _l("File")
    LINK = "link", _l("Link")
    AT_VISIT = "at_visit", _l("We will show this at the visit")


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint("(kind = 'file') = (storage_key IS NOT NULL)", name="file_has_storage_key"),
        CheckConstraint("(kind = 'link') = (url IS NOT NULL)", name="link_has_url"),
        CheckConstraint("(removed_at IS NULL) = (removed_by_id IS NULL)", name="removed_has_who"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id"), index=True)
    kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind))
    description: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    storage_key: Mapped[str | None] = mapped_column(String(100))
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    removed_at: Mapped[datetime | None]
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    answer: Mapped[Answer] = relationship(back_populates="evidence")


class Submission(Base):
    """A submitted version of the self-assessment, kept whole so every version stays in the history."""

    __tablename__ = "submission"
    __table_args__ = (
        UniqueConstraint("self_assessment_id", "number"),
        CheckConstraint("(returned_at IS NULL) = (returned_by_id IS NULL)", name="returned_has_who"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    self_assessment_id: Mapped[int] = mapped_column(ForeignKey("self_assessment.id"), index=True)
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    # Every answer as sent: read only when that version is shown, so other pages never decode it.
    snapshot: Mapped[list[dict[str, Any]]] = mapped_column(JSON, deferred=True)
    returned_at: Mapped[datetime | None]
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # Standard code -> the QA coordinator's comment, when returned for more information.
    return_comments: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    self_assessment: Mapped[SelfAssessment] = relationship(back_populates="submissions")
    submitted_by: Mapped[Person] = relationship(foreign_keys=[submitted_by_id])
