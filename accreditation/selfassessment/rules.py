"""The rules of a self-assessment answer, testable without a database or a request."""
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from accreditation.enums import LabelledEnum
from accreditation.selfassessment.models import Rating
from accreditation.standards.models import Tier


class TaskState(LabelledEnum):
    NOT_STARTED = "not_started", _l("Not started")
    IN_PROGRESS = "in_progress", _l("In progress")
    COMPLETED = "completed", lazy_pgettext("state of one standard in the self-assessment task list", "Completed")



@dataclass(frozen=True)
class Problem:
    field: str  # the form field to link to
    message: str


def answer_problems(answer, tier: Tier, evidence_count: int) -> list[Problem]:
    """What is missing or wrong in an answer, in form order; an empty list means the standard is complete."""
    problems = []
    rating = answer.rating if answer is not None else None
    if rating is None:
        return [Problem("rating", _l("Choose a rating"))]
    if rating is Rating.NOT_APPLICABLE:
        if tier is Tier.ESSENTIAL:
            problems.append(Problem("rating", _l("An essential standard applies to every team: choose met, partially met or not met")))
        if not answer.not_applicable_reason.strip():
            problems.append(Problem("not_applicable_reason", _l("Say why this standard does not apply to your team")))
        return problems
    if not answer.how_we_meet.strip():
        problems.append(Problem("how_we_meet", _l("Say how your team meets this standard")))
    if rating in (Rating.PARTIALLY_MET, Rating.NOT_MET) and not answer.improvement_underway.strip():
        problems.append(Problem("improvement_underway", _l("Say what your team is already doing about this")))
    if evidence_count == 0:
        problems.append(Problem("evidence", _l("Add evidence, or say what you will show at the visit")))
    if answer.involvement_count is None:
        problems.append(Problem("involvement_count", _l("Say how many service users and carers took part")))
    if not answer.involvement_how.strip():
        problems.append(Problem("involvement_how", _l("Say how service users and carers took part")))
    return problems


def task_state(answer, tier: Tier, evidence_count: int) -> TaskState:
    if answer is None or (answer.revision == 0 and evidence_count == 0):
        return TaskState.NOT_STARTED
    return TaskState.COMPLETED if not answer_problems(answer, tier, evidence_count) else TaskState.IN_PROGRESS


_NHS_NUMBER = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")


def is_nhs_number(digits: str) -> bool:
    """Ten digits whose last is the modulus-11 check digit of the first nine."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def contains_nhs_number(text: str) -> bool:
    return any(is_nhs_number("".join(match.groups())) for match in _NHS_NUMBER.finditer(text))
