"""`vaultrel brief NAME`: one screen to read before you meet someone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from vaultrel.cli import cli, common_options, open_vault
from vaultrel.cli.output import today_option
from vaultrel.core.model import title_of

if TYPE_CHECKING:
    from vaultrel.api import Brief, Obligation

SHOWN = 5  # items per list on the screen; --json and `vaultrel show` have them all


@cli.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the brief as a JSON object.")
@today_option
@common_options
def brief(vault: str | None, name: str, as_json: bool, today: dt.datetime | None) -> None:
    """One screen before you meet someone: talking points first, then what each side owes
    and for how long, the last conversation with its notes, your threads with them, notes
    that mention them since you last spoke, a birthday or anniversary in the next 30 days,
    and when to reach out next.

    NAME is matched as `vaultrel show` matches it: a name, an alias or the start of either,
    in any case and with or without accents, or a path. The last conversation's notes are
    the items nested under a logged line, or the first five lines of a conversation note's
    text. Lists longer than five end with how many more there are (--json has them all).

    \b
    Examples:
      vaultrel brief ada
      vaultrel brief "Grace Hopper" --vault ~/notes
      vaultrel brief zoe --today 2026-11-20
      vaultrel brief ada --json | jq .points

    Exit codes: 0 done; 1 done, but some notes could not be read; 2 could not run, or NAME
    fits nobody or several people (they are listed).
    """
    from vaultrel.api import PersonNotFound
    from vaultrel.cli.output import print_json, query_exit, today_from
    from vaultrel.errors import UsageError

    opened = open_vault(vault)
    try:
        found = opened.brief(name, today=today_from(today))
    except PersonNotFound as exc:
        raise UsageError(exc.problem) from None
    if as_json:
        print_json(found.to_json())
    else:
        click.echo(_screen(found))
    query_exit(opened.problems)


def _screen(brief: Brief) -> str:
    from vaultrel.cli.output import clip, paint, terminal_width, when

    person, today = brief.person, brief.today
    lines = [f"{paint(person.name, bold=True)}  {person.path}"]
    known = [f"last spoke {when(person.last_spoke, today, 'never')}"]
    known += [f"met {person.met}"] if person.met else []  # as written: 2024, 2024-05, …
    lines += [" · ".join(known)]
    lines += _section("Talking points", [f"{p.tag} · {p.what}" for p in brief.points])
    lines += _section("You owe", [_owed(item, today) for item in brief.owed])
    lines += _section("They owe", [_owed(item, today) for item in brief.they_owe])
    last = brief.last_conversation
    if last is not None:
        parts = [when(last.date, today), last.channel, title_of(last.path)]
        heading = f"{paint('Last conversation', bold=True)}  {' · '.join(p for p in parts if p)}"
        # a summary taken from the note's first sentence is on its first line already
        said = last.summary and any(n.startswith(last.summary.rstrip("…")) for n in last.notes)
        summary = [f"  {last.summary}"] if last.summary and not said else []
        lines += ["", heading, *summary, *_capped(list(last.notes))]
    lines += _section("Threads", [_thread(brief, thread) for thread in brief.threads])
    mentions = [_dated(m.path, m.date) for m in brief.mentions_since]
    lines += _section("Mentioned since you last spoke", mentions)
    lines += _section("Coming up", [f"{d.kind} {when(d.date, today)}" for d in brief.dates])
    lines += ["", f"{paint('Reach out by', bold=True)}  {_cadence(brief)}"]
    width = terminal_width()
    return "\n".join(clip(line, width) if width else line for line in lines)


def _section(title: str, items: list[str]) -> list[str]:
    from vaultrel.cli.output import paint

    return ["", paint(title, bold=True), *_capped(items)] if items else []


def _capped(items: list[str]) -> list[str]:
    shown = [f"  {item}" for item in items[:SHOWN]]
    if len(items) > SHOWN:
        shown.append(f"  … and {len(items) - SHOWN} more")
    return shown


def _owed(item: Obligation, today: dt.date) -> str:
    """`send the deck · 3 days overdue · promised 12 days ago`."""
    from vaultrel.cli.output import counted
    from vaultrel.core.agenda import relative

    parts = [item.what]
    if item.due is not None:
        days = (item.due - today).days
        due = f"{counted(-days, 'day')} overdue" if days < 0 else f"due {relative(item.due, today)}"
        parts.append(_coloured(due, item.due, today))
    else:
        parts.append("no date")
    if item.promised_on is not None:
        parts.append(f"promised {relative(item.promised_on, today)}")
    return " · ".join(parts)


def _coloured(text: str, date: dt.date, today: dt.date) -> str:
    """Red when overdue, yellow when due today or tomorrow, else as it is."""
    from vaultrel.cli.output import due_colour, paint

    style = due_colour(date, today)
    return paint(text, **style) if style else text


def _thread(brief: Brief, thread: tuple[str, ...]) -> str:
    """`2026-08-03 Grace email → 2026-08-20 Grace call`."""
    dates = {entry.path: entry.date for entry in brief.person.timeline}
    return " → ".join(_dated(path, dates[path]) for path in thread)


def _cadence(brief: Brief) -> str:
    from vaultrel.cli.output import counted, when

    person = brief.person
    if brief.reach_out_by is None:
        if person.paused or not person.cadence:
            return "paused" if person.paused else "no cadence"
        return f"— · every {person.cadence}, counted once you have spoken (or set met)"
    days = brief.days_to_reach_out or 0
    shown = f"{brief.reach_out_by} ({counted(-days, 'day')} overdue)" if days < 0 else None
    due = shown or when(brief.reach_out_by, brief.today)
    return f"{_coloured(due, brief.reach_out_by, brief.today)} · every {person.cadence}"


def _dated(path: str, date: dt.date | None) -> str:
    """A note's title, after its date unless the title starts with it (daily notes do)."""
    title = title_of(path)
    return title if date is None or title.startswith(str(date)) else f"{date} · {title}"
