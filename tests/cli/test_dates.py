"""Dates beyond birthdays: anniversaries (shown, in the agenda and the calendar feed) and a
`met` known only to the month or year (shown as written, the cadence baseline its first day)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import icalendar
import ics
import pytest

from tests.conftest import Invoke, MakeVault
from vaultrel.site.pages import page_file

PEOPLE = {
    "people/Ada Lovelace.md": (
        "---\nbirthday: 1815-12-10\nanniversary: 1835-07-08\nmet: 2024-03\ncadence: 30d\n---\n"
    ),
    "people/Grace Hopper.md": "---\nanniversary: --06-15\nmet: 2019\ncadence: 1y\n---\n",
    "people/Zoë Ruiz.md": "---\nmet: 2026-01-05\n---\n",
    "people/Bad.md": "---\nmet: 2024-13\nanniversary: someday\n---\n",
}


def vault(make_vault: MakeVault) -> Path:
    return make_vault(PEOPLE)


def people_json(invoke: Invoke, root: Path) -> dict[str, Any]:
    outcome = invoke("people", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    found = outcome.json()
    assert isinstance(found, list)
    return {person["name"]: person for person in found}


def test_people_json_gives_the_dates_as_written(make_vault: MakeVault, invoke: Invoke) -> None:
    people = people_json(invoke, vault(make_vault))
    dates = {name: (p["birthday"], p["anniversary"], p["met"]) for name, p in people.items()}
    assert dates == {
        "Ada Lovelace": ("1815-12-10", "1835-07-08", "2024-03"),
        "Bad": (None, None, None),
        "Grace Hopper": (None, "--06-15", "2019"),
        "Zoë Ruiz": (None, None, "2026-01-05"),
    }


def test_a_partial_met_is_the_first_day_of_its_month_or_year(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    people = people_json(invoke, vault(make_vault))
    assert people["Ada Lovelace"]["reach_out_by"] == "2024-03-31"  # 2024-03-01 + 30 days
    assert people["Grace Hopper"]["reach_out_by"] == "2020-01-01"  # 2019-01-01 + 1 year


def test_bad_dates_are_reported_with_their_line(make_vault: MakeVault, invoke: Invoke) -> None:
    outcome = invoke("check", "--vault", vault(make_vault))
    assert "people/Bad.md:2: met: '2024-13' is not a date" in outcome.stdout + outcome.stderr
    assert (
        "people/Bad.md:3: anniversary: 'someday' is not a date" in outcome.stdout + outcome.stderr
    )


def test_show_gives_anniversary_and_met_as_written(make_vault: MakeVault, invoke: Invoke) -> None:
    root = vault(make_vault)
    shown = invoke("show", "Grace", "--vault", root, "--today", "2026-06-01")
    assert shown.exit_code == 0, shown.stderr
    assert "met 2019 · anniversary --06-15" in shown.stdout
    page = invoke("show", "Ada", "--vault", root, "--json").json()
    assert isinstance(page, dict)
    assert (page["met"], page["birthday"], page["anniversary"]) == (
        "2024-03",
        "1815-12-10",
        "1835-07-08",
    )


def test_anniversaries_are_in_the_agenda_within_days_and_met_is_not(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = vault(make_vault)

    def yearly(today: str, days: str) -> list[tuple[str, str, str, str]]:
        outcome = invoke("agenda", "--vault", root, "--today", today, "--days", days, "--json")
        assert outcome.exit_code == 0, outcome.stderr
        items = outcome.json()
        assert isinstance(items, list)
        return [
            (i["person"], i["kind"], i["due"], i["what"])
            for i in items
            if i["kind"] in ("birthday", "anniversary")
        ]

    assert yearly("2026-06-10", "30") == [
        ("Grace Hopper", "anniversary", "2026-06-15", "anniversary"),
        ("Ada Lovelace", "anniversary", "2026-07-08", "anniversary (191 years)"),
    ]
    assert yearly("2026-06-10", "4") == []
    terminal = invoke("agenda", "--vault", root, "--today", "2026-06-10", "--days", "5").stdout
    assert "anniversary" in terminal and "Grace Hopper" in terminal


def events_of(data: bytes) -> dict[str, tuple[dt.date, str, Any]]:
    calendar = icalendar.Calendar.from_ical(data)
    return {
        str(e["summary"]): (e.decoded("dtstart"), str(e["uid"]), e.get("rrule"))
        for e in calendar.walk("VEVENT")
    }


def test_ics_has_yearly_anniversaries_with_stable_uids(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = vault(make_vault)
    out = tmp_path / "dates.ics"
    assert invoke("export", "ics", "-o", out, "--vault", root).exit_code == 0
    events = events_of(out.read_bytes())
    ada, grace = events["Ada Lovelace's anniversary"], events["Grace Hopper's anniversary"]
    assert ada[0] == dt.date(1835, 7, 8) and grace[0] == dt.date(2000, 6, 15)
    assert ada[2]["FREQ"] == ["YEARLY"] and grace[2]["BYMONTHDAY"] == [15]
    assert ada[1] != events["Ada Lovelace's birthday"][1]
    # an independent parser reads the same events
    parsed = ics.Calendar(out.read_text())
    assert {e.uid for e in parsed.events} == {uid for _, uid, _ in events.values()}
    # a later export, with the date moved, keeps every UID
    note = root / "people/Grace Hopper.md"
    note.write_text(note.read_text().replace("--06-15", "--06-16"))
    again = events_of(invoke("export", "ics", "--vault", root).stdout.encode())
    assert {k: v[1] for k, v in again.items()} == {k: v[1] for k, v in events.items()}
    assert again["Grace Hopper's anniversary"][0] == dt.date(2000, 6, 16)


@pytest.mark.parametrize("person", ["Ada Lovelace", "Grace Hopper"])
def test_site_person_page_shows_anniversary_and_met(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path, person: str
) -> None:
    root = vault(make_vault)
    out = tmp_path / "site"
    assert invoke("site", "--vault", root, "-o", out).exit_code == 0
    html = (out / "notes" / page_file(f"people/{person}.md")).read_text(encoding="utf-8")
    if person == "Ada Lovelace":
        assert 'met <time datetime="2024-03">2024-03</time>' in html
        assert 'anniversary <time datetime="1835-07-08">8 Jul 1835</time>' in html
    else:
        assert 'met <time datetime="2019">2019</time>' in html
        assert 'anniversary <time datetime="06-15">15 Jun</time>' in html
