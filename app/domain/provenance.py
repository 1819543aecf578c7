"""Where a submitted result comes from (Source) and whether peer statistics may count it (Trust).
Plain Python: the vocabulary and the rules; app.models stores both on the assessment and
app.benchmark.selection `is_peer` turns them into SQL.

The rules:

* A result counts among peers only when it is trusted. An open, anonymous submission arrives
  pending: its respondent sees their own scores at once, but it joins peer groups only once staff
  verify it. A result that comes with trust from its context (an invitation of a programme round,
  passed in by the caller) and a peer result imported by staff (source "verified") arrive trusted.
* Staff decide a pending result once: verify (trusted) or exclude (with a reason). A decided
  result is never decided again by a second click or a parallel request.
* A team member's individual answers (source "team_member") are only material for the team's
  agreed assessment: they arrive excluded, are never an organization's latest, and never count.
* Only respondent and verified results are real organizations' results: sample and synthetic data
  never count as real, whatever their trust (they are stored trusted so that the one peer rule
  applies to every source; which sources a statistic includes is its Selection's business).
"""

from __future__ import annotations

from enum import StrEnum


class Source(StrEnum):
    """Where an assessment's answers come from; benchmarks use this to keep data honest."""

    RESPONDENT = "respondent"  # filled on this platform
    VERIFIED = "verified"  # real peer results imported by staff
    SAMPLE = "sample"  # illustrative answers of an invented sample organization, not real
    SYNTHETIC = "synthetic"  # generated for load and benchmark work
    TEAM_MEMBER = "team_member"  # one colleague's own answers for a team (issue 17), never a result


REAL_SOURCES = (Source.RESPONDENT.value, Source.VERIFIED.value)


class Trust(StrEnum):
    """Whether a submitted result may count among peers (a draft has none yet)."""

    TRUSTED = "trusted"
    PENDING = "pending"  # waits for staff to verify or exclude it
    EXCLUDED = "excluded"  # staff judged it not to be a real organization's result


class Decision(StrEnum):
    VERIFY = "verify"
    EXCLUDE = "exclude"


MAX_REASON_LENGTH = 500


class DecisionRefused(ValueError):
    """A staff decision that cannot be taken; `code` says why (for a message)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def is_real(source: str) -> bool:
    return source in REAL_SOURCES


def trust_on_arrival(source: Source | str, granted: Trust | None = None) -> Trust:
    """The trust a result gets when it is submitted or stored: a respondent's open submission is
    pending unless its context grants trust (an invitation); staff imports, samples and synthetic
    data are trusted; a team member's own answers are excluded (they are never a result)."""
    if Source(source) is Source.TEAM_MEMBER:
        return Trust.EXCLUDED
    if Source(source) is Source.RESPONDENT:
        return Trust(granted) if granted is not None else Trust.PENDING
    return Trust.TRUSTED


def decided_trust(current: str | None, decision: Decision | str, reason: str | None) -> Trust:
    """The trust a staff decision gives a result now `current`, or DecisionRefused: only a pending
    result is decided ("decided"), and excluding needs a reason ("reason") of at most
    MAX_REASON_LENGTH characters ("reason_long")."""
    if current != Trust.PENDING:
        raise DecisionRefused("decided")
    decision = Decision(decision)
    reason = clean_reason(reason)
    if decision is Decision.EXCLUDE and not reason:
        raise DecisionRefused("reason")
    if reason and len(reason) > MAX_REASON_LENGTH:
        raise DecisionRefused("reason_long")
    return Trust.TRUSTED if decision is Decision.VERIFY else Trust.EXCLUDED


def clean_reason(reason: str | None) -> str | None:
    """The reason as stored: inner whitespace kept, outer trimmed, None when blank."""
    text = (reason or "").strip()
    return text or None
