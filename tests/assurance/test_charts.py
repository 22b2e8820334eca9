"""The heat map's chart as a sighted reader sees it: which figure is written in which row and column, and which
cells have a hatched corner; checked against the table beside it and at national size."""
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from accreditation.assurance.charts import heat_map_svg
from accreditation.assurance.queries import Cell, HeatMap
from accreditation.review.models import Score
from accreditation.roles import Role

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def board(make_person, sign_in_as):
    sign_in_as(make_person(Role.BOARD_VIEWER))


def chart_cells(svg: str) -> dict[tuple[str, str], tuple[str, bool]]:
    """(row's name, standard's code) -> (the figure written in the cell, whether its corner is hatched), found by
    where each thing is drawn: a cell's row is the name level with it, its column the code above it."""
    root = ET.fromstring(svg)
    drawings = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}
    codes, names, cells = {}, {}, []

    def walk(node, dx: float, dy: float) -> None:
        for child in node:
            if child.tag == f"{SVG}defs":
                continue
            x, y = dx + float(child.get("x", 0)), dy + float(child.get("y", 0))
            if child.tag == f"{SVG}text" and "rotate" in child.get("transform", ""):
                codes[x] = child.text  # a standard's code, slanting up from above its column
            elif child.tag == f"{SVG}text":
                names[y] = child.text
            elif child.tag == f"{SVG}use":
                cells.append((x, y, drawings[child.get("href").removeprefix("#")]))
            elif moved := re.fullmatch(r"translate\((\S+) (\S+)\)", child.get("transform", "")):
                walk(child, dx + float(moved[1]), dy + float(moved[2]))
            else:
                walk(child, dx, dy)

    walk(root, 0, 0)
    read = {}
    for x, y, drawing in cells:
        box = drawing.find(f"{SVG}rect")
        width, height = float(box.get("width")), float(box.get("height"))
        column = next(code for at, code in codes.items() if x < at < x + width)
        row = next(name for at, name in names.items() if y < at < y + height)
        hatched = any(part.get("fill") == "url(#hatch)" for part in drawing)
        read[row, column] = (drawing.find(f"{SVG}text").text, hatched)
    assert root.find(f".//{SVG}pattern[@id='hatch']") is not None
    return read


class _Rows(HTMLParser):
    """A table's rows as HTML reads them: a cell ends where the next begins or its row ends."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[tuple[dict, str]]] = []
        self.in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.rows[-1].append((dict(attrs), ""))
        self.in_cell = tag in ("td", "th") or self.in_cell and tag not in ("tr", "tbody", "thead")

    def handle_endtag(self, tag):
        self.in_cell = self.in_cell and tag not in ("td", "th", "tr")

    def handle_data(self, data):
        if self.in_cell:
            attrs, text = self.rows[-1][-1]
            self.rows[-1][-1] = (attrs, text + data)


def table_cells(page: str) -> dict[tuple[str, str], dict[str, str]]:
    """(row of the heat map, standard's code) -> {measure: figure}, from the table under the chart, each figure
    named by its headers as a screen reader names it: the group's (scope="colgroup", spanning its columns), the
    column's (scope="col") and the row's (scope="row")."""
    parser = _Rows()
    parser.feed(page[page.index("<table"):page.index("</table>")])
    groups, measures, *rows = parser.rows
    assert groups[0][0] == {"scope": "col", "rowspan": "2"}  # "Standard", over the rows' headers
    columns = [name for attrs, name in groups[1:] if attrs["scope"] == "colgroup" for _ in range(int(attrs["colspan"]))]
    assert all(attrs == {"scope": "col"} for attrs, _name in measures) and len(measures) == len(columns)
    read = {}
    for (attrs, code), *cells in rows:
        assert attrs == {"scope": "row"}
        for group, (_attrs, measure), (_cell, figure) in zip(columns, measures, cells, strict=True):
            read.setdefault((group, code), {})[measure] = figure
    return read


def the_chart(page: str) -> str:
    return re.search(r'<svg[^>]*class="app-chart".*?</svg>', page, re.S).group(0)


def test_chart_and_table_give_every_cell_the_same_figures(client, history, board):
    page = client.get("/assurance/heat-map").get_data(as_text=True)
    chart, table = chart_cells(the_chart(page)), table_cells(page)
    assert chart.keys() == table.keys() and len(chart) == 3 * 24  # three directorates with decisions
    for cell, (figure, hatched) in chart.items():
        assert (figure, hatched) == (table[cell]["Met"], table[cell]["Not met"] != "0%"), cell
    assert chart["Adult mental health", "WEL-03"] == ("0%", True)  # Rowan's and Willow's findings: both not met
    assert chart["Adult mental health", "INF-02"] == ("50%", False)  # Rowan partly, Willow met
    assert chart["Primary care", "INF-03"] == ("0%", False)  # partly met: no hatching


def test_a_cell_without_findings_shows_a_dash():
    heat = HeatMap(rows=[(1, "Ward A")], standards=[("WEL-01", "One"), ("WEL-02", "Two")],
                   cells={(1, "WEL-01"): Cell({Score.MET: 2, Score.NOT_MET: 1})})
    assert chart_cells(heat_map_svg(heat, title="T", description="D")) == {
        ("Ward A", "WEL-01"): ("67%", True), ("Ward A", "WEL-02"): ("–", False),
    }


def national() -> HeatMap:
    """200 organisations by 24 standards, as a board member opens the programme's heat map on a phone."""
    rows = [(n, f"NHS Trust {n:03}") for n in range(200)]
    standards = [(f"STD-{n:02}", "A standard") for n in range(24)]
    cells = {(r, code): Cell({Score.MET: 40 + (r + n) % 60, Score.NOT_MET: (r * n) % 3})
             for r, _name in rows for n, (code, _title) in enumerate(standards) if (r, n) != (0, 0)}
    return HeatMap(rows, standards, cells)  # the first organisation has no findings for the first standard


def test_a_national_chart_costs_a_few_bytes_a_cell():
    svg = heat_map_svg(national(), title="T", description="D")
    assert len(svg.encode()) < 40 * 200 * 24  # each cell drawn in full was 225 bytes
    read = chart_cells(svg)  # and every cell is still drawn
    assert len(read) == 200 * 24 and read["NHS Trust 001", "STD-02"] == (f"{round(100 * 43 / 45)}%", True)
    assert read["NHS Trust 000", "STD-00"] == ("–", False)
