from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class LogoutForm(FlaskForm):
    """Only the CSRF token: signing out is a POST so no link or image can do it."""


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[SelectChoice("es", "Español"),
                                                  SelectChoice("en", "English")])
