"""Route-level access, checked centrally: a route that declares no permission is never served."""
from flask import abort, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

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
