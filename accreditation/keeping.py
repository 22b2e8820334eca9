"""A bounded store of renderings per app server, least recently used first out, by count and by size: the
NHS.UK components and kept blocks of pages (components.py), the assurance figures and CSV files (assurance/)."""
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class Kept:
    """`size` gives a rendering's size in bytes. A rendering of None (a page that does not exist) is kept too, so
    asking again for it costs nothing."""

    def __init__(self, keep: int, keep_bytes: int, size: Callable[[object], int] = lambda made: made.size):
        self._keep, self._keep_bytes, self._size_of = keep, keep_bytes, size
        self._kept: OrderedDict[Hashable, object] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def _size(self, made) -> int:
        return self._size_of(made) if made is not None else 0

    def get_or_make(self, key: Hashable, make: Callable[[], object]):
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        made = make()  # outside the lock: two threads may both make it, and the second one keeps its own
        size = self._size(made)
        if size > self._keep_bytes:
            return made
        with self._lock:
            if key in self._kept:
                self._bytes -= self._size(self._kept.pop(key))
            self._kept[key] = made
            self._bytes += size
            while len(self._kept) > self._keep or self._bytes > self._keep_bytes:
                self._bytes -= self._size(self._kept.popitem(last=False)[1])
        return made

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._bytes = 0

    def __contains__(self, key: Hashable) -> bool:
        return key in self._kept

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def bytes(self) -> int:
        return self._bytes
