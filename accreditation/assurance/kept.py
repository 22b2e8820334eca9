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
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
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


class Kept:
    """Least recently used first out, by count and by size. A rendering of None (a page that does not exist)
    is kept too, so asking again for it costs nothing."""

    def __init__(self, keep: int = KEEP, keep_bytes: int = KEEP_BYTES):
        self._keep, self._keep_bytes = keep, keep_bytes
        self._kept: OrderedDict[Hashable, Rendered | None] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], Rendered | None]) -> Rendered | None:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        made = make()  # outside the lock: two threads may both make it, and the second one keeps its own
        size = made.size if made is not None else 0
        if size > self._keep_bytes:
            return made
        with self._lock:
            if (old := self._kept.pop(key, None)) is not None:
                self._bytes -= old.size
            self._kept[key] = made
            self._bytes += size
            while len(self._kept) > self._keep or self._bytes > self._keep_bytes:
                _key, dropped = self._kept.popitem(last=False)
                self._bytes -= dropped.size if dropped is not None else 0
        return made

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def bytes(self) -> int:
        return self._bytes


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
