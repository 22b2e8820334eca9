from datetime import date

import pytest
from sqlalchemy import select

from accreditation.auth.models import Person
from accreditation.selfassessment import services as sa_services
from tests.conftest import csrf_token

VISIT_DAY = date(2027, 5, 12)


@pytest.fixture
def submitted(db, cycle, people, complete_all):
    complete_all()
    sa_services.submit_self_assessment(db, people["lead"], cycle.self_assessment)
    db.flush()
    return cycle.self_assessment


def post(client, url, data, page=None):
    return client.post(url, data={"csrf_token": csrf_token(client, page or url), **data})


@pytest.fixture
def review(db, people, submitted, demo_profile):
    """Larch Ward's visit: Tomasz leads Amina and Hodan."""
    from tests.review.test_allocation import AMINA, HODAN, allocate

    made = allocate(db, people, submitted, demo_profile, others=(AMINA, HODAN))
    db.flush()
    return made


def person(db, email):
    from accreditation.auth.models import Person

    return db.scalar(select(Person).where(Person.email == email))


@pytest.fixture
def demo_profile(db):
    """The demo assessors' profiles, by email (see accreditation/demo.py for who has which problem)."""
    from accreditation.review.models import AssessorProfile

    def profile(email):
        return db.scalar(select(AssessorProfile).join(AssessorProfile.person).where(Person.email == email))

    return profile
