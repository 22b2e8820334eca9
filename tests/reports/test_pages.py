"""The letter and the report as the team reads them on a page, who may open them, and what they cost."""
import html

import pytest
from sqlalchemy import select

from accreditation.db import count_queries
from accreditation.organisation.models import Team
from accreditation.panels import services
from accreditation.panels.outcome import Outcome
from accreditation.roles import Role
from tests.cycle_fixtures import TODAY
from tests.reports.conftest import NOT_MET, PARTLY, TRICKY_FINDING

PAGES = ("letter", "letter.pdf", "report", "report.pdf")


def page(client, decision, which):
    response = client.get(f"/decisions/{decision.id}/{which}")
    assert response.status_code == 200
    if which.endswith(".pdf"):
        assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
        return response.data
    return html.unescape(response.get_data(as_text=True))


def test_the_team_reads_its_decision_letter(client, sign_in_as, people, decide):
    decision = decide(Outcome.SILVER, conditions="Share the easy-read plan")
    sign_in_as(people["member"])
    letter = page(client, decision, "letter")
    assert "Decision letter: Larch Ward" in letter and "The decision is: Silver." in letter
    assert "Service users were welcomed warmly" in letter and "Share the easy-read plan" in letter
    assert "your team may appeal" in letter and "within 28 days" in letter
    assert "2 standards were not met or only partially met" in letter
    assert "Download the decision letter (PDF)" in letter


def test_the_letter_of_an_amended_decision_shows_the_new_one_and_why(client, sign_in_as, people, decide, db, chair):
    original = decide(Outcome.SILVER)
    services.amend_decision(db, chair, original, reason="The wrong level was recorded", outcome=Outcome.BRONZE,
                            rationale="Bronze, as agreed", departure_reason="As agreed", request_key="amend", today=TODAY)
    db.flush()
    sign_in_as(people["lead"])
    letter = page(client, original, "letter")
    assert "The decision is: Bronze." in letter and "Bronze, as agreed" in letter
    assert "amends the committee's earlier decision" in letter and "(Silver)" in letter
    assert "The wrong level was recorded" in letter


def test_the_team_reads_its_report_with_each_standards_finding(client, sign_in_as, people, decide, mixed_review):
    decision = decide(Outcome.SILVER, conditions="Share the easy-read plan")
    sign_in_as(people["member"])
    report = page(client, decision, "report")
    assert "Accreditation report: Larch Ward" in report and "Silver, decided by the final committee" in report
    assert "There is a problem" not in report and "Error:" not in report
    standards = mixed_review.self_assessment.cycle.standards
    for standard in standards:
        assert f"Seen on the ward ({standard.code})" in report or standard is standards[PARTLY]
    assert TRICKY_FINDING in report and "A warm welcome at the door" in report and "Share the easy-read plan" in report
    actions = report[report.index('id="improvement-actions"'):]
    assert f'id="action-{standards[NOT_MET].code}"' in actions and f'id="action-{standards[PARTLY].code}"' in actions
    assert actions.count('id="action-') == 2


def test_user_text_is_escaped_on_the_page(client, sign_in_as, people, decide, db):
    db.scalar(select(Team).where(Team.name == "Larch Ward")).name = "Larch <b>Ward</b>"
    db.flush()
    decision = decide(Outcome.SILVER)
    sign_in_as(people["member"])
    raw = client.get(f"/decisions/{decision.id}/report").get_data(as_text=True)
    assert "Larch &lt;b&gt;Ward&lt;/b&gt;" in raw and "<b>Ward</b>" not in raw
    assert "Staff said &lt;b&gt;" in raw


@pytest.mark.parametrize("outcome", [Outcome.DEFERRED, Outcome.NOT_YET_ACCREDITED])
def test_every_outcome_has_a_letter_and_a_report(client, sign_in_as, people, decide, outcome):
    decision = decide(outcome)
    sign_in_as(people["lead"])
    for which in PAGES:
        page(client, decision, which)
    assert "Your team is not accredited at this time" in page(client, decision, "letter") or outcome is Outcome.DEFERRED


def test_others_get_not_found(client, sign_in_as, decide, db, make_person, people):
    decision = decide(Outcome.GOLD)
    rowan = db.scalar(select(Team).where(Team.name == "Rowan Ward"))
    for stranger in (make_person(Role.TEAM_LEAD, team=rowan), make_person(Role.PANEL_MEMBER)):
        sign_in_as(stranger)
        assert [client.get(f"/decisions/{decision.id}/{which}").status_code for which in PAGES] == [404] * 4
    sign_in_as(people["qa"])
    assert client.get(f"/decisions/{decision.id + 1000}/letter").status_code == 404
    assert [client.get(f"/decisions/{decision.id}/{which}").status_code for which in PAGES] == [200] * 4


def test_the_team_finds_the_letter_and_report_from_its_home_page(client, sign_in_as, people, decide):
    decision = decide(Outcome.DEFERRED)
    sign_in_as(people["member"])
    home = client.get("/home").get_data(as_text=True)
    assert f"/decisions/{decision.id}/letter" in home and f"/decisions/{decision.id}/report" in home


def test_the_report_page_costs_the_same_queries_however_much_it_holds(app, client, sign_in_as, people, decide, db, chair, make_person, larch):
    original = decide(Outcome.SILVER)
    sign_in_as(people["qa"])
    page(client, original, "report")  # the published standards are read once per app server
    with count_queries(app.extensions["db"].engine) as few:
        page(client, original, "report")
    for _ in range(3):
        make_person(Role.TEAM_LEAD, team=larch)
    services.amend_decision(db, chair, original, reason="Level", outcome=Outcome.BRONZE, rationale="Bronze",
                            departure_reason="As agreed", request_key="amend", today=TODAY)
    db.flush()
    with count_queries(app.extensions["db"].engine) as many:
        page(client, original, "report")
    assert len(many) == len(few) <= 7


def test_the_panel_item_links_to_the_letter_and_report_of_the_newest_decision(client, sign_in_as, decide, db, chair):
    original = decide(Outcome.SILVER)
    amended = services.amend_decision(db, chair, original, reason="Level", outcome=Outcome.BRONZE, rationale="Bronze",
                                      departure_reason="As agreed", request_key="amend", today=TODAY)
    db.flush()
    sign_in_as(chair)
    item = client.get(f"/panels/{original.item.panel_id}/items/{original.item_id}").get_data(as_text=True)
    assert f"/decisions/{amended.id}/letter" in item and f"/decisions/{amended.id}/report" in item
