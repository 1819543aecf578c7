"""The fake-peer attack (issue 11): one real organization's result (imported by staff, so trusted)
and K made-up submissions through the open questionnaire, each with the lowest answers and the
victim's country and type. Each attacker's peer group is then the victim plus the other K - 1
fakes: with every submission counted, the peer mean on an attacker's own results page gives the
victim's scores back (victim = K * mean - (K - 1) * lowest). Open submissions are pending until
staff verify them, so the group holds one trusted organization, falls below K and shows nothing:
whatever the victim scored, every page, chart and file the attackers can open is the same."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.operations.peer_commit import commit_peer_import
from app.operations.peer_import import export_cell, export_columns, parse_peer_csv
from app.questionnaires import active_questionnaire, library
from tests.factories import fill_everything, html

K = 5
EN = {"Accept-Language": "en"}
VICTIM = {"org_name": "Cámara Víctima", "country": "AR", "org_type": "confederation"}
VICTIM_ANSWERS = ({"strategy_plan": "l4", "strategy_budget": "partial",
                   "services_online": ["training", "advice"], "services_tools": {"crm": "in_use",
                                                                                 "esign": "planned"}},
                  {"strategy_plan": "l2", "strategy_budget": "yes", "services_online": ["events"],
                   "services_tools": {"crm": "not_used", "esign": "piloting"}})


def import_victim(answers: dict, submitted_at: str) -> None:
    """The victim's result, imported by staff as a verified peer result."""
    questionnaire = active_questionnaire()
    values = {**VICTIM, **answers}
    cells = {"questionnaire_id": questionnaire.id, "questionnaire_version": str(questionnaire.version),
             "submitted_at": submitted_at}
    for question in questionnaire.questions:
        if question.id in values:
            cells.update(export_cell(question, values[question.id]))
    header = export_columns(questionnaire)
    text = ",".join(header) + "\n" + ",".join(f'"{cells.get(c, "")}"' for c in header) + "\n"
    preview = parse_peer_csv(text, library())
    assert preview.valid, preview.errors
    commit_peer_import(preview)


def fake_answers(questionnaire, number: int) -> dict:
    """Fakes 0-2 give every lowest answer, 3 and 4 every highest: seen from fake 0, the peers are
    two fakes at 0, two at 100 and the victim, whose score is then the group's median."""
    pick = (lambda q: q.kind.lowest(q)) if number < 3 else (lambda q: q.kind.highest(q))
    answers = {q.id: pick(q) for q in questionnaire.questions if q.dimension}
    return {**answers, "org_name": f"Fake {number}", "country": VICTIM["country"],
            "org_type": VICTIM["org_type"]}


def attack(app) -> list[str]:
    """K fake submissions through the pages; the results page of each."""
    pages = []
    for number in range(K):
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        with app.app_context():
            questionnaire = active_questionnaire()
        fill_everything(client, questionnaire, fake_answers(questionnaire, number))
        response = client.post("/survey/submit")
        assert response.status_code == 303, response.status_code
        client.get(response.location)  # shows (and so clears) the messages of the journey
        pages.append((client, response.location))
    return pages


def attacker_view(pages) -> list[tuple]:
    """Everything the attackers can open about their own results, peers included."""
    seen = []
    for client, location in pages:
        page = CSRF_TOKEN.sub("", html(client.get(location, headers=EN)))  # signed with the time
        chart = client.get(f"{location}/chart/peers.svg?lang=en", headers=EN)
        csv_file = client.get(f"{location}/download.csv", headers=EN)
        json_file = client.get(f"{location}/download.json", headers=EN)
        chart_body = chart.data if chart.status_code == 200 else CSRF_TOKEN.sub("", html(chart))
        seen.append((page, chart.status_code, chart_body, csv_file.data, json_file.data))
    return seen


CSRF_TOKEN = re.compile(r'(?<=name="csrf_token" value=")[^"]*')
MEDIAN = re.compile(r'<th scope="row">([^<]+)</th>.*?data-label="Peer median">([^<]*)</td>', re.S)


def peer_medians(page: str) -> dict[str, float]:
    """Each row's "Peer median" as the peers table shows it, when shown."""
    return {title: float(value) for title, value in MEDIAN.findall(page)
            if re.fullmatch(r"\d+\.\d", value.strip())}


@pytest.fixture
def app_config():
    return {"ANONYMITY_THRESHOLD": K, "BENCHMARK_SAMPLES": "never"}


def test_the_victims_scores_cannot_be_recovered_from_anything_the_attackers_see(app):
    with app.app_context():
        import_victim(VICTIM_ANSWERS[0], "2024-05-31")
    pages = attack(app)
    first = attacker_view(pages)
    for page, chart_status, *_files in first:
        assert peer_medians(page) == {}, "an attacker sees peer statistics"
        assert "Not enough organizations like yours" in page
        assert chart_status == 404
        assert "not yet part of the peer statistics" in page
    # The victim's result changes completely (a newer import): the attackers see the same bytes.
    with app.app_context():
        import_victim(VICTIM_ANSWERS[1], "2024-06-30")
    assert_same(attacker_view(pages), first)


def assert_same(after: list[tuple], before: list[tuple]) -> None:
    """Byte for byte, with the first difference shown when there is one."""
    import difflib

    for seen, earlier in zip(after, before, strict=True):
        for now, then in zip(seen, earlier, strict=True):
            if now != then:
                now_text, then_text = (x.decode() if isinstance(x, bytes) else str(x)
                                       for x in (now, then))
                diff = "\n".join(difflib.unified_diff(then_text.splitlines(),
                                                       now_text.splitlines(), lineterm=""))
                raise AssertionError(f"an attacker sees a difference:\n{diff[:3000]}")


def test_the_attack_works_once_staff_verify_the_fakes_so_verifying_is_the_check(app):
    """What the staff queue guards against: with the fakes verified (staff judged them real), the
    peer median gives the victim back within the page's rounding."""
    from app.domain.scoring import score_assessment
    from app.models import Assessment, Source, Trust
    from app.operations.trust import decide
    from tests.factories import make_user

    with app.app_context():
        import_victim(VICTIM_ANSWERS[0], "2024-05-31")
        questionnaire = active_questionnaire()
        victim = score_assessment(questionnaire, {**VICTIM, **VICTIM_ANSWERS[0]})
    pages = attack(app)
    staff = make_user(app, "careless@example.org")
    with app.app_context():
        for fake in db.session.scalars(db.select(Assessment).where(
                Assessment.source == Source.RESPONDENT.value)):
            assert fake.trust == Trust.PENDING
            assert decide(fake.id, "verify", staff)
    medians = peer_medians(html(pages[0][0].get(pages[0][1], headers=EN)))
    assert medians["Overall score"] == pytest.approx(victim.overall, abs=0.05)
