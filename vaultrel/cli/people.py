"""`vaultrel people`: one row per person, what you last did and what you owe."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from vaultrel.cli import cli, common_options, open_vault
from vaultrel.cli.output import today_option

if TYPE_CHECKING:
    from vaultrel.api import Person

SORTS = ("name", "last", "due")


@cli.command()
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="name",
    show_default=True,
    help="name: alphabetical; last: longest since you last spoke first (never spoken at the "
    "top); due: soonest next owed first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a list of people as JSON.")
@today_option
@common_options
def people(vault: str | None, sort: str, as_json: bool, today: dt.datetime | None) -> None:
    """List everyone with when you last spoke, what you owe next and when to reach out.

    Columns: name, last spoke, next owed (date and what), reach out by, open items you owe
    and items they owe you. Dates show how far they are from today. Reads the notes as they
    are now and writes nothing; works while `vaultrel watch` runs.

    \b
    Examples:
      vaultrel people --vault ~/notes
      vaultrel people --sort due           what is owed soonest first
      vaultrel people --sort last          who you have drifted from
      vaultrel people --json | jq '.[] | select(.owed | length > 0) | .name'

    Exit codes: 0 done; 1 done, but some notes could not be read (they are left out);
    2 could not run (no vault, a bad vaultrel.toml, a bad --today).
    """
    from vaultrel.cli.output import print_json, query_exit, today_from

    opened = open_vault(vault)
    people = opened.people()
    if as_json:
        print_json([person.to_json() for person in people])
    else:
        click.echo(_table(_sorted(people, sort), today_from(today)))
    query_exit(opened.problems)


def _sorted(shapes: list[Person], sort: str) -> list[Person]:
    if sort == "last":
        return sorted(shapes, key=lambda s: s.last_spoke or dt.date.min)
    if sort == "due":
        return sorted(shapes, key=lambda s: s.next_owed or dt.date.max)
    return shapes  # by name


def _table(shapes: list[Person], today: dt.date) -> str:
    from vaultrel.cli.output import due_colour, painter, table, terminal_width, when

    if not shapes:
        return "No people yet: add notes to people/, or `vaultrel new person NAME`."
    rows = []
    paint = painter()
    for shape in shapes:
        next_owed = when(shape.next_owed, today)
        if shape.next_owed_what:
            next_owed += f" · {shape.next_owed_what}"
        rows.append(
            [
                shape.name,
                when(shape.last_spoke, today, "never"),
                paint(next_owed, **due_colour(shape.next_owed, today)),
                when(shape.reach_out_by, today),
                str(len(shape.owed)) if shape.owed else "",
                str(len(shape.they_owe)) if shape.they_owe else "",
            ]
        )
    headers = ["name", "last spoke", "next owed", "reach out by", "I owe", "they owe"]
    return table(headers, rows, shrink={2: 30, 0: 12}, width=terminal_width())
