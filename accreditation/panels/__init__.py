from flask import Blueprint

bp = Blueprint("panels", __name__, url_prefix="/panels")

from accreditation.panels import followup_views, views  # noqa: E402,F401  (registers the routes on bp)
