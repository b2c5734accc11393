"""A note's date from its file name in the format of Obsidian's daily notes (moment.js tokens)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultrel.core.dailynames import date_from_name, name_pattern

NOV_20 = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("fmt", "path", "date"),
    [
        ("YYYY-MM-DD", "2026-11-20.md", NOV_20),
        ("YYYY-MM-DD", "daily/2026-11-20.md", NOV_20),
        ("YYYY-MM-DD", "2026-11-20 Ada.md", None),  # not the whole name
        ("YYYY/MM/YYYY-MM-DD", "journal/2026/11/2026-11-20.md", NOV_20),
        ("YYYY/MM/YYYY-MM-DD", "journal/2026/12/2026-11-20.md", None),  # folders disagree
        ("DD.MM.YYYY", "20.11.2026.md", NOV_20),
        ("D.M.YY", "20.11.26.md", NOV_20),
        ("YYYYMMDD", "20261120.md", NOV_20),
        ("MMM D, YYYY", "Nov 20, 2026.md", NOV_20),
        ("dddd, MMMM Do YYYY", "Friday, November 20th 2026.md", NOV_20),
        ("ddd YYYY-MM-DD", "Sat 2026-11-20.md", None),  # the 20th is a Friday
        ("[Journal] YYYY-MM-DD", "Journal 2026-11-20.md", NOV_20),
        ("DD.MM.YYYY", "31.02.2026.md", None),  # no such day
        ("YYYY-MM-DD", "2026-11-20.txt", None),
    ],
)
def test_names_in_a_format(fmt: str, path: str, date: dt.date | None) -> None:
    assert date_from_name(path, fmt) == date


@pytest.mark.parametrize("fmt", ["gggg-[W]ww", "YYYY-MM-DD HH:mm", "X", "DD"])
def test_formats_vaultrel_does_not_read_are_refused(fmt: str) -> None:
    with pytest.raises(ValueError, match=r"token|year"):
        name_pattern(fmt)
    assert date_from_name("2026-11-20.md", fmt) is None


FORMATS = {
    "YYYY-MM-DD": "%Y-%m-%d",
    "DD.MM.YYYY": "%d.%m.%Y",
    "YYYY/MM/YYYY-MM-DD": "%Y/%m/%Y-%m-%d",
    "dddd, MMMM DD, YYYY": "%A, %B %d, %Y",
    "ddd MMM DD YY": "%a %b %d %y",
}


@given(st.dates(dt.date(2000, 1, 1), dt.date(2068, 12, 31)), st.sampled_from(sorted(FORMATS)))
def test_a_date_written_in_a_format_reads_back(date: dt.date, fmt: str) -> None:
    assert date_from_name(f"notes/{date.strftime(FORMATS[fmt])}.md", fmt) == date
