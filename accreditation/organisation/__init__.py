from flask import Blueprint

bp = Blueprint("organisation", __name__, url_prefix="/organisation")

from accreditation.organisation import views  # noqa: E402,F401  (registers the routes on bp)
