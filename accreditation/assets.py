"""Static files: NHS.UK frontend from node_modules, and the service's own few styles."""
from pathlib import Path

from flask import Blueprint, current_app, send_from_directory

from accreditation.roles import Access, requires

bp = Blueprint("assets", __name__)
APP_STATIC = Path(__file__).parent / "static"


@bp.route("/static/nhsuk/<path:filename>")
@requires(Access.PUBLIC)
def nhsuk(filename: str):
    return send_from_directory(current_app.config["FRONTEND_DIR"], filename, max_age=3600)


@bp.route("/assets/<path:filename>")  # the NHS stylesheet refers to its icons under /assets
@requires(Access.PUBLIC)
def nhsuk_images(filename: str):
    return send_from_directory(Path(current_app.config["FRONTEND_DIR"]) / "assets", filename, max_age=3600)


@bp.route("/static/app/<path:filename>")
@requires(Access.PUBLIC)
def app_static(filename: str):
    return send_from_directory(APP_STATIC, filename, max_age=3600)


@bp.route("/static/rtl/<path:filename>")
@requires(Access.PUBLIC)
def rtl(filename: str):
    return send_from_directory(current_app.config["RTL_STYLES_DIR"], filename, max_age=3600)
