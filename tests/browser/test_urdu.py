"""In Urdu, right to left, with the keyboard alone: a team member answers a standard, and an assessor writes visit
notes. Labels are looked up in the Urdu catalogue, as a reader of the page sees them."""
import re
from datetime import date

import pytest
from babel.support import Translations
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation.auth.models import Person
from accreditation.auth.passwords import hash_password
from accreditation.auth.services import create_person
from accreditation.config import PROJECT_ROOT
from accreditation.db import make_engine
from accreditation.demo import DEMO_PASSWORD
from accreditation.organisation.models import Team
from accreditation.roles import Role
from accreditation.selfassessment import services as sa_services
from tests.browser.conftest import allocated_visit, assert_accessible
from tests.browser.test_journeys import sign_in
from tests.browser.test_self_assessment import enter_and_wait, tab_to

pytestmark = pytest.mark.browser
URDU = Translations.load(str(PROJECT_ROOT / "translations"), ["ur"])


def ur(message: str, **values) -> str:
    return URDU.gettext(message) % values if values else URDU.gettext(message)


@pytest.fixture(scope="module")
def urdu_people(live_database_url):
    """Rowan Ward enrolled, with a team member who reads Urdu; a visit to Early Intervention in Psychosis with
    Hodan, who reads Urdu, on the visit team."""
    engine = make_engine(live_database_url)
    with Session(engine) as db:
        review, people = allocated_visit(db, "Early Intervention in Psychosis", ["assessor2@example.org"])
        people["assessor2@example.org"].locale = "ur"
        rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
        sa_services.enrol_team(db, people["qa@example.org"], rowan, date(2027, 3, 31), today=date(2026, 12, 1))
        create_person(db, None, email="rowan.member@example.org", given_name="Sana", family_name="Iqbal",
                      password_hash=hash_password(DEMO_PASSWORD), roles=[(Role.TEAM_MEMBER, rowan)], is_demo=True)
        db.flush()
        db.scalar(select(Person).where(Person.email == "rowan.member@example.org")).locale = "ur"
        db.commit()
        review_id = review.id
    engine.dispose()
    return review_id


def is_right_to_left(page) -> None:
    assert page.locator("html").get_attribute("lang") == "ur"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)


def test_a_team_member_answers_a_standard_in_urdu_with_the_keyboard(page, live_server, urdu_people):
    sign_in(page, live_server, "rowan.member@example.org")
    is_right_to_left(page)
    tab_to(page, page.get_by_role("link", name=ur("Go to the self-assessment for %(team)s", team="Rowan Ward")))
    enter_and_wait(page)
    is_right_to_left(page)
    tab_to(page, page.get_by_role("link", name=re.compile("^WEL-01")))
    enter_and_wait(page)
    is_right_to_left(page)
    tab_to(page, page.get_by_label(ur("Met"), exact=True))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label(ur("How we meet this standard")))
    page.keyboard.type("ہم ہر آنے والے کو دروازے پر خوش آمدید کہتے ہیں۔ Staff wear name badges.")
    tab_to(page, page.get_by_label(ur("How many service users and carers took part in assessing this standard?")))
    page.keyboard.type("6")
    tab_to(page, page.get_by_label(ur("How did they take part?")))
    page.keyboard.type("کمیونٹی میٹنگ میں")
    page.screenshot(path="/tmp/urdu-answer.png", full_page=True)  # a review artefact, looked at by eye
    tab_to(page, page.get_by_role("button", name=ur("Save and go to the next standard")))
    enter_and_wait(page)
    expect(page.get_by_text(ur("Your answer to %(code)s is saved.", code="WEL-01"))).to_be_visible()
    is_right_to_left(page)
    page.goto(page.url.rsplit("/", 1)[0] + "/WEL-01")
    expect(page.get_by_label(ur("How we meet this standard"))).to_have_value(
        "ہم ہر آنے والے کو دروازے پر خوش آمدید کہتے ہیں۔ Staff wear name badges.")


def test_an_assessor_writes_visit_notes_in_urdu_with_the_keyboard(page, live_server, urdu_people):
    sign_in(page, live_server, "assessor2@example.org")
    is_right_to_left(page)
    page.goto(f"{live_server}/reviews/{urdu_people}/visit/WEL-01")
    is_right_to_left(page)
    tab_to(page, page.get_by_label(ur("What did you see?")))
    page.keyboard.type("عملے نے سب کا استقبال کیا۔")
    tab_to(page, page.get_by_label(ur("How many service users did you talk to?")))
    page.keyboard.type("3")
    tab_to(page, page.get_by_label(ur("What did service users tell you?")))
    page.keyboard.type("انہیں خوش آمدید محسوس ہوا۔")
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"\d\d:\d\d"), timeout=10_000)
    page.reload()
    expect(page.get_by_label(ur("What did you see?"))).to_have_value("عملے نے سب کا استقبال کیا۔")
    expect(page.get_by_label(ur("How many service users did you talk to?"))).to_have_value("3")
    is_right_to_left(page)
