"""Tables write their plain-string cells into one text object: the page looks exactly as when ReportLab's Table
draws each line on its own (compared pixel by pixel, in both directions, with a Paragraph cell among them)."""
import io
import subprocess

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table

from accreditation.reports.pdf import TextTable, Writer
from tests.reports.test_cells import FINDING


def page_png(table_class, language, tmp_path):
    writer = Writer(language)
    widths = [40 * mm, 25 * mm, 90 * mm]
    rows = [["Standard", "The team's rating", "Finding"],
            ["WEL-01: Welcomed and known by name", "Met", FINDING],
            ["INF-03: Having a say in the service", "মূল্যায়নকারীদের স্কোর", "Seen and heard on the visit"]]
    canvas = Canvas(str(tmp_path / "page.pdf"), invariant=1)
    table = table_class(**writer.table_parts(rows, widths, header=True, labels=True))
    table.wrapOn(canvas, 170 * mm, 250 * mm)
    table.drawOn(canvas, 20 * mm, 200 * mm)
    canvas.save()
    png = subprocess.run(["pdftoppm", "-png", "-r", "100", str(tmp_path / "page.pdf")], capture_output=True, check=True)
    return png.stdout


@pytest.mark.parametrize("language", ["en-GB", "ar"])  # text to the left, and to the right
def test_a_table_looks_as_reportlab_draws_it(language, tmp_path):
    assert page_png(TextTable, language, tmp_path) == page_png(Table, language, tmp_path)
