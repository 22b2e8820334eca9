from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/decisions")

from accreditation.reports import views  # noqa: E402,F401  (registers the routes on bp)
