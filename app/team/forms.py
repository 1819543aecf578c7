"""The team pages' forms: plain posts with a CSRF token, so every page works without JavaScript."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import Form
from app.models.team import MAX_NOTE_LENGTH, MAX_ROLE_LENGTH

ROLE_HINT = _l("For example: Management, Services, Communication, IT. Colleagues are named by "
               "their role, never by e-mail.")
ROLE_REQUIRED = _l("Please give a role (at most %(num)d characters).", num=MAX_ROLE_LENGTH)


class ActionForm(Form):
    """Only the CSRF token: a button."""


class StartTeamForm(Form):
    role = StringField(_l("Your role in the organization"), description=ROLE_HINT,
                       validators=[DataRequired(message=ROLE_REQUIRED),
                                   Length(max=MAX_ROLE_LENGTH, message=ROLE_REQUIRED)])


class InviteForm(Form):
    role = StringField(_l("Their role"), description=ROLE_HINT,
                       validators=[DataRequired(message=ROLE_REQUIRED),
                                   Length(max=MAX_ROLE_LENGTH, message=ROLE_REQUIRED)])
    email = EmailField(_l("Their e-mail address (optional: we send the link and do not keep "
                          "the address)"),
                       validators=[Optional(), Length(max=254)])
    locale = SelectField(_l("Language of their questionnaire"))
    request_id = HiddenField()


def notes_form_class(question_ids):
    """A form with one optional note per compared question (built per page, never shared)."""

    class NotesForm(Form):
        pass

    for question_id in question_ids:
        setattr(NotesForm, f"note_{question_id}", TextAreaField(
            _l("Why the team chose this answer (optional)"),
            validators=[Optional(), Length(max=MAX_NOTE_LENGTH)]))
    return NotesForm
