"""`vaultrel show NAME`: one person's page in the terminal."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from vaultrel.cli import cli, common_options, open_vault
from vaultrel.cli.output import today_option
from vaultrel.core.model import title_of

if TYPE_CHECKING:
    from vaultrel.api import Obligation, Person, Point


@cli.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the person as a JSON object.")
@today_option
@common_options
def show(vault: str | None, name: str, as_json: bool, today: dt.datetime | None) -> None:
    """Show one person: summary, open items both ways, timeline with threads, mentions.

    NAME is the person's name, an alias, or the start of either, in any case and with or
    without accents ("ada", "Zoe", "Kath"); a path (`people/Ada`) works too. When it fits
    several people they are listed, and nothing else is shown.

    \b
    Examples:
      vaultrel show "Ada Lovelace"
      vaultrel show ada --vault ~/notes
      vaultrel show Zoe --json

    Exit codes: 0 done; 1 done, but some notes could not be read; 2 could not run, or NAME
    fits nobody or several people (they are listed).
    """
    from vaultrel.api import PersonNotFound
    from vaultrel.cli.output import print_json, query_exit, today_from
    from vaultrel.errors import UsageError

    opened = open_vault(vault)
    try:
        page = opened.person(name)
    except PersonNotFound as exc:
        raise UsageError(exc.problem) from None
    if as_json:
        print_json(page.to_json(page=True))
    else:
        click.echo(_page(page, today_from(today)))
    query_exit(opened.problems)


def _page(page: Person, today: dt.date) -> str:
    from vaultrel.cli.output import paint, when

    about = [f"aliases {', '.join(page.aliases)}"] if page.aliases else []
    about += [f"every {page.cadence}"] if page.cadence else []
    about += [f"met {page.met}"] if page.met else []
    about += [f"birthday {page.birthday}"] if page.birthday else []
    about += [f"anniversary {page.anniversary}"] if page.anniversary else []
    about += ["paused"] if page.paused else []
    about += [f"snoozed until {page.snooze_until}"] if page.snooze_until else []
    last = when(page.last_spoke, today, "never")
    for entry in page.timeline:
        if entry.path == page.last_conversation:
            parts = (entry.channel, title_of(entry.path))
            last += "".join(f" · {part}" for part in parts if part)
            break
    next_owed = when(page.next_owed, today, "nothing")
    if page.next_owed_what:
        next_owed += f" · {page.next_owed_what}"
    lines = [
        f"{paint(page.name, bold=True)}  {page.path}",
        *([f"  {' · '.join(about)}"] if about else []),
        "",
        f"Last spoke    {last}",
        f"Next owed     {next_owed}",
        f"Reach out by  {when(page.reach_out_by, today)}",
    ]
    lines += _section("I owe", [_obligation(o, today) for o in page.owed])
    lines += _section("They owe", [_obligation(o, today) for o in page.they_owe])
    lines += _section("Next time", [_point(p) for p in page.points])
    lines += _section("Timeline", _timeline(page))
    lines += _section("Mentioned in", list(page.mentions))
    return "\n".join(lines)


def _section(title: str, items: list[str]) -> list[str]:
    from vaultrel.cli.output import paint

    return ["", paint(title, bold=True), *(f"  {item}" for item in items)] if items else []


def _obligation(item: Obligation, today: dt.date) -> str:
    from vaultrel.cli.output import due_colour, paint, when

    path, line = item.source
    where = path + (f":{line}" if line else "")
    promised = f" · promised {item.promised_on}" if item.promised_on else ""
    due = paint(when(item.due, today, "no date"), **due_colour(item.due, today))
    return f"{due} · {item.what} · {where}{promised}"


def _point(point: Point) -> str:
    return f"{point.tag} · {point.what} · {point.source[0]}:{point.source[1]}"


def _timeline(page: Person) -> list[str]:
    """Newest first; the rest of a conversation's thread indented under its newest."""
    threads: dict[str, list[str]] = {}
    for entry in page.timeline:
        about = entry.summary or ", ".join(entry.topics)
        planned = "planned" if entry.planned else None
        parts = [str(entry.date), planned, entry.channel, title_of(entry.path), about]
        threads.setdefault(entry.thread, []).append(" · ".join(p for p in parts if p))
    return [
        line if i == 0 else f"  {line}"
        for group in threads.values()
        for i, line in enumerate(group)
    ]
