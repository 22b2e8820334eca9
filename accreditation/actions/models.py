"""Improvement actions: what a team will change after a decision, how it went, and whether it made a difference."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import CheckConstraint, ColumnElement, ForeignKey, String, Text, UniqueConstraint, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.auth.models import Person
from accreditation.db import Base, enum_column, utcnow
from accreditation.enums import LabelledEnum
from accreditation.organisation.models import Team
from accreditation.panels.models import Decision
from accreditation.review.report_models import ConsolidatedFinding
from accreditation.roles import Permission
from accreditation.standards.models import Standard


class ActionStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft: to be planned")
    OPEN = "open", lazy_pgettext("status of an improvement action", "Open")
    IN_PROGRESS = "in_progress", _l("In progress")
    COMPLETED = "completed", lazy_pgettext("status of an improvement action", "Completed")
    VERIFIED = "verified", _l("Verified")

    @property
    def finished(self) -> bool:
        return self in FINISHED


FINISHED = frozenset({ActionStatus.COMPLETED, ActionStatus.VERIFIED})

# The one place that says which status may follow which.
TRANSITIONS = {
    ActionStatus.DRAFT: {ActionStatus.OPEN},  # the team lead completes the plan
    ActionStatus.OPEN: {ActionStatus.IN_PROGRESS},  # the first progress update
    ActionStatus.IN_PROGRESS: {ActionStatus.COMPLETED},  # the team lead says it is done
    ActionStatus.COMPLETED: {ActionStatus.VERIFIED},  # the QA coordinator checks it
    ActionStatus.VERIFIED: set(),
}


class ActionSource(LabelledEnum):
    STANDARD = "standard", _l("A standard not met")
    CONDITION = "condition", _l("A condition set by the committee")


class Verdict(LabelledEnum):
    YES = "yes", _l("Yes, it made a difference")
    PARTLY = "partly", _l("Partly")
    NO = "no", _l("No, it made no difference")
    TOO_EARLY = "too_early", _l("Too early to say")


class ImprovementAction(Base):
    __tablename__ = "improvement_action"
    __table_args__ = (
        CheckConstraint("(source = 'standard') = (standard_id IS NOT NULL)", name="standard_source_has_standard"),
        CheckConstraint("(source = 'condition') = (condition <> '')", name="condition_source_has_condition"),
        CheckConstraint(
            "status = 'draft' OR (what_will_change <> '' AND owner_id IS NOT NULL AND due_on IS NOT NULL"
            " AND how_we_will_know <> '')",
            name="planned_unless_draft",
        ),
        CheckConstraint(
            "(status IN ('completed', 'verified')) = (completed_at IS NOT NULL AND completed_by_id IS NOT NULL)",
            name="completed_has_when_and_who",
        ),
        CheckConstraint(
            "(status = 'verified') = (verified_at IS NOT NULL AND verified_by_id IS NOT NULL)",
            name="verified_has_when_and_who",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    source: Mapped[ActionSource] = mapped_column(enum_column(ActionSource))
    standard_id: Mapped[int | None] = mapped_column(ForeignKey("standard.id"))
    # None when the visit team recorded no consolidated finding: the standard then counts as not met.
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("consolidated_finding.id"))
    condition: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus), default=ActionStatus.DRAFT, index=True)
    what_will_change: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    due_on: Mapped[date | None] = mapped_column(index=True)
    how_we_will_know: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    team: Mapped[Team] = relationship()
    decision: Mapped[Decision] = relationship()
    standard: Mapped[Standard | None] = relationship()
    finding: Mapped[ConsolidatedFinding | None] = relationship()
    owner: Mapped[Person | None] = relationship(foreign_keys=[owner_id])
    involved: Mapped[list["Involved"]] = relationship(cascade="all, delete-orphan", order_by="Involved.id")
    updates: Mapped[list["ProgressUpdate"]] = relationship(cascade="all, delete-orphan", order_by="ProgressUpdate.id")
    comments: Mapped[list["ActionComment"]] = relationship(cascade="all, delete-orphan", order_by="ActionComment.id")
    verdicts: Mapped[list["ActionVerdict"]] = relationship(cascade="all, delete-orphan", order_by="ActionVerdict.id")

    def overdue_on(self, today: date) -> bool:
        """Computed, never stored: the due date has passed and the action is not finished."""
        return self.due_on is not None and self.due_on < today and not self.status.finished

    @property
    def overdue(self) -> bool:
        return self.overdue_on(date.today())

    # Permissions combine the role matrix (for this team) with the state, asked by views and templates alike.
    # `reviewer` says whether the person assessed this team or sat on a panel about it (queries.reviewers).
    def is_involved(self, person: Person) -> bool:
        return any(i.person_id == person.id for i in self.involved)

    def can_comment(self, person: Person, reviewer: bool) -> bool:
        return person.can(Permission.COMMENT_ON_ACTIONS) and (reviewer or self.is_involved(person))

    def can_view(self, person: Person, reviewer: bool) -> bool:
        return (
            person.can(Permission.WORK_ON_ACTIONS, team_id=self.team_id) or person.can(Permission.VERIFY_ACTIONS)
            or (person.can(Permission.VIEW_ACTIONS) and (reviewer or self.is_involved(person)))
        )

    def can_plan(self, person: Person) -> bool:
        """Until the action is finished: a plan may change as the work goes on (the history keeps every change)."""
        return not self.status.finished and person.can(Permission.PLAN_ACTIONS, team_id=self.team_id)

    def can_update(self, person: Person) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and person.can(Permission.WORK_ON_ACTIONS, team_id=self.team_id)

    def can_complete(self, person: Person) -> bool:
        return self.status is ActionStatus.IN_PROGRESS and person.can(Permission.PLAN_ACTIONS, team_id=self.team_id)

    def can_verify(self, person: Person) -> bool:
        return self.status is ActionStatus.COMPLETED and person.can(Permission.VERIFY_ACTIONS)

    def can_give_verdict(self, person: Person, reviewer: bool) -> bool:
        return self.status.finished and self.can_comment(person, reviewer)


def overdue_clause(today: date) -> ColumnElement[bool]:
    """The same rule as ImprovementAction.overdue_on, for queries."""
    return and_(ImprovementAction.due_on < today, ImprovementAction.status.not_in(list(FINISHED)))


class Involved(Base):
    """A service user named as involved in the action."""

    __tablename__ = "action_involved"
    __table_args__ = (UniqueConstraint("action_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("improvement_action.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    person: Mapped[Person] = relationship()


class ProgressUpdate(Base):
    """What the team has done so far, with an optional evidence file (kept like self-assessment evidence)."""

    __tablename__ = "action_update"
    __table_args__ = (
        CheckConstraint("(storage_key IS NULL) = (filename IS NULL)", name="file_has_name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("improvement_action.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    storage_key: Mapped[str | None] = mapped_column(String(100))
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None]
    made_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    made_at: Mapped[datetime] = mapped_column(default=utcnow)
    made_by: Mapped[Person] = relationship()


class ActionComment(Base):
    __tablename__ = "action_comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("improvement_action.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    made_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    made_at: Mapped[datetime] = mapped_column(default=utcnow)
    made_by: Mapped[Person] = relationship()


class ActionVerdict(Base):
    """A service user's answer to "did it make a difference?", in their own words. One each; a new one replaces it."""

    __tablename__ = "action_verdict"
    __table_args__ = (UniqueConstraint("action_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("improvement_action.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    verdict: Mapped[Verdict] = mapped_column(enum_column(Verdict))
    in_their_words: Mapped[str] = mapped_column(Text)
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    person: Mapped[Person] = relationship()
