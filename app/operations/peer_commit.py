"""Store a valid peer-results preview (app/operations/peer_import.py): every row or none, in one
transaction, in bulk.

Rows are written as a bulk load writes them (like `seed_synthetic` in app/operations/peers.py): one
multi-row INSERT per table (organizations, assessments with their score snapshot columns, answers,
dimension scores) instead of one ORM object graph per row, so 3,000 rows take about a second
rather than a minute (bench/bench_peer_import.py). The score snapshot comes from the one place that
defines it (app/operations/scores.py: `snapshot_columns`, `dimension_rows`, `mark_latest`).
Anything issue work adds to a submitted assessment row must be added to `_assessment_row` too.

An optional `claim` runs first in the same transaction (the preview row's conditional update,
app/operations/peer_previews.py): when it fails nothing is written, so a file confirmed twice or by
parallel requests is imported once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, insert, select, update

from app.domain.provenance import trust_on_arrival
from app.domain.questionnaire import ORGANIZATION_FIELDS
from app.domain.scoring import score_assessment
from app.extensions import db
from app.models import Answer, Assessment, AssessmentStatus, DimensionScore, Organization, Source
from app.models.time import utcnow
from app.operations.peer_import import ImportRow, PeerImport
from app.operations.scores import dimension_rows, mark_latest, snapshot_columns


class ImportRefused(ValueError):
    """Commit was asked for a preview with errors."""


class AlreadyClaimed(Exception):
    """The preview was imported by another request (or expired) before this one could claim it."""


def commit_peer_import(preview: PeerImport, claim: Callable[[], bool] | None = None) -> int:
    """Store every row of a valid preview in one transaction; returns how many assessments.
    `claim` (when given) must return True for the import to go ahead."""
    if not preview.valid:
        raise ImportRefused("the import has errors or no rows")
    try:
        if claim is not None and not claim():
            raise AlreadyClaimed()
        _store(preview.rows)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return len(preview.rows)


def _store(rows: Sequence[ImportRow]) -> None:
    organization_ids = _organizations(rows)
    scores = [score_assessment(row.questionnaire, row.answers) for row in rows]
    assessment_ids = _insert_returning_ids(Assessment, [
        _assessment_row(row, organization_id, score)
        for row, organization_id, score in zip(rows, organization_ids, scores, strict=True)])
    now = utcnow()
    answers = [{"assessment_id": assessment_id, "question_id": question_id, "value": value,
                "updated_at": now}
               for row, assessment_id in zip(rows, assessment_ids, strict=True)
               for question_id, value in row.answers.items()]
    if answers:
        db.session.execute(insert(Answer.__table__), answers)
    dimensions = [item for assessment_id, score in zip(assessment_ids, scores, strict=True)
                  for item in dimension_rows(assessment_id, score)]
    if dimensions:
        db.session.execute(insert(DimensionScore.__table__), dimensions)
    # An organization imported before may now have a later assessment of the version.
    for row, assessment_id in zip(rows, assessment_ids, strict=True):
        if row.organization_id is not None:
            mark_latest(db.session.get(Assessment, assessment_id))


def _organizations(rows: Sequence[ImportRow]) -> list[int]:
    """Each row's organization id: the one imported before (its profile updated to the row's),
    or a new organization."""
    created = iter(_insert_returning_ids(Organization, [
        _profile(row) for row in rows if row.organization_id is None]))
    known = [{"id": row.organization_id, **row.fields} for row in rows
             if row.organization_id is not None and row.fields]
    if known:
        db.session.execute(update(Organization), known)
    return [row.organization_id if row.organization_id is not None else next(created)
            for row in rows]


def _insert_returning_ids(model, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` in one statement; their new ids, in order.

    PostgreSQL returns them from one multi-row INSERT. SQLite would run one INSERT per row to
    return ids in order, so the rows go in with one executemany and their ids are read back: an
    INTEGER PRIMARY KEY takes the highest id plus one, and from its first write this transaction
    is the database's only writer, so the rows got the last len(rows) ids, consecutively."""
    if not rows:
        return []
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(insert(model.__table__), rows)
        last = db.session.scalar(select(func.max(model.id)))
        return list(range(last - len(rows) + 1, last + 1))
    return list(db.session.scalars(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows))


def _profile(row: ImportRow) -> dict[str, Any]:
    profile = {name: row.fields.get(name) for name in ORGANIZATION_FIELDS}
    profile["name"] = profile["name"] or ""
    return profile


def _assessment_row(row: ImportRow, organization_id: int, score) -> dict[str, Any]:
    return {"organization_id": organization_id, "questionnaire_id": row.questionnaire.id,
            "questionnaire_version": row.questionnaire.version,
            "locale": row.questionnaire.languages[0],
            "status": AssessmentStatus.SUBMITTED.value, "source": Source.VERIFIED.value,
            "submitted_at": row.submitted_at, "is_latest": row.organization_id is None,
            "trust": trust_on_arrival(Source.VERIFIED).value,
            **row.questionnaire.profile(row.answers), **snapshot_columns(score)}
