"""The accreditation certificate as PDF. PDF code never queries: it renders a plain data object."""
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import reportlab

NHS_BLUE = HexColor("#005eb8")
# Noto (Debian fonts-noto-core) covers the scripts our languages need; ReportLab's own Vera is the fallback.
NOTO = Path("/usr/share/fonts/truetype/noto")
FONTS = (
    [("Certificate", NOTO / "NotoSans-Regular.ttf"), ("Certificate-Bold", NOTO / "NotoSans-Bold.ttf")]
    if (NOTO / "NotoSans-Regular.ttf").exists() else
    [("Certificate", Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"),
     ("Certificate-Bold", Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf")]
)


@dataclass(frozen=True)
class CertificateData:
    team: str
    organisation: str
    award: str
    valid_from: date
    valid_until: date
    chair: str
    language: str  # BCP 47, for the PDF's language metadata


def _register_fonts() -> None:
    for name, path in FONTS:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))  # TrueType fonts are embedded (subset) in the PDF


def render_certificate(data: CertificateData) -> bytes:
    _register_fonts()
    out = io.BytesIO()
    width, height = landscape(A4)
    title = _("Certificate of accreditation: %(team)s", team=data.team)
    pdf = canvas.Canvas(out, pagesize=(width, height), lang=data.language, initialFontName="Certificate", invariant=True)
    pdf.setTitle(title)
    pdf.setSubject(_("Service user-led accreditation"))
    pdf.setAuthor(data.organisation)
    pdf.setViewerPreference("DisplayDocTitle", "true")
    pdf.setStrokeColor(NHS_BLUE)
    pdf.setLineWidth(6)
    pdf.rect(30, 30, width - 60, height - 60)
    lines = [
        ("Certificate", 16, _("Service user-led accreditation"), height - 110),
        ("Certificate-Bold", 30, data.team, height - 190),
        ("Certificate", 18, _("is accredited by service users at the level"), height - 240),
        ("Certificate-Bold", 44, data.award, height - 310),
        ("Certificate", 14, _("Valid from %(start)s until %(end)s", start=format_date(data.valid_from, "d MMMM yyyy"),
                              end=format_date(data.valid_until, "d MMMM yyyy")), height - 370),
        ("Certificate", 14, data.organisation, height - 400),
        ("Certificate", 12, _("Chair of the final committee: %(name)s", name=data.chair), 90),
    ]
    for font, size, text, y in lines:
        pdf.setFont(font, size)
        pdf.setFillColor(NHS_BLUE if font.endswith("Bold") else HexColor("#212b32"))
        pdf.drawCentredString(width / 2, y, text)  # drawn as text, never parsed as markup
    pdf.showPage()
    pdf.save()
    return out.getvalue()
