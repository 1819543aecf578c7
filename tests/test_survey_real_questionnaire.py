"""The whole journey on the real questionnaire (questionnaires/digital-maturity-v1.yaml), in both
languages, through every page it defines."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from tests.conftest import REAL_DIR
from tests.factories import complete_answers, fill_everything, html, session_assessment

REAL_QUESTIONNAIRE = REAL_DIR / "digital-maturity-v1.yaml"

pytestmark = pytest.mark.skipif(not REAL_QUESTIONNAIRE.exists(),
                                reason=f"{REAL_QUESTIONNAIRE.name} is not written yet")


@pytest.fixture
def questionnaire_dir():
    return REAL_DIR



@pytest.mark.parametrize(("language", "submit_label"), [("es", "Enviar diagnóstico"),
                                                        ("en", "Submit assessment")])
def test_real_questionnaire_from_profile_to_results(app, client, questionnaire, language,
                                                    submit_label):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    assert questionnaire.id == "digital-maturity"
    landing = html(client.get("/"))
    assert str(escape(questionnaire.title(language))) in landing
    fill_everything(client, questionnaire, complete_answers(questionnaire))
    review = html(client.get("/survey/review"))
    assert submit_label in review
    for dimension in questionnaire.dimensions:
        assert str(escape(dimension.title(language))) in review
    response = client.post("/survey/submit")
    assert re.fullmatch(r"/results/[A-Za-z0-9_-]+", response.location)
    assert client.get(response.location).status_code == 200
    assessment = session_assessment(app, client)
    assert assessment.is_submitted and assessment.overall_score == pytest.approx(100)
