"""The accreditation certificate as PDF. PDF code never queries: it renders a plain data object."""
import io

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from accreditation.reports.documents import CertificateData
from accreditation.reports.fonts import BODY, families, paragraph, style
from accreditation.reports.pdf import NHS_BLUE, TEXT


def render_certificate(data: CertificateData) -> bytes:
    families()
    out = io.BytesIO()
    width, height = landscape(A4)
    title = _("Certificate of accreditation: %(team)s", team=data.team)
    pdf = canvas.Canvas(out, pagesize=(width, height), lang=data.language, initialFontName=BODY, invariant=True)
    pdf.setTitle(title)
    pdf.setSubject(_("Service user-led accreditation"))
    pdf.setAuthor(data.organisation)
    pdf.setViewerPreference("DisplayDocTitle", "true")
    pdf.setStrokeColor(NHS_BLUE)
    pdf.setLineWidth(6)
    pdf.rect(30, 30, width - 60, height - 60)
    lines = [
        (16, False, _("Service user-led accreditation"), height - 110),
        (30, True, data.team, height - 190),
        (18, False, _("Level of accreditation awarded by service users"), height - 240),
        (44, True, data.award, height - 310),
        (14, False, _("Valid from %(start)s until %(end)s", start=format_date(data.valid_from, "d MMMM yyyy"),
                      end=format_date(data.valid_until, "d MMMM yyyy")), height - 370),
        (14, False, data.organisation, height - 400),
        (12, False, _("Chair of the final committee: %(name)s", name=data.chair), 90),
    ]
    for size, bold, text, baseline in lines:
        line = paragraph(text, style("line", data.language, size=size, centred=True, textColor=NHS_BLUE if bold else TEXT),
                         data.language, bold=bold)
        _w, tall = line.wrapOn(pdf, width - 120, height)
        line.drawOn(pdf, 60, baseline - tall + size)  # the first line's baseline near `baseline`
    pdf.showPage()
    pdf.save()
    return out.getvalue()
