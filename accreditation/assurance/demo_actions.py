"""Demo history, continued: the improvement actions of each decided cycle, and how far the teams have got.

Actions are made by the real rule (actions.services.create_from_decision) and moved on by the real services, as
each team's lead, its assessors and the QA coordinator would; only the dates are set back to when it happened."""
import random
import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from accreditation.actions.models import ActionStatus, ImprovementAction, Verdict
from accreditation.actions.services import (
    add_progress_update, complete_action, create_from_decision, give_verdict, plan_action, verify_action,
)
from accreditation.audit import AuditEntry
from accreditation.auth.models import Person
from accreditation.auth.services import create_person
from accreditation.organisation.models import Team
from accreditation.panels.models import Decision
from accreditation.roles import Role

# Each decided team's lead, who plans its actions (Larch Ward's is a demo person of its own).
TEAM_LEADS = {
    "Rowan Ward": ("Kwame", "Asante"),
    "Willow Ward": ("Helen", "Walsh"),
    "North Community Mental Health Team": ("Imran", "Chowdhury"),
    "Early Intervention in Psychosis": ("Sofia", "Costa"),
    "Perinatal Mental Health Service": ("Leyla", "Demir"),
    "District Nursing East": ("Bridget", "O'Neill"),
    "Community Rehabilitation Team": ("Marek", "Kowalski"),
    "Diabetes Clinic": ("Nadia", "Hussain"),
    "Harbour Lane Surgery": ("Peter", "Adeyemi"),
    "Station Road Practice": ("Ruth", "Ellis"),
}

PLANS = [
    ("Ask service users at the community meeting what gets in the way, and change one thing each month.",
     "Fewer concerns at the community meeting, and service users tell the next visit it is better."),
    ("Write an easy-read version with service users from the People Participation group.",
     "Service users say in our monthly feedback that they understood it."),
    ("Go through this standard with every member of staff at the team's away day, led by a service user.",
     "Every member of staff has taken part, and our feedback survey shows the difference."),
    ("Invite carers to a monthly drop-in and act on what they tell us.",
     "Carers tell us they feel listened to, and more of them come."),
]
PROGRESS = [
    "Held the first two sessions with service users; what they said is on the team notice board.",
    "A first draft is written and being tested with three service users.",
    "Half of the team has taken part so far; the rest are booked for next month.",
]
VERDICTS = [
    (Verdict.YES, "On my last visit people told me they now know who to ask, and the notice board is up to date."),
    (Verdict.PARTLY, "Better on weekdays; at weekends people still told us they did not know."),
    (Verdict.TOO_EARLY, "The change is only a few weeks old. Ask me again at the interim review."),
]
# How far each action of a decision has got, in turn: long ago decisions are mostly finished, recent ones
# are under way. An unfinished action whose due date has passed is overdue (computed, never stored).
OLD = [ActionStatus.VERIFIED, ActionStatus.VERIFIED, ActionStatus.COMPLETED, ActionStatus.VERIFIED]
RECENT = [ActionStatus.IN_PROGRESS, ActionStatus.OPEN, ActionStatus.COMPLETED, ActionStatus.IN_PROGRESS,
          ActionStatus.VERIFIED, ActionStatus.DRAFT]
JUST_DECIDED = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DRAFT]
# The expired team fell behind: one action of its old decision is still in progress, and overdue.
BEHIND = "North Community Mental Health Team"


def _at(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _dated(db: Session, day: date) -> None:
    """Date the audit entries the last service call added to when it happened in the story."""
    for entry in db.new:
        if isinstance(entry, AuditEntry):
            entry.at = _at(day)


def team_lead(db: Session, cast, team: Team) -> Person:
    given, family = TEAM_LEADS[team.name]
    slug = re.sub(r"[^a-z]+", "-", team.name.lower()).strip("-")
    return create_person(db, None, email=f"teamlead.{slug}@example.org", given_name=given, family_name=family,
                         password_hash=cast.qa.password_hash, roles=[(Role.TEAM_LEAD, team)], is_demo=True)


def record_actions(db: Session, cast, lead: Person, decision: Decision, decided_on: date, today: date,
                   rng: random.Random) -> list[ImprovementAction]:
    """The decision's actions, moved on as far as the time since the decision allows."""
    made = create_from_decision(db, cast.chair, decision)
    for action in made:
        action.created_at = _at(decided_on, 15)
    _dated(db, decided_on)
    age = (today - decided_on).days
    stages = OLD if age > 400 else RECENT if age >= 60 else JUST_DECIDED
    planned_on = decided_on + timedelta(days=14)
    for n, action in enumerate(made):
        target = ActionStatus.IN_PROGRESS if n == 0 and action.team.name == BEHIND else stages[n % len(stages)]
        if target is ActionStatus.DRAFT:
            continue
        # Most due dates lie ahead; in teams decided a while ago, the first action was due a few weeks ago.
        if target.finished or age <= 120 or n % 4:
            due_on = max(planned_on + timedelta(days=60), today + timedelta(days=rng.randint(20, 150)))
            if target.finished:
                due_on = planned_on + timedelta(days=rng.choice([60, 90, 120]))
        else:
            due_on = max(planned_on + timedelta(days=30), today - timedelta(days=rng.randint(7, 60)))
        what, how = PLANS[n % len(PLANS)]
        plan_action(db, lead, action, what_will_change=what, owner=lead, due_on=due_on, how_we_will_know=how,
                    involved=[cast.assessor] if n % 2 == 0 else [], today=planned_on)
        _dated(db, planned_on)
        if target is ActionStatus.OPEN:
            continue
        updated_on = min(planned_on + timedelta(days=30), today - timedelta(days=3))
        update = add_progress_update(db, lead, None, action, text=PROGRESS[n % len(PROGRESS)])  # no file, so no store
        update.made_at = _at(updated_on)
        _dated(db, updated_on)
        if target is ActionStatus.IN_PROGRESS:
            continue
        done_on = min(due_on, today - timedelta(days=2))
        complete_action(db, lead, action)
        action.completed_at = _at(done_on)
        _dated(db, done_on)
        # Both assessors have long since given their verdicts on old decisions; on recent ones, only the lead has.
        for k, assessor in enumerate([cast.lead, cast.assessor] if age > 400 else [cast.lead]):
            verdict, words = VERDICTS[(n + k) % len(VERDICTS)]
            given = give_verdict(db, assessor, action, verdict=verdict, in_their_words=words, reviewer=True)
            given.given_at = _at(done_on, 16)
            _dated(db, done_on)
        if target is ActionStatus.VERIFIED:
            verify_action(db, cast.qa, action)
            action.verified_at = _at(done_on + timedelta(days=1))
            _dated(db, done_on + timedelta(days=1))
    db.flush()
    return made
