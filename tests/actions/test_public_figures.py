"""The public page counts each action a service user has given a verdict on, once."""
from datetime import date

from accreditation.actions import services
from accreditation.actions.models import Verdict
from accreditation.home.shaping import figures
from tests.actions.test_verdict import completed  # noqa: F401  (the fixture)
from tests.cycle_fixtures import person


def test_actions_with_a_service_user_verdict_are_counted_once(db, completed):  # noqa: F811
    before = figures(db, date(2027, 9, 1)).actions_with_verdict
    for email in ("assessor@example.org", "lead.assessor@example.org"):
        services.give_verdict(db, person(db, email), completed, verdict=Verdict.YES, in_their_words="Yes", reviewer=True)
    db.flush()
    assert figures(db, date(2027, 9, 1)).actions_with_verdict == before + 1
