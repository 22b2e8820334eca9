"""The frame every multi-page PDF shares: metadata (title, author, subject, language, the title shown in the
viewer), embedded fonts, styles and "Page X of Y" in the footer. Renders plain data only: it never queries."""
import io
from collections.abc import Iterable
from functools import lru_cache

from flask_babel import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from accreditation.reports.fonts import BODY, BOLD, families, is_right_to_left, paragraph, style
from accreditation.reports.lines import Lines, broken, plain, word_width

NHS_BLUE = HexColor("#005eb8")
TEXT = HexColor("#212b32")
RULE = HexColor("#d8dde0")
MARGIN = 20 * mm
CELL_SIZE, CELL_PADDING = 9.5, 6  # ReportLab's padding at the sides of a cell
TEXT_WIDTH = A4[0] - 2 * MARGIN - 2 * 6  # the narrowest text: the page's frame, which ReportLab pads by 6 a side
BOLD_KINDS = ("title", "h2", "h3", "th")


class Writer:
    """Text in one language: plain text as Lines or strings, drawn as it is; any other through `markup` into a
    Paragraph, so it is escaped and each script is set in a font that has it."""

    def __init__(self, language: str):
        self.language = language
        self.styles = {
            "title": style("title", language, size=20, textColor=NHS_BLUE, spaceAfter=4 * mm),
            "h2": style("h2", language, size=15, textColor=NHS_BLUE, spaceBefore=5 * mm, spaceAfter=2 * mm),
            "h3": style("h3", language, size=12, spaceBefore=3 * mm, spaceAfter=1 * mm, keepWithNext=1),
            "body": style("body", language, textColor=TEXT, spaceAfter=2 * mm),
            "cell": style("cell", language, size=CELL_SIZE, textColor=TEXT),
            "th": style("th", language, size=CELL_SIZE, textColor=TEXT),
            "footer": style("footer", language, size=8.5, textColor=TEXT, centred=True),
        }
        # Every cell of a kind shares one cell style, so a table applies no command cell by cell, only its rules.
        # The font is the cell paragraphs' (else Helvetica is listed in the PDF, and not embedded), so
        # plain-string cells and Paragraph cells line up.
        leading, right_to_left = self.styles["cell"].leading, is_right_to_left(language)
        self.cell_styles = {bold: _cell_style(BOLD if bold else BODY, leading, right_to_left) for bold in (False, True)}

    def p(self, text: str, kind: str = "body") -> Flowable:
        """Text across the page: plain Lines where a Paragraph would give the same (see lines.py)."""
        style, font, words = self.styles[kind], BOLD if kind in BOLD_KINDS else BODY, text.split()
        if plain(text) and all(word_width(word, font, style.fontSize) <= TEXT_WIDTH for word in words):
            return Lines(words, font, style)
        return self.paragraph(text, kind)

    def paragraph(self, text: str, kind: str) -> Paragraph:
        return paragraph(text, self.styles[kind], self.language, bold=kind in BOLD_KINDS)

    def paragraphs(self, text: str, kind: str = "body") -> list[Flowable]:
        """Text a person typed, a flowable for each of its paragraphs."""
        return [self.p(part.strip(), kind) for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]

    def table(self, rows: list[list[str]], widths: list[float], *, header: bool = False, labels: bool = False) -> Table:
        """A table of text, its columns right to left for Arabic and Urdu. `header`: the first row names the
        columns (bold, ruled off, repeated on a new page); `labels`: the first column names the rows (bold)."""
        return TextTable(**self.table_parts(rows, widths, header=header, labels=labels))

    def table_parts(self, rows: list[list[str]], widths: list[float], *, header: bool, labels: bool) -> dict:
        """What `table` makes its table of: cells, widths, rules and cell styles."""
        bold = [[(header and r == 0) or (labels and c == 0) for c in range(len(row))] for r, row in enumerate(rows)]
        cells = [[self.cell(text, width, bold=b) for text, width, b in zip(row, widths, bolds)]
                 for row, bolds in zip(rows, bold)]
        rules = [("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)]
        if header:
            rules.append(("LINEBELOW", (0, 0), (-1, 0), 1.2, NHS_BLUE))
        if is_right_to_left(self.language):
            cells, bold, widths = [row[::-1] for row in cells], [row[::-1] for row in bold], widths[::-1]
        return dict(data=cells, colWidths=widths, repeatRows=1 if header else 0, style=TableStyle(rules),
                    cellStyles=[[self.cell_styles[b] for b in row] for row in bold])

    def cell(self, text: str, width: float, *, bold: bool = False) -> str | Paragraph:
        """Text in the body font is broken into lines here and drawn by the table as plain strings in its
        own font: a Paragraph costs markup parsing, line breaking at each step of laying out a page and more
        drawing, most of a table's time. Bengali or Arabic script (other fonts, shaping), a word too long for
        the column (a Paragraph splits it) and spaces a Paragraph treats apart stay Paragraphs."""
        kind = "th" if bold else "cell"
        lines = _cell_lines(text, BOLD if bold else BODY, width - 2 * CELL_PADDING, self.styles[kind].spaceShrinkage)
        return lines if lines is not None else self.paragraph(text, kind)


@lru_cache(maxsize=1024)  # a report's cells come again (headers, tiers, ratings, scores, the standards' titles)
def _cell_lines(text: str, font: str, room: float, shrink: float) -> str | None:
    """Plain text broken into lines for a cell; None for text that stays a Paragraph."""
    lines = broken(text.split(), font, CELL_SIZE, room, shrink) if plain(text) else None
    return None if lines is None else "\n".join(" ".join(words) for _room, words in lines)


def _cell_style(font: str, leading: float, right_to_left: bool) -> CellStyle:
    """What differs from ReportLab's defaults (padding 6 at the sides and 3 at the top, text to the left)."""
    cell = CellStyle(font)
    cell.fontname, cell.fontsize, cell.leading, cell.color = font, CELL_SIZE, leading, TEXT
    cell.valign, cell.bottomPadding, cell.alignment = "TOP", 4, "RIGHT" if right_to_left else "LEFT"
    return cell


class TextTable(Table):
    """A table whose plain-string cells are written into one text object. ReportLab's Table draws each line of
    each cell as a text object of its own, setting its font, size and leading again and measuring it: most of
    a report's drawing time. The lines land where ReportLab puts them (text at the top of the cell, to the
    left or right); Paragraph cells are drawn as ReportLab draws them."""

    _text = None

    def _drawCell(self, value, style, pos, size):
        if not isinstance(value, str) or style.valign != "TOP" or style.alignment not in ("LEFT", "RIGHT"):
            return super()._drawCell(value, style, pos, size)
        if self._text is None:
            self._text, self._font, self._colour = self.canv.beginText(), None, None
        text, (left, bottom), (width, height) = self._text, pos, size
        if self._font != (style.fontname, style.fontsize, style.leading):
            self._font = style.fontname, style.fontsize, style.leading
            text.setFont(*self._font)
        if self._colour is not style.color:  # one colour object for all the cells
            self._colour = style.color
            text.setFillColor(style.color)
        y = bottom + height - style.topPadding - style.fontsize
        if style.alignment == "LEFT":
            text.setTextOrigin(left + style.leftPadding, y)
            for line in value.split("\n"):
                text.textLine(line)  # and down by the leading to the next
            return
        for line in value.split("\n"):
            right = left + width - style.rightPadding
            text.setTextOrigin(right - stringWidth(line, style.fontname, style.fontsize), y)
            text.textLine(line)
            y -= style.leading

    def _drawLines(self):
        """Table.draw draws the lines after every cell, inside its own saved state: the text goes first."""
        if self._text is not None:
            self.canv.drawText(self._text)
            self._text = None
        super()._drawLines()


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
