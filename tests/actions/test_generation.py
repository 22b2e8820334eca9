"""A final decision makes the team's draft improvement actions, in the decision's own unit of work."""
from datetime import date

import pytest
from sqlalchemy import event, func, select

from accreditation.actions.models import ActionSource, ActionStatus, ImprovementAction
from accreditation.actions.services import conditions_of
from accreditation.audit import AuditEntry
from accreditation.panels import services as panel_services
from accreditation.panels.models import Accreditation, Decision
from accreditation.panels.outcome import Outcome
from tests.actions.conftest import actions_of, decide
from tests.cycle_fixtures import TODAY, everyone_present


def test_every_unmet_standard_and_every_condition_becomes_a_draft_action(db, decided, unmet, larch):
    made = actions_of(db, decided)
    by_standard = [(a.standard.code, a.finding.score.value if a.finding else None) for a in made if a.source is ActionSource.STANDARD]
    assert by_standard == [(unmet[0].code, "not_met"), (unmet[1].code, "partially_met"), (unmet[2].code, None)]
    assert [a.condition for a in made if a.source is ActionSource.CONDITION] == [
        "Easy-read care plans for everyone who wants one", "A carers' meeting every month",
    ]
    assert {(a.status, a.team_id, a.decision_id) for a in made} == {(ActionStatus.DRAFT, larch.id, decided.id)}
    created = db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "action.created"))
    assert created == len(made) == 5


def test_conditions_are_one_to_a_line():
    assert conditions_of("1) First\n   \n* Second\r\n• Third\nFourth") == ["First", "Second", "Third", "Fourth"]
    assert conditions_of("  \n") == []


def test_a_deferral_makes_no_actions(db, committee, chair, unmet):
    """Deferral is time to show more evidence: the decision after it makes the actions."""
    item = committee.items[0]
    panel_services.record_declarations(db, chair, item, everyone_present(item))
    deferred = decide(db, chair, item, outcome=Outcome.DEFERRED, departure_reason="More evidence to come",
                      deferral_deadline=date(2027, 10, 1), deferral_requirements="Photos of the new board")
    assert actions_of(db) == []
    amended = panel_services.amend_decision(
        db, chair, deferred, reason="The evidence came", outcome=panel_services.computed_outcome(db, item.review).outcome,
        rationale="Decided on what was shown", request_key="after", conditions="Easy-read care plans", today=TODAY,
    )
    assert len(actions_of(db, amended)) == 4


def test_an_amendment_adds_only_what_is_not_already_covered(db, decided, chair):
    before = actions_of(db)
    amended = panel_services.amend_decision(
        db, chair, decided, reason="A condition was left out of the minutes", outcome=decided.outcome,
        rationale="As minuted", request_key="amend", today=TODAY,
        conditions=decided.conditions + "\nA named carers' lead",
    )
    added = actions_of(db, amended)
    assert [a.condition for a in added] == ["A named carers' lead"]
    assert actions_of(db) == before + added


def test_a_fault_while_making_actions_leaves_no_decision_and_no_actions(db, committee, chair, unmet):
    item = committee.items[0]
    panel_services.record_declarations(db, chair, item, everyone_present(item))
    db.commit()

    def fail(*_args):
        raise RuntimeError("disk full")

    event.listen(ImprovementAction, "before_insert", fail)
    try:
        with pytest.raises(RuntimeError):
            decide(db, chair, item)
        db.rollback()
    finally:
        event.remove(ImprovementAction, "before_insert", fail)
    assert db.scalar(select(func.count(Decision.id))) == 0
    assert db.scalar(select(func.count(Accreditation.id))) == 0
    assert actions_of(db) == []
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action.in_(["action.created", "decision.recorded"]))) == 0


def test_a_standard_that_does_not_apply_to_the_team_makes_no_action(db, committee, chair, ready_review):
    """As in the computed outcome: a non-essential standard the team found not applicable is left out."""
    from accreditation.review.models import Score
    from accreditation.review.report_models import ConsolidatedFinding
    from accreditation.selfassessment.models import Rating
    from accreditation.standards.models import Tier

    answer = next(a for a in ready_review.self_assessment.answers if a.standard.tier is not Tier.ESSENTIAL)
    answer.rating, answer.not_applicable_reason = Rating.NOT_APPLICABLE, "We have no carers' room"
    finding = db.scalar(select(ConsolidatedFinding).where(ConsolidatedFinding.review_id == ready_review.id,
                                                           ConsolidatedFinding.standard_id == answer.standard_id))
    finding.score = Score.NOT_MET
    db.flush()
    item = committee.items[0]
    panel_services.record_declarations(db, chair, item, everyone_present(item))
    assert actions_of(db, decide(db, chair, item, conditions="")) == []
