from datetime import date

import pytest
from sqlalchemy import select

from accreditation.auth.models import Person
from accreditation.selfassessment import services as sa_services
from tests.selfassessment.conftest import complete_all, cycle, larch, people, store  # noqa: F401  (shared fixtures)

VISIT_DAY = date(2027, 5, 12)


@pytest.fixture
def submitted(db, cycle, people, complete_all):  # noqa: F811
    complete_all()
    sa_services.submit_self_assessment(db, people["lead"], cycle.self_assessment)
    db.flush()
    return cycle.self_assessment


@pytest.fixture
def demo_profile(db):
    """The demo assessors' profiles, by email (see accreditation/demo.py for who has which problem)."""
    from accreditation.review.models import AssessorProfile

    def profile(email):
        return db.scalar(select(AssessorProfile).join(AssessorProfile.person).where(Person.email == email))

    return profile
