"""The register as CSV, streamed row by row: spreadsheet-safe and never held in memory whole."""
import csv
import io
from collections.abc import Iterable, Iterator

from flask_babel import gettext as _

from accreditation.assurance.queries import RegisterRow

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
        _("Directorate"), _("Team"), _("Status"), _("Award"), _("Valid from"), _("Valid until"),
        _("Interim review due"), _("Decision"),
    ])
    for r in rows:
        yield _line([
            r.directorate, r.team, r.status.label, r.outcome.label if r.outcome else "",
            r.valid_from.isoformat() if r.valid_from else "", r.valid_until.isoformat() if r.valid_until else "",
            r.interim_review_due.isoformat() if r.interim_review_due else "", r.decision_id or "",
        ])
