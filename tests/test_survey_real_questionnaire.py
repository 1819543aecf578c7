"""The whole journey on the real questionnaires, through every page each defines: version 2 (the
active one) in Spanish, English and Portuguese, and version 1 (pinned by ACTIVE_QUESTIONNAIRE, as a
site that has not moved yet would) in its two languages."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from tests.conftest import REAL_DIR
from tests.factories import complete_answers, fill_everything, html, session_assessment

SUBMIT = {"es": "Enviar diagnóstico", "en": "Submit assessment", "pt": "Enviar diagnóstico"}
START = {"es": "Comenzar el diagnóstico", "en": "Start the assessment", "pt": "Começar o diagnóstico"}
JOURNEYS = [(2, "es"), (2, "en"), (2, "pt"), (1, "es"), (1, "en")]


@pytest.fixture
def questionnaire_dir():
    return REAL_DIR


@pytest.fixture
def app_config(request):
    return {"ACTIVE_QUESTIONNAIRE": f"digital-maturity-v{request.param}"}


@pytest.mark.parametrize(("app_config", "language"), JOURNEYS, indirect=["app_config"],
                         ids=[f"v{v}-{lang}" for v, lang in JOURNEYS])
def test_real_questionnaire_from_profile_to_results(app, client, questionnaire, language):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    assert questionnaire.id == "digital-maturity"
    landing = html(client.get("/"))
    assert f'<html lang="{language}">' in landing
    assert str(escape(questionnaire.title(language))) in landing and START[language] in landing
    fill_everything(client, questionnaire, complete_answers(questionnaire))
    review = html(client.get("/survey/review"))
    assert SUBMIT[language] in review
    for dimension in questionnaire.dimensions:
        assert str(escape(dimension.title(language))) in review
    response = client.post("/survey/submit")
    assert re.fullmatch(r"/results/[A-Za-z0-9_-]+", response.location)
    results = html(client.get(response.location))
    assert str(escape(questionnaire.stages[-1].name(language))) in results
    assessment = session_assessment(app, client)
    assert assessment.is_submitted and assessment.overall_score == pytest.approx(100)
    assert assessment.locale == language
    assert assessment.questionnaire_version == questionnaire.version
