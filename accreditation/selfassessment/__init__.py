from flask import Blueprint

bp = Blueprint("selfassessment", __name__, url_prefix="/self-assessments")

from accreditation.selfassessment import views  # noqa: E402,F401  (registers the routes on bp)
