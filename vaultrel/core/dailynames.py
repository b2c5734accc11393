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
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
    "dddd": ("|".join(WEEKDAYS), "weekday"),
    "ddd": ("|".join(d[:3] for d in WEEKDAYS), "weekday"),
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
    if "weekday" in fields and not WEEKDAYS[date.weekday()].startswith(fields["weekday"]):
        return None
    return date


# moment.js tokens a daily-note name or a template's {{date:FORMAT}} may use; other letters
# stand for themselves, as in moment
_MOMENT = re.compile(
    r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|dd|d|GGGG|WW|W|HH|H|hh|h|mm|m|ss|s|A|a"
)


def format_moment(when: dt.datetime, fmt: str) -> str:
    """`when` written in the moment.js format `fmt` (the tokens of `_MOMENT`)."""
    hour12 = when.hour % 12 or 12
    values = {
        "YYYY": f"{when.year:04d}",
        "YY": f"{when.year % 100:02d}",
        "MMMM": _MONTHS[when.month - 1].capitalize(),
        "MMM": _MONTHS[when.month - 1][:3].capitalize(),
        "MM": f"{when.month:02d}",
        "M": str(when.month),
        "Do": f"{when.day}{_ordinal(when.day)}",
        "DD": f"{when.day:02d}",
        "D": str(when.day),
        "dddd": WEEKDAYS[when.weekday()].capitalize(),
        "ddd": WEEKDAYS[when.weekday()][:3].capitalize(),
        "dd": WEEKDAYS[when.weekday()][:2].capitalize(),
        "d": str(when.isoweekday() % 7),
        "GGGG": f"{when.isocalendar()[0]:04d}",
        "WW": f"{when.isocalendar()[1]:02d}",
        "W": str(when.isocalendar()[1]),
        "HH": f"{when.hour:02d}",
        "H": str(when.hour),
        "hh": f"{hour12:02d}",
        "h": str(hour12),
        "mm": f"{when.minute:02d}",
        "m": str(when.minute),
        "ss": f"{when.second:02d}",
        "s": str(when.second),
        "A": "AM" if when.hour < 12 else "PM",
        "a": "am" if when.hour < 12 else "pm",
    }
    return _MOMENT.sub(
        lambda m: m.group(0)[1:-1] if m.group(0).startswith("[") else values[m.group(0)], fmt
    )


def _ordinal(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def daily_path(folder: str, fmt: str, day: dt.date) -> str:
    """The vault path of the daily note for `day`: `folder` (may be empty: the vault root)
    and the name `fmt` gives, whose `/` name folders, as Obsidian's daily notes do."""
    name = format_moment(dt.datetime(day.year, day.month, day.day), fmt).strip("/")
    folder = folder.strip().strip("/")
    return f"{folder}/{name}.md" if folder else f"{name}.md"


_PLACEHOLDER = re.compile(r"\{\{\s*(date|time|title)\s*(?::([^}]*))?\}\}", re.IGNORECASE)


def fill_daily_template(template: str, when: dt.datetime, title: str) -> str:
    """A daily note's template filled as Obsidian's Templates plugin fills it: `{{title}}`
    the note's name, `{{date}}` as YYYY-MM-DD, `{{time}}` as HH:mm, `{{date:FORMAT}}` and
    `{{time:FORMAT}}` in a moment.js format. `when` is the note's date at the current time.
    Nothing else is interpreted."""

    def value(match: re.Match[str]) -> str:
        key, fmt = match.group(1).lower(), match.group(2)
        if key == "title":
            return title
        if fmt is not None and fmt.strip():
            return format_moment(when, fmt.strip())
        return format_moment(when, "YYYY-MM-DD" if key == "date" else "HH:mm")

    return _PLACEHOLDER.sub(value, template)
