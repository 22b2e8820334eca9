from datetime import date

import pytest
from sqlalchemy import func, select

from accreditation.audit import AuditEntry
from accreditation.selfassessment import services
from accreditation.selfassessment.models import CycleStatus, EvidenceKind, Rating, SelfAssessmentStatus
from accreditation.selfassessment.rules import TaskState, answer_problems, contains_nhs_number, is_nhs_number, task_state
from accreditation.standards.models import Tier
from tests.cycle_fixtures import COMPLETE


def standard(cycle, code):
    return next(s for s in cycle.standards if s.code == code)


def audit_actions(db, action):
    return db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))


def test_enrolling_pins_the_published_standards_and_a_team_has_one_open_cycle(db, cycle, people, larch):
    assert cycle.standards_version.label == "2026.1"
    assert cycle.self_assessment.status is SelfAssessmentStatus.IN_PROGRESS
    assert audit_actions(db, "cycle.opened") == 1
    with pytest.raises(services.AlreadyEnrolled):
        services.enrol_team(db, people["qa"], larch, date(2027, 6, 1), today=date(2026, 12, 1))


class Facts:
    def __init__(self, **values):
        base = {"rating": None, "not_applicable_reason": "", "how_we_meet": "", "improvement_underway": "",
                "involvement_count": None, "involvement_how": "", "revision": 1}
        self.__dict__.update(base | values)


def fields(problems):
    return [p.field for p in problems]


def test_a_complete_met_answer_has_no_problems():
    answer = Facts(**(COMPLETE | {"rating": Rating.MET}))
    assert answer_problems(answer, Tier.EXPECTED, evidence_count=1) == []
    assert task_state(answer, Tier.EXPECTED, 1) is TaskState.COMPLETED


def test_each_missing_part_is_named():
    assert fields(answer_problems(Facts(), Tier.EXPECTED, 0)) == ["rating"]
    assert fields(answer_problems(Facts(rating=Rating.MET), Tier.EXPECTED, 0)) == [
        "how_we_meet", "evidence", "involvement_count", "involvement_how",
    ]


def test_not_met_needs_what_the_team_is_already_doing():
    answer = Facts(**(COMPLETE | {"rating": Rating.NOT_MET}))
    assert fields(answer_problems(answer, Tier.EXPECTED, 1)) == ["improvement_underway"]
    answer.improvement_underway = "We have booked training in March."
    assert answer_problems(answer, Tier.EXPECTED, 1) == []


def test_not_applicable_needs_a_reason_and_never_for_an_essential_standard():
    assert fields(answer_problems(Facts(rating=Rating.NOT_APPLICABLE), Tier.EXPECTED, 0)) == ["not_applicable_reason"]
    assert answer_problems(Facts(rating=Rating.NOT_APPLICABLE, not_applicable_reason="We have no beds"), Tier.ASPIRATIONAL, 0) == []
    essential = answer_problems(Facts(rating=Rating.NOT_APPLICABLE, not_applicable_reason="x"), Tier.ESSENTIAL, 0)
    assert fields(essential) == ["rating"] and "essential" in str(essential[0].message)


def test_task_states():
    assert task_state(None, Tier.EXPECTED, 0) is TaskState.NOT_STARTED
    assert task_state(Facts(rating=Rating.MET), Tier.EXPECTED, 0) is TaskState.IN_PROGRESS


@pytest.mark.parametrize("text, found", [
    ("Patient 943 476 5919 was seen", True),      # a valid NHS number (modulus 11)
    ("ref 9434765919.", True),
    ("ref 943-476-5919", True),
    ("ref 9434765918", False),                   # wrong check digit
    ("phone 020 7946 0000", False),
    ("12345678901234", False),                   # longer runs of digits are not NHS numbers
])
def test_nhs_numbers_are_found_by_their_check_digit(text, found):
    assert contains_nhs_number(text) is found


def test_check_digit_of_ten_is_never_valid():
    assert not is_nhs_number("0000000060")  # check digit would be 10


def test_saving_a_draft_keeps_it_and_audits_it(db, cycle, people):
    wel = standard(cycle, "WEL-01")
    answer = services.save_answer(db, people["member"], cycle.self_assessment, wel, {"how_we_meet": "Half typed"}, 0)
    assert answer.revision == 1 and answer.how_we_meet == "Half typed" and answer.rating is None
    assert audit_actions(db, "answer.saved") == 1


def test_a_second_person_saving_from_an_old_revision_gets_a_conflict_and_changes_nothing(db, cycle, people):
    wel = standard(cycle, "WEL-01")
    services.save_answer(db, people["member"], cycle.self_assessment, wel, {"how_we_meet": "Mo's words"}, 0)
    with pytest.raises(services.Conflict) as conflict:
        services.save_answer(db, people["other_member"], cycle.self_assessment, wel, {"how_we_meet": "Kit's words"}, 0)
    assert conflict.value.theirs.how_we_meet == "Mo's words"
    assert services.answer_for(db, cycle.self_assessment, wel).how_we_meet == "Mo's words"
    # Kit chooses to keep theirs, knowingly, by saving from the revision they have now seen.
    kept = services.save_answer(db, people["other_member"], cycle.self_assessment, wel, {"how_we_meet": "Kit's words"}, 1)
    assert kept.how_we_meet == "Kit's words" and kept.revision == 2


def test_text_with_an_nhs_number_is_refused(db, cycle, people):
    wel = standard(cycle, "WEL-01")
    with pytest.raises(services.PatientIdentifiable) as refused:
        services.save_answer(db, people["member"], cycle.self_assessment, wel, {"how_we_meet": "Asked 943 476 5919"}, 0)
    assert refused.value.field == "how_we_meet"
    assert services.answer_for(db, cycle.self_assessment, wel) is None


def test_submit_lists_every_incomplete_standard(db, cycle, people):
    wel = standard(cycle, "WEL-01")
    services.save_answer(db, people["member"], cycle.self_assessment, wel, {"rating": "met"}, 0)
    with pytest.raises(services.Incomplete) as incomplete:
        services.submit_self_assessment(db, people["lead"], cycle.self_assessment)
    problems = incomplete.value.problems
    assert len(problems) == 24
    assert [p.field for p in problems[wel]] == ["how_we_meet", "evidence", "involvement_count", "involvement_how"]
    assert cycle.self_assessment.status is SelfAssessmentStatus.IN_PROGRESS


def test_submit_return_and_resubmit_keep_every_version(db, cycle, people, complete_all):
    complete_all()
    self_assessment = cycle.self_assessment
    first = services.submit_self_assessment(db, people["lead"], self_assessment)
    assert self_assessment.status is SelfAssessmentStatus.SUBMITTED and first.number == 1
    assert len(first.snapshot) == 24
    wel = standard(cycle, "WEL-01")
    with pytest.raises(services.NotEditable):
        services.save_answer(db, people["member"], self_assessment, wel, COMPLETE, 1)

    services.return_self_assessment(db, people["qa"], self_assessment, {"WEL-01": "Please add photos of the board", "WEL-02": " "})
    assert self_assessment.status is SelfAssessmentStatus.RETURNED
    assert first.return_comments == {"WEL-01": "Please add photos of the board"}

    services.save_answer(db, people["member"], self_assessment, wel, COMPLETE | {"how_we_meet": "Now with photos"}, 1)
    second = services.submit_self_assessment(db, people["lead"], self_assessment)
    assert [s.number for s in self_assessment.submissions] == [1, 2]
    assert first.snapshot[0]["how_we_meet"] == COMPLETE["how_we_meet"]
    assert second.snapshot[0]["how_we_meet"] == "Now with photos"
    assert audit_actions(db, "self_assessment.submitted") == 2
    assert audit_actions(db, "self_assessment.returned") == 1


def test_returning_needs_a_comment_and_only_a_submitted_assessment(db, cycle, people, complete_all):
    with pytest.raises(services.SelfAssessmentError):
        services.return_self_assessment(db, people["qa"], cycle.self_assessment, {"WEL-01": "More please"})
    complete_all()
    services.submit_self_assessment(db, people["lead"], cycle.self_assessment)
    with pytest.raises(services.SelfAssessmentError):
        services.return_self_assessment(db, people["qa"], cycle.self_assessment, {"WEL-01": ""})
    assert cycle.self_assessment.status is SelfAssessmentStatus.SUBMITTED


def test_only_the_person_who_added_evidence_removes_it_and_the_removal_is_kept(db, cycle, people):
    wel = standard(cycle, "WEL-01")
    evidence = services.add_other_evidence(
        db, people["member"], cycle.self_assessment, wel, kind=EvidenceKind.LINK,
        description="Survey results", url="https://example.org/survey",
    )
    with pytest.raises(services.SelfAssessmentError):
        services.remove_evidence(db, people["other_member"], evidence)
    services.remove_evidence(db, people["member"], evidence)
    assert evidence.removed_by_id == people["member"].id and evidence.answer.current_evidence == []
    assert audit_actions(db, "evidence.removed") == 1


def test_the_deadline_moves_with_a_reason_until_the_team_sends_it(db, cycle, people, complete_all):
    self_assessment, before = cycle.self_assessment, cycle.self_assessment_due
    today = date(2027, 2, 1)
    for due, reason in ((date(2027, 1, 31), "Ward closed"), (date(2027, 4, 30), "  ")):
        with pytest.raises(services.SelfAssessmentError):
            services.change_deadline(db, people["qa"], self_assessment, due, reason, today)
    assert cycle.self_assessment_due == before and audit_actions(db, "self_assessment.deadline_changed") == 0
    services.change_deadline(db, people["qa"], self_assessment, date(2027, 4, 30), "The ward closed for two weeks", today)
    assert cycle.self_assessment_due == date(2027, 4, 30) and self_assessment.due == date(2027, 4, 30)
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "self_assessment.deadline_changed"))
    assert entry.details == {"before": before.isoformat(), "due": "2027-04-30", "reason": "The ward closed for two weeks"}
    complete_all()
    services.submit_self_assessment(db, people["lead"], self_assessment)
    with pytest.raises(services.NotEditable):
        services.change_deadline(db, people["qa"], self_assessment, date(2027, 5, 30), "Late", today)
    assert not self_assessment.can_change_deadline(people["qa"])



def test_a_team_withdrawn_before_its_visit_leaves_the_cycle_with_the_reason_and_can_come_back(
        db, cycle, people, complete_all, larch):
    self_assessment = cycle.self_assessment
    complete_all()
    services.submit_self_assessment(db, people["lead"], self_assessment)
    with pytest.raises(services.SelfAssessmentError):
        services.withdraw_team(db, people["qa"], self_assessment, "  ")
    assert self_assessment.status is SelfAssessmentStatus.SUBMITTED and cycle.status is CycleStatus.OPEN
    services.withdraw_team(db, people["qa"], self_assessment, "The ward merged with Rowan Ward")
    db.flush()
    assert (self_assessment.status, cycle.status, cycle.withdrawal_reason) == (
        SelfAssessmentStatus.WITHDRAWN, CycleStatus.CLOSED, "The ward merged with Rowan Ward")
    assert not self_assessment.can_edit(people["member"]) and not self_assessment.can_submit(people["lead"])
    assert not self_assessment.can_withdraw(people["qa"]) and len(self_assessment.submissions) == 1
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "cycle.withdrawn"))
    assert entry.details["reason"] == "The ward merged with Rowan Ward"
    with pytest.raises(services.NotEditable):
        services.save_answer(db, people["member"], self_assessment, standard(cycle, "WEL-01"), {"rating": "met"}, 1)
    again = services.enrol_team(db, people["qa"], larch, date(2099, 6, 1), today=date(2026, 12, 1))
    db.flush()
    assert again.status is CycleStatus.OPEN and again.self_assessment.status is SelfAssessmentStatus.IN_PROGRESS


def test_a_team_with_a_visit_team_allocated_cannot_be_withdrawn(db, review, people):
    self_assessment = review.self_assessment
    assert not self_assessment.can_withdraw(people["qa"])
    with pytest.raises(services.PassedToAssessors):
        services.withdraw_team(db, people["qa"], self_assessment, "The ward closed")
    assert self_assessment.cycle.status is CycleStatus.OPEN and audit_actions(db, "cycle.withdrawn") == 0
