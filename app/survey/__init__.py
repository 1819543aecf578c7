from flask import Blueprint

bp = Blueprint("survey", __name__, template_folder="templates")


@bp.record_once
def check_every_type_can_be_asked(state) -> None:
    """Refuse to start when a served questionnaire uses a question type no form adapter knows."""
    from app.survey.fields import missing_adapters

    library = state.app.extensions["questionnaires"]
    missing = missing_adapters(q for version in library.versions.values() for q in version.questions)
    if missing:
        raise RuntimeError(f"No survey form adapter for question type(s): {', '.join(missing)} "
                           "(app/survey/fields.py register_field)")


from app.survey import about, autosave, invitation, link_mail, resume, routes  # noqa: E402,F401
