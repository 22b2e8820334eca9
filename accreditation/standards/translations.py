"""Translations of the standards' text: `standards/translations/<locale>/<file>.toml` beside each source file.

A translation carries the same codes and the same text fields as its source, and nothing else: the codes, themes,
tiers and dates come from the source alone. It lives outside the published file, so its digest (and the rule
that a published version never changes) is untouched, and a translation can be corrected after publication.
`needs_review = true` marks one no fluent speaker has checked yet; its pages say so.
"""
import tomllib
from functools import cache
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import get_locale

from accreditation.i18n import DEFAULT_LOCALE, LANGUAGE_CODES
from accreditation.standards.loader import StandardsError, check_fields, read_set
from accreditation.standards.models import Standard, StandardsVersion, Theme
from accreditation.standards.published import PublishedStandard, PublishedTheme

SET_TEXT = {"title": str, "summary": str}
THEME_TEXT = {"title": str, "description": str}
STANDARD_TEXT = {
    "title": str, "statement": str, "easy_read": str, "what_good_looks_like": "texts", "evidence_examples": "texts",
}


def _check_items(path: Path, kind: str, items: object, source: list[dict], fields: dict) -> dict[str, dict]:
    if not isinstance(items, list):
        raise StandardsError(f'{path}: field "{kind}" should be a list of tables')
    by_code: dict[str, dict] = {}
    for i, item in enumerate(items):
        where = f"{kind}[{i}]" + (f" ({item['code']})" if isinstance(item, dict) and "code" in item else "")
        check_fields(path, where, item, {"code": str} | fields)
        if extra := set(item) - set(fields) - {"code"}:
            raise StandardsError(f'{path}: {where}: field "{sorted(extra)[0]}" is not translated text')
        if item["code"] in by_code:
            raise StandardsError(f'{path}: {where}: field "code" is used twice')
        by_code[item["code"]] = item
    wanted = [s["code"] for s in source]
    if missing := [code for code in wanted if code not in by_code]:
        raise StandardsError(f'{path}: field "{kind}": no translation of {", ".join(missing)}')
    if unknown := sorted(set(by_code) - set(wanted)):
        raise StandardsError(f'{path}: field "{kind}": {", ".join(unknown)} not in the source')
    for original in source:  # each text in a list translates the one in the same place
        for name, kind_of in fields.items():
            if kind_of == "texts" and len(by_code[original["code"]][name]) != len(original[name]):
                raise StandardsError(
                    f'{path}: {kind} ({original["code"]}): field "{name}" should have {len(original[name])} texts, '
                    f"as the source does"
                )
    return by_code


def read_translation(path: Path, source: dict) -> dict:
    """Parse one translation and check it against its source; errors name the file and the field."""
    locale = path.parent.name
    if locale not in LANGUAGE_CODES or locale == DEFAULT_LOCALE:
        raise StandardsError(f"{path}: {locale} is not one of the service's languages ({', '.join(LANGUAGE_CODES[1:])})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise StandardsError(f"{path}: not valid TOML: {exc}") from exc
    check_fields(path, "the translation", data, {"version": str, "needs_review": bool} | SET_TEXT)
    if data["version"] != source["version"]:
        raise StandardsError(f'{path}: field "version" should be {source["version"]}, as in {source["path"]}')
    if extra := set(data) - {"version", "needs_review", "themes", "standards", *SET_TEXT}:
        raise StandardsError(f'{path}: field "{sorted(extra)[0]}" is not translated text')
    return {
        "locale": locale,
        "needs_review": data["needs_review"],
        "set": {name: data[name] for name in SET_TEXT},
        "themes": _check_items(path, "themes", data.get("themes"), source["themes"], THEME_TEXT),
        "standards": _check_items(path, "standards", data.get("standards"), source["standards"], STANDARD_TEXT),
    }


def read_translations(directory: Path, sources: list[dict] | None = None) -> dict[tuple[str, str], dict]:
    """Every translation under `directory`/translations, checked, by (version label, locale)."""
    sources = sources if sources is not None else [read_set(p) for p in sorted(Path(directory).glob("*.toml"))]
    by_name = {data["path"].name: data for data in sources}
    found = {}
    for path in sorted(Path(directory).glob("translations/*/*.toml")):
        if path.name not in by_name:
            raise StandardsError(f"{path}: no source file {path.name} in {directory}")
        translation = read_translation(path, by_name[path.name])
        found[(by_name[path.name]["version"], translation["locale"])] = translation
    return found


@cache
def _translations(directory: str) -> dict[tuple[str, str], dict]:
    return read_translations(Path(directory))


def _locale() -> str | None:
    """The page's language when it is not the source language; None on the command line and in English."""
    if not has_app_context():
        return None
    locale = str(get_locale())
    return None if locale == DEFAULT_LOCALE else locale


def translation_for(version_label: str) -> dict | None:
    """The current language's translation of a version of the standards, if there is one."""
    locale = _locale()
    return _translations(current_app.config["STANDARDS_DIR"]).get((version_label, locale)) if locale else None


def text(item: Standard | Theme | StandardsVersion | PublishedStandard | PublishedTheme, field: str):
    """A field of a standard, theme or set in the page's language, or in English if not translated."""
    if _locale() is None:  # English: nothing to look up, and no query for the item's version
        return getattr(item, field)
    if isinstance(item, StandardsVersion):
        return set_text(item.label, field, getattr(item, field))
    translation = translation_for(item.version.label)
    kind = "themes" if isinstance(item, Theme | PublishedTheme) else "standards"
    return translation[kind][item.code][field] if translation else getattr(item, field)


def set_text(label: str, field: str, english: str) -> str:
    """A field of the set of standards with this version label, in the page's language; `english` if not translated."""
    translation = translation_for(label)
    return translation["set"][field] if translation else english


def standard_title(code: str, english: str) -> str:
    """A standard's title in the page's language, by code, from the newest version translated (for figures
    gathered across versions); the English title when there is none."""
    locale = _locale()
    if locale is None:
        return english
    found = [t for (_label, loc), t in sorted(_translations(current_app.config["STANDARDS_DIR"]).items()) if loc == locale]
    for translation in reversed(found):
        if code in translation["standards"]:
            return translation["standards"][code]["title"]
    return english


def being_checked(version: StandardsVersion) -> bool:
    translation = translation_for(version.label)
    return bool(translation and translation["needs_review"])
