"""The standards group's drafts of a new version, and the QA coordinator's approval. Drafts are never shown on the
published standards' pages, so teams and assessors do not see them."""
from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accreditation import db
from accreditation.roles import Permission, requires
from accreditation.standards import bp, drafts
from accreditation.standards.forms import DraftStandardForm, ReturnDraftForm
from accreditation.standards.models import StandardsStatus, Tier


def _draft(draft_id: int):
    return drafts.draft_with_standards(db.session(), draft_id) or abort(404)


def _render(draft, status=200, return_form=None):
    return render_template(
        "standards/draft.jinja", draft=draft, return_form=return_form or ReturnDraftForm(), form=return_form
    ), status


def _do(draft_id: int, change, done: str):
    """Make one change to a draft; commit and say so, or say why not."""
    draft = _draft(draft_id)
    try:
        change(draft)
    except drafts.DraftError as refused:
        db.session().rollback()
        flash(str(refused.message), "error")
    else:
        db.session().commit()
        flash(done, "success")
    if draft.status is StandardsStatus.PUBLISHED:
        return redirect(url_for(".version", label=draft.label))
    return redirect(url_for(".draft", draft_id=draft.id))


@bp.route("/drafts/")
@requires(Permission.VIEW_STANDARDS_DRAFTS)
def drafts_index():
    db_session = db.session()
    return render_template(
        "standards/drafts.jinja", in_progress=drafts.in_progress(db_session), current=drafts.newest_published(db_session)
    )


@bp.route("/drafts/start", methods=["POST"])
@requires(Permission.PUBLISH_STANDARDS)
def start_draft():
    try:
        draft = drafts.start_draft(db.session(), current_user)
    except drafts.DraftError as refused:
        db.session().rollback()
        flash(str(refused.message), "error")
        return redirect(url_for(".drafts_index"))
    db.session().commit()
    flash(_("A new draft is ready. It is a copy of the current standards: change any of them."), "success")
    return redirect(url_for(".draft", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/")
@requires(Permission.VIEW_STANDARDS_DRAFTS)
def draft(draft_id: int):
    return _render(_draft(draft_id))


@bp.route("/drafts/<int:draft_id>/preview")
@requires(Permission.VIEW_STANDARDS_DRAFTS)
def preview_draft(draft_id: int):
    return render_template("standards/preview.jinja", draft=_draft(draft_id))


@bp.route("/drafts/<int:draft_id>/standards/<code>", methods=["GET", "POST"])
@requires(Permission.PUBLISH_STANDARDS)
def edit_draft_standard(draft_id: int, code: str):
    draft = _draft(draft_id)
    standard = next((s for t in draft.themes for s in t.standards if s.code == code), None) or abort(404)
    if draft.status is not StandardsStatus.DRAFT:
        flash(_("This version is waiting for approval, so it cannot be changed now."), "error")
        return redirect(url_for(".draft", draft_id=draft.id))
    form = DraftStandardForm(obj=standard, tier=standard.tier.value)
    if form.validate_on_submit():
        texts = {name: getattr(form, name).data for name in drafts.TEXT_FIELDS}
        drafts.edit_standard(db.session(), current_user, standard, tier=Tier(form.tier.data), **texts)
        db.session().commit()
        flash(_("%(code)s is saved in the draft.", code=standard.code), "success")
        return redirect(url_for(".draft", draft_id=draft.id) + f"#standard-{standard.code}")
    return render_template("standards/edit_draft.jinja", draft=draft, standard=standard, form=form), (400 if form.errors else 200)


@bp.route("/drafts/<int:draft_id>/send", methods=["POST"])
@requires(Permission.PUBLISH_STANDARDS)
def send_draft(draft_id: int):
    return _do(draft_id, lambda d: drafts.send_for_approval(db.session(), current_user, d),
               _("The new version is sent to the quality assurance coordinators for approval."))


@bp.route("/drafts/<int:draft_id>/approve", methods=["POST"])
@requires(Permission.APPROVE_STANDARDS)
def approve_draft(draft_id: int):
    return _do(draft_id, lambda d: drafts.approve_draft(db.session(), current_user, d, date.today()),
               _("The new version is published. Teams enrolled from now on use it."))


@bp.route("/drafts/<int:draft_id>/return", methods=["POST"])
@requires(Permission.APPROVE_STANDARDS)
def return_draft(draft_id: int):
    form = ReturnDraftForm()
    if not form.validate():
        return _render(_draft(draft_id), 400, return_form=form)
    return _do(draft_id, lambda d: drafts.return_draft(db.session(), current_user, d, form.reason.data),
               _("The new version is returned to the standards group with your reason."))
