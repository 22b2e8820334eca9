from datetime import date

import pytest
from sqlalchemy import event, func, select

from accreditation.actions.models import ImprovementAction
from accreditation.audit import AuditEntry
from accreditation.panels import agenda, services
from accreditation.panels.models import Accreditation, Decision, ItemReason, PanelKind
from accreditation.panels.outcome import Outcome
from accreditation.review import findings
from accreditation.roles import Role
from accreditation.selfassessment.models import Answer, CycleStatus, Rating
from accreditation.selfassessment.services import enrol_team
from accreditation.standards.models import Tier
from tests.cycle_fixtures import standing
from tests.panels.conftest import TODAY, everyone_present
from tests.review.conftest import person


def test_the_chair_must_be_a_service_user_panel_chair(db, ready_review, people, make_person):
    with pytest.raises(services.PanelError, match="chair must be"):
        agenda.schedule_panel(db, people["qa"], kind=PanelKind.FINAL_COMMITTEE, meets_on=TODAY,
                                chair=make_person(Role.PANEL_MEMBER), members=[], reviews=[ready_review], today=TODAY)


def test_only_a_ready_report_goes_on_the_agenda(db, review, people, chair, make_person):
    members = [make_person(Role.PANEL_MEMBER), make_person(Role.PANEL_MEMBER)]
    with pytest.raises(services.PanelError, match="waiting for this kind of panel"):
        agenda.schedule_panel(db, people["qa"], kind=PanelKind.SERVICE_USER_PANEL, meets_on=TODAY, chair=chair,
                                members=members, reviews=[review], today=TODAY)


def decide(db, chair, item, outcome=Outcome.GOLD, key="k1", **extra):
    return services.record_decision(db, chair, item, outcome=outcome, rationale="All standards met on the visit",
                                    request_key=key, today=TODAY, **extra)


def test_no_record_without_declarations_and_a_quorum(db, committee, chair):
    item = committee.items[0]
    with pytest.raises(services.PanelError, match="chair must be present"):
        decide(db, chair, item)
    others = [m.person_id for m in committee.members if m.person_id != chair.id]
    # Two members conflicted: 2 voting members left, 3 needed.
    services.record_declarations(db, chair, item, everyone_present(item, **{}) | {others[0]: (True, True, "Worked there"), others[1]: (False, False, "")})
    assert services.voting_members(item) == {chair.id, others[2]}
    with pytest.raises(services.PanelError, match="no quorum"):
        decide(db, chair, item)
    assert db.scalar(select(func.count(Decision.id))) == 0


def test_only_the_chair_records_and_declarations_cover_every_member(db, committee, chair, people):
    item = committee.items[0]
    with pytest.raises(services.PanelError):
        services.record_declarations(db, person(db, "panel.member@example.org"), item, everyone_present(item))
    with pytest.raises(services.PanelError, match="every member"):
        services.record_declarations(db, chair, item, {chair.id: (True, False, "")})


def test_attendance_and_conflicts_stay_as_they_were_once_the_item_is_decided(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    decide(db, chair, item)
    other = next(m.person_id for m in committee.members if m.person_id != chair.id)
    with pytest.raises(services.DeclarationsClosed):
        services.record_declarations(db, chair, item, everyone_present(item) | {other: (False, True, "")})
    db.expire_all()
    assert all(d.present and not d.conflict for d in item.declarations)
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "panel.declarations")) == 1


def test_a_service_user_panel_item_keeps_its_declarations_once_it_recommends(db, ready_review, people, chair, make_person):
    su_panel = agenda.schedule_panel(db, people["qa"], kind=PanelKind.SERVICE_USER_PANEL, meets_on=TODAY, chair=chair,
                                     members=[make_person(Role.PANEL_MEMBER), make_person(Role.PANEL_MEMBER)],
                                     reviews=[ready_review], today=TODAY)
    db.flush()
    item = su_panel.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    services.record_declarations(db, chair, item, everyone_present(item))  # before recording, the chair may correct them
    services.record_recommendation(db, chair, item, outcome=Outcome.SILVER, rationale="Strong, but care plans need work")
    with pytest.raises(services.DeclarationsClosed):
        services.record_declarations(db, chair, item, everyone_present(item))


def test_a_decision_sets_the_team_status_with_validity_and_interim_review(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    decision = decide(db, chair, item)
    assert decision.computed_outcome is Outcome.GOLD and decision.outcome is Outcome.GOLD
    now = standing(db, item.review.self_assessment.cycle.team_id)
    assert now.outcome is Outcome.GOLD and now.valid_until == date(2030, 7, 1)
    assert not now.expired(TODAY) and not now.expired(date(2030, 7, 1)) and now.expired(date(2030, 7, 2))
    interim = db.scalar(select(Accreditation.interim_review_due).where(Accreditation.decision_id == decision.id))
    assert interim == date(2029, 1, 1)
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "decision.recorded")) == 1


def test_departing_from_the_computed_outcome_needs_a_reason(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    with pytest.raises(services.PanelError, match="say why"):
        decide(db, chair, item, outcome=Outcome.SILVER)
    decision = decide(db, chair, item, outcome=Outcome.SILVER, departure_reason="Care plans were not in easy read on the day")
    assert decision.computed_outcome is Outcome.GOLD


def test_posting_the_same_decision_twice_records_one(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    first = decide(db, chair, item, key="same-form")
    again = decide(db, chair, item, key="same-form")
    assert again.id == first.id and db.scalar(select(func.count(Decision.id))) == 1


def test_a_second_person_recording_at_the_same_time_sees_the_first_decision(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    first = decide(db, chair, item, key="first")
    with pytest.raises(services.DecisionAlreadyRecorded) as raced:
        decide(db, chair, item, key="second")
    assert raced.value.decision.id == first.id
    # The database itself refuses a second original decision, even past the service's own check.
    with pytest.raises(services.DecisionAlreadyRecorded):
        services._write_decision(db, chair, item, outcome=Outcome.GOLD, rationale="r", request_key="third",
                                 departure_reason="", conditions="", deferral_deadline=None, deferral_requirements="",
                                 today=TODAY, rules=services.Rules())
    assert db.scalar(select(func.count(Decision.id))) == 1


def test_a_fault_after_the_decision_is_written_leaves_nothing_half_done(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    db.commit()  # the declarations are in; now the decision fails part-way

    def fail(*_args):
        raise RuntimeError("disk full")

    event.listen(Accreditation, "before_insert", fail)
    try:
        with pytest.raises(RuntimeError):
            decide(db, chair, item)
        db.rollback()  # what the request does when anything fails
    finally:
        event.remove(Accreditation, "before_insert", fail)
    assert db.scalar(select(func.count(Decision.id))) == 0
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "decision.recorded")) == 0
    assert db.scalar(select(func.count(ImprovementAction.id))) == 0


def test_an_amendment_keeps_the_original_visible(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    original = decide(db, chair, item)
    with pytest.raises(services.PanelError, match="reason for the amendment"):
        services.amend_decision(db, chair, original, reason=" ", outcome=Outcome.SILVER, rationale="r", request_key="a", today=TODAY)
    amended = services.amend_decision(
        db, chair, original, reason="A typing error: the committee agreed Silver", outcome=Outcome.SILVER,
        rationale="As minuted", departure_reason="As minuted", request_key="a", today=TODAY,
    )
    assert amended.amends_id == original.id and original.outcome is Outcome.GOLD
    assert standing(db, amended.item.review.self_assessment.cycle.team_id).outcome is Outcome.SILVER


def test_deferral_needs_a_deadline_and_what_to_show_and_lapses_visibly(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    with pytest.raises(services.PanelError, match="deferral needs"):
        decide(db, chair, item, outcome=Outcome.DEFERRED, departure_reason="More evidence needed")
    deferred = decide(db, chair, item, outcome=Outcome.DEFERRED, departure_reason="More evidence needed",
                      deferral_deadline=date(2027, 10, 1), deferral_requirements="Photos of the new welcome board")
    now = standing(db, deferred.item.review.self_assessment.cycle.team_id)
    assert now.outcome is Outcome.DEFERRED and now.valid_until is None
    assert agenda.committee_candidates(db, date(2027, 10, 1)) == []
    [lapsed] = agenda.committee_candidates(db, date(2027, 10, 2))
    assert (lapsed.reason, lapsed.reconsiders, lapsed.flagged) == (ItemReason.LAPSED, deferred, True)


def test_the_service_user_panel_recommends_and_the_committee_must_explain_departing(db, ready_review, people, chair, make_person):
    members = [make_person(Role.PANEL_MEMBER), make_person(Role.PANEL_MEMBER)]
    su_panel = agenda.schedule_panel(db, people["qa"], kind=PanelKind.SERVICE_USER_PANEL, meets_on=TODAY, chair=chair,
                                       members=members, reviews=[ready_review], today=TODAY)
    db.flush()
    item = su_panel.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    services.record_recommendation(db, chair, item, outcome=Outcome.SILVER, rationale="Strong, but care plans need work")
    committee = agenda.schedule_panel(db, people["qa"], kind=PanelKind.FINAL_COMMITTEE, meets_on=TODAY, chair=chair,
                                        members=members, reviews=[ready_review], today=TODAY)
    db.flush()
    final = committee.items[0]
    services.record_declarations(db, chair, final, everyone_present(final))
    with pytest.raises(services.PanelError, match="say why"):
        decide(db, chair, final, outcome=Outcome.GOLD)  # the computed outcome, but not the panel's
    decision = decide(db, chair, final, outcome=Outcome.GOLD, departure_reason="The care plans were fixed before the committee")
    assert decision.recommended_outcome is Outcome.SILVER


def test_interim_reviews_due_are_listed(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    decide(db, chair, item)
    assert services.interim_reviews_due(db, date(2028, 12, 1)) != []
    assert services.interim_reviews_due(db, date(2028, 6, 1)) == []


def test_a_standard_the_team_found_not_applicable_is_left_out_of_the_computed_outcome(db, committee):
    review = committee.items[0].review
    before = services.computed_outcome(db, review)
    optional = next(s for s in review.self_assessment.cycle.standards if s.tier is Tier.ASPIRATIONAL)
    answer = db.scalar(select(Answer).where(Answer.self_assessment_id == review.self_assessment_id,
                                            Answer.standard_id == optional.id))
    answer.rating = Rating.NOT_APPLICABLE
    db.flush()
    assert findings.side_by_side(db, review).not_applicable == {optional.id}
    after = services.computed_outcome(db, review)
    assert (after.points, after.maximum) == (before.points - 2, before.maximum - 2)  # an aspirational standard: 2 points


def _cycle(item):
    return item.review.self_assessment.cycle


def test_a_decision_that_stands_ends_the_cycle_so_the_team_can_be_enrolled_again(db, committee, chair, people):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    decide(db, chair, item)
    cycle = _cycle(item)
    assert cycle.status is CycleStatus.CLOSED
    assert db.scalar(select(AuditEntry.action).where(AuditEntry.action == "cycle.closed")) == "cycle.closed"
    again = enrol_team(db, people["qa"], cycle.team, date(2030, 3, 1), today=TODAY)
    db.flush()
    assert again.status is CycleStatus.OPEN and cycle.status is CycleStatus.CLOSED
    assert standing(db, cycle.team_id).outcome is Outcome.GOLD  # until the new cycle's decision


def test_a_deferral_keeps_the_cycle_open_and_an_amendment_to_a_deferral_opens_it_again(db, committee, chair):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    original = decide(db, chair, item)
    services.amend_decision(
        db, chair, original, reason="The committee agreed to defer", outcome=Outcome.DEFERRED, rationale="As minuted",
        departure_reason="As minuted", request_key="a", today=TODAY, deferral_deadline=date(2027, 10, 1),
        deferral_requirements="Photos of the new welcome board",
    )
    assert _cycle(item).status is CycleStatus.OPEN
    assert db.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "cycle.reopened")) == 1


def test_a_deferral_cannot_reopen_a_cycle_once_the_team_is_in_a_newer_one(db, committee, chair, people):
    item = committee.items[0]
    services.record_declarations(db, chair, item, everyone_present(item))
    original = decide(db, chair, item)
    enrol_team(db, people["qa"], _cycle(item).team, date(2030, 3, 1), today=TODAY)
    db.flush()
    with pytest.raises(services.PanelError, match="newer accreditation cycle"):
        services.amend_decision(
            db, chair, original, reason="The committee agreed to defer", outcome=Outcome.DEFERRED, rationale="r",
            departure_reason="r", request_key="a", today=TODAY, deferral_deadline=date(2027, 10, 1),
            deferral_requirements="Photos",
        )
    assert db.scalar(select(func.count(Decision.id))) == 1 and _cycle(item).status is CycleStatus.CLOSED
