"""Overdue is worked out from the due date and the status, the same way in Python and in SQL; never stored."""
from datetime import timedelta

from sqlalchemy import inspect, select

from accreditation.actions import queries
from accreditation.actions.models import ActionStatus, ImprovementAction, overdue_clause
from accreditation.db import utcnow
from tests.cycle_fixtures import TODAY


def set_state(action, status, due_on, who):
    action.what_will_change, action.how_we_will_know, action.owner_id = "Change", "Measure", who.id
    action.status, action.due_on = status, due_on
    if status.finished:
        action.completed_at, action.completed_by_id = utcnow(), who.id
    if status is ActionStatus.VERIFIED:
        action.verified_at, action.verified_by_id = utcnow(), who.id


def test_overdue_when_the_due_date_has_passed_and_the_action_is_not_finished(db, actions, people):
    late, on_time, due_today, done_late = actions[:4]
    set_state(late, ActionStatus.IN_PROGRESS, TODAY - timedelta(days=1), people["lead"])
    set_state(on_time, ActionStatus.OPEN, TODAY + timedelta(days=30), people["lead"])
    set_state(due_today, ActionStatus.OPEN, TODAY, people["lead"])
    set_state(done_late, ActionStatus.COMPLETED, TODAY - timedelta(days=10), people["lead"])
    db.flush()
    draft = actions[4]
    assert [a.overdue_on(TODAY) for a in actions] == [True, False, False, False, False]
    assert draft.due_on is None
    in_sql = set(db.scalars(select(ImprovementAction.id).where(overdue_clause(TODAY))))
    assert in_sql == {late.id}
    assert [a.id for a in queries.all_actions(db, today=TODAY, overdue=True)] == [late.id]
    # The next day, the one due today is late too.
    assert set(db.scalars(select(ImprovementAction.id).where(overdue_clause(TODAY + timedelta(days=1))))) == {late.id, due_today.id}


def test_overdue_is_not_a_column():
    assert not any("overdue" in c.key for c in inspect(ImprovementAction).columns)
