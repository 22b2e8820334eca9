"""axe-core (WCAG 2.2 A and AA) on every page of the route table, for every role that may see it, in English;
in Urdu (right to left) and Bengali, every page once, as the first role that may see it, and every role's home
page. On a database of its own, with the same objects as the route table."""
import threading
import uuid

import pytest
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from accreditation import create_app
from accreditation.auth.models import Person, RoleAssignment
from accreditation.auth.passwords import hash_password
from accreditation.db import make_engine
from accreditation.organisation.models import Team
from accreditation.roles import Role
from tests.browser.conftest import assert_accessible, new_context
from tests.conftest import TEST_PASSWORD, prepare_database
from tests.test_routes import API, PUBLIC, TABLE, build_objects, place

pytestmark = pytest.mark.browser
LANGUAGES = ["en-GB", "ur", "bn"]
NOT_PAGES = {"home.health", "home.ready", "auth.form_token"}


@pytest.fixture(scope="module")
def site(databases, tmp_path_factory):
    """A server of its own, the route table's objects, and one person in each role, placed as the table expects."""
    url = databases.new("every_page")
    prepare_database(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "every-page"}, instance_path=str(tmp_path_factory.mktemp("every")))
    password_hash = hash_password(TEST_PASSWORD)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as db:
        larch = db.scalar(select(Team).where(Team.name == "Larch Ward"))

        def make_person(*roles, team=None, email=None, given_name="Test"):
            person = Person(email=email or f"{uuid.uuid4().hex[:10]}@example.test", given_name=given_name,
                            family_name="Person", password_hash=password_hash)
            person.role_assignments = [RoleAssignment(role=r, team=team if r.team_scoped else None) for r in roles]
            db.add(person)
            db.flush()
            return person

        objects = build_objects(db, app.extensions["storage"], make_person)
        people = {}
        for role in Role:
            people[role] = make_person(role, team=larch, email=f"{role.value}@every.test")
            place(db, objects, role, people[role])
        values = {key: getattr(value, "id", value) for key, value in objects.items()}
        db.commit()
    engine.dispose()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}", {role: p.email for role, p in people.items()}, values
    server.shutdown()
    app.extensions["db"].engine.dispose()


def pages_for(app, values, role):
    with app.test_request_context():
        for endpoint, (method, url_values, who) in sorted(TABLE.items()):
            if method != "GET" or endpoint in NOT_PAGES or endpoint.startswith("assets.") or who == API:
                continue
            if (role is None) == (who == PUBLIC):
                yield endpoint, url_for(endpoint, **{k: values.get(v, v) for k, v in url_values.items()}), who


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_for_every_role_has_no_accessibility_violations(browser, site, language):
    app, base, emails, values = site
    checked, seen = 0, set()
    for role in [None, *sorted(Role)]:
        context = new_context(browser, viewport={"width": 1024, "height": 800}, locale=language)
        page = context.new_page()
        if role is not None:
            page.goto(base + "/sign-in")
            page.locator("#email").fill(emails[role])
            page.locator("#password").fill(TEST_PASSWORD)
            page.locator("form:has(#email) button[type=submit]").click()
            page.wait_for_url(base + "/home")
        for endpoint, url, who in pages_for(app, values, role):
            once_each = language != "en-GB" and endpoint in seen and endpoint != "home.home"
            if once_each or who != PUBLIC and role not in who:
                continue
            answer = page.request.get(base + url)
            if "text/html" not in answer.headers.get("content-type", ""):
                continue  # a file or PDF: checked by the report and evidence tests
            page.goto(base + url)
            assert page.locator("html").get_attribute("lang") == language, (endpoint, role)
            assert_accessible(page)
            seen.add(endpoint)
            checked += 1
        context.close()
    assert checked > 60
