"""The write side's part in keeping the assurance figures: move the figures generation on, in the same
transaction, whenever a flush can move a figure.

Installed on every SQLAlchemy session when the assurance package is imported (the app factory and the
migrations import it), so the features that write (panels, actions, organisation) never import assurance.
A reader reads the generation before the figures: under read committed, a rendering kept under a generation is
then never older than that generation. Writes made outside an ORM session (the migrations, bench.seed's bulk
COPY into an empty database) do not move it.
"""
from itertools import chain

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from accreditation.assurance.models import FiguresGeneration
from accreditation.db import utcnow

# Every table the kept figures read (assurance/queries.py: summary, register rows, heat map, action counts; the
# register's CSV; actions/queries.py: the QA team's list of actions). People are not among them: the list shows
# its actions' owners by name, and nothing in the app changes a person's name.
# Standards change only as drafts (published versions never do); a draft's edit moves the number for nothing,
# which costs one re-rendering.
FIGURE_TABLES = frozenset({
    "organisation", "directorate", "team", "accreditation", "decision", "agenda_item", "consolidated_finding",
    "standard", "improvement_action",
})
# Attributes of those tables that no kept figure reads: a change to these alone leaves the figures as they are.
# Teams edit their actions' plans and progress all day; only an action's status, due date and owner (the QA
# team's list shows who owns it) move what is kept. (Listing one here that a figure does read would keep an old
# figure: the tests of each kept figure check its SQL never names these columns.)
UNREAD = {
    "improvement_action": frozenset({
        "finding_id", "finding", "what_will_change", "how_we_will_know", "created_at", "completed_at",
        "completed_by_id", "verified_at", "verified_by_id", "involved", "updates", "comments", "verdicts",
    }),
    "agenda_item": frozenset({"panel_id", "panel", "position", "reason", "declarations"}),
    "team": frozenset({"kind", "service_type", "site"}),
    "organisation": frozenset({"code", "is_demo"}),
}
_TABLE = FiguresGeneration.__table__
_BUMP = update(_TABLE).where(_TABLE.c.id == 1).values(n=_TABLE.c.n + 1)
_CURRENT = select(_TABLE.c.n, _TABLE.c.changed_at).where(_TABLE.c.id == 1)  # built once: every kept page reads it


def _tables(mapper) -> set[str]:
    return {table.name for table in mapper.tables}


def _changes_a_read_attribute(state, tables: set[str]) -> bool:
    """Whether a changed object's net changes (columns or relationships, read without loading anything)
    include one that a figure reads."""
    unread = frozenset.intersection(*(UNREAD.get(t, frozenset()) for t in tables))
    return any(attr.history.has_changes() for attr in state.attrs if attr.key not in unread)


def _moves_figures(session: Session) -> bool:
    for obj in chain(session.new, session.deleted):
        if _tables(inspect(obj).mapper) & FIGURE_TABLES:
            return True
    for obj in session.dirty:
        state = inspect(obj)
        if (tables := _tables(state.mapper) & FIGURE_TABLES) and _changes_a_read_attribute(state, tables):
            return True
    return False


def bump(session: Session) -> None:
    # On the session's connection, not through the ORM: no flush, no event of its own.
    session.connection().execute(_BUMP.values(changed_at=utcnow()))


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _flush_context, _instances) -> None:
    if _moves_figures(session):
        bump(session)


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state) -> None:
    """An ORM-enabled UPDATE, DELETE or INSERT statement on a figure table (no flush sees those)."""
    if state.is_select or not (state.is_update or state.is_delete or state.is_insert):
        return
    if any(_tables(mapper) & FIGURE_TABLES for mapper in state.all_mappers):
        bump(state.session)


def current(session: Session) -> tuple | None:
    """The generation now: (number, when it last moved), or None if the row is missing (keep nothing then)."""
    row = session.execute(_CURRENT).first()
    return tuple(row) if row is not None else None

