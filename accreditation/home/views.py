from datetime import date

from flask import redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from accreditation import db
from accreditation.home import bp
from accreditation.panels.appeals import appeal_deadline
from accreditation.panels.deferral import further_evidence_to_review
from accreditation.panels.services import team_status
from accreditation.roles import Access, Permission, Role, requires
from accreditation.review import queries as review_queries
from accreditation.selfassessment import queries as sa_queries


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
    self_assessments, team_visits, team_reports, statuses, appeal_deadlines, to_review = {}, {}, {}, {}, {}, []
    visits, visit_count = [], 0
    if team_ids := current_user.team_ids_for(Permission.EDIT_SELF_ASSESSMENT):
        for item in sa_queries.open_self_assessments(db_session, current_user):
            self_assessments[item.cycle.team_id] = item
        team_visits = review_queries.reviews_of_teams(db_session, team_ids)
        team_reports = review_queries.reports_of(db_session, list(team_visits.values()))
        statuses = {team_id: team_status(db_session, team_id, date.today()) for team_id in team_ids}
        appeal_deadlines = {t: appeal_deadline(s.decision) for t, (s, _expired) in statuses.items() if s is not None}
    if current_user.can(Permission.SCORE_EVIDENCE):
        visits, visit_count = review_queries.visits_page(db_session, current_user, False, size=review_queries.HOME_VISITS)
    if current_user.can(Permission.LEAD_VISIT):
        to_review = further_evidence_to_review(db_session, current_user)
    return render_template(
        "home/home.jinja", roles=roles, self_assessments=self_assessments, team_visits=team_visits,
        team_reports=team_reports, statuses=statuses, visits=visits, visit_count=visit_count, appeal_deadlines=appeal_deadlines,
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
