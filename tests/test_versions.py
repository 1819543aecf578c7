"""Two versions of the real questionnaire served at once (questionnaires/): version 2 for new
assessments, version 1 for the results made with it. A re-assessment of a v1 result starts on v2
prefilled through the crosswalk; its report compares only what both versions measure alike and
says so in every language; peers are always of the same version."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import update

from app.benchmark.comparison import peer_comparison
from app.domain.answers import check_answers
from app.domain.crosswalk import carried_answers
from app.extensions import db
from app.models import Answer, Organization, Source, Trust
from app.operations.assessment import (
    save_answers,
    start_assessment,
    start_reassessment,
    store_submitted,
    submit_assessment,
)
from app.operations.peers import profile_answers, sample_answers
from app.questionnaires import library
from tests.conftest import REAL_DIR
from tests.factories import complete_answers, html, session_assessment

PROFILE = {"name": "Cámara de Comercio de Prueba", "country": "HN",
           "org_type": "chamber_commerce", "members_band": "m2"}
PAIRED = ("strategy", "member_services", "people", "security")  # the v2 crosswalk's dimensions


@pytest.fixture
def questionnaire_dir():
    return REAL_DIR


@pytest.fixture
def app_config():
    return {"BENCHMARK_SAMPLES": "never"}


def versions():
    return library().get("digital-maturity", 1), library().get("digital-maturity", 2)


def v1_result(answers: dict | None = None, **profile):
    """A submitted v1 result of an organization with PROFILE (or `profile`)."""
    v1, _v2 = versions()
    fields = {**PROFILE, **profile}
    answers = answers or {**complete_answers(v1, fields["name"]), **profile_answers(v1, fields)}
    stored = store_submitted(Organization(**fields), v1, answers, Source.RESPONDENT,
                             trust=Trust.TRUSTED, locale="es")
    db.session.commit()
    return stored


def test_the_active_version_is_2_and_version_1_is_still_served(app):
    with app.app_context():
        v1, v2 = versions()
        assert library().active is v2 and v1 is not None
        assert v2.crosswalk.older == v1.key
        assert v2.languages == ("es", "en", "pt") and v1.languages == ("es", "en")


def test_a_v1_result_is_taken_again_on_v2_prefilled_through_the_crosswalk(app):
    with app.app_context():
        v1, v2 = versions()
        older = v1_result()
        # An answer that no longer validates (stored before a typo fix, say) is left to answer.
        db.session.execute(update(Answer).where(Answer.assessment_id == older.id,
                                                Answer.question_id == "strategy_leadership")
                           .values(value="l9"))
        db.session.commit()
        draft, _token = start_reassessment(older, v2, "pt")
        stored = draft.answer_values()
        assert (draft.questionnaire_version, draft.locale, draft.previous_id) == (2, "pt", older.id)
        # Every carried answer validates, but for the grids v2 widened: their carried rows are kept
        # (the draft keeps half-answered grids) and the new rows are left to answer.
        assert check_answers(v2, stored).errors == {"services_online": "incomplete",
                                                    "ops_tools": "incomplete"}
        assert v2.question("services_online").is_partial(stored["services_online"])
        # The profile carries over as it was, and so the draft's own profile.
        assert stored["org_name"] == PROFILE["name"] and stored["country"] == "HN"
        assert (draft.name, draft.country, draft.org_type) == (PROFILE["name"], "HN",
                                                               "chamber_commerce")
        # Options map as the crosswalk says: v1's top step of strategy_plan is v2's fourth, an
        # answer moves to its new question, options v2 asks elsewhere are dropped.
        assert stored["strategy_plan"] == "l4"
        assert stored["mem_dues"] == "l5" and "ops_joining_dues" not in stored
        assert stored["sec_basics"] == ["updates", "antivirus"]
        assert stored["people_team"] == "l5" and stored["sec_incidents"] == "yes"
        assert "strategy_leadership" not in stored  # did not validate: left to answer
        # New questions are open.
        for question_id in ("gov_assemblies", "ai_policy"):
            assert question_id not in stored
        assert set(stored) <= {q.id for q in v2.questions}
        carried = carried_answers(v2, v1.key, older.answer_values())
        assert len(stored) == len(carried) - 1  # the junk answer


def test_the_real_crosswalk_carries_every_v1_answer_that_keeps_its_meaning(app):
    """The lowest and the highest v1 answers both carry into valid v2 answers, except the grids v2
    widened."""
    with app.app_context():
        v1, v2 = versions()
        for build in ("lowest", "highest"):
            answers = {q.id: getattr(q.kind, build)(q) for q in v1.scored_questions}
            carried = carried_answers(v2, v1.key, answers)
            errors = check_answers(v2, carried).errors
            assert errors == {"services_online": "incomplete", "ops_tools": "incomplete"}, build


def submit_v2_reassessment(older):
    _v1, v2 = versions()
    draft, token = start_reassessment(older, v2, "es")
    carried = draft.answer_values()
    save_answers(draft, v2, {**complete_answers(v2),  # the best answers, the profile as carried
                             **{q.id: carried[q.id] for q in v2.profile_questions if q.id in carried}})
    submit_assessment(draft, v2, Trust.TRUSTED)
    return token


@pytest.mark.parametrize("language", ["es", "en", "pt"])
def test_the_report_across_versions_compares_what_both_measure_and_says_so(app, client, language):
    with app.app_context():
        v1, v2 = versions()
        token = submit_v2_reassessment(v1_result(
            {**{q.id: q.kind.lowest(q) for q in v1.scored_questions},
             **profile_answers(v1, PROFILE), "org_name": PROFILE["name"]}))
    client.post("/language", data={"locale": language})  # the visitor's choice
    page = html(client.get(f"/results/{token}"))
    assert f'<html lang="{language}">' in page
    with app.test_request_context(), force_locale(language):
        explained = gettext("That assessment used another version of the questionnaire: only the "
                            "dimensions both versions measure alike are compared, and the overall "
                            "score is not.")
        not_compared = gettext("not compared")
        titles = {d.id: d.title(language) for d in v2.dimensions}
        listed = gettext("Not compared: %(dimensions)s.", dimensions=", ".join(
            titles[d.id] for d in v2.dimensions if d.id not in PAIRED))
    assert explained in page and listed.replace("'", "&#39;") in page
    if language != "en":
        assert "only the dimensions both versions measure alike" not in page  # translated
    table = page.split('class="scores stack"')[1].split("</table>")[0]
    rows = {d: row for d in titles for row in table.split("<tr>")
            if f"</span> {titles[d]}</th>".replace("'", "&#39;") in row}
    for dimension_id, row in rows.items():
        if dimension_id in PAIRED:  # lowest v1 answers, highest v2 answers: a rise
            assert "+" in row and not_compared not in row, dimension_id
        else:
            assert not_compared in row, dimension_id
    assert len(rows) == len(v2.dimensions)


def test_peers_are_always_of_the_same_version(app):
    """Six trusted v1 results and six trusted v2 results: each version's report and the staff
    dashboard of each version count only their own."""
    with app.app_context():
        v1, v2 = versions()
        v1_results = [v1_result({**sample_answers(v1, f"v1-{n}"), **profile_answers(v1, PROFILE),
                                 "org_name": f"Peer {n}"}, name=f"Peer {n}") for n in range(6)]
        for n in range(7):
            fields = {**PROFILE, "name": f"V2 peer {n}"}
            store_submitted(Organization(**fields), v2, {**sample_answers(v2, f"v2-{n}"),
                                                         **profile_answers(v2, fields)},
                            Source.RESPONDENT, trust=Trust.TRUSTED)
        db.session.commit()
        mine_v1 = v1_results[0]
        compared = peer_comparison(mine_v1, v1, "en")
        assert compared.peer_count == 5  # the other five v1 results, never the v2 ones
        assert {r.dimension_id for r in compared.dimensions} == {d.id for d in v1.dimensions}
        token = submit_v2_reassessment(mine_v1)
        mine_v2 = next(a for a in mine_v1.organization.assessments if a.questionnaire_version == 2)
        compared = peer_comparison(mine_v2, v2, "en")
        assert compared.peer_count == 7 and token
        assert {r.dimension_id for r in compared.dimensions} == {d.id for d in v2.dimensions}


def test_starting_again_from_a_v1_result_opens_v2_in_the_visitors_language(app, client):
    """A Portuguese visitor reads the v1 result in Spanish; starting again opens v2 in Portuguese,
    prefilled, and the page says which questions are."""
    with app.app_context():
        v1, _v2 = versions()
        assessment, token = start_assessment(v1, "es")
        save_answers(assessment, v1, {**complete_answers(v1, PROFILE["name"]),
                                      **profile_answers(v1, PROFILE)})
        submit_assessment(assessment, v1, Trust.TRUSTED)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR,pt;q=0.9"
    assert '<html lang="es">' in html(client.get(f"/results/{token}"))
    response = client.post(f"/results/{token}/again")
    assert response.status_code == 303
    page = html(client.get(response.location))
    assert '<html lang="pt">' in page
    assert "novo diagnóstico na versão 2 do questionário" in page
    assert "nas perguntas que mantiveram o sentido" in page
    with app.app_context():
        draft = session_assessment(app, client)
        assert (draft.questionnaire_version, draft.locale) == (2, "pt")
        assert draft.answer_values()["strategy_plan"] == "l4"
