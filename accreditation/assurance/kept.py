"""Renderings of the assurance figures, kept once made, in a bounded store per app server.

The figures every reader of a page sees alike (the register's summary, its actions table and its page of
teams; the heat map's chart and table) cost the same few queries at any size, but rendering them did not:
at 20,000 teams 70-87 % of a request went to Jinja. So each rendering is kept, keyed by

- the figures generation (generation.py): the write side moves it on in the same transaction as any change
  that can move a figure, so every app server sees a change at its next request, with no message between them;
- the day (statuses, ending-soon and overdue counts are relative to it), the language, and the page's own
  choices (scope, filters, page, whether the reader may follow the action links).

Only these fragments are kept: the header, the navigation and anything carrying a person or a form token are
rendered for each request around them.
"""
import sys
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, g, render_template
from flask_babel import get_locale

from accreditation import db
from accreditation.components import slot
from accreditation.assurance import generation

KEEP = 512  # renderings per app server
KEEP_BYTES = 48 * 2**20  # and at most this much markup: a programme-level heat map is a few hundred KiB


@dataclass(frozen=True)
class Rendered:
    body: bytes  # the markup as it is sent (UTF-8), so a page puts it in its response without copying it
    title: str = ""

    @classmethod
    def of(cls, html: str, title: str = "") -> "Rendered":
        return cls(str(html).encode(), title)

    @property
    def size(self) -> int:
        return sys.getsizeof(self.body) + sys.getsizeof(self.title)


def _generation():
    """Read once per request, and before any figure is read."""
    if "figures_generation" not in g:
        g.figures_generation = generation.current(db.session())
    return g.figures_generation


_PLACE = slot("kept")


def page(template: str, kept: Rendered, **context) -> Response:
    """The page around a kept rendering, which goes out as the bytes it was kept as: only the page's own few KiB
    are rendered and encoded for each reader, not copied again with a heat map or register in the middle (a
    1.6 MB heat map cost some 5 ms of CPU a request in copies). The template shows {{ kept }} where it goes."""
    before, after = render_template(template, kept=_PLACE, **context).split(_PLACE, 1)
    return current_app.response_class([before.encode(), kept.body, after.encode()], mimetype="text/html")


def figures(name: str, choices: tuple, make: Callable[[], Rendered | None], store: str = "assurance_figures") -> Rendered | None:
    """The kept rendering of `name` for these choices, made now if no reader has asked for it since the figures
    last changed. `choices` must hold everything other than the data that changes the markup. `store` names the
    app's store: finished CSV files have their own (exports.Export), so a few large ones never push pages out."""
    found = _generation()
    if found is None:  # no generation row: nothing can say when the figures change, so keep nothing
        return make()
    return current_app.extensions[store].get_or_make((name, found, str(get_locale()), *choices), make)
