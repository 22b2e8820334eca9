"""The standards group drafts a new version of the standards; a QA coordinator approves it, which publishes it.

A draft starts as a copy of the newest published version. Only drafts change; approval gives the version its
label (the year of publication and its number that year: 2027.1, 2027.2), date and digest, after which new
enrolments pin it and it never changes. Cycles already open keep the version they pinned.
"""
import hashlib
import json
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from accreditation import audit
from accreditation.auth.models import Person
from accreditation.roles import Permission
from accreditation.standards.models import TRANSITIONS, Standard, StandardsStatus, StandardsVersion, Theme, Tier

TEXT_FIELDS = ("title", "statement", "easy_read", "what_good_looks_like", "evidence_examples")


class DraftError(Exception):
    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


def newest_published(db: Session) -> StandardsVersion | None:
    return db.scalar(
        select(StandardsVersion)
        .where(StandardsVersion.status == StandardsStatus.PUBLISHED)
        .order_by(StandardsVersion.published_on.desc(), StandardsVersion.id.desc())
        .limit(1)
    )


def in_progress(db: Session) -> list[StandardsVersion]:
    """Drafts and drafts waiting for approval, oldest first."""
    return list(db.scalars(
        select(StandardsVersion).where(StandardsVersion.status != StandardsStatus.PUBLISHED).order_by(StandardsVersion.id)
    ))


def draft_with_standards(db: Session, draft_id: int) -> StandardsVersion | None:
    return db.scalar(
        select(StandardsVersion)
        .where(StandardsVersion.id == draft_id, StandardsVersion.status != StandardsStatus.PUBLISHED)
        .options(selectinload(StandardsVersion.themes).selectinload(Theme.standards))
    )


def _change_status(draft: StandardsVersion, status: StandardsStatus) -> None:
    if status not in TRANSITIONS[draft.status]:
        raise DraftError(_l("This version cannot change now. Its status: %(status)s.", status=draft.status.label))
    draft.status = status


def start_draft(db: Session, actor: Person) -> StandardsVersion:
    """Copy the newest published version, every theme and standard, into a new draft. One draft at a time."""
    if in_progress(db):
        raise DraftError(_l("A new version is already being drafted. Work on that one."))
    source = newest_published(db)
    if source is None:
        raise DraftError(_l("No standards have been published yet, so there is nothing to start from."))
    draft = StandardsVersion(
        title=source.title, summary=source.summary, status=StandardsStatus.DRAFT, based_on=source,
    )
    for theme in source.themes:
        copy = Theme(code=theme.code, position=theme.position, title=theme.title, description=theme.description)
        draft.themes.append(copy)
        for standard in theme.standards:
            copy.standards.append(Standard(
                version=draft, code=standard.code, position=standard.position, tier=standard.tier,
                title=standard.title, statement=standard.statement, easy_read=standard.easy_read,
                what_good_looks_like=list(standard.what_good_looks_like),
                evidence_examples=list(standard.evidence_examples),
            ))
    db.add(draft)
    db.flush()
    audit.record(db, actor, "standards.draft_started", draft, based_on=source.label)
    return draft


def edit_standard(db: Session, actor: Person, standard: Standard, *, tier: Tier, **texts) -> None:
    """Change a standard's text and tier in a draft; the audit entry keeps what it was."""
    if standard.version.status is not StandardsStatus.DRAFT:
        raise DraftError(_l("Only a draft can be changed. This version’s status: %(status)s.", status=standard.version.status.label))
    before = {name: getattr(standard, name) for name in TEXT_FIELDS} | {"tier": standard.tier.value}
    for name in TEXT_FIELDS:
        setattr(standard, name, texts[name].strip() if isinstance(texts[name], str) else texts[name])
    standard.tier = tier
    after = {name: getattr(standard, name) for name in TEXT_FIELDS} | {"tier": standard.tier.value}
    changed = {name: {"from": before[name], "to": after[name]} for name in after if before[name] != after[name]}
    audit.record(db, actor, "standards.standard_edited", standard.version, code=standard.code, changed=changed)


def send_for_approval(db: Session, actor: Person, draft: StandardsVersion) -> None:
    _change_status(draft, StandardsStatus.AWAITING_APPROVAL)
    draft.returned_reason = ""
    audit.record(db, actor, "standards.sent_for_approval", draft)


def return_draft(db: Session, actor: Person, draft: StandardsVersion, reason: str) -> None:
    if not actor.can(Permission.APPROVE_STANDARDS):
        raise DraftError(_l("Only a quality assurance coordinator can return a new version."))
    if not reason.strip():
        raise DraftError(_l("Say what the standards group should change"))
    _change_status(draft, StandardsStatus.DRAFT)
    draft.returned_reason = reason.strip()
    audit.record(db, actor, "standards.returned", draft, reason=draft.returned_reason)


def next_label(db: Session, today: date) -> str:
    """The year of publication and the next number that year: 2027.1, then 2027.2."""
    taken = db.scalar(select(func.count(StandardsVersion.id)).where(StandardsVersion.label.like(f"{today.year}.%")))
    return f"{today.year}.{taken + 1}"


def digest(version: StandardsVersion) -> str:
    """A fingerprint of the content, as the loader keeps for a file: the same content, the same digest."""
    content = {
        "title": version.title, "summary": version.summary,
        "themes": [{"code": t.code, "title": t.title, "description": t.description} for t in version.themes],
        "standards": [
            {"code": s.code, "theme": t.code, "tier": s.tier.value} | {name: getattr(s, name) for name in TEXT_FIELDS}
            for t in version.themes for s in t.standards
        ],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def approve_draft(db: Session, actor: Person, draft: StandardsVersion, today: date) -> StandardsVersion:
    """Publish the draft: from now on new cycles pin it; it never changes again."""
    if not actor.can(Permission.APPROVE_STANDARDS):
        raise DraftError(_l("Only a quality assurance coordinator can approve a new version."))
    # Both read the database (and so flush) before the status changes: the row must stay whole when written.
    label, fingerprint = next_label(db, today), digest(draft)
    _change_status(draft, StandardsStatus.PUBLISHED)
    draft.label, draft.published_on, draft.digest = label, today, fingerprint
    draft.returned_reason = ""
    audit.record(db, actor, "standards.published", draft, label=draft.label, digest=draft.digest)
    return draft
