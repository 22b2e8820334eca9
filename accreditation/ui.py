"""The bridge from WTForms fields to NHS.UK frontend component parameters, and other template helpers."""
import secrets

from flask import Flask, g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form

from accreditation.i18n import user_text
from accreditation.roles import Permission

DATE_PART_LABELS = {"day": _l("Day"), "month": _l("Month"), "year": _l("Year")}
INPUT_TYPES = {"EmailField": "email", "PasswordField": "password", "URLField": "url", "TelField": "tel"}


def _text(value) -> str:
    return str(value) if value is not None else ""


def _items(field: Field, key: str) -> list[dict]:
    """A field made with render_kw={"typed_choices": True} offers text people typed (team or people's names):
    each choice reads in its own direction whatever the page's language."""
    if (field.render_kw or {}).get("typed_choices"):
        if field.type == "SelectField":  # an option can hold no markup, but can have its own direction
            return [{"value": c.value, "text": _text(c.label), key: c.selected, "attributes": {"dir": "auto"}}
                    for c in field.iter_choices()]
        return [{"value": c.value, "html": user_text(c.label), key: c.selected} for c in field.iter_choices()]
    return [{"value": c.value, "text": _text(c.label), key: c.selected} for c in field.iter_choices()]


def nhs_params(field: Field, **options) -> dict:
    """Map a field's id, label, hint (description), first error and value to the NHS component's params.

    Options: `page_heading=True` makes the label or legend the page's h1; anything else is passed through.
    """
    page_heading = options.pop("page_heading", False)
    label = {"text": _text(field.label.text), "isPageHeading": page_heading, "size": "l" if page_heading else None}
    params: dict = {"id": field.id, "name": field.name}
    if field.description:
        params["hint"] = {"text": _text(field.description)}
    if field.errors:
        params["errorMessage"] = {"text": _text(field.errors[0]), "visuallyHiddenText": _("Error")}
    if field.type in ("RadioField", "BooleanField", "SelectMultipleField"):
        del params["id"]  # the items carry the ids (idPrefix); the group must not repeat the first one
    if field.type in ("RadioField", "SelectMultipleField"):  # the latter as checkboxes
        params |= {"idPrefix": field.id, "fieldset": {"legend": label}, "items": _items(field, "checked")}
    elif field.type == "SelectField":
        params |= {"label": label, "items": _items(field, "selected")}
    elif field.type == "DateInputField":
        error = " nhsuk-input--error" if field.errors else ""
        params |= {"namePrefix": field.name, "fieldset": {"legend": label}, "items": [
            {"name": part, "value": value, "label": _text(DATE_PART_LABELS[part]),
             "classes": f"nhsuk-input--width-{4 if part == 'year' else 2}{error}", "inputmode": "numeric"}
            for part, value in field.parts.items()
        ]}
    elif field.type == "BooleanField":
        params |= {"idPrefix": field.id, "items": [{"value": "y", "text": label["text"], "checked": bool(field.data)}]}
    else:
        params["label"] = label
        if field.type not in ("PasswordField", "FileField"):  # never sent back to the browser
            params["value"] = field._value()
        if field.type in INPUT_TYPES:
            params["type"] = INPUT_TYPES[field.type]
        if field.type in ("StringField", "TextAreaField"):  # what a person types reads in its own direction
            params["attributes"] = {"dir": "auto"}
    # WTForms render_kw carries the few input attributes the NHS macros take as params.
    params |= {k: v for k, v in (field.render_kw or {}).items() if k in ("autocomplete", "spellcheck", "inputmode")}
    params.update(options)
    return params


def error_list(form: Form) -> list[dict]:
    """One link per field in error, in form order, for the NHS error summary."""
    return [
        {"text": _text(field.errors[0]), "href": f"#{field.id}-day" if field.type == "DateInputField" else f"#{field.id}"}
        for field in form
        if field.errors and field.name != "csrf_token"
    ]


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        nhs_params=nhs_params, error_list=error_list, csp_nonce=csp_nonce, Permission=Permission
    )
    app.jinja_env.filters["combine"] = lambda base, extra: {**base, **extra}

    @app.after_request
    def _security_headers(response):
        nonce = g.get("csp_nonce", "")
        # The NHS font comes from an outside host; it is not allowed, so pages fall back to Arial.
        script_src = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src {script_src}; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response
