"""The assessor pool for the QA team, and each assessor's own conflicts of interest."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from accreditation import db
from accreditation.organisation.models import Team
from accreditation.review import bp, services
from accreditation.review.forms import ConflictForm
from accreditation.review.models import AssessorProfile, ConflictKind
from accreditation.roles import Permission, requires
from sqlalchemy import select


@bp.route("/assessors/")
@requires(Permission.ALLOCATE_ASSESSORS)
def pool():
    return render_template("review/pool.jinja", profiles=services.assessor_pool(db.session()))


def _own_profile() -> AssessorProfile:
    profile = db.session().get(AssessorProfile, current_user.id)
    if profile is None:
        abort(404)
    return profile


@bp.route("/assessors/me", methods=["GET", "POST"])
@requires(Permission.DECLARE_CONFLICTS)
def my_conflicts():
    db_session = db.session()
    profile = db_session.get(AssessorProfile, current_user.id)
    form = ConflictForm()
    form.team.choices = [SelectChoice("", _("Choose a team"))] + [
        SelectChoice(team.id, team.name) for team in db_session.scalars(select(Team).order_by(Team.name))
    ]
    if profile is not None and form.validate_on_submit():
        services.declare_conflict(
            db_session, current_user, profile, team_id=form.team.data, kind=ConflictKind(form.kind.data),
            ended_on=form.ended_on.data if form.kind.data == ConflictKind.WORKED_HERE.value else None,
            note=form.note.data or "",
        )
        db_session.commit()
        flash(_("Thank you. You will not be asked to assess that team."), "success")
        return redirect(url_for(".my_conflicts"))
    return render_template("review/my_conflicts.jinja", profile=profile, form=form), (400 if form.errors else 200)


@bp.route("/assessors/me/conflicts/<int:conflict_id>/withdraw", methods=["POST"])
@requires(Permission.DECLARE_CONFLICTS)
def withdraw_conflict(conflict_id: int):
    profile = _own_profile()
    conflict = next((c for c in profile.conflicts if c.id == conflict_id), None) or abort(404)
    services.withdraw_conflict(db.session(), current_user, conflict)
    db.session().commit()
    flash(_("The conflict of interest is removed."), "success")
    return redirect(url_for(".my_conflicts"))
