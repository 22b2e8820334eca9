"""What the letter and the report say: one loader builds it from the decision, the review and the findings."""
from datetime import timedelta

from sqlalchemy import select

from accreditation.organisation.models import Team
from accreditation.panels import services
from accreditation.panels.outcome import Outcome
from accreditation.reports import documents
from accreditation.review.models import Score
from accreditation.roles import Role
from accreditation.selfassessment.models import Rating
from accreditation.standards.models import Tier
from tests.cycle_fixtures import TODAY
from tests.reports.conftest import NOT_MET, PARTLY, TRICKY_FINDING


def load(db, decision):
    return documents.load(db, documents.item_of(db, decision.id))


def test_the_document_holds_the_decision_the_team_and_every_standard(db, decide, people, mixed_review):
    decision = decide(Outcome.SILVER, conditions="Share the easy-read plan")
    doc = load(db, decision)
    assert (doc.team, doc.outcome, doc.conditions) == ("Larch Ward", Outcome.SILVER, "Share the easy-read plan")
    assert people["lead"].full_name in doc.team_leads
    assert doc.visit_team[0][1] is True and all(not lead for _name, lead in doc.visit_team[1:])
    assert doc.chair == decision.item.panel.chair.full_name
    assert (doc.valid_from, doc.interim_review_due) == (TODAY, services.add_months(TODAY, 18))
    assert doc.appeal_by == doc.recorded_on + timedelta(days=services.APPEAL_WINDOW_DAYS)
    standards = mixed_review.self_assessment.cycle.standards
    assert [s.code for t in doc.themes for s in t.standards] == [s.code for s in standards]
    assert {s.self_rating for t in doc.themes for s in t.standards} == {"Met"}  # what the team said of itself
    assert [(s.code, s.score, s.finding) for s in doc.improvement_actions] == [
        (standards[NOT_MET].code, Score.NOT_MET, f"Seen on the ward ({standards[NOT_MET].code})"),
        (standards[PARTLY].code, Score.PARTIALLY_MET, TRICKY_FINDING),
    ]
    assert doc.maximum == 2 * len(standards) and doc.points == doc.maximum - 3


def test_an_amended_decision_is_read_as_the_newest_with_what_it_amends(db, decide, chair):
    original = decide(Outcome.SILVER)
    amended = services.amend_decision(db, chair, original, reason="The chair recorded the wrong level", outcome=Outcome.BRONZE,
                                      rationale="Bronze, as agreed", departure_reason="As agreed", request_key="amend", today=TODAY)
    db.flush()
    doc = load(db, original)  # the original's link still leads to what stands now
    assert (doc.decision_id, doc.outcome, doc.rationale) == (amended.id, Outcome.BRONZE, "Bronze, as agreed")
    assert (doc.amends.outcome, doc.amends.reason) == ("Silver", "The chair recorded the wrong level")


def test_a_deferral_has_a_deadline_and_no_validity(db, decide):
    doc = load(db, decide(Outcome.DEFERRED))
    assert doc.deferral_deadline == TODAY + timedelta(days=90)
    assert doc.deferral_requirements == "Minutes of two community meetings"
    assert doc.valid_until is None and doc.interim_review_due is None


def test_a_standard_the_team_found_not_applicable_is_left_out_of_the_points_unless_essential(db, decide, mixed_review):
    """The report's recommended outcome counts as the panel's does; the team's own rating is shown as it said."""
    answers = {a.standard.tier: a for a in mixed_review.self_assessment.answers}
    for tier in (Tier.ESSENTIAL, Tier.ASPIRATIONAL):
        answers[tier].rating, answers[tier].not_applicable_reason = Rating.NOT_APPLICABLE, "We have no carers' room"
    db.flush()
    doc = load(db, decide(Outcome.SILVER))
    standards = mixed_review.self_assessment.cycle.standards
    assert doc.maximum == 2 * (len(standards) - 1)  # the aspirational one is left out, the essential one is not
    ratings = {s.code: s.self_rating for t in doc.themes for s in t.standards}
    assert ratings[answers[Tier.ESSENTIAL].standard.code] == ratings[answers[Tier.ASPIRATIONAL].standard.code] == "Not applicable"


def test_the_letter_greets_the_team_leads_by_name_and_lists_the_visit_team_as_chosen(db, decide, make_person, larch, people):
    for name in ("Zainab", "Aled"):
        make_person(Role.TEAM_LEAD, team=larch, given_name=name)
    make_person(Role.TEAM_LEAD, team=db.scalar(select(Team).where(Team.name == "Rowan Ward")), given_name="Beatrix")
    doc = load(db, decide(Outcome.GOLD))
    assert {"Aled Person", "Zainab Person", people["lead"].full_name} <= set(doc.team_leads)
    assert list(doc.team_leads) == sorted(doc.team_leads) and "Beatrix Person" not in doc.team_leads
    assert [lead for _name, lead in doc.visit_team] == [True] + [False] * (len(doc.visit_team) - 1)
