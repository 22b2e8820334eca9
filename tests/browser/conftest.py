"""End-to-end journeys: the real app on a loopback port, driven by Debian's Chromium through Playwright."""
import re
import threading

import pytest
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from accreditation import create_app
from accreditation.config import PROJECT_ROOT
from tests.conftest import prepare_database

CHROMIUM_ARGS = [
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-gpu",
]
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def live_database_url(databases):
    url = databases.new("browser")
    prepare_database(url)
    return url


@pytest.fixture(scope="session")
def live_server(live_database_url, tmp_path_factory):
    """The app with its own committed database (migrated, standards and demo loaded)."""
    url = live_database_url
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser-tests"}, instance_path=str(tmp_path_factory.mktemp("live")))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.extensions["db"].engine.dispose()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_context(browser, **options):
    """A browser context that never leaves this machine, whatever a page asks for."""
    context = browser.new_context(**options)
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|about:)"), lambda route: route.abort())
    return context


@pytest.fixture
def page(browser) -> Page:
    context = new_context(browser, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def assert_accessible(page: Page) -> None:
    """axe-core (from npm) with the WCAG 2.2 A and AA rules: zero violations."""
    # Evaluated through the DevTools protocol, so the page's content security policy stays as it is.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert problems == [], f"{page.url}: {problems}"


def allocated_visit(db, team_name: str, assessors: list[str], lead: str = "lead.assessor@example.org"):
    """Straight to a team's allocated visit, through the services (for journeys that start later on).

    The QA coordinator enrols the team and, for brevity, answers and sends its self-assessment."""
    from datetime import date, time

    from sqlalchemy import select

    from accreditation.auth.models import Person
    from accreditation.organisation.models import Team
    from accreditation.review import services as review_services
    from accreditation.selfassessment import services as sa_services
    from accreditation.selfassessment.models import EvidenceKind
    from tests.cycle_fixtures import COMPLETE

    people = {p.email: p for p in db.scalars(select(Person))}
    qa = people["qa@example.org"]
    cycle = sa_services.enrol_team(db, qa, db.scalar(select(Team).where(Team.name == team_name)), date(2027, 3, 1),
                                   today=date(2026, 12, 1))
    db.flush()
    for standard in cycle.standards:
        sa_services.save_answer(db, qa, cycle.self_assessment, standard, COMPLETE, 0)
        sa_services.add_other_evidence(db, qa, cycle.self_assessment, standard, kind=EvidenceKind.AT_VISIT, description="On site")
    db.flush()
    db.expire(cycle.self_assessment)
    sa_services.submit_self_assessment(db, qa, cycle.self_assessment)
    review = review_services.allocate_visit_team(
        db, qa, cycle.self_assessment, lead_id=people[lead].id, assessor_ids=[people[e].id for e in assessors],
        visit_on=date(2027, 5, 12), visit_at=time(10, 30), site=team_name, access_arrangements="Lift to the ward",
    )
    db.flush()
    return review, people
