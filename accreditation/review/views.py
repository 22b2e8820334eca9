"""Allocating a visit team, and what the visit team sees of the assessment."""
from datetime import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from accreditation import db
from accreditation.review import bp, queries, services
from accreditation.review.forms import AllocationForm, VisitDateForm
from accreditation.review.models import Review
from accreditation.review.rules import ineligible_reasons
from accreditation.roles import Permission, Role, requires
from accreditation.selfassessment import queries as sa_queries
from accreditation.selfassessment.evidence_views import find_evidence, send_evidence
from accreditation.selfassessment.models import SelfAssessmentStatus
from accreditation.standards.published import by_code


def viewable_review(review_id: int, *, with_answers: bool = True) -> Review:
    """The review if this person is on its visit team or allocates visits; anyone else gets 404."""
    found = queries.review(db.session(), review_id, with_answers=with_answers)
    if found is None or not found.can_view(current_user):
        abort(404)
    return found


@bp.route("/reviews/")
@requires(Permission.VIEW_REVIEW)
def index():
    """Visits of open cycles, or with ?earlier=1 those of cycles already closed, in pages."""
    db_session = db.session()
    everyone = current_user.can(Permission.ALLOCATE_ASSESSORS)
    earlier = request.args.get("earlier") == "1"
    raw = request.args.get("page", "1")
    page = int(raw) if raw.isdigit() and int(raw) >= 1 else 1
    reviews, total = queries.visits_page(db_session, current_user, everyone, earlier=earlier, page=page)
    pages = max(1, -(-total // queries.VISITS_PAGE))
    if page > pages:
        abort(404)
    return render_template(
        "review/index.jinja", reviews=reviews, total=total, page=page, pages=pages, earlier=earlier,
        awaiting=queries.awaiting_allocation(db_session) if everyone and not earlier else [],
    )


def _offer(form: AllocationForm, team_id: int, visit_on) -> tuple[list, list]:
    """Who can go on that day (offered on the form) and who cannot, with why."""
    eligible, ineligible = [], []
    for profile in services.assessor_pool(db.session()):
        reasons = ineligible_reasons(profile, team_id, visit_on)
        (ineligible if reasons else eligible).append((profile, reasons))
    form.lead.choices = [
        SelectChoice(p.person_id, f"{p.person.full_name} ({p.perspective.label})")
        for p, _r in eligible if Role.LEAD_ASSESSOR in p.person.roles
    ]
    form.assessors.choices = [SelectChoice(p.person_id, f"{p.person.full_name} ({p.perspective.label})") for p, _r in eligible]
    return eligible, ineligible


def _visit(form: AllocationForm) -> dict:
    hours, minutes = form.visit_at.data.replace(".", ":").split(":")
    return {"lead_id": form.lead.data, "assessor_ids": form.assessors.data, "visit_at": time(int(hours), int(minutes)),
            "site": form.site.data, "access_arrangements": form.access_arrangements.data or ""}


def _choose_visit_team(self_assessment, date_form: VisitDateForm, *, changing: Review | None, fill, save, done: str):
    """The allocation page, to allocate or to change a visit: the day decides who is offered; then the team.
    `fill` fills the form in on first showing; `save` writes (refused with the rules broken); `done` is said after."""
    visit_on = date_form.visit_on.data if date_form.validate() else None
    form = AllocationForm()
    eligible, ineligible = [], []
    if visit_on is not None:
        eligible, ineligible = _offer(form, self_assessment.cycle.team_id, visit_on)
        if request.method == "GET":
            fill(form)
        if form.validate_on_submit():
            try:
                review = save(visit_on=visit_on, **_visit(form))
            except services.AllocationRefused as refused:
                form.lead.errors.extend(str(problem) for problem in refused.problems)
            else:
                db.session().commit()
                flash(done, "success")
                return redirect(url_for(".review", review_id=review.id))
    elif request.method == "POST":
        abort(400)
    return render_template(
        "review/allocate.jinja", self_assessment=self_assessment, date_form=date_form, form=form,
        visit_on=visit_on, eligible=eligible, ineligible=ineligible, changing=changing,
    ), (400 if form.errors else 200)


@bp.route("/reviews/allocate/<int:self_assessment_id>", methods=["GET", "POST"])
@requires(Permission.ALLOCATE_ASSESSORS)
def allocate(self_assessment_id: int):
    db_session = db.session()
    self_assessment = sa_queries.self_assessment(db_session, self_assessment_id)
    if self_assessment is None or self_assessment.status is not SelfAssessmentStatus.SUBMITTED:
        abort(404)
    team = self_assessment.cycle.team

    def fill(form):
        form.site.data = team.site

    return _choose_visit_team(
        self_assessment, VisitDateForm(request.args), changing=None, fill=fill,
        save=lambda **visit: services.allocate_visit_team(db_session, current_user, self_assessment, **visit),
        done=_("The visit team for %(team)s is allocated and the visit is scheduled.", team=team.name),
    )


@bp.route("/reviews/<int:review_id>/change", methods=["GET", "POST"])
@requires(Permission.ALLOCATE_ASSESSORS)
def change(review_id: int):
    """The allocation again, filled in as it stands: another day, time or place, or another visit team."""
    db_session = db.session()
    review = viewable_review(review_id, with_answers=False)
    team = review.self_assessment.cycle.team
    if services.visit_recorded(db_session, review):
        flash(_("The visit to %(team)s has been recorded, so its team and date stay as they were.", team=team.name), "info")
        return redirect(url_for(".review", review_id=review.id))

    def fill(form):
        form.lead.data = review.lead.id if review.lead else None
        form.assessors.data = [m.person_id for m in review.members if not m.is_lead]
        form.visit_at.data = review.visit_at.strftime("%H:%M")
        form.site.data, form.access_arrangements.data = review.site, review.access_arrangements

    return _choose_visit_team(
        review.self_assessment, VisitDateForm(request.args, visit_on=review.visit_on), changing=review, fill=fill,
        save=lambda **visit: services.change_visit(db_session, current_user, review, **visit),
        done=_("The visit to %(team)s is changed.", team=team.name),
    )


@bp.route("/reviews/<int:review_id>/")
@requires(Permission.VIEW_REVIEW)
def review(review_id: int):
    shown = viewable_review(review_id)
    changeable = current_user.can(Permission.ALLOCATE_ASSESSORS) and not services.visit_recorded(db.session(), shown)
    return render_template("review/review.jinja", review=shown, changeable=changeable)


@bp.route("/reviews/<int:review_id>/standards/<code>")
@requires(Permission.VIEW_REVIEW)
def standard(review_id: int, code: str):
    shown = viewable_review(review_id, with_answers=False)
    found = by_code(shown.self_assessment.cycle.standards, code) or abort(404)
    answer = sa_queries.answer(db.session(), shown.self_assessment, found.id)
    return render_template("review/standard.jinja", review=shown, standard=found, answer=answer)


@bp.route("/reviews/<int:review_id>/evidence/<int:evidence_id>")
@requires(Permission.VIEW_REVIEW)
def evidence(review_id: int, evidence_id: int):
    return send_evidence(find_evidence(viewable_review(review_id).self_assessment, evidence_id))
