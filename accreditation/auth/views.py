from urllib.parse import urlsplit

from flask import current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale, refresh
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accreditation import db
from accreditation.auth import bp, services
from accreditation.auth.access import session_seconds_left, start_session_clock
from accreditation.auth.forms import LanguageForm, PreferencesForm, SignInForm
from accreditation.auth.models import Person
from accreditation.i18n import language_choices
from accreditation.roles import Access, Permission, requires


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host, so a sign-in link cannot send people elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
@requires(Access.PUBLIC)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("home.home"))
    form = SignInForm()
    if form.validate_on_submit():
        db_session = db.session()
        policy = services.ThrottlePolicy.from_config(current_app.config)
        try:
            person = services.sign_in(db_session, form.email.data, form.password.data, request.remote_addr or "", policy)
        except services.Throttled as throttled:
            return render_template("auth/throttled.jinja", minutes=throttled.minutes), 429
        db_session.commit()
        if person is not None:
            locale = session.get("locale")
            session.clear()
            if locale:
                session["locale"] = locale
            login_user(person)
            session["session_version"] = person.session_version
            session.permanent = True
            start_session_clock()
            return redirect(safe_next(request.args.get("next")) or url_for("home.home"))
        # The same words whether the email is unknown or the password wrong.
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("auth/sign_in.jinja", form=form)


@bp.route("/sign-out", methods=["POST"])
@requires(Access.SIGNED_IN)
def sign_out():
    locale = session.get("locale")
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/sign-out-everywhere", methods=["POST"])
@requires(Access.SIGNED_IN)
def sign_out_everywhere():
    """Ends every session of this person, on every device and every app server, this one included."""
    services.end_all_sessions(db.session(), current_user, current_user)
    db.session().commit()
    return sign_out()


@bp.route("/session/token")
@requires(Access.SIGNED_IN)
def form_token():
    """A fresh form token for a page opened before the person signed in again (autosave asks for it)."""
    return jsonify(csrf_token=generate_csrf())


@bp.route("/session/extend", methods=["POST"])
@requires(Access.SIGNED_IN)
def extend_session():
    """"Stay signed in" in the warning before a session ends (WCAG 2.2.1)."""
    start_session_clock()
    return jsonify(seconds_left=session_seconds_left())


@bp.route("/language", methods=["POST"])
@requires(Access.PUBLIC)
def change_language():
    form = LanguageForm()
    form.locale.choices = language_choices()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
            db.session().commit()
    return redirect(safe_next(form.next.data) or url_for("home.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@requires(Access.SIGNED_IN)
def preferences():
    form = PreferencesForm(obj=current_user, locale=str(get_locale()))
    form.locale.choices = language_choices()
    if form.validate_on_submit():
        services.set_preferences(
            db.session(), current_user, locale=form.locale.data, easy_read=form.easy_read.data, large_text=form.large_text.data
        )
        db.session().commit()
        session["locale"] = form.locale.data
        refresh()  # the confirmation in the language just chosen
        flash(_("Your preferences have been saved."), "success")
        return redirect(url_for("auth.preferences"))
    return render_template("auth/preferences.jinja", form=form)


@bp.route("/people/")
@requires(Permission.MANAGE_PEOPLE)
def people():
    everyone = db.session().scalars(
        select(Person).order_by(Person.family_name, Person.given_name).options(selectinload(Person.role_assignments))
    ).all()
    return render_template("auth/people.jinja", people=everyone)
