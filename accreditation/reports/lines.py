"""Plain text in one font, broken into lines by the rule a Paragraph follows and drawn as a Paragraph draws it.

A ReportLab Paragraph parses its text as markup, breaks it into lines again at each step of laying out a page
and draws it word by word; most text in the letter and the report is a heading or a sentence in the body font,
for which all of that gives the same lines as breaking the words once (`broken`, checked against ReportLab in
tests/reports/test_lines.py). Text a Paragraph treats otherwise (other scripts, markup, words too long for the
room) stays a Paragraph."""
from functools import lru_cache

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.paragraph import _centerDrawParaLine, _leftDrawParaLine, _rightDrawParaLine

from accreditation.reports.fonts import needs_own_font

UNBROKEN = {"\xa0", "\xad"}  # a no-break space and a soft hyphen, which a Paragraph breaks by rules of its own
DRAW_LINE = {TA_CENTER: _centerDrawParaLine, TA_RIGHT: _rightDrawParaLine}  # else _leftDrawParaLine

Line = tuple[float, list[str]]  # the room left on it (negative when its spaces must shrink), its words


@lru_cache(maxsize=4096)  # words only, so a few hundred kilobytes at most
def word_width(word: str, font: str, size: float) -> float:
    """Words come again and again, in a document and from one document to the next."""
    return stringWidth(word, font, size)


def broken(words: list[str], font: str, size: float, room: float, shrink: float) -> list[Line] | None:
    """The words in lines no wider than `room`, as a Paragraph breaks plain text (each space on a line may give
    up `shrink` of its width), with the room each leaves, summed as ReportLab sums it; None if a word alone is
    too wide."""
    space = word_width(" ", font, size)
    lines, line, used = [], [], -space
    for word in words:
        width = word_width(word, font, size)
        if width > room:
            return None
        wider = used + space + width
        if line and wider > room + shrink * space * len(line):
            lines.append((room - used, line))
            line, used = [word], width
        else:
            line.append(word)
            used = wider
    return lines + [(room - used, line)] if line else lines


def plain(text: str) -> bool:
    """Whether a Paragraph would draw the text as words and spaces in the body font: no Bengali or Arabic
    script (other fonts, shaping), none of the spaces it breaks by rules of its own."""
    return not needs_own_font(text) and not UNBROKEN.intersection(text)


class Lines(Flowable):
    """Plain text laid out, split across pages and drawn as a Paragraph of its style is, by ReportLab's own line
    drawing; broken into lines once for each width it is given. Make one only for text whose every word fits the
    narrowest width it will be given (where a Paragraph would split a word, this fails)."""

    def __init__(self, words: list[str], font: str, style: ParagraphStyle):
        super().__init__()
        self.words, self.font, self.style = words, font, style
        self.width = self.lines = None

    def wrap(self, availWidth, availHeight):
        if availWidth != self.width:
            self.width = availWidth
            self.lines = broken(self.words, self.font, self.style.fontSize, availWidth, self.style.spaceShrinkage)
            if self.lines is None:
                raise LayoutError(f"A word of {' '.join(self.words)[:60]!r} is wider than {availWidth} points")
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """As a Paragraph splits: never one line alone at the foot of a page."""
        self.wrap(availWidth, availHeight)
        fits = int(availHeight / self.style.leading)
        if fits <= 1:
            return []
        if fits >= len(self.lines):
            return [self]
        return [self._part(self.lines[:fits]), self._part(self.lines[fits:])]

    def _part(self, lines: list[Line]) -> "Lines":
        part = Lines([word for _room, words in lines for word in words], self.font, self.style)
        part.width, part.lines = self.width, lines
        return part

    def draw(self):
        if not self.lines:  # as a Paragraph of no words draws nothing
            return
        style, canvas = self.style, self.canv
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        text = canvas.beginText(0, self.height - style.fontSize)
        text.setFont(self.font, style.fontSize, style.leading)
        draw_line = DRAW_LINE.get(style.alignment, _leftDrawParaLine)
        for room, words in self.lines:
            draw_line(text, 0, room, words)
        canvas.drawText(text)
        canvas.restoreState()
