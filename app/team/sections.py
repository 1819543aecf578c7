"""The team's parts of other pages, as template globals their templates include when present:
the banner of the survey pages, the report's team section, the staff detail's individual answers.
Each returns None where there is no team, so a page without one shows nothing."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.questionnaire import Question
from app.extensions import db
from app.models import Assessment, Source
from app.models.team import Team, TeamMember
from app.operations.teams import compare, membership_of, notes_of, submitted_members, team_of
from app.questionnaires import library
from app.survey import respondent
from app.survey.review import answer_lines
from app.team import bp
from app.team.access import stashed_team
from app.team.wording import dimension_rows, disputed, question_rows

HARDEST_SHOWN = 5


@dataclass(frozen=True)
class Banner:
    kind: str  # "member" (answering as a colleague), "coordinator" or "offer" (no team yet)
    role: str = ""
    organization: str = ""
    can_go_back: bool = False  # the coordinator answering as themselves


@bp.app_template_global("team_banner")
def team_banner() -> Banner | None:
    """What the survey pages say about the team of the session's draft."""
    assessment = respondent.load()
    if assessment is None or assessment.is_submitted:
        return None
    member = membership_of(assessment)
    if member is not None:
        organization = db.session.get(Assessment, member.team.assessment_id)
        return Banner("member", member.role, organization.name or "",
                      member.is_coordinator and stashed_team() is not None)
    if assessment.source == Source.TEAM_MEMBER.value:
        return None
    return Banner("coordinator" if team_of(assessment) is not None else "offer")


def _questionnaire(assessment: Assessment):
    return library().get(assessment.questionnaire_id, assessment.questionnaire_version)


def _roles(team: Team) -> dict[str, str]:
    return {str(m.id): m.role for m in team.members}


@dataclass(frozen=True)
class ReportSection:
    members: int  # who submitted their answers
    invited: int
    dimensions: list
    hardest: list


@bp.app_template_global("team_report")
def team_report(assessment: Assessment, locale: str) -> ReportSection | None:
    """A team assessment's report section: how far the team agreed per dimension and the
    questions hardest to agree on, with the notes."""
    team = team_of(assessment)
    questionnaire = _questionnaire(assessment)
    if team is None or questionnaire is None:
        return None
    done = submitted_members(team)
    if not done:
        return None
    found = compare(team, questionnaire)
    roles = _roles(team)
    notes = notes_of(team)
    hardest = disputed(found, HARDEST_SHOWN)
    hardest += [q for q in found.questions if q.question.id in notes and q not in hardest]
    return ReportSection(len(done), len(team.members), dimension_rows(found, roles, locale),
                         question_rows(found, roles, assessment.answer_values(), notes, locale,
                                       hardest))


@dataclass(frozen=True)
class IndividualAnswers:
    member: TeamMember
    assessment: Assessment
    answers: list[tuple[Question, tuple[str, ...]]]


@dataclass(frozen=True)
class StaffSection:
    team: Team | None
    individuals: list[IndividualAnswers]
    notes: list[tuple[Question, str]]
    member: TeamMember | None = None  # this assessment is one colleague's own answers
    organization_id: int | None = None


@bp.app_template_global("team_staff")
def team_staff(assessment: Assessment, locale: str) -> StaffSection | None:
    """The staff detail's team section: for the organization's assessment every colleague's own
    answers with their role (apart from the agreed ones) and the notes; for a colleague's own
    answers, which team they belong to."""
    member = membership_of(assessment)
    if member is not None:
        return StaffSection(None, [], [], member, member.team.assessment_id)
    team = team_of(assessment)
    questionnaire = _questionnaire(assessment)
    if team is None or questionnaire is None:
        return None
    individuals = []
    for entry in team.members:
        values = entry.assessment.answer_values()
        individuals.append(IndividualAnswers(entry, entry.assessment, [
            (q, answer_lines(q, values.get(q.id), locale)) for q in questionnaire.scored_questions]))
    notes = notes_of(team)
    return StaffSection(team, individuals, [(q, notes[q.id]) for q in questionnaire.questions
                                            if q.id in notes])
