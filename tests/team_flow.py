"""What the team tests share: a coordinator who starts a team through the pages, colleagues who
open their personal link and answer, all in browsers (test clients) of their own."""

from __future__ import annotations

import re

from tests.factories import complete_answers, fill_everything, fill_profile, html

JOIN_LINK = re.compile(r"/team/join/([A-Za-z0-9_-]{40,})")


def start_coordinator(app, questionnaire, name="Cámara Sur", role="Management", language="en"):
    """A browser with a draft (profile answered) that has started a team."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = fill_profile(client, questionnaire, complete_answers(questionnaire, name))
    assert response.status_code == 303, html(response)[:500]
    response = client.post("/team/start", data={"role": role})
    assert response.status_code == 303, html(response)[:2000]
    return client


def invite(client, role, email="", locale="en", request_id=None):
    """Invite a colleague; returns the personal link's path shown on the team page (or None)."""
    data = {"role": role, "email": email, "locale": locale}
    if request_id:
        data["request_id"] = request_id
    response = client.post("/team/invite", data=data)
    if response.status_code != 303:
        return response
    found = JOIN_LINK.search(html(client.get("/team")))
    return f"/team/join/{found.group(1)}" if found else None


def join(app, path, language="en"):
    """A colleague's browser that has opened their personal link and pressed "Start answering"."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 303
    return client


def answer_and_submit(client, questionnaire, answers):
    fill_everything(client, questionnaire, answers)
    response = client.post("/survey/submit")
    assert response.status_code == 303, html(response)[:1000]
    return response
