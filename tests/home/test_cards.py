"""A team's card on the home page: every team the person works in, read in one statement."""
import pytest
from sqlalchemy import select

from accreditation.auth.models import RoleAssignment
from accreditation.db import count_queries
from accreditation.home.cards import cards
from accreditation.organisation.models import Team
from accreditation.panels import services as panels
from accreditation.panels.outcome import Outcome
from accreditation.roles import Role
from accreditation.selfassessment.models import SelfAssessmentStatus
from tests.conftest import page_text
from tests.cycle_fixtures import TODAY, everyone_present


def test_each_team_has_its_own_card_in_one_statement(app, db, review, larch, make_person):
    other = db.scalar(select(Team).where(Team.id != larch.id).order_by(Team.id))
    with count_queries(app.extensions["db"].engine) as statements:
        found = cards(db, {larch.id, other.id})
    assert len(statements) == 1
    assert (found[larch.id].progress.status, found[larch.id].visit.assessors) == (
        SelfAssessmentStatus.SUBMITTED, ("Tomasz", "Amina", "Hodan"))  # in the order the visit team was chosen
    assert found[larch.id].standing is None
    assert (found[other.id].progress, found[other.id].visit, found[other.id].standing) == (None, None, None)


def test_a_lead_of_two_teams_reads_both_cards(client, sign_in_as, db, review, larch, make_person):
    other = db.scalar(select(Team).where(Team.id != larch.id).order_by(Team.id))
    lead = make_person(Role.TEAM_LEAD, team=larch, given_name="Sam")
    lead.role_assignments.append(RoleAssignment(role=Role.TEAM_LEAD, team=other))
    db.flush()
    sign_in_as(lead)
    page = page_text(client.get("/home"))
    assert "Your assessors: Tomasz, Amina, Hodan." in page
    assert page.count("Your team is not in an accreditation cycle at the moment.") == 1  # the other team's card
    assert f"Go to the self-assessment for {larch.name}" in page


@pytest.fixture
def decided(db, committee, chair):
    """Larch Ward's assessment decided Gold by the final committee: the decision stands."""
    item = committee.items[0]
    panels.record_declarations(db, chair, item, everyone_present(item))
    panels.record_decision(db, chair, item, outcome=Outcome.GOLD, rationale="All met", request_key="k", today=TODAY)
    db.commit()
    return item


def test_once_the_decision_stands_the_card_says_the_cycle_ended_and_the_team_can_be_enrolled_again(
        client, sign_in_as, decided, people, larch):
    sign_in_as(people["lead"])
    page = page_text(client.get("/home"))
    assert "Your team is accredited: Gold" in page
    assert "Your team's accreditation cycle has ended." in page and "Go to the self-assessment" not in page
    sign_in_as(people["qa"])
    assert f"{larch.name} ({larch.site})" in page_text(client.get("/self-assessments/enrol"))


def test_after_the_decision_the_team_reads_its_self_assessment_among_the_earlier_ones(client, sign_in_as, decided, people):
    sign_in_as(people["member"])
    assert "Read your team's earlier self-assessments" in page_text(client.get("/home"))
    assert "Larch Ward" not in page_text(client.get("/self-assessments/"))
    earlier = page_text(client.get("/self-assessments/?earlier=1"))
    assert "Larch Ward" in earlier and "Decided by the final committee" in earlier
    assert f"/self-assessments/{decided.review.self_assessment.id}/" in earlier
