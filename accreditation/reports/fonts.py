"""Fonts for every PDF we make: one place that registers them and marks up text so each script gets a font
that has its letters.

Noto (Debian fonts-noto-core) has no single font for every script, and the Bengali and Arabic fonts have no
Latin letters, so text is Noto Sans with each run of Bengali or Arabic script set in its own font. The run is
chosen from the text itself (a team or a person may be named in any script, whatever the page's language).
Urdu is set in Naskh, not Nastaliq: ReportLab cannot draw Nastaliq's raised first glyphs (it fails on them),
and Naskh text can be copied out of the PDF. Bengali and Arabic need shaping (uharfbuzz): ReportLab
shapes a run with HarfBuzz, which also puts a right-to-left run in visual order. Without Noto (a machine set
up only for the demo) ReportLab's own Vera is used, which has Latin letters only.
"""
import re
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

NOTO = Path("/usr/share/fonts/truetype/noto")
VERA = Path(reportlab.__file__).parent / "fonts"
BODY = "Body"  # the family every paragraph starts in
BOLD = f"{BODY}-Bold"

# family -> (regular, bold) files; a family whose files are missing is left out
NOTO_FAMILIES = {
    BODY: ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "Bengali": ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    "Arabic": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),  # Arabic and Urdu
}

# A run of one script: its letters, with spaces and joiners between them (so a name of several words is one
# run, which HarfBuzz lays out right to left as a whole).
BENGALI = "\u0980-\u09ff\u0964\u0965"  # the block, and the dandas it shares with Devanagari (Bengali full stops)
BENGALI_RUN = re.compile(rf"[{BENGALI}]+(?:[\s\u200c\u200d]+[{BENGALI}]+)*")
ARABIC_LETTERS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
ARABIC_RUN = re.compile(rf"[{ARABIC_LETTERS}]+(?:[\s\u200c\u200d]+[{ARABIC_LETTERS}]+)*")
PUNCTUATION = ".,:;()!?-\u2013'\"0123456789"
RIGHT_TO_LEFT = {"ar", "ur"}


@cache
def families() -> frozenset[str]:
    """Register the fonts once per process; return the families there are. TrueType fonts are embedded
    (as subsets) in every PDF that uses them."""
    found = {}
    for family, (regular, bold) in NOTO_FAMILIES.items():
        if (NOTO / regular).exists() and (NOTO / bold).exists():
            found[family] = (NOTO / regular, NOTO / bold)
    if BODY not in found:
        found = {BODY: (VERA / "Vera.ttf", VERA / "VeraBd.ttf")}
    for family, (regular, bold) in found.items():
        # A subset holds only the characters a document uses, not all of ASCII besides: less font to copy,
        # measure and compress in every PDF, and a smaller file (text still copies out, through each
        # subset's map to Unicode).
        pdfmetrics.registerFont(TTFont(family, str(regular), asciiReadable=False))
        pdfmetrics.registerFont(TTFont(f"{family}-Bold", str(bold), asciiReadable=False))
        for italic in (0, 1):  # no italics: <i> keeps the upright face
            addMapping(family, 0, italic, family)
            addMapping(family, 1, italic, f"{family}-Bold")
    return frozenset(found)


def base_language(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


def is_right_to_left(language: str) -> bool:
    return base_language(language) in RIGHT_TO_LEFT


def needs_own_font(text: str) -> bool:
    """Whether the text has Bengali or Arabic script, which the body font has no letters for."""
    return any(run.search(text) for run in (BENGALI_RUN, ARABIC_RUN))


@cache
def _covers(family: str) -> frozenset[str]:
    """The punctuation and digits the family's font has, which may join a run of its script."""
    widths = pdfmetrics.getFont(family).face.charWidths
    return frozenset(c for c in PUNCTUATION if ord(c) in widths)


def markup(text: str, language: str, bold: bool = False) -> str:
    """User or translated text as Paragraph markup: escaped (never parsed as markup), each run of Bengali or
    Arabic script in a font that has its letters. A face resets boldness, hence `bold` (say it when the
    paragraph or the text around it is bold).

    ReportLab shapes a word (up to a space) with the font it starts in, so a run of script is kept apart from
    the letters next to it by a space."""
    available = families()
    runs = [(family, run) for family, run in (("Bengali", BENGALI_RUN), ("Arabic", ARABIC_RUN)) if family in available]
    found = sorted((m.start(), m.end(), family) for family, run in runs for m in run.finditer(text))
    out, at = [], 0
    for start, end, family in found:
        # Bengali takes in the punctuation its font has; a right-to-left run takes in none, as HarfBuzz would
        # put it at the wrong end (ReportLab reorders right-to-left text only with rlbidi, not installed here).
        glue = _covers(family) if family == "Bengali" else frozenset()
        while start > at and text[start - 1] in glue:
            start -= 1
        while end < len(text) and text[end] in glue:
            end += 1
        face = f"{family}-Bold" if bold else family
        before = " " if start > at and not text[start - 1].isspace() else ""
        after = " " if end < len(text) and not text[end].isspace() else ""
        out.append(f'{escape(text[at:start])}{before}<font face="{face}">{escape(text[start:end])}</font>{after}')
        at = end
    out.append(escape(text[at:]))
    escaped = "".join(out)
    return f"<b>{escaped}</b>" if bold else escaped


def style(name: str, language: str, *, size: float = 11, centred: bool = False, **more) -> ParagraphStyle:
    """A paragraph style in the body family (bold through markup), aligned for the language's direction.
    Arabic script sits tall, so right-to-left languages get more room between lines."""
    families()
    alignment = TA_CENTER if centred else TA_RIGHT if is_right_to_left(language) else TA_LEFT
    leading = size * (1.7 if is_right_to_left(language) else 1.4)
    return ParagraphStyle(name, fontName=BODY, fontSize=size, leading=leading, alignment=alignment, **more)


def paragraph(text: str, style: ParagraphStyle, language: str, *, bold: bool = False) -> Paragraph:
    """`text` as a Paragraph. Only text with Bengali or Arabic script is shaped: shaping Latin text would join
    "fi" into one ligature, which copies and searches badly."""
    shaped = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1) if needs_own_font(text) else style
    return OnceWrapped(markup(text, language, bold=bold), shaped)


class OnceWrapped(Paragraph):
    """ReportLab wraps a paragraph again at each step of laying out a page (keeping a heading with its table,
    fitting the table in the frame, drawing each cell), and the lines for one width never change: break them
    once per width (again when a split has dropped them)."""

    def wrap(self, availWidth, availHeight):
        if getattr(self, "_wrapped", (None,))[0] != availWidth or not hasattr(self, "blPara"):
            self._wrapped = availWidth, super().wrap(availWidth, availHeight)
        return self._wrapped[1]
