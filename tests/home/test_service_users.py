"""The public page "How service users shape quality here" reads the role matrix and counts live figures."""
from datetime import date, timedelta

from accreditation import roles
from accreditation.db import count_queries
from accreditation.home.shaping import figures
from accreditation.review.models import AssessorProfile, Perspective, TrainingRecord
from accreditation.roles import Permission, Role
from tests.conftest import page_text

TODAY = date(2027, 6, 1)


def test_anyone_can_read_it_from_the_home_page_and_the_footer(client):
    home = client.get("/").get_data(as_text=True)
    assert home.count('href="/how-service-users-shape-quality"') == 2  # the page and the footer
    page = page_text(client.get("/how-service-users-shape-quality"))
    for heading in ("Quality planning", "Quality improvement", "Quality control", "Quality assurance"):
        assert f">{heading}</h2>" in page
    assert "Assessors and lead assessors whose training is up to date today." in page


def test_the_roles_listed_for_each_part_come_from_the_matrix(client, monkeypatch):
    before = page_text(client.get("/how-service-users-shape-quality"))
    planning = before.split('id="planning"')[1].split("<h2")[0]
    assert "Standards group member" in planning and "Lead assessor" not in planning

    # Give lead assessors the planning permission: the page lists them under planning, with no other change.
    changed = dict(roles.MATRIX, **{Role.LEAD_ASSESSOR: roles.MATRIX[Role.LEAD_ASSESSOR] | {Permission.PUBLISH_STANDARDS}})
    monkeypatch.setattr(roles, "MATRIX", changed)
    after = page_text(client.get("/how-service-users-shape-quality"))
    assert "Lead assessor" in after.split('id="planning"')[1].split("<h2")[0]


def _assessor(db, make_person, expires_on, role=Role.ASSESSOR, active=True):
    person = make_person(role)
    person.active = active
    db.add(AssessorProfile(person=person, perspective=Perspective.SERVICE_USER))
    db.flush()
    db.add(TrainingRecord(person_id=person.id, course="Assessor training", completed_on=expires_on - timedelta(days=700),
                          expires_on=expires_on))
    db.flush()


def test_active_assessors_are_those_with_training_in_date(db, make_person):
    before = figures(db, TODAY).assessors_active
    _assessor(db, make_person, TODAY)
    _assessor(db, make_person, TODAY + timedelta(days=90), role=Role.LEAD_ASSESSOR)
    _assessor(db, make_person, TODAY - timedelta(days=1))  # lapsed
    _assessor(db, make_person, TODAY + timedelta(days=90), active=False)  # left
    _assessor(db, make_person, TODAY + timedelta(days=90), role=Role.PANEL_MEMBER)  # not an assessor
    assert figures(db, TODAY).assessors_active == before + 2


def test_a_visit_counts_once_its_day_has_passed(db, review):
    on_the_day = figures(db, review.visit_on).visits_done
    assert figures(db, review.visit_on + timedelta(days=1)).visits_done == on_the_day + 1


def test_the_page_takes_a_fixed_number_of_queries_however_much_data(db, app, client, make_person):
    engine = app.extensions["db"].engine
    with count_queries(engine) as few:
        assert client.get("/how-service-users-shape-quality").status_code == 200
    for _ in range(5):
        _assessor(db, make_person, date.today() + timedelta(days=30))
    db.flush()
    with count_queries(engine) as many:
        page = page_text(client.get("/how-service-users-shape-quality"))
    assert len(many) == len(few), many.statements
    assert "service user assessors</dt>" in page
