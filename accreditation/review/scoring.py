"""Assessors' work on a review: independent evidence scores, then visit records. Each write is audited."""
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.db import utcnow
from accreditation.review.models import EvidenceScore, Review, Score, VisitRecord, VisitTeamMember
from accreditation.selfassessment.rules import contains_nhs_number
from accreditation.selfassessment.services import PatientIdentifiable
from accreditation.standards.published import PublishedStandard

VISIT_TEXT_FIELDS = ("observed", "service_users_said", "carers_said", "staff_said")
VISIT_COUNT_FIELDS = ("service_users_spoken_to", "carers_spoken_to", "staff_spoken_to")


class ReviewError(Exception):
    pass


class ScoresIncomplete(ReviewError):
    def __init__(self, missing: list[PublishedStandard]):
        super().__init__(", ".join(s.code for s in missing))
        self.missing = missing


def _member(review: Review, actor: Person) -> VisitTeamMember:
    member = review.member(actor)
    if member is None:
        raise ReviewError("only the visit team scores")
    return member


def evidence_scores(db: Session, review: Review, assessor_id: int | None = None) -> list[EvidenceScore]:
    query = select(EvidenceScore).where(EvidenceScore.review_id == review.id)
    if assessor_id is not None:
        query = query.where(EvidenceScore.assessor_id == assessor_id)
    return list(db.scalars(query))


def may_see_others_scores(review: Review, viewer: Person) -> bool:
    """Scoring is independent: an assessor sees the others' scores only once they have sent their own."""
    member = review.member(viewer)
    return member.evidence_scores_submitted_at is not None if member else True


def score_evidence(db: Session, actor: Person, review: Review, standard: PublishedStandard, score: Score, comment: str) -> EvidenceScore:
    member = _member(review, actor)
    if member.evidence_scores_submitted_at is not None:
        raise ReviewError("evidence scores already sent")
    if contains_nhs_number(comment):
        raise PatientIdentifiable("comment")
    found = db.scalar(select(EvidenceScore).where(
        EvidenceScore.review_id == review.id, EvidenceScore.assessor_id == actor.id, EvidenceScore.standard_id == standard.id
    ))
    if found is None:
        found = EvidenceScore(review_id=review.id, assessor_id=actor.id, standard_id=standard.id, score=score)
        db.add(found)
    found.score, found.comment, found.updated_at = score, comment.strip(), utcnow()
    db.flush()
    audit.record(db, actor, "evidence_score.saved", found, standard=standard.code, score=score.value)
    return found


def submit_evidence_scores(db: Session, actor: Person, review: Review) -> None:
    member = _member(review, actor)
    scored = {s.standard_id for s in evidence_scores(db, review, actor.id)}
    missing = [s for s in review.self_assessment.cycle.standards if s.id not in scored]
    if missing:
        raise ScoresIncomplete(missing)
    member.evidence_scores_submitted_at = utcnow()
    audit.record(db, actor, "evidence_scores.sent", review, assessor=actor.id)


@cache
def _visit_record() -> Select:
    return select(VisitRecord).where(VisitRecord.review_id == bindparam("review"),
                                     VisitRecord.assessor_id == bindparam("assessor"),
                                     VisitRecord.standard_id == bindparam("standard"))


def visit_record(db: Session, review: Review, assessor_id: int, standard: PublishedStandard) -> VisitRecord | None:
    return db.scalar(_visit_record(), {"review": review.id, "assessor": assessor_id, "standard": standard.id})


def save_visit_record(db: Session, actor: Person, review: Review, standard: PublishedStandard, values: dict) -> VisitRecord:
    """Save what the assessor has written so far on the visit (drafts may be incomplete)."""
    _member(review, actor)
    for field in VISIT_TEXT_FIELDS:
        if contains_nhs_number(values.get(field) or ""):
            raise PatientIdentifiable(field)
    record = visit_record(db, review, actor.id, standard)
    if record is None:
        record = VisitRecord(review_id=review.id, assessor_id=actor.id, standard_id=standard.id, revision=0)
        db.add(record)
    for field in VISIT_TEXT_FIELDS:
        setattr(record, field, (values.get(field) or "").strip())
    for field in VISIT_COUNT_FIELDS:
        setattr(record, field, values.get(field))
    record.score = Score(values["score"]) if values.get("score") else None
    record.revision += 1
    record.updated_at = utcnow()
    db.flush()
    audit.record(db, actor, "visit_record.saved", record, standard=standard.code, revision=record.revision)
    return record
