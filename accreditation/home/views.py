from datetime import date

from flask import redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from accreditation import db
from accreditation.home import bp
from accreditation.home.cards import cards
from accreditation.panels.deferral import further_evidence_to_review
from accreditation.roles import Access, Permission, Role, requires
from accreditation.review import queries as review_queries


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
    db_session = db.session()
    team_cards, visits, visit_count, to_review = {}, [], 0, []
    if team_ids := current_user.team_ids_for(Permission.EDIT_SELF_ASSESSMENT):
        team_cards = cards(db_session, team_ids)
    if current_user.can(Permission.SCORE_EVIDENCE):
        visits, visit_count = review_queries.visits_page(db_session, current_user, False, size=review_queries.HOME_VISITS)
    if current_user.can(Permission.LEAD_VISIT):
        to_review = further_evidence_to_review(db_session, current_user)
    return render_template(
        "home/home.jinja", roles=roles, team_cards=team_cards, visits=visits, visit_count=visit_count,
        to_review=to_review, today=date.today(),
    )


@bp.route("/healthz")
@requires(Access.PUBLIC)
def health():
    """Liveness, for load balancers: the process answers, without touching the database."""
    return {"status": "ok"}


@bp.route("/readyz")
@requires(Access.PUBLIC)
def ready():
    """Readiness: this server can reach its database, so it may be sent requests."""
    try:
        db.session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "database unreachable"}, 503
    return {"status": "ready"}
