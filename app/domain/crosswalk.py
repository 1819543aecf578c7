"""Across questionnaire versions: which of an older version's answers carry over to a newer one (to
prefill a re-assessment), and which of its scores can be compared with the newer one's.

A newer version's `crosswalk` (questionnaire file) names the questions that keep their meaning, with
how their options (and grid rows) map, and the dimensions both versions measure alike. Nothing else
carries over or compares: the overall score of two versions sums different questions, so it is
never compared across versions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.questionnaire import Questionnaire
from app.domain.scoring import Snapshot


def carried_answers(questionnaire: Questionnaire, older_key: str,
                    older_answers: Mapping[str, Any]) -> dict[str, Any]:
    """Raw answers for `questionnaire` from answers to the version `older_key`: the same version's
    answers as they are; an older version's through the crosswalk, when it maps from that version;
    nothing otherwise. The caller validates them (app.domain.answers.check_answers) before saving."""
    if older_key == questionnaire.key:
        return dict(older_answers)
    crosswalk = questionnaire.crosswalk
    if crosswalk is None or crosswalk.older != older_key:
        return {}
    carried = {}
    for mapping in crosswalk.questions:
        question = questionnaire.question(mapping.question)
        older = older_answers.get(mapping.older_question)
        if question is None or older is None:
            continue
        value = question.kind.carried(question, older, mapping)
        if value is not None:
            carried[question.id] = value
    return carried


@dataclass(frozen=True)
class Comparable:
    """An earlier assessment's scores as this version's: `dimensions` by this version's dimension
    ids, only where both versions measure the same thing; `overall` only for the same version."""

    overall: float | None
    dimensions: Mapping[str, float | None]
    same_version: bool

    def measured(self, dimension_id: str) -> bool:
        return dimension_id in self.dimensions


def comparable_scores(questionnaire: Questionnaire, older_key: str,
                      previous: Snapshot) -> Comparable:
    if older_key == questionnaire.key:
        return Comparable(previous.overall, dict(previous.dimensions), True)
    crosswalk = questionnaire.crosswalk
    if crosswalk is None or crosswalk.older != older_key:
        return Comparable(None, {}, False)
    return Comparable(None, {d.dimension: previous.dimensions.get(d.older_dimension)
                             for d in crosswalk.dimensions}, False)
