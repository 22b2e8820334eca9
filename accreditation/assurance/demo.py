"""Demo history: decided cycles for most demo teams, so the register, heat map and themes have something to show,
with the improvement actions that followed (demo_actions.py).

Rows are written directly (the services would need a visit team, a report and two panels per cycle) but hold
what the services would have recorded: a submitted self-assessment, a visit, the visit team's findings, a ready
report, a final committee's decision with the computed outcome, the team's status and the audit entry."""
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation import audit
from accreditation.assurance.demo_actions import record_actions, team_lead
from accreditation.auth.models import Person
from accreditation.organisation.models import Team
from accreditation.panels.models import Accreditation, AgendaItem, Decision, Panel, PanelKind, PanelMember
from accreditation.panels.outcome import Outcome, StandardResult, recommended_outcome
from accreditation.panels.services import INTERIM_MONTHS, VALID_YEARS, add_months
from accreditation.review.models import Review, Score, VisitTeamMember
from accreditation.review.report_models import AssessorsReport, ConsolidatedFinding, ReportStatus
from accreditation.selfassessment.models import Cycle, CycleStatus, SelfAssessment, SelfAssessmentStatus
from accreditation.standards.models import StandardsVersion, Tier

# Larch Ward is the demo's walk-through team (it starts a cycle from nothing); the clinic has never been through.
UNDECIDED = {"Larch Ward", "Homeless Health Clinic"}
# Standards teams in peer programmes often find hard (by position in the version): more often not met.
HARD = {4, 9, 15, 20}

# Newest cycle recent and short of an essential standard: the committee defers.
STRUGGLING = "Rowan Ward"
# Days before today that each team's decisions were made, oldest first (one or two cycles a team).
HISTORY = {
    "Rowan Ward": [1180, 70],
    "Willow Ward": [1060],  # three years ago: the award ends within 90 days
    "North Community Mental Health Team": [1130],  # more than three years ago: expired
    "Early Intervention in Psychosis": [1200, 520],  # interim review due soon
    "Perinatal Mental Health Service": [300],
    "District Nursing East": [1150, 40],
    "Community Rehabilitation Team": [200],
    "Diabetes Clinic": [1120, 150],
    "Harbour Lane Surgery": [1020],
    "Station Road Practice": [90],
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _score(rng: random.Random, position: int, tier: Tier, strength: float, struggling: bool) -> Score:
    if tier is Tier.ESSENTIAL:  # every essential standard met, or there is no award at all
        return Score.PARTIALLY_MET if struggling and rng.random() < 0.3 else Score.MET
    weak = 0.45 if position in HARD else 0.12
    roll = rng.random() * strength
    if roll < weak:
        return Score.NOT_MET
    if roll < weak * 2.2:
        return Score.PARTIALLY_MET
    return Score.MET


def record_decided_cycles(db: Session, today: date) -> None:
    """Add the history above to the demo data (the caller commits)."""
    cast = DemoCast.find(db)
    version = db.scalar(select(StandardsVersion).order_by(StandardsVersion.published_on.desc()))
    teams = {t.name: t for t in db.scalars(select(Team))}
    rng = random.Random(2019)  # the same history every time
    for name, ages in HISTORY.items():
        lead = team_lead(db, cast, teams[name])
        for cycle_number, age in enumerate(ages):
            decided_on = today - timedelta(days=age)
            # Teams improve: a second cycle is scored a little more kindly.
            strength = 1.0 + 0.5 * cycle_number + rng.random() * 0.6
            struggling = name == STRUGGLING and cycle_number == len(ages) - 1
            scores = {s.id: _score(rng, s.position, s.tier, strength, struggling) for s in version.standards}
            decision = record_decided_cycle(
                db, cast, teams[name], version, opened=decided_on - timedelta(days=200), decided_on=decided_on,
                scores=scores, defer=struggling, key=f"demo-{teams[name].id}-{cycle_number}",
            )
            record_actions(db, cast, lead, decision, decided_on, today, rng)


@dataclass(frozen=True)
class DemoCast:
    """The demo people who run a cycle: the QA coordinator, the visit team and the final committee."""

    qa: Person
    lead: Person
    assessor: Person
    chair: Person
    members: list[Person]

    @classmethod
    def find(cls, db: Session) -> "DemoCast":
        people = {p.email: p for p in db.scalars(select(Person).where(Person.is_demo.is_(True)))}
        chair = people["panel.chair@example.org"]
        return cls(qa=people["qa@example.org"], lead=people["lead.assessor@example.org"],
                   assessor=people["assessor@example.org"], chair=chair,
                   members=[chair, people["panel.member@example.org"], people["standards@example.org"]])


def record_decided_cycle(
    db: Session, cast: DemoCast, team: Team, version: StandardsVersion, *, opened: date, decided_on: date,
    scores: dict[int, Score], defer: bool = False, key: str,
) -> Decision:
    """One cycle from enrolment to the final committee's decision; `scores` by standard id (unlisted: met)."""
    visit_on = decided_on - timedelta(days=60)
    cycle = Cycle(team=team, standards_version=version, status=CycleStatus.CLOSED, opened_at=_at(opened),
                  self_assessment_due=opened + timedelta(days=90), opened_by_id=cast.qa.id)
    cycle.self_assessment = SelfAssessment(status=SelfAssessmentStatus.SUBMITTED, submitted_at=_at(opened + timedelta(days=85)),
                                           submitted_by_id=cast.qa.id, passed_to_assessors_at=_at(opened + timedelta(days=95)))
    review = Review(self_assessment=cycle.self_assessment, visit_on=visit_on, visit_at=time(10), site=team.site,
                    allocated_by_id=cast.qa.id, allocated_at=_at(opened + timedelta(days=95)))
    review.members = [VisitTeamMember(person_id=cast.lead.id, is_lead=True), VisitTeamMember(person_id=cast.assessor.id)]
    db.add_all([cycle, review])
    db.flush()
    results = []
    for standard in version.standards:
        score = scores.get(standard.id, Score.MET)
        results.append(StandardResult(standard.tier, score.value))
        db.add(ConsolidatedFinding(
            review_id=review.id, standard_id=standard.id, score=score, decided_by_id=cast.lead.id,
            decided_at=_at(visit_on, 16), finding="Seen and heard on the visit", rationale="Agreed by the visit team",
        ))
    db.add(AssessorsReport(
        review_id=review.id, status=ReportStatus.READY, strengths="A warm welcome; service users know their care plans",
        improvements="Easy-read information; involving carers in reviews", sent_to_team_at=_at(visit_on + timedelta(days=7)),
        comments_due=visit_on + timedelta(days=21), ready_at=_at(visit_on + timedelta(days=25)),
    ))
    panel = Panel(kind=PanelKind.FINAL_COMMITTEE, meets_on=decided_on, chair_id=cast.chair.id, scheduled_by_id=cast.qa.id,
                  scheduled_at=_at(visit_on + timedelta(days=26)), members=[PanelMember(person_id=m.id) for m in cast.members],
                  items=[AgendaItem(review_id=review.id, position=1)])
    db.add(panel)
    db.flush()
    computed = recommended_outcome(results).outcome
    deferred = defer and not computed.is_award
    outcome = Outcome.DEFERRED if deferred else computed
    decision = Decision(
        item_id=panel.items[0].id, outcome=outcome, computed_outcome=computed, rationale="As the findings show",
        departure_reason="The team has a plan for the essential standards; the committee will look again" if deferred else "",
        deferral_deadline=decided_on + timedelta(days=120) if deferred else None,
        deferral_requirements="Evidence that every essential standard is met" if deferred else "",
        request_key=key, recorded_by_id=cast.chair.id, recorded_at=_at(decided_on, 15),
    )
    db.add(decision)
    db.flush()
    awarded = outcome.is_award
    db.add(Accreditation(
        team_id=team.id, decision_id=decision.id, outcome=outcome, valid_from=decided_on,
        valid_until=add_months(decided_on, 12 * VALID_YEARS) if awarded else None,
        interim_review_due=add_months(decided_on, INTERIM_MONTHS) if awarded else None,
    ))
    audit.record(db, cast.chair, "decision.recorded", decision, outcome=outcome.value, computed=computed.value, recommended=None)
    return decision
