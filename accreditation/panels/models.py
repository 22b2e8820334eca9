"""Panel meetings, their agenda items, declarations, recommendations and decisions, and the team's status."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.auth.models import Person
from accreditation.db import Base, enum_column, utcnow
from accreditation.enums import LabelledEnum
from accreditation.panels.outcome import Outcome
from accreditation.review.models import Review


class PanelKind(LabelledEnum):
    SERVICE_USER_PANEL = "service_user_panel", _l("Service user panel")
    FINAL_COMMITTEE = "final_committee", _l("Final committee")


class Panel(Base):
    __tablename__ = "panel"
    __table_args__ = (CheckConstraint("quorum >= 2", name="quorum_at_least_two"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PanelKind] = mapped_column(enum_column(PanelKind))
    meets_on: Mapped[date]
    chair_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    quorum: Mapped[int] = mapped_column(default=3)  # voting members present, the chair included
    scheduled_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    scheduled_at: Mapped[datetime] = mapped_column(default=utcnow)
    chair: Mapped[Person] = relationship(foreign_keys=[chair_id])
    members: Mapped[list["PanelMember"]] = relationship(cascade="all, delete-orphan", order_by="PanelMember.id")
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="panel", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )


class PanelMember(Base):
    __tablename__ = "panel_member"
    __table_args__ = (UniqueConstraint("panel_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    person: Mapped[Person] = relationship()


class ItemReason(LabelledEnum):
    """Why an assessment is on a final committee's agenda: its first decision, or a return to the committee."""

    FIRST = "first", _l("First decision")
    FURTHER_EVIDENCE = "further_evidence", _l("Deferred: further evidence reviewed")
    LAPSED = "lapsed", _l("Deferred: the deadline passed")
    APPEAL_UPHELD = "appeal_upheld", _l("Appeal upheld")


class AgendaItem(Base):
    """One team's assessment on a panel's agenda."""

    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("panel_id", "review_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    position: Mapped[int]
    reason: Mapped[ItemReason] = mapped_column(enum_column(ItemReason), default=ItemReason.FIRST, server_default="first")
    panel: Mapped[Panel] = relationship(back_populates="items")
    review: Mapped[Review] = relationship()
    declarations: Mapped[list["Declaration"]] = relationship(cascade="all, delete-orphan", order_by="Declaration.id")
    # Read with the item on its page; decisions are written only through panels.services.
    decisions: Mapped[list["Decision"]] = relationship(order_by="Decision.id", viewonly=True)


class Declaration(Base):
    """Attendance and any conflict of interest, declared by each member at the start of an item."""

    __tablename__ = "declaration"
    __table_args__ = (UniqueConstraint("item_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    present: Mapped[bool]
    conflict: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)


class Recommendation(Base):
    """The service user panel's recommendation on an item."""

    __tablename__ = "recommendation"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), unique=True)
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    rationale: Mapped[str] = mapped_column(Text)
    conditions: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    item: Mapped[AgendaItem] = relationship()


class Decision(Base):
    """The final committee's decision. Never changed: a correction is a new decision that amends it."""

    __tablename__ = "decision"
    __table_args__ = (
        # One original decision per item, whoever posts first; amendments point at what they amend.
        Index("uq_decision_one_original_per_item", "item_id", unique=True,
              sqlite_where=text("amends_id IS NULL"), postgresql_where=text("amends_id IS NULL")),
        CheckConstraint(
            "(outcome = 'deferred') = (deferral_deadline IS NOT NULL AND deferral_requirements <> '')",
            name="deferred_has_deadline_and_requirements",
        ),
        CheckConstraint("(amends_id IS NULL) = (amendment_reason = '')", name="amendment_has_reason"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    computed_outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome, "computed_outcome"))
    recommended_outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "recommended_outcome"))
    rationale: Mapped[str] = mapped_column(Text)
    departure_reason: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    deferral_deadline: Mapped[date | None]
    deferral_requirements: Mapped[str] = mapped_column(Text, default="")
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    amendment_reason: Mapped[str] = mapped_column(Text, default="")
    # The form's one-time key: posting the same decision twice records it once.
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    item: Mapped[AgendaItem] = relationship()
    amends: Mapped["Decision | None"] = relationship(remote_side=[id])


class Accreditation(Base):
    """A team's accreditation status as a decision set it; the newest for a team is its current status."""

    __tablename__ = "accreditation"
    __table_args__ = (CheckConstraint("(valid_until IS NULL) = (interim_review_due IS NULL)", name="validity_and_interim"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), unique=True)
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    interim_review_due: Mapped[date | None]
    decision: Mapped[Decision] = relationship()


class FurtherEvidenceStatus(LabelledEnum):
    GATHERING = "gathering", _l("The team is gathering it")
    SENT = "sent", _l("With the lead assessor")
    REVIEWED = "reviewed", _l("Reviewed by the lead assessor")


# The one place that says which status may follow which.
FURTHER_EVIDENCE_TRANSITIONS = {
    FurtherEvidenceStatus.GATHERING: {FurtherEvidenceStatus.SENT},
    FurtherEvidenceStatus.SENT: {FurtherEvidenceStatus.REVIEWED},
    FurtherEvidenceStatus.REVIEWED: set(),
}


class FurtherEvidence(Base):
    """What a deferred team sends before its deadline, and the lead assessor's review of it."""

    __tablename__ = "further_evidence"
    __table_args__ = (
        CheckConstraint("(status = 'gathering') = (sent_at IS NULL)", name="sent_unless_gathering"),
        CheckConstraint("(status = 'reviewed') = (reviewed_at IS NOT NULL)", name="reviewed_has_when"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), unique=True)
    status: Mapped[FurtherEvidenceStatus] = mapped_column(
        enum_column(FurtherEvidenceStatus), default=FurtherEvidenceStatus.GATHERING
    )
    statement: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    lead_review: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    decision: Mapped[Decision] = relationship()
    files: Mapped[list["FurtherEvidenceFile"]] = relationship(
        cascade="all, delete-orphan", order_by="FurtherEvidenceFile.id"
    )


class FurtherEvidenceFile(Base):
    __tablename__ = "further_evidence_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    further_evidence_id: Mapped[int] = mapped_column(ForeignKey("further_evidence.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    storage_key: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))


class AppealStatus(LabelledEnum):
    LODGED = "lodged", _l("Waiting for the outcome")
    UPHELD = "upheld", _l("Upheld")
    NOT_UPHELD = "not_upheld", _l("Not upheld")


APPEAL_TRANSITIONS = {
    AppealStatus.LODGED: {AppealStatus.UPHELD, AppealStatus.NOT_UPHELD},
    AppealStatus.UPHELD: set(),
    AppealStatus.NOT_UPHELD: set(),
}


class Appeal(Base):
    """A team's appeal against a decision, and its outcome. One appeal per decision."""

    __tablename__ = "appeal"
    __table_args__ = (
        CheckConstraint("(status = 'lodged') = (decided_at IS NULL)", name="decided_unless_lodged"),
        CheckConstraint("(status = 'lodged') = (decided_by_id IS NULL)", name="decided_has_who"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), unique=True)
    grounds: Mapped[str] = mapped_column(Text)
    lodged_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    lodged_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[AppealStatus] = mapped_column(enum_column(AppealStatus), default=AppealStatus.LODGED)
    outcome_reasons: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    decided_at: Mapped[datetime | None]
    decision: Mapped[Decision] = relationship()
    lodged_by: Mapped[Person] = relationship(foreign_keys=[lodged_by_id])
