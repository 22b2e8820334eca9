"""The choice of an organisation and then one of its directorates, shared by the assurance pages and the QA
team's list of actions: GET forms that only show the scope the page read (organisation.scope)."""
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from accreditation.organisation.scope import Scope


def _id_or_none(value):
    return int(value) if value not in ("", None) and str(value).isdigit() else None


def place_field(label, **kwargs) -> SelectField:
    # Organisations' and directorates' names are typed: each option reads in its own direction.
    return SelectField(label, coerce=_id_or_none, validators=[Optional()], validate_choice=False,
                       render_kw={"typed_choices": True}, **kwargs)


def show_scope(form, scope: Scope, any_organisation, any_directorate) -> None:
    """The organisation and directorate selects as the scope has them; an unknown id shows as no choice, which
    is what the page then shows."""
    form.organisation.choices = [SelectChoice("", any_organisation)] + [SelectChoice(o.id, o.name) for o in scope.organisations]
    form.organisation.data = scope.organisation_id
    form.directorate.choices = [SelectChoice("", any_directorate)] + [SelectChoice(d.id, d.name) for d in scope.directorates]
    form.directorate.data = scope.directorate_id
