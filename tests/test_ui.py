"""The WTForms-to-NHS bridge: each kind of field renders as its NHS component, with its error and hint."""
import pytest
from flask import render_template_string
from wtforms import BooleanField, Form, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from accreditation.ui import error_list


class Example(Form):
    name = StringField("Your name", description="As you like to be called", validators=[InputRequired("Enter your name")])
    story = TextAreaField("How we meet this standard")
    rating = RadioField(
        "Rating", choices=[SelectChoice("met", "Met"), SelectChoice("not_met", "Not met")],
        validators=[InputRequired("Choose a rating")],
    )
    site = SelectField("Site", choices=[SelectChoice("a", "Riverside"), SelectChoice("b", "Meadow")], default="a")
    agree = BooleanField("I agree")


@pytest.fixture
def render(app):
    def render(form):
        with app.test_request_context():
            return render_template_string(
                '{% from "macros/forms.jinja" import field %}'
                "{% for f in form %}{{ field(f) }}{% endfor %}",
                form=form,
            )

    return render


def test_fields_render_as_nhs_components_keeping_what_was_typed(render):
    from werkzeug.datastructures import MultiDict

    form = Example(MultiDict({"name": "Sam <b>", "story": "We ask everyone", "rating": "met", "site": "b", "agree": "y"}))
    html = render(form)
    assert 'class="nhsuk-input' in html and 'value="Sam &lt;b&gt;"' in html
    assert 'class="nhsuk-textarea' in html and "We ask everyone</textarea>" in html
    assert 'id="rating" name="rating" type="radio" value="met" checked' in html
    assert 'id="rating-2"' in html and "<legend" in html
    assert '<option value="b" selected' in html
    assert 'class="nhsuk-checkboxes__input" id="agree" name="agree" type="checkbox" value="y" checked' in html
    assert "As you like to be called" in html


def test_errors_show_on_the_field_and_in_the_summary_links(render):
    form = Example()
    form.validate()
    html = render(form)
    assert "nhsuk-form-group--error" in html
    assert "Enter your name" in html and "Choose a rating" in html
    assert error_list(form) == [
        {"text": "Enter your name", "href": "#name"},
        {"text": "Choose a rating", "href": "#rating"},
    ]


def _form_classes(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _form_classes(sub)


def test_every_validator_says_its_message_in_the_readers_language(app):
    """WTForms' own messages are in none of our catalogues: every validator that can speak carries ours."""
    from flask_wtf import FlaskForm

    silent = []
    with app.test_request_context():
        for form_class in _form_classes(FlaskForm):
            if not form_class.__module__.startswith("accreditation."):
                continue
            for name, unbound in vars(form_class).items():
                for validator in (getattr(unbound, "kwargs", {}).get("validators") or []):
                    if hasattr(validator, "message") and validator.message is None and type(validator).__name__ != "Optional":
                        silent.append(f"{form_class.__name__}.{name}: {type(validator).__name__}")
    assert silent == []
