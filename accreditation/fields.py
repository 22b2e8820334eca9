"""Form fields the NHS design system has and WTForms lacks."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import Field
from wtforms.validators import Length, StopValidation


class MaxLength(Length):
    """At most `max` characters, said in the reader's language: WTForms' own message is in none of our catalogues."""

    def __init__(self, max: int):
        super().__init__(max=max, message=lazy_ngettext(
            "This must be %(num)d character or fewer", "This must be %(num)d characters or fewer", max))


class DateInputField(Field):
    """Day, month and year boxes (the NHS date input), posted as name[day], name[month], name[year]."""

    type = "DateInputField"

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parts = {"day": "", "month": "", "year": ""}

    def process_formdata(self, valuelist):
        pass  # the three boxes are read in process(): WTForms only passes values posted under the bare name

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if isinstance(self.data, date):
            self.parts = {"day": str(self.data.day), "month": str(self.data.month), "year": str(self.data.year)}
        if formdata is None or not any(f"{self.name}[{p}]" in formdata for p in self.parts):
            return
        self.parts = {p: formdata.get(f"{self.name}[{p}]", "").strip() for p in self.parts}
        self.data = None
        if not any(self.parts.values()):
            return
        try:
            self.data = date(int(self.parts["year"]), int(self.parts["month"]), int(self.parts["day"]))
        except ValueError:
            self.process_errors.append(_l("Enter a real date, for example 27 3 2027"))

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # a date that does not exist: say only that, not "enter a date" as well
