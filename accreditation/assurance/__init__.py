"""Assurance: the register, heat map and themes, the board report, CSV export and the read-only API.

It only reads what earlier stages recorded (nothing imports it); its one write is managing API clients. Importing
it installs the session listener that moves the figures generation on (generation.py), for every writer.
"""
from flask import Blueprint

from accreditation.assurance import exports
from accreditation.assurance import generation  # noqa: F401  (installs the write side's listener)
from accreditation.assurance.kept import KEEP, KEEP_BYTES
from accreditation.keeping import Kept

bp = Blueprint("assurance", __name__, url_prefix="/assurance")
api_bp = Blueprint("api", __name__, url_prefix="/api")


@bp.record_once
def _keep_figures(state) -> None:
    state.app.extensions["assurance_figures"] = Kept(KEEP, KEEP_BYTES)
    state.app.extensions["assurance_exports"] = Kept(exports.KEEP, exports.KEEP_BYTES)


from accreditation.assurance import action_list, api, client_views, views  # noqa: E402,F401  (registers the routes)
