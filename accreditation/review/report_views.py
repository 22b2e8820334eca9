"""Consolidating the scores, the assessors' report and its factual-accuracy check, and the involvement log."""
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from accreditation import db
from accreditation.auth.models import Person
from accreditation.review import bp, findings, queries
from accreditation.review.forms import (
    FactualCommentForm, FindingForm, InvolvementForm, ReportForm, ResponseForm, SendReportForm,
)
from accreditation.review.involvement import Activity, entries_between, involvement_csv, record_involvement
from accreditation.review.models import AssessorProfile, Review, Score
from accreditation.review.report_models import ReportStatus
from accreditation.review.scoring import ReviewError
from accreditation.review.views import viewable_review
from accreditation.roles import Permission, requires
from accreditation.selfassessment.services import PatientIdentifiable
from accreditation.selfassessment.views import PATIENT_IDENTIFIABLE
from accreditation.standards.translations import text as localised


def _lead_only(review: Review) -> None:
    if review.lead is None or review.lead.id != current_user.id:
        abort(403)


@bp.route("/reviews/<int:review_id>/consolidation/")
@requires(Permission.VIEW_REVIEW)
def consolidation(review_id: int):
    review = viewable_review(review_id)
    return render_template("review/consolidation.jinja", review=review, table=findings.side_by_side(db.session(), review))


@bp.route("/reviews/<int:review_id>/consolidation/<code>", methods=["GET", "POST"])
@requires(Permission.LEAD_VISIT)
def record_finding(review_id: int, code: str):
    review = viewable_review(review_id)
    _lead_only(review)
    db_session = db.session()
    table = findings.side_by_side(db_session, review)
    row = next((r for r in table.rows if r.standard.code == code), None) or abort(404)
    existing = row.consolidated
    form = FindingForm(data={"score": existing.score.value, "finding": existing.finding, "rationale": existing.rationale} if existing else None)
    if form.validate_on_submit():
        try:
            findings.record_finding(db_session, current_user, review, row.standard, score=Score(form.score.data),
                                    finding=form.finding.data, rationale=form.rationale.data)
        except PatientIdentifiable as refused:
            getattr(form, refused.field).errors.append(PATIENT_IDENTIFIABLE)
        except ReviewError:
            flash(_("The report has gone to the team, so findings no longer change."), "info")
            return redirect(url_for(".consolidation", review_id=review.id))
        else:
            db_session.commit()
            flash(_("The finding for %(code)s is recorded.", code=code), "success")
            return redirect(url_for(".consolidation", review_id=review.id) + f"#row-{code}")
    names = {m.person_id: m.person.given_name for m in review.members}
    return render_template("review/finding.jinja", review=review, row=row, form=form, names=names), (400 if form.errors else 200)


def _of_visited_team(review: Review) -> bool:
    """Holds a team role for the visited team (roles held for every team do not count here)."""
    return review.self_assessment.cycle.team_id in (current_user.team_ids_for(Permission.VIEW_ASSESSORS_REPORT) or ())


def _report_review(review_id: int) -> Review:
    """The visit team and the QA team always; the visited team once the report has been sent to it."""
    review = queries.review(db.session(), review_id) or abort(404)
    if review.can_view(current_user):
        return review
    report = findings.report_for(db.session(), review)
    if report is None or report.status is ReportStatus.DRAFT or not _of_visited_team(review):
        abort(404)
    return review


def _render_report(review, status=200, **forms):
    db_session = db.session()
    report = findings.report_for(db_session, review)
    standards = review.self_assessment.cycle.standards
    comment_form = forms.get("comment_form") or FactualCommentForm()
    comment_form.standard_code.choices = [SelectChoice("", _("The whole report"))] + [
        SelectChoice(s.code, f"{s.code} {localised(s, 'title')}") for s in standards
    ]
    report_form = forms.get("report_form") or ReportForm(data={"strengths": report.strengths, "improvements": report.improvements} if report else None)
    return render_template(
        "review/report.jinja", review=review, report=report, table=findings.side_by_side(db_session, review),
        is_lead=review.lead is not None and review.lead.id == current_user.id,
        report_form=report_form, send_form=forms.get("send_form") or SendReportForm(), comment_form=comment_form,
        response_form=ResponseForm(), today=date.today(),
        can_comment=_of_visited_team(review) and current_user.can(Permission.COMMENT_ON_REPORT),
        form=forms.get("form"),
    ), status


@bp.route("/reviews/<int:review_id>/report", methods=["GET", "POST"])
@requires(Permission.VIEW_ASSESSORS_REPORT)
def report(review_id: int):
    review = _report_review(review_id)
    if request.method == "GET":
        return _render_report(review)
    _lead_only(review)
    form = ReportForm()
    if form.validate():
        try:
            findings.save_report(db.session(), current_user, review, strengths=form.strengths.data or "", improvements=form.improvements.data or "")
        except PatientIdentifiable as refused:
            getattr(form, refused.field).errors.append(PATIENT_IDENTIFIABLE)
        except ReviewError:
            abort(409)
        else:
            db.session().commit()
            flash(_("The report is saved."), "success")
            return redirect(url_for(".report", review_id=review.id))
    return _render_report(review, 400, report_form=form, form=form)


def _report_action(review_id: int, action, success: str):
    review = _report_review(review_id)
    try:
        action(review)
    except ReviewError as error:
        flash(_("That could not be done: %(reason)s.", reason=str(error)), "info")
        return redirect(url_for(".report", review_id=review.id))
    db.session().commit()
    flash(success, "success")
    return redirect(url_for(".report", review_id=review.id))


@bp.route("/reviews/<int:review_id>/report/send", methods=["POST"])
@requires(Permission.LEAD_VISIT)
def send_report(review_id: int):
    review = _report_review(review_id)
    _lead_only(review)
    form = SendReportForm()
    if not form.validate():
        return _render_report(review, 400, send_form=form, form=form)
    return _report_action(review_id, lambda r: findings.send_report_to_team(db.session(), current_user, r, form.comments_due.data),
                          _("The report is with the team to check the facts."))


@bp.route("/reviews/<int:review_id>/report/comments", methods=["POST"])
@requires(Permission.COMMENT_ON_REPORT)
def comment_on_report(review_id: int):
    review = _report_review(review_id)
    form = FactualCommentForm()
    form.standard_code.choices = [SelectChoice("", "")] + [SelectChoice(s.code, s.code) for s in review.self_assessment.cycle.standards]
    if not form.validate():
        return _render_report(review, 400, comment_form=form, form=form)
    return _report_action(review_id, lambda r: findings.comment_on_report(
        db.session(), current_user, r, comment=form.comment.data, standard_code=form.standard_code.data, today=date.today()
    ), _("Thank you. The lead assessor will respond to your comment."))


@bp.route("/reviews/<int:review_id>/report/comments/<int:comment_id>/respond", methods=["POST"])
@requires(Permission.LEAD_VISIT)
def respond_to_comment(review_id: int, comment_id: int):
    review = _report_review(review_id)
    _lead_only(review)
    report = findings.report_for(db.session(), review)
    comment = next((c for c in (report.comments if report else []) if c.id == comment_id), None) or abort(404)
    form = ResponseForm()
    if not form.validate():
        return _render_report(review, 400, form=form)
    return _report_action(review_id, lambda r: findings.respond_to_comment(db.session(), current_user, r, comment, form.response.data),
                          _("Your response is saved."))


@bp.route("/reviews/<int:review_id>/report/ready", methods=["POST"])
@requires(Permission.LEAD_VISIT)
def report_ready(review_id: int):
    review = _report_review(review_id)
    _lead_only(review)
    return _report_action(review_id, lambda r: findings.mark_report_ready(db.session(), current_user, r, date.today()),
                          _("The report is ready for the panels."))


def _period() -> tuple[date, date]:
    today = date.today()
    try:
        start = date.fromisoformat(request.args.get("from", ""))
        end = date.fromisoformat(request.args.get("to", ""))
    except ValueError:
        start, end = today.replace(day=1), today
    return start, end


@bp.route("/assessors/involvement", methods=["GET", "POST"])
@requires(Permission.RECORD_INVOLVEMENT)
def involvement():
    db_session = db.session()
    form = InvolvementForm()
    profiles = db_session.scalars(select(AssessorProfile).join(AssessorProfile.person).order_by(Person.given_name))
    form.person.choices = [SelectChoice("", _("Choose the assessor"))] + [SelectChoice(p.person_id, p.person.full_name) for p in profiles]
    form.activity.choices = [SelectChoice(a.value, a.label) for a in Activity]
    if form.validate_on_submit():
        record_involvement(db_session, current_user, db_session.get(Person, form.person.data) or abort(400),
                           activity=Activity(form.activity.data), on=form.worked_on.data, minutes=form.minutes.data,
                           note=form.note.data or "")
        db_session.commit()
        flash(_("The time is recorded."), "success")
        return redirect(url_for(".involvement"))
    start, end = _period()
    entries = entries_between(db_session, start, end)
    return render_template("review/involvement.jinja", form=form, entries=entries, start=start, end=end,
                           total=sum(e.minutes for e in entries)), (400 if form.errors else 200)


@bp.route("/assessors/involvement.csv")
@requires(Permission.RECORD_INVOLVEMENT)
def involvement_export():
    start, end = _period()
    return Response(
        involvement_csv(entries_between(db.session(), start, end)), mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=involvement-{start}-to-{end}.csv"},
    )
