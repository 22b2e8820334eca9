"""NHS.UK frontend components, each rendering kept once made.

The component macros are pure functions of their params, but Jinja makes each one cost about a millisecond
(a button 0.5 ms, the header 2 ms, an eleven-option select 2 ms): on a typical page the header, footer,
language menu and buttons were a third of its CPU. Nearly every call repeats exactly (the same back link,
one person's header, a button), so each rendering is kept, keyed by its params, in a bounded store per app
server. Templates import the components from `templates/macros/nhsuk.jinja`, which calls `render`.
"""
import re
import secrets
import sys
from collections.abc import Mapping

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel.speaklater import LazyString
from jinja2 import Environment, Template, Undefined
from markupsafe import Markup

from accreditation.keeping import Kept

KEEP = 4096  # renderings per app server; most a few KiB
KEEP_BYTES = 16 * 2**20  # and at most this much markup (a panel item's findings run to some 10 KiB)


class _Unkeyable(Exception):
    """Params holding something other than plain data: rendered every time."""


def _key(value):
    """Params as a hashable key that tells apart everything that can change the markup (Markup from text)."""
    if isinstance(value, Markup):
        return "markup", str(value)
    if isinstance(value, str | LazyString):  # a lazy message in the request's language
        return str(value)
    if value is None or isinstance(value, bool | int | float):
        return type(value).__name__, value  # True and 1 render differently
    if isinstance(value, Mapping):
        return "map", tuple((k, _key(v)) for k, v in value.items())  # in order: attributes render in order
    if isinstance(value, list | tuple):
        return "seq", tuple(_key(v) for v in value)
    if isinstance(value, Undefined):
        return ("undefined",)
    raise _Unkeyable


class Components:
    def __init__(self, env: Environment, keep: int = KEEP, keep_bytes: int = KEEP_BYTES):
        self._env = env
        self._kept = Kept(keep, keep_bytes, size=sys.getsizeof)

    def _macro(self, name: str):
        folder = re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()  # backLink -> back-link
        return getattr(self._env.get_template(f"nhsuk/components/{folder}/macro.jinja").module, name)

    def render(self, name: str, params: Mapping) -> Markup:
        value = params.get("value")
        if isinstance(value, str) and value and not isinstance(value, Markup) and value != _VALUE_SLOT:
            # What someone typed is seldom the same twice: keep the field with a slot for it, filled escaped
            # just as the macro escapes it.
            return fill_slot(self.render(name, {**params, "value": _VALUE_SLOT}), "value", value)
        try:
            key = (name, _key(params))
        except _Unkeyable:
            return self._macro(name)(params)
        return self._kept.get_or_make(key, lambda: Markup(self._macro(name)(params)))

    def keep(self, name: str, *key, slots: Mapping[str, object] | None = None, lasting: bool = True, caller) -> Markup:
        """A block of a template kept once rendered, as `{% call keep("footer", signed_in) %}...{% endcall %}`:
        on every later page its body is not run at all. `key` must hold everything, besides the page's language,
        that changes the block's markup; values new on every page go in `slots` (named in the block with
        `slot(name)`) and are filled in, escaped, each time. With `lasting=False` (what it shows may still
        change) the block is rendered every time and not kept."""
        # The language, and the catalogues it is read from (one set per process in service; tests swap them).
        full_key = ("block", name, str(get_locale()), current_app.config["TRANSLATIONS_DIR"], *key)
        kept = self._kept.get_or_make(full_key, lambda: Markup(caller())) if lasting else Markup(caller())
        for slot_name, value in (slots or {}).items():
            kept = fill_slot(kept, slot_name, value)
        return kept

    def clear(self) -> None:
        self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


class QuickImports(Template):
    """On every `{% import %}` and `{% from ... import %}`, Jinja works out which of the importing template's
    globals the imported one lacks, testing each of the app's sixty-odd globals against a ChainMap in Python:
    some 30 µs an import, a fifth of drawing the page frame. A template's globals are the environment's and its
    own, so only the importing template's own need testing; with none, the imported module is the kept one."""

    def _get_default_module(self, ctx=None):
        if ctx is not None and all(k in self.globals for k in ctx.globals_keys - self.environment.globals.keys()):
            ctx = None
        return super()._get_default_module(ctx)


# Per-request values (a form token) stand in a kept rendering as a slot, filled after it is taken out.
_SLOT_PREFIX = f"slot-{secrets.token_hex(8)}-"  # unguessable, so typed text can never fill one
_VALUE_SLOT = _SLOT_PREFIX + "value"


def slot(name: str) -> Markup:
    return Markup(_SLOT_PREFIX + name)


def fill_slot(html: Markup, name: str, value) -> Markup:
    return Markup(str(html).replace(_SLOT_PREFIX + name, str(Markup.escape(value))))


def init_app(app: Flask) -> None:
    app.jinja_env.template_class = QuickImports  # before any template is loaded
    components = Components(app.jinja_env)
    app.extensions["components"] = components
    app.jinja_env.globals.update(nhsuk=components.render, keep=components.keep, slot=slot)
    app.jinja_env.filters["fill_slot"] = fill_slot
