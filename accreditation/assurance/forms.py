from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from accreditation.assurance.queries import Filters, Status
from accreditation.fields import DateInputField, MaxLength
from accreditation.organisation.forms import place_field, show_scope
from accreditation.organisation.scope import Scope


class ScopeForm(FlaskForm):
    """Where the figures look: an organisation, then one of its directorates. A GET form that changes nothing;
    the page reads the scope itself (organisation.scope), and the form only shows it."""

    class Meta:
        csrf = False

    organisation = place_field(_l("Organisation"))
    directorate = place_field(_l("Directorate"))

    @classmethod
    def of(cls, scope: Scope, **data) -> "ScopeForm":
        form = cls(formdata=None, **data)
        show_scope(form, scope, _l("All organisations"), _l("All directorates"))
        return form


class RegisterFilterForm(ScopeForm):
    """Filters for the register."""

    status = SelectField(
        _l("Status"), validators=[Optional()],
        choices=[SelectChoice("", _l("Any status"))] + [SelectChoice(s.value, s.label) for s in Status],
    )
    expiring = BooleanField(_l("Only awards that end within 90 days"), false_values=("", "0", "false"))
    interim = BooleanField(_l("Only interim reviews due within 60 days"), false_values=("", "0", "false"))

    @classmethod
    def showing(cls, scope: Scope, filters: Filters) -> "RegisterFilterForm":
        return cls.of(scope, status=filters.status.value if filters.status else "", expiring=filters.expiring,
                      interim=filters.interim_due)


class ReportDateForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    organisation = place_field(
        _l("Organisation"),
        description=_l("All organisations: the whole programme, by organisation. One organisation: by its directorates, "
                       "with the list of its teams that need attention."),
    )
    on = DateInputField(
        _l("Date of the report"), description=_l("The register and heat map as they stood on this day. For example, 1 4 2027"),
        validators=[DataRequired(message=_l("Enter the date of the report"))],
    )


class ApiClientForm(FlaskForm):
    name = StringField(
        _l("Name of the system that will use the API"), description=_l("For example, Trust quality dashboard"),
        validators=[DataRequired(message=_l("Enter a name for the client")), MaxLength(200)],
    )
