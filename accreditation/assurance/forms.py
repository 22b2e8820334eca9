from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from accreditation.assurance.queries import Status
from accreditation.fields import DateInputField, MaxLength


def _int_or_none(value):
    return int(value) if value not in ("", None) and str(value).isdigit() else None


class RegisterFilterForm(FlaskForm):
    """Filters for the register: a GET form that changes nothing."""

    class Meta:
        csrf = False

    directorate = SelectField(_l("Directorate"), coerce=_int_or_none, validators=[Optional()], validate_choice=False)
    status = SelectField(
        _l("Status"), validators=[Optional()],
        choices=[SelectChoice("", _l("Any status"))] + [SelectChoice(s.value, s.label) for s in Status],
    )
    expiring = BooleanField(_l("Only awards that end within 90 days"), false_values=("", "0", "false"))
    interim = BooleanField(_l("Only interim reviews due within 60 days"), false_values=("", "0", "false"))


class ReportDateForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    on = DateInputField(
        _l("Date of the report"), description=_l("The register and heat map as they stood on this day. For example, 1 4 2027"),
        validators=[DataRequired(message=_l("Enter the date of the report"))],
    )


class ApiClientForm(FlaskForm):
    name = StringField(
        _l("Name of the system that will use the API"), description=_l("For example, Trust quality dashboard"),
        validators=[DataRequired(message=_l("Enter a name for the client")), MaxLength(200)],
    )
