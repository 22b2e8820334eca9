from flask import Blueprint

bp = Blueprint("standards", __name__, url_prefix="/standards")

from accreditation.standards import views  # noqa: E402,F401  (registers the routes on bp)
