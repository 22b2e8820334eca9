"""The register and the improvement actions as CSV, spreadsheet-safe, written in chunks of many rows.

The register's file is the same for every reader of an address on a day in a language, and reads only what moves
the figures generation, so it is made whole once and kept (views.register_export, kept.py). The actions' file
also holds each action's plan, whose edits leave the generation where it is (generation.UNREAD), so it is
streamed afresh for each download, never held in memory whole.

Every label (a status, an award, a standard's title) is translated once per download, not once per row: at
20,000 teams the register's 40,000 gettext calls were most of its 0.6 s of CPU."""
import csv
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

from accreditation.actions.models import ActionStatus
from accreditation.assurance.queries import ActionRow, RegisterRow, Status
from accreditation.panels.outcome import Outcome

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and carriage return,
# a cell a formula can hide behind): such a cell is kept as text by a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters written before a chunk goes out: a chunk per row made a send per row when streamed.
CHUNK = 64 * 1024
# Finished files kept per app server: the register of 20,000 teams is 2.1 MB in English, 2.9 MB in Bengali.
KEEP, KEEP_BYTES = 64, 16 * 2**20


@dataclass(frozen=True)
class Export:
    """A finished file, kept as the bytes sent."""

    body: bytes

    @property
    def size(self) -> int:
        return sys.getsizeof(self.body)


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _chunks(header: list, rows: Iterable[list]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(v) for v in header])
    for values in rows:
        writer.writerow([safe_cell(v) for v in values])
        if out.tell() >= CHUNK:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def _day(value) -> str:
    return value.isoformat() if value else ""


def register_csv(rows: Iterable[RegisterRow]) -> Iterator[str]:
    statuses, awards = {s: str(s.label) for s in Status}, {o: str(o.label) for o in Outcome}
    header = [
        _("Organisation"), _("Directorate"), _("Team"), _("Status"), _("Award"), _("Valid from"), _("Valid until"),
        _("Interim review due"), _("Decision"),
    ]
    yield from _chunks(header, (
        [r.organisation, r.directorate, r.team, statuses[r.status], awards[r.outcome] if r.outcome else "",
         _day(r.valid_from), _day(r.valid_until), _day(r.interim_review_due), r.decision_id or ""]
        for r in rows
    ))


def actions_csv(rows: Iterable[ActionRow]) -> Iterator[str]:
    statuses, yes_no = {s: str(s.label) for s in ActionStatus}, {True: _("Yes"), False: _("No")}
    standards: dict[tuple[str, str], str] = {}  # by code and English title: a title may differ between versions
    header = [
        _("Action"), _("Organisation"), _("Directorate"), _("Team"), _("Decision"), _("Standard"), _("Condition"), _("Status"),
        _("Overdue"), _("Due date"), _("Owner"), _("What will change"), _("How you will know it worked"),
        _("Created on"), _("Completed on"), _("Verified on"),
    ]

    def standard(r: ActionRow) -> str:
        if not r.standard_code:
            return ""
        key = (r.standard_code, r.standard_english)
        if key not in standards:
            standards[key] = f"{r.standard_code} {r.standard}"
        return standards[key]

    yield from _chunks(header, (
        [r.id, r.organisation, r.directorate, r.team, r.decision_id, standard(r), r.condition, statuses[r.status],
         yes_no[r.overdue], _day(r.due_on), r.owner, r.what_will_change, r.how_we_will_know, _day(r.created_at),
         _day(r.completed_at), _day(r.verified_at)]
        for r in rows
    ))
