from functools import cache

from flask import Blueprint, Flask, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from accreditation import db
from accreditation.auth.access import check_route_access, end_expired_session, session_seconds_left
from accreditation.auth.models import Person

bp = Blueprint("auth", __name__)


@cache
def _person():
    """Every signed-in request's first query, with the roles every page asks about. Built once: SQLAlchemy keeps
    the SQL of any statement, but building one and working out its cache key cost some 0.1 ms a request."""
    return select(Person).options(joinedload(Person.role_assignments)).where(Person.id == bindparam("id"))


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    # "basic", not "strong": assessors on a phone change network mid-visit and must not be signed out.
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load_person(person_id: str) -> Person | None:
        person = db.session().execute(_person(), {"id": int(person_id)}).unique().scalar_one_or_none()
        # A session from before versions existed counts as version 0, so a rolling deploy signs nobody out.
        if person is None or not person.active or session.get("session_version", 0) != person.session_version:
            return None  # deactivated, or signed out everywhere since this session began
        return person

    app.before_request(end_expired_session)
    app.jinja_env.globals["session_seconds_left"] = session_seconds_left
    app.jinja_env.globals["easy_read_mode"] = lambda: current_user.is_authenticated and current_user.easy_read
    app.before_request(check_route_access)


from accreditation.auth import views  # noqa: E402,F401  (registers the routes on bp)
