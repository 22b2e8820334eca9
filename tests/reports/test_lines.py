"""Headings and sentences in the body font are drawn as Lines, not Paragraphs: the same lines, drawn the same
way and split across pages at the same place, so a page looks exactly as it did with a Paragraph."""
import io

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from accreditation.reports.lines import Lines
from accreditation.reports.pdf import Writer

SENTENCE = ("On 3 June 2027 the final committee decided on the accreditation of Larch Ward. The decision is: Gold, "
            "and the team's own rating was met for every standard but two, which the visit team found partly met.")
WIDTHS = [n * mm for n in range(70, 171)]  # every width, so lines that fit only by narrowing their spaces are among them


def drawn(flowable, width):
    """The page's drawing operators for the flowable wrapped at `width`."""
    canvas = Canvas(io.BytesIO(), invariant=1)
    flowable.wrapOn(canvas, width, 800)
    flowable.drawOn(canvas, 50, 50)
    return canvas._code


@pytest.mark.parametrize("language, kind, text", [
    ("en-GB", "title", "Accreditation report: Larch Ward and the Community Team for Older People"),
    ("en-GB", "h3", "Carers, family and the people who matter to me"),
    ("en-GB", "body", SENTENCE),
    ("en-GB", "footer", "Page 3 of 12"),
    ("ar", "body", SENTENCE),  # right to left: to the right
])
def test_text_is_broken_and_drawn_as_a_paragraph_would_be(language, kind, text):
    writer = Writer(language)
    narrowed = 0
    for width in WIDTHS:
        lines, paragraph = writer.p(text, kind), writer.paragraph(text, kind)
        assert isinstance(lines, Lines) and isinstance(paragraph, Paragraph)
        assert drawn(lines, width) == drawn(paragraph, width), width
        assert lines.height == paragraph.height
        narrowed += any(room < 0 for room, _words in lines.lines)
    assert narrowed or kind in ("title", "h3", "footer")  # the body text met lines whose spaces narrow


def test_long_text_splits_across_pages_where_a_paragraph_splits():
    writer = Writer("en-GB")
    text = " ".join([SENTENCE] * 6)
    for height in range(0, 300, 7):
        lines, paragraph = writer.p(text), writer.paragraph(text, "body")
        parts = [drawn(part, 150 * mm) for part in lines.split(150 * mm, height)]
        assert parts == [drawn(part, 150 * mm) for part in paragraph.split(150 * mm, height)], height


@pytest.mark.parametrize("text", [
    "Larch Ward: লার্চ ওয়ার্ড", "جناح الصنوبر",  # other fonts, and shaping
    "98\xa0%",  # a no-break space
    "x" * 200,  # a word wider than the page: a Paragraph splits it
])
def test_other_text_stays_a_paragraph(text):
    assert isinstance(Writer("en-GB").p(text), Paragraph)
