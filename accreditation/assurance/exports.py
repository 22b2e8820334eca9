"""The register and the improvement actions as CSV, streamed row by row: spreadsheet-safe and never held in
memory whole."""
import csv
import io
from collections.abc import Iterable, Iterator

from flask_babel import gettext as _

from accreditation.assurance.queries import ActionRow, RegisterRow

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and carriage return,
# a cell a formula can hide behind): such a cell is kept as text by a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _line(values) -> str:
    out = io.StringIO()
    csv.writer(out).writerow([safe_cell(v) for v in values])
    return out.getvalue()


def register_csv(rows: Iterable[RegisterRow]) -> Iterator[str]:
    yield _line([
        _("Organisation"), _("Directorate"), _("Team"), _("Status"), _("Award"), _("Valid from"), _("Valid until"),
        _("Interim review due"), _("Decision"),
    ])
    for r in rows:
        yield _line([
            r.organisation, r.directorate, r.team, r.status.label, r.outcome.label if r.outcome else "",
            r.valid_from.isoformat() if r.valid_from else "", r.valid_until.isoformat() if r.valid_until else "",
            r.interim_review_due.isoformat() if r.interim_review_due else "", r.decision_id or "",
        ])


def _day(value) -> str:
    return value.isoformat() if value else ""


def actions_csv(rows: Iterable[ActionRow]) -> Iterator[str]:
    yield _line([
        _("Action"), _("Organisation"), _("Directorate"), _("Team"), _("Decision"), _("Standard"), _("Condition"), _("Status"),
        _("Overdue"), _("Due date"), _("Owner"), _("What will change"), _("How you will know it worked"),
        _("Created"), _("Completed"), _("Verified"),
    ])
    for r in rows:
        yield _line([
            r.id, r.organisation, r.directorate, r.team, r.decision_id, f"{r.standard_code} {r.standard}" if r.standard_code else "",
            r.condition, r.status.label, _("Yes") if r.overdue else _("No"), _day(r.due_on), r.owner,
            r.what_will_change, r.how_we_will_know, _day(r.created_at), _day(r.completed_at), _day(r.verified_at),
        ])
