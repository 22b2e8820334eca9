"""Fixtures for a team in an accreditation cycle, shared by the self-assessment and review tests."""
from datetime import date

import pytest
from sqlalchemy import select

from accreditation.auth.models import Person
from accreditation.organisation.models import Team
from accreditation.roles import Role
from accreditation.selfassessment import services
from accreditation.selfassessment.models import EvidenceKind
from accreditation.panels import agenda
from accreditation.panels.models import PanelKind
from accreditation.review import findings
from accreditation.review.models import Score
from accreditation.storage import LocalStorage

VISIT_DAY = date(2027, 5, 12)

COMPLETE = {
    "rating": "met", "how_we_meet": "We greet everyone by name at the door.",
    "involvement_count": 4, "involvement_how": "Two service users and two carers reviewed our answer at the community meeting.",
}


@pytest.fixture
def larch(db):
    return db.scalar(select(Team).where(Team.name == "Larch Ward"))


@pytest.fixture
def people(make_person, larch):
    return {
        "member": make_person(Role.TEAM_MEMBER, team=larch, given_name="Mo"),
        "other_member": make_person(Role.TEAM_MEMBER, team=larch, given_name="Kit"),
        "lead": make_person(Role.TEAM_LEAD, team=larch, given_name="Lee"),
        "qa": make_person(Role.QA_COORDINATOR, given_name="Quinn"),
    }


@pytest.fixture
def cycle(db, people, larch):
    cycle = services.enrol_team(db, people["qa"], larch, date(2099, 3, 1), today=date(2026, 12, 1))
    db.flush()
    return cycle


@pytest.fixture
def store(tmp_path):
    return LocalStorage(tmp_path / "evidence")


@pytest.fixture
def complete_all(db, cycle, people):
    """Answer every standard completely, with evidence to be shown at the visit."""

    def complete(who="member"):
        self_assessment = cycle.self_assessment
        for standard in cycle.standards:
            answer = services.answer_for(db, self_assessment, standard)
            services.save_answer(db, people[who], self_assessment, standard, COMPLETE, answer.revision if answer else 0)
            services.add_other_evidence(
                db, people[who], self_assessment, standard, kind=EvidenceKind.AT_VISIT,
                description="Our welcome board, on the ward",
            )
        db.flush()
        db.expire(self_assessment)

    return complete


@pytest.fixture
def submitted(db, cycle, people, complete_all):
    complete_all()
    services.submit_self_assessment(db, people["lead"], cycle.self_assessment)
    db.flush()
    return cycle.self_assessment


def post(client, url, data, page=None):
    """POST a form as the page would, with its token (taken from `page`, or from the URL itself)."""
    from tests.conftest import csrf_token

    return client.post(url, data={"csrf_token": csrf_token(client, page or url), **data})


@pytest.fixture
def review(db, people, submitted, demo_profile):
    """Larch Ward's visit: Tomasz leads Amina and Hodan."""
    from tests.review.test_allocation import AMINA, HODAN, allocate  # the demo's visit team

    made = allocate(db, people, submitted, demo_profile, others=(AMINA, HODAN))
    db.flush()
    return made


def person(db, email):
    return db.scalar(select(Person).where(Person.email == email))


@pytest.fixture
def demo_profile(db):
    """The demo assessors' profiles, by email (see accreditation/demo.py for who has which problem)."""
    from accreditation.review.models import AssessorProfile

    def profile(email):
        return db.scalar(select(AssessorProfile).join(AssessorProfile.person).where(Person.email == email))

    return profile


# Panels
TODAY = date(2027, 7, 1)


@pytest.fixture
def ready_review(db, review, people):
    lead = person(db, "lead.assessor@example.org")
    findings.save_report(db, lead, review, strengths="A warm welcome", improvements="Easy-read care plans")
    for standard in review.self_assessment.cycle.standards:
        findings.record_finding(db, lead, review, standard, score=Score.MET, finding="Seen on the ward", rationale="All agreed")
    findings.send_report_to_team(db, lead, review, date(2027, 6, 1))
    findings.mark_report_ready(db, lead, review, date(2027, 6, 2))
    db.flush()
    return review


@pytest.fixture
def chair(db):
    return person(db, "panel.chair@example.org")


@pytest.fixture
def committee(db, ready_review, people, chair, make_person):
    """A final committee of four: the chair, Grace, and two more panel members."""
    members = [person(db, "panel.member@example.org"), make_person(Role.PANEL_MEMBER), make_person(Role.PANEL_MEMBER)]
    panel = agenda.schedule_panel(
        db, people["qa"], kind=PanelKind.FINAL_COMMITTEE, meets_on=TODAY, chair=chair, members=members, reviews=[ready_review],
        today=TODAY,
    )
    db.flush()
    return panel


def everyone_present(item, **overrides):
    declared = {m.person_id: (True, False, "") for m in item.panel.members}
    declared.update(overrides)
    return declared


def standing(db, team_id: int):
    """The team's accreditation as its home card shows it: from the newest decision (home.cards)."""
    from accreditation.home.cards import cards

    return cards(db, {team_id})[team_id].standing
