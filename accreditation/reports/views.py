"""What the team receives: the certificate, the decision letter and the accreditation report, each as an HTML
page (the accessible primary) and as PDF."""
from flask import Response, abort, render_template
from flask_login import current_user
from sqlalchemy import select

from accreditation import db
from accreditation.i18n import html_lang
from accreditation.panels.models import Accreditation, AgendaItem
from accreditation.reports import bp, documents, wording
from accreditation.reports.certificate import CertificateData, render_certificate
from accreditation.reports.letter import letter_title, render_letter
from accreditation.reports.report import render_report, report_title, summary_rows
from accreditation.roles import Permission, requires


def _viewable_item(decision_id: int) -> AgendaItem:
    """The team decided on, the QA team and the panel that decided; anyone else gets 404."""
    item = documents.item_of(db.session(), decision_id)
    if item is None:
        abort(404)
    team_id = item.review.self_assessment.cycle.team_id
    allowed = (
        team_id in (current_user.team_ids_for(Permission.VIEW_DECISION) or ())
        or current_user.can(Permission.RUN_PANELS)
        or any(m.person_id == current_user.id for m in item.panel.members)
    )
    if not allowed:
        abort(404)
    return item


def _pdf(content: bytes, name: str) -> Response:
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}.pdf"', "Cache-Control": "private, no-store",
    })


def _certificate(decision_id: int) -> CertificateData:
    """Only for an award."""
    item = _viewable_item(decision_id)
    status = db.session().scalar(select(Accreditation).where(Accreditation.decision_id == decision_id))
    if status is None or not status.outcome.is_award:
        abort(404)
    team = item.review.self_assessment.cycle.team
    return CertificateData(
        team=team.name, organisation=team.directorate.organisation.name, award=str(status.outcome.label),
        valid_from=status.valid_from, valid_until=status.valid_until, chair=item.panel.chair.full_name, language=html_lang(),
    )


@bp.route("/<int:decision_id>/certificate")
@requires(Permission.VIEW_DECISION)
def certificate(decision_id: int):
    return render_template("reports/certificate.jinja", certificate=_certificate(decision_id), decision_id=decision_id)


@bp.route("/<int:decision_id>/certificate.pdf")
@requires(Permission.VIEW_DECISION)
def certificate_pdf(decision_id: int):
    return _pdf(render_certificate(_certificate(decision_id)), f"certificate-{decision_id}")


def _document(decision_id: int) -> documents.DecisionDocument:
    return documents.load(db.session(), _viewable_item(decision_id))


@bp.route("/<int:decision_id>/letter")
@requires(Permission.VIEW_DECISION)
def letter(decision_id: int):
    doc = _document(decision_id)
    return render_template("reports/letter.jinja", doc=doc, words=wording, title=letter_title(doc), decision_id=decision_id)


@bp.route("/<int:decision_id>/letter.pdf")
@requires(Permission.VIEW_DECISION)
def letter_pdf(decision_id: int):
    return _pdf(render_letter(_document(decision_id), html_lang()), f"decision-letter-{decision_id}")


@bp.route("/<int:decision_id>/report")
@requires(Permission.VIEW_DECISION)
def report(decision_id: int):
    doc = _document(decision_id)
    return render_template("reports/report.jinja", doc=doc, words=wording, title=report_title(doc),
                           facts=summary_rows(doc), decision_id=decision_id)


@bp.route("/<int:decision_id>/report.pdf")
@requires(Permission.VIEW_DECISION)
def report_pdf(decision_id: int):
    return _pdf(render_report(_document(decision_id), html_lang()), f"accreditation-report-{decision_id}")
