"""The lead assessor's side: consolidated findings with the agreement figures, and the assessors' report
through the team's factual-accuracy check. Each write is audited; the view commits."""
from dataclasses import dataclass, field
from functools import cache, cached_property
from datetime import date

from sqlalchemy import Select, String, Text, bindparam, literal, null, select, union_all
from sqlalchemy.orm import Session, joinedload

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.db import utcnow
from accreditation.review.agreement import fleiss_kappa, percentage_agreement
from accreditation.review.models import EvidenceScore, Review, Score, VisitRecord
from accreditation.review.report_models import (
    REPORT_TRANSITIONS, AssessorsReport, ConsolidatedFinding, FactualComment, ReportStatus,
)
from accreditation.review.scoring import ReviewError
from accreditation.roles import Permission
from accreditation.selfassessment.models import Answer, Rating
from accreditation.selfassessment.rules import contains_nhs_number
from accreditation.selfassessment.services import PatientIdentifiable
from accreditation.standards.published import PublishedStandard


@dataclass(frozen=True)
class Finding:
    """The visit team's agreed score for a standard, as pages read it."""
    score: Score
    finding: str
    rationale: str


@dataclass
class StandardRow:
    standard: PublishedStandard
    evidence: dict[int, Score] = field(default_factory=dict)  # assessor id -> score
    visit: dict[int, Score] = field(default_factory=dict)
    consolidated: Finding | None = None

    @property
    def disagreement(self) -> bool:
        return len(set(self.evidence.values()) | set(self.visit.values())) > 1


@dataclass
class Agreement:
    percentage: float | None
    kappa: float | None


@dataclass
class SideBySide:
    rows: list[StandardRow]
    not_applicable: frozenset[int]  # the ids of standards the team rated not applicable to it

    # Worked out only where a page shows them (the consolidation page), not for every reader of the rows.
    @cached_property
    def evidence(self) -> Agreement:
        return self._agreement("evidence")

    @cached_property
    def visit(self) -> Agreement:
        return self._agreement("visit")

    def _agreement(self, kind: str) -> Agreement:
        subjects = [list(getattr(row, kind).values()) for row in self.rows if getattr(row, kind)]
        return Agreement(percentage_agreement(subjects), fleiss_kappa(subjects))


@cache
def _scores():
    """Every assessor's scores of both kinds, the consolidated findings and the standards the team found not
    applicable, in one statement (comments and visit notes are not shown side by side); built once, as building it
    and its cache key cost more than running it."""
    no_text = null().cast(Text)
    return union_all(
        select(literal("evidence", String), EvidenceScore.standard_id, EvidenceScore.assessor_id, EvidenceScore.score,
               no_text, no_text)
        .where(EvidenceScore.review_id == bindparam("review")),
        select(literal("visit", String), VisitRecord.standard_id, VisitRecord.assessor_id, VisitRecord.score,
               no_text, no_text)
        .where(VisitRecord.review_id == bindparam("review"), VisitRecord.score.is_not(None)),
        select(literal("consolidated", String), ConsolidatedFinding.standard_id, null(), ConsolidatedFinding.score,
               ConsolidatedFinding.finding, ConsolidatedFinding.rationale)
        .where(ConsolidatedFinding.review_id == bindparam("review")),
        select(literal("not_applicable", String), Answer.standard_id, null(), null(), no_text, no_text)
        .join(Review, Review.self_assessment_id == Answer.self_assessment_id)
        .where(Review.id == bindparam("review"), Answer.rating == Rating.NOT_APPLICABLE),
    )


def side_by_side(db: Session, review: Review) -> SideBySide:
    """Every assessor's evidence and visit scores per standard, beside the consolidated one (1 query)."""
    rows = {s.id: StandardRow(s) for s in review.self_assessment.cycle.standards}
    not_applicable = set()
    for kind, standard_id, assessor_id, score, finding, rationale in db.execute(_scores(), {"review": review.id}):
        if kind == "consolidated":
            rows[standard_id].consolidated = Finding(Score(score), finding, rationale)
        elif kind == "not_applicable":
            not_applicable.add(standard_id)
        else:
            getattr(rows[standard_id], kind)[assessor_id] = Score(score)
    return SideBySide(list(rows.values()), frozenset(not_applicable))


def _lead(review: Review, actor: Person) -> None:
    if review.lead is None or review.lead.id != actor.id:
        raise ReviewError("only the lead assessor of this visit")


def _no_patient_details(**texts: str) -> None:
    for name, text in texts.items():
        if contains_nhs_number(text):
            raise PatientIdentifiable(name)


@cache
def _report() -> Select:
    return select(AssessorsReport).where(AssessorsReport.review_id == bindparam("review")).options(
        joinedload(AssessorsReport.comments))


def report_for(db: Session, review: Review) -> AssessorsReport | None:
    """With the team's factual comments, in the same query (a report has a handful at most)."""
    return db.execute(_report(), {"review": review.id}).unique().scalar_one_or_none()


def record_finding(
    db: Session, actor: Person, review: Review, standard: PublishedStandard, *, score: Score, finding: str, rationale: str
) -> ConsolidatedFinding:
    _lead(review, actor)
    report = report_for(db, review)
    if report is not None and report.status is not ReportStatus.DRAFT:
        raise ReviewError("the report has gone to the team: findings no longer change")
    _no_patient_details(finding=finding, rationale=rationale)
    found = db.scalar(select(ConsolidatedFinding).where(
        ConsolidatedFinding.review_id == review.id, ConsolidatedFinding.standard_id == standard.id
    ))
    if found is None:
        found = ConsolidatedFinding(review_id=review.id, standard_id=standard.id, score=score, decided_by_id=actor.id)
        db.add(found)
    found.score, found.finding, found.rationale = score, finding.strip(), rationale.strip()
    found.decided_by_id, found.decided_at = actor.id, utcnow()
    db.flush()
    audit.record(db, actor, "finding.recorded", found, standard=standard.code, score=score.value)
    return found


def _change_status(report: AssessorsReport, status: ReportStatus) -> None:
    if status not in REPORT_TRANSITIONS[report.status]:
        raise ReviewError(f"a report that is {report.status} cannot become {status}")
    report.status = status


def save_report(db: Session, actor: Person, review: Review, *, strengths: str, improvements: str) -> AssessorsReport:
    _lead(review, actor)
    _no_patient_details(strengths=strengths, improvements=improvements)
    report = report_for(db, review)
    if report is None:
        report = AssessorsReport(review_id=review.id)
        db.add(report)
    elif report.status is not ReportStatus.DRAFT:
        raise ReviewError("the report has gone to the team")
    report.strengths, report.improvements = strengths.strip(), improvements.strip()
    db.flush()
    audit.record(db, actor, "report.saved", report)
    return report


def send_report_to_team(db: Session, actor: Person, review: Review, comments_due: date) -> AssessorsReport:
    """To the team for a factual-accuracy check, once every standard has a consolidated finding."""
    _lead(review, actor)
    report = report_for(db, review)
    if report is None or not report.strengths or not report.improvements:
        raise ReviewError("write the strengths and the areas for improvement first")
    missing = [row.standard.code for row in side_by_side(db, review).rows if row.consolidated is None]
    if missing:
        raise ReviewError("every standard needs a consolidated finding: " + ", ".join(missing))
    _change_status(report, ReportStatus.WITH_TEAM)
    report.sent_to_team_at, report.comments_due = utcnow(), comments_due
    audit.record(db, actor, "report.sent_to_team", report, comments_due=comments_due.isoformat())
    return report


def comment_on_report(
    db: Session, actor: Person, review: Review, *, comment: str, standard_code: str | None, today: date
) -> FactualComment:
    """A member of the team points out a factual error, until the deadline."""
    report = report_for(db, review)
    if not actor.can(Permission.COMMENT_ON_REPORT, team_id=review.self_assessment.cycle.team_id):
        raise ReviewError("only the team that was visited comments on its report")
    if report is None or report.status is not ReportStatus.WITH_TEAM or today > report.comments_due:
        raise ReviewError("the report is not open for comments")
    _no_patient_details(comment=comment)
    made = FactualComment(report=report, standard_code=standard_code or None, comment=comment.strip(), made_by_id=actor.id)
    db.add(made)
    db.flush()
    audit.record(db, actor, "report.commented", made, standard=standard_code)
    return made


def respond_to_comment(db: Session, actor: Person, review: Review, comment: FactualComment, response: str) -> None:
    _lead(review, actor)
    if comment.report.status is not ReportStatus.WITH_TEAM:
        raise ReviewError("the report is not with the team")
    _no_patient_details(response=response)
    comment.response, comment.responded_by_id, comment.responded_at = response.strip(), actor.id, utcnow()
    audit.record(db, actor, "report.comment_answered", comment)


def mark_report_ready(db: Session, actor: Person, review: Review, today: date) -> AssessorsReport:
    """Ready for the panels: after the team's deadline, with every comment answered."""
    _lead(review, actor)
    report = report_for(db, review)
    if report is None or report.status is not ReportStatus.WITH_TEAM:
        raise ReviewError("the report has not been with the team")
    if today <= report.comments_due:
        raise ReviewError("the team can still comment")
    if any(c.responded_at is None for c in report.comments):
        raise ReviewError("answer every comment from the team first")
    _change_status(report, ReportStatus.READY)
    report.ready_at = utcnow()
    audit.record(db, actor, "report.ready", report)
    return report
