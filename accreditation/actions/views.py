"""The team's actions, one action's page with its forms. (The QA team's list of every action, this blueprint's
index, is kept like the assurance figures: assurance/action_list.py adds it.)"""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from accreditation import db
from accreditation.actions import bp, queries, services
from accreditation.actions.forms import CommentForm, ConfirmForm, PlanForm, ProgressForm, VerdictForm
from accreditation.actions.models import ActionStatus, ImprovementAction, Verdict
from accreditation.audit import AuditEntry
from accreditation.auth.models import Person, RoleAssignment
from accreditation.organisation.models import Team
from accreditation.roles import SERVICE_USER_ROLES, TEAM_ROLES, Permission, requires
from accreditation.selfassessment.files import FileRefused
from accreditation.storage import send_stored
from accreditation.selfassessment.services import PatientIdentifiable
from accreditation.selfassessment.views import PATIENT_IDENTIFIABLE
from accreditation.storage import storage


@bp.app_template_global()
def carried_actions(team_id: int, cycle_id: int) -> list[ImprovementAction]:
    """For the next cycle's pages (self-assessment, review): this team's unfinished actions from earlier cycles."""
    return queries.carried_over(db.session(), team_id, cycle_id)


def _viewable(action_id: int) -> tuple[ImprovementAction, bool]:
    """The action, and whether this person reviewed its team; anyone who may not see it gets 404."""
    found = queries.action(db.session(), action_id)
    if found is None:
        abort(404)
    reviewer = current_user.id in queries.reviewers(db.session(), found.team_id)
    if not found.can_view(current_user, reviewer):
        abort(404)
    return found, reviewer


@bp.route("/mine")
@requires(Permission.COMMENT_ON_ACTIONS)
def mine():
    """A service user's way in: actions waiting for their verdict first, then those still being worked on."""
    actions = queries.for_service_user(db.session(), current_user.id)
    waiting = [a for a in actions if a.status.finished and not any(v.person_id == current_user.id for v in a.verdicts)]
    return render_template("actions/mine.jinja", waiting=waiting, others=[a for a in actions if a not in waiting],
                           today=date.today())


@bp.route("/teams/<int:team_id>/")
@requires(Permission.VIEW_ACTIONS)
def team(team_id: int):
    db_session = db.session()
    found = db_session.get(Team, team_id) or abort(404)
    reviewer = current_user.id in queries.reviewers(db_session, team_id)
    actions = [a for a in queries.team_actions(db_session, team_id) if a.can_view(current_user, reviewer)]
    whole_team = current_user.can(Permission.WORK_ON_ACTIONS, team_id=team_id) or current_user.can(Permission.VERIFY_ACTIONS) or reviewer
    if not actions and not whole_team:
        abort(404)
    return render_template("actions/team.jinja", team=found, actions=actions, today=date.today())


def _history(action: ImprovementAction) -> list[tuple[AuditEntry, Person | None]]:
    return list(db.session().execute(
        select(AuditEntry, Person).outerjoin(Person, Person.id == AuditEntry.actor_id)
        .where(AuditEntry.subject_type == ImprovementAction.__tablename__, AuditEntry.subject_id == action.id)
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all())


def _render(action, reviewer, *, progress=None, comment=None, verdict=None, status=200):
    progress, comment, verdict = progress or ProgressForm(), comment or CommentForm(), verdict or VerdictForm()
    if not verdict.is_submitted():
        mine = next((v for v in action.verdicts if v.person_id == current_user.id), None)
        if mine is not None:
            verdict.verdict.data, verdict.in_their_words.data = mine.verdict.value, mine.in_their_words
    failed = next((f for f in (progress, comment, verdict) if f.errors), None)
    people = {p.id: p for p in db.session().scalars(
        select(Person).where(Person.id.in_({v.person_id for v in action.verdicts} | {c.made_by_id for c in action.comments})))}
    return render_template(
        "actions/action.jinja", action=action, reviewer=reviewer, progress=progress, comment=comment, verdict=verdict,
        confirm=ConfirmForm(), history=_history(action), people=people, today=date.today(), form=failed,
    ), status


@bp.route("/<int:action_id>")
@requires(Permission.VIEW_ACTIONS)
def action(action_id: int):
    return _render(*_viewable(action_id))


def _team_people(team_id: int) -> list[Person]:
    return list(db.session().scalars(
        select(Person).join(Person.role_assignments)
        .where(RoleAssignment.team_id == team_id, RoleAssignment.role.in_(TEAM_ROLES), Person.active.is_(True))
        .order_by(Person.given_name, Person.family_name).distinct()
    ))


def _service_users() -> list[Person]:
    return list(db.session().scalars(
        select(Person).join(Person.role_assignments)
        .where(RoleAssignment.role.in_(SERVICE_USER_ROLES), Person.active.is_(True))
        .order_by(Person.given_name, Person.family_name).distinct()
    ))


@bp.route("/<int:action_id>/plan", methods=["GET", "POST"])
@requires(Permission.PLAN_ACTIONS)
def plan(action_id: int):
    found, _reviewer = _viewable(action_id)
    if not found.can_plan(current_user):
        abort(403)
    form = PlanForm(obj=None)
    owners, service_users = _team_people(found.team_id), _service_users()
    form.owner.choices = [SelectChoice("", _("Choose someone in the team"))] + [SelectChoice(p.id, p.full_name) for p in owners]
    form.involved.choices = [SelectChoice(p.id, p.full_name) for p in service_users]
    if request.method == "GET" and found.status is not ActionStatus.DRAFT:
        form.what_will_change.data, form.how_we_will_know.data = found.what_will_change, found.how_we_will_know
        form.owner.data, form.involved.data = found.owner_id, [i.person_id for i in found.involved]
        form.due_on.process(None, found.due_on)
    if form.validate_on_submit():
        chosen = {p.id: p for p in owners + service_users}
        try:
            services.plan_action(
                db.session(), current_user, found, what_will_change=form.what_will_change.data,
                owner=chosen.get(form.owner.data) or abort(400), due_on=form.due_on.data,
                how_we_will_know=form.how_we_will_know.data, involved=[chosen[i] for i in form.involved.data if i in chosen],
                today=date.today(),
            )
        except PatientIdentifiable as refused:
            db.session().rollback()
            getattr(form, refused.field).errors.append(PATIENT_IDENTIFIABLE)
        except services.ActionError as refused:
            db.session().rollback()
            if refused.field is None:
                abort(403)
            getattr(form, refused.field).errors.append(refused.message)
        else:
            db.session().commit()
            flash(_("The plan is saved."), "success")
            return redirect(url_for(".action", action_id=found.id))
    return render_template("actions/plan.jinja", action=found, form=form), (400 if form.errors else 200)


@bp.route("/<int:action_id>/updates", methods=["POST"])
@requires(Permission.WORK_ON_ACTIONS)
def add_update(action_id: int):
    found, _reviewer = _viewable(action_id)
    form = ProgressForm()
    if form.validate():
        upload = form.evidence.data
        try:
            services.add_progress_update(
                db.session(), current_user, storage(), found, text=form.progress.data,
                data=upload.read() if upload else None, filename=upload.filename if upload else "",
            )
        except FileRefused as refused:
            form.evidence.errors.append(refused.message)
        except PatientIdentifiable:
            form.progress.errors.append(PATIENT_IDENTIFIABLE)
        except services.ActionError:
            abort(403)
        else:
            db.session().commit()
            flash(_("Your progress update is added."), "success")
            return redirect(url_for(".action", action_id=found.id) + "#progress-updates")
    db.session().rollback()
    return _render(*_viewable(action_id), progress=form, status=400)


def _status_change(action_id: int, change, message: str):
    found, _reviewer = _viewable(action_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        change(db.session(), current_user, found)
    except services.ActionError:
        abort(403)
    db.session().commit()
    flash(message, "success")
    return redirect(url_for(".action", action_id=found.id))


@bp.route("/<int:action_id>/complete", methods=["POST"])
@requires(Permission.PLAN_ACTIONS)
def complete(action_id: int):
    return _status_change(action_id, services.complete_action, _("The action is marked as completed."))


@bp.route("/<int:action_id>/verify", methods=["POST"])
@requires(Permission.VERIFY_ACTIONS)
def verify(action_id: int):
    return _status_change(action_id, services.verify_action, _("The action is verified."))


@bp.route("/<int:action_id>/comments", methods=["POST"])
@requires(Permission.COMMENT_ON_ACTIONS)
def add_comment(action_id: int):
    found, reviewer = _viewable(action_id)
    form = CommentForm()
    if form.validate():
        try:
            services.comment_on_action(db.session(), current_user, found, text=form.comment.data, reviewer=reviewer)
        except PatientIdentifiable:
            form.comment.errors.append(PATIENT_IDENTIFIABLE)
        except services.ActionError:
            abort(403)
        else:
            db.session().commit()
            flash(_("Your comment is added."), "success")
            return redirect(url_for(".action", action_id=found.id) + "#comments")
    db.session().rollback()
    return _render(*_viewable(action_id), comment=form, status=400)


@bp.route("/<int:action_id>/verdict", methods=["POST"])
@requires(Permission.COMMENT_ON_ACTIONS)
def give_verdict(action_id: int):
    found, reviewer = _viewable(action_id)
    form = VerdictForm()
    if form.validate():
        try:
            services.give_verdict(db.session(), current_user, found, verdict=Verdict(form.verdict.data),
                                  in_their_words=form.in_their_words.data, reviewer=reviewer)
        except PatientIdentifiable:
            form.in_their_words.errors.append(PATIENT_IDENTIFIABLE)
        except services.ActionError:
            abort(403)
        else:
            db.session().commit()
            flash(_("Thank you. Your verdict is recorded."), "success")
            return redirect(url_for(".action", action_id=found.id) + "#verdicts")
    db.session().rollback()
    return _render(*_viewable(action_id), verdict=form, status=400)


@bp.route("/<int:action_id>/updates/<int:update_id>/file")
@requires(Permission.VIEW_ACTIONS)
def update_file(action_id: int, update_id: int):
    found, _reviewer = _viewable(action_id)
    update = next((u for u in found.updates if u.id == update_id and u.storage_key), None) or abort(404)
    return send_stored(update.storage_key, update.content_type, update.filename)
