from flask import Blueprint, jsonify, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from accreditation.auth.access import wants_json

bp = Blueprint("home", __name__)


@bp.app_errorhandler(403)
def forbidden(_error):
    return render_template("errors/403.jinja"), 403


@bp.app_errorhandler(404)
def not_found(_error):
    return render_template("errors/404.jinja"), 404


@bp.app_errorhandler(413)
def too_large(_error):
    return render_template("errors/413.jinja"), 413


@bp.app_errorhandler(CSRFError)
def form_expired(_error):
    if wants_json():
        return jsonify(expired=True, message=_("Not saved: this page has expired. Copy what you typed, then reload the page.")), 400
    return render_template("errors/form_expired.jinja"), 400


@bp.app_errorhandler(500)
def server_error(_error):
    return render_template("errors/500.jinja"), 500


from accreditation.home import views  # noqa: E402,F401  (registers the routes on bp)
from accreditation.home import shaping  # noqa: E402,F401
