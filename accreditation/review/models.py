"""The assessor pool, and the review of a submitted self-assessment by a visit team of assessors."""
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.auth.models import Person
from accreditation.db import Base, enum_column, utcnow
from accreditation.enums import LabelledEnum
from accreditation.organisation.models import Team
from accreditation.roles import Permission
from accreditation.selfassessment.models import SelfAssessment

if TYPE_CHECKING:  # report_models reads this module; SQLAlchemy finds the class by name
    from accreditation.review.report_models import AssessorsReport

COOLING_OFF_YEARS = 2  # after working in a team, an assessor may assess it again only after this long


class Perspective(LabelledEnum):
    SERVICE_USER = "service_user", _l("Service user")
    CARER = "carer", _l("Carer")
    STAFF = "staff", _l("Member of staff")

    @property
    def lived_experience(self) -> bool:
        """Counts towards the service user half of a visit team."""
        return self is not Perspective.STAFF


class AssessorProfile(Base):
    """About an assessor. Lived experience and access needs are health information: never shown to teams."""

    __tablename__ = "assessor_profile"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    perspective: Mapped[Perspective] = mapped_column(enum_column(Perspective))
    lived_experience: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(String(500), default="")
    access_needs: Mapped[str] = mapped_column(Text, default="")
    availability: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    person: Mapped[Person] = relationship()
    training: Mapped[list["TrainingRecord"]] = relationship(
        order_by="TrainingRecord.expires_on.desc()", cascade="all, delete-orphan"
    )
    conflicts: Mapped[list["ConflictOfInterest"]] = relationship(cascade="all, delete-orphan")
    unavailable: Mapped[list["Unavailability"]] = relationship(cascade="all, delete-orphan")


class TrainingRecord(Base):
    __tablename__ = "training_record"
    __table_args__ = (CheckConstraint("expires_on > completed_on", name="expires_after_completed"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("assessor_profile.person_id", ondelete="CASCADE"), index=True)
    course: Mapped[str] = mapped_column(String(200))
    completed_on: Mapped[date]
    expires_on: Mapped[date]


class ConflictKind(LabelledEnum):
    TREATED_ME = "treated_me", _l("This team has treated me")
    TREATED_SOMEONE_I_CARE_FOR = "treated_someone_i_care_for", _l("This team has treated someone I care for")
    WORKED_HERE = "worked_here", _l("I work or have worked in this team")
    OTHER = "other", _l("Another reason")


class ConflictOfInterest(Base):
    __tablename__ = "conflict_of_interest"
    __table_args__ = (UniqueConstraint("person_id", "team_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("assessor_profile.person_id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    kind: Mapped[ConflictKind] = mapped_column(enum_column(ConflictKind))
    # For work in the team: the last day, if it has ended (the cooling-off runs from then).
    ended_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)
    team: Mapped[Team] = relationship()

    def blocks(self, team_id: int, on: date) -> bool:
        if self.team_id != team_id:
            return False
        if self.kind is ConflictKind.WORKED_HERE and self.ended_on is not None:
            try:
                free_from = self.ended_on.replace(year=self.ended_on.year + COOLING_OFF_YEARS)
            except ValueError:  # 29 February
                free_from = self.ended_on.replace(year=self.ended_on.year + COOLING_OFF_YEARS, day=28)
            return on < free_from
        return True


class Unavailability(Base):
    __tablename__ = "unavailability"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_starts"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("assessor_profile.person_id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]


class Review(Base):
    """A visit team allocated to a submitted self-assessment, and the visit."""

    __tablename__ = "review"
    id: Mapped[int] = mapped_column(primary_key=True)
    self_assessment_id: Mapped[int] = mapped_column(ForeignKey("self_assessment.id"), unique=True)
    visit_on: Mapped[date]
    visit_at: Mapped[time]
    site: Mapped[str] = mapped_column(String(200))
    access_arrangements: Mapped[str] = mapped_column(Text, default="")
    allocated_at: Mapped[datetime] = mapped_column(default=utcnow)
    allocated_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    self_assessment: Mapped[SelfAssessment] = relationship()
    members: Mapped[list["VisitTeamMember"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="VisitTeamMember.id"
    )
    # Read with the review where a page needs to know only whether the report is ready (findings.report_for
    # reads it with its comments); written through findings.py only.
    report: Mapped["AssessorsReport | None"] = relationship(viewonly=True, uselist=False)

    @property
    def lead(self) -> Person | None:
        return next((m.person for m in self.members if m.is_lead), None)

    def member(self, person: Person) -> "VisitTeamMember | None":
        return next((m for m in self.members if m.person_id == person.id), None)

    def can_view(self, person: Person) -> bool:
        """The visit team, and the QA team who allocated it; nobody else may know it exists."""
        return self.member(person) is not None or person.can(Permission.ALLOCATE_ASSESSORS)


class VisitTeamMember(Base):
    __tablename__ = "visit_team_member"
    __table_args__ = (UniqueConstraint("review_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    is_lead: Mapped[bool] = mapped_column(default=False)
    # Until then, this assessor cannot see anyone else's evidence scores (independent scoring).
    evidence_scores_submitted_at: Mapped[datetime | None]
    review: Mapped[Review] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


class Score(LabelledEnum):
    MET = "met", _l("Met")
    PARTIALLY_MET = "partially_met", _l("Partially met")
    NOT_MET = "not_met", _l("Not met")
    UNABLE_TO_JUDGE = "unable_to_judge", _l("Unable to judge from the evidence")


class EvidenceScore(Base):
    """One assessor's score of one standard from the self-assessment and its evidence, before the visit."""

    __tablename__ = "evidence_score"
    __table_args__ = (UniqueConstraint("review_id", "assessor_id", "standard_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"))
    score: Mapped[Score] = mapped_column(enum_column(Score))
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class VisitRecord(Base):
    """One assessor's notes and score for one standard from the visit: counts and themes, never names."""

    __tablename__ = "visit_record"
    __table_args__ = (UniqueConstraint("review_id", "assessor_id", "standard_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"))
    observed: Mapped[str] = mapped_column(Text, default="")
    service_users_spoken_to: Mapped[int | None]
    service_users_said: Mapped[str] = mapped_column(Text, default="")
    carers_spoken_to: Mapped[int | None]
    carers_said: Mapped[str] = mapped_column(Text, default="")
    staff_spoken_to: Mapped[int | None]
    staff_said: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[Score | None] = mapped_column(enum_column(Score))
    revision: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime | None]
