from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from accreditation.fields import MaxLength
from accreditation.standards.models import Tier

LONG_TEXT = 2000


def lines(text: str | None) -> list[str]:
    """One item a line; blank lines left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Lines(TextAreaField):
    """A list of short texts, one a line."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "TextAreaField"  # drawn as a textarea by the form macros

    def _value(self):
        return "\n".join(self.data) if isinstance(self.data, list) else (self.data or "")

    def process_formdata(self, valuelist):
        self.data = lines(valuelist[0]) if valuelist else []


class AtLeastOneLine:
    def __init__(self, message):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form, field):
        if not field.data:
            raise ValidationError(self.message)


def each_line_short(form, field):
    if any(len(line) > 500 for line in field.data):
        raise ValidationError(_l("Keep each line shorter than 500 characters"))


class DraftStandardForm(FlaskForm):
    title = StringField(_l("Title"), description=_l("A few words, shown in lists of standards."),
                        validators=[DataRequired(message=_l("Enter a title")), MaxLength(200)])
    statement = TextAreaField(
        _l("The standard"), description=_l("In the words of a service user or carer: \"I…\" or \"We…\"."),
        validators=[DataRequired(message=_l("Enter the standard")), MaxLength(LONG_TEXT)],
    )
    easy_read = TextAreaField(
        _l("Easy read version"), description=_l("Short sentences and everyday words."),
        validators=[DataRequired(message=_l("Enter the easy read version")), MaxLength(LONG_TEXT)],
    )
    what_good_looks_like = Lines(
        _l("What good looks like"), description=_l("One point a line."),
        validators=[AtLeastOneLine(_l("Enter at least one point about what good looks like")), each_line_short],
    )
    evidence_examples = Lines(
        _l("Examples of evidence"), description=_l("One example a line."),
        validators=[AtLeastOneLine(_l("Enter at least one example of evidence")), each_line_short],
    )
    tier = RadioField(_l("Tier"), choices=[SelectChoice(t.value, t.label) for t in Tier],
                      validators=[DataRequired(message=_l("Choose the tier"))])


class ReturnDraftForm(FlaskForm):
    reason = TextAreaField(
        _l("What should the standards group change?"),
        validators=[DataRequired(message=_l("Say what the standards group should change")), MaxLength(LONG_TEXT)],
    )
