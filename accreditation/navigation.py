"""The header's navigation, declared once: what the header is kept by (navigation_key) and what it shows."""
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from accreditation.roles import Access, Permission


@dataclass(frozen=True)
class Section:
    endpoint: str
    label: object  # a lazy message, in the page's language when shown
    needs: Permission | Access
    mark: str  # how the NHS header marks the section open: the page itself ("current"), or one inside it ("active")
    is_open: Callable[[], bool]


def _in(blueprint: str) -> Callable[[], bool]:
    return lambda: request.blueprint == blueprint


def _at(endpoint: str) -> Callable[[], bool]:
    return lambda: request.endpoint == endpoint


SECTIONS = (
    Section("home.home", _l("Home"), Access.SIGNED_IN, "current", _at("home.home")),
    Section("standards.index", _l("Standards"), Permission.VIEW_STANDARDS, "active", _in("standards")),
    Section("selfassessment.index", _l("Self-assessments"), Permission.VIEW_SELF_ASSESSMENT, "active", _in("selfassessment")),
    Section("review.index", _l("Visits"), Permission.VIEW_REVIEW, "active", _in("review")),
    Section("panels.index", _l("Panels"), Permission.VIEW_PANELS, "active", _in("panels")),
    Section("organisation.index", _l("Teams"), Permission.VIEW_ORGANISATION, "active", _in("organisation")),
    Section("auth.people", _l("People"), Permission.MANAGE_PEOPLE, "active", _at("auth.people")),
)


def _shown() -> list[Section]:
    if not current_user.is_authenticated:
        return []
    return [s for s in SECTIONS if s.needs is Access.SIGNED_IN or current_user.can(s.needs)]


def navigation_key() -> tuple:
    """Everything the header's markup depends on, besides the language and the slots: cheap to work out."""
    return tuple((s.endpoint, s.is_open()) for s in _shown())


def navigation() -> list[dict]:
    """The sections this person may open, as the NHS header takes them."""
    return [{"href": url_for(s.endpoint), "text": str(s.label), s.mark: s.is_open()} for s in _shown()]


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(navigation=navigation, navigation_key=navigation_key)
