"""Table cells: text in the body font is drawn as plain strings, broken into lines where a Paragraph would
break it, so a report looks the same as when every cell was a Paragraph."""
import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from accreditation.reports.pdf import CELL_PADDING, Writer

FINDING = ("Staff knew people by name and said hello at the door; two people said that agency staff at "
           "weekends did not, and one carer was not sure who to ask about her son's care plan.")


def paragraph_lines(writer, text, width, bold=False):
    cell = writer.paragraph(text, "th" if bold else "cell")
    cell.wrap(width - 2 * CELL_PADDING, 1000)
    return [" ".join(words) for _room, words in cell.blPara.lines]


@pytest.mark.parametrize("text, bold", [
    (FINDING, False), ("INF-03: Having a say in the service", False), ("Partially met", False),
    ("Assessors' score", True), ("Recommended outcome, computed from the scores", True),
])
def test_a_plain_cell_breaks_its_lines_where_a_paragraph_would(text, bold):
    writer = Writer("en-GB")
    for width in [n * mm for n in range(30, 121)]:  # every width, so lines that only just fit are among them
        cell = writer.cell(text, width, bold=bold)
        assert isinstance(cell, str) and cell.split("\n") == paragraph_lines(writer, text, width, bold), width


def test_typed_spaces_and_line_breaks_print_as_a_paragraph_prints_them():
    assert Writer("en-GB").cell("  Seen on\nthe   visit ", 100 * mm) == "Seen on the visit"


@pytest.mark.parametrize("text", [
    "Supercalifragilisticexpialidocious",  # too long for the column: a Paragraph splits the word
    "মূল্যায়নকারীদের স্কোর", "درجة المقيّمين",  # other fonts, and shaping
    "98\xa0%",  # a no-break space
])
def test_other_text_stays_a_paragraph(text):
    assert isinstance(Writer("en-GB").cell(text, 20 * mm), Paragraph)
