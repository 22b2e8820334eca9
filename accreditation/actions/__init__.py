from flask import Blueprint

bp = Blueprint("actions", __name__, url_prefix="/actions")

from accreditation.actions import views  # noqa: E402,F401  (registers the routes on bp)
