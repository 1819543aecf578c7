"""Invented sample organizations: their keys. Plain Python.

Sample results (illustrative answers, source "sample") are never stored under a real
organization's name. The sample organizations are pseudonymous and come in two kinds:

* one per programme organization's type and country (questionnaires/reference-profiles.yaml), so
  that peer groups of the demo look like the programme's, e.g. key ``sample:chamber_commerce:HN:B``,
  named "Sample chamber of commerce B, Honduras" (the letter tells apart samples of one type and
  country, in the reference file's order);
* numbered ones spread over the regions, key ``sample:12``, named "Sample organization 12".

The name is built from the key in the reader's language (app.sample_names); the stored name (what
the wide export with codes writes and the staff search finds) is its English form with the
country's code, e.g. "Sample chamber of commerce B, HN".
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass

PREFIX = "sample"


@dataclass(frozen=True)
class SampleKey:
    number: int | None = None  # a numbered sample organization
    org_type: str | None = None  # else one of a type and country, told apart by its letter
    country: str | None = None
    letter: str | None = None

    @property
    def key(self) -> str:
        if self.number is not None:
            return f"{PREFIX}:{self.number}"
        return f"{PREFIX}:{self.org_type}:{self.country}:{self.letter}"

    @classmethod
    def parse(cls, text: str | None) -> SampleKey | None:
        """The key a stored text stands for; None for anything else."""
        parts = (text or "").split(":")
        if parts[0] != PREFIX:
            return None
        if len(parts) == 2 and parts[1].isdigit():
            return cls(number=int(parts[1]))
        if len(parts) == 4 and all(parts[1:]):
            return cls(org_type=parts[1], country=parts[2], letter=parts[3])
        return None


def letter(index: int) -> str:
    """A, B, ... Z, then A2, B2, ... (index from 0)."""
    round_, position = divmod(index, 26)
    return string.ascii_uppercase[position] + (str(round_ + 1) if round_ else "")


def typed_keys(profiles: Iterable[tuple[str, str]]) -> list[SampleKey]:
    """One key per (org_type, country) pair, in order, lettered within each pair."""
    seen: dict[tuple[str, str], int] = {}
    keys = []
    for org_type, country in profiles:
        index = seen.get((org_type, country), 0)
        seen[(org_type, country)] = index + 1
        keys.append(SampleKey(org_type=org_type, country=country, letter=letter(index)))
    return keys
