import pytest
from sqlalchemy import func, select

from accreditation.auth.models import Person
from accreditation.demo import PEOPLE, RealDataPresent, seed_demo
from accreditation.organisation.models import Directorate, Team
from accreditation.roles import Role


def test_demo_has_a_trust_three_directorates_twelve_teams_and_every_role(db):
    assert db.scalar(select(func.count(Directorate.id))) == 3
    assert db.scalar(select(func.count(Team.id))) == 12
    people = db.scalars(select(Person).where(Person.is_demo.is_(True))).all()
    assert set().union(*(p.roles for p in people)) == set(Role)
    assert sum(Role.ASSESSOR in p.roles for p in people) >= 4


def test_demo_is_not_added_twice(db):
    assert seed_demo(db) is False
    assert db.scalar(select(func.count(Person.id))) == len(PEOPLE)


def test_demo_refuses_a_database_with_real_people(db, make_person):
    make_person(Role.ADMINISTRATOR)
    with pytest.raises(RealDataPresent):
        seed_demo(db)


def test_every_demo_person_gets_an_audit_entry(db):
    from accreditation.audit import AuditEntry

    created = db.scalars(select(AuditEntry).where(AuditEntry.action == "person.created")).all()
    assert len(created) >= len(PEOPLE)
