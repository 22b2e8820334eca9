"""A team's card on the home page, read as plain rows: one statement for all the person's teams, however many
teams the programme has. The card shows where the team's open self-assessment is, its visit and assessors'
report, and its current accreditation with what the team can do about it."""
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from accreditation.auth.models import Person
from accreditation.organisation.models import Team
from accreditation.panels.appeals import appeal_deadline
from accreditation.panels.models import Accreditation, Decision
from accreditation.panels.outcome import Outcome
from accreditation.panels.services import newest_accreditation_id
from accreditation.review.models import Review, VisitTeamMember
from accreditation.review.report_models import AssessorsReport, ReportStatus
from accreditation.selfassessment.models import Cycle, CycleStatus, SelfAssessment, SelfAssessmentStatus


@dataclass(frozen=True)
class Progress:
    """The open self-assessment: what `selfassessment/_status.jinja` says where it is from."""
    id: int
    status: SelfAssessmentStatus
    submitted_at: datetime | None
    passed_to_assessors_at: datetime | None
    due: date


@dataclass(frozen=True)
class Visit:
    id: int
    visit_on: date
    visit_at: time
    site: str
    assessors: tuple[str, ...]  # given names only: teams know their assessors by first name
    report_status: ReportStatus | None
    comments_due: date | None


@dataclass(frozen=True)
class Standing:
    """The team's current accreditation: from its newest decision."""
    outcome: Outcome
    valid_until: date | None
    decision_id: int
    deferral_deadline: date | None
    recorded_at: datetime

    def expired(self, today: date) -> bool:
        return self.valid_until is not None and today > self.valid_until

    @property
    def appeal_until(self) -> date:
        return appeal_deadline(self)


@dataclass(frozen=True)
class Card:
    team_id: int
    progress: Progress | None
    visit: Visit | None
    standing: Standing | None


@cache
def _statement() -> Select:
    """Built once: building it costs more than running it."""
    return (
        select(
            Team.id, SelfAssessment.id, SelfAssessment.status, SelfAssessment.submitted_at,
            SelfAssessment.passed_to_assessors_at, Cycle.self_assessment_due, Review.id, Review.visit_on, Review.visit_at, Review.site, AssessorsReport.status, AssessorsReport.comments_due,
            Accreditation.outcome, Accreditation.valid_until, Accreditation.decision_id, Decision.deferral_deadline,
            Decision.recorded_at, Person.given_name,
        )
        .select_from(Team)
        .outerjoin(Cycle, (Cycle.team_id == Team.id) & (Cycle.status == CycleStatus.OPEN))
        .outerjoin(SelfAssessment, SelfAssessment.cycle_id == Cycle.id)
        .outerjoin(Review, Review.self_assessment_id == SelfAssessment.id)
        .outerjoin(AssessorsReport, AssessorsReport.review_id == Review.id)
        .outerjoin(VisitTeamMember, VisitTeamMember.review_id == Review.id)
        .outerjoin(Person, Person.id == VisitTeamMember.person_id)
        .outerjoin(Accreditation, Accreditation.id == newest_accreditation_id(Team.id))
        .outerjoin(Decision, Decision.id == Accreditation.decision_id)
        .where(Team.id.in_(bindparam("teams", expanding=True)))
        .order_by(Team.id, VisitTeamMember.id)  # the visit team in the order it was chosen
    )


def cards(db: Session, team_ids: set[int]) -> dict[int, Card]:
    """Each team's card, by team id (one row per member of its visit team, folded here)."""
    found: dict[int, Card] = {}
    names: dict[int, list[str]] = {}
    for (team_id, sa_id, sa_status, submitted_at, passed_at, due, review_id, visit_on, visit_at, site, report_status,
         comments_due, outcome, valid_until, decision_id, deferral_deadline, recorded_at, given_name) in db.execute(
            _statement(), {"teams": sorted(team_ids)}):
        names.setdefault(team_id, [])
        if given_name is not None:
            names[team_id].append(given_name)
        if team_id in found:
            continue
        found[team_id] = Card(
            team_id,
            Progress(sa_id, sa_status, submitted_at, passed_at, due) if sa_id is not None else None,
            Visit(review_id, visit_on, visit_at, site, (), report_status, comments_due) if review_id is not None else None,
            Standing(outcome, valid_until, decision_id, deferral_deadline, recorded_at) if outcome is not None else None,
        )
    return {team_id: replace(card, visit=card.visit and replace(card.visit, assessors=tuple(names[team_id])))
            for team_id, card in found.items()}
