"""The public page "How service users shape quality here": the role matrix by QMS component, with live figures."""
from dataclasses import dataclass
from datetime import date

from flask import render_template
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from accreditation import db
from accreditation.actions.models import ActionVerdict
from accreditation.auth.models import Person, RoleAssignment
from accreditation.home import bp
from accreditation.review.models import Review, TrainingRecord
from accreditation.roles import COMPONENTS, Access, Role, requires

ASSESSOR_ROLES = (Role.ASSESSOR, Role.LEAD_ASSESSOR)


@dataclass(frozen=True)
class Figures:
    assessors_active: int  # holding an assessor role, account active, training in date today
    visits_done: int  # visits whose day has passed
    actions_with_verdict: int  # improvement actions at least one service user gave a verdict on


def figures(db_session: Session, today: date) -> Figures:
    """Three counts in one query, whatever the size of the data."""
    assessors = (
        select(func.count(distinct(Person.id)))
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .join(TrainingRecord, TrainingRecord.person_id == Person.id)
        .where(Person.active, RoleAssignment.role.in_(ASSESSOR_ROLES), TrainingRecord.expires_on >= today)
        .scalar_subquery()
    )
    visits = select(func.count(Review.id)).where(Review.visit_on < today).scalar_subquery()
    verdicts = select(func.count(distinct(ActionVerdict.action_id))).scalar_subquery()
    return Figures(*db_session.execute(select(assessors, visits, verdicts)).one())


@bp.route("/how-service-users-shape-quality")
@requires(Access.PUBLIC)
def service_users():
    return render_template(
        "home/service_users.jinja", components=COMPONENTS, figures=figures(db.session(), date.today())
    )
