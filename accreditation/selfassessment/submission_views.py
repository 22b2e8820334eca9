"""Sending the self-assessment, its deadline, returning it for more information, and the versions sent."""
from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from accreditation import db
from accreditation.fields import MaxLength
from accreditation.roles import Permission, requires
from accreditation.selfassessment import bp, services
from accreditation.selfassessment.forms import DeadlineForm, WithdrawForm
from accreditation.selfassessment.models import Rating, SelfAssessmentStatus
from accreditation.selfassessment.views import read_only, task_states, viewable_self_assessment
from accreditation.standards.translations import text as localised


def _incomplete_summary(self_assessment, problems) -> list[dict]:
    return [
        {"text": f"{standard.code} {localised(standard, 'title')}: {problem.message}",
         "href": url_for(".answer", self_assessment_id=self_assessment.id, code=standard.code) + f"#{problem.field}"}
        for standard, found in problems.items() for problem in found
    ]


@bp.route("/<int:self_assessment_id>/submit", methods=["GET", "POST"])
@requires(Permission.SUBMIT_SELF_ASSESSMENT)
def submit(self_assessment_id: int):
    self_assessment = viewable_self_assessment(self_assessment_id)
    if not self_assessment.can_submit(current_user):
        return read_only(self_assessment)
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
    tasks = task_states(self_assessment)
    return render_template(
        "selfassessment/submit.jinja", self_assessment=self_assessment, form=form, summary=summary,
        completed=sum(state.value == "completed" for _s, state in tasks), total=len(tasks),
    ), (400 if summary else 200)


@bp.route("/<int:self_assessment_id>/deadline", methods=["GET", "POST"])
@requires(Permission.ENROL_TEAMS)
def deadline(self_assessment_id: int):
    self_assessment = viewable_self_assessment(self_assessment_id)
    if not self_assessment.can_change_deadline(current_user):
        if self_assessment.status is SelfAssessmentStatus.WITHDRAWN:
            return read_only(self_assessment)
        flash(_("The self-assessment has been sent, so its deadline no longer applies."), "info")
        return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))
    form = DeadlineForm(due=self_assessment.due)
    if form.validate_on_submit():
        try:
            services.change_deadline(db.session(), current_user, self_assessment, form.due.data, form.reason.data, date.today())
        except services.SelfAssessmentError as refused:
            form.due.errors.append(str(refused.message))
        else:
            db.session().commit()
            flash(_("The deadline for %(team)s is now %(date)s.", team=self_assessment.cycle.team.name,
                    date=format_date(form.due.data, "d MMMM yyyy")), "success")
            return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))
    return render_template("selfassessment/deadline.jinja", self_assessment=self_assessment, form=form), (
        400 if form.errors else 200)


@bp.route("/<int:self_assessment_id>/withdraw", methods=["GET", "POST"])
@requires(Permission.ENROL_TEAMS)
def withdraw(self_assessment_id: int):
    self_assessment = viewable_self_assessment(self_assessment_id, with_answers=False)
    if self_assessment.status is SelfAssessmentStatus.WITHDRAWN:
        return read_only(self_assessment)
    form = WithdrawForm()
    # With a visit team allocated (before the page was opened or since), the service refuses and says why.
    if self_assessment.passed_to_assessors_at is None and not form.validate_on_submit():
        return render_template("selfassessment/withdraw.jinja", self_assessment=self_assessment, form=form), (
            400 if form.errors else 200)
    try:
        services.withdraw_team(db.session(), current_user, self_assessment, form.reason.data or "")
    except services.PassedToAssessors as refused:
        flash(refused.message, "info")
        return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))
    db.session().commit()
    flash(_("%(team)s has left the accreditation cycle. You can enrol the team again later.",
            team=self_assessment.cycle.team.name), "success")
    return redirect(url_for(".task_list", self_assessment_id=self_assessment.id))


def _return_form(self_assessment):
    fields = {
        f"comment_{s.code}": TextAreaField(f"{s.code} {localised(s, 'title')}", validators=[MaxLength(5000)])
        for s in self_assessment.cycle.standards
    }
    return type("ReturnForm", (FlaskForm,), fields)()


@bp.route("/<int:self_assessment_id>/return", methods=["GET", "POST"])
@requires(Permission.RETURN_SELF_ASSESSMENT)
def return_for_information(self_assessment_id: int):
    self_assessment = viewable_self_assessment(self_assessment_id)
    if not self_assessment.can_return(current_user):
        if self_assessment.passed_to_assessors_at is not None:
            flash(_("This self-assessment was passed to the service user assessors on %(date)s, so it stays as the team "
                    "sent it. The team can show more at the visit.",
                    date=format_date(self_assessment.passed_to_assessors_at, "d MMMM yyyy")), "info")
        else:
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
    self_assessment = viewable_self_assessment(self_assessment_id)
    submission = next((s for s in self_assessment.submissions if s.number == number), None) or abort(404)
    return render_template(
        "selfassessment/version.jinja", self_assessment=self_assessment, submission=submission,
        standards={s.code: s for s in self_assessment.cycle.standards},
        rating_labels={r.value: r.label for r in Rating},
    )
