from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from accreditation.fields import DateInputField, MaxLength
from accreditation.panels.models import PanelKind
from accreditation.panels.outcome import Outcome


class PanelForm(FlaskForm):
    kind = RadioField(_l("Kind of panel"), choices=[SelectChoice(k.value, k.label) for k in PanelKind],
                      validators=[InputRequired(message=_l("Choose the kind of panel"))])
    meets_on = DateInputField(_l("Date of the meeting"), validators=[DataRequired(message=_l("Enter the date of the meeting"))])
    chair = SelectField(_l("Chair"), description=_l("A service user panel chair."),
                        coerce=lambda v: int(v) if v not in ("", None) else None, validators=[InputRequired(message=_l("Choose the chair"))],
                        render_kw={"typed_choices": True})
    members = SelectMultipleField(_l("Members"), description=_l("Besides the chair."), coerce=int, validators=[Optional()],
                                  render_kw={"typed_choices": True})
    quorum = IntegerField(_l("Quorum"), description=_l("Voting members needed, the chair included."), default=3,
                          validators=[InputRequired(message=_l("Enter the quorum")), NumberRange(min=2, max=20, message=_l("Enter a number from 2 to 20"))])
    reviews = SelectMultipleField(_l("Assessments on the agenda"), coerce=int,
                                  validators=[DataRequired(message=_l("Choose at least one assessment"))],
                                  render_kw={"typed_choices": True})


class MembersForm(FlaskForm):
    """Who sits on a scheduled panel, changed before it meets: the same fields as when it was scheduled."""
    chair, members, quorum = PanelForm.chair, PanelForm.members, PanelForm.quorum


class MoveForm(FlaskForm):
    meets_on = DateInputField(_l("New date of the meeting"), description=_l("For example, 27 3 2027"),
                              validators=[DataRequired(message=_l("Enter the new date of the meeting"))])


class MoveItemForm(FlaskForm):
    to = RadioField(_l("Which meeting should it go to?"), coerce=int,
                    validators=[InputRequired(message=_l("Choose the meeting"))])


class DecisionForm(FlaskForm):
    outcome = RadioField(_l("Decision"), choices=[SelectChoice(o.value, o.label) for o in Outcome],
                         validators=[InputRequired(message=_l("Choose the decision"))])
    rationale = TextAreaField(_l("Reasons"), validators=[InputRequired(message=_l("Give the reasons")), MaxLength(10_000)])
    departure_reason = TextAreaField(
        _l("Why the decision differs from the computed outcome or the panel's recommendation"),
        description=_l("Only if it differs."), validators=[MaxLength(10_000)],
    )
    conditions = TextAreaField(_l("Conditions (optional)"), validators=[MaxLength(5000)])
    deferral_deadline = DateInputField(_l("If deferred: the deadline for more evidence"))
    deferral_requirements = TextAreaField(_l("If deferred: what the team must show"), validators=[MaxLength(5000)])
    request_key = HiddenField()


class AmendmentForm(DecisionForm):
    reason = TextAreaField(_l("Why the decision is being corrected"), description=_l("The original decision stays on record."),
                           validators=[InputRequired(message=_l("Give the reason for the amendment")), MaxLength(5000)])


class FurtherEvidenceStatementForm(FlaskForm):
    statement = TextAreaField(
        _l("What has your team done about what the committee asked for?"),
        description=_l("In your own words. Do not name or identify any patient, service user or carer."),
        validators=[InputRequired(message=_l("Say what your team has done")), MaxLength(10_000)],
    )


class FurtherEvidenceFileForm(FlaskForm):
    file = FileField(
        _l("Upload a file"),
        description=_l("PDF, Word, Excel, PowerPoint (.docx, .xlsx, .pptx), PNG, JPEG or plain text, smaller than 20 MB."),
        validators=[FileRequired(message=_l("Choose a file to upload"))],
    )
    description = TextAreaField(_l("Describe the file"), description=_l("What it is and what it shows."),
                                validators=[InputRequired(message=_l("Describe the file")), MaxLength(2000)])


class FurtherEvidenceReviewForm(FlaskForm):
    review = TextAreaField(
        _l("What does the further evidence show?"),
        description=_l("Against what the committee asked the team to show. The final committee reads this."),
        validators=[InputRequired(message=_l("Say what the further evidence shows")), MaxLength(10_000)],
    )


class AppealForm(FlaskForm):
    grounds = TextAreaField(
        _l("Grounds for the appeal"),
        description=_l("Why you think the decision is wrong: for example, evidence the assessors did not see, or a process that was not followed."),
        validators=[InputRequired(message=_l("Give the grounds for the appeal")), MaxLength(10_000)],
    )


class AppealOutcomeForm(FlaskForm):
    upheld = RadioField(_l("Outcome of the appeal"), choices=[SelectChoice("yes", _l("Upheld: the final committee decides again")),
                                                              SelectChoice("no", _l("Not upheld: the decision stands"))],
                        validators=[InputRequired(message=_l("Choose the outcome of the appeal"))])
    reasons = TextAreaField(_l("Reasons"), validators=[InputRequired(message=_l("Give the reasons for the outcome")), MaxLength(10_000)])
