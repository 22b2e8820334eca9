import html

import pytest
from sqlalchemy import func, select

from accreditation.audit import AuditEntry
from accreditation.review import scoring
from accreditation.review.models import Score
from accreditation.selfassessment.services import PatientIdentifiable
from tests.review.test_allocation import AMINA, ANA, HODAN, LEAD
from tests.review.conftest import person, post
from tests.conftest import page_text


def score_all(db, who, review, score=Score.MET):
    for standard in review.self_assessment.cycle.standards:
        scoring.score_evidence(db, who, review, standard, score, "")
    db.flush()


def test_scores_are_independent_until_an_assessor_sends_their_own(db, review):
    amina, hodan = person(db, AMINA), person(db, HODAN)
    wel = review.self_assessment.cycle.standards[0]
    scoring.score_evidence(db, hodan, review, wel, Score.NOT_MET, "No photos of the board")
    assert not scoring.may_see_others_scores(review, amina)
    with pytest.raises(scoring.ScoresIncomplete) as incomplete:
        scoring.submit_evidence_scores(db, amina, review)
    assert len(incomplete.value.missing) == 24
    score_all(db, amina, review)
    scoring.submit_evidence_scores(db, amina, review)
    assert scoring.may_see_others_scores(review, amina)
    with pytest.raises(scoring.ReviewError):
        scoring.score_evidence(db, amina, review, wel, Score.NOT_MET, "changed my mind")
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "evidence_scores.sent")) == 1


def test_the_score_page_hides_others_scores_until_sent(client, sign_in_as, db, review):
    amina, hodan = person(db, AMINA), person(db, HODAN)
    wel = review.self_assessment.cycle.standards[0]
    scoring.score_evidence(db, hodan, review, wel, Score.NOT_MET, "No photos of the board")
    db.flush()
    sign_in_as(amina)
    url = f"/reviews/{review.id}/evidence-scores/WEL-01"
    assert "No photos of the board" not in client.get(url).get_data(as_text=True)
    score_all(db, amina, review)
    scoring.submit_evidence_scores(db, amina, review)
    db.flush()
    page = page_text(client.get(url))
    assert "Hodan: Not met: No photos of the board" in page


def test_scoring_through_the_page_moves_to_the_next_standard(client, sign_in_as, db, review):
    sign_in_as(person(db, AMINA))
    response = post(client, f"/reviews/{review.id}/evidence-scores/WEL-01", {"score": "partially_met", "comment": "Some"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/evidence-scores/WEL-02")


def test_visit_notes_save_as_drafts_and_refuse_nhs_numbers(db, review):
    lead = person(db, LEAD)
    wel = review.self_assessment.cycle.standards[0]
    record = scoring.save_visit_record(db, lead, review, wel, {"observed": "Names on the board", "service_users_spoken_to": 3})
    assert record.revision == 1 and record.score is None
    with pytest.raises(PatientIdentifiable):
        scoring.save_visit_record(db, lead, review, wel, {"service_users_said": "Patient 943 476 5919 said"})
    assert scoring.visit_record(db, review, lead.id, wel).observed == "Names on the board"


def test_visit_autosave_and_the_form_keep_every_word(client, sign_in_as, db, review):
    sign_in_as(person(db, HODAN))
    url = f"/reviews/{review.id}/visit/WEL-01"
    saved = post(client, url + "/autosave", {"observed": "Staff wore name badges", "carers_spoken_to": "2"}, page=url)
    assert saved.status_code == 200 and saved.json["message"].startswith("Saved at")
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "Staff wore name badges" in page and 'value="2"' in page


def test_assessors_not_on_the_visit_team_get_not_found(client, sign_in_as, db, review):
    sign_in_as(person(db, ANA))
    for path in ("/evidence-scores/", "/evidence-scores/WEL-01", "/visit/", "/visit/WEL-01"):
        assert client.get(f"/reviews/{review.id}{path}").status_code == 404, path
