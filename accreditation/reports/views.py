"""What the team receives: the certificate, the decision letter and the accreditation report, each as an HTML
page (the accessible primary) and as PDF."""
from flask import abort, render_template
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import func, select

from accreditation import db
from accreditation.i18n import html_lang
from accreditation.panels.models import Accreditation, Decision
from accreditation.reports import bp, documents, kept, wording
from accreditation.reports.documents import CertificateData
from accreditation.roles import Permission, requires
from accreditation.storage import send_stored


def _viewable_item(decision_id: int) -> documents.DecidedItem:
    """The team decided on, the QA team and the panel that decided; anyone else gets 404."""
    item = documents.item_of(db.session(), decision_id)
    if item is None:
        abort(404)
    allowed = (
        item.team_id in (current_user.team_ids_for(Permission.VIEW_DECISION) or ())
        or current_user.can(Permission.RUN_PANELS)
        or current_user.id in item.member_ids
    )
    if not allowed:
        abort(404)
    return item


def _certificate_data(db_session, item: documents.DecidedItem, decision_id: int) -> CertificateData | None:
    """For an award only."""
    status = db_session.scalar(select(Accreditation).where(Accreditation.decision_id == decision_id))
    if status is None or not status.outcome.is_award:
        return None
    return CertificateData(
        team=item.team, organisation=item.organisation, award=str(status.outcome.label),
        valid_from=status.valid_from, valid_until=status.valid_until, chair=item.chair, language=html_lang(),
    )


def _certificate(decision_id: int) -> CertificateData:
    return _certificate_data(db.session(), _viewable_item(decision_id), decision_id) or abort(404)


def _newest_decision(db_session, decision_id: int) -> int:
    """The letter and the report follow the newest decision on the item: an amendment makes a new edition."""
    same_item = select(Decision.item_id).where(Decision.id == decision_id).scalar_subquery()
    return db_session.scalar(select(func.max(Decision.id)).where(Decision.item_id == same_item))


def _document_of(db_session, decision_id: int) -> documents.DecisionDocument:
    return documents.load(db_session, documents.item_of(db_session, decision_id))


# The PDF modules (ReportLab, HarfBuzz, the Noto fonts: some 20 MB) are imported when a PDF is first made, by
# the RQ worker or by the one web worker asked for it: the web workers that serve pages never load them.

def _certificate_pdf(db_session, decision_id: int) -> bytes:
    from accreditation.reports.certificate import render_certificate  # lazy: see above

    return render_certificate(_certificate_data(db_session, documents.item_of(db_session, decision_id), decision_id))


def _letter_pdf(db_session, decision_id: int) -> bytes:
    from accreditation.reports.letter import render_letter  # lazy: see above

    return render_letter(_document_of(db_session, decision_id), html_lang())


def _report_pdf(db_session, decision_id: int) -> bytes:
    from accreditation.reports.report import render_report  # lazy: see above

    return render_report(_document_of(db_session, decision_id), html_lang())


kept.register(kept.Kind("certificate/3", edition=lambda db_session, decision_id: 1, filename="certificate-{id}.pdf",
                        render=_certificate_pdf))
kept.register(kept.Kind("letter/2", edition=_newest_decision, filename="decision-letter-{id}.pdf", render=_letter_pdf))
kept.register(kept.Kind("report/2", edition=_newest_decision, filename="accreditation-report-{id}.pdf", render=_report_pdf))


def send_kept(kind: str, subject_id: int):
    """The kept PDF (after the caller has checked access), or a page saying it is being made."""
    made = kept.ready_or_requested(kind, subject_id, str(get_locale()))
    if made is None:
        return render_template("reports/preparing.jinja"), 202
    return send_stored(made.storage_key, "application/pdf", kept.KINDS[kind].filename.format(id=subject_id))


@bp.route("/<int:decision_id>/certificate")
@requires(Permission.VIEW_DECISION)
def certificate(decision_id: int):
    return render_template("reports/certificate.jinja", certificate=_certificate(decision_id), decision_id=decision_id)


@bp.route("/<int:decision_id>/certificate.pdf")
@requires(Permission.VIEW_DECISION)
def certificate_pdf(decision_id: int):
    _certificate(decision_id)
    return send_kept("certificate/3", decision_id)


def _document(decision_id: int) -> documents.DecisionDocument:
    return documents.load(db.session(), _viewable_item(decision_id))


@bp.route("/<int:decision_id>/letter")
@requires(Permission.VIEW_DECISION)
def letter(decision_id: int):
    doc = _document(decision_id)
    return render_template("reports/letter.jinja", doc=doc, words=wording, title=wording.letter_title(doc), decision_id=decision_id)


@bp.route("/<int:decision_id>/letter.pdf")
@requires(Permission.VIEW_DECISION)
def letter_pdf(decision_id: int):
    _viewable_item(decision_id)
    return send_kept("letter/2", decision_id)


@bp.route("/<int:decision_id>/report")
@requires(Permission.VIEW_DECISION)
def report(decision_id: int):
    doc = _document(decision_id)
    return render_template("reports/report.jinja", doc=doc, words=wording, title=wording.report_title(doc),
                           facts=wording.summary_rows(doc), decision_id=decision_id)


@bp.route("/<int:decision_id>/report.pdf")
@requires(Permission.VIEW_DECISION)
def report_pdf(decision_id: int):
    _viewable_item(decision_id)
    return send_kept("report/2", decision_id)
