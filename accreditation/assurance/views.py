"""The assurance view: the register, the heat map, themes for planning, the board report and the CSV."""
from datetime import date

from flask import Response, abort, render_template, request, stream_with_context
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from accreditation import db
from accreditation.assurance import bp, charts, queries
from accreditation.assurance.board_report import BoardReport, render_board_report
from accreditation.actions.forms import FilterForm as ActionFilterForm
from accreditation.actions.models import ActionStatus
from accreditation.assurance.exports import actions_csv, register_csv
from accreditation.assurance.forms import RegisterFilterForm, ReportDateForm
from accreditation.i18n import html_lang
from accreditation.organisation.models import Organisation
from accreditation.roles import Permission, requires


def _filters(summary: list[queries.Summary]) -> tuple[RegisterFilterForm, queries.Filters]:
    form = RegisterFilterForm(MultiDict(request.args))
    form.directorate.choices = [("", _("All directorates"))] + [(s.directorate_id, s.directorate) for s in summary[:-1]]
    form.validate()
    directorate = form.directorate.data if any(form.directorate.data == s.directorate_id for s in summary[:-1]) else None
    status = form.status.data if form.status.data in set(queries.Status) else None
    return form, queries.Filters(
        directorate_id=directorate, status=queries.Status(status) if status else None,
        expiring=bool(form.expiring.data), interim_due=bool(form.interim.data),
    )


def _page() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) >= 1 else 1


@bp.route("/")
@requires(Permission.VIEW_ASSURANCE)
def register():
    today = date.today()
    db_session = db.session()
    summary = queries.summary(db_session, today)
    form, filters = _filters(summary)
    page = _page()
    rows, total = queries.register_page(db_session, today, filters, page)
    pages = max(1, -(-total // queries.PAGE_SIZE))
    if page > pages:
        abort(404)
    return render_template(
        "assurance/register.jinja", today=today, directorate_summary=summary, filter_form=form, filters=filters, rows=rows, total=total,
        page=page, pages=pages, Status=queries.Status, action_counts=queries.actions_by_directorate(db_session, today),
        unfinished=queries.UNFINISHED,
    )


def _closing(db_session, lines):
    """The rows are read while the response streams, after the request's own teardown has closed the session:
    close it again at the end, or every download keeps a database connection out of the pool."""
    try:
        yield from lines
    finally:
        db_session.close()


@bp.route("/register.csv")
@requires(Permission.VIEW_ASSURANCE)
def register_export():
    today = date.today()
    db_session = db.session()
    _form, filters = _filters(queries.summary(db_session, today))
    rows = queries.stream_register(db_session, today, filters)
    return Response(
        stream_with_context(_closing(db_session, register_csv(rows))), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="register-{today.isoformat()}.csv"',
                 "Cache-Control": "private, no-store"},
    )


@bp.route("/actions.csv")
@requires(Permission.VERIFY_ACTIONS)
def actions_export():
    """Every team's improvement actions, with the filters of the QA team's list (actions.index)."""
    today = date.today()
    db_session = db.session()
    form = ActionFilterForm(request.args)
    form.directorate.choices = [("", "")] + [(d_id, name) for d_id, name in queries.directorates(db_session)]
    valid = form.validate()
    filters = queries.ActionFilters(
        directorate_id=form.directorate.data if valid else None,
        status=ActionStatus(form.status.data) if valid and form.status.data else None, overdue=valid and form.overdue.data,
    )
    return Response(
        stream_with_context(actions_csv(queries.stream_actions(db_session, today, filters))), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="improvement-actions-{today.isoformat()}.csv"',
                 "Cache-Control": "private, no-store"},
    )


@bp.route("/heat-map")
@requires(Permission.VIEW_ASSURANCE)
def heat_map():
    today = date.today()
    db_session = db.session()
    directorates = queries.directorates(db_session)
    raw = request.args.get("directorate", "")
    directorate = next((d for d in directorates if str(d[0]) == raw), None)
    if raw and directorate is None:
        abort(404)
    heat = queries.heat_map(db_session, today, directorate[0] if directorate else None)
    title = (_("Standards met in %(directorate)s, by team", directorate=directorate[1]) if directorate
             else _("Standards met, by directorate"))
    chart = charts.heat_map_svg(heat, title=title, description=_(
        "Each cell gives the share of findings for a standard that were met, as a percentage written in the cell; "
        "darker cells have more met. A hatched red corner marks a standard not met in at least one team. "
        "The table below the chart gives the same figures."
    )) if heat.rows else None
    return render_template("assurance/heat_map.jinja", heat=heat, chart=chart, title=title, directorate=directorate,
                           directorates=directorates, today=today)


@bp.route("/themes")
@requires(Permission.VIEW_UNMET_STANDARDS)
def themes():
    today = date.today()
    db_session = db.session()
    found = queries.themes(db_session, today)
    trend = queries.trend(db_session, today)
    top = [t for t in found if t.not_met][:10]
    bars = charts.bar_chart_svg(top, title=_("Standards most often not met"), description=_(
        "For each standard, the share of teams' current findings that were not met (solid red bar) "
        "and partially met (hatched yellow bar), written beside the bar. The table below gives the same figures."
    ), label=lambda not_met, partly: _("%(not_met)s not met, %(partly)s partly", not_met=not_met, partly=partly)) if top else None
    lines = charts.trend_svg(trend, [t.code for t in top[:5]], title=_("Not met, by cycle year"), description=_(
        "One line for each of the five standards most often not met: the share of findings not met in each year "
        "cycles opened. Each line has its own marker shape and its code at its end. The table below gives the figures."
    )) if top and trend.years else None
    return render_template("assurance/themes.jinja", themes=found, bars=bars, trend=trend, lines=lines, today=today)


@bp.route("/board-report")
@requires(Permission.VIEW_ASSURANCE)
def board_report():
    form = ReportDateForm(request.args)
    if not any(k.startswith("on[") for k in request.args) or not form.validate():
        return render_template("assurance/board_report.jinja", form=form), (400 if form.errors else 200)
    on = form.on.data
    db_session = db.session()
    report = BoardReport(
        on=on, organisation=", ".join(db_session.scalars(select(Organisation.name).order_by(Organisation.name))),
        language=html_lang(), summary=queries.summary(db_session, on), heat=queries.heat_map(db_session, on),
        themes=[t for t in queries.themes(db_session, on) if t.not_met][:10],
        actions=queries.actions_by_directorate(db_session, on),
        attention=queries.stream_attention(db_session, on),
    )
    pdf = render_board_report(report)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="board-assurance-report-{on.isoformat()}.pdf"',
        "Cache-Control": "private, no-store",
    })
