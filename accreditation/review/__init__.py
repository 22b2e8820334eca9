from flask import Blueprint

bp = Blueprint("review", __name__)

from accreditation.review import pool_views, report_views, scoring_views, views  # noqa: E402,F401  (registers the routes on bp)
