import io

from flask import abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from accreditation import db
from accreditation.organisation.models import Team
from accreditation.roles import Permission, requires
from accreditation.selfassessment import bp, queries, services
from accreditation.selfassessment.files import FileRefused
from accreditation.selfassessment.forms import AnswerForm, EnrolForm, EvidenceForm
from accreditation.selfassessment.models import EvidenceKind, Rating, SelfAssessment
from accreditation.selfassessment.rules import answer_problems, task_state
from accreditation.standards.models import Standard, Tier
from accreditation.storage import storage

PATIENT_IDENTIFIABLE = _l("This looks like an NHS number. Remove anything that could identify a patient")


def _self_assessment(self_assessment_id: int) -> SelfAssessment:
    """The self-assessment if this person may see it; anyone else gets 404, as if it did not exist."""
    found = queries.self_assessment(db.session(), self_assessment_id)
    if found is None or not found.can_view(current_user):
        abort(404)
    return found


def _standard(self_assessment: SelfAssessment, code: str) -> Standard:
    for standard in self_assessment.cycle.standards_version.standards:
        if standard.code == code:
            return standard
    abort(404)


def _read_only(self_assessment: SelfAssessment):
    """A team member reaching a change page of a self-assessment that has been sent: say so, change nothing."""
    flash(_("This self-assessment has been sent, so it cannot be changed now."), "info")
    return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))


def _answers(self_assessment: SelfAssessment) -> dict:
    return {answer.standard_id: answer for answer in self_assessment.answers}


def _tasks(self_assessment: SelfAssessment) -> list[tuple[Standard, object]]:
    answers = _answers(self_assessment)
    return [
        (standard, task_state(answer := answers.get(standard.id), standard.tier, len(answer.current_evidence) if answer else 0))
        for standard in self_assessment.cycle.standards_version.standards
    ]


@bp.route("/")
@requires(Permission.VIEW_SELF_ASSESSMENT)
def index():
    return render_template("selfassessment/index.jinja", self_assessments=queries.open_self_assessments(db.session(), current_user))


@bp.route("/enrol", methods=["GET", "POST"])
@requires(Permission.ENROL_TEAMS)
def enrol():
    db_session = db.session()
    form = EnrolForm()
    form.team.choices = [SelectChoice("", _("Choose a team"))] + [
        SelectChoice(team.id, f"{team.name} ({team.site})") for team in queries.teams_without_open_cycle(db_session)
    ]
    if form.validate_on_submit():
        team = db_session.get(Team, form.team.data) or abort(400)
        try:
            cycle = services.enrol_team(db_session, current_user, team, form.due.data)
        except services.AlreadyEnrolled:
            form.team.errors.append(_("This team is already in an open accreditation cycle"))
        except services.NoPublishedStandards:
            form.team.errors.append(_("No standards have been published yet"))
        else:
            db_session.commit()
            flash(_("%(team)s is enrolled. Its team can now start the self-assessment.", team=team.name), "success")
            return redirect(url_for(".task_list", self_assessment_id=cycle.self_assessment.id))
    return render_template("selfassessment/enrol.jinja", form=form)


@bp.route("/<int:self_assessment_id>/")
@requires(Permission.VIEW_SELF_ASSESSMENT)
def task_list(self_assessment_id: int):
    self_assessment = _self_assessment(self_assessment_id)
    tasks = _tasks(self_assessment)
    return render_template(
        "selfassessment/task_list.jinja", self_assessment=self_assessment, tasks=tasks,
        completed=sum(state.value == "completed" for _s, state in tasks),
    )


def _answer_form(self_assessment, standard, answer, formdata=None) -> AnswerForm:
    form = AnswerForm(formdata=formdata, essential=standard.tier is Tier.ESSENTIAL)
    if formdata is None and answer is not None:
        for name, value in answer_values(answer).items():
            getattr(form, name).data = value
        form.revision.data = str(answer.revision)
    return form


def answer_values(answer) -> dict:
    return {
        "rating": answer.rating.value if answer.rating else None,
        "not_applicable_reason": answer.not_applicable_reason, "how_we_meet": answer.how_we_meet,
        "improvement_underway": answer.improvement_underway, "involvement_count": answer.involvement_count,
        "involvement_how": answer.involvement_how,
    }


def _render_answer(self_assessment, standard, form, conflict=None, status=200):
    answer = _answers(self_assessment).get(standard.id)
    evidence = answer.current_evidence if answer else []
    standards = self_assessment.cycle.standards_version.standards
    position = standards.index(standard)
    latest_return = self_assessment.latest_return
    return render_template(
        "selfassessment/answer.jinja", self_assessment=self_assessment, standard=standard, form=form,
        answer=answer, evidence=evidence, conflict=conflict,
        still_needed=answer_problems(answer, standard.tier, len(evidence)) if answer else [],
        next_standard=standards[position + 1] if position + 1 < len(standards) else None,
        position=position + 1, return_comment=latest_return.return_comments.get(standard.code) if latest_return else None,
    ), status


def _save(self_assessment, standard, form):
    """Save the posted answer: the saved answer, or the error to show (and nothing saved)."""
    try:
        answer = services.save_answer(
            db.session(), current_user, self_assessment, standard, form.values(), int(form.revision.data or 0)
        )
    except services.PatientIdentifiable as refused:
        getattr(form, refused.field).errors.append(PATIENT_IDENTIFIABLE)
        return None
    db.session().commit()
    return answer


@bp.route("/<int:self_assessment_id>/standards/<code>", methods=["GET", "POST"])
@requires(Permission.VIEW_SELF_ASSESSMENT)
def answer(self_assessment_id: int, code: str):
    self_assessment = _self_assessment(self_assessment_id)
    standard = _standard(self_assessment, code)
    if request.method == "GET":
        return _render_answer(self_assessment, standard, _answer_form(self_assessment, standard, _answers(self_assessment).get(standard.id)))
    if not self_assessment.can_edit(current_user):
        return _read_only(self_assessment)
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
        return redirect(url_for(".answer", self_assessment_id=self_assessment.id, code=_standard(self_assessment, next_code).code))
    return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))


@bp.route("/<int:self_assessment_id>/standards/<code>/autosave", methods=["POST"])
@requires(Permission.EDIT_SELF_ASSESSMENT)
def autosave(self_assessment_id: int, code: str):
    """The draft, saved as the person types; answers JSON for the page's script."""
    self_assessment = _self_assessment(self_assessment_id)
    standard = _standard(self_assessment, code)
    if not self_assessment.can_edit(current_user):
        return jsonify(message=_("Not saved: this self-assessment has been submitted")), 409
    form = _answer_form(self_assessment, standard, None, request.form)
    if not form.validate():
        field = next(f for f in form if f.errors)
        return jsonify(message=_("Not saved yet: %(problem)s", problem=field.errors[0])), 400
    try:
        saved = _save(self_assessment, standard, form)
    except services.Conflict:
        return jsonify(message=_("Not saved: someone else has changed this standard. Select Save to see both versions and choose.")), 409
    if saved is None:
        return jsonify(message=_("Not saved: %(problem)s", problem=PATIENT_IDENTIFIABLE)), 400
    return jsonify(revision=saved.revision, message=_("Saved at %(time)s", time=format_time(saved.updated_at, "HH:mm")))


@bp.route("/<int:self_assessment_id>/standards/<code>/evidence", methods=["GET", "POST"])
@requires(Permission.EDIT_SELF_ASSESSMENT)
def add_evidence(self_assessment_id: int, code: str):
    self_assessment = _self_assessment(self_assessment_id)
    standard = _standard(self_assessment, code)
    if not self_assessment.can_edit(current_user):
        return _read_only(self_assessment)
    form = EvidenceForm()
    if form.validate_on_submit():
        db_session = db.session()
        kind = EvidenceKind(form.kind.data)
        try:
            if kind is EvidenceKind.FILE:
                services.add_file_evidence(
                    db_session, current_user, storage(), self_assessment, standard,
                    data=form.file.data.read(), filename=form.file.data.filename or "", description=form.description.data,
                )
            else:
                services.add_other_evidence(
                    db_session, current_user, self_assessment, standard, kind=kind,
                    description=form.description.data, url=form.url.data,
                )
        except FileRefused as refused:
            form.file.errors.append(refused.message)
        except services.PatientIdentifiable:
            form.description.errors.append(PATIENT_IDENTIFIABLE)
        else:
            db_session.commit()
            flash(_("Evidence added to %(code)s.", code=standard.code), "success")
            return redirect(url_for(".answer", self_assessment_id=self_assessment.id, code=standard.code) + "#evidence")
    return render_template("selfassessment/evidence.jinja", self_assessment=self_assessment, standard=standard, form=form), (400 if form.errors else 200)


def _evidence(self_assessment: SelfAssessment, evidence_id: int):
    for answer in self_assessment.answers:
        for item in answer.current_evidence:
            if item.id == evidence_id:
                return item
    abort(404)


@bp.route("/<int:self_assessment_id>/evidence/<int:evidence_id>")
@requires(Permission.VIEW_SELF_ASSESSMENT)
def download_evidence(self_assessment_id: int, evidence_id: int):
    evidence = _evidence(_self_assessment(self_assessment_id), evidence_id)
    if evidence.kind is not EvidenceKind.FILE:
        abort(404)
    response = send_file(
        io.BytesIO(storage().read(evidence.storage_key)), mimetype=evidence.content_type,
        as_attachment=True, download_name=evidence.filename,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:self_assessment_id>/evidence/<int:evidence_id>/remove", methods=["POST"])
@requires(Permission.EDIT_SELF_ASSESSMENT)
def remove_evidence(self_assessment_id: int, evidence_id: int):
    self_assessment = _self_assessment(self_assessment_id)
    evidence = _evidence(self_assessment, evidence_id)
    try:
        services.remove_evidence(db.session(), current_user, evidence)
    except services.NotEditable:
        return _read_only(self_assessment)
    except services.SelfAssessmentError:
        abort(403)
    db.session().commit()
    flash(_("Evidence removed."), "success")
    return redirect(url_for(".answer", self_assessment_id=self_assessment.id, code=evidence.answer.standard.code) + "#evidence")


def _incomplete_summary(self_assessment, problems) -> list[dict]:
    return [
        {"text": f"{standard.code} {standard.title}: {problem.message}",
         "href": url_for(".answer", self_assessment_id=self_assessment.id, code=standard.code) + f"#{problem.field}"}
        for standard, found in problems.items() for problem in found
    ]


@bp.route("/<int:self_assessment_id>/submit", methods=["GET", "POST"])
@requires(Permission.SUBMIT_SELF_ASSESSMENT)
def submit(self_assessment_id: int):
    self_assessment = _self_assessment(self_assessment_id)
    if not self_assessment.can_submit(current_user):
        return _read_only(self_assessment)
    form = FlaskForm()
    summary = []
    if form.validate_on_submit():
        try:
            submission = services.submit_self_assessment(db.session(), current_user, self_assessment)
        except services.Incomplete as incomplete:
            summary = _incomplete_summary(self_assessment, incomplete.problems)
        else:
            db.session().commit()
            flash(_("Version %(number)d of your self-assessment is sent to the quality assurance team.", number=submission.number), "success")
            return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))
    tasks = _tasks(self_assessment)
    return render_template(
        "selfassessment/submit.jinja", self_assessment=self_assessment, form=form, summary=summary,
        completed=sum(state.value == "completed" for _s, state in tasks), total=len(tasks),
    ), (400 if summary else 200)


def _return_form(self_assessment):
    fields = {
        f"comment_{s.code}": TextAreaField(f"{s.code} {s.title}", validators=[Length(max=5000)])
        for s in self_assessment.cycle.standards_version.standards
    }
    return type("ReturnForm", (FlaskForm,), fields)()


@bp.route("/<int:self_assessment_id>/return", methods=["GET", "POST"])
@requires(Permission.RETURN_SELF_ASSESSMENT)
def return_for_information(self_assessment_id: int):
    self_assessment = _self_assessment(self_assessment_id)
    if not self_assessment.can_return(current_user):
        flash(_("Only a self-assessment that the team has sent can be returned."), "info")
        return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))
    form = _return_form(self_assessment)
    if form.validate_on_submit():
        comments = {name.removeprefix("comment_"): field.data for name, field in form._fields.items() if name.startswith("comment_")}
        try:
            services.return_self_assessment(db.session(), current_user, self_assessment, comments)
        except services.SelfAssessmentError:
            next(iter(f for f in form if f.name.startswith("comment_"))).errors.append(
                _("Say what more information the team needs on at least one standard")
            )
        else:
            db.session().commit()
            flash(_("The self-assessment is returned to %(team)s with your comments.", team=self_assessment.cycle.team.name), "success")
            return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))
    return render_template("selfassessment/return.jinja", self_assessment=self_assessment, form=form), (400 if form.errors else 200)


@bp.route("/<int:self_assessment_id>/versions/<int:number>")
@requires(Permission.VIEW_SELF_ASSESSMENT)
def version(self_assessment_id: int, number: int):
    self_assessment = _self_assessment(self_assessment_id)
    submission = next((s for s in self_assessment.submissions if s.number == number), None) or abort(404)
    return render_template(
        "selfassessment/version.jinja", self_assessment=self_assessment, submission=submission,
        standards={s.code: s for s in self_assessment.cycle.standards_version.standards},
        rating_labels={r.value: r.label for r in Rating},
    )
