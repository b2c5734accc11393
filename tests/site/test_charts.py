"""The SVG charts: conversations per month against the cadence, and who is drifting."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from vaultrel.core.cadence import Cadence
from vaultrel.site.charts import (
    Drift,
    drift_chart,
    expected_per_month,
    per_month,
    standing_bar,
    timeline_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
D = dt.date


def test_per_month_counts_every_month_up_to_today_gaps_included() -> None:
    dates = [D(2025, 11, 3), D(2025, 11, 28), D(2026, 1, 9)]
    assert per_month(dates, until=D(2026, 3, 15)) == [
        (D(2025, 11, 1), 2),
        (D(2025, 12, 1), 0),
        (D(2026, 1, 1), 1),
        (D(2026, 2, 1), 0),
        (D(2026, 3, 1), 0),
    ]
    assert per_month([], until=D(2026, 3, 15)) == []


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        (Cadence(2, "w"), 2.17),
        (Cadence(30, "d"), 1.01),
        (Cadence(3, "m"), 0.33),
        (Cadence(1, "y"), 0.08),
    ],
)
def test_expected_per_month(cadence: Cadence, expected: float) -> None:
    assert expected_per_month(cadence) == pytest.approx(expected, abs=0.01)


def test_timeline_chart_draws_a_bar_per_month_with_conversations_and_the_cadence() -> None:
    months = per_month([D(2026, 1, 5), D(2026, 1, 20), D(2026, 3, 2)], until=D(2026, 4, 1))
    svg = ET.fromstring(timeline_chart(months, Cadence(2, "w")))
    bars = svg.findall(f"{SVG}rect[@class='bar']")
    assert [bar.findtext(f"{SVG}title") for bar in bars] == [
        "2026-01: 2 conversations",
        "2026-03: 1 conversation",
    ]
    assert float(bars[0].get("height", 0)) == pytest.approx(2 * float(bars[1].get("height", 0)))
    cadence = svg.find(f"{SVG}line[@class='cadence']")
    assert cadence is not None
    assert cadence.findtext(f"{SVG}title") == "every 2w ≈ 2.2 a month"


def test_timeline_chart_without_cadence_has_no_cadence_line() -> None:
    svg = timeline_chart(per_month([D(2026, 1, 5)], until=D(2026, 1, 9)), None)
    assert 'class="cadence"' not in svg


def test_drift_chart_links_each_person_and_escapes_names() -> None:
    drifts = [Drift("<b>Ada</b>", "notes/a.html", 40), Drift("Alan", "notes/b.html", 1)]
    svg = ET.fromstring(drift_chart(drifts))
    links = svg.findall(f"{SVG}a")
    assert [a.get("href") for a in links] == ["notes/a.html", "notes/b.html"]
    assert [a.findtext(f"{SVG}title") for a in links] == [
        "<b>Ada</b>: 40 days past",
        "Alan: 1 day past",
    ]
    widths = [float(a.find(f"{SVG}rect").get("width", 0)) for a in links]  # type: ignore[union-attr]
    assert widths[0] > 10 * widths[1]


def test_standing_bar_splits_by_count() -> None:
    svg = ET.fromstring(
        standing_bar([("drifting", "past", 1), ("fine", "on track", 3), ("none", "x", 0)])
    )
    rects = svg.findall(f"{SVG}rect")
    assert [r.get("class") for r in rects] == ["drifting", "fine"]
    assert float(rects[1].get("width", 0)) == pytest.approx(3 * float(rects[0].get("width", 0)))
