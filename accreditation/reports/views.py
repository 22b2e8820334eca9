"""What the team receives: the certificate, as an HTML page (the accessible primary) and as PDF."""
from flask import Response, abort, render_template
from flask_login import current_user
from sqlalchemy import select

from accreditation import db
from accreditation.i18n import html_lang
from accreditation.panels.models import Accreditation, Decision
from accreditation.reports.certificate import CertificateData, render_certificate
from accreditation.reports import bp
from accreditation.roles import Permission, requires


def _certificate(decision_id: int) -> CertificateData:
    """Only for an award, and only for the team awarded, the QA team and the panel that decided; else 404."""
    decision = db.session().get(Decision, decision_id)
    if decision is None:
        abort(404)
    review = decision.item.review
    team = review.self_assessment.cycle.team
    panel = decision.item.panel
    allowed = (
        team.id in (current_user.team_ids_for(Permission.VIEW_DECISION) or ())
        or current_user.can(Permission.RUN_PANELS)
        or any(m.person_id == current_user.id for m in panel.members)
    )
    status = db.session().scalar(select(Accreditation).where(Accreditation.decision_id == decision.id))
    if not allowed or status is None or not status.outcome.is_award:
        abort(404)
    return CertificateData(
        team=team.name, organisation=team.directorate.organisation.name, award=str(status.outcome.label),
        valid_from=status.valid_from, valid_until=status.valid_until, chair=panel.chair.full_name, language=html_lang(),
    )


@bp.route("/<int:decision_id>/certificate")
@requires(Permission.VIEW_DECISION)
def certificate(decision_id: int):
    return render_template("reports/certificate.jinja", certificate=_certificate(decision_id), decision_id=decision_id)


@bp.route("/<int:decision_id>/certificate.pdf")
@requires(Permission.VIEW_DECISION)
def certificate_pdf(decision_id: int):
    data = _certificate(decision_id)
    return Response(render_certificate(data), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{decision_id}.pdf"', "Cache-Control": "private, no-store",
    })
