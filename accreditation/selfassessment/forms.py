from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, URL, ValidationError

from accreditation.fields import DateInputField, MaxLength
from accreditation.selfassessment.models import EvidenceKind, Rating

LONG_TEXT = 10_000


class TeamSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    q = StringField(_l("Find the team"), description=_l("Part of its name or site, for example Larch or Riverside."))


class EnrolForm(FlaskForm):
    team = SelectField(
        _l("Team"), coerce=lambda value: int(value) if value not in ("", None) else None,
        validators=[InputRequired(message=_l("Choose a team"))], render_kw={"typed_choices": True},
    )
    due = DateInputField(
        _l("Self-assessment deadline"),
        description=_l("The date the team lead should submit the self-assessment by. For example, 27 3 2027"),
        validators=[DataRequired(message=_l("Enter the self-assessment deadline"))],
    )


class DeadlineForm(FlaskForm):
    due = DateInputField(
        _l("New deadline"), description=_l("For example, 27 3 2027"),
        validators=[DataRequired(message=_l("Enter the new deadline"))],
    )
    reason = TextAreaField(
        _l("Why the deadline changes"), description=_l("Kept with the change, for the record."),
        validators=[InputRequired(message=_l("Say why the deadline changes")), MaxLength(2000)],
    )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Why the team leaves the cycle"), description=_l("For example, the ward closed or merged with another team."),
        validators=[InputRequired(message=_l("Say why the team leaves the cycle")), MaxLength(2000)],
    )


class AnswerForm(FlaskForm):
    rating = RadioField(_l("How well does your team meet this standard?"), validators=[Optional()])
    not_applicable_reason = TextAreaField(
        _l("Why does this standard not apply to your team?"),
        description=_l("Only if you chose not applicable."), validators=[MaxLength(LONG_TEXT)],
    )
    how_we_meet = TextAreaField(
        _l("How we meet this standard"),
        description=_l("What you do, and how you know it works. Do not name or describe any patient."),
        validators=[MaxLength(LONG_TEXT)],
    )
    improvement_underway = TextAreaField(
        _l("What we are already doing about it"),
        description=_l("Only if the standard is partially met or not met."), validators=[MaxLength(LONG_TEXT)],
    )
    involvement_count = IntegerField(
        _l("How many service users and carers took part in assessing this standard?"),
        validators=[Optional(), NumberRange(min=0, max=10_000, message=_l("Enter a number, such as 0 or 6"))],
        render_kw={"inputmode": "numeric"},
    )
    involvement_how = TextAreaField(
        _l("How did they take part?"),
        description=_l("For example: a community meeting, a survey, or reviewing this answer with us."),
        validators=[MaxLength(LONG_TEXT)],
    )
    revision = HiddenField(default="0")

    def __init__(self, *args, essential: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # An essential standard applies to every team, so it is never offered as not applicable.
        self.rating.choices = [
            SelectChoice(r.value, r.label) for r in Rating if not (essential and r is Rating.NOT_APPLICABLE)
        ]
        if essential:
            self.rating.description = _l("This standard is essential: it applies to every team.")

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "rating", "not_applicable_reason", "how_we_meet", "improvement_underway", "involvement_count",
            "involvement_how",
        )}


class EvidenceForm(FlaskForm):
    kind = RadioField(
        _l("What kind of evidence is it?"),
        choices=[SelectChoice(k.value, k.label) for k in EvidenceKind],
        validators=[InputRequired(message=_l("Choose what kind of evidence it is"))],
    )
    file = FileField(
        _l("Upload a file"),
        description=_l("PDF, Word, Excel, PowerPoint (.docx, .xlsx, .pptx), PNG, JPEG or plain text, smaller than 20 MB."),
    )
    url = URLField(_l("Web address"), validators=[Optional(), URL(message=_l("Enter a web address starting with https://"))])
    description = TextAreaField(
        _l("Describe the evidence"),
        description=_l("What it is and what it shows. If you will show it at the visit, say what and where."),
        validators=[InputRequired(message=_l("Describe the evidence")), MaxLength(2000)],
    )
    no_patient_information = BooleanField(
        _l("I confirm this evidence does not name or identify any patient, service user or carer"),
        validators=[InputRequired(message=_l("Confirm that the evidence does not identify anyone"))],
    )

    def validate_file(self, field):
        if self.kind.data == EvidenceKind.FILE.value and not field.data:
            raise ValidationError(_l("Choose a file to upload"))

    def validate_url(self, field):
        if self.kind.data == EvidenceKind.LINK.value and not field.data:
            raise ValidationError(_l("Enter the web address"))
