"""Unfinished actions carry into the team's next self-assessment, and its assessors see them."""
import re
from datetime import date, time, timedelta

import pytest

from accreditation.actions.models import ActionStatus
from accreditation.review.models import Review, VisitTeamMember
from accreditation.selfassessment import services
from accreditation.selfassessment.models import CycleStatus
from tests.actions.test_overdue import set_state
from tests.cycle_fixtures import person


@pytest.fixture
def next_cycle(db, actions, cycle, people, larch):
    """Two actions finished, the rest not; then the cycle closes (nothing closes cycles yet) and the next opens."""
    set_state(actions[0], ActionStatus.COMPLETED, date(2027, 9, 1), people["lead"])
    set_state(actions[1], ActionStatus.VERIFIED, date(2027, 9, 1), people["lead"])
    set_state(actions[2], ActionStatus.IN_PROGRESS, date.today() - timedelta(days=1), people["lead"])
    cycle.status = CycleStatus.CLOSED
    db.flush()
    following = services.enrol_team(db, people["qa"], larch, date(2030, 3, 1), today=date(2026, 12, 1))
    db.flush()
    return following


def linked(page, actions):
    shown = {int(n) for n in re.findall(r'href="/actions/(\d+)"', page)}
    return [a.id in shown for a in actions]


def test_the_next_self_assessment_lists_the_unfinished_actions(client, sign_in_as, db, actions, cycle, next_cycle, people):
    sign_in_as(people["member"])
    page = client.get(f"/self-assessments/{next_cycle.self_assessment.id}/").get_data(as_text=True)
    assert "Improvement actions from the last accreditation" in page
    assert linked(page, actions) == [False, False, True, True, True]
    assert "Overdue" in page  # in progress, and due yesterday
    # The cycle the actions came from does not list them as carried over.
    earlier = client.get(f"/self-assessments/{cycle.self_assessment.id}/").get_data(as_text=True)
    assert "Improvement actions from the last accreditation" not in earlier


def test_the_next_visit_team_sees_them_on_the_review_page(client, sign_in_as, db, actions, next_cycle, people):
    assessor = person(db, "assessor3@example.org")  # did not assess the team last time
    review = Review(self_assessment=next_cycle.self_assessment, visit_on=date(2030, 5, 1), visit_at=time(10), site="Ward",
                    allocated_by_id=people["qa"].id, members=[VisitTeamMember(person_id=assessor.id, is_lead=False)])
    db.add(review)
    db.flush()
    sign_in_as(assessor)
    page = client.get(f"/reviews/{review.id}/").get_data(as_text=True)
    assert linked(page, actions) == [False, False, True, True, True]
    # Being on this visit team makes them a reviewer of the team: they may open the action and comment.
    assert "Add comment" in client.get(f"/actions/{actions[2].id}").get_data(as_text=True)
