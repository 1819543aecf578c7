"""The forms of the rounds pages. What an organization's values must be is checked in one place,
app/operations/round_lists.py `check_entry`, for the form and the uploaded list alike."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms import Form
from app.staff.filters import MAX_YEAR, MIN_YEAR

BAD_DATE = _l("Enter a date as on a calendar, for example 2026-06-30.")
MAX_NOTE_LENGTH = 2000


class DayField(DateField):
    """A date input whose error is our own sentence, in the page's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(BAD_DATE)) from error
        if self.data is not None and not MIN_YEAR <= self.data.year <= MAX_YEAR:
            self.data = None
            raise ValueError(str(BAD_DATE))


class RoundForm(Form):
    name = StringField(_l("Name of the round"), validators=[
        DataRequired(_l("Give the round a name.")), Length(max=200)])
    version = SelectField(_l("Questionnaire version"))
    opens_on = DayField(_l("Opening date"), validators=[DataRequired(str(BAD_DATE))])
    closes_on = DayField(_l("Closing date (optional)"), validators=[Optional()])
    note = TextAreaField(_l("Note for the programme team (optional)"), validators=[
        Length(max=MAX_NOTE_LENGTH, message=_l("At most %(max)d characters."))])

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The closing date cannot be before the opening date."))


class OrganizationForm(Form):
    name = StringField(_l("Name of the organization"))
    country = SelectField(_l("Country"), validate_choice=False)
    org_type = SelectField(_l("Type of organization"), validate_choice=False)
    contact_name = StringField(_l("Contact name (optional)"))
    contact_email = EmailField(_l("Contact e-mail (optional)"))
    language = SelectField(_l("Language of the e-mails"), validate_choice=False)


class ListUploadForm(Form):
    file = FileField(_l("List of organizations (CSV or Excel)"),
                     validators=[FileRequired(_l("Choose a CSV or Excel file."))])


class SendForm(Form):
    """An e-mail button: which message, and the form's nonce (a double click sends once)."""

    kind = HiddenField()
    request_id = HiddenField()


class NewLinkForm(Form):
    """Only the CSRF token: issuing a fresh link takes a button."""
