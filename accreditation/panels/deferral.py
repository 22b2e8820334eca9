"""A deferred team's second round: it sends further evidence before the deadline, the lead assessor reviews it,
and the assessment goes back to the final committee. Each write is audited; the view commits."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.db import utcnow
from accreditation.panels.models import (
    FURTHER_EVIDENCE_TRANSITIONS, AgendaItem, Decision, FurtherEvidence, FurtherEvidenceFile, FurtherEvidenceStatus,
)
from accreditation.panels.outcome import Outcome
from accreditation.panels.services import PanelError
from accreditation.review.models import Review, VisitTeamMember
from accreditation.roles import Permission
from accreditation.selfassessment.files import check_file, kept_file
from accreditation.selfassessment.rules import contains_nhs_number
from accreditation.storage import Storage

NO_PATIENT_DETAILS = _l("Remove the NHS number: further evidence must not identify patients")


def current_decision(db: Session, review_id: int) -> Decision | None:
    """The newest decision on an assessment: amendments and second rounds supersede what came before."""
    return db.scalar(
        select(Decision).join(Decision.item).where(AgendaItem.review_id == review_id).order_by(Decision.id.desc()).limit(1)
    )


def further_evidence_for(db: Session, decision: Decision) -> FurtherEvidence | None:
    return db.scalar(select(FurtherEvidence).where(FurtherEvidence.decision_id == decision.id))


def further_evidence_to_review(db: Session, lead: Person) -> list[FurtherEvidence]:
    """Further evidence sent to this lead assessor and not yet reviewed."""
    return list(db.scalars(
        select(FurtherEvidence).join(FurtherEvidence.decision).join(Decision.item).join(AgendaItem.review)
        .join(VisitTeamMember, VisitTeamMember.review_id == Review.id)
        .where(FurtherEvidence.status == FurtherEvidenceStatus.SENT, VisitTeamMember.person_id == lead.id,
               VisitTeamMember.is_lead.is_(True))
        .order_by(FurtherEvidence.sent_at)
    ))


def team_id_of(decision: Decision) -> int:
    return decision.item.review.self_assessment.cycle.team_id


def _open_for_the_team(db: Session, actor: Person, decision: Decision, permission: Permission, today: date) -> FurtherEvidence:
    if not actor.can(permission, team_id=team_id_of(decision)):
        raise PanelError(_l("Only the deferred team sends further evidence"))
    if decision.outcome is not Outcome.DEFERRED or current_decision(db, decision.item.review_id) is not decision:
        raise PanelError(_l("This decision is not a deferral waiting for further evidence"))
    if today > decision.deferral_deadline:
        raise PanelError(_l("The deadline for further evidence has passed"))
    found = further_evidence_for(db, decision)
    if found is None:
        found = FurtherEvidence(decision=decision)
        db.add(found)
    elif found.status is not FurtherEvidenceStatus.GATHERING:
        raise PanelError(_l("The further evidence has been sent to the lead assessor"))
    return found


def _change_status(found: FurtherEvidence, status: FurtherEvidenceStatus) -> None:
    if status not in FURTHER_EVIDENCE_TRANSITIONS[found.status]:
        raise PanelError(_l("That cannot be done to further evidence in this state"))
    found.status = status


def save_statement(db: Session, actor: Person, decision: Decision, statement: str, today: date) -> FurtherEvidence:
    """What the team has done about what the committee asked for, in its own words."""
    if contains_nhs_number(statement):
        raise PanelError(NO_PATIENT_DETAILS)
    found = _open_for_the_team(db, actor, decision, Permission.EDIT_SELF_ASSESSMENT, today)
    found.statement = statement.strip()
    db.flush()
    audit.record(db, actor, "further_evidence.saved", found, decision=decision.id)
    return found


def add_file(
    db: Session, actor: Person, store: Storage, decision: Decision, *, data: bytes, filename: str, description: str, today: date,
) -> FurtherEvidenceFile:
    """Checked by content like self-assessment evidence (FileRefused if not allowed); kept under a random key."""
    checked = check_file(data)
    if contains_nhs_number(description):
        raise PanelError(NO_PATIENT_DETAILS)
    found = _open_for_the_team(db, actor, decision, Permission.EDIT_SELF_ASSESSMENT, today)
    with kept_file(store, data, checked, filename) as kept:
        added = FurtherEvidenceFile(description=description.strip(), added_by_id=actor.id, **vars(kept))
        found.files.append(added)
        db.flush()
        audit.record(db, actor, "further_evidence.file_added", found, file=added.id, size=kept.size)
    return added


def send_to_lead_assessor(db: Session, actor: Person, decision: Decision, today: date) -> FurtherEvidence:
    """The team lead sends it, once, before the deadline."""
    found = _open_for_the_team(db, actor, decision, Permission.SUBMIT_SELF_ASSESSMENT, today)
    if not found.statement:
        raise PanelError(_l("Say what the team has done about what the committee asked for"))
    _change_status(found, FurtherEvidenceStatus.SENT)
    found.sent_at, found.sent_by_id = utcnow(), actor.id
    db.flush()
    audit.record(db, actor, "further_evidence.sent", found, decision=decision.id, files=len(found.files))
    return found


def review_further_evidence(db: Session, actor: Person, decision: Decision, review_text: str) -> FurtherEvidence:
    """The lead assessor of the visit says what the further evidence shows; the assessment is then ready to
    go back to the final committee."""
    lead = decision.item.review.lead
    if lead is None or lead.id != actor.id:
        raise PanelError(_l("Only the lead assessor of this visit reviews the further evidence"))
    found = further_evidence_for(db, decision)
    if found is None or found.status is not FurtherEvidenceStatus.SENT:
        raise PanelError(_l("There is no further evidence waiting for review"))
    if not review_text.strip():
        raise PanelError(_l("Say what the further evidence shows"))
    if contains_nhs_number(review_text):
        raise PanelError(NO_PATIENT_DETAILS)
    _change_status(found, FurtherEvidenceStatus.REVIEWED)
    found.lead_review, found.reviewed_at, found.reviewed_by_id = review_text.strip(), utcnow(), actor.id
    db.flush()
    audit.record(db, actor, "further_evidence.reviewed", found, decision=decision.id)
    return found
