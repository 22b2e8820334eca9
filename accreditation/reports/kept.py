"""PDFs made once and kept: made in the background when there is a queue, else in the request.

The view checks access first; then `ready_or_requested` gives the stored file, or starts it and says so.
A kind's edition says which rendering is current: a new edition (an amended decision, say) is made afresh."""
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accreditation import db, jobs
from accreditation.db import utcnow
from accreditation.reports.models import Document
from accreditation.storage import storage


@dataclass(frozen=True)
class Kind:
    name: str  # with its layout's number: change it when the layout changes
    edition: Callable[[Session, int], int]  # (db, subject id) -> which content is current
    render: Callable[[Session, int], bytes]  # (db, subject id) -> PDF bytes, in the current locale
    filename: str  # with {id}


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    KINDS[kind.name] = kind


def _find(db_session: Session, kind: Kind, subject_id: int, language: str, edition: int) -> Document | None:
    return db_session.scalar(select(Document).where(
        Document.kind == kind.name, Document.subject_id == subject_id, Document.language == language,
        Document.edition == edition,
    ))


def _requested(db_session: Session, kind: Kind, subject_id: int, language: str, edition: int) -> Document:
    """The document's row, made once even when two requests ask at the same moment."""
    found = _find(db_session, kind, subject_id, language, edition)
    if found is None:
        try:
            with db_session.begin_nested():
                db_session.add(Document(kind=kind.name, subject_id=subject_id, language=language, edition=edition))
        except IntegrityError:
            pass
        db_session.commit()
        found = _find(db_session, kind, subject_id, language, edition)
    return found


@jobs.in_fresh_context
def make_document(kind_name: str, subject_id: int, language: str, edition: int) -> None:
    """Render and keep the document, unless it is already made: running it twice does no harm."""
    kind, db_session = KINDS[kind_name], db.session()
    found = _find(db_session, kind, subject_id, language, edition)
    if found is None or found.storage_key is not None:
        return
    with force_locale(language):
        data = kind.render(db_session, subject_id)
    key = storage().save(data)
    claimed = db_session.execute(
        update(Document).where(Document.id == found.id, Document.storage_key.is_(None))
        .values(storage_key=key, size=len(data), ready_at=utcnow())
    ).rowcount
    db_session.commit()
    if not claimed:  # another run finished first: keep theirs
        storage().delete(key)


def ready_or_requested(kind_name: str, subject_id: int, language: str) -> Document | None:
    """The finished document, or None when it is being made in the background."""
    kind, db_session = KINDS[kind_name], db.session()
    edition = kind.edition(db_session, subject_id)
    found = _requested(db_session, kind, subject_id, language, edition)
    if found.storage_key is None:
        db_session.commit()  # hold no transaction open while the document is made
        jobs.submit(make_document, kind.name, subject_id, language, edition,
                    job_id=f"{kind.name}-{subject_id}-{language}-{edition}".replace("/", "-"))
        db_session.expire(found)
        found = _find(db_session, kind, subject_id, language, edition)
    return found if found.storage_key is not None else None
