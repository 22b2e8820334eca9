"""A hand-made history of decisions, small enough to work out every figure by hand (see the comments)."""
from datetime import date

import pytest
from sqlalchemy import select

from accreditation.assurance.demo import DemoCast, record_decided_cycle
from accreditation.organisation.models import Directorate, Organisation, Team, TeamKind
from accreditation.organisation.scope import Scope
from accreditation.review.models import Score
from accreditation.standards.models import StandardsVersion

ON = date(2026, 6, 1)


def scope(db, organisation: int | None = None, directorate: int | None = None) -> Scope:
    """Where a reader looks: the demo's one organisation unless told otherwise."""
    return Scope.load(db, organisation, directorate, strict=True)
ASPIRATIONAL = ["INF-03", "CAR-03", "FAM-03", "HLT-02", "HLT-03", "MOV-03"]


@pytest.fixture
def decide(db):
    cast = DemoCast.find(db)
    version = db.scalar(select(StandardsVersion))
    by_code = {s.code: s.id for s in version.standards}
    count = iter(range(1000))

    def decide(team: Team, opened: date, decided_on: date, **scores: Score):
        return record_decided_cycle(
            db, cast, team, version, opened=opened, decided_on=decided_on,
            scores={by_code[code.replace("_", "-")]: score for code, score in scores.items()},
            key=f"test-{team.id}-{next(count)}",
        )

    return decide


@pytest.fixture
def teams(db):
    return {t.name: t for t in db.scalars(select(Team))}


@pytest.fixture
def history(db, decide, teams):
    """On ON (1 June 2026), with 48 points the maximum (24 standards, 2 for met):

    Rowan Ward (adult mental health): 2023 Gold (cycle opened 2022, INF-02 not met), then 2026 Gold (opened 2025;
      WEL-03 not met, INF-02 partly: 45/48).
    Willow Ward (adult mental health): 2024 Gold (opened 2023, WEL-03 not met: 46/48), interim review due
      1 September 2025, so due (overdue) on ON.
    Diabetes Clinic (community): 2023 Gold (opened 2022, all met), ended 1 February 2026: expired on ON.
    Harbour Lane Surgery (primary care): 2023 Silver (opened 2023, six aspirational standards partly met: 42/48),
      ends 1 July 2026, within 90 days of ON; interim review due 1 January 2025.
    The other eight demo teams have no decision.
    """
    nm, pm = Score.NOT_MET, Score.PARTIALLY_MET
    decide(teams["Rowan Ward"], date(2022, 6, 1), date(2023, 1, 10), INF_02=nm)
    decide(teams["Rowan Ward"], date(2025, 6, 1), date(2026, 1, 10), WEL_03=nm, INF_02=pm)
    decide(teams["Willow Ward"], date(2023, 8, 1), date(2024, 3, 1), WEL_03=nm)
    decide(teams["Diabetes Clinic"], date(2022, 7, 1), date(2023, 2, 1))
    decide(teams["Harbour Lane Surgery"], date(2023, 1, 5), date(2023, 7, 1), **{c.replace("-", "_"): pm for c in ASPIRATIONAL})
    db.flush()
    return teams


@pytest.fixture
def hillside(db, decide, history, second_trust):
    """`history`, and a second organisation (tests/conftest.py: second_trust), on ON (1 June 2026):

    Birch Ward (Hillside's adult mental health): 2025 Gold (opened 2024, all met).
    Cedar Ward (the same): 2023 Gold (opened 2022, all met), ends 1 August 2026: within 90 days of ON.
    Oak House (learning disabilities): no decision.
    """
    decide(second_trust["Birch Ward"], date(2024, 6, 1), date(2025, 1, 10))
    decide(second_trust["Cedar Ward"], date(2022, 9, 1), date(2023, 8, 1))
    db.flush()
    return second_trust


@pytest.fixture
def many_teams(db, decide):
    """Add n teams, each with a decision, in a new directorate."""

    def add(n: int):
        directorate = Directorate(organisation_id=db.scalar(select(Directorate.organisation_id)), name="Many teams")
        db.add(directorate)
        for i in range(n):
            team = Team(directorate=directorate, name=f"Team {i:03}", kind=TeamKind.CLINIC, service_type="Clinic", site="Site")
            db.add(team)
            db.flush()
            decide(team, date(2025, 1, 1), date(2025, 9, 1), WEL_03=Score.NOT_MET if i % 2 else Score.MET)
        db.flush()

    return add


def _as(action, status, due_on, owner, at):
    """Put a generated action in a state directly (the rules of each step are tested in tests/actions)."""
    from accreditation.actions.models import ActionStatus

    action.status = status
    if status is not ActionStatus.DRAFT:
        action.what_will_change, action.how_we_will_know = "Easy-read leaflets", "Service users tell us"
        action.owner_id, action.due_on = owner.id, due_on
    if status in (ActionStatus.COMPLETED, ActionStatus.VERIFIED):
        action.completed_at, action.completed_by_id = at, owner.id
    if status is ActionStatus.VERIFIED:
        action.verified_at, action.verified_by_id = at, owner.id


@pytest.fixture
def action_history(db, history, make_person):
    """The decisions of `history` with their generated actions, on ON (1 June 2026):

    Adult mental health: Rowan's first decision INF-02 verified (due 1 June 2023: finished, so never overdue);
      Rowan's second WEL-03 in progress, due 1 May 2026 (overdue) and INF-02 still a draft (no due date);
      Willow's WEL-03 open, due 1 July 2026.
    Community health services: the clinic met every standard, so no actions: a row of noughts.
    Primary care: the surgery's six partly met standards: two completed (due 1 January 2024), three open due
      1 June 2024 (overdue) and one in progress due 1 June 2026 (due today, so not yet overdue).
    Unfinished: adult 1 draft, 1 open, 1 in progress, 1 overdue; primary 0, 3, 1 and 3; all 1, 4, 2 and 4.
    """
    from datetime import UTC, datetime

    from accreditation.actions.models import ActionStatus as S
    from accreditation.actions.services import create_from_decision
    from accreditation.panels.models import Decision

    owner = make_person()
    decisions = list(db.scalars(select(Decision).order_by(Decision.id)))
    made = [create_from_decision(db, owner, d) for d in decisions]
    rowan_1, rowan_2, willow, clinic, surgery = made
    assert (len(rowan_1), len(rowan_2), len(willow), len(clinic), len(surgery)) == (1, 2, 1, 0, 6)
    at = datetime(2024, 1, 1, tzinfo=UTC)
    _as(rowan_1[0], S.VERIFIED, date(2023, 6, 1), owner, at)
    by_code = {a.standard.code: a for a in rowan_2}
    _as(by_code["WEL-03"], S.IN_PROGRESS, date(2026, 5, 1), owner, at)
    _as(willow[0], S.OPEN, date(2026, 7, 1), owner, at)
    for action, (status, due) in zip(surgery, [(S.COMPLETED, date(2024, 1, 1))] * 2 + [(S.OPEN, date(2024, 6, 1))] * 3
                                     + [(S.IN_PROGRESS, ON)]):
        _as(action, status, due, owner, at)
    db.flush()
    return [a for batch in made for a in batch]


@pytest.fixture
def many_actions(db, history, make_person):
    """Add n open actions (committee conditions) to the surgery's decision, with owners of their own."""
    from accreditation.actions.models import ActionSource, ActionStatus, ImprovementAction
    from accreditation.panels.models import Accreditation

    def add(n: int):
        accreditation = db.scalar(select(Accreditation).where(Accreditation.team_id == history["Harbour Lane Surgery"].id))
        for i in range(n):
            action = ImprovementAction(team_id=accreditation.team_id, decision_id=accreditation.decision_id,
                                       source=ActionSource.CONDITION, condition=f"Condition {i}")
            _as(action, ActionStatus.OPEN, date(2024, 1, 1) if i % 2 else date(2099, 1, 1), make_person(), None)
            db.add(action)
        db.flush()

    return add
