"""Every write of an improvement action: each checks the rules, writes its audit entry and leaves the commit
to the caller (for generation, the decision's own unit of work)."""
import re
from contextlib import nullcontext
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation import audit
from accreditation.actions.models import (
    TRANSITIONS, ActionComment, ActionSource, ActionStatus, ActionVerdict, ImprovementAction, Involved, ProgressUpdate,
    Verdict,
)
from accreditation.auth.models import Person
from accreditation.db import utcnow
from accreditation.panels.models import AgendaItem, Decision
from accreditation.panels.outcome import Outcome
from accreditation.review.models import Score
from accreditation.review.report_models import ConsolidatedFinding
from accreditation.roles import SERVICE_USER_ROLES
from accreditation.selfassessment.files import check_file, kept_file
from accreditation.selfassessment.models import Rating
from accreditation.selfassessment.rules import contains_nhs_number
from accreditation.selfassessment.services import PatientIdentifiable
from accreditation.standards.models import Tier
from accreditation.storage import Storage

UNMET = frozenset({Score.NOT_MET, Score.PARTIALLY_MET})


class ActionError(Exception):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field  # the form field the problem is about, if any


def _change_status(action: ImprovementAction, status: ActionStatus) -> None:
    if status not in TRANSITIONS[action.status]:
        raise ActionError(_l("This action cannot be moved to “%(status)s” now", status=status.label))
    action.status = status


def _no_patient_details(**texts: str) -> None:
    for name, text in texts.items():
        if contains_nhs_number(text or ""):
            raise PatientIdentifiable(name)


def conditions_of(text: str) -> list[str]:
    """One condition per non-empty line: the committee types conditions one to a line (list markers dropped)."""
    found = (re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip() for line in text.splitlines())
    return [line for line in found if line]


def create_from_decision(db: Session, actor: Person, decision: Decision) -> list[ImprovementAction]:
    """Draft actions for every standard rated not met or partially met, and every condition, of a decision.

    A deferral makes none: deferral is time for the team to show more evidence, so the findings are not yet
    final; the decision that follows it makes them. Standards and conditions already covered by actions from
    an earlier decision on the same assessment (an amendment, or the decision after a deferral) are skipped.
    Flushes; the caller commits with the decision.
    """
    if decision.outcome is Outcome.DEFERRED:
        return []
    review = decision.item.review
    team_id = review.self_assessment.cycle.team_id
    earlier = list(db.scalars(
        select(ImprovementAction).join(ImprovementAction.decision).join(Decision.item)
        .where(AgendaItem.review_id == review.id)
    ))
    covered_standards = {a.standard_id for a in earlier if a.standard_id}
    covered_conditions = {a.condition for a in earlier if a.condition}
    findings = {f.standard_id: f for f in db.scalars(select(ConsolidatedFinding).where(ConsolidatedFinding.review_id == review.id))}
    answers = {a.standard_id: a for a in review.self_assessment.answers}
    made = []
    for standard in review.self_assessment.cycle.standards:
        finding = findings.get(standard.id)
        # As in panels.services.computed_outcome: a standard that does not apply to the team (never an essential
        # one) is left out, and one without a consolidated finding counts as not met.
        answer = answers.get(standard.id)
        if answer is not None and answer.rating is Rating.NOT_APPLICABLE and standard.tier is not Tier.ESSENTIAL:
            continue
        if (finding is None or finding.score in UNMET) and standard.id not in covered_standards:
            made.append(ImprovementAction(team_id=team_id, decision_id=decision.id, source=ActionSource.STANDARD,
                                          standard_id=standard.id, finding_id=finding.id if finding else None))
    for condition in conditions_of(decision.conditions):
        if condition not in covered_conditions:
            covered_conditions.add(condition)
            made.append(ImprovementAction(team_id=team_id, decision_id=decision.id, source=ActionSource.CONDITION,
                                          condition=condition))
    db.add_all(made)
    db.flush()
    for action in made:
        audit.record(db, actor, "action.created", action, decision_id=decision.id, source=action.source.value)
    return made


def plan_action(
    db: Session, actor: Person, action: ImprovementAction, *, what_will_change: str, owner: Person, due_on: date,
    how_we_will_know: str, involved: list[Person], today: date,
) -> None:
    """The team lead's plan. Completing a draft's plan opens it; the plan can change until the action is finished."""
    if not action.can_plan(actor):
        raise ActionError(_l("Only the team lead plans this action, until it is finished"))
    if not any(a.team_id == action.team_id for a in owner.role_assignments):
        raise ActionError(_l("The owner must be someone in the team"), "owner")
    if due_on <= today and action.status is ActionStatus.DRAFT:
        raise ActionError(_l("The due date must be in the future"), "due_on")
    if any(not (p.roles & SERVICE_USER_ROLES) for p in involved):
        raise ActionError(_l("Only service users can be named as involved"), "involved")
    if not what_will_change.strip() or not how_we_will_know.strip():
        raise ActionError(_l("Say what will change and how you will know it worked"), "what_will_change")
    _no_patient_details(what_will_change=what_will_change, how_we_will_know=how_we_will_know)
    action.what_will_change, action.how_we_will_know = what_will_change.strip(), how_we_will_know.strip()
    action.owner_id, action.due_on = owner.id, due_on
    wanted = {p.id for p in involved}
    action.involved = [i for i in action.involved if i.person_id in wanted] + [
        Involved(person_id=pid) for pid in wanted - {i.person_id for i in action.involved}
    ]
    opened = action.status is ActionStatus.DRAFT
    if opened:
        _change_status(action, ActionStatus.OPEN)
    db.flush()
    audit.record(db, actor, "action.planned" if opened else "action.replanned", action, owner_id=owner.id,
                 due_on=due_on.isoformat(), involved=sorted(wanted))


def add_progress_update(
    db: Session, actor: Person, store: Storage, action: ImprovementAction, *, text: str,
    data: bytes | None = None, filename: str = "",
) -> ProgressUpdate:
    """What the team has done; the first update starts the work. A file is checked like self-assessment evidence."""
    if not action.can_update(actor):
        raise ActionError(_l("Progress can be added only by the team, while the action is open or in progress"))
    if not text.strip():
        raise ActionError(_l("Say what has been done"))
    _no_patient_details(text=text)
    checked = check_file(data) if data else None
    with kept_file(store, data, checked, filename) if checked else nullcontext() as kept:
        update = ProgressUpdate(text=text.strip(), made_by_id=actor.id, **(vars(kept) if kept else {}))
        action.updates.append(update)
        if action.status is ActionStatus.OPEN:
            _change_status(action, ActionStatus.IN_PROGRESS)
        db.flush()
        audit.record(db, actor, "action.progress", action, update_id=update.id, file=bool(checked))
    return update


def complete_action(db: Session, actor: Person, action: ImprovementAction) -> None:
    if not action.can_complete(actor):
        raise ActionError(_l("Only the team lead marks an action in progress as completed"))
    _change_status(action, ActionStatus.COMPLETED)
    action.completed_at, action.completed_by_id = utcnow(), actor.id
    db.flush()
    audit.record(db, actor, "action.completed", action)


def verify_action(db: Session, actor: Person, action: ImprovementAction) -> None:
    if not action.can_verify(actor):
        raise ActionError(_l("Only the quality assurance team verifies a completed action"))
    _change_status(action, ActionStatus.VERIFIED)
    action.verified_at, action.verified_by_id = utcnow(), actor.id
    db.flush()
    audit.record(db, actor, "action.verified", action)


def comment_on_action(db: Session, actor: Person, action: ImprovementAction, *, text: str, reviewer: bool) -> ActionComment:
    if not action.can_comment(actor, reviewer):
        raise ActionError(_l("Only service users who assessed this team, or are named on the action, comment on it"))
    if not text.strip():
        raise ActionError(_l("Write your comment"))
    _no_patient_details(text=text)
    comment = ActionComment(text=text.strip(), made_by_id=actor.id)
    action.comments.append(comment)
    db.flush()
    audit.record(db, actor, "action.commented", action, comment_id=comment.id)
    return comment


def give_verdict(
    db: Session, actor: Person, action: ImprovementAction, *, verdict: Verdict, in_their_words: str, reviewer: bool,
) -> ActionVerdict:
    """Did it make a difference? Once the action is completed; a person's later verdict replaces their earlier one."""
    if not action.can_give_verdict(actor, reviewer):
        raise ActionError(_l("A verdict is given by a service user once the action is completed"))
    if not in_their_words.strip():
        raise ActionError(_l("Say in your own words whether it made a difference"))
    _no_patient_details(in_their_words=in_their_words)
    given = next((v for v in action.verdicts if v.person_id == actor.id), None)
    if given is None:
        given = ActionVerdict(person_id=actor.id, verdict=verdict, in_their_words="")
        action.verdicts.append(given)
    given.verdict, given.in_their_words, given.given_at = verdict, in_their_words.strip(), utcnow()
    db.flush()
    audit.record(db, actor, "action.verdict", action, verdict=verdict.value)
    return given
