"""Cadences (DESIGN §2.2) and calendar arithmetic with month-end clamping (DESIGN §2.5)."""

from __future__ import annotations

import datetime as dt

import pytest

from vaultrel.core.cadence import Cadence, parse_cadence


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("value", "count", "unit"),
    [
        ("10d", 10, "d"),
        ("2w", 2, "w"),
        ("3m", 3, "m"),
        ("1y", 1, "y"),
        ("30d", 30, "d"),
        ("weekly", 1, "w"),
        ("biweekly", 2, "w"),
        ("monthly", 1, "m"),
        ("quarterly", 3, "m"),
        ("yearly", 1, "y"),
    ],
)
def test_parse_cadence_reads_every_documented_form(value: str, count: int, unit: str) -> None:
    assert parse_cadence(value) == Cadence(count, unit)


@pytest.mark.parametrize(
    "value",
    [
        "often",
        "",
        "d",
        "10",
        "10x",
        "0d",
        "-1d",
        "1.5m",
        "2 weeks please",
        "every month",
        None,
        True,
    ],
)
def test_parse_cadence_rejects_junk(value: object) -> None:
    assert parse_cadence(value) is None


@pytest.mark.parametrize(
    ("value", "start", "expected"),
    [
        ("10d", "2026-01-25", "2026-02-04"),
        ("2w", "2026-12-25", "2027-01-08"),
        ("weekly", "2026-02-26", "2026-03-05"),
        ("biweekly", "2026-05-02", "2026-05-16"),
        ("3m", "2026-01-15", "2026-04-15"),
        ("monthly", "2026-02-28", "2026-03-28"),
        ("quarterly", "2026-11-30", "2027-02-28"),
        ("1y", "2026-05-02", "2027-05-02"),
        ("yearly", "2027-12-31", "2028-12-31"),
    ],
)
def test_after_adds_days_weeks_months_and_years(value: str, start: str, expected: str) -> None:
    cadence = parse_cadence(value)
    assert cadence is not None
    assert cadence.after(day(start)) == day(expected)


@pytest.mark.parametrize(
    ("cadence", "start", "expected"),
    [
        (Cadence(1, "m"), "2026-01-31", "2026-02-28"),  # Jan 31 + 1m = Feb 28
        (Cadence(1, "m"), "2028-01-31", "2028-02-29"),  # … or Feb 29 in a leap year
        (Cadence(1, "y"), "2028-02-29", "2029-02-28"),  # Feb 29 + 1y = Feb 28
        (Cadence(1, "m"), "2026-03-31", "2026-04-30"),  # Mar 31 + 1m = Apr 30
        (Cadence(1, "m"), "2026-12-31", "2027-01-31"),  # across the year end, no clamping needed
        (Cadence(12, "m"), "2028-02-29", "2029-02-28"),
        (Cadence(4, "y"), "2028-02-29", "2032-02-29"),
        (Cadence(13, "m"), "2027-01-31", "2028-02-29"),
    ],
)
def test_calendar_months_and_years_clamp_to_the_month_end(
    cadence: Cadence, start: str, expected: str
) -> None:
    assert cadence.after(day(start)) == day(expected)


@pytest.mark.parametrize(
    ("cadence", "start", "expected"),
    [
        (Cadence(1, "m"), "9999-11-15", "9999-12-15"),
        (Cadence(6, "m"), "9999-06-30", "9999-12-30"),
        (Cadence(1, "y"), "9998-12-31", "9999-12-31"),
    ],
)
def test_the_last_december_there_is_still_has_31_days(
    cadence: Cadence, start: str, expected: str
) -> None:
    """December's length is not found from the January after it: 9999's has none."""
    assert cadence.after(day(start)) == day(expected)
