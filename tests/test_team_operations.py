"""The rules of a team assessment, whatever runs at once: at most eight colleagues (parallel
invitations too), personal links stored only as hashes, and a team member's own answers never
counting anywhere: not among peers, never the organization's latest, never pending for staff,
never in the staff list or the wide export, never started again."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.benchmark.selection import Selection
from app.extensions import db
from app.models import Assessment, OutgoingMessage, Source, Team, TeamMember, Trust
from app.models.assessment import hash_token
from app.operations.assessment import find_by_token, start_reassessment, submit_assessment
from app.operations.teams import (
    MAX_COLLEAGUES,
    TeamRefused,
    apply_proposals,
    compare,
    invite,
    save_notes,
    start_team,
)
from app.questionnaires import active_questionnaire
from tests.factories import ANSWERS, staff_client, submitted
from tests.mailbox import links_in, text_of
from tests.team_flow import answer_and_submit, join, start_coordinator
from tests.test_account_races import at_once


def a_team(role="Management"):
    """A team on a complete draft (call inside an app context)."""
    questionnaire = active_questionnaire()
    draft = submitted(submit=False, org_name="Cámara Norte", org_type="confederation")
    return start_team(draft, questionnaire, role), questionnaire


def submit_member(team, questionnaire, role, **answers):
    member, token = invite(team, questionnaire, role, "es", None)
    from app.operations.assessment import save_answers

    save_answers(member.assessment, questionnaire, {**ANSWERS, **answers})
    submit_assessment(member.assessment, questionnaire)
    return member, token


def test_starting_a_team_twice_gives_one_team_with_the_coordinator_as_member(app):
    with app.app_context():
        team, questionnaire = a_team()
        again = start_team(team.assessment, questionnaire, "Another role")
        assert again.id == team.id
        assert db.session.scalar(select(func.count(Team.id))) == 1
        [own] = team.members
        assert own.is_coordinator and own.role == "Management"
        assert own.assessment.answer_values() == team.assessment.answer_values()
        assert own.assessment.source == Source.TEAM_MEMBER.value


def test_a_members_own_answers_cannot_start_a_team(app):
    with app.app_context():
        team, questionnaire = a_team()
        member, _token = invite(team, questionnaire, "IT", "es", None)
        with pytest.raises(TeamRefused) as refused:
            start_team(member.assessment, questionnaire, "IT")
        assert refused.value.code == "member"


def test_the_personal_link_is_stored_only_as_a_hash(app):
    with app.app_context():
        team, questionnaire = a_team()
        member, token = invite(team, questionnaire, "IT", "pt", None)
        assert len(token) >= 40
        assert member.assessment.token_hash == hash_token(token)
        assert find_by_token(token).id == member.assessment_id
        stored = db.session.execute(select(Assessment.__table__)).all()
        assert not any(token in str(row) for row in stored)
        assert member.assessment.locale == "pt"


def test_at_most_eight_colleagues_and_a_double_click_invites_once(app):
    with app.app_context():
        team, questionnaire = a_team()
        first, token = invite(team, questionnaire, "IT", "es", "form-1")
        again, no_token = invite(team, questionnaire, "IT", "es", "form-1")
        assert again.id == first.id and token and no_token is None
        for index in range(MAX_COLLEAGUES - 1):
            invite(team, questionnaire, f"Area {index}", "es", None)
        with pytest.raises(TeamRefused) as refused:
            invite(team, questionnaire, "Ninth", "es", None)
        assert refused.value.code == "full"


def test_parallel_invitations_never_pass_eight(app, detached_questionnaire):
    coordinator = start_coordinator(app, detached_questionnaire)
    for index in range(MAX_COLLEAGUES - 2):
        assert coordinator.post("/team/invite", data={"role": f"Area {index}",
                                                      "locale": "en"}).status_code == 303
    with coordinator.session_transaction() as session:
        cookie = dict(session)
    browsers = []
    for _ in range(6):
        browser = app.test_client()
        with browser.session_transaction() as session:
            session.update(cookie)
        browsers.append(browser)
    results = at_once(*(lambda b=b, n=n: b.post("/team/invite", data={
        "role": f"Parallel {n}", "locale": "en"}).status_code for n, b in enumerate(browsers)))
    assert sorted(results) == [303, 303, 409, 409, 409, 409]
    with app.app_context():
        assert db.session.scalar(select(func.count(TeamMember.id)).where(
            TeamMember.is_coordinator.is_(False))) == MAX_COLLEAGUES


def test_a_members_submitted_answers_never_count(app):
    with app.app_context():
        team, questionnaire = a_team()
        member, _token = submit_member(team, questionnaire, "IT", strategy_plan="l5")
        assessment = member.assessment
        assert assessment.is_submitted and assessment.trust == Trust.EXCLUDED.value
        assert not assessment.is_latest
        selection = Selection(questionnaire.id, questionnaire.version)
        peers = db.session.scalars(select(Assessment.id).where(
            *selection.peer_conditions())).all()
        listed = db.session.scalars(select(Assessment.id).where(*selection.conditions())).all()
        assert assessment.id not in peers and assessment.id not in listed
        with pytest.raises(ValueError):
            start_reassessment(assessment, questionnaire, "es")
        # the organization's agreed answers are what counts, and its latest
        submit_assessment(team.assessment, questionnaire, Trust.TRUSTED)
        db.session.refresh(team.assessment)
        db.session.refresh(assessment)
        assert team.assessment.is_latest and not assessment.is_latest
        assert team.assessment.id in db.session.scalars(select(Assessment.id).where(
            *selection.peer_conditions())).all()


def test_a_member_submitting_after_the_organization_leaves_it_the_latest(app):
    with app.app_context():
        team, questionnaire = a_team()
        member, _token = invite(team, questionnaire, "IT", "es", None)
        submit_assessment(team.assessment, questionnaire, Trust.TRUSTED)
        from app.operations.assessment import save_answers

        save_answers(member.assessment, questionnaire, ANSWERS)
        submit_assessment(member.assessment, questionnaire)
        db.session.refresh(team.assessment)
        assert team.assessment.is_latest
        assert team.assessment.organization.name == "Cámara Norte"


def test_staff_see_no_member_in_the_list_the_queue_or_the_wide_export(app):
    with app.app_context():
        team, questionnaire = a_team()
        member, _ = submit_member(team, questionnaire, "Lonely role name", org_name="Solo Member Org")
        member_id = member.assessment_id
    staff = staff_client(app, "analyst")
    listing = staff.get("/staff/assessments?version=example-v1").get_data(as_text=True)
    assert f"/staff/assessments/{member_id}\"" not in listing
    queue = staff.get("/staff/trust").get_data(as_text=True)
    assert f"/staff/assessments/{member_id}\"" not in queue
    wide = staff.get("/staff/export?kind=wide&format=csv&version=example-v1").get_data(as_text=True)
    assert not re.search(rf"^\ufeff?{member_id},", wide, re.M)
    detail = staff.get(f"/staff/assessments/{member_id}").get_data(as_text=True)
    assert "Lonely role name" in detail


def test_proposals_fill_the_draft_then_keep_what_the_coordinator_changed(app):
    with app.app_context():
        team, questionnaire = a_team()
        submit_member(team, questionnaire, "IT", strategy_plan="l5")
        submit_member(team, questionnaire, "Services", strategy_plan="l5")
        written = apply_proposals(team, questionnaire, compare(team, questionnaire).proposals())
        assert "strategy_plan" in written
        assert team.assessment.answer_values()["strategy_plan"] == "l5"
        from app.operations.assessment import save_answers

        save_answers(team.assessment, questionnaire, {"strategy_plan": "l2"})
        written = apply_proposals(team, questionnaire, compare(team, questionnaire).proposals())
        assert "strategy_plan" not in written
        db.session.refresh(team.assessment)
        assert team.assessment.answer_values()["strategy_plan"] == "l2"


def test_notes_are_kept_trimmed_and_removed_when_blank(app):
    with app.app_context():
        team, _questionnaire = a_team()
        save_notes(team, {"strategy_plan": "  Budget not approved.  "})
        assert {n.question_id: n.note for n in team.notes} == {"strategy_plan": "Budget not approved."}
        save_notes(team, {"strategy_plan": ""})
        assert list(team.notes) == []
        with pytest.raises(TeamRefused):
            save_notes(team, {"strategy_plan": "x" * 1001})


@pytest.fixture
def app_config(mailbox):
    return mailbox.config()


def test_the_invitation_email_sends_the_link_once_and_keeps_no_address(app, mailbox,
                                                                       detached_questionnaire):
    coordinator = start_coordinator(app, detached_questionnaire, "Cámara Sur")
    data = {"role": "Comunicación", "email": "luis@example.org", "locale": "es",
            "request_id": "one-form-1234"}
    assert coordinator.post("/team/invite", data=data).status_code == 303
    assert coordinator.post("/team/invite", data=data).status_code == 303  # double click
    [message] = mailbox.wait_for(1)
    assert message["To"] == "luis@example.org"
    assert "Comunicación" in text_of(message) and "Cámara Sur" in text_of(message)
    [link] = [x for x in links_in(message) if "/team/join/" in x]
    colleague = join(app, link.replace("http://localhost", ""), language="es")
    assert "Comunicación" in colleague.get("/survey/strategy").get_data(as_text=True)
    with app.app_context():
        [stored] = db.session.scalars(select(OutgoingMessage)).all()
        assert stored.recipient == "…@example.org"
        assert stored.kind == "team_invitation"
        assert link.rsplit("/", 1)[1] not in (stored.body_text or "")
    assert mailbox.wait_for(1, timeout=1) and len(mailbox.messages) == 1


def test_a_bad_address_invites_nobody_and_says_why(app, detached_questionnaire):
    coordinator = start_coordinator(app, detached_questionnaire)
    response = coordinator.post("/team/invite", data={"role": "IT", "email": "not an address",
                                                      "locale": "en"})
    assert response.status_code == 422
    assert "valid e-mail address" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(TeamMember.id))) == 1  # the coordinator


def test_a_member_answering_through_the_pages_is_excluded(app, detached_questionnaire):
    coordinator = start_coordinator(app, detached_questionnaire)
    from tests.team_flow import invite as invite_page

    colleague = join(app, invite_page(coordinator, "IT"))
    from tests.factories import complete_answers

    answer_and_submit(colleague, detached_questionnaire, complete_answers(detached_questionnaire))
    with app.app_context():
        member = db.session.scalar(select(TeamMember).filter_by(role="IT"))
        assert member.assessment.trust == Trust.EXCLUDED.value
