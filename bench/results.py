"""One row of the benchmark table, and the table itself.

Every bench_*.py module exposes `run(options) -> list[Result]` (a list of dicts with the same keys
is accepted too); `python -m bench` calls each one and prints all rows in one table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Result:
    """`ratio` is measured/baseline in the direction where higher is better when `higher_is_better`
    (throughput ratios), or a slowdown factor where lower is better (time ratios)."""

    name: str
    ratio: float | None
    target: float | None
    higher_is_better: bool = True
    detail: str = ""
    # "" for a ratio; "s", "MB" or "respondents" for a plain figure (seeding time, memory, people
    # held) with or without a limit.
    unit: str = ""

    @property
    def met(self) -> bool | None:
        if self.ratio is None or self.target is None:
            return None
        return self.ratio >= self.target if self.higher_is_better else self.ratio <= self.target

    def target_text(self) -> str:
        if self.target is None:
            return "-"
        if self.unit:
            return f"<= {self.target:g} {self.unit}"
        if self.higher_is_better:
            return f">= {self.target:.0%}" if self.target <= 1 else f">= {self.target:.2f}x"
        return f"<= {self.target:.2f}x"

    def ratio_text(self) -> str:
        if self.ratio is None:
            return "n/a"
        if self.unit:
            whole = float(self.ratio).is_integer()
            return f"{self.ratio:,.0f} {self.unit}" if whole else f"{self.ratio:.1f} {self.unit}"
        if self.higher_is_better and self.ratio <= 1.5:
            return f"{self.ratio:.1%}"
        return f"{self.ratio:.2f}x"


def unit_named(name: str) -> str:
    """The unit of a figure that is not a ratio, as the benchmark names it ("..., seconds (SQLite)",
    "... peak memory, MB (...)"); "" for a ratio."""
    if ", seconds" in name:
        return "s"
    if ", MB" in name:
        return "MB"
    return ""


def as_result(row) -> Result:
    if isinstance(row, dict):
        known = {key: row[key] for key in ("name", "ratio", "target", "higher_is_better", "detail",
                                           "unit") if key in row}
        row = Result(**{"ratio": None, "target": None, **known})
    elif not isinstance(row, Result):
        name, ratio, target, *rest = row
        row = Result(str(name), ratio, target, *rest)
    if not row.unit and unit_named(row.name):
        row = replace(row, unit=unit_named(row.name))
    return row


def table(results: list[Result]) -> str:
    header = ("benchmark", "result", "target", "met", "detail")
    rows = [(r.name, r.ratio_text(), r.target_text(),
             {True: "yes", False: "NO", None: "-"}[r.met], r.detail) for r in results]
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    lines = [" | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in (header, *rows)]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
