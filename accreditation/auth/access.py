"""Route-level access, checked centrally: a route that declares no permission is never served."""
import time

from flask import abort, current_app, jsonify, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from accreditation.roles import Access


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def check_route_access():
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if view is None:
        return None  # no such route: routing answers 404 or 405
    need = getattr(view, "required", None)
    if need is None:
        current_app.logger.error("route %s declares no permission; refused", request.endpoint)
        abort(500)
    if need in (Access.PUBLIC, Access.API_TOKEN):
        return None
    if not current_user.is_authenticated:
        if wants_json():  # the page's own script (autosave): say so, rather than send the sign-in page
            return jsonify(message=_("Not saved: you have been signed out. Sign in again in a new tab, then keep typing here.")), 401
        return current_app.login_manager.unauthorized()
    if need is not Access.SIGNED_IN and not current_user.can(need):
        abort(403)
    return None


def start_session_clock() -> None:
    """A session lasts PERMANENT_SESSION_LIFETIME from signing in, or from the last "Stay signed in"."""
    session["expires_at"] = int(time.time() + current_app.permanent_session_lifetime.total_seconds())


def session_seconds_left() -> int | None:
    expires_at = session.get("expires_at")
    return None if expires_at is None else max(0, int(expires_at - time.time()))


def end_expired_session():
    """The cookie may outlive the session by a little (it is re-signed when a message is flashed); this does not."""
    if session_seconds_left() == 0 and "_user_id" in session:  # without loading the person: assets ask too
        locale = session.get("locale")
        logout_user()
        session.clear()
        if locale:
            session["locale"] = locale
