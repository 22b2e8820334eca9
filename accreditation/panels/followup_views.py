"""After a decision: the team's appeal and further evidence, the lead assessor's review of it, the chair's
amendment, and the QA coordinator's follow-up (returns to the committee, appeals, interim reviews, expiry)."""
import uuid
from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from accreditation import db
from accreditation.panels import agenda, appeals, bp, deferral, services
from accreditation.panels.forms import (
    AmendmentForm, AppealForm, AppealOutcomeForm, FurtherEvidenceFileForm, FurtherEvidenceReviewForm,
    FurtherEvidenceStatementForm,
)
from accreditation.panels.models import AgendaItem, Appeal, AppealStatus, Decision, FurtherEvidenceFile, PanelMember
from accreditation.panels.outcome import Outcome
from accreditation.roles import Permission, requires
from accreditation.selfassessment.files import FileRefused
from accreditation.storage import send_stored, storage


def _decision(decision_id: int, allowed) -> Decision:
    """The decision if `allowed(decision)`; anyone else gets 404, as if it did not exist."""
    decision = db.session().get(Decision, decision_id)
    if decision is None or not allowed(decision):
        abort(404)
    return decision


def _the_team(permission: Permission):
    return lambda decision: current_user.can(permission, team_id=deferral.team_id_of(decision))


def _on_a_panel_for(decision: Decision) -> bool:
    return db.session().scalar(
        select(PanelMember.id).join(AgendaItem, AgendaItem.panel_id == PanelMember.panel_id)
        .where(AgendaItem.review_id == decision.item.review_id, PanelMember.person_id == current_user.id).limit(1)
    ) is not None


def _deferred_for_the_team(decision: Decision) -> bool:
    return decision.outcome is Outcome.DEFERRED and _the_team(Permission.EDIT_SELF_ASSESSMENT)(decision)


def _the_lead(decision: Decision) -> bool:
    lead = decision.item.review.lead
    return lead is not None and lead.id == current_user.id


@bp.route("/follow-up")
@requires(Permission.RUN_PANELS)
def follow_up():
    db_session, today = db.session(), date.today()
    return render_template(
        "panels/follow_up.jinja", today=today,
        returns=[c for c in agenda.committee_candidates(db_session, today) if c.reconsiders is not None],
        appeals=list(db_session.scalars(select(Appeal).where(Appeal.status == AppealStatus.LODGED).order_by(Appeal.lodged_at))),
        interim=services.interim_reviews_due(db_session, today), expired=services.expired(db_session, today),
    )


@bp.route("/decisions/<int:decision_id>/appeal", methods=["GET", "POST"])
@requires(Permission.APPEAL_DECISION)
def appeal(decision_id: int):
    decision = _decision(decision_id, _the_team(Permission.APPEAL_DECISION))
    db_session, today = db.session(), date.today()
    form = AppealForm()
    if form.validate_on_submit():
        try:
            appeals.lodge_appeal(db_session, current_user, decision, form.grounds.data, today)
        except services.PanelError as refused:
            form.grounds.errors.append(refused.message)
        else:
            db_session.commit()
            flash(_("Your appeal is lodged. The quality assurance team will tell you the outcome."), "success")
            return redirect(url_for(".appeal", decision_id=decision.id))
    return render_template(
        "panels/appeal.jinja", decision=decision, form=form, appeal=appeals.appeal_of(db_session, decision),
        deadline=appeals.appeal_deadline(decision), open=appeals.can_appeal(db_session, decision, today),
    ), (400 if form.errors else 200)


@bp.route("/appeals/<int:appeal_id>", methods=["GET", "POST"])
@requires(Permission.RUN_PANELS)
def decide_appeal(appeal_id: int):
    db_session = db.session()
    found = db_session.get(Appeal, appeal_id) or abort(404)
    form = AppealOutcomeForm()
    if form.validate_on_submit():
        try:
            appeals.decide_appeal(db_session, current_user, found, upheld=form.upheld.data == "yes", reasons=form.reasons.data)
        except services.PanelError as refused:
            form.upheld.errors.append(refused.message)
        else:
            db_session.commit()
            flash(_("The outcome of the appeal is recorded."), "success")
            return redirect(url_for(".follow_up"))
    return render_template("panels/decide_appeal.jinja", appeal=found, form=form), (400 if form.errors else 200)


def _render_further_evidence(decision, statement_form=None, file_form=None):
    found = deferral.further_evidence_for(db.session(), decision)
    if statement_form is None:
        statement_form = FurtherEvidenceStatementForm(data={"statement": found.statement if found else ""})
    form = statement_form if statement_form.errors else file_form if file_form and file_form.errors else None
    return render_template(
        "panels/further_evidence.jinja", decision=decision, found=found, statement_form=statement_form,
        file_form=file_form or FurtherEvidenceFileForm(formdata=None), form=form, today=date.today(),
    ), (400 if form else 200)


@bp.route("/decisions/<int:decision_id>/further-evidence", methods=["GET", "POST"])
@requires(Permission.EDIT_SELF_ASSESSMENT)
def further_evidence(decision_id: int):
    decision = _decision(decision_id, _deferred_for_the_team)
    form = FurtherEvidenceStatementForm()
    if form.validate_on_submit():
        try:
            deferral.save_statement(db.session(), current_user, decision, form.statement.data, date.today())
        except services.PanelError as refused:
            form.statement.errors.append(refused.message)
        else:
            db.session().commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".further_evidence", decision_id=decision.id))
    return _render_further_evidence(decision, statement_form=form if form.is_submitted() else None)


@bp.route("/decisions/<int:decision_id>/further-evidence/files", methods=["POST"])
@requires(Permission.EDIT_SELF_ASSESSMENT)
def add_further_evidence_file(decision_id: int):
    decision = _decision(decision_id, _deferred_for_the_team)
    form = FurtherEvidenceFileForm()
    if form.validate():
        try:
            deferral.add_file(db.session(), current_user, storage(), decision, data=form.file.data.read(),
                              filename=form.file.data.filename or "", description=form.description.data, today=date.today())
        except FileRefused as refused:
            form.file.errors.append(refused.message)
        except services.PanelError as refused:
            form.description.errors.append(refused.message)
        else:
            db.session().commit()
            flash(_("File added."), "success")
            return redirect(url_for(".further_evidence", decision_id=decision.id) + "#files")
    return _render_further_evidence(decision, file_form=form)


@bp.route("/decisions/<int:decision_id>/further-evidence/send", methods=["POST"])
@requires(Permission.SUBMIT_SELF_ASSESSMENT)
def send_further_evidence(decision_id: int):
    decision = _decision(decision_id, _the_team(Permission.SUBMIT_SELF_ASSESSMENT))
    try:
        deferral.send_to_lead_assessor(db.session(), current_user, decision, date.today())
    except services.PanelError as refused:
        flash(refused.message, "error")
        return redirect(url_for(".further_evidence", decision_id=decision.id))
    db.session().commit()
    flash(_("Sent to the lead assessor."), "success")
    return redirect(url_for(".further_evidence", decision_id=decision.id))


def _file(decision: Decision, file_id: int) -> FurtherEvidenceFile:
    found = deferral.further_evidence_for(db.session(), decision)
    return next((f for f in (found.files if found else []) if f.id == file_id), None) or abort(404)


@bp.route("/decisions/<int:decision_id>/further-evidence/files/<int:file_id>")
@requires(Permission.VIEW_DECISION)
def further_evidence_file(decision_id: int, file_id: int):
    """For the team, the QA team and the members of its panels; the lead assessor has their own way in below."""
    decision = _decision(decision_id, lambda d: _the_team(Permission.VIEW_DECISION)(d) or current_user.can(Permission.RUN_PANELS)
                         or _on_a_panel_for(d))
    found = _file(decision, file_id)
    return send_stored(found.storage_key, found.content_type, found.filename)


@bp.route("/decisions/<int:decision_id>/further-evidence/review/files/<int:file_id>")
@requires(Permission.LEAD_VISIT)
def review_further_evidence_file(decision_id: int, file_id: int):
    found = _file(_decision(decision_id, _the_lead), file_id)
    return send_stored(found.storage_key, found.content_type, found.filename)


@bp.route("/decisions/<int:decision_id>/further-evidence/review", methods=["GET", "POST"])
@requires(Permission.LEAD_VISIT)
def review_further_evidence(decision_id: int):
    decision = _decision(decision_id, lambda d: d.outcome is Outcome.DEFERRED and _the_lead(d))
    form = FurtherEvidenceReviewForm()
    if form.validate_on_submit():
        try:
            deferral.review_further_evidence(db.session(), current_user, decision, form.review.data)
        except services.PanelError as refused:
            form.review.errors.append(refused.message)
        else:
            db.session().commit()
            flash(_("Your review is recorded. The assessment goes back to the final committee."), "success")
            return redirect(url_for(".review_further_evidence", decision_id=decision.id))
    return render_template(
        "panels/review_further_evidence.jinja", decision=decision, form=form,
        found=deferral.further_evidence_for(db.session(), decision),
    ), (400 if form.errors else 200)


@bp.route("/decisions/<int:decision_id>/amend", methods=["GET", "POST"])
@requires(Permission.CHAIR_PANEL)
def amend(decision_id: int):
    """The chair corrects a recorded decision: a new decision with its reason; the original stays visible."""
    decision = _decision(decision_id, lambda d: d.item.panel.chair_id == current_user.id)
    db_session = db.session()
    form = AmendmentForm()
    if not form.is_submitted():
        form.request_key.data = uuid.uuid4().hex
    if form.validate_on_submit():
        try:
            services.amend_decision(
                db_session, current_user, decision, reason=form.reason.data, outcome=Outcome(form.outcome.data),
                rationale=form.rationale.data, request_key=form.request_key.data or uuid.uuid4().hex,
                departure_reason=form.departure_reason.data or "", conditions=form.conditions.data or "",
                deferral_deadline=form.deferral_deadline.data, deferral_requirements=form.deferral_requirements.data or "",
                today=date.today(),
            )
        except services.PanelError as refused:
            form.outcome.errors.append(refused.message)
        else:
            db_session.commit()
            flash(_("The amendment is recorded. The original decision stays on record."), "success")
            return redirect(url_for(".item", panel_id=decision.item.panel_id, item_id=decision.item_id))
    return render_template("panels/amend.jinja", decision=decision, form=form), (400 if form.errors else 200)
