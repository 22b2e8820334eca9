"""The visit team's pages: scoring the evidence before the visit, and the visit form on the day."""
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user

from accreditation import db
from accreditation.review import bp, scoring
from accreditation.review.forms import EvidenceScoreForm, VisitForm
from accreditation.review.models import Review, Score
from accreditation.review.views import viewable_review
from accreditation.roles import Permission, requires
from accreditation.selfassessment import queries as sa_queries
from accreditation.selfassessment.views import PATIENT_IDENTIFIABLE, commit_unless_identifying
from accreditation.standards.published import PublishedStandard, by_code, following
from accreditation.standards.translations import text as localised


def _on_visit_team(review_id: int, *, with_answers: bool = True) -> Review:
    review = viewable_review(review_id, with_answers=with_answers)
    if review.member(current_user) is None:
        abort(404)
    return review


def _standard(review: Review, code: str) -> PublishedStandard:
    return by_code(review.self_assessment.cycle.standards, code) or abort(404)


@bp.route("/reviews/<int:review_id>/evidence-scores/")
@requires(Permission.SCORE_EVIDENCE)
def evidence_scores(review_id: int):
    review = _on_visit_team(review_id)
    mine = {s.standard_id: s for s in scoring.evidence_scores(db.session(), review, current_user.id)}
    return render_template(
        "review/evidence_scores.jinja", review=review, mine=mine, member=review.member(current_user),
        summary=[],
    )


@bp.route("/reviews/<int:review_id>/evidence-scores/<code>", methods=["GET", "POST"])
@requires(Permission.SCORE_EVIDENCE)
def evidence_score(review_id: int, code: str):
    review = _on_visit_team(review_id, with_answers=False)
    standard = _standard(review, code)
    db_session = db.session()
    scores = scoring.evidence_scores(db_session, review)
    mine = next((s for s in scores if s.assessor_id == current_user.id and s.standard_id == standard.id), None)
    form = EvidenceScoreForm(data={"score": mine.score.value, "comment": mine.comment} if mine else None)
    member = review.member(current_user)
    if member.evidence_scores_submitted_at is None and form.validate_on_submit() and commit_unless_identifying(
        form, lambda: scoring.score_evidence(db_session, current_user, review, standard, Score(form.score.data), form.comment.data or "")
    ):
        next_standard = following(review.self_assessment.cycle.standards, standard)
        if next_standard:
            return redirect(url_for(".evidence_score", review_id=review.id, code=next_standard.code))
        return redirect(url_for(".evidence_scores", review_id=review.id))
    answer = sa_queries.answer(db_session, review.self_assessment, standard.id)
    others = [s for s in scores if s.standard_id == standard.id and s.assessor_id != current_user.id]
    names = {m.person_id: m.person.given_name for m in review.members}
    return render_template(
        "review/evidence_score.jinja", review=review, standard=standard, answer=answer, form=form, member=member,
        others=others if scoring.may_see_others_scores(review, current_user) else None, names=names,
    ), (400 if form.errors else 200)


@bp.route("/reviews/<int:review_id>/evidence-scores/send", methods=["POST"])
@requires(Permission.SCORE_EVIDENCE)
def send_evidence_scores(review_id: int):
    review = _on_visit_team(review_id)
    try:
        scoring.submit_evidence_scores(db.session(), current_user, review)
    except scoring.ScoresIncomplete as incomplete:
        mine = {s.standard_id: s for s in scoring.evidence_scores(db.session(), review, current_user.id)}
        summary = [
            {"text": _("%(code)s %(title)s: choose a score", code=s.code, title=localised(s, "title")),
             "href": url_for(".evidence_score", review_id=review.id, code=s.code)}
            for s in incomplete.missing
        ]
        return render_template("review/evidence_scores.jinja", review=review, mine=mine, member=review.member(current_user), summary=summary), 400
    db.session().commit()
    flash(_("Your evidence scores are sent. You can now see the other assessors' scores."), "success")
    return redirect(url_for(".evidence_scores", review_id=review.id))


@bp.route("/reviews/<int:review_id>/visit/")
@requires(Permission.SCORE_EVIDENCE)
def visit(review_id: int):
    review = _on_visit_team(review_id, with_answers=False)
    return render_template("review/visit_list.jinja", review=review)


def _visit_form(record, formdata=None) -> VisitForm:
    """What was posted, or else what the assessor has saved so far."""
    if formdata is not None or record is None:
        return VisitForm(formdata=formdata) if formdata is not None else VisitForm(formdata=None)
    data = {name: getattr(record, name) for name in (*scoring.VISIT_TEXT_FIELDS, *scoring.VISIT_COUNT_FIELDS)}
    data["score"] = record.score.value if record.score else None
    form = VisitForm(formdata=None, data=data)
    form.revision.data = str(record.revision)
    return form


def _save_visit(review, standard, form):
    return commit_unless_identifying(
        form, lambda: scoring.save_visit_record(db.session(), current_user, review, standard, form.values())
    )


@bp.route("/reviews/<int:review_id>/visit/<code>", methods=["GET", "POST"])
@requires(Permission.SCORE_EVIDENCE)
def visit_form(review_id: int, code: str):
    review = _on_visit_team(review_id, with_answers=False)
    standard = _standard(review, code)
    record = scoring.visit_record(db.session(), review, current_user.id, standard)
    form = _visit_form(record, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate() and _save_visit(review, standard, form):
        flash(_("Your visit notes for %(code)s are saved.", code=standard.code), "success")
        next_standard = following(review.self_assessment.cycle.standards, standard)
        if request.form.get("next") and next_standard:
            return redirect(url_for(".visit_form", review_id=review.id, code=next_standard.code))
        return redirect(url_for(".visit", review_id=review.id))
    return render_template(
        "review/visit_form.jinja", review=review, standard=standard, form=form, record=record,
    ), (400 if form.errors else 200)


@bp.route("/reviews/<int:review_id>/visit/<code>/autosave", methods=["POST"])
@requires(Permission.SCORE_EVIDENCE)
def visit_autosave(review_id: int, code: str):
    review = _on_visit_team(review_id, with_answers=False)
    standard = _standard(review, code)
    form = _visit_form(None, request.form)
    if not form.validate():
        field = next(f for f in form if f.errors)
        return jsonify(message=_("Not saved yet: %(problem)s", problem=field.errors[0])), 400
    record = _save_visit(review, standard, form)
    if record is None:
        return jsonify(message=_("Not saved: %(problem)s", problem=PATIENT_IDENTIFIABLE)), 400
    return jsonify(revision=record.revision, message=_("Saved at %(time)s", time=format_time(record.updated_at, "HH:mm")))
