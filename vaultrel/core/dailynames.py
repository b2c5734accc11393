"""A note's date from its file name in the format of Obsidian's daily notes (moment.js tokens).

Only the tokens daily-note formats use are read; any other letter is refused, so that a format
vaultrel cannot read is said once instead of silently dating no note.
"""

from __future__ import annotations

import datetime as dt
import re

DEFAULT_FORMAT = "YYYY-MM-DD"

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_TOKEN = re.compile(r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|[A-Za-z]+|[^A-Za-z\[]+")
# token → (pattern, field read from it)
_FIELDS: dict[str, tuple[str, str]] = {
    "YYYY": (r"\d{4}", "year"),
    "YY": (r"\d{2}", "yy"),
    "MMMM": ("|".join(_MONTHS), "month_name"),
    "MMM": ("|".join(m[:3] for m in _MONTHS), "month_name"),
    "MM": (r"\d{2}", "month"),
    "M": (r"\d{1,2}", "month"),
    "DD": (r"\d{2}", "day"),
    "D": (r"\d{1,2}", "day"),
    "Do": (r"\d{1,2}(?:st|nd|rd|th)", "day_ordinal"),
    "dddd": ("|".join(_DAYS), "weekday"),
    "ddd": ("|".join(d[:3] for d in _DAYS), "weekday"),
}


_COMPILED: dict[str, re.Pattern[str]] = {}  # a vault has one format: compiled once


def name_pattern(fmt: str) -> re.Pattern[str]:
    """The regular expression a file path (without `.md`) in format `fmt` fully matches at its
    end; raises ValueError naming a token vaultrel does not read."""
    if (compiled := _COMPILED.get(fmt)) is None:
        compiled = _COMPILED[fmt] = _compile(fmt)
    return compiled


def _compile(fmt: str) -> re.Pattern[str]:
    parts, seen = [], 0
    for token in _TOKEN.findall(fmt):
        if token.startswith("["):
            parts.append(re.escape(token[1:-1]))
        elif token in _FIELDS:
            pattern, name = _FIELDS[token]
            group = f"{name}{seen}"
            seen += 1
            parts.append(f"(?P<{group}>{pattern})")
        elif token[0].isalpha():
            raise ValueError(
                f"the token {token!r} is not read (YYYY, YY, MMMM, MMM, MM, M, DD, D, Do, "
                "dddd, ddd and [text] are)"
            )
        else:
            parts.append(re.escape(token))
    if not any(name in "".join(parts) for name in ("year", "yy")) or "month" not in "".join(parts):
        raise ValueError("the format must give a year and a month")
    return re.compile("(?:^|/)" + "".join(parts) + "$", re.IGNORECASE)


def date_from_name(path: str, fmt: str = DEFAULT_FORMAT) -> dt.date | None:
    """The date the vault path names in format `fmt` (its last folders too when the format has
    `/`, as Obsidian's daily notes do), or None; a format vaultrel does not read names none."""
    if not path.endswith(".md"):
        return None
    try:
        match = name_pattern(fmt).search(path[:-3])
    except ValueError:
        return None
    if match is None:
        return None
    fields: dict[str, str] = {}
    for group, text in match.groupdict().items():
        name = group.rstrip("0123456789")
        if fields.setdefault(name, text.lower()) != text.lower():
            return None  # the same field written twice, differently
    try:
        if "year" in fields:
            year = int(fields["year"])
        else:
            year = 2000 + int(fields["yy"])  # moment: YY 00–68 → 20xx
            year -= 100 if year > 2068 else 0
        if "month" in fields:
            month = int(fields["month"])
        else:
            month = [m[: len(fields["month_name"])] for m in _MONTHS].index(
                fields["month_name"]
            ) + 1
        day = int(fields.get("day") or fields.get("day_ordinal", "1")[:-2] or 1)
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if "weekday" in fields and not _DAYS[date.weekday()].startswith(fields["weekday"]):
        return None
    return date
