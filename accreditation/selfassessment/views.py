from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from accreditation import db
from accreditation.organisation.models import Team
from accreditation.roles import Permission, requires
from accreditation.selfassessment import bp, queries, services
from accreditation.selfassessment.forms import AnswerForm, EnrolForm, TeamSearchForm
from accreditation.selfassessment.models import SelfAssessment, SelfAssessmentStatus
from accreditation.selfassessment.rules import answer_problems, task_state
from accreditation.standards.models import Tier
from accreditation.standards.published import PublishedStandard, by_code, following

PATIENT_IDENTIFIABLE = _l("This looks like an NHS number. Remove anything that could identify a patient")


def viewable_self_assessment(self_assessment_id: int, *, with_answers: bool = True) -> SelfAssessment:
    """The self-assessment if this person may see it; anyone else gets 404, as if it did not exist."""
    found = queries.self_assessment(db.session(), self_assessment_id, with_answers=with_answers)
    if found is None or not found.can_view(current_user):
        abort(404)
    return found


def standard_of(self_assessment: SelfAssessment, code: str) -> PublishedStandard:
    return by_code(self_assessment.cycle.standards, code) or abort(404)


def read_only(self_assessment: SelfAssessment):
    """A team member reaching a change page of a self-assessment that has been sent: say so, change nothing."""
    if self_assessment.status is SelfAssessmentStatus.WITHDRAWN:
        flash(_("The team has been withdrawn from this accreditation cycle, so its self-assessment cannot be changed."), "info")
    else:
        flash(_("This self-assessment has been sent, so it cannot be changed now."), "info")
    return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))


def _answers(self_assessment: SelfAssessment) -> dict:
    return {answer.standard_id: answer for answer in self_assessment.answers}


def task_states(self_assessment: SelfAssessment) -> list[tuple[PublishedStandard, object]]:
    answers = _answers(self_assessment)
    return [
        (standard, task_state(answer := answers.get(standard.id), standard.tier, len(answer.current_evidence) if answer else 0))
        for standard in self_assessment.cycle.standards
    ]


@bp.route("/")
@requires(Permission.VIEW_SELF_ASSESSMENT)
def index():
    raw = request.args.get("page", "1")
    page = int(raw) if raw.isdigit() and int(raw) >= 1 else 1
    earlier = request.args.get("earlier") == "1"
    found, total = queries.page_of(db.session(), current_user, page, earlier=earlier)
    pages = max(1, -(-total // queries.PAGE_SIZE))
    if page > pages:
        abort(404)
    return render_template(
        "selfassessment/index.jinja", self_assessments=found, total=total, page=page, pages=pages, today=date.today(),
        earlier=earlier,
    )


@bp.route("/enrol", methods=["GET", "POST"])
@requires(Permission.ENROL_TEAMS)
def enrol():
    db_session = db.session()
    search = TeamSearchForm(request.args)
    teams, more = queries.teams_to_enrol(db_session, (search.q.data or "")[:200])
    form = EnrolForm()
    form.team.choices = [SelectChoice("", _("Choose a team"))] + [
        SelectChoice(team.id, f"{team.name} ({team.site}), {team.directorate.organisation.name}") for team in teams
    ]
    if form.validate_on_submit():
        team = db_session.get(Team, form.team.data) or abort(400)
        try:
            cycle = services.enrol_team(db_session, current_user, team, form.due.data, today=date.today())
        except services.AlreadyEnrolled:
            form.team.errors.append(_("This team is already in an open accreditation cycle"))
        except services.NoPublishedStandards:
            form.team.errors.append(_("No standards have been published yet"))
        except services.SelfAssessmentError as refused:
            form.due.errors.append(str(refused.message))
        else:
            db_session.commit()
            flash(_("%(team)s is enrolled. The team can now start the self-assessment.", team=team.name), "success")
            return redirect(url_for(".task_list", self_assessment_id=cycle.self_assessment.id))
    return render_template("selfassessment/enrol.jinja", form=form, search=search, listed=len(teams), more=more), (
        400 if form.errors else 200)


@bp.route("/<int:self_assessment_id>/")
@requires(Permission.VIEW_SELF_ASSESSMENT)
def task_list(self_assessment_id: int):
    self_assessment = viewable_self_assessment(self_assessment_id)
    tasks = task_states(self_assessment)
    return render_template(
        "selfassessment/task_list.jinja", self_assessment=self_assessment, tasks=tasks, today=date.today(),
        completed=sum(state.value == "completed" for _s, state in tasks),
    )


def _answer_form(self_assessment, standard, answer, formdata=None) -> AnswerForm:
    form = AnswerForm(formdata=formdata, essential=standard.tier is Tier.ESSENTIAL)
    if formdata is None and answer is not None:
        for name, value in services.answer_fields(answer).items():
            getattr(form, name).data = value
        form.revision.data = str(answer.revision)
    return form


def _render_answer(self_assessment, standard, form, *, answer=None, conflict=None, status=200):
    """`answer` as read for the form; after a post, read again (the save or someone else may have changed it)."""
    if form.is_submitted():
        answer = queries.answer(db.session(), self_assessment, standard.id)
    evidence = answer.current_evidence if answer else []
    standards = self_assessment.cycle.standards
    latest_return = self_assessment.latest_return
    return render_template(
        "selfassessment/answer.jinja", self_assessment=self_assessment, standard=standard, form=form,
        answer=answer, evidence=evidence, conflict=conflict,
        still_needed=answer_problems(answer, standard.tier, len(evidence)) if answer else [],
        next_standard=following(standards, standard), position=standards.index(standard) + 1, return_comment=latest_return.return_comments.get(standard.code) if latest_return else None,
    ), status


def commit_unless_identifying(form, write):
    """Run the write and commit it; if its text would identify a patient, say so on that field and save nothing."""
    try:
        result = write()
    except services.PatientIdentifiable as refused:
        db.session().rollback()
        getattr(form, refused.field).errors.append(PATIENT_IDENTIFIABLE)
        return None
    db.session().commit()
    return result


def _save(self_assessment, standard, form):
    """Save the posted answer: the saved answer, or None with the error on the form (and nothing saved)."""
    return commit_unless_identifying(form, lambda: services.save_answer(
        db.session(), current_user, self_assessment, standard, form.values(), int(form.revision.data or 0)
    ))


@bp.route("/<int:self_assessment_id>/standards/<code>", methods=["GET", "POST"])
@requires(Permission.VIEW_SELF_ASSESSMENT)
def answer(self_assessment_id: int, code: str):
    self_assessment = viewable_self_assessment(self_assessment_id, with_answers=False)
    standard = standard_of(self_assessment, code)
    if request.method == "GET":
        found = queries.answer(db.session(), self_assessment, standard.id)
        return _render_answer(self_assessment, standard, _answer_form(self_assessment, standard, found), answer=found)
    if not self_assessment.can_edit(current_user):
        return read_only(self_assessment)
    form = _answer_form(self_assessment, standard, None, request.form)
    if not form.validate():
        return _render_answer(self_assessment, standard, form, status=400)
    try:
        saved = _save(self_assessment, standard, form)
    except services.Conflict as conflict:
        # Show both versions; saving again from their revision keeps this person's version, knowingly.
        form.revision.data = str(conflict.theirs.revision)
        return _render_answer(self_assessment, standard, form, conflict=conflict.theirs, status=409)
    if saved is None:
        return _render_answer(self_assessment, standard, form, status=400)
    flash(_("Your answer to %(code)s is saved.", code=standard.code), "success")
    next_code = request.form.get("next")
    if next_code:
        return redirect(url_for(".answer", self_assessment_id=self_assessment.id, code=standard_of(self_assessment, next_code).code))
    return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))


@bp.route("/<int:self_assessment_id>/standards/<code>/autosave", methods=["POST"])
@requires(Permission.EDIT_SELF_ASSESSMENT)
def autosave(self_assessment_id: int, code: str):
    """The draft, saved as the person types; answers JSON for the page's script."""
    self_assessment = viewable_self_assessment(self_assessment_id, with_answers=False)
    standard = standard_of(self_assessment, code)
    if not self_assessment.can_edit(current_user):
        return jsonify(message=_("Not saved: this self-assessment has been submitted")), 409
    form = _answer_form(self_assessment, standard, None, request.form)
    if not form.validate():
        field = next(f for f in form if f.errors)
        return jsonify(message=_("Not saved yet: %(problem)s", problem=field.errors[0])), 400
    try:
        saved = _save(self_assessment, standard, form)
    except services.Conflict:
        return jsonify(message=_("Not saved: someone else has changed this standard. Press a Save button to see both versions and choose.")), 409
    if saved is None:
        return jsonify(message=_("Not saved: %(problem)s", problem=PATIENT_IDENTIFIABLE)), 400
    return jsonify(revision=saved.revision, message=_("Saved at %(time)s", time=format_time(saved.updated_at, "HH:mm")))
