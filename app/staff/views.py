"""What several staff pages share: the current filters, the choices of the filter form, and the
labels of an assessment's answers."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.benchmark.selection import Selection
from app.domain.answers import describe_answer
from app.domain.questionnaire import Question, Questionnaire
from app.export.columns import SOURCE_LABELS, STATUS_LABELS, TRUST_LABELS, Vocabulary
from app.extensions import db
from app.models import AssessmentRound
from app.models.staff import Role
from app.questionnaires import library
from app.sample_names import shown_name
from app.staff.filters import parse_filters
from app.staff.round_rows import round_label
from app.templating import current_locale, questionnaire_label


def current_filters() -> Selection:
    return parse_filters(request.args, library())


def threshold() -> int:
    return int(current_app.config["ANONYMITY_THRESHOLD"])


@dataclass(frozen=True)
class Choices:
    versions: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    countries: list[tuple[str, str]]
    org_types: list[tuple[str, str]]
    size_bands: list[tuple[str, str]]
    statuses: list[tuple[str, str]]
    rounds: list[tuple[str, str]] = ()  # the version's programme rounds


def _options(questionnaire: Questionnaire, field_name: str) -> list[tuple[str, str]]:
    question = questionnaire.question_for_field(field_name)
    return [(o.id, o.label(current_locale())) for o in question.options] if question else []


def filter_choices(questionnaire: Questionnaire) -> Choices:
    books = library()
    versions = sorted(books.versions.values(), key=lambda q: (q.id, q.version))
    return Choices(
        versions=[(q.key, version_in_words(q)) for q in versions],
        regions=[(r.id, r.name(current_locale())) for r in books.regions.regions],
        countries=sorted(_options(questionnaire, "country"), key=lambda pair: pair[1]),
        org_types=_options(questionnaire, "org_type"),
        size_bands=_options(questionnaire, "members_band"),
        statuses=[(k, str(v)) for k, v in STATUS_LABELS.items()],
        rounds=round_choices(questionnaire),
    )


def round_choices(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """The rounds of this questionnaire version, newest first, for the filter form."""
    rounds = db.session.scalars(select(AssessmentRound).where(
        AssessmentRound.questionnaire_id == questionnaire.id,
        AssessmentRound.questionnaire_version == questionnaire.version)
        .order_by(AssessmentRound.opens_on.desc(), AssessmentRound.id.desc()))
    return [(str(r.id), round_label(r)) for r in rounds]


ROLE_LABELS = {Role.ADMIN.value: _l("Administrator"), Role.ANALYST.value: _l("Analyst")}


def role_label(role: str) -> str:
    """A staff role in words ("Administrador/a"), never its code."""
    return str(ROLE_LABELS.get(role, role))


def percent(part: float | None, whole: float | None) -> str:
    """A share in the page's number format ("85 %"); a dash when there is no whole."""
    return "—" if not whole or part is None else format_percent(part / whole)
def version_in_words(questionnaire: Questionnaire) -> str:
    """"Digital maturity self-assessment, version 2 (in use for new assessments)", for choosing."""
    label = questionnaire_label(questionnaire.id, questionnaire.version)
    if questionnaire is library().active:
        return _("%(version)s (in use for new assessments)", version=label)
    return label


def source_label(source: str) -> str:
    return str(SOURCE_LABELS.get(source, source))


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def trust_label(trust: str | None) -> str:
    return "" if trust is None else str(TRUST_LABELS.get(trust, trust))


def organization_label(name: str | None, sample_key: str | None) -> str | None:
    """The name a staff page shows: a sample organization's pseudonym in the page's language."""
    return shown_name(name, sample_key, dict(_options(library().active, "country")))


def label_vocabulary(questionnaire: Questionnaire) -> Vocabulary:
    return Vocabulary(questionnaire, library().regions, True, current_locale())


def answer_lines(question: Question, value, vocabulary: Vocabulary) -> list[str]:
    """The answer as the staff member reads it, one line per chosen option or tool."""
    return list(describe_answer(question, value).lines(vocabulary.locale, vocabulary.not_applicable))


def profile_rows(found, questionnaire) -> list[tuple[str, str]]:
    """The assessment's own profile (as submitted) as (question text, answer label) pairs."""
    if questionnaire is None:
        return []
    vocabulary = label_vocabulary(questionnaire)
    rows = []
    for field, value in found.profile.items():
        question = questionnaire.question_for_field(field)
        if question is None or field == "name" or value is None:
            continue
        rows.append((question.text(current_locale()), vocabulary.code(vocabulary.profile[field],
                                                                       value)))
    return rows
