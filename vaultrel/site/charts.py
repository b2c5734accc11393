"""Inline SVG charts: a person's conversations per month, and who is drifting.

Colours come from the site's style sheet through class names (so dark mode applies); every
text is escaped; every chart has a title for screen readers and hover titles on its marks.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from vaultrel.core.cadence import Cadence

WIDTH = 640
DAYS_PER_MONTH = 365.25 / 12
_UNIT_DAYS = {"d": 1.0, "w": 7.0, "m": DAYS_PER_MONTH, "y": 365.25}
LABEL_EVERY = (1, 2, 3, 6, 12, 24, 60, 120)  # months from one label to the next: the fewest
LABEL_ROOM = 32  # that leave each label this much width


def per_month(dates: Iterable[dt.date], until: dt.date) -> list[tuple[dt.date, int]]:
    """Conversations in each month from the first date's month to `until`'s, gaps included."""
    counts = Counter(date.replace(day=1) for date in dates)
    if not counts:
        return []
    month, last = min(counts), max(max(counts), until.replace(day=1))
    months = []
    while month <= last:
        months.append((month, counts.get(month, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def expected_per_month(cadence: Cadence) -> float:
    """How many conversations a month the cadence asks for (every 2w → about 2.2)."""
    return DAYS_PER_MONTH / (cadence.count * _UNIT_DAYS[cadence.unit])


def timeline_chart(months: Sequence[tuple[dt.date, int]], cadence: Cadence | None) -> str:
    """Bars of conversations per month; the cadence as a dashed line at its monthly rate."""
    height, left, top, bottom = 180, 30, 14, 34
    plot_w, plot_h = WIDTH - left - 8, height - top - bottom
    expected = expected_per_month(cadence) if cadence else None
    peak = max(1, math.ceil(max([c for _, c in months] + [expected or 0])))
    step = plot_w / max(len(months), 1)
    gap = min(2.0, step * 0.2)

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / peak

    first, last = f"{months[0][0]:%b %Y}", f"{months[-1][0]:%b %Y}"
    span = f"in {first}" if first == last else f"{first} to {last}"
    parts = [_svg_open(height, f"Conversations per month, {span}")]
    for value in sorted({0, peak, *([peak // 2] if peak >= 4 else [])}):
        at = f"{y(value):.1f}"
        parts.append(
            f'<line class="grid" x1="{left}" x2="{WIDTH - 8}" y1="{at}" y2="{at}"/>'
            f'<text class="tick" x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">'
            f"{value}</text>"
        )
    year = None
    for index in _labelled([month for month, _ in months], step):
        month, x = months[index][0], left + (index + 0.5) * step
        parts.append(
            f'<text class="tick month" x="{x:.1f}" y="{height - 18}" text-anchor="middle">'
            f"{month:%b}</text>"
        )
        if month.year != year:  # the year under the first month labelled in it
            year = month.year
            parts.append(
                f'<text class="tick year" x="{x:.1f}" y="{height - 4}" text-anchor="middle">'
                f"{year}</text>"
            )
    for index, (month, count) in enumerate(months):
        x = left + index * step
        if count:
            noun = "conversation" if count == 1 else "conversations"
            parts.append(
                f'<rect class="bar" x="{x + gap / 2:.1f}" y="{y(count):.1f}" '
                f'width="{step - gap:.1f}" height="{y(0) - y(count):.1f}">'
                f"<title>{month:%b %Y}: {count} {noun}</title></rect>"
            )
    if expected is not None and cadence is not None:
        label = f"every {cadence} ≈ {expected:.1f} a month"
        parts.append(
            f'<line class="cadence" x1="{left}" x2="{WIDTH - 8}" y1="{y(expected):.1f}" '
            f'y2="{y(expected):.1f}"><title>{escape(label)}</title></line>'
            f'<text class="cadence-label" x="{WIDTH - 10}" y="{y(expected) - 5:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _labelled(months: Sequence[dt.date], step: float) -> list[int]:
    """The months to label: evenly spaced (January, or every quarter...) with room for each,
    and the first month too when the next label leaves it room."""
    every = next((k for k in LABEL_EVERY if k * step >= LABEL_ROOM), LABEL_EVERY[-1])
    labelled = [i for i, m in enumerate(months) if (m.year * 12 + m.month - 1) % every == 0]
    if labelled[:1] != [0] and (not labelled or labelled[0] * step >= LABEL_ROOM):
        labelled.insert(0, 0)
    return labelled


@dataclass(frozen=True, slots=True)
class Drift:
    """A person past their reach-out date: how many days past, and where their page is."""

    name: str
    href: str
    days: int


def drift_chart(drifting: Sequence[Drift]) -> str:
    """One bar per person, longest past their reach-out date first; each links to the page."""
    row, left = 26, 190
    height = row * len(drifting) + 8
    longest = max((d.days for d in drifting), default=1) or 1
    parts = [_svg_open(height, "Days past the reach-out date")]
    for index, drift in enumerate(drifting):
        y = 4 + index * row
        width = max(3.0, (WIDTH - left - 120) * drift.days / longest)
        days = f"{drift.days} day{'s' if drift.days != 1 else ''} past"
        parts.append(
            f'<a href="{escape(drift.href)}"><title>{escape(drift.name)}: {days}</title>'
            f'<text class="name" x="{left - 8}" y="{y + 16}" text-anchor="end">'
            f"{escape(_clip(drift.name))}</text>"
            f'<rect class="drift" x="{left}" y="{y + 4}" width="{width:.1f}" height="{row - 10}" '
            f'rx="3"/><text class="tick" x="{left + width + 6:.1f}" y="{y + 16}">{days}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def standing_bar(segments: Sequence[tuple[str, str, int]]) -> str:
    """One bar split by (class, label, count): the whole vault's people at a glance."""
    total = sum(count for _, _, count in segments) or 1
    parts = [_svg_open(28, "People by standing")]
    x = 0.0
    for css, label, count in segments:
        if count:
            width = WIDTH * count / total
            parts.append(
                f'<rect class="{css}" x="{x:.1f}" y="2" width="{width:.1f}" height="24">'
                f"<title>{escape(label)}: {count}</title></rect>"
            )
            x += width
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(height: int, title: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    )


def _clip(name: str, width: int = 26) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"
