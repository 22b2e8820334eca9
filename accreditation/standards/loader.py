"""Load the published sets of standards from `standards/*.toml` into the database.

Every file is validated before anything is written, so bad data leaves the database as it was. Errors name
the file and the field. A published version never changes: loading a changed copy of one is refused.
"""
import hashlib
import json
import re
import tomllib
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation.standards.models import Standard, StandardsVersion, Theme, Tier

STANDARDS_PER_SET = 24
STATUSES = ("published", "draft")
THEME_CODE = re.compile(r"^[A-Z]{2,4}$")
STANDARD_CODE = re.compile(r"^[A-Z]{2,4}-\d{2}$")

SET_FIELDS = {"version": str, "title": str, "status": str, "published_on": date, "summary": str}
THEME_FIELDS = {"code": str, "title": str, "description": str}
STANDARD_FIELDS = {
    "code": str, "theme": str, "tier": str, "title": str, "statement": str, "easy_read": str,
    "what_good_looks_like": "texts", "evidence_examples": "texts",
}


class StandardsError(Exception):
    """Bad standards data; the message names the file and the field."""


def check_fields(path: Path, where: str, item: object, fields: dict[str, type | str]) -> None:
    """Each field present and of its kind; "texts" means a non-empty list of non-empty strings."""
    if not isinstance(item, dict):
        raise StandardsError(f"{path}: {where} should be a table of fields")
    for name, kind in fields.items():
        value = item.get(name)
        if value is None:
            raise StandardsError(f'{path}: {where}: field "{name}" is missing')
        if kind == "texts":
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                raise StandardsError(f'{path}: {where}: field "{name}" should be a list of one or more texts')
        elif not isinstance(value, kind):
            raise StandardsError(f'{path}: {where}: field "{name}" should be a {kind.__name__}')
        elif isinstance(value, str) and not value.strip():
            raise StandardsError(f'{path}: {where}: field "{name}" is empty')


def read_set(path: Path) -> dict:
    """Parse and validate one file; return its data with a digest of the content."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise StandardsError(f"{path}: not valid TOML: {exc}") from exc
    check_fields(path, "the set", data, SET_FIELDS | {"themes": list, "standards": list})
    if data["status"] not in STATUSES:
        raise StandardsError(f'{path}: the set: field "status" should be one of {", ".join(STATUSES)}')

    theme_codes: set[str] = set()
    for i, theme in enumerate(data["themes"]):
        check_fields(path, f"themes[{i}]", theme, THEME_FIELDS)
        if not THEME_CODE.match(theme["code"]) or theme["code"] in theme_codes:
            raise StandardsError(f'{path}: themes[{i}]: field "code" should be 2-4 capital letters, used once')
        theme_codes.add(theme["code"])

    standard_codes: set[str] = set()
    for i, standard in enumerate(data["standards"]):
        where = f"standards[{i}]" + (f" ({standard['code']})" if isinstance(standard, dict) and "code" in standard else "")
        check_fields(path, where, standard, STANDARD_FIELDS)
        if not STANDARD_CODE.match(standard["code"]):
            raise StandardsError(f'{path}: {where}: field "code" should look like ABC-01')
        if standard["code"] in standard_codes:
            raise StandardsError(f'{path}: {where}: field "code" is used by another standard')
        standard_codes.add(standard["code"])
        if standard["theme"] not in theme_codes:
            raise StandardsError(f'{path}: {where}: field "theme" names no theme in this set')
        if standard["tier"] not in {t.value for t in Tier}:
            raise StandardsError(f'{path}: {where}: field "tier" should be one of {", ".join(t.value for t in Tier)}')

    if data["status"] == "published" and len(data["standards"]) != STANDARDS_PER_SET:
        raise StandardsError(
            f'{path}: field "standards": a published set has exactly {STANDARDS_PER_SET} standards, '
            f"this one has {len(data['standards'])}"
        )
    canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    data["digest"] = hashlib.sha256(canonical.encode()).hexdigest()
    data["path"] = path
    return data


def _build_version(data: dict) -> StandardsVersion:
    version = StandardsVersion(
        label=data["version"], title=data["title"], summary=data["summary"],
        published_on=data["published_on"], digest=data["digest"],
    )
    themes = {}
    for position, item in enumerate(data["themes"], start=1):
        themes[item["code"]] = Theme(
            code=item["code"], position=position, title=item["title"], description=item["description"]
        )
        version.themes.append(themes[item["code"]])
    for position, item in enumerate(data["standards"], start=1):
        themes[item["theme"]].standards.append(
            Standard(
                version=version, code=item["code"], position=position, tier=Tier(item["tier"]),
                title=item["title"], statement=item["statement"], easy_read=item["easy_read"],
                what_good_looks_like=item["what_good_looks_like"], evidence_examples=item["evidence_examples"],
            )
        )
    return version


def load_standards(db: Session, directory: Path) -> list[str]:
    """Add every published set not yet in the database; return the labels added. The caller commits."""
    files = sorted(Path(directory).glob("*.toml"))
    if not files:
        raise StandardsError(f"{directory}: no standards files (*.toml) found")
    sets = [read_set(path) for path in files]
    seen: dict[str, Path] = {}
    for data in sets:
        if data["version"] in seen:
            raise StandardsError(f'{data["path"]}: field "version": {data["version"]} is also in {seen[data["version"]]}')
        seen[data["version"]] = data["path"]

    existing = {v.label: v.digest for v in db.scalars(select(StandardsVersion))}
    added = []
    for data in sets:
        if data["status"] != "published":
            continue
        if data["version"] in existing:
            if existing[data["version"]] != data["digest"]:
                raise StandardsError(
                    f'{data["path"]}: field "version": {data["version"]} is already published and cannot change; '
                    "give the changed set a new version"
                )
            continue
        db.add(_build_version(data))
        added.append(data["version"])
    return added
