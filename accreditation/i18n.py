"""Languages: the locale is chosen per person, then per browser session, then from the browser."""
from functools import cache
from pathlib import Path

from babel import Locale
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, get_locale
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

DEFAULT_LOCALE = "en_GB"  # the source language of every message, with UK dates and numbers


@cache
def available_locales(translations_dir: str) -> tuple[str, ...]:
    found = sorted(p.parent.parent.name for p in Path(translations_dir).glob("*/LC_MESSAGES/messages.po"))
    return (DEFAULT_LOCALE, *[code for code in found if code != DEFAULT_LOCALE])


def locales() -> tuple[str, ...]:
    return available_locales(current_app.config["TRANSLATIONS_DIR"])


def language_choices() -> list[SelectChoice]:
    """Each language named in itself, so a person can find their own."""
    return [SelectChoice(code, Locale.parse(code).get_language_name(code).capitalize()) for code in locales()]


def language_items() -> list[dict]:
    """Items for the language switcher's select, each option marked with its own language."""
    current = str(get_locale())
    return [
        {"value": c.value, "text": c.label, "selected": c.value == current, "attributes": {"lang": c.value.replace("_", "-")}}
        for c in language_choices()
    ]


def select_locale() -> str:
    if not has_request_context():  # command line: messages in the source language
        return DEFAULT_LOCALE
    for choice in (getattr(current_user, "locale", None), session.get("locale")):
        if choice in locales():
            return choice
    return request.accept_languages.best_match(locales()) or DEFAULT_LOCALE


def html_lang() -> str:
    return str(get_locale()).replace("_", "-")


def text_direction() -> str:
    return get_locale().text_direction


def init_app(app: Flask) -> None:
    Babel(
        app, locale_selector=select_locale, default_locale=DEFAULT_LOCALE, default_timezone="Europe/London",
        default_translation_directories=app.config["TRANSLATIONS_DIR"],
    )
    app.jinja_env.globals.update(html_lang=html_lang, text_direction=text_direction, language_items=language_items)
