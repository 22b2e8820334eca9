"""Where a reader of programme-wide figures is looking: the whole programme, one organisation, or one directorate.

Figures are broken down one level below: the programme by organisation, an organisation by its directorates, a
directorate by its teams. With a single organisation (one trust's own deployment) the reader starts inside it,
and no choice of organisation is offered. Built from the `organisation` and `directorate` query arguments, in one
small query that also gives the choices for their selects (the organisations; the chosen one's directorates).
"""
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Integer, Select, cast, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session
from werkzeug.exceptions import NotFound

from accreditation.organisation.models import Directorate, Organisation, Team


class Named(NamedTuple):
    id: int
    name: str


class Level(enum.Enum):
    """What the reader looks at, and so what each row of a breakdown is."""

    PROGRAMME = "programme"  # rows are organisations
    ORGANISATION = "organisation"  # rows are the organisation's directorates
    DIRECTORATE = "directorate"  # rows are the directorate's teams


def id_arg(args: Mapping, name: str) -> int | None:
    """A positive id from the query arguments; anything else is no choice."""
    raw = args.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def within(query: Select, organisation_id: int | None = None, directorate_id: int | None = None, *,
           directorate_joined: bool = False) -> Select:
    """Only the teams of a directorate, or of an organisation: for any query that has Team in it. A query that
    joins the team's Directorate says so, and is narrowed on the directorate's own column, which lets PostgreSQL
    start from the organisation's few directorates (an organisation's heat map: 310 ms -> 20 ms at 20,000 teams)."""
    if directorate_id is not None:
        return query.where(Team.directorate_id == directorate_id)
    if organisation_id is not None and directorate_joined:
        return query.where(Directorate.organisation_id == organisation_id)
    if organisation_id is not None:
        return query.where(Team.directorate_id.in_(select(Directorate.id).where(Directorate.organisation_id == organisation_id)))
    return query


def _organisations_and_directorates(db: Session, organisation_id: int | None, directorate_id: int | None):
    """Every organisation, and the directorates of the organisations the ids may mean: the chosen one, the chosen
    directorate's own, and the only one when there is only one. At most three organisations' directorates."""
    only = select(func.min(Organisation.id)).having(func.count(Organisation.id) == 1).scalar_subquery()
    owners = [Directorate.organisation_id == only]
    if organisation_id is not None:
        owners.append(Directorate.organisation_id == organisation_id)
    if directorate_id is not None:
        owners.append(Directorate.organisation_id
                      == select(Directorate.organisation_id).where(Directorate.id == directorate_id).scalar_subquery())
    both = union_all(
        select(literal(0).label("kind"), Organisation.id, Organisation.name, cast(null(), Integer).label("owner")),
        select(literal(1).label("kind"), Directorate.id, Directorate.name, Directorate.organisation_id).where(or_(*owners)),
    ).subquery()
    organisations, directorates = [], []
    for kind, row_id, name, owner in db.execute(select(both).order_by(both.c.kind, both.c.name, both.c.id)):
        if kind == 0:
            organisations.append(Named(row_id, name))
        else:
            directorates.append((row_id, name, owner))
    return tuple(organisations), directorates


@dataclass(frozen=True)
class Scope:
    several: bool  # the programme has more than one organisation
    organisation: Named | None = None  # chosen, or the only one
    directorate: Named | None = None  # chosen, within the organisation
    organisations: tuple[Named, ...] = ()  # every organisation, by name (the Organisation select's choices)
    directorates: tuple[Named, ...] = ()  # the organisation's own directorates, by name

    @classmethod
    def load(cls, db: Session, organisation_id: int | None, directorate_id: int | None, *, strict: bool) -> "Scope":
        """The scope the ids name, in one query whatever they are. An id that names nothing is a 404 when
        `strict`, and is otherwise ignored, as a filter that matches nothing would only confuse. A directorate
        of another organisation than the one chosen is dropped (the reader has just chosen another organisation
        in the form): its organisation's figures, not a 404."""
        organisations, rows = _organisations_and_directorates(db, organisation_id, directorate_id)
        several = len(organisations) > 1
        by_id = {o.id: o for o in organisations}
        organisation = by_id.get(organisation_id) if organisation_id is not None else None
        if organisation_id is not None and organisation is None and strict:
            raise NotFound()
        if not several and organisations:
            organisation = organisations[0]
        owner_of = {d_id: owner for d_id, _name, owner in rows}
        if directorate_id is not None and directorate_id not in owner_of and strict:
            raise NotFound()
        if organisation is None and directorate_id in owner_of:  # a directorate alone brings its organisation
            organisation = by_id[owner_of[directorate_id]]
        directorates = tuple(Named(d_id, name) for d_id, name, owner in rows
                             if organisation is not None and owner == organisation.id)
        directorate = next((d for d in directorates if d.id == directorate_id), None)
        return cls(several, organisation, directorate, organisations if several else (), directorates)

    @property
    def level(self) -> Level:
        if self.directorate is not None:
            return Level.DIRECTORATE
        return Level.ORGANISATION if self.organisation is not None else Level.PROGRAMME

    @property
    def organisation_id(self) -> int | None:
        return self.organisation.id if self.organisation is not None else None

    @property
    def directorate_id(self) -> int | None:
        return self.directorate.id if self.directorate is not None else None

    def filter(self, query: Select, *, directorate_joined: bool = False) -> Select:
        """The query (which has Team in it) narrowed to the teams in scope. With one organisation, every team is
        in it, so the query is left as it is."""
        if self.directorate is not None:
            return within(query, directorate_id=self.directorate.id)
        if self.organisation is not None and self.several:
            return within(query, organisation_id=self.organisation.id, directorate_joined=directorate_joined)
        return query

    def args(self) -> dict[str, int]:
        """As query arguments for links. The only organisation is implied, so it is left out."""
        found = {"organisation": self.organisation.id} if self.organisation is not None and self.several else {}
        return found | ({"directorate": self.directorate.id} if self.directorate is not None else {})

    def organisation_args(self) -> dict[str, int]:
        """The organisation alone (the level above a directorate)."""
        return {"organisation": self.organisation.id} if self.organisation is not None and self.several else {}

    def row_args(self, row_id: int) -> dict[str, int]:
        """The query arguments of one row of a breakdown by organisation, or by directorate."""
        if self.organisation is None:
            return {"organisation": row_id}
        return self.organisation_args() | {"directorate": row_id}
