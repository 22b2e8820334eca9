"""The board assurance report as PDF (ReportLab). It renders plain data and never queries: the register rows
arrive as an iterator the caller streams from the database, and are laid out in small tables as they come.

For the whole programme every table is by organisation, and the teams that need attention are counted per
organisation; for one organisation, the tables are by directorate and those teams are listed."""
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from accreditation.assurance.charts import STEPS
from accreditation.assurance.queries import UNFINISHED, ActionCounts, HeatMap, RegisterRow, Status, Summary, Theme
from accreditation.reports.fonts import BODY, BOLD, families
from accreditation.review.models import Score

INK = colors.HexColor("#212b32")
NHS_BLUE = colors.HexColor("#005eb8")
GRID = colors.HexColor("#d8dde0")
ROWS_PER_TABLE = 40  # small tables split cheaply across pages, so thousands of rows stay quick


@dataclass(frozen=True)
class BoardReport:
    on: date
    organisation: str  # the organisation's name, or what the whole programme is called
    language: str
    by_organisation: bool  # the whole programme, by organisation; else one organisation, by directorate
    summary: list[Summary]
    heat: HeatMap
    themes: list[Theme]
    actions: list[ActionCounts]  # one row per organisation or directorate: small, whatever the number of actions
    attention: Iterable[RegisterRow]  # one organisation's, streamed: awards expired or ending soon, and deferrals

    @property
    def row_heading(self) -> str:
        return _("Organisation") if self.by_organisation else _("Directorate")


def _styles():
    return {
        "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=20, leading=26, textColor=NHS_BLUE, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=14, leading=18, textColor=INK, spaceBefore=12, spaceAfter=6),
        "body": ParagraphStyle("body", fontName=BODY, fontSize=10, leading=14, textColor=INK),
        "cell": ParagraphStyle("cell", fontName=BODY, fontSize=8, leading=10, textColor=INK),
    }


def _table(data, widths, header_rows=1, extra=(), wrap_head=True) -> Table:
    head = ParagraphStyle("head", fontName=BOLD, fontSize=8, leading=10, textColor=INK)
    # Headers wrap rather than run into each other.
    data = [[Paragraph(escape(v), head) if wrap_head and isinstance(v, str) else v for v in row] for row in data[:header_rows]] + data[header_rows:]
    table = Table(data, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), BODY, 8),
        ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        *extra,
    ]))
    return table


def _chunks(rows: Iterable) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, ROWS_PER_TABLE)):
        yield chunk


def _totalled_table(head: list, rows: list[list], widths: list) -> Table:
    """A table whose last row is the total. One row per organisation or directorate: a few hundred at most, which
    ReportLab splits across pages (repeating the header) quickly; only the unbounded list of teams is laid out
    in small tables."""
    return _table([head, *rows], widths, extra=[("FONT", (0, len(rows)), (-1, len(rows)), BOLD, 8),
                                                ("ALIGN", (1, 1), (-1, -1), "RIGHT")])


def _summary_table(report: BoardReport) -> Table:
    statuses = list(Status)
    # Translators: a column of counts: how many teams' interim reviews are due.
    interim = _("Interim reviews due")
    head = [report.row_heading, _("Teams"), *[str(s.label) for s in statuses], _("Ending within 90 days"), interim]
    rows = [[s.name, s.teams, *[s.by_status[x] for x in statuses], s.expiring, s.interim_due] for s in report.summary]
    widths = [5.2 * cm, 1.5 * cm] + [2.1 * cm] * len(statuses) + [2.4 * cm, 2.4 * cm]
    return _totalled_table(head, rows, widths)


def _heat_table(report: BoardReport, styles) -> Table:
    heat = report.heat
    codes = [code for code, _title in heat.standards]
    head = [report.row_heading, *codes]
    colour = {fill: (colors.HexColor(fill), colors.HexColor(ink)) for _lowest, fill, ink in STEPS}
    body, extra = [], []
    for r, (row_id, name) in enumerate(heat.rows, start=1):
        line = [Paragraph(escape(name), styles["cell"])]
        for c, code in enumerate(codes, start=1):
            cell = heat.cell(row_id, code)
            if not cell.total:
                line.append("–")
                continue
            share = cell.share(Score.MET)
            # The share is written in the cell, and a "!" marks any standard not met: colour is never alone.
            line.append(f"{round(share * 100)}%" + ("!" if cell.counts.get(Score.NOT_MET) else ""))
            fill, ink = colour[next(f for lowest, f, _i in reversed(STEPS) if share >= lowest)]
            extra += [("BACKGROUND", (c, r), (c, r), fill), ("TEXTCOLOR", (c, r), (c, r), ink)]
        body.append(line)
    widths = [4.4 * cm] + [0.96 * cm] * len(codes)
    return _table([head, *body], widths, extra=[("FONT", (1, 0), (-1, -1), BODY, 6.5), ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                                                ("FONT", (1, 0), (-1, 0), BOLD, 6.5), *extra], wrap_head=False)


def _actions_table(report: BoardReport) -> Table:
    head = [report.row_heading, *[str(s.label) for s in UNFINISHED], _("Overdue")]
    rows = [[a.name, *[a.by_status[s] for s in UNFINISHED], a.overdue] for a in report.actions]
    widths = [5.2 * cm] + [3 * cm] * len(UNFINISHED) + [3 * cm]
    return _totalled_table(head, rows, widths)


def _attention_by_organisation(report: BoardReport, styles) -> list:
    """Across the programme: per organisation, how many teams' awards have expired, end within 90 days, or were
    deferred (from the summary). Organisations with none are left out; the total row stays."""
    rows = [[s.name, s.by_status[Status.EXPIRED], s.expiring, s.by_status[Status.DEFERRED]] for s in report.summary
            if s.id is None or s.by_status[Status.EXPIRED] or s.expiring or s.by_status[Status.DEFERRED]]
    head = [_("Organisation"), str(Status.EXPIRED.label), _("Ending within 90 days"), str(Status.DEFERRED.label)]
    return [
        Paragraph(escape(_(
            "For each organisation, how many teams' awards have expired or end within 90 days, and how many teams' "
            "decisions were deferred. Organisations with none are left out. Choose an organisation for the list "
            "of its teams; the full register is in the CSV export."
        )), styles["body"]),
        Spacer(0, 6),
        _totalled_table(head, rows, [8 * cm, 3.5 * cm, 3.5 * cm, 3.5 * cm]),
    ]


def _register_tables(rows: Iterable[RegisterRow], styles) -> Iterator[Table]:
    head = [_("Directorate"), _("Team"), _("Status"), _("Valid until"), _("Interim review due")]
    widths = [5.5 * cm, 8 * cm, 4.5 * cm, 3.5 * cm, 3.5 * cm]
    day = lambda d: format_date(d, "d MMM yyyy") if d else ""  # noqa: E731
    for chunk in _chunks(rows):
        yield _table([head, *[[r.directorate, r.team[:60], str(r.status.label),
                               day(r.valid_until), day(r.interim_review_due)] for r in chunk]], widths)


class _Story(list):
    """The flowables, with a tail made only as the document reaches it (platypus takes them from the front)."""

    def __init__(self, head: list, tail: Iterator):
        super().__init__(head)
        self._tail = tail

    def _fill(self) -> None:
        if not super().__len__() and (following := next(self._tail, None)) is not None:
            self.append(following)

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __getitem__(self, index):
        self._fill()
        return super().__getitem__(index)


def render_board_report(report: BoardReport) -> bytes:
    families()  # the letters' and reports' body font: registered once per process, for both
    styles = _styles()
    out = io.BytesIO()
    title = _("Board assurance report: service user-led accreditation, %(date)s", date=format_date(report.on, "d MMMM yyyy"))
    doc = SimpleDocTemplate(
        out, pagesize=landscape(A4), title=title, author=report.organisation, lang=report.language,
        subject=_("Service user-led accreditation"), leftMargin=1.2 * cm, rightMargin=1.2 * cm,
        topMargin=1.2 * cm, bottomMargin=1.2 * cm, initialFontName=BODY, invariant=True, displayDocTitle=True,
    )
    total = report.summary[-1]
    story = [
        Paragraph(escape(title), styles["h1"]),
        Paragraph(escape(report.organisation), styles["body"]),
        Paragraph(escape(_("Summary")), styles["h2"]),
        Paragraph(escape(_(
            "%(accredited)s of %(teams)s teams hold an award; %(expiring)s awards end within 90 days; "
            "%(expired)s have expired; %(interim)s interim reviews are due within 60 days.",
            accredited=total.accredited, teams=total.teams, expiring=total.expiring,
            expired=total.by_status[Status.EXPIRED], interim=total.interim_due,
        )), styles["body"]),
        Spacer(0, 6),
        _summary_table(report),
        Paragraph(escape(_("Standards met, by organisation") if report.by_organisation else _("Standards met, by directorate")),
                  styles["h2"]),
        Paragraph(escape(_(
            "Each cell is the share of teams' current findings for the standard that were met; "
            "\"!\" marks a cell where the standard was not met in at least one team; \"–\" means no findings."
        )), styles["body"]),
        Spacer(0, 6),
        _heat_table(report, styles),
        Paragraph(escape(_("Standards most often not met")), styles["h2"]),
        _table([[_("Standard"), _("Title"), _("Not met"), _("Partially met"), _("Findings")],
                *[[t.code, Paragraph(escape(t.title), styles["cell"]), f"{round(t.not_met_share * 100)}% ({t.not_met})",
                   t.partially_met, t.findings] for t in report.themes]],
               [2.5 * cm, 13 * cm, 3.5 * cm, 3 * cm, 3 * cm]),
        Paragraph(escape(_("Improvement actions: open and overdue")), styles["h2"]),
        Paragraph(escape(" ".join((
            ngettext("%(num)d improvement action is not yet finished.", "%(num)d improvement actions are not yet finished.",
                     report.actions[-1].unfinished),
            ngettext("%(num)d is past its due date.", "%(num)d are past their due date.", report.actions[-1].overdue),
        ))), styles["body"]),
        Spacer(0, 6),
        _actions_table(report),
        Paragraph(escape(_("Teams that need attention")), styles["h2"]),
    ]
    if report.by_organisation:
        story += _attention_by_organisation(report, styles)
    else:
        story += [
            Paragraph(escape(_(
                "Teams whose award has expired or ends within 90 days, and teams whose decision was deferred. "
                "The full register, interim reviews included, is in the CSV export."
            )), styles["body"]),
            Spacer(0, 6),
        ]
    doc.build(_Story(story, _register_tables(report.attention, styles)))
    return out.getvalue()
