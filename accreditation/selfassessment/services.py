"""Every write of the self-assessment: each sets state, writes its audit entry, and leaves the commit to the view."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.db import utcnow
from accreditation.organisation.models import Team
from accreditation.selfassessment.files import check_file, kept_file
from accreditation.selfassessment.models import (
    TRANSITIONS, Answer, Cycle, CycleStatus, Evidence, EvidenceKind, Rating, SelfAssessment, SelfAssessmentStatus,
    Submission,
)
from accreditation.selfassessment.rules import Problem, answer_problems, contains_nhs_number
from accreditation.standards.drafts import newest_published
from accreditation.standards.published import PublishedStandard
from accreditation.storage import Storage

ANSWER_TEXT_FIELDS = ("not_applicable_reason", "how_we_meet", "improvement_underway", "involvement_how")


class SelfAssessmentError(Exception):
    def __init__(self, message=""):
        super().__init__(str(message))
        self.message = message


class NotEditable(SelfAssessmentError):
    """The self-assessment has been submitted: it is read-only for the team."""


class PassedToAssessors(SelfAssessmentError):
    """A visit team is allocated: the assessors score the self-assessment as the team sent it."""


class AlreadyEnrolled(SelfAssessmentError):
    pass


class NoPublishedStandards(SelfAssessmentError):
    pass


class InNewerCycle(SelfAssessmentError):
    """An ended cycle cannot open again: the team has been enrolled in a newer one."""

    def __init__(self):
        super().__init__(_l("The team has already been enrolled in a newer accreditation cycle, so this one "
                            "cannot open again"))


class Conflict(SelfAssessmentError):
    """Someone else saved this standard since the person loaded it; `theirs` is what they saved."""

    def __init__(self, theirs: Answer):
        super().__init__()
        self.theirs = theirs


class PatientIdentifiable(SelfAssessmentError):
    def __init__(self, field: str):
        super().__init__()
        self.field = field


class Incomplete(SelfAssessmentError):
    def __init__(self, problems: dict[PublishedStandard, list[Problem]]):
        super().__init__()
        self.problems = problems


def _change_status(self_assessment: SelfAssessment, status: SelfAssessmentStatus) -> None:
    if status not in TRANSITIONS[self_assessment.status]:
        raise SelfAssessmentError(f"{self_assessment.status} cannot become {status}")
    self_assessment.status = status


def _not_passed(due: date, today: date) -> None:
    if due < today:
        raise SelfAssessmentError(_l("The deadline must be today or later"))


def enrol_team(db: Session, actor: Person, team: Team, due: date, *, today: date) -> Cycle:
    """Open a cycle for the team, pinned to the newest published standards; a team has one open cycle."""
    _not_passed(due, today)
    if db.scalar(select(Cycle.id).where(Cycle.team_id == team.id, Cycle.status == CycleStatus.OPEN)):
        raise AlreadyEnrolled
    version = newest_published(db)
    if version is None:
        raise NoPublishedStandards
    cycle = Cycle(team=team, standards_version=version, self_assessment_due=due, opened_by_id=actor.id)
    cycle.self_assessment = SelfAssessment()
    db.add(cycle)
    audit.record(db, actor, "cycle.opened", cycle, team_id=team.id, standards_version=version.label, due=due.isoformat())
    return cycle


def _editable(self_assessment: SelfAssessment) -> None:
    if not self_assessment.status.editable:
        raise NotEditable


def answer_for(db: Session, self_assessment: SelfAssessment, standard: PublishedStandard) -> Answer | None:
    return db.scalar(
        select(Answer).where(Answer.self_assessment_id == self_assessment.id, Answer.standard_id == standard.id)
    )


def save_answer(
    db: Session, actor: Person, self_assessment: SelfAssessment, standard: PublishedStandard, values: dict, revision: int
) -> Answer:
    """Save what the person has typed so far (drafts are allowed to be incomplete).

    `revision` is the answer's revision the person started from: if someone saved in between, nothing is
    written and Conflict carries their version, so no one silently overwrites anyone.
    """
    _editable(self_assessment)
    for field in ANSWER_TEXT_FIELDS:
        if contains_nhs_number(values.get(field) or ""):
            raise PatientIdentifiable(field)
    answer = answer_for(db, self_assessment, standard)
    if answer is None:
        answer = Answer(self_assessment=self_assessment, standard_id=standard.id, revision=0)
        db.add(answer)
    # Someone else saved since this person loaded the page. (A person's own autosave racing their own
    # save button is not a conflict.)
    if answer.revision != revision and answer.updated_by_id != actor.id:
        raise Conflict(answer)
    rating = values.get("rating")
    answer.rating = Rating(rating) if rating else None
    for field in ANSWER_TEXT_FIELDS:
        setattr(answer, field, (values.get(field) or "").strip())
    answer.involvement_count = values.get("involvement_count")
    answer.revision += 1
    answer.updated_at = utcnow()
    answer.updated_by_id = actor.id
    try:
        # The UPDATE also checks the revision in the database, so two saves racing cannot both win.
        db.flush()
    except StaleDataError as error:
        db.rollback()
        raise Conflict(answer_for(db, self_assessment, standard)) from error
    audit.record(db, actor, "answer.saved", answer, standard=standard.code, revision=answer.revision)
    return answer


def _answer_to_add_evidence(db, actor, self_assessment, standard) -> Answer:
    _editable(self_assessment)
    answer = answer_for(db, self_assessment, standard)
    if answer is None:
        answer = Answer(self_assessment=self_assessment, standard_id=standard.id, revision=0, updated_by_id=actor.id)
        db.add(answer)
    return answer


def add_file_evidence(
    db: Session, actor: Person, store: Storage, self_assessment: SelfAssessment, standard: PublishedStandard,
    *, data: bytes, filename: str, description: str,
) -> Evidence:
    """Check the file by its content, keep it under a random name, and record it; FileRefused if not allowed."""
    checked = check_file(data)
    if contains_nhs_number(description):
        raise PatientIdentifiable("description")
    answer = _answer_to_add_evidence(db, actor, self_assessment, standard)
    with kept_file(store, data, checked, filename) as kept:
        evidence = Evidence(answer=answer, kind=EvidenceKind.FILE, description=description.strip(), added_by_id=actor.id,
                            **vars(kept))
        db.add(evidence)
        audit.record(db, actor, "evidence.added", evidence, standard=standard.code, kind="file", size=kept.size)
    return evidence


def add_other_evidence(
    db: Session, actor: Person, self_assessment: SelfAssessment, standard: PublishedStandard,
    *, kind: EvidenceKind, description: str, url: str | None = None,
) -> Evidence:
    """A link, or something the team will show at the visit."""
    if contains_nhs_number(description):
        raise PatientIdentifiable("description")
    answer = _answer_to_add_evidence(db, actor, self_assessment, standard)
    evidence = Evidence(
        answer=answer, kind=kind, description=description.strip(), url=url if kind is EvidenceKind.LINK else None,
        added_by_id=actor.id,
    )
    db.add(evidence)
    audit.record(db, actor, "evidence.added", evidence, standard=standard.code, kind=kind.value)
    return evidence


def remove_evidence(db: Session, actor: Person, evidence: Evidence) -> None:
    """Team members remove their own evidence until submission; the record stays, marked removed."""
    _editable(evidence.answer.self_assessment)
    if evidence.added_by_id != actor.id:
        raise SelfAssessmentError("only the person who added evidence can remove it")
    evidence.removed_at = utcnow()
    evidence.removed_by_id = actor.id
    audit.record(db, actor, "evidence.removed", evidence, standard=evidence.answer.standard.code)


def problems_by_standard(self_assessment: SelfAssessment, answers: dict[int, Answer]) -> dict[PublishedStandard, list[Problem]]:
    """Every standard of the pinned version that is not yet complete, in the standards' order."""
    problems = {}
    for standard in self_assessment.cycle.standards:
        answer = answers.get(standard.id)
        found = answer_problems(answer, standard.tier, len(answer.current_evidence) if answer else 0)
        if found:
            problems[standard] = found
    return problems


def answer_fields(answer: Answer) -> dict:
    """The answer's own fields, by form field name (rating by its value)."""
    return {
        "rating": answer.rating.value if answer.rating else None,
        **{field: getattr(answer, field) for field in ANSWER_TEXT_FIELDS},
        "involvement_count": answer.involvement_count,
    }


def _snapshot(self_assessment: SelfAssessment, answers: dict[int, Answer]) -> list[dict]:
    return [
        {
            "standard": standard.code,
            **answer_fields(answer),
            "evidence": [
                {"id": e.id, "kind": e.kind.value, "description": e.description, "filename": e.filename, "url": e.url}
                for e in answer.current_evidence
            ],
        }
        for standard in self_assessment.cycle.standards
        if (answer := answers.get(standard.id)) is not None
    ]


def change_deadline(db: Session, actor: Person, self_assessment: SelfAssessment, due: date, reason: str, today: date) -> None:
    """More time for the team (a ward closed, a team lead off sick), with why, until the team sends it."""
    if not self_assessment.status.editable:
        raise NotEditable(_l("The self-assessment has been sent, so its deadline no longer applies"))
    _not_passed(due, today)
    if not reason.strip():
        raise SelfAssessmentError(_l("Say why the deadline changes"))
    before = self_assessment.cycle.self_assessment_due
    self_assessment.cycle.self_assessment_due = due
    audit.record(db, actor, "self_assessment.deadline_changed", self_assessment, before=before.isoformat(),
                 due=due.isoformat(), reason=reason.strip())


def withdraw_team(db: Session, actor: Person, self_assessment: SelfAssessment, reason: str) -> None:
    """The team leaves the cycle before its visit, with why. Its cycle closes, so it can be enrolled again later;
    its answers, evidence and the versions it sent are kept."""
    if self_assessment.passed_to_assessors_at is not None:
        raise PassedToAssessors(_l("A visit team has been allocated, so the team can no longer be withdrawn."))
    if not reason.strip():
        raise SelfAssessmentError(_l("Say why the team leaves the cycle"))
    _change_status(self_assessment, SelfAssessmentStatus.WITHDRAWN)
    self_assessment.submitted_at = self_assessment.submitted_by_id = None
    cycle = self_assessment.cycle
    cycle.status, cycle.withdrawn_at, cycle.withdrawal_reason = CycleStatus.CLOSED, utcnow(), reason.strip()
    audit.record(db, actor, "cycle.withdrawn", cycle, team_id=cycle.team_id, reason=reason.strip())


def submit_self_assessment(db: Session, actor: Person, self_assessment: SelfAssessment) -> Submission:
    """Only when every standard is answered by the rules; the submitted version is kept whole."""
    _editable(self_assessment)
    answers = {a.standard_id: a for a in self_assessment.answers}
    problems = problems_by_standard(self_assessment, answers)
    if problems:
        raise Incomplete(problems)
    _change_status(self_assessment, SelfAssessmentStatus.SUBMITTED)
    self_assessment.submitted_at = utcnow()
    self_assessment.submitted_by_id = actor.id
    submission = Submission(
        number=len(self_assessment.submissions) + 1, submitted_by_id=actor.id,
        submitted_at=self_assessment.submitted_at, snapshot=_snapshot(self_assessment, answers),
    )
    self_assessment.submissions.append(submission)
    audit.record(db, actor, "self_assessment.submitted", self_assessment, version=submission.number)
    return submission


def return_self_assessment(db: Session, actor: Person, self_assessment: SelfAssessment, comments: dict[str, str]) -> None:
    """Back to the team for more information, with the QA coordinator's comment on each standard concerned."""
    if self_assessment.passed_to_assessors_at is not None:
        raise PassedToAssessors()
    comments = {code: text.strip() for code, text in comments.items() if text and text.strip()}
    if not comments:
        raise SelfAssessmentError("say what more information is needed on at least one standard")
    _change_status(self_assessment, SelfAssessmentStatus.RETURNED)
    submission = self_assessment.submissions[-1]
    submission.returned_at = utcnow()
    submission.returned_by_id = actor.id
    submission.return_comments = comments
    self_assessment.submitted_at = None
    self_assessment.submitted_by_id = None
    audit.record(db, actor, "self_assessment.returned", self_assessment, version=submission.number, standards=sorted(comments))


def pass_to_assessors(db: Session, actor: Person, self_assessment: SelfAssessment) -> None:
    """The visit team is allocated (review.services calls this): the self-assessment stays as sent from now on."""
    if not self_assessment.returnable:
        raise SelfAssessmentError("only a sent self-assessment that is not yet with assessors can be passed to them")
    self_assessment.passed_to_assessors_at = utcnow()
    audit.record(db, actor, "self_assessment.passed_to_assessors", self_assessment,
                 version=self_assessment.submissions[-1].number)


def settle_cycle(db: Session, actor: Person, cycle: Cycle, *, ended: bool) -> None:
    """The final committee's decision ends the cycle, or (a deferral) keeps it open: panels.services calls this
    whenever it records a decision. A cycle closed and then deferred by an amendment opens again, unless the team
    is already in a newer one."""
    status = CycleStatus.CLOSED if ended else CycleStatus.OPEN
    if cycle.status is status:
        return
    if not ended and db.scalar(select(Cycle.id).where(Cycle.team_id == cycle.team_id, Cycle.status == CycleStatus.OPEN)):
        raise InNewerCycle()
    cycle.status = status
    audit.record(db, actor, "cycle.closed" if ended else "cycle.reopened", cycle, team_id=cycle.team_id)
