"""A final committee's decision on Larch Ward with standards not met, so there are actions to work on."""
import pytest
from sqlalchemy import select

from accreditation.actions.models import ImprovementAction
from accreditation.panels import services as panel_services
from accreditation.review.models import Score
from accreditation.review.report_models import ConsolidatedFinding
from tests.cycle_fixtures import TODAY, everyone_present

CONDITIONS = "- Easy-read care plans for everyone who wants one\n\n2. A carers' meeting every month\n"


@pytest.fixture
def unmet(db, ready_review):
    """WEL-01 not met, WEL-02 partially met, and no finding at all for WEL-03 (it then counts as not met)."""
    standards = ready_review.self_assessment.cycle.standards
    findings = {f.standard_id: f for f in db.scalars(select(ConsolidatedFinding).where(ConsolidatedFinding.review_id == ready_review.id))}
    findings[standards[0].id].score = Score.NOT_MET
    findings[standards[1].id].score = Score.PARTIALLY_MET
    db.delete(findings[standards[2].id])
    db.flush()
    return standards[:3]


def decide(db, chair, item, key="k1", conditions=CONDITIONS, **extra):
    """Record the committee's decision at the computed outcome, with the conditions."""
    outcome = extra.pop("outcome", None) or panel_services.computed_outcome(db, item.review).outcome
    return panel_services.record_decision(db, chair, item, outcome=outcome, rationale="As the findings show",
                                          request_key=key, conditions=conditions, today=TODAY, **extra)


@pytest.fixture
def decided(db, committee, chair, unmet):
    item = committee.items[0]
    panel_services.record_declarations(db, chair, item, everyone_present(item))
    decision = decide(db, chair, item)
    db.flush()
    return decision


def actions_of(db, decision=None):
    query = select(ImprovementAction).order_by(ImprovementAction.id)
    if decision is not None:
        query = query.where(ImprovementAction.decision_id == decision.id)
    return list(db.scalars(query))


@pytest.fixture
def actions(db, decided):
    return actions_of(db, decided)
