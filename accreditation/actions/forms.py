from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy.orm import Session
from wtforms import BooleanField, Form, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional

from accreditation.actions.models import ActionStatus, Verdict
from accreditation.fields import DateInputField, MaxLength
from accreditation.organisation.forms import place_field, show_scope
from accreditation.organisation.scope import Scope, id_arg

LONG_TEXT = 5000


def _id_or_none(value):
    return int(value) if value not in ("", None) else None


class PlanForm(FlaskForm):
    what_will_change = TextAreaField(
        _l("What will change"), description=_l("What the team will do differently, in plain words."),
        validators=[InputRequired(message=_l("Say what will change")), MaxLength(LONG_TEXT)],
    )
    owner = SelectField(_l("Who owns this action"), coerce=_id_or_none,
                        validators=[InputRequired(message=_l("Choose who owns this action"))])
    due_on = DateInputField(_l("Due date"), description=_l("For example, 27 3 2027"),
                            validators=[DataRequired(message=_l("Enter the due date"))])
    how_we_will_know = TextAreaField(
        _l("How you will know it worked"),
        description=_l("What service users and carers will notice, or what you will measure."),
        validators=[InputRequired(message=_l("Say how you will know it worked")), MaxLength(LONG_TEXT)],
    )
    involved = SelectMultipleField(
        _l("Service users involved (optional)"), description=_l("Service users who are taking part in this work."),
        coerce=int, validators=[Optional()],
    )


class ProgressForm(FlaskForm):
    progress = TextAreaField(
        _l("What has been done"), description=_l("Do not name or describe any patient."),
        validators=[InputRequired(message=_l("Say what has been done")), MaxLength(LONG_TEXT)],
    )
    evidence = FileField(
        _l("Evidence (optional)"),
        description=_l("PDF, Word, Excel, PowerPoint (.docx, .xlsx, .pptx), PNG, JPEG or plain text, smaller than 20 MB."),
    )


class CommentForm(FlaskForm):
    comment = TextAreaField(_l("Your comment"), validators=[InputRequired(message=_l("Write your comment")), MaxLength(LONG_TEXT)])


class VerdictForm(FlaskForm):
    verdict = RadioField(_l("Did it make a difference?"), choices=[SelectChoice(v.value, v.label) for v in Verdict],
                         validators=[InputRequired(message=_l("Choose whether it made a difference"))])
    in_their_words = TextAreaField(
        _l("In your own words"), description=_l("What you saw or heard, and why you think so."),
        validators=[InputRequired(message=_l("Say in your own words whether it made a difference")), MaxLength(LONG_TEXT)],
    )


class ConfirmForm(FlaskForm):
    """A button that changes the action's status: the form carries only its token."""


class FilterForm(Form):
    """The QA list's filters, read from the address so a filtered list can be bookmarked: the status, an
    organisation and then one of its directorates (organisation.scope), and whether overdue."""

    status = SelectField(_l("Status"), choices=[SelectChoice("", _l("Any status"))] + [SelectChoice(s.value, s.label) for s in ActionStatus],
                         validators=[Optional()])
    organisation = place_field(_l("Organisation"))
    directorate = place_field(_l("Directorate"))
    overdue = BooleanField(_l("Only overdue actions"))

    @classmethod
    def read(cls, db: Session, args) -> tuple["FilterForm", Scope]:
        """The form as the address filled it, and the scope it names (an unknown id is no choice)."""
        scope = Scope.load(db, id_arg(args, "organisation"), id_arg(args, "directorate"), strict=False)
        form = cls(args)
        show_scope(form, scope, _l("Every organisation"), _l("Every directorate"))
        if form.status.data not in {s.value for s in ActionStatus}:
            form.status.data = ""
        return form, scope

    def chosen(self, scope: Scope) -> dict:
        """As the keyword arguments of the actions queries."""
        return dict(
            status=ActionStatus(self.status.data) if self.status.data else None, overdue=bool(self.overdue.data),
            organisation_id=scope.organisation_id if scope.several else None, directorate_id=scope.directorate_id,
        )
