"""What the team receives: the certificate, as an HTML page (the accessible primary) and as PDF."""
from flask import abort, render_template
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from accreditation import db
from accreditation.i18n import html_lang
from accreditation.panels.models import Accreditation, Decision
from accreditation.reports.certificate import CertificateData, render_certificate
from accreditation.reports import bp, documents
from accreditation.storage import send_stored
from accreditation.roles import Permission, requires


def _may_see(decision: Decision | None) -> Decision:
    """Only the team decided on, the QA team and the panel that decided; anyone else gets 404."""
    if decision is None:
        abort(404)
    panel = decision.item.panel
    allowed = (
        decision.item.review.self_assessment.cycle.team_id in (current_user.team_ids_for(Permission.VIEW_DECISION) or ())
        or current_user.can(Permission.RUN_PANELS)
        or any(m.person_id == current_user.id for m in panel.members)
    )
    if not allowed:
        abort(404)
    return decision


def certificate_data(db_session, decision_id: int) -> CertificateData | None:
    """The certificate's content, for an award only."""
    decision = db_session.get(Decision, decision_id)
    status = db_session.scalar(select(Accreditation).where(Accreditation.decision_id == decision_id))
    if decision is None or status is None or not status.outcome.is_award:
        return None
    team = decision.item.review.self_assessment.cycle.team
    return CertificateData(
        team=team.name, organisation=team.directorate.organisation.name, award=str(status.outcome.label),
        valid_from=status.valid_from, valid_until=status.valid_until, chair=decision.item.panel.chair.full_name,
        language=html_lang(),
    )


def _certificate(decision_id: int) -> CertificateData:
    _may_see(db.session().get(Decision, decision_id))
    return certificate_data(db.session(), decision_id) or abort(404)


documents.register(documents.Kind(
    "certificate", edition=1, filename="certificate-{id}.pdf",
    render=lambda db_session, decision_id: render_certificate(certificate_data(db_session, decision_id)),
))


def send_document(kind: str, subject_id: int):
    """The stored PDF, or a page saying it is being made (when made in the background)."""
    made = documents.ready_or_requested(kind, subject_id, str(get_locale()))
    if made is None:
        return render_template("reports/preparing.jinja"), 202
    return send_stored(made.storage_key, "application/pdf", documents.KINDS[kind].filename.format(id=subject_id))


@bp.route("/<int:decision_id>/certificate")
@requires(Permission.VIEW_DECISION)
def certificate(decision_id: int):
    return render_template("reports/certificate.jinja", certificate=_certificate(decision_id), decision_id=decision_id)


@bp.route("/<int:decision_id>/certificate.pdf")
@requires(Permission.VIEW_DECISION)
def certificate_pdf(decision_id: int):
    _certificate(decision_id)
    return send_document("certificate", decision_id)
