"""How results write numbers, the same on the page, in charts and in the CSV labels: scores with one
decimal in the page's number format (72,5 in Spanish), changes with an explicit sign, shares as
the language writes percentages (75 % in Spanish, 75% in English)."""

from __future__ import annotations

from flask_babel import format_decimal, format_percent, get_locale

from app.results import bp


@bp.app_template_filter("score_format")
def format_score(value: float | None) -> str:
    return "" if value is None else format_decimal(round(value, 1), format="0.0")


@bp.app_template_filter("score_change")
def format_change(value: float | None) -> str:
    """+12.5 / -3.0 / 0.0 (no sign for no change)."""
    if value is None:
        return ""
    value = round(value, 1)
    if value == 0:
        return format_decimal(0, format="0.0")
    return format_decimal(value, format="+0.0;-0.0")


@bp.app_template_filter("share_format")
def format_share(value: float) -> str:
    """A share (0..1) as a percentage in the locale's own pattern, one decimal when it has one:
    "12,5 %" and "75 %" in Spanish, "12.5%" and "75%" in English."""
    pattern = get_locale().percent_formats[None].pattern.replace("0", "0.#", 1)
    return format_percent(value, format=pattern)


@bp.app_template_filter("threshold_format")
def format_threshold(value: float) -> str:
    """A stage's starting score: 75, or 37.5 when it has decimals."""
    return format_decimal(value, format="0.#")


@bp.app_template_filter("rank_share")
def format_rank_share(rank: float) -> str:
    """A percentile rank (0-100) as a share of peers: 62 %."""
    return format_percent(round(rank) / 100, format="0%")


@bp.app_template_filter("rank_format")
def format_rank(rank: float) -> str:
    return format_decimal(round(rank), format="0")


@bp.app_template_filter("count_format")
def format_count(value: int) -> str:
    """A count in the page's number format (1.234 in Spanish)."""
    return format_decimal(value, format="#,##0")


@bp.app_template_filter("number_format")
def format_number(value: float) -> str:
    """A count as the language groups its digits (5000 in Spanish, 5,000 in English)."""
    return format_decimal(value)
