"""Published sets of standards, read once per app server and shared by every request.

A published version never changes (no status follows PUBLISHED, and `accreditation init` refuses a changed file)
and every cycle pins one; yet each page of a cycle (an answer, the task list, a visit form, a panel item) shows its
24 standards and their themes, and reading them as ORM objects cost 2 to 8 ms a page. So each version is read
once, in one query, into frozen objects with the ORM's attribute names: templates, the `localised` filter and the
rules take either. Drafts change, so they are never kept.
"""
import threading
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation.standards.models import Standard, StandardsStatus, StandardsVersion, Theme, Tier


@dataclass(frozen=True)
class VersionOf:
    """What a standard's text needs of its version: the label its translations are filed under."""

    id: int
    label: str


@dataclass(frozen=True)
class PublishedTheme:
    id: int
    code: str
    position: int
    title: str
    description: str
    version: VersionOf

    def __hash__(self) -> int:  # equal ones share an id: hash that, not every text
        return hash(self.id)


@dataclass(frozen=True)
class PublishedStandard:
    id: int
    version_id: int
    theme_id: int
    code: str
    position: int
    tier: Tier
    title: str
    statement: str
    easy_read: str
    what_good_looks_like: tuple[str, ...]
    evidence_examples: tuple[str, ...]
    theme: PublishedTheme
    version: VersionOf

    def __hash__(self) -> int:  # a key of rules' results: equal ones share an id, so hash that, not every text
        return hash(self.id)


class NotPublished(LookupError):
    """A draft, or no such version: its standards are read through the ORM, as they may still change."""


def _read(db: Session, version_id: int) -> tuple[PublishedStandard, ...]:
    rows = db.execute(
        select(
            StandardsVersion.label, Theme.id, Theme.code, Theme.position, Theme.title, Theme.description,
            Standard.id, Standard.code, Standard.position, Standard.tier, Standard.title, Standard.statement,
            Standard.easy_read, Standard.what_good_looks_like, Standard.evidence_examples,
        )
        .select_from(Standard).join(Standard.theme).join(Standard.version)
        .where(Standard.version_id == version_id, StandardsVersion.status == StandardsStatus.PUBLISHED)
        .order_by(Standard.position)
    ).all()
    if not rows:
        raise NotPublished(version_id)
    version = VersionOf(version_id, rows[0][0])
    themes: dict[int, PublishedTheme] = {}
    standards = []
    for (_label, theme_id, theme_code, theme_position, theme_title, theme_description, standard_id, code, position,
         tier, title, statement, easy_read, good, examples) in rows:
        theme = themes.get(theme_id) or themes.setdefault(
            theme_id, PublishedTheme(theme_id, theme_code, theme_position, theme_title, theme_description, version)
        )
        standards.append(PublishedStandard(
            standard_id, version_id, theme_id, code, position, tier, title, statement, easy_read, tuple(good),
            tuple(examples), theme, version,
        ))
    return tuple(standards)


class Published:
    """The versions read so far, by id. A few versions a year are published, so nothing is ever dropped."""

    def __init__(self):
        self._kept: dict[int, tuple[PublishedStandard, ...]] = {}
        self._lock = threading.Lock()

    def standards(self, db: Session, version_id: int) -> tuple[PublishedStandard, ...]:
        if (kept := self._kept.get(version_id)) is not None:
            return kept
        read = _read(db, version_id)  # outside the lock: a second reader reads the same rows
        with self._lock:
            return self._kept.setdefault(version_id, read)


def standards(db: Session, version_id: int) -> tuple[PublishedStandard, ...]:
    """The standards of a published version, in order; raises NotPublished for a draft. Kept by the app; read
    each time outside one (services called from the command line or a test)."""
    if not has_app_context():
        return _read(db, version_id)
    return current_app.extensions["published_standards"].standards(db, version_id)


def by_code(standards_: tuple[PublishedStandard, ...], code: str) -> PublishedStandard | None:
    return next((s for s in standards_ if s.code == code), None)


def following(standards_: tuple[PublishedStandard, ...], standard: PublishedStandard) -> PublishedStandard | None:
    """The next standard in the set, for "save and go to the next standard"."""
    position = standards_.index(standard)
    return standards_[position + 1] if position + 1 < len(standards_) else None


def init_app(app: Flask) -> None:
    app.extensions["published_standards"] = Published()
