"""Charts drawn on the server as SVG. Each has a title and a description, and every value is written as text
on the chart too, so colour is never the only signal; the page puts the same figures in a table beside it."""
from collections.abc import Callable

from markupsafe import Markup, escape

from accreditation.assurance.queries import Cell, HeatMap, Theme, Trend
from accreditation.review.models import Score

# Light to dark NHS blues: more standards met, darker. Text switches to white on the dark steps.
STEPS = [(0.0, "#f0f4f5", "#212b32"), (0.5, "#aed4ea", "#212b32"), (0.7, "#41b6e6", "#212b32"),
         (0.85, "#005eb8", "#ffffff"), (0.95, "#003087", "#ffffff")]


def _step(share: float) -> tuple[str, str]:
    fill, ink = STEPS[0][1:]
    for lowest, step_fill, step_ink in STEPS:
        if share >= lowest:
            fill, ink = step_fill, step_ink
    return fill, ink


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


CELL_W, CELL_H = 31, 34  # a heat map cell, in px


def heat_map_svg(heat: HeatMap, *, title: str, description: str) -> Markup:
    """Rows (organisations, directorates or teams) by standards; each cell is the share met, written in the cell.

    A cell where any standard was not met carries a hatched corner as well, so the two never rely on colour.
    Cells with the same figure, colours and corner look alike, so each look is drawn once in <defs> and a cell
    is a <use> of it: at 200 x 24 cells, about 30 bytes a cell instead of 225."""
    cell_w, cell_h, head = CELL_W, CELL_H, 56
    # Room for the longest name (cut at 32 characters) at about 7.5 px a character, and on the right for the
    # last standard's code, which is drawn slanting up and to the right.
    label_width = 16 + int(7.5 * min(32, max((len(name) for _id, name in heat.rows), default=10)))
    width = label_width + cell_w * len(heat.standards) + 24
    height = head + cell_h * len(heat.rows)
    looks: dict[tuple, str] = {}  # what a cell shows -> the id of its drawing
    drawings, rows = [], []
    for r, (row_id, _name) in enumerate(heat.rows):
        uses = []
        for n, (code, _title) in enumerate(heat.standards):
            look = _look(heat.cell(row_id, code))
            if look not in looks:
                looks[look] = f"hm{len(looks)}"
                drawings.append(_draw(looks[look], look))
            uses.append(f'<use href="#{looks[look]}" x="{label_width + n * cell_w}"/>')
        rows.append(f'<g transform="translate(0 {head + r * cell_h})">{"".join(uses)}</g>')
    codes = []
    for n, (code, _title) in enumerate(heat.standards):
        x = label_width + n * cell_w + cell_w / 2
        codes.append(f'<text x="{x}" y="{head - 8}" transform="rotate(-60 {x} {head - 8})">{escape(code)}</text>')
    names = [f'<text x="{label_width - 8}" y="{head + r * cell_h + cell_h // 2 + 5}">{escape(name[:32])}</text>'
             for r, (_id, name) in enumerate(heat.rows)]
    return Markup("".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="heat-title" aria-describedby="heat-desc">',
        f'<title id="heat-title">{escape(title)}</title><desc id="heat-desc">{escape(description)}</desc>',
        '<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d5281b" stroke-width="3"/>'
        '</pattern>', *drawings, '</defs>',
        '<g font-size="12" fill="#212b32">', *codes, '</g>',
        '<g font-size="13" text-anchor="end" fill="#212b32">', *names, '</g>',
        *rows,
        "</svg>",
    ]))


def _look(cell: Cell) -> tuple:
    """What a heat map cell shows: its figure, its colours and whether its corner is hatched."""
    if not cell.total:
        return ()
    share = cell.share(Score.MET)
    return (_pct(share), *_step(share), bool(cell.counts.get(Score.NOT_MET)))


def _draw(id_: str, look: tuple) -> str:
    """One look of a cell, drawn once at the origin for every cell that shows it."""
    cell_w, cell_h = CELL_W, CELL_H
    middle, baseline = cell_w / 2, cell_h // 2 + 4
    if not look:
        return (f'<g id="{id_}"><rect width="{cell_w}" height="{cell_h}" fill="#ffffff" stroke="#d8dde0"/>'
                f'<text x="{middle}" y="{baseline}" font-size="11" text-anchor="middle" fill="#4c6272">–</text></g>')
    pct, fill, ink, hatched = look
    corner = (f'<polygon points="{cell_w - 10},0 {cell_w},0 {cell_w},10" fill="url(#hatch)" stroke="#d5281b"/>'
              if hatched else "")
    return (f'<g id="{id_}"><rect width="{cell_w}" height="{cell_h}" fill="{fill}" stroke="#ffffff"/>{corner}'
            f'<text x="{middle}" y="{baseline}" font-size="10" text-anchor="middle" fill="{ink}">{pct}</text></g>')


def bar_chart_svg(items: list[Theme], *, title: str, description: str, label: Callable[[str, str], str]) -> Markup:
    """Horizontal bars: the share of findings not met (solid) and partially met (hatched), labelled in words."""
    label_width, bar_width, row_h, head = 70, 300, 30, 10
    width, height = label_width + bar_width + 200, head + row_h * len(items) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="bars-title" aria-describedby="bars-desc">',
        f'<title id="bars-title">{escape(title)}</title><desc id="bars-desc">{escape(description)}</desc>',
        '<defs><pattern id="bars-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fff9c4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a6d00" stroke-width="2"/>'
        '</pattern></defs>',
    ]
    for n, item in enumerate(items):
        y = head + n * row_h
        not_met = item.not_met_share * bar_width
        partial = (item.partially_met / item.findings if item.findings else 0) * bar_width
        parts += [
            f'<text x="{label_width - 8}" y="{y + 19}" font-size="13" text-anchor="end" fill="#212b32">{escape(item.code)}</text>',
            f'<rect x="{label_width}" y="{y + 4}" width="{bar_width}" height="22" fill="#ffffff" stroke="#aeb7bd"/>',
            f'<rect x="{label_width}" y="{y + 4}" width="{not_met:.1f}" height="22" fill="#d5281b"/>',
            f'<rect x="{label_width + not_met:.1f}" y="{y + 4}" width="{partial:.1f}" height="22" fill="url(#bars-hatch)"/>',
            f'<text x="{label_width + bar_width + 8}" y="{y + 19}" font-size="13" fill="#212b32">'
            f'{escape(label(_pct(item.not_met_share), _pct(partial / bar_width)))}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


MARKERS = ("circle", "square", "triangle", "diamond", "cross")
LINE_COLOURS = ("#005eb8", "#d5281b", "#007f3b", "#330072", "#ed8b00")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    if shape == "triangle":
        return f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}" fill="{colour}"/>'
    if shape == "diamond":
        return f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}" fill="{colour}"/>'
    return (f'<path d="M{x - 5:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 5:.1f} M{x - 5:.1f},{y + 5:.1f} L{x + 5:.1f},{y - 5:.1f}" '
            f'stroke="{colour}" stroke-width="3"/>')


def trend_svg(trend: Trend, codes: list[str], *, title: str, description: str) -> Markup:
    """Not-met share by cycle year for a few standards: one line each, with its own marker shape and its
    code written at the end of the line."""
    left, top, plot_w, plot_h = 50, 20, 420, 200
    width, height = left + plot_w + 90, top + plot_h + 40
    years = trend.years
    step = plot_w / max(len(years) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="trend-title" aria-describedby="trend-desc">',
        f'<title id="trend-title">{escape(title)}</title><desc id="trend-desc">{escape(description)}</desc>',
    ]
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * pct / 100
        parts.append(f'<line x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}" stroke="#d8dde0"/>'
                     f'<text x="{left - 6}" y="{y + 4}" font-size="11" text-anchor="end" fill="#4c6272">{pct}%</text>')
    for i, year in enumerate(years):
        parts.append(f'<text x="{left + i * step:.1f}" y="{top + plot_h + 20}" font-size="12" text-anchor="middle" fill="#212b32">{year}</text>')
    for n, code in enumerate(codes):
        colour, shape = LINE_COLOURS[n % len(LINE_COLOURS)], MARKERS[n % len(MARKERS)]
        points = [(left + i * step, top + plot_h - plot_h * share)
                  for i, year in enumerate(years) if (share := trend.share(code, year)) is not None]
        if not points:
            continue
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [_marker(shape, x, y, colour) for x, y in points]
        x, y = points[-1]
        parts.append(f'<text x="{x + 10:.1f}" y="{y + 4 + (n - len(codes) / 2) * 3:.1f}" font-size="12" fill="{colour}">{escape(code)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
