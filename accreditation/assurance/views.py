"""The assurance view: the register, the heat map, themes for planning, the board report and the CSV.

Every page works by level (organisation/scope.py): the programme by organisation, an organisation by its
directorates, a directorate by its teams. The figures on the register and the heat map, and the register's CSV,
are kept once made (kept.py); the page around the figures (header, navigation) is rendered for each reader."""
from dataclasses import dataclass, replace
from datetime import date

from flask import Response, abort, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from accreditation import db
from accreditation.actions.forms import FilterForm as ActionFilterForm
from accreditation.assurance import bp, charts, queries
from accreditation.assurance.exports import Export, actions_csv, register_csv
from accreditation.assurance.forms import RegisterFilterForm, ReportDateForm, ScopeForm
from accreditation.assurance.kept import Rendered, figures, page
from accreditation.i18n import html_lang
from accreditation.organisation.scope import Level, Scope, id_arg
from accreditation.roles import Permission, requires


def today() -> date:
    """The day the figures are for (one place, so tests can move it)."""
    return date.today()


def _flag(name: str) -> bool:
    return request.args.get(name, "") not in ("", "0", "false")


@dataclass(frozen=True)
class RegisterChoices:
    """What the address asks the register for, read without the database (part of the kept rendering's key)."""

    organisation: int | None
    directorate: int | None
    status: queries.Status | None
    expiring: bool
    interim_due: bool
    page: int

    @classmethod
    def read(cls) -> "RegisterChoices":
        status = request.args.get("status", "")
        raw = request.args.get("page", "1")
        return cls(
            organisation=id_arg(request.args, "organisation"), directorate=id_arg(request.args, "directorate"),
            status=queries.Status(status) if status in set(queries.Status) else None,
            expiring=_flag("expiring"), interim_due=_flag("interim"),
            page=int(raw) if raw.isdigit() and int(raw) >= 1 else 1,
        )

    def scope_and_filters(self, db_session) -> tuple[Scope, queries.Filters]:
        scope = Scope.load(db_session, self.organisation, self.directorate, strict=False)
        return scope, queries.Filters.of(scope, status=self.status, expiring=self.expiring, interim_due=self.interim_due)


def _register_figures(on: date, choices: RegisterChoices, linked: bool) -> Rendered | None:
    db_session = db.session()
    scope, filters = choices.scope_and_filters(db_session)
    rows, total = queries.register_page(db_session, on, filters, choices.page)
    pages = max(1, -(-total // queries.PAGE_SIZE))
    if choices.page > pages:
        return None
    return Rendered.of(render_template(
        "assurance/_register.jinja", today=on, scope=scope, summary=queries.summary(db_session, on, scope),
        filter_form=RegisterFilterForm.showing(scope, filters), filters=filters, rows=rows, total=total,
        page=choices.page, pages=pages, Status=queries.Status, action_counts=queries.actions_by(db_session, on, scope),
        unfinished=queries.UNFINISHED, linked=linked,
    ))


@bp.route("/")
@requires(Permission.VIEW_ASSURANCE)
def register():
    on, choices = today(), RegisterChoices.read()
    # Only the QA team may follow the action figures to the actions behind them.
    linked = current_user.can(Permission.VERIFY_ACTIONS)
    kept = figures("register", (on, choices, linked), lambda: _register_figures(on, choices, linked))
    if kept is None:
        abort(404)
    return page("assurance/register.jinja", kept)


def _closing(db_session, lines):
    """The rows are read while the response streams, after the request's own teardown has closed the session:
    close it again at the end, or every download keeps a database connection out of the pool."""
    try:
        yield from lines
    finally:
        db_session.close()


def _csv(body, filename: str) -> Response:
    return Response(
        body, mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"},
    )


def _register_file(on: date, choices: RegisterChoices) -> Export:
    db_session = db.session()
    _scope, filters = choices.scope_and_filters(db_session)
    return Export("".join(register_csv(queries.stream_register(db_session, on, filters))).encode())


@bp.route("/register.csv")
@requires(Permission.VIEW_ASSURANCE)
def register_export():
    """The same file for the board and the QA team, made whole once and kept like the register's figures: a kept
    file costs no query of its own (the whole programme's took 0.6 s of CPU)."""
    on, choices = today(), replace(RegisterChoices.read(), page=1)  # a file has no pages
    kept = figures("register.csv", (on, choices), lambda: _register_file(on, choices), store="assurance_exports")
    return _csv(kept.body, f"register-{on.isoformat()}.csv")


@bp.route("/actions.csv")
@requires(Permission.VERIFY_ACTIONS)
def actions_export():
    """Every team's improvement actions, with the filters of the QA team's list (actions.index): streamed, not kept
    (exports.py says why)."""
    on = today()
    db_session = db.session()
    form, scope = ActionFilterForm.read(db_session, request.args)
    filters = queries.ActionFilters(**form.chosen(scope))
    lines = _closing(db_session, actions_csv(queries.stream_actions(db_session, on, filters)))
    return _csv(stream_with_context(lines), f"improvement-actions-{on.isoformat()}.csv")


def heat_map_title(scope: Scope) -> str:
    if scope.level is Level.DIRECTORATE:
        if scope.several:
            return _("Standards met in %(directorate)s, %(organisation)s, by team",
                     directorate=scope.directorate.name, organisation=scope.organisation.name)
        return _("Standards met in %(directorate)s, by team", directorate=scope.directorate.name)
    if scope.level is Level.ORGANISATION and scope.several:
        return _("Standards met in %(organisation)s, by directorate", organisation=scope.organisation.name)
    return _("Standards met, by directorate") if scope.level is Level.ORGANISATION else _("Standards met, by organisation")


def _heat_map_figures(on: date, organisation: int | None, directorate: int | None) -> Rendered | None:
    db_session = db.session()
    try:
        scope = Scope.load(db_session, organisation, directorate, strict=True)
    except NotFound:
        return None
    heat = queries.heat_map(db_session, on, scope)
    title = heat_map_title(scope)
    chart = charts.heat_map_svg(heat, title=title, description=_(
        "Each cell gives the share of findings for a standard that were met, as a percentage written in the cell; "
        "darker cells have more met. A hatched red corner marks a standard not met in at least one team. "
        "The table below the chart gives the same figures."
    )) if heat.rows else None
    return Rendered.of(render_template(
        "assurance/_heat_map.jinja", heat=heat, chart=chart, title=title, scope=scope, form=ScopeForm.of(scope), today=on,
        Level=Level,
    ), title)


@bp.route("/heat-map")
@requires(Permission.VIEW_ASSURANCE)
def heat_map():
    on = today()
    organisation, directorate = id_arg(request.args, "organisation"), id_arg(request.args, "directorate")
    kept = figures("heat map", (on, organisation, directorate), lambda: _heat_map_figures(on, organisation, directorate))
    if kept is None:
        abort(404)
    return page("assurance/heat_map.jinja", kept, title=kept.title)


@bp.route("/themes")
@requires(Permission.VIEW_UNMET_STANDARDS)
def themes():
    on = today()
    db_session = db.session()
    found = queries.themes(db_session, on)
    trend = queries.trend(db_session, on)
    top = [t for t in found if t.not_met][:10]
    bars = charts.bar_chart_svg(top, title=_("Standards most often not met"), description=_(
        "For each standard, the share of teams' current findings that were not met (solid red bar) "
        "and partially met (hatched yellow bar), written beside the bar. The table below gives the same figures."
    ), label=lambda not_met, partly: _("%(not_met)s not met, %(partly)s partly", not_met=not_met, partly=partly)) if top else None
    lines = charts.trend_svg(trend, [t.code for t in top[:5]], title=_("Not met, by cycle year"), description=_(
        "One line for each of the five standards most often not met: the share of findings not met in each year "
        "cycles opened. Each line has its own marker shape and its code at its end. The table below gives the figures."
    )) if top and trend.years else None
    return render_template("assurance/themes.jinja", themes=found, bars=bars, trend=trend, lines=lines, today=on)


def board_report_of(db_session, on: date, scope: Scope):
    """The board report's figures for the scope, read in a few queries; only the list of teams that need
    attention (one organisation's) is streamed while the PDF is made. Across the programme, those teams are
    counted per organisation, in the summary."""
    # ReportLab and the fonts (some 10 MB a worker) load when a board report is first made, as in reports/views.
    from accreditation.assurance.board_report import BoardReport

    heat = queries.heat_map(db_session, on, scope)
    return BoardReport(
        on=on, organisation=scope.organisation.name if scope.organisation is not None else queries.total_name(scope),
        language=html_lang(), by_organisation=scope.organisation is None, summary=queries.summary(db_session, on, scope),
        heat=heat, themes=[t for t in queries.themes_of(heat) if t.not_met][:10],
        actions=queries.actions_by(db_session, on, scope),
        attention=iter(()) if scope.organisation is None else queries.stream_attention(db_session, on, scope),
    )


@bp.route("/board-report")
@requires(Permission.VIEW_ASSURANCE)
def board_report():
    db_session = db.session()
    form = ReportDateForm(request.args)
    scope = Scope.load(db_session, id_arg(request.args, "organisation"), None, strict=True)
    form.organisation.choices = [("", _("All organisations"))] + [(o.id, o.name) for o in scope.organisations]
    form.organisation.data = scope.organisation_id if scope.several else None
    if not any(k.startswith("on[") for k in request.args) or not form.validate():
        return render_template("assurance/board_report.jinja", form=form, scope=scope), (400 if form.errors else 200)
    on = form.on.data
    from accreditation.assurance.board_report import render_board_report  # lazy: see board_report_of

    pdf = render_board_report(board_report_of(db_session, on, scope))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="board-assurance-report-{on.isoformat()}.pdf"',
        "Cache-Control": "private, no-store",
    })
