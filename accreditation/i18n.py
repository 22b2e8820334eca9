"""Languages: the locale is chosen per person, then per browser session, then from the browser."""
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, get_locale
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice

DEFAULT_LOCALE = "en_GB"  # the source language of every message, with UK dates and numbers
# Babel drops unknown headers when it updates a catalogue, so this flag lives in the header comment.
NEEDS_REVIEW = re.compile(r"^#\s*X-Needs-Review:\s*yes\s*$", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Language:
    code: str  # as Babel spells it: en_GB
    native_name: str  # in the language itself, so a person can find their own
    direction: str  # "ltr" or "rtl"

    @property
    def tag(self) -> str:  # as HTML spells it: en-GB
        return self.code.replace("_", "-")

    @classmethod
    def of(cls, code: str) -> "Language":
        locale = Locale.parse(code)
        return cls(code, locale.get_language_name(code).capitalize(), locale.text_direction)


# Every language the service is written for, declared once, named in itself with its direction as CLDR has
# them (a test checks they still agree with Babel's). Written out, not asked of Babel at start, which would load
# its data for all ten locales (some 9 MB a process); a page loads only its own. A language is offered once it
# has a catalogue.
LANGUAGES = {language.code: language for language in (
    Language("en_GB", "English", "ltr"), Language("bn", "বাংলা", "ltr"), Language("ur", "اردو", "rtl"),
    Language("tr", "Türkçe", "ltr"), Language("so", "Soomaali", "ltr"), Language("pl", "Polski", "ltr"),
    Language("lt", "Lietuvių", "ltr"), Language("pt", "Português", "ltr"), Language("ro", "Română", "ltr"),
    Language("ar", "العربية", "rtl"),
)}
LANGUAGE_CODES = tuple(LANGUAGES)


@cache
def catalogue_status(translations_dir: str) -> dict[str, bool]:
    """The languages with a catalogue, each with whether a fluent speaker has still to check it."""
    found = {DEFAULT_LOCALE: False}
    for code in LANGUAGE_CODES:
        po = Path(translations_dir) / code / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if code != DEFAULT_LOCALE and mo.exists():
            header = po.read_text(encoding="utf-8").split("\nmsgid", 1)[0] if po.exists() else ""
            found[code] = bool(NEEDS_REVIEW.search(header))
    return found


def locales() -> tuple[str, ...]:
    """The languages offered, in the declared order."""
    return tuple(catalogue_status(current_app.config["TRANSLATIONS_DIR"]))


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, LANGUAGES[code].native_name) for code in locales()]


def language_items() -> list[dict]:
    """Items for the language switcher's select, each option marked with its own language and direction."""
    current = str(get_locale())
    return [
        {"value": code, "text": LANGUAGES[code].native_name, "selected": code == current,
         "attributes": {"lang": LANGUAGES[code].tag, "dir": LANGUAGES[code].direction}}
        for code in locales()
    ]


@cache
def _locale(code: str) -> Locale:
    """Parsed once per language: Flask-Babel would parse the code again on every request, looking for Babel's
    data file on disk each time."""
    return Locale.parse(code)


def select_locale() -> Locale:
    if not has_request_context():  # command line: messages in the source language
        return _locale(DEFAULT_LOCALE)
    for choice in (getattr(current_user, "locale", None), session.get("locale")):
        if choice in locales():
            return _locale(choice)
    return _locale(request.accept_languages.best_match(locales()) or DEFAULT_LOCALE)


def current_language() -> Language:
    return LANGUAGES.get(str(get_locale())) or Language.of(str(get_locale()))


def html_lang() -> str:
    return current_language().tag


def text_direction() -> str:
    return current_language().direction


def translation_being_checked() -> bool:
    """The page's language has a catalogue no fluent speaker has checked yet: the page says so."""
    return catalogue_status(current_app.config["TRANSLATIONS_DIR"]).get(str(get_locale()), False)


def user_text(value) -> Markup:
    """Text a person typed (a name, an answer, a finding), isolated so it reads in its own direction
    whatever the page's language: an Urdu name on an English page, an English team name on an Arabic one."""
    return Markup('<bdi dir="auto">%s</bdi>') % escape(value if value is not None else "")


def init_app(app: Flask) -> None:
    Babel(
        app, locale_selector=select_locale, default_locale=DEFAULT_LOCALE, default_timezone="Europe/London",
        default_translation_directories=app.config["TRANSLATIONS_DIR"],
    )
    app.jinja_env.globals.update(
        html_lang=html_lang, text_direction=text_direction, language_items=language_items,
        translation_being_checked=translation_being_checked,
    )
    app.jinja_env.filters["user_text"] = user_text
