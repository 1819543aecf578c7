"""What the respondent pages' speed-ups must not change: the session still lasts 30 days after the
last visit though it is no longer re-signed on every page, and a repeated results chart is the
same picture without rebuilding the report."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from app.questionnaires import active_questionnaire
from app.results import charts as results_charts
from app.survey import respondent
from tests.factories import complete_answers, fill_everything, fill_profile

DAY = 24 * 3600


def session_cookie(response) -> str | None:
    return next((header for header in response.headers.getlist("Set-Cookie")
                 if header.startswith("session=")), None)


def expires_in_days(cookie: str, now: float) -> float:
    expires = next(part for part in cookie.split("; ") if part.startswith("Expires="))
    return (parsedate_to_datetime(expires.split("=", 1)[1]).timestamp() - now) / DAY


def test_a_working_respondent_keeps_the_session_for_30_days_after_the_last_visit(
        app, client, monkeypatch):
    clock = [1_800_000_000]
    monkeypatch.setattr(respondent, "seconds_now", lambda: clock[0])
    with app.app_context():
        questionnaire = active_questionnaire()
        answers = complete_answers(questionnaire)
    started = fill_profile(client, questionnaire, answers)
    assert started.status_code == 303 and session_cookie(started)
    page = f"/survey/{questionnaire.dimensions[0].id}"
    assert client.get(page).status_code == 200
    quiet = client.get(page)
    assert quiet.status_code == 200 and session_cookie(quiet) is None  # not re-signed every page

    clock[0] += 20 * DAY  # back three weeks later: the cookie is renewed from this visit
    later = client.get(page)
    assert later.status_code == 200
    cookie = session_cookie(later)
    assert cookie is not None
    # Flask dates the cookie by the real clock; the renewal is what matters here.
    assert 29.9 < expires_in_days(cookie, time.time()) <= 30.01


@pytest.mark.parametrize("questionnaire_dir", [Path(__file__).parent / "data" / "report"])
def test_a_repeated_chart_does_not_rebuild_the_report(app, client, monkeypatch, questionnaire_dir):
    with app.app_context():
        questionnaire = active_questionnaire()
        answers = complete_answers(questionnaire)
    fill_everything(client, questionnaire, answers)
    submitted = client.post("/survey/submit")
    assert submitted.status_code == 303
    results = submitted.headers["Location"]
    built = []
    report_of = results_charts.report_of
    monkeypatch.setattr(results_charts, "report_of",
                        lambda *args: built.append(1) or report_of(*args))
    url = f"{results}/chart/radar.svg?lang=en"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    assert len(built) == 1
    spanish = client.get(f"{results}/chart/radar.svg?lang=es")
    assert spanish.headers["ETag"] != first.headers["ETag"] and len(built) == 2
    not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304 and len(built) == 2
