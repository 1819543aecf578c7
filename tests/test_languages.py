"""Portuguese beside Spanish and English, on the real questionnaires: the first visit follows the
browser, every page's language switch offers only the languages that page can be shown in, a
version-1 result (Spanish and English only) is shown in one of its languages with a note in the
visitor's, and e-mail, the PDF, downloads and staff exports speak Portuguese where the version has
it."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask_babel import force_locale, ngettext

from app.extensions import db
from app.models import Assessment, Organization, Source, Trust
from app.operations.assessment import save_answers, start_assessment, store_submitted, submit_assessment
from app.operations.messages import queue_message
from app.operations.peers import profile_answers, seed_programme_samples
from app.questionnaires import library
from tests.conftest import REAL_DIR
from tests.factories import complete_answers, html, open_private_link, staff_client

SWITCH = re.compile(r'name="(?:locale|switch_language)" value="(\w+)"')


@pytest.fixture
def questionnaire_dir():
    return REAL_DIR


def versions():
    return library().get("digital-maturity", 1), library().get("digital-maturity", 2)


def switch_offers(page: str) -> set[str]:
    return set(SWITCH.findall(page))


def page_language(page: str) -> str:
    return re.search(r'<html lang="(\w+)">', page).group(1)


def result_token(app, version: int, locale: str) -> str:
    with app.app_context():
        questionnaire = library().get("digital-maturity", version)
        assessment, token = start_assessment(questionnaire, locale)
        save_answers(assessment, questionnaire, complete_answers(questionnaire))
        submit_assessment(assessment, questionnaire, Trust.TRUSTED)
    return token


@pytest.mark.parametrize(("header", "expected"), [
    ("pt-BR,pt;q=0.9,en;q=0.5", "pt"), ("pt-PT", "pt"), ("pt", "pt"), ("en-US,en;q=0.9", "en"),
    ("es-419", "es"), ("fr-FR", "es"), ("", "es")])
def test_the_first_visit_follows_the_browsers_language(app, client, header, expected):
    page = html(client.get("/", headers={"Accept-Language": header} if header else {}))
    assert page_language(page) == expected
    with app.app_context():
        _v1, v2 = versions()
        assert v2.title(expected) in page
    assert switch_offers(page) == {"es", "en", "pt"} - {expected}
    if expected == "pt":
        assert "Começar o diagnóstico" in page and "Português" not in re.sub(
            r'<html lang="pt">', "", page).split("language-switch")[1].split("</form>")[0]


def test_the_landing_page_states_the_computed_time_in_every_language(app, client):
    from app.survey.effort import measure

    with app.app_context():
        _v1, v2 = versions()
        minutes = {language: measure(v2, language).minutes() for language in v2.languages}
    for language, stated in minutes.items():
        page = html(client.get("/", headers={"Accept-Language": language}))
        with app.test_request_context(), force_locale(language):
            words = ngettext("about %(num)d minute", "about %(num)d minutes", stated)
        assert words in page and 35 <= stated <= 45


def test_a_v1_result_opens_in_one_of_its_languages_with_a_note_in_portuguese(app, client):
    token = result_token(app, 1, "es")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR,pt;q=0.9"
    page = html(client.get(f"/results/{token}"))
    assert page_language(page) == "es"  # the language it was answered in
    note = re.search(r'<p class="notice language-note" role="note" lang="pt">([^<]+)</p>', page)
    assert note and "versão 1 do questionário" in note.group(1)
    assert "espanhol e inglês" in note.group(1)
    assert switch_offers(page) == {"en"}  # never a language the page cannot be shown in
    # Choosing Portuguese on another page (or posting it here) changes nothing the v1 page can't.
    client.post("/language", data={"locale": "pt"})
    assert page_language(html(client.get("/"))) == "pt"
    again = html(client.get(f"/results/{token}"))
    assert page_language(again) == "es" and 'lang="pt"' in again
    # Its charts and PDF link never ask for Portuguese either.
    assert "lang=pt" not in again
    client.post("/language", data={"locale": "en"})
    english = html(client.get(f"/results/{token}"))
    assert page_language(english) == "en" and "language-note" not in english
    assert switch_offers(english) == {"es"}


def test_a_v1_draft_stays_in_its_language_when_portuguese_is_chosen(app, client):
    with app.app_context():
        v1, _v2 = versions()
        assessment, token = start_assessment(v1, "en")
        assessment_id = assessment.id
    open_private_link(client, f"/resume/{token}")
    client.post("/language", data={"locale": "pt"})
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).locale == "en"
    page = html(client.get("/survey/profile"))
    assert page_language(page) == "en" and "language-note" in page
    assert switch_offers(page) == {"es"}


def test_a_v2_result_is_offered_in_every_language_and_reads_in_portuguese(app, client):
    token = result_token(app, 2, "pt")
    page = html(client.get(f"/results/{token}"))
    assert page_language(page) == "pt" and switch_offers(page) == {"es", "en"}
    assert "language-note" not in page
    with app.app_context():
        _v1, v2 = versions()
        assert v2.stages[-1].name("pt") in page  # Referência
        assert v2.recommendation("strategy", "leading")("pt")[:60] in page
    assert "Pontuação por dimensão" in page and "Baixar o relatório (PDF)" in page
    download = client.get(f"/results/{token}/download.csv").data.decode("utf-8-sig")
    assert "Pontuação" in download or "pontuação" in download


def test_the_pdf_of_a_v2_result_is_in_portuguese(app, client):
    pytest.importorskip("pypdf")
    from pypdf import PdfReader

    from app.results.pdf import unavailable

    with app.app_context():
        reason = unavailable()
    if reason:
        pytest.skip(f"PDFs cannot be made here: {reason}")
    token = result_token(app, 2, "pt")
    response = client.get(f"/results/{token}/report.pdf?lang=pt")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Resumo" in text and "Pontuação por dimensão" in text and "Recomendações" in text


class TestEmail:
    @pytest.fixture
    def app_config(self, mailbox):
        return mailbox.config()

    def test_the_private_link_message_in_portuguese(self, app, mailbox):
        from tests.mailbox import text_of

        with app.app_context():
            queue_message("resume_link", recipient="ana@example.org", locale="pt",
                          dedupe_key="pt:1", context={"submitted": False},
                          secrets={"link": "https://x.test/resume/T0K3N"})
        delivered = mailbox.wait_for(1)[0]
        assert delivered["Subject"] == ("O seu link privado para o autodiagnóstico de maturidade "
                                        "digital")
        body = text_of(delivered)
        assert body.startswith("Olá,") and "https://x.test/resume/T0K3N" in body
        assert "Mantenha este link em sigilo" in body


def test_staff_exports_and_pages_in_portuguese(app):
    with app.app_context():
        v1, v2 = versions()
        seed_programme_samples(v2, app.extensions["reference_profiles"])
        fields = {"name": "Câmara de Teste", "country": "BR", "org_type": "federation"}
        store_submitted(Organization(**fields), v2, {**complete_answers(v2, fields["name"]),
                                                     **profile_answers(v2, fields)},
                        Source.RESPONDENT, trust=Trust.TRUSTED)
        store_submitted(Organization(name="Cámara v1"), v1, complete_answers(v1, "Cámara v1"),
                        Source.RESPONDENT, trust=Trust.TRUSTED)
        db.session.commit()
    analyst = staff_client(app, "analyst")
    analyst.post("/staff/language", data={"locale": "pt"})
    dashboard = html(analyst.get("/staff/?sample=1"))
    assert page_language(dashboard) == "pt" and "Painel" in dashboard
    title = "Autodiagnóstico de maturidade digital para organizações empresariais"
    assert f"{title}, versão 2 (em uso para os novos diagnósticos)" in dashboard  # the filter
    v1_choice = re.search(r'value="digital-maturity-v1"\s*>([^<]*)<', dashboard).group(1)
    # v1's title has no Portuguese: its first language's, named in the page's words.
    assert v1_choice == "Autodiagnóstico de madurez digital para organizaciones empresariales, versão 1"
    assert "Federação de exemplo A, México" in html(analyst.get("/staff/assessments?sample=1"))
    labels = analyst.get("/staff/export?kind=wide&values=labels&lang=pt&sample=1").data.decode()
    assert "Federação ou confederação de sindicatos, câmaras ou associações" in labels
    assert "Federação de exemplo A, México" in labels
    codebook = list(csv.reader(io.StringIO(
        analyst.get("/staff/export?kind=codebook&lang=pt").data.decode("utf-8-sig"))))
    assert {"text_es", "text_en", "text_pt"} <= set(codebook[0])
    # Version 1 has no Portuguese: its labels come in one of its own languages, never mixed.
    v1_labels = analyst.get("/staff/export?kind=wide&values=labels&lang=pt"
                            "&version=digital-maturity-v1")
    assert "-labels-es-" in v1_labels.headers["Content-Disposition"]
    v1_page = html(analyst.get("/staff/downloads?version=digital-maturity-v1"))
    export_form = v1_page.split('name="lang"')[1].split("</select>")[0]
    export_languages = re.findall(r'<option value="(\w\w)" lang', export_form)
    assert export_languages == ["es", "en"]
