"""`vaultrel agenda`: what you owe whom, today and in the coming days."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from vaultrel.cli import cli, common_options, open_vault
from vaultrel.cli.output import today_option

if TYPE_CHECKING:
    from vaultrel.api import AgendaItem

LABELS = {
    "owed": "owe",
    "reply": "reply",
    "reach_out": "reach out",
    "birthday": "birthday",
    "anniversary": "anniversary",
    "waiting": "they owe",
}


@cli.command()
@click.option(
    "--days",
    type=click.IntRange(0, 3660),
    default=7,
    show_default=True,
    metavar="N",
    help="Show what is due up to N days after today (overdue items always show).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the items as a JSON list.")
@today_option
@common_options
def agenda(vault: str | None, days: int, as_json: bool, today: dt.datetime | None) -> None:
    """What is overdue or due soon: what you promised, replies you owe, people to reach out
    to, birthdays, anniversaries, and what others owe you that is overdue.

    A promise older than the person's cadence (30 days without one) is escalated: shown
    first, marked `!`, with how long ago it was made. Everything is relative to today (or
    --today); nothing of it is written into notes.

    \b
    Examples:
      vaultrel agenda --vault ~/notes
      vaultrel agenda --days 30             the month ahead
      vaultrel agenda --today 2026-11-20    as it looked on that day
      vaultrel agenda --json | jq '.[] | select(.days < 0)'

    Exit codes: 0 done; 1 done, but some notes could not be read (they are left out);
    2 could not run (no vault, a bad vaultrel.toml, a bad --today).
    """
    from vaultrel.cli.output import print_json, query_exit, today_from

    opened = open_vault(vault)
    day = today_from(today)
    items = opened.agenda(today=day, days=days)
    if as_json:
        print_json([item.to_json() for item in items])
    else:
        click.echo(_table(items, day, days))
    query_exit(opened.problems)


def _table(items: list[AgendaItem], today: dt.date, days: int) -> str:
    from vaultrel.cli.output import due_colour, painter, table, terminal_width
    from vaultrel.core.agenda import relative

    if not items:
        return f"Nothing due by {today + dt.timedelta(days=days)}."
    rows = []
    paint = painter()
    mark = paint("!", fg="red", bold=True)
    dues: dict[dt.date, str] = {}  # a long agenda has many items due on each day
    for item in sorted(items, key=lambda item: not item.escalated):  # stable: due order kept
        what = item.what
        if item.escalated and item.promised_on:
            what += f" (promised {relative(item.promised_on, today)})"
        path, line = item.source or ("", None)
        due = dues.get(item.due)
        if due is None:
            text = f"{item.due} ({relative(item.due, today)})"
            due = dues[item.due] = paint(text, **due_colour(item.due, today))
        rows.append(
            [
                mark if item.escalated else "",
                due,
                item.person,
                LABELS[item.kind],
                what,
                f"{path}:{line}" if line else path,
            ]
        )
    headers = ["", "due", "person", "kind", "what", "where"]
    return table(headers, rows, shrink={4: 20, 2: 12}, width=terminal_width())
