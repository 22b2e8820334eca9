from flask import Blueprint

bp = Blueprint("selfassessment", __name__, url_prefix="/self-assessments")

from accreditation.selfassessment import evidence_views, submission_views, views  # noqa: E402,F401  (registers the routes on bp)
