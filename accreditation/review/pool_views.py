"""The assessor pool for the QA team, and each assessor's own conflicts of interest."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from accreditation import db
from accreditation.auth.models import Person, RoleAssignment
from accreditation.organisation.models import Team
from accreditation.review import bp, services
from accreditation.review.forms import ConflictForm, ProfileForm, TrainingForm, UnavailabilityForm
from accreditation.review.models import AssessorProfile, ConflictKind, Perspective
from accreditation.roles import Permission, Role, requires
from accreditation.ui import error_list


@bp.route("/assessors/")
@requires(Permission.ALLOCATE_ASSESSORS)
def pool():
    db_session = db.session()
    profiles = services.assessor_pool(db_session)
    in_pool = {p.person_id for p in profiles}
    assessors = db_session.scalars(
        select(Person).join(Person.role_assignments)
        .where(RoleAssignment.role.in_([Role.ASSESSOR, Role.LEAD_ASSESSOR])).order_by(Person.given_name).distinct()
    )
    return render_template("review/pool.jinja", profiles=profiles, not_in_pool=[p for p in assessors if p.id not in in_pool])


@bp.route("/assessors/<int:person_id>", methods=["GET", "POST"])
@requires(Permission.ALLOCATE_ASSESSORS)
def profile(person_id: int):
    """The QA team's page for one assessor: profile, training records and times they cannot take part."""
    db_session = db.session()
    person = db_session.get(Person, person_id)
    if person is None or not person.roles & {Role.ASSESSOR, Role.LEAD_ASSESSOR}:
        abort(404)
    existing = db_session.get(AssessorProfile, person_id)
    form = ProfileForm(obj=existing, data={"perspective": existing.perspective.value} if existing else None)
    training, away = TrainingForm(prefix="training"), UnavailabilityForm(prefix="away")
    action = request.form.get("action")
    if request.method == "POST":
        chosen = {"profile": form, "training": training, "away": away}.get(action) or abort(400)
        if existing is None and action != "profile":
            abort(400)
        if chosen.validate_on_submit():
            if action == "profile":
                services.save_profile(db_session, current_user, person, perspective=Perspective(form.perspective.data),
                                      **{name: getattr(form, name).data for name in services.PROFILE_FIELDS})
            elif action == "training":
                services.add_training(db_session, current_user, existing, course=training.course.data,
                                      completed_on=training.completed_on.data, expires_on=training.expires_on.data)
            else:
                services.add_unavailability(db_session, current_user, existing, starts_on=away.starts_on.data, ends_on=away.ends_on.data)
            db_session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".profile", person_id=person.id))
    errors = [f for f in (form, training, away) if f.errors]
    return render_template(
        "review/profile.jinja", person=person, profile=existing, form=form, training=training, away=away,
        summary=error_list(errors[0]) if errors else [],
    ), (400 if errors else 200)


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
