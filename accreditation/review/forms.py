from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, Regexp, ValidationError

from accreditation.fields import DateInputField, MaxLength
from accreditation.review.models import ConflictKind, Perspective, Score


class VisitDateForm(FlaskForm):
    """Step one of allocating: the visit date decides who is eligible."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    visit_on = DateInputField(
        _l("Date of the visit"), description=_l("For example, 12 5 2027"),
        validators=[DataRequired(message=_l("Enter the date of the visit"))],
    )


class AllocationForm(FlaskForm):
    lead = RadioField(_l("Lead assessor"), coerce=int, validators=[InputRequired(message=_l("Choose a lead assessor"))],
                      render_kw={"typed_choices": True})
    assessors = SelectMultipleField(_l("Assessors"), description=_l("Besides the lead assessor."), coerce=int, validators=[Optional()],
                                    render_kw={"typed_choices": True})
    visit_at = StringField(
        _l("Time of the visit"), description=_l("Use the 24-hour clock, for example 10:30"),
        validators=[InputRequired(message=_l("Enter the time of the visit")),
                    Regexp(r"^([01]?\d|2[0-3])[:.][0-5]\d$", message=_l("Enter a time like 10:30"))],
        render_kw={"inputmode": "numeric"},
    )
    site = StringField(_l("Where the visit takes place"), validators=[InputRequired(message=_l("Enter where the visit takes place")), MaxLength(200)])
    access_arrangements = TextAreaField(
        _l("Access arrangements"),
        description=_l("For example: step-free entrance, a quiet room, an interpreter, travel booked."),
        validators=[MaxLength(2000)],
    )


class ConflictForm(FlaskForm):
    team = SelectField(
        _l("Team"), coerce=lambda value: int(value) if value not in ("", None) else None,
        validators=[InputRequired(message=_l("Choose the team"))], render_kw={"typed_choices": True},
    )
    kind = RadioField(
        _l("Why can you not assess this team fairly?"),
        choices=[SelectChoice(k.value, k.label) for k in ConflictKind],
        validators=[InputRequired(message=_l("Choose a reason"))],
    )
    ended_on = DateInputField(
        _l("If you worked there, when did you leave?"),
        description=_l("Leave empty if you still work there. You can assess the team 2 years after you leave."),
    )
    note = TextAreaField(_l("Anything else we should know (optional)"), validators=[MaxLength(1000)])


def _score_choices():
    return [SelectChoice(s.value, s.label) for s in Score]


class EvidenceScoreForm(FlaskForm):
    score = RadioField(_l("Your score from the evidence"), choices=_score_choices(),
                       validators=[InputRequired(message=_l("Choose a score"))])
    comment = TextAreaField(
        _l("Why you gave this score"),
        description=_l("What in the evidence made you decide, or what you want to look for on the visit."),
        validators=[MaxLength(5000)],
    )


COUNT = [Optional(), NumberRange(min=0, max=1000, message=_l("Enter a number, such as 0 or 4"))]


class VisitForm(FlaskForm):
    observed = TextAreaField(_l("What did you see?"), validators=[MaxLength(10_000)])
    service_users_spoken_to = IntegerField(_l("How many service users did you talk to?"), validators=COUNT, render_kw={"inputmode": "numeric"})
    service_users_said = TextAreaField(
        _l("What did service users tell you?"),
        description=_l("Themes only. Never write names or anything about someone's health or treatment."),
        validators=[MaxLength(10_000)],
    )
    carers_spoken_to = IntegerField(_l("How many carers did you talk to?"), validators=COUNT, render_kw={"inputmode": "numeric"})
    carers_said = TextAreaField(_l("What did carers tell you?"), description=_l("Themes only, no names."), validators=[MaxLength(10_000)])
    staff_spoken_to = IntegerField(_l("How many staff did you talk to?"), validators=COUNT, render_kw={"inputmode": "numeric"})
    staff_said = TextAreaField(_l("What did staff tell you?"), description=_l("Themes only, no names."), validators=[MaxLength(10_000)])
    score = RadioField(_l("Your score from the visit"), choices=_score_choices(), validators=[Optional()])
    revision = HiddenField(default="0")

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "revision")}


class FindingForm(FlaskForm):
    score = RadioField(_l("The visit team's score"), choices=_score_choices(), validators=[InputRequired(message=_l("Choose a score"))])
    finding = TextAreaField(_l("Finding"), description=_l("What the visit team found, in plain words. This goes in the report."),
                            validators=[InputRequired(message=_l("Write the finding")), MaxLength(5000)])
    rationale = TextAreaField(_l("Why this score"), description=_l("Especially where the assessors' scores differ."),
                              validators=[InputRequired(message=_l("Say why you chose this score")), MaxLength(5000)])


class ReportForm(FlaskForm):
    strengths = TextAreaField(_l("Strengths"), validators=[MaxLength(10_000)])
    improvements = TextAreaField(_l("Areas for improvement"), validators=[MaxLength(10_000)])


class SendReportForm(FlaskForm):
    comments_due = DateInputField(
        _l("The team can point out factual errors until"), description=_l("For example, 1 6 2027"),
        validators=[DataRequired(message=_l("Enter the date the team can comment until"))],
    )


class FactualCommentForm(FlaskForm):
    standard_code = SelectField(_l("Which part of the report?"), validators=[Optional()])
    comment = TextAreaField(_l("What is not correct, and what is?"),
                            validators=[InputRequired(message=_l("Say what is not correct")), MaxLength(5000)])


class ResponseForm(FlaskForm):
    response = TextAreaField(_l("Your response"), validators=[InputRequired(message=_l("Write a response")), MaxLength(5000)])


class InvolvementForm(FlaskForm):
    person = SelectField(_l("Assessor"), coerce=lambda v: int(v) if v not in ("", None) else None,
                         validators=[InputRequired(message=_l("Choose the assessor"))], render_kw={"typed_choices": True})
    activity = RadioField(_l("Activity"), validators=[InputRequired(message=_l("Choose the activity"))])
    worked_on = DateInputField(_l("Date"), validators=[DataRequired(message=_l("Enter the date"))])
    minutes = IntegerField(_l("Time given, in minutes"), render_kw={"inputmode": "numeric"},
                           validators=[InputRequired(message=_l("Enter the time in minutes")),
                                       NumberRange(min=1, max=1440, message=_l("Enter between 1 and 1440 minutes"))])
    note = TextAreaField(_l("Note (optional)"), validators=[MaxLength(1000)])


class ProfileForm(FlaskForm):
    perspective = RadioField(_l("Perspective"), choices=[SelectChoice(p.value, p.label) for p in Perspective],
                             validators=[InputRequired(message=_l("Choose the assessor's perspective"))])
    languages = StringField(_l("Languages spoken"), validators=[MaxLength(500)])
    lived_experience = TextAreaField(_l("Areas of lived experience"), description=_l("Never shown to teams."), validators=[MaxLength(5000)])
    access_needs = TextAreaField(_l("Access needs"), description=_l("So visits can be arranged to suit them. Never shown to teams."), validators=[MaxLength(5000)])
    availability = TextAreaField(_l("Usual availability"), description=_l("For example: weekday mornings, not school holidays."), validators=[MaxLength(2000)])
    phone = StringField(_l("Phone number"), validators=[MaxLength(40)], render_kw={"autocomplete": "tel", "inputmode": "tel"})


class TrainingForm(FlaskForm):
    course = StringField(_l("Course"), validators=[InputRequired(message=_l("Enter the course")), MaxLength(200)])
    completed_on = DateInputField(_l("Completed on"), validators=[DataRequired(message=_l("Enter the date the course was completed"))])
    expires_on = DateInputField(_l("Runs out on"), validators=[DataRequired(message=_l("Enter the date the training runs out"))])

    def validate_expires_on(self, field):
        if field.data and self.completed_on.data and field.data <= self.completed_on.data:
            raise ValidationError(_l("The training must run out after it was completed"))


class UnavailabilityForm(FlaskForm):
    starts_on = DateInputField(_l("Not available from"), validators=[DataRequired(message=_l("Enter the first day"))])
    ends_on = DateInputField(_l("Until"), validators=[DataRequired(message=_l("Enter the last day"))])

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day must be on or after the first day"))
