"""Fixtures: fresh migrated databases on the database under test, and tests that never persist.

The suite runs on SQLite, or on PostgreSQL when TEST_POSTGRES_ADMIN_URL names a server (./dev test starts one).
"""
import html
import os
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from accreditation import create_app, migrations
from accreditation.auth.models import Person, RoleAssignment
from accreditation.auth.passwords import hash_password
from accreditation.config import PROJECT_ROOT
from accreditation.db import make_engine, track_writes
from accreditation.demo import seed_demo
from accreditation.roles import Role
from accreditation.standards.loader import load_standards
from accreditation.standards.published import Published

pytest_plugins = ["tests.cycle_fixtures"]

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL")
TEST_PASSWORD = "correct horse battery"


class Databases:
    """Makes empty databases of the kind under test, and drops them at the end of the run."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.created: list[str] = []
        self.admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT") if POSTGRES_ADMIN_URL else None

    def new(self, purpose: str) -> str:
        if self.admin is None:
            return f"sqlite:///{self.folder / f'{purpose}-{uuid.uuid4().hex[:8]}.sqlite'}"
        name = f"accreditation_{purpose}_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

    def drop_all(self) -> None:
        if self.admin is None:
            return
        with self.admin.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


def prepare_database(url: str, demo: bool = True, history: bool = False) -> None:
    """Build the schema by running the migrations, then load the standards (and the demo data, with its
    decided cycles only when asked: most tests start from teams that have never been through)."""
    engine = make_engine(url)
    migrations.upgrade(engine)
    with Session(engine) as db:
        load_standards(db, PROJECT_ROOT / "standards")
        if demo:
            seed_demo(db, history=history)
        db.commit()
    engine.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    made = Databases(tmp_path_factory.mktemp("databases"))
    yield made
    made.drop_all()


@pytest.fixture(scope="session")
def database_url(databases):
    url = databases.new("main")
    prepare_database(url)
    return url


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        {"DATABASE_URL": database_url, "SECRET_KEY": "tests", "TESTING": True},
        instance_path=str(tmp_path_factory.mktemp("instance")),
    )
    yield app
    app.extensions["db"].engine.dispose()


@pytest.fixture
def db(app):
    """A session whose work, and every request's, is rolled back after the test."""
    engine = app.extensions["db"].engine
    connection = engine.connect()
    outer = connection.begin()
    original = app.extensions["db"].sessionmaker
    app.extensions["db"].sessionmaker = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    track_writes(app.extensions["db"].sessionmaker)
    # Each test's work is rolled back, and SQLite then gives its ids again: versions kept by an earlier test
    # must not stand for another test's (in service, a published version is never rolled back or changed).
    app.extensions["published_standards"] = Published()
    session = app.extensions["db"].sessionmaker()
    yield session
    session.close()
    app.extensions["db"].sessionmaker = original
    outer.rollback()
    connection.close()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture(scope="session")
def test_password_hash():
    return hash_password(TEST_PASSWORD)


@pytest.fixture
def make_person(db, test_password_hash):
    """A person holding exactly the given roles; team roles are held for `team`."""

    def make(*roles: Role, team=None, email: str | None = None, given_name: str = "Test") -> Person:
        person = Person(
            email=email or f"{uuid.uuid4().hex[:10]}@example.test", given_name=given_name, family_name="Person",
            password_hash=test_password_hash,
        )
        person.role_assignments = [RoleAssignment(role=r, team=team if r.team_scoped else None) for r in roles]
        db.add(person)
        db.flush()
        return person

    return make


@pytest.fixture
def sign_in_as(client):
    """Sign a person in without the form (the form itself is tested in tests/auth)."""

    def sign_in(person: Person) -> None:
        with client.session_transaction() as session:
            session["_user_id"] = str(person.id)
            session["_fresh"] = True

    return sign_in


def csrf_token(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def page_text(response) -> str:
    """A page's markup with entities decoded and the isolation of typed text (<bdi>) taken out, so a test can
    look for "Name: reason" as a reader sees it."""
    return html.unescape(re.sub(r"</?bdi[^>]*>", "", response.get_data(as_text=True)))


@pytest.fixture
def second_trust(db):
    """A second organisation on the platform, so the programme has several: Hillside NHS Trust, with its own
    "Adult mental health" (a name the demo trust uses too) and "Learning disabilities", three teams in all.
    Returns its teams by name."""
    from accreditation.organisation.models import Directorate, Organisation, Team, TeamKind

    trust = Organisation(name="Hillside NHS Trust", code="HILL1")
    adult = Directorate(organisation=trust, name="Adult mental health")
    learning = Directorate(organisation=trust, name="Learning disabilities")
    teams = [Team(directorate=d, name=name, kind=TeamKind.WARD, service_type="Inpatient", site="Hillside")
             for d, name in ((adult, "Birch Ward"), (adult, "Cedar Ward"), (learning, "Oak House"))]
    db.add_all([trust, *teams])
    db.flush()
    return {t.name: t for t in teams}
