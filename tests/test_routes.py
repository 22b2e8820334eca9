"""Every route declares what it needs, and the role x route table holds for every role."""
import pytest
from flask import Flask

from accreditation import create_app
from accreditation.roles import Role

ALL = frozenset(Role)
TEAM = frozenset({Role.TEAM_MEMBER, Role.TEAM_LEAD})
ASSESSORS = frozenset({Role.ASSESSOR, Role.LEAD_ASSESSOR})
PANEL = frozenset({Role.PANEL_MEMBER, Role.PANEL_CHAIR})
PANEL_ID, ITEM, DECISION = "<panel>", "<item>", "<decision>"
DEFERRED, APPEAL, FURTHER_FILE = "<deferred decision>", "<appeal>", "<further evidence file>"
TEAM_ID, ACTION, UPDATE = "<team>", "<action>", "<update>"
DRAFT = "<standards draft>"
SG_QA = frozenset({Role.STANDARDS_GROUP_MEMBER, Role.QA_COORDINATOR})
SA, EVIDENCE, REVIEW, ASSESSOR = "<self-assessment>", "<evidence>", "<review>", "<assessor>"  # made for the test
ANONYMOUS = "anonymous"
PUBLIC = "public"
API = "api"  # a bearer token, never a session: 401 for everyone without one (tests/assurance/test_api.py)

# The table: endpoint -> (method, URL values, who may use it). Written out, not derived from the matrix,
# so a change to the matrix that opens or closes a page shows up here.
TABLE = {
    "home.index": ("GET", {}, PUBLIC),
    "home.health": ("GET", {}, PUBLIC),
    "home.ready": ("GET", {}, PUBLIC),
    "home.service_users": ("GET", {}, PUBLIC),
    "auth.sign_in": ("GET", {}, PUBLIC),
    "auth.change_language": ("POST", {}, PUBLIC),
    "assets.nhsuk": ("GET", {"filename": "nhsuk-frontend.min.css"}, PUBLIC),
    "assets.nhsuk_images": ("GET", {"filename": "images/favicon.svg"}, PUBLIC),
    "assets.app_static": ("GET", {"filename": "app.css"}, PUBLIC),
    "assets.rtl": ("GET", {"filename": "app.rtl.css"}, PUBLIC),
    "home.home": ("GET", {}, ALL),
    "auth.sign_out": ("POST", {}, ALL),
    "auth.sign_out_everywhere": ("POST", {}, ALL),
    "auth.form_token": ("GET", {}, ALL),
    "auth.extend_session": ("POST", {}, ALL),
    "auth.preferences": ("GET", {}, ALL),
    "standards.index": ("GET", {}, ALL),
    "standards.version": ("GET", {"label": "2026.1"}, ALL),
    "standards.standard": ("GET", {"label": "2026.1", "code": "WEL-01"}, ALL),
    "standards.drafts_index": ("GET", {}, SG_QA),
    "standards.start_draft": ("POST", {}, {Role.STANDARDS_GROUP_MEMBER}),
    "standards.draft": ("GET", {"draft_id": DRAFT}, SG_QA),
    "standards.preview_draft": ("GET", {"draft_id": DRAFT}, SG_QA),
    "standards.edit_draft_standard": ("GET", {"draft_id": DRAFT, "code": "WEL-01"}, {Role.STANDARDS_GROUP_MEMBER}),
    "standards.send_draft": ("POST", {"draft_id": DRAFT}, {Role.STANDARDS_GROUP_MEMBER}),
    "standards.approve_draft": ("POST", {"draft_id": DRAFT}, {Role.QA_COORDINATOR}),
    "standards.return_draft": ("POST", {"draft_id": DRAFT}, {Role.QA_COORDINATOR}),
    "organisation.index": ("GET", {}, {Role.QA_COORDINATOR, Role.BOARD_VIEWER, Role.ADMINISTRATOR}),
    "auth.people": ("GET", {}, {Role.ADMINISTRATOR}),
    "selfassessment.index": ("GET", {}, TEAM | {Role.QA_COORDINATOR}),
    "selfassessment.enrol": ("GET", {}, {Role.QA_COORDINATOR}),
    "selfassessment.task_list": ("GET", {"self_assessment_id": SA}, TEAM | {Role.QA_COORDINATOR}),
    "selfassessment.answer": ("GET", {"self_assessment_id": SA, "code": "WEL-01"}, TEAM | {Role.QA_COORDINATOR}),
    "selfassessment.autosave": ("POST", {"self_assessment_id": SA, "code": "WEL-01"}, TEAM),
    "selfassessment.add_evidence": ("GET", {"self_assessment_id": SA, "code": "WEL-01"}, TEAM),
    "selfassessment.download_evidence": ("GET", {"self_assessment_id": SA, "evidence_id": EVIDENCE}, TEAM | {Role.QA_COORDINATOR}),
    "selfassessment.remove_evidence": ("POST", {"self_assessment_id": SA, "evidence_id": EVIDENCE}, TEAM),
    "selfassessment.submit": ("GET", {"self_assessment_id": SA}, {Role.TEAM_LEAD}),
    "selfassessment.return_for_information": ("GET", {"self_assessment_id": SA}, {Role.QA_COORDINATOR}),
    "selfassessment.deadline": ("GET", {"self_assessment_id": SA}, {Role.QA_COORDINATOR}),
    "selfassessment.withdraw": ("GET", {"self_assessment_id": SA}, {Role.QA_COORDINATOR}),
    "selfassessment.version": ("GET", {"self_assessment_id": SA, "number": 1}, TEAM | {Role.QA_COORDINATOR}),
    # Assessors below are on the visit team (see `objects`); tests/review checks those who are not get 404.
    "review.index": ("GET", {}, ASSESSORS | {Role.QA_COORDINATOR}),
    "review.allocate": ("GET", {"self_assessment_id": SA}, {Role.QA_COORDINATOR}),
    "review.review": ("GET", {"review_id": REVIEW}, ASSESSORS | {Role.QA_COORDINATOR}),
    "review.change": ("GET", {"review_id": REVIEW}, {Role.QA_COORDINATOR}),
    "review.standard": ("GET", {"review_id": REVIEW, "code": "WEL-01"}, ASSESSORS | {Role.QA_COORDINATOR}),
    "review.evidence": ("GET", {"review_id": REVIEW, "evidence_id": EVIDENCE}, ASSESSORS | {Role.QA_COORDINATOR}),
    "review.pool": ("GET", {}, {Role.QA_COORDINATOR}),
    "review.profile": ("GET", {"person_id": ASSESSOR}, {Role.QA_COORDINATOR}),
    "review.evidence_scores": ("GET", {"review_id": REVIEW}, ASSESSORS),
    "review.evidence_score": ("GET", {"review_id": REVIEW, "code": "WEL-01"}, ASSESSORS),
    "review.send_evidence_scores": ("POST", {"review_id": REVIEW}, ASSESSORS),
    "review.visit": ("GET", {"review_id": REVIEW}, ASSESSORS),
    "review.visit_form": ("GET", {"review_id": REVIEW, "code": "WEL-01"}, ASSESSORS),
    "review.visit_autosave": ("POST", {"review_id": REVIEW, "code": "WEL-01"}, ASSESSORS),
    "review.consolidation": ("GET", {"review_id": REVIEW}, ASSESSORS | {Role.QA_COORDINATOR}),
    # The lead assessor of this visit (tests/review checks an assessor who is not the lead gets 403).
    "review.record_finding": ("GET", {"review_id": REVIEW, "code": "WEL-01"}, {Role.LEAD_ASSESSOR}),
    "review.report": ("GET", {"review_id": REVIEW}, ASSESSORS | {Role.QA_COORDINATOR} | TEAM),
    "review.send_report": ("POST", {"review_id": REVIEW}, {Role.LEAD_ASSESSOR}),
    "review.comment_on_report": ("POST", {"review_id": REVIEW}, TEAM),
    "review.respond_to_comment": ("POST", {"review_id": REVIEW, "comment_id": 1}, {Role.LEAD_ASSESSOR}),
    "review.report_ready": ("POST", {"review_id": REVIEW}, {Role.LEAD_ASSESSOR}),
    "review.involvement": ("GET", {}, {Role.QA_COORDINATOR}),
    # Panel roles below are members of the panel (see `objects`); others get 404 (tests/panels).
    "panels.index": ("GET", {}, PANEL | {Role.QA_COORDINATOR}),
    "panels.schedule": ("GET", {}, {Role.QA_COORDINATOR}),
    "panels.panel": ("GET", {"panel_id": PANEL_ID}, PANEL | {Role.QA_COORDINATOR}),
    "panels.move": ("GET", {"panel_id": PANEL_ID}, {Role.QA_COORDINATOR}),
    "panels.members": ("GET", {"panel_id": PANEL_ID}, {Role.QA_COORDINATOR}),
    "panels.item": ("GET", {"panel_id": PANEL_ID, "item_id": ITEM}, PANEL | {Role.QA_COORDINATOR}),
    "panels.move_item": ("GET", {"panel_id": PANEL_ID, "item_id": ITEM}, {Role.QA_COORDINATOR}),
    "panels.declare": ("POST", {"panel_id": PANEL_ID, "item_id": ITEM}, {Role.PANEL_CHAIR}),
    "panels.record": ("POST", {"panel_id": PANEL_ID, "item_id": ITEM}, {Role.PANEL_CHAIR}),
    "reports.certificate": ("GET", {"decision_id": DECISION}, TEAM | PANEL | {Role.QA_COORDINATOR}),
    "reports.certificate_pdf": ("GET", {"decision_id": DECISION}, TEAM | PANEL | {Role.QA_COORDINATOR}),
    "panels.follow_up": ("GET", {}, {Role.QA_COORDINATOR}),
    "panels.amend": ("GET", {"decision_id": DECISION}, {Role.PANEL_CHAIR}),
    "panels.appeal": ("GET", {"decision_id": DECISION}, {Role.TEAM_LEAD}),
    "panels.decide_appeal": ("GET", {"appeal_id": APPEAL}, {Role.QA_COORDINATOR}),
    "panels.further_evidence": ("GET", {"decision_id": DEFERRED}, TEAM),
    "panels.add_further_evidence_file": ("POST", {"decision_id": DEFERRED}, TEAM),
    "panels.send_further_evidence": ("POST", {"decision_id": DEFERRED}, {Role.TEAM_LEAD}),
    "panels.further_evidence_file": ("GET", {"decision_id": DEFERRED, "file_id": FURTHER_FILE}, TEAM | PANEL | {Role.QA_COORDINATOR}),
    # The lead assessor of the visit (tests/panels checks an assessor who is not the lead gets 404).
    "panels.review_further_evidence": ("GET", {"decision_id": DEFERRED}, {Role.LEAD_ASSESSOR}),
    "panels.review_further_evidence_file": ("GET", {"decision_id": DEFERRED, "file_id": FURTHER_FILE}, {Role.LEAD_ASSESSOR}),
    "reports.letter": ("GET", {"decision_id": DECISION}, TEAM | PANEL | {Role.QA_COORDINATOR}),
    "reports.letter_pdf": ("GET", {"decision_id": DECISION}, TEAM | PANEL | {Role.QA_COORDINATOR}),
    "reports.report": ("GET", {"decision_id": DECISION}, TEAM | PANEL | {Role.QA_COORDINATOR}),
    "reports.report_pdf": ("GET", {"decision_id": DECISION}, TEAM | PANEL | {Role.QA_COORDINATOR}),
    "review.involvement_export": ("GET", {}, {Role.QA_COORDINATOR}),
    "review.my_conflicts": ("GET", {}, ASSESSORS | {Role.PANEL_MEMBER, Role.PANEL_CHAIR}),
    "review.withdraw_conflict": ("POST", {"conflict_id": 1}, ASSESSORS | {Role.PANEL_MEMBER, Role.PANEL_CHAIR}),
    # Improvement actions: assessors and panel roles reviewed the team (see `objects`); the standards group
    # member is named on the action. Anyone else who may reach the pages gets 404 (tests/actions).
    "actions.index": ("GET", {}, {Role.QA_COORDINATOR}),
    "actions.mine": ("GET", {}, ASSESSORS | {Role.PANEL_CHAIR, Role.STANDARDS_GROUP_MEMBER}),
    "actions.team": ("GET", {"team_id": TEAM_ID}, TEAM | ASSESSORS | PANEL | {Role.QA_COORDINATOR, Role.STANDARDS_GROUP_MEMBER}),
    "actions.action": ("GET", {"action_id": ACTION}, TEAM | ASSESSORS | PANEL | {Role.QA_COORDINATOR, Role.STANDARDS_GROUP_MEMBER}),
    "actions.update_file": ("GET", {"action_id": ACTION, "update_id": UPDATE}, TEAM | ASSESSORS | PANEL | {Role.QA_COORDINATOR, Role.STANDARDS_GROUP_MEMBER}),
    "actions.plan": ("GET", {"action_id": ACTION}, {Role.TEAM_LEAD}),
    "actions.add_update": ("POST", {"action_id": ACTION}, TEAM),
    "actions.complete": ("POST", {"action_id": ACTION}, {Role.TEAM_LEAD}),
    "actions.verify": ("POST", {"action_id": ACTION}, {Role.QA_COORDINATOR}),
    "actions.add_comment": ("POST", {"action_id": ACTION}, ASSESSORS | {Role.PANEL_CHAIR, Role.STANDARDS_GROUP_MEMBER}),
    "actions.give_verdict": ("POST", {"action_id": ACTION}, ASSESSORS | {Role.PANEL_CHAIR, Role.STANDARDS_GROUP_MEMBER}),
    "assurance.register": ("GET", {}, {Role.QA_COORDINATOR, Role.BOARD_VIEWER}),
    "assurance.register_export": ("GET", {}, {Role.QA_COORDINATOR, Role.BOARD_VIEWER}),
    "assurance.actions_export": ("GET", {}, {Role.QA_COORDINATOR}),
    "assurance.heat_map": ("GET", {}, {Role.QA_COORDINATOR, Role.BOARD_VIEWER}),
    "assurance.board_report": ("GET", {}, {Role.QA_COORDINATOR, Role.BOARD_VIEWER}),
    "assurance.themes": ("GET", {}, {Role.QA_COORDINATOR, Role.BOARD_VIEWER, Role.STANDARDS_GROUP_MEMBER}),
    "assurance.api_clients_page": ("GET", {}, {Role.ADMINISTRATOR}),
    "assurance.revoke_api_client_page": ("POST", {"client_id": 1}, {Role.ADMINISTRATOR}),
    "api.openapi": ("GET", {}, PUBLIC),
    "api.register": ("GET", {}, API),
    "api.decisions": ("GET", {}, API),
    "api.actions": ("GET", {}, API),
}


def test_every_route_declares_what_it_needs(app: Flask):
    undeclared = [
        rule.endpoint for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "required", None) is None
    ]
    assert undeclared == []


def test_the_table_covers_every_route(app: Flask):
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == set(TABLE)


def test_a_route_that_declares_nothing_is_refused(tmp_path, database_url):
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x"}, instance_path=str(tmp_path))
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    assert app.test_client().get("/forgotten").status_code == 500


@pytest.fixture
def objects(db, app, make_person):
    return build_objects(db, app.extensions["storage"], make_person)


def build_objects(db, store, make_person):
    """Larch Ward (the team of every team role in this table) enrolled, with a file of evidence, sent, and
    a visit team allocated, then decided, deferred, appealed, with an action (also for the browser's every-page
    check, on its own database)."""
    from datetime import date, time

    from accreditation.db import utcnow
    from accreditation.review.models import Review
    from accreditation.panels.models import Accreditation, AgendaItem, Decision, Panel, PanelKind
    from accreditation.panels.outcome import Outcome
    from accreditation.review.report_models import AssessorsReport, ReportStatus
    from accreditation.selfassessment.models import SelfAssessmentStatus

    from accreditation.organisation.models import Team
    from accreditation.selfassessment import services
    from accreditation.selfassessment.models import Submission
    from sqlalchemy import select

    larch = db.scalar(select(Team).where(Team.name == "Larch Ward"))
    cycle = services.enrol_team(db, make_person(Role.QA_COORDINATOR), larch, date(2027, 1, 31), today=date(2026, 12, 1))
    standard = cycle.standards[0]
    evidence = services.add_file_evidence(
        db, make_person(Role.TEAM_MEMBER, team=larch), store, cycle.self_assessment, standard,
        data=b"%PDF-1.4 minutes", filename="minutes.pdf", description="Minutes",
    )
    db.add(Submission(self_assessment=cycle.self_assessment, number=1, submitted_by_id=evidence.added_by_id, snapshot=[]))
    cycle.self_assessment.status = SelfAssessmentStatus.SUBMITTED
    cycle.self_assessment.submitted_at, cycle.self_assessment.submitted_by_id = utcnow(), evidence.added_by_id
    review = Review(self_assessment=cycle.self_assessment, visit_on=date(2027, 5, 12), visit_at=time(10), site="Ward",
                    allocated_by_id=evidence.added_by_id)
    db.add(review)
    db.add(AssessorsReport(review=review, status=ReportStatus.WITH_TEAM, sent_to_team_at=utcnow(), comments_due=date(2027, 6, 1)))
    panel = Panel(kind=PanelKind.FINAL_COMMITTEE, meets_on=date(2027, 7, 1), chair_id=evidence.added_by_id,
                  scheduled_by_id=evidence.added_by_id, items=[AgendaItem(review=review, position=1)])
    db.add(panel)
    db.flush()
    decision = Decision(item_id=panel.items[0].id, outcome=Outcome.GOLD, computed_outcome=Outcome.GOLD, rationale="Met",
                        request_key="routes", recorded_by_id=evidence.added_by_id)
    db.add(decision)
    db.flush()
    db.add(Accreditation(team_id=larch.id, decision_id=decision.id, outcome=Outcome.GOLD, valid_from=date(2027, 7, 1),
                         valid_until=date(2030, 7, 1), interim_review_due=date(2029, 1, 1)))
    db.flush()
    # Then deferred by a second committee (chaired by the same person), with a file of further evidence,
    # and the first decision appealed.
    from datetime import timedelta

    from accreditation.panels.models import Appeal, FurtherEvidence, FurtherEvidenceFile, ItemReason

    second = Panel(kind=PanelKind.FINAL_COMMITTEE, meets_on=date(2027, 8, 1), chair_id=evidence.added_by_id,
                   scheduled_by_id=evidence.added_by_id, items=[AgendaItem(review=review, position=1, reason=ItemReason.APPEAL_UPHELD)])
    db.add(second)
    db.flush()
    deferred = Decision(item_id=second.items[0].id, outcome=Outcome.DEFERRED, computed_outcome=Outcome.GOLD, rationale="More",
                        deferral_deadline=date.today() + timedelta(days=60), deferral_requirements="Photos",
                        request_key="routes-deferred", recorded_by_id=evidence.added_by_id)
    appeal = Appeal(decision=decision, grounds="We disagree", lodged_by_id=evidence.added_by_id)
    db.add_all([deferred, appeal])
    db.flush()
    key = store.save(b"Photos of the board")
    further = FurtherEvidence(decision_id=deferred.id, statement="Done", files=[FurtherEvidenceFile(
        description="Photos", storage_key=key, filename="photos.txt", content_type="text/plain", size=19,
        added_by_id=evidence.added_by_id)])
    db.add(further)
    db.flush()
    from accreditation.actions.models import ActionSource, ActionStatus, ImprovementAction, ProgressUpdate

    action = ImprovementAction(
        team_id=larch.id, decision_id=decision.id, source=ActionSource.CONDITION, condition="Easy-read care plans",
        status=ActionStatus.IN_PROGRESS, what_will_change="Rewrite them", owner_id=evidence.added_by_id,
        due_on=date(2027, 12, 1), how_we_will_know="People say so",
        updates=[ProgressUpdate(text="Begun", made_by_id=evidence.added_by_id, filename="plan.pdf", content_type="application/pdf",
                                storage_key=store.save(b"%PDF-1.4 plan"), size=13)],
    )
    db.add(action)
    db.flush()
    from accreditation.standards.drafts import start_draft

    draft = start_draft(db, make_person(Role.STANDARDS_GROUP_MEMBER))
    return {DRAFT: draft.id, SA: cycle.self_assessment.id, EVIDENCE: evidence.id, REVIEW: review, ASSESSOR: make_person(Role.ASSESSOR).id,
            PANEL_ID: panel, ITEM: panel.items[0].id, DECISION: decision.id, DEFERRED: deferred.id, APPEAL: appeal.id,
            FURTHER_FILE: further.files[0].id, TEAM_ID: larch.id, ACTION: action, UPDATE: action.updates[0].id}


def _request(client, app, endpoint, objects=None):
    method, values, _who = TABLE[endpoint]
    values = {name: getattr(v, "id", v) for name, value in values.items() for v in [(objects or {}).get(value, value)]}
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **values)
    return client.open(url, method=method)


@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_signed_out_people_reach_only_public_routes(client, app, endpoint):
    response = _request(client, app, endpoint, {SA: 1, EVIDENCE: 1, REVIEW: 1, ASSESSOR: 1, PANEL_ID: 1, ITEM: 1, DECISION: 1,
                                                DEFERRED: 1, APPEAL: 1, FURTHER_FILE: 1, TEAM_ID: 1, ACTION: 1, UPDATE: 1,
                                                DRAFT: 1})
    if TABLE[endpoint][2] == PUBLIC:
        assert response.status_code < 400 or response.status_code == 400 and TABLE[endpoint][0] == "POST"
    elif TABLE[endpoint][2] == API:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert "/sign-in" in response.headers["Location"]


def place(db, objects, role, person):
    """Where the table expects each role: panel roles on the panel (the chair chairing it), assessors on the
    visit team, the standards group member named on the action."""
    from accreditation.actions.models import Involved
    from accreditation.panels.models import PanelMember
    from accreditation.review.models import VisitTeamMember

    if role in PANEL:
        objects[PANEL_ID].members.append(PanelMember(person_id=person.id))
        if role is Role.PANEL_CHAIR:
            objects[PANEL_ID].chair_id = person.id
    if role in ASSESSORS:
        objects[REVIEW].members.append(VisitTeamMember(person_id=person.id, is_lead=role is Role.LEAD_ASSESSOR))
    if role is Role.STANDARDS_GROUP_MEMBER:
        objects[ACTION].involved.append(Involved(person_id=person.id))
    db.flush()


@pytest.mark.parametrize("role", sorted(Role))
@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_role_by_route(client, app, db, make_person, sign_in_as, objects, role, endpoint):
    from accreditation.organisation.models import Team
    from sqlalchemy import select

    team = db.scalar(select(Team).where(Team.name == "Larch Ward"))
    person = make_person(role, team=team)
    place(db, objects, role, person)
    sign_in_as(person)
    response = _request(client, app, endpoint, objects)
    who = TABLE[endpoint][2]
    if who == API:
        assert response.status_code == 401
    elif who == PUBLIC or role in who:
        # Allowed: POSTs without a form token are refused by CSRF (400), never by access (403).
        assert response.status_code in (200, 302, 400), response.status_code
        if response.status_code == 302:
            assert "/sign-in" not in response.headers["Location"]
    else:
        assert response.status_code == 403
