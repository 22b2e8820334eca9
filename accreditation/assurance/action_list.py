"""The QA team's list of every team's improvement actions (/actions/, the actions blueprint's index), kept once
rendered like the register's figures.

Only the QA team may see it, and nothing on it depends on who reads it, so a page of it is the same for every
reader of an address on a day in a language: the filters, the count, the page of 100 actions and the links to
the other pages are kept under the figures generation (kept.py), and the heading, navigation and form token are
rendered around them for each reader. The list is added to the actions blueprint from here, keeping its address,
because no earlier feature imports assurance (where the generation is kept); its rows are read by
actions.queries, which loads only the columns the list shows."""
from dataclasses import dataclass
from datetime import date

from flask import abort, render_template, request
from werkzeug.datastructures import MultiDict

from accreditation import db
from accreditation.actions import bp as actions_bp
from accreditation.actions import queries
from accreditation.actions.forms import FilterForm
from accreditation.actions.models import ActionStatus
from accreditation.assurance import views
from accreditation.assurance.kept import Rendered, figures, page
from accreditation.organisation.scope import id_arg
from accreditation.roles import Permission, requires


@dataclass(frozen=True)
class ListChoices:
    """What the address asks the list for, read without the database (part of the kept rendering's key)."""

    organisation: int | None
    directorate: int | None
    status: ActionStatus | None
    overdue: bool
    page: int

    @classmethod
    def read(cls, args) -> "ListChoices":
        status, raw = args.get("status", ""), args.get("page", "1")
        return cls(
            organisation=id_arg(args, "organisation"), directorate=id_arg(args, "directorate"),
            status=ActionStatus(status) if status in {s.value for s in ActionStatus} else None,
            overdue=args.get("overdue", "") not in ("", "false"),  # as the form's check box reads it
            page=int(raw) if raw.isdigit() and int(raw) >= 1 else 1,
        )

    def filters(self) -> dict:
        """The status and overdue filters as query arguments."""
        return ({"status": self.status.value} if self.status else {}) | ({"overdue": "y"} if self.overdue else {})

    def form_args(self) -> MultiDict:
        """What the filter form is filled from: these choices alone, so the rendering depends on nothing else."""
        places = {"organisation": self.organisation, "directorate": self.directorate}
        return MultiDict({k: str(v) for k, v in places.items() if v is not None} | self.filters())


def _listed(on: date, choices: ListChoices) -> Rendered | None:
    db_session = db.session()
    form, scope = FilterForm.read(db_session, choices.form_args())
    chosen = dict(today=on, **form.chosen(scope))
    total = queries.count_actions(db_session, **chosen)
    pages = max(1, -(-total // queries.PAGE_SIZE))
    if choices.page > pages:
        return None
    return Rendered.of(render_template(
        "actions/_list.jinja", actions=queries.all_actions(db_session, page=choices.page, **chosen), total=total,
        page=choices.page, pages=pages, args=scope.args() | choices.filters(), filters=form, scope=scope, today=on,
    ))


@actions_bp.route("/")
@requires(Permission.VERIFY_ACTIONS)
def index():
    on, choices = views.today(), ListChoices.read(request.args)
    kept = figures("actions list", (on, choices), lambda: _listed(on, choices))
    if kept is None:
        abort(404)
    return page("actions/index.jinja", kept)
