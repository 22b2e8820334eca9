from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accreditation import db
from accreditation.organisation import bp
from accreditation.organisation.models import Directorate, Organisation
from accreditation.roles import Permission, requires


@bp.route("/")
@requires(Permission.VIEW_ORGANISATION)
def index():
    organisations = db.session().scalars(
        select(Organisation)
        .order_by(Organisation.name)
        .options(selectinload(Organisation.directorates).selectinload(Directorate.teams))
    )
    return render_template("organisation/index.jinja", organisations=list(organisations))
