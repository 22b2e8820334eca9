"""Pages beyond sign-in and standards: home pages, teams, people, errors, languages, queries per page."""
import pytest
from sqlalchemy import select

from accreditation.db import count_queries
from accreditation.demo import PEOPLE
from accreditation.organisation.models import Directorate, Team, TeamKind
from accreditation.auth.models import Person
from accreditation.roles import Role
from tests.conftest import csrf_token, page_text


@pytest.mark.parametrize("email, given, roles", [(e, g, r) for e, g, _f, r in PEOPLE[:10]])
def test_each_demo_person_has_a_home_page_for_their_roles(client, db, sign_in_as, email, given, roles):
    sign_in_as(db.scalar(select(Person).where(Person.email == email)))
    page = client.get("/home").get_data(as_text=True)
    assert f"Hello, {given}" in page
    assert page.count("<h1") == 1
    headings = {
        Role.ASSESSOR: "As a service user assessor", Role.LEAD_ASSESSOR: "As a lead assessor",
        Role.PANEL_MEMBER: "As a panel member", Role.PANEL_CHAIR: "As a panel chair",
        Role.STANDARDS_GROUP_MEMBER: "As a member of the standards group", Role.TEAM_MEMBER: "As a team member",
        Role.TEAM_LEAD: "As a team lead", Role.QA_COORDINATOR: "As a quality assurance coordinator",
        Role.BOARD_VIEWER: "As a board member", Role.ADMINISTRATOR: "As an administrator",
    }
    held = {role for role, _team in roles}
    for role, heading in headings.items():
        assert (heading in page) == (role in held)


def test_team_roles_name_their_team(client, db, sign_in_as):
    sign_in_as(db.scalar(select(Person).where(Person.email == "team.lead@example.org")))
    assert "You lead Larch Ward." in client.get("/home").get_data(as_text=True)


def test_the_teams_page_lists_every_team_in_a_fixed_number_of_queries(app, client, db, make_person, sign_in_as):
    sign_in_as(make_person(Role.QA_COORDINATOR))
    engine = app.extensions["db"].engine
    with count_queries(engine) as before:
        page = client.get("/organisation/").get_data(as_text=True)
    assert "Larch Ward" in page and "Primary care" in page
    directorate = db.scalar(select(Directorate).where(Directorate.name == "Primary care"))
    for n in range(30):
        db.add(Team(directorate=directorate, name=f"Extra team {n}", kind=TeamKind.CLINIC, service_type="x", site="y"))
    db.flush()
    with count_queries(engine) as after:
        page = client.get("/organisation/").get_data(as_text=True)
    assert "Extra team 29" in page
    assert len(after) == len(before)


def test_the_people_page_shows_roles_and_teams(client, db, sign_in_as):
    sign_in_as(db.scalar(select(Person).where(Person.email == "admin@example.org")))
    page = page_text(client.get("/people/"))
    assert "Joseph Mensah" in page and "Team lead: Larch Ward" in page


def test_a_page_the_role_does_not_include_says_so_plainly(client, make_person, sign_in_as):
    sign_in_as(make_person(Role.ASSESSOR))
    response = client.get("/people/")
    assert response.status_code == 403
    assert "You cannot use this page" in response.get_data(as_text=True)


def test_unknown_pages_are_not_found(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_the_chosen_language_is_kept_for_the_person(client, db, make_person, sign_in_as):
    person = make_person(Role.ASSESSOR)
    sign_in_as(person)
    token = csrf_token(client, "/home")
    response = client.post("/language", data={"csrf_token": token, "locale": "en_GB", "next": "/standards/"})
    assert response.headers["Location"] == "/standards/"
    db.refresh(person)
    assert person.locale == "en_GB"
    assert '<html lang="en-GB"' in client.get("/home").get_data(as_text=True)


def test_a_language_that_does_not_exist_changes_nothing(client, db, make_person, sign_in_as):
    person = make_person(Role.ASSESSOR)
    sign_in_as(person)
    token = csrf_token(client, "/home")
    client.post("/language", data={"csrf_token": token, "locale": "xx", "next": "https://evil.example/"})
    db.refresh(person)
    assert person.locale is None


def test_health_answers_without_the_database_and_readiness_checks_it(client, tmp_path):
    from accreditation import create_app

    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json == {"status": "ready"}
    cut_off = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/missing/folder/db.sqlite", "SECRET_KEY": "x"},
                         instance_path=str(tmp_path / "instance"))
    assert cut_off.test_client().get("/healthz").status_code == 200
    response = cut_off.test_client().get("/readyz")
    assert response.status_code == 503 and response.json == {"status": "database unreachable"}
