from flask import abort, render_template

from accreditation import db
from accreditation.roles import Permission, requires
from accreditation.standards import bp, queries


@bp.route("/")
@requires(Permission.VIEW_STANDARDS)
def index():
    published = queries.versions(db.session())
    if not published:
        return render_template("standards/none.jinja")
    return version(published[0].label, published)


@bp.route("/<label>/")
@requires(Permission.VIEW_STANDARDS)
def version(label: str, published=None):
    db_session = db.session()
    shown = queries.version_with_standards(db_session, label) or abort(404)
    return render_template(
        "standards/version.jinja", version=shown, versions=published or queries.versions(db_session)
    )


@bp.route("/<label>/<code>")
@requires(Permission.VIEW_STANDARDS)
def standard(label: str, code: str):
    shown = queries.standard(db.session(), label, code) or abort(404)
    return render_template("standards/standard.jinja", standard=shown)
