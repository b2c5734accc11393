"""Cadences (`10d`, `2w`, `3m`, `1y`, `monthly`, …) and calendar arithmetic with clamping."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_FORM = re.compile(r"\s*(\d{1,4})\s*([dwmy])\s*", re.IGNORECASE)
_WORDS = {
    "daily": (1, "d"),
    "weekly": (1, "w"),
    "biweekly": (2, "w"),
    "fortnightly": (2, "w"),
    "monthly": (1, "m"),
    "quarterly": (3, "m"),
    "yearly": (1, "y"),
    "annually": (1, "y"),
}


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often to talk: `count` units of d(ays), w(eeks), m(onths) or y(ears)."""

    count: int
    unit: str

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def after(self, start: dt.date) -> dt.date:
        """`start` plus this cadence; months and years clamp to the month's end."""
        if self.unit == "d":
            return start + dt.timedelta(days=self.count)
        if self.unit == "w":
            return start + dt.timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        return add_months(start, months)


def add_months(start: dt.date, months: int) -> dt.date:
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    return clamped_date(year, month + 1, start.day)


def clamped_date(year: int, month: int, day: int) -> dt.date:
    """The day of that month, or its last day when the month is shorter (29 February → 28)."""
    last = 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day, last))


def parse_cadence(value: object) -> Cadence | None:
    """A cadence from a front-matter value, or None if it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip().lower()
    if text in _WORDS:
        count, unit = _WORDS[text]
        return Cadence(count, unit)
    match = _FORM.fullmatch(text)
    if match and int(match.group(1)) > 0:
        return Cadence(int(match.group(1)), match.group(2).lower())
    return None
