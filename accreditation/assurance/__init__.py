"""Assurance: the register, heat map and themes, the board report, CSV export and the read-only API.

It only reads what earlier stages recorded (nothing imports it); its one write is managing API clients.
"""
from flask import Blueprint

bp = Blueprint("assurance", __name__, url_prefix="/assurance")
api_bp = Blueprint("api", __name__, url_prefix="/api")

from accreditation.assurance import api, client_views, views  # noqa: E402,F401  (registers the routes)
