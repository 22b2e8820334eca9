from datetime import date

import pytest
from sqlalchemy import func, select

from accreditation.audit import AuditEntry
from accreditation.review import findings, scoring
from accreditation.review.involvement import Activity, entries_between, involvement_csv, record_involvement
from accreditation.review.models import Score
from accreditation.review.report_models import ReportStatus
from tests.review.test_allocation import AMINA, HODAN, LEAD
from tests.review.conftest import person


def standards(review):
    return review.self_assessment.cycle.standards


def test_side_by_side_flags_disagreement_and_gives_agreement_figures(db, review):
    lead, amina, hodan = person(db, LEAD), person(db, AMINA), person(db, HODAN)
    first, second = standards(review)[:2]
    for who, score in ((lead, Score.MET), (amina, Score.MET), (hodan, Score.MET)):
        scoring.score_evidence(db, who, review, first, score, "")
    for who, score in ((lead, Score.MET), (amina, Score.NOT_MET), (hodan, Score.NOT_MET)):
        scoring.score_evidence(db, who, review, second, score, "")
    scoring.save_visit_record(db, amina, review, first, {"score": "partially_met"})
    db.flush()
    table = findings.side_by_side(db, review)
    assert [row.disagreement for row in table.rows[:2]] == [True, True]  # the first: evidence met, visit partially
    assert table.evidence.percentage == pytest.approx(100 * (1 + 1 / 3) / 2)
    assert table.evidence.kappa == pytest.approx(0.25)  # P-bar 2/3, Pe 4/9 -> (2/3 - 4/9) / (5/9)
    assert table.visit.kappa is None  # one assessor's visit scores: no agreement to measure


def consolidate_all(db, review, lead):
    for standard in standards(review):
        findings.record_finding(db, lead, review, standard, score=Score.MET, finding="Seen on the ward", rationale="All agreed")
    db.flush()


def test_only_the_lead_records_findings_and_each_assessors_scores_stay(db, review):
    lead, amina = person(db, LEAD), person(db, AMINA)
    first = standards(review)[0]
    scoring.score_evidence(db, amina, review, first, Score.NOT_MET, "No photos")
    with pytest.raises(scoring.ReviewError):
        findings.record_finding(db, amina, review, first, score=Score.MET, finding="x", rationale="y")
    findings.record_finding(db, lead, review, first, score=Score.PARTIALLY_MET, finding="Some photos", rationale="Seen on visit")
    db.flush()
    row = findings.side_by_side(db, review).rows[0]
    assert row.consolidated.score is Score.PARTIALLY_MET and row.evidence[amina.id] is Score.NOT_MET


def test_the_report_goes_to_the_team_then_is_ready_after_the_deadline(db, review, people):
    lead = person(db, LEAD)
    findings.save_report(db, lead, review, strengths="A warm welcome", improvements="Care plans in easy read")
    with pytest.raises(scoring.ReviewError, match="every standard needs a consolidated finding"):
        findings.send_report_to_team(db, lead, review, date(2027, 6, 1))
    consolidate_all(db, review, lead)
    report = findings.send_report_to_team(db, lead, review, date(2027, 6, 1))
    assert report.status is ReportStatus.WITH_TEAM
    with pytest.raises(scoring.ReviewError):
        findings.record_finding(db, lead, review, standards(review)[0], score=Score.NOT_MET, finding="x", rationale="y")

    with pytest.raises(scoring.ReviewError):  # an assessor is not the team
        findings.comment_on_report(db, person(db, AMINA), review, comment="x", standard_code=None, today=date(2027, 5, 20))
    comment = findings.comment_on_report(
        db, people["member"], review, comment="We have 12 beds, not 14", standard_code="ENV-01", today=date(2027, 5, 20)
    )
    with pytest.raises(scoring.ReviewError):  # after the deadline
        findings.comment_on_report(db, people["lead"], review, comment="late", standard_code=None, today=date(2027, 6, 2))
    with pytest.raises(scoring.ReviewError, match="still comment"):
        findings.mark_report_ready(db, lead, review, date(2027, 6, 1))
    with pytest.raises(scoring.ReviewError, match="answer every comment"):
        findings.mark_report_ready(db, lead, review, date(2027, 6, 2))
    findings.respond_to_comment(db, lead, review, comment, "Corrected to 12 beds")
    assert findings.mark_report_ready(db, lead, review, date(2027, 6, 2)).status is ReportStatus.READY
    actions = {a for (a,) in db.execute(select(AuditEntry.action).where(AuditEntry.action.like("report.%")))}
    assert actions == {"report.saved", "report.sent_to_team", "report.commented", "report.comment_answered", "report.ready"}


def test_the_involvement_log_and_its_csv_for_payments(db, review, people):
    amina = person(db, AMINA)
    record_involvement(db, people["qa"], amina, activity=Activity.VISIT, on=date(2027, 5, 12), minutes=210, review=review, note="Visit and travel")
    record_involvement(db, people["qa"], amina, activity=Activity.EVIDENCE_REVIEW, on=date(2027, 5, 3), minutes=90, note="=HYPERLINK(1)")
    record_involvement(db, people["qa"], amina, activity=Activity.PANEL, on=date(2027, 7, 1), minutes=60)
    db.flush()
    entries = entries_between(db, date(2027, 5, 1), date(2027, 5, 31))
    text = involvement_csv(entries)
    lines = text.strip().splitlines()
    assert lines[0] == "date,assessor,email,activity,team,minutes,hours,note"
    assert lines[1] == "2027-05-03,Amina Begum,assessor@example.org,Evidence review,,90,1.50,'=HYPERLINK(1)"
    assert lines[2] == "2027-05-12,Amina Begum,assessor@example.org,Visit,Larch Ward,210,3.50,Visit and travel"
    assert len(lines) == 3
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "involvement.recorded")) == 3
