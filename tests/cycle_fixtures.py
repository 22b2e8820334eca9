"""Fixtures for a team in an accreditation cycle, shared by the self-assessment and review tests."""
from datetime import date

import pytest
from sqlalchemy import select

from accreditation.organisation.models import Team
from accreditation.roles import Role
from accreditation.selfassessment import services
from accreditation.selfassessment.models import EvidenceKind
from accreditation.storage import LocalStorage

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
    cycle = services.enrol_team(db, people["qa"], larch, date(2027, 3, 1))
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
        for standard in cycle.standards_version.standards:
            answer = services.answer_for(db, self_assessment, standard)
            services.save_answer(db, people[who], self_assessment, standard, COMPLETE, answer.revision if answer else 0)
            services.add_other_evidence(
                db, people[who], self_assessment, standard, kind=EvidenceKind.AT_VISIT,
                description="Our welcome board, on the ward",
            )
        db.flush()
        db.expire(self_assessment)

    return complete
