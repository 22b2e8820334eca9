from flask import redirect, render_template, url_for
from flask_login import current_user

from accreditation.home import bp
from accreditation.roles import Access, Role, requires


@bp.route("/")
@requires(Access.PUBLIC)
def index():
    if current_user.is_authenticated:
        return redirect(url_for("home.home"))
    return render_template("home/index.jinja")


@bp.route("/home")
@requires(Access.SIGNED_IN)
def home():
    roles = [role for role in Role if role in current_user.roles]
    return render_template("home/home.jinja", roles=roles)


@bp.route("/health")
@requires(Access.PUBLIC)
def health():
    """For load balancers: answers without touching the database."""
    return {"status": "ok"}
