"""The pages after a decision: the team's appeal and further evidence, the lead assessor's review, the chair's
correction and the QA coordinator's follow-up."""
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from accreditation.panels import appeals, services
from accreditation.panels.models import Appeal, Decision, FurtherEvidence, FurtherEvidenceStatus
from accreditation.panels.outcome import Outcome
from accreditation.roles import Role
from tests.conftest import page_text
from tests.cycle_fixtures import everyone_present, person, post

SOON = date.today() + timedelta(days=30)


def text(response):
    return page_text(response)


def decide(db, chair, committee, outcome=Outcome.BRONZE, **extra):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    extra.setdefault("departure_reason", "The committee's view")
    decision = services.record_decision(db, chair, item, outcome=outcome, rationale="Agreed", request_key="k",
                                        today=date.today(), **extra)
    db.flush()
    return decision


@pytest.fixture
def deferred(db, committee, chair):
    return decide(db, chair, committee, Outcome.DEFERRED, deferral_deadline=SOON,
                  deferral_requirements="Show the easy-read care plans")


def test_the_team_lead_appeals_from_the_home_page_and_sees_the_outcome(client, sign_in_as, db, committee, chair, people):
    decision = decide(db, chair, committee)
    sign_in_as(people["lead"])
    home = text(client.get("/home"))
    deadline = appeals.appeal_deadline(decision)
    assert f"Appeal this decision (until {deadline.day} {deadline:%B %Y})" in home
    url = f"/panels/decisions/{decision.id}/appeal"
    refused = post(client, url, {"grounds": "   "})
    assert refused.status_code == 400 and "Give the grounds for the appeal" in text(refused)
    assert db.scalar(select(func.count(Appeal.id))) == 0
    assert post(client, url, {"grounds": "The assessors did not see our garden"}).status_code == 302
    page = text(client.get(url))
    assert "The assessors did not see our garden" in page and "Waiting for the outcome" in page

    qa = people["qa"]
    sign_in_as(qa)
    follow_up = text(client.get("/panels/follow-up"))
    assert "Appeal from Larch Ward against Bronze" in follow_up
    appeal = db.scalar(select(Appeal))
    decide_url = f"/panels/appeals/{appeal.id}"
    refused = post(client, decide_url, {"upheld": "yes", "reasons": ""})
    assert refused.status_code == 400 and "Give the reasons for the outcome" in text(refused)
    assert post(client, decide_url, {"upheld": "yes", "reasons": "The garden is part of the service"}).status_code == 302
    follow_up = text(client.get("/panels/follow-up"))
    assert "Appeal upheld" in follow_up and "Appeal from Larch Ward" not in follow_up

    sign_in_as(people["lead"])
    assert "Upheld" in text(client.get(url)) and "The final committee will decide again" in text(client.get(url))


@pytest.fixture
def other_team(db):
    from accreditation.organisation.models import Team

    return db.scalar(select(Team).where(Team.name != "Larch Ward").limit(1))


def test_a_team_member_cannot_appeal_and_another_team_gets_not_found(client, sign_in_as, db, committee, chair, people, make_person, other_team):
    decision = decide(db, chair, committee)
    sign_in_as(people["member"])
    assert client.get(f"/panels/decisions/{decision.id}/appeal").status_code == 403
    assert "Appeal this decision" not in text(client.get("/home"))
    sign_in_as(make_person(Role.TEAM_LEAD, team=other_team))
    assert client.get(f"/panels/decisions/{decision.id}/appeal").status_code == 404


def test_a_deferred_team_sends_further_evidence_and_the_lead_assessor_reviews_it(client, sign_in_as, db, deferred, people, make_person):
    url = f"/panels/decisions/{deferred.id}/further-evidence"
    sign_in_as(people["member"])
    assert "Send further evidence to the final committee" in text(client.get("/home"))
    page = text(client.get(url))
    assert "Show the easy-read care plans" in page and "Send the further evidence" not in page  # the lead sends
    assert post(client, url, {"statement": "We co-wrote easy-read care plans"}).status_code == 302
    bad = post(client, url + "/files", {"file": (io.BytesIO(b"MZ\x90\x00binary"), "plan.exe"), "description": "Our new plan"}, page=url)
    assert bad.status_code == 400
    assert "must be a PDF, Word" in text(bad) and "Our new plan" in text(bad)  # what was typed is kept
    good = post(client, url + "/files", {"file": (io.BytesIO(b"Easy-read care plan\n"), "plan.txt"), "description": "Our new plan"}, page=url)
    assert good.status_code == 302
    sign_in_as(people["lead"])
    assert post(client, url + "/send", {}, page=url).status_code == 302
    assert db.scalar(select(FurtherEvidence)).status is FurtherEvidenceStatus.SENT
    assert "With the lead assessor" in text(client.get(url))

    sign_in_as(make_person(Role.LEAD_ASSESSOR))  # leads other visits, not this one
    assert client.get(url + "/review").status_code == 404
    lead = person(db, "lead.assessor@example.org")
    sign_in_as(lead)
    home = text(client.get("/home"))
    assert "Further evidence from Larch Ward" in home
    review_page = text(client.get(url + "/review"))
    assert "We co-wrote easy-read care plans" in review_page and "plan.txt" in review_page
    file_id = db.scalar(select(FurtherEvidence)).files[0].id
    download = client.get(f"{url}/review/files/{file_id}")
    assert download.data == b"Easy-read care plan\n" and download.headers["Cache-Control"] == "private, no-store"
    refused = post(client, url + "/review", {"review": ""}, page=url + "/review")
    assert refused.status_code == 400 and "Say what the further evidence shows" in text(refused)
    assert post(client, url + "/review", {"review": "The plans are easy-read"}, page=url + "/review").status_code == 302
    assert "Further evidence from Larch Ward" not in text(client.get("/home"))

    sign_in_as(people["qa"])
    assert "Deferred: further evidence reviewed" in text(client.get("/panels/follow-up"))
    assert "Larch Ward (Deferred: further evidence reviewed)" in text(client.get("/panels/schedule"))


def test_further_evidence_pages_are_not_found_for_other_teams_and_other_decisions(client, sign_in_as, db, committee, chair, people, make_person, other_team):
    gold = decide(db, chair, committee, Outcome.GOLD, departure_reason="")
    sign_in_as(people["member"])
    assert client.get(f"/panels/decisions/{gold.id}/further-evidence").status_code == 404  # not a deferral
    sign_in_as(make_person(Role.TEAM_MEMBER, team=other_team))
    assert client.get(f"/panels/decisions/{gold.id}/further-evidence").status_code == 404


def test_the_chair_corrects_a_decision_and_the_original_stays_visible(client, sign_in_as, db, committee, chair):
    decision = decide(db, chair, committee)
    sign_in_as(chair)
    item_url = f"/panels/{committee.id}/items/{committee.items[0].id}"
    page = client.get(item_url).get_data(as_text=True)
    # Each link on a line of its own, after the decision's reasons rather than run on into them.
    assert f'<li><a href="/panels/decisions/{decision.id}/amend">Correct this decision</a></li>' in page
    assert f'<li><a href="/decisions/{decision.id}/certificate">The certificate</a></li>' in page
    url = f"/panels/decisions/{decision.id}/amend"
    form = {"outcome": "silver", "rationale": "Silver after all", "departure_reason": "Miscounted", "request_key": "fix"}
    refused = post(client, url, form)
    assert refused.status_code == 400 and "Give the reason for the amendment" in text(refused) and "Silver after all" in text(refused)
    assert post(client, url, form | {"reason": "The points were added up wrongly"}).status_code == 302
    page = text(client.get(item_url))
    assert "Bronze" in page and "Silver" in page and "amendment: The points were added up wrongly" in page
    assert db.scalar(select(func.count(Decision.id))) == 2
    sign_in_as(person(db, "panel.member@example.org"))  # on the panel, not its chair
    assert client.get(url).status_code == 403


def test_a_lapsed_deferral_is_flagged_on_the_follow_up_page(client, sign_in_as, db, committee, chair, people):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    services.record_decision(db, chair, item, outcome=Outcome.DEFERRED, rationale="More to see", request_key="k",
                             departure_reason="Photos missing", deferral_deadline=date.today() - timedelta(days=1),
                             deferral_requirements="Photos", today=date.today() - timedelta(days=90))
    db.flush()
    sign_in_as(people["qa"])
    page = text(client.get("/panels/follow-up"))
    assert "Deferred: the deadline passed" in page and "nhsuk-tag--red" in page
