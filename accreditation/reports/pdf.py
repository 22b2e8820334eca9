"""The frame every multi-page PDF shares: metadata (title, author, subject, language, the title shown in the
viewer), embedded fonts, styles and "Page X of Y" in the footer. Renders plain data only: it never queries."""
import io
from collections.abc import Iterable

from flask_babel import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from accreditation.reports.fonts import BODY, families, is_right_to_left, paragraph, style

NHS_BLUE = HexColor("#005eb8")
TEXT = HexColor("#212b32")
RULE = HexColor("#d8dde0")
MARGIN = 20 * mm


class Writer:
    """Paragraphs in one language: every piece of text goes through `markup`, so it is escaped and each
    script is set in a font that has it."""

    def __init__(self, language: str):
        self.language = language
        self.styles = {
            "title": style("title", language, size=20, textColor=NHS_BLUE, spaceAfter=4 * mm),
            "h2": style("h2", language, size=15, textColor=NHS_BLUE, spaceBefore=5 * mm, spaceAfter=2 * mm),
            "h3": style("h3", language, size=12, spaceBefore=3 * mm, spaceAfter=1 * mm, keepWithNext=1),
            "body": style("body", language, textColor=TEXT, spaceAfter=2 * mm),
            "cell": style("cell", language, size=9.5, textColor=TEXT),
            "th": style("th", language, size=9.5, textColor=TEXT),
            "footer": style("footer", language, size=8.5, textColor=TEXT, centred=True),
        }

    def p(self, text: str, kind: str = "body") -> Paragraph:
        return paragraph(text, self.styles[kind], self.language, bold=kind in ("title", "h2", "h3", "th"))

    def paragraphs(self, text: str, kind: str = "body") -> list[Paragraph]:
        """Text a person typed, one Paragraph for each of its paragraphs."""
        return [self.p(part.strip(), kind) for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]

    def table(self, rows: list[list[Flowable]], widths: list[float], header: bool = False) -> Table:
        """A table of cells, its columns right to left for Arabic and Urdu."""
        if is_right_to_left(self.language):
            rows, widths = [list(reversed(row)) for row in rows], list(reversed(widths))
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), BODY),  # else Helvetica is listed in the PDF, and not embedded
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            commands.append(("LINEBELOW", (0, 0), (-1, 0), 1.2, NHS_BLUE))
        return Table(rows, colWidths=widths, repeatRows=1 if header else 0, style=TableStyle(commands))

    def cell(self, text: str, *, header: bool = False) -> Paragraph:
        return self.p(text, "th" if header else "cell")


def _numbered(writer: Writer):
    """A canvas that holds its pages back until the end, so each footer can say how many pages there are."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for number, page in enumerate(self._pages, start=1):
                self.__dict__.update(page)
                footer = writer.p(_("Page %(page)d of %(pages)d", page=number, pages=len(self._pages)), "footer")
                width, _height = self._pagesize
                footer.wrapOn(self, width - 2 * MARGIN, MARGIN)
                footer.drawOn(self, MARGIN, MARGIN / 2)
                super().showPage()
            super().save()

    return NumberedCanvas


def build(story: Iterable[Flowable], writer: Writer, *, title: str, author: str, subject: str) -> bytes:
    families()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=title, author=author, subject=subject, lang=writer.language, displayDocTitle=True,
        initialFontName=BODY, invariant=True,
    )
    document.build(list(story), canvasmaker=_numbered(writer))
    return out.getvalue()


def content_width() -> float:
    return A4[0] - 2 * MARGIN
