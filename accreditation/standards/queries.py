"""Reading the published standards (the write side is the loader)."""
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from accreditation.standards.models import Standard, StandardsStatus, StandardsVersion, Theme

PUBLISHED = StandardsVersion.status == StandardsStatus.PUBLISHED


def versions(db: Session) -> list[StandardsVersion]:
    """The published versions, newest first (drafts are seen only on the drafts pages)."""
    return list(db.scalars(select(StandardsVersion).where(PUBLISHED).order_by(StandardsVersion.published_on.desc(), StandardsVersion.id.desc())))


def version_with_standards(db: Session, label: str) -> StandardsVersion | None:
    return db.scalar(
        select(StandardsVersion)
        .where(StandardsVersion.label == label)
        .options(selectinload(StandardsVersion.themes).selectinload(Theme.standards))
    )


def standard(db: Session, label: str, code: str) -> Standard | None:
    return db.scalar(
        select(Standard)
        .join(Standard.version)
        .where(StandardsVersion.label == label, Standard.code == code)
        .options(selectinload(Standard.theme), selectinload(Standard.version))
    )
