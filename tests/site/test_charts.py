"""The SVG charts: conversations per month against the cadence, and who is drifting."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET

import pytest

from vaultrel.core.cadence import Cadence
from vaultrel.site.charts import (
    LABEL_ROOM,
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
        "Jan 2026: 2 conversations",
        "Mar 2026: 1 conversation",
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


@pytest.mark.parametrize("months", [1, 2, 7, 13, 30, 61, 150, 400])
def test_timeline_chart_labels_months_with_room_for_each(months: int) -> None:
    first = D(2026, 5, 1) - dt.timedelta(days=round((months - 1) * 30.44))
    svg = ET.fromstring(timeline_chart(per_month([first], until=D(2026, 5, 20)), None))
    labels = svg.findall(f"{SVG}text[@class='tick month']")
    names = {D(2026, m, 1).strftime("%b") for m in range(1, 13)}
    assert labels and {label.text for label in labels} <= names
    xs = [float(label.get("x", 0)) for label in labels]
    assert all(b - a >= LABEL_ROOM for a, b in itertools.pairwise(xs))
    years = [int(year.text or 0) for year in svg.findall(f"{SVG}text[@class='tick year']")]
    assert years == sorted(set(years)) and years[-1] == 2026
    assert len(labels) >= min(months, 4)  # never a chart of one lone label
