from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, PasswordField, SelectField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from app.domain.provenance import MAX_REASON_LENGTH
from app.forms import Form

ROLE_CHOICES = [SelectChoice("analyst", _l("Analyst: dashboards and exports")),
                SelectChoice("admin", _l("Admin: everything, including accounts and peer data"))]


class AccountForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(_l("Password again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class DeactivateForm(Form):
    """Only the CSRF token."""


class PeerUploadForm(Form):
    file = FileField(_l("CSV file of peer results"),
                     validators=[FileRequired(_l("Choose a CSV file."))])


class PeerConfirmForm(Form):
    """Only the CSRF token: the previewed file waits on the server."""


class VerifyForm(Form):
    """Only the CSRF token: verifying needs no reason."""


class ExcludeForm(Form):
    reason = TextAreaField(_l("Reason for excluding it"), validators=[
        DataRequired(_l("Say why the result is excluded.")),
        Length(max=MAX_REASON_LENGTH, message=_l("At most %(max)d characters."))])
