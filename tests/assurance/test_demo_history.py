"""The demo's decided cycles: most teams have a status, and the register shows every kind of case."""
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accreditation.actions.models import ActionStatus, ImprovementAction
from accreditation.assurance import queries
from accreditation.assurance.queries import Status
from accreditation.db import make_engine
from accreditation.organisation.scope import Scope
from accreditation.panels.models import Accreditation, Decision
from accreditation.review.report_models import ConsolidatedFinding
from tests.conftest import prepare_database


def test_demo_history_gives_most_teams_a_decision_and_the_board_something_to_see(databases):
    engine = make_engine(databases.new("history"))
    prepare_database(str(engine.url), history=True)
    with Session(engine) as db:
        assert db.scalar(select(func.count(func.distinct(Accreditation.team_id)))) == 10
        assert db.scalar(select(func.count(ConsolidatedFinding.id))) == 24 * db.scalar(select(func.count(Decision.id)))
        total = queries.summary(db, date.today(), Scope.load(db, None, None, strict=True))[-1]
        assert total.by_status[Status.NO_DECISION] == 2  # Larch Ward, the walk-through team, among them
        assert total.accredited >= 6 and total.by_status[Status.EXPIRED] == 1 and total.by_status[Status.DEFERRED] == 1
        assert total.expiring >= 1 and total.interim_due >= 1
        assert len(queries.trend(db, date.today()).years) >= 2
        _actions_are_spread_like_real_work(db)
    engine.dispose()


def _actions_are_spread_like_real_work(db):
    """Every decided (not deferred) cycle has its actions, and they stand at every stage, a few of them overdue."""
    actions = list(db.scalars(select(ImprovementAction)))
    decided = {d.id for d in db.scalars(select(Decision)) if d.outcome.value != "deferred"}
    assert {a.decision_id for a in actions} == decided
    assert {a.status for a in actions} == set(ActionStatus)
    assert all(a.updates for a in actions if a.status is not ActionStatus.OPEN and a.status is not ActionStatus.DRAFT)
    assert any(a.verdicts for a in actions if a.status is ActionStatus.COMPLETED)
    assert 2 <= sum(a.overdue for a in actions) <= 6
