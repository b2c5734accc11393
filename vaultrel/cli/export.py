"""`vaultrel export vcard|ics`: contacts and a calendar feed from the vault."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultrel.cli import cli, common_options, vault_root
from vaultrel.errors import ExitCode, Problem

if TYPE_CHECKING:
    from vaultrel.interop.export import Kind

OUTPUT = click.option(
    "-o",
    "--output",
    metavar="FILE",
    default="-",
    help="Write to FILE (replaced atomically) instead of standard output. In the vault, FILE "
    "is never a note, nor a file other than an earlier export of the same kind.",
)


@cli.group()
def export() -> None:
    """Export the people as vCards, or what you owe as an iCalendar feed.

    \b
    Examples:
      vaultrel export vcard -o people.vcf
      vaultrel export ics -o vaultrel.ics
    """


@export.command()
@OUTPUT
@common_options
def vcard(vault: str | None, output: str) -> None:
    """Every person note as a vCard 3.0: name, aliases (NICKNAME), emails, phones, birthday
    and org. Each card's UID is derived from the note's path, so it is the same on every
    export; `vaultrel import vcard` reads the file back.

    \b
    Examples:
      vaultrel export vcard -o people.vcf
      vaultrel export vcard --vault ~/notes > people.vcf
    """
    from vaultrel.config import load_config
    from vaultrel.interop.export import export_vcards

    root = vault_root(vault)
    _check(root, output, "vcard")
    text, problems = export_vcards(root, load_config(root))
    _finish(output, text.encode("utf-8"), problems)


@export.command()
@OUTPUT
@common_options
def ics(vault: str | None, output: str) -> None:
    """An iCalendar file of all-day events: what you owe with a due date (tasks and replies),
    the dates to reach out by, and birthdays and anniversaries (yearly). Each event's UID
    comes from what it is about, not from its date, so a calendar subscribed to the file
    updates moved events instead of duplicating them. Export it where your calendar app can
    subscribe to it.

    \b
    Examples:
      vaultrel export ics -o ~/Calendars/vaultrel.ics
      vaultrel export ics --vault ~/notes > owed.ics
    """
    import datetime as dt

    from vaultrel.config import load_config
    from vaultrel.interop.export import export_ics

    root = vault_root(vault)
    _check(root, output, "ics")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    data, problems = export_ics(root, load_config(root), stamp)
    _finish(output, data, problems)


def _check(root: Path, output: str, kind: Kind) -> None:
    from vaultrel.interop.export import check_output

    if output != "-":
        check_output(root, Path(output), kind)


def _finish(output: str, data: bytes, problems: list[Problem]) -> None:
    """Write the export, then report the notes left out of it (exit 1 if any)."""
    from vaultrel.cli.output import print_problems

    with click.open_file(output, "wb", atomic=output != "-") as stream:
        stream.write(data)
    print_problems(problems)
    sys.exit(int(ExitCode.ERRORS if problems else ExitCode.OK))
