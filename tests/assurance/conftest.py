"""A hand-made history of decisions, small enough to work out every figure by hand (see the comments)."""
from datetime import date

import pytest
from sqlalchemy import select

from accreditation.assurance.demo import DemoCast, record_decided_cycle
from accreditation.organisation.models import Directorate, Team, TeamKind
from accreditation.review.models import Score
from accreditation.standards.models import StandardsVersion

ON = date(2026, 6, 1)
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
