"""`vaultrel export vcard|ics|csv`: contacts, a calendar feed and a spreadsheet from the vault."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultrel.cli import cli, common_options, vault_root
from vaultrel.errors import ExitCode, Problem, UsageError

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
    """Export the people as vCards or CSV, or what you owe as an iCalendar feed or CSV.

    \b
    Examples:
      vaultrel export vcard -o people.vcf
      vaultrel export ics -o vaultrel.ics
      vaultrel export csv -o people.csv
    """


@export.command()
@click.option(
    "--version",
    "version",
    type=click.Choice(["3.0", "4.0"]),
    default="3.0",
    show_default=True,
    help="vCard 3.0 (RFC 2426) or 4.0 (RFC 6350).",
)
@click.option(
    "--dir",
    "folder",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Write one <UID>.vcf per person into DIR (a vdir, as khard and vdirsyncer use).",
)
@OUTPUT
@common_options
def vcard(vault: str | None, output: str, version: str, folder: str | None) -> None:
    """Every person note as a vCard: name, aliases (NICKNAME), emails, phones, birthday
    and org; with --version 4.0 also the anniversary, KIND:individual, year-less dates as
    --MMDD and the profile URLs of the `socials` key as SOCIALPROFILE. Each card's UID
    (urn:uuid:…) is derived from the note's path, so it is the same on every export;
    `vaultrel import vcard` reads the file back.

    With --dir DIR, each card is its own file named by its UID; a file that would not
    change is not rewritten, and the card file of a person no longer in the vault is
    removed (only files vaultrel wrote: other files in DIR are never touched).

    Exit codes: 0 done; 1 done, but some notes could not be read (they are left out);
    2 usage error or a refused output file.

    \b
    Examples:
      vaultrel export vcard -o people.vcf
      vaultrel export vcard --version 4.0 --vault ~/notes > people.vcf
      vaultrel export vcard --version 4.0 --dir ~/.contacts/vaultrel
    """
    from vaultrel.config import load_config
    from vaultrel.interop.export import export_vcards, write_vdir

    root = vault_root(vault)
    if folder is None:
        _check(root, output, "vcard")
    elif output != "-":
        raise click.UsageError("give -o FILE or --dir DIR, not both")
    cards, problems = export_vcards(root, load_config(root), version)
    if folder is None:
        _finish(output, "".join(text for _, text in cards).encode("utf-8"), problems)
        return
    done = write_vdir(root, Path(folder), cards)
    for name in done.written:
        click.echo(f"wrote   {name}")
    for name in done.removed:
        click.echo(f"removed {name}")
    click.echo(
        f"{len(cards)} cards: {len(done.written)} written, {len(done.unchanged)} unchanged, "
        f"{len(done.removed)} removed"
    )
    _finish_problems(problems)


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

    Exit codes: 0 done; 1 done, but some notes could not be read (they are left out); 2 usage
    error or a refused output file.
    """
    import datetime as dt

    from vaultrel.config import load_config
    from vaultrel.interop.export import export_ics

    root = vault_root(vault)
    _check(root, output, "ics")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    data, problems = export_ics(root, load_config(root), stamp)
    _finish(output, data, problems)


@export.command()
@click.option(
    "--obligations", is_flag=True, help="One row per obligation instead of one per person."
)
@click.option("--excel", is_flag=True, help="Start with the byte-order mark Excel needs.")
@OUTPUT
@common_options
def csv(vault: str | None, output: str, obligations: bool, excel: bool) -> None:
    """A spreadsheet (RFC 4180 CSV, UTF-8): a header row, then one row per person with the
    columns name, path, aliases, org, emails, phones, birthday, anniversary, met, cadence,
    last_spoke, next_owed, next_owed_what, reach_out_by, i_owe, they_owe (lists joined with
    "; ", counts for the last two, an empty cell for none).

    With --obligations, one row per obligation (both directions): person, direction, kind,
    what, due, promised_on, path, line, sorted by due date (undated last). --excel adds the
    byte-order mark Excel needs to read the file as UTF-8.

    Exit codes: 0 done; 1 done, but some notes could not be read (they are left out);
    2 usage error or a refused output file.

    \b
    Examples:
      vaultrel export csv -o people.csv
      vaultrel export csv --obligations --excel -o owed.csv
      vaultrel export csv --vault ~/notes | column -s, -t
    """
    from vaultrel.config import load_config
    from vaultrel.interop.export import export_csv

    root = vault_root(vault)
    _check(root, output, "csv")
    data, problems = export_csv(root, load_config(root), obligations, excel)
    _finish(output, data, problems)


def _check(root: Path, output: str, kind: Kind) -> None:
    from vaultrel.interop.export import check_output

    if output != "-":
        check_output(root, Path(output), kind)


def _finish(output: str, data: bytes, problems: list[Problem]) -> None:
    """Write the export, then report the notes left out of it (exit 1 if any)."""

    try:
        with click.open_file(output, "wb", atomic=output != "-") as stream:
            stream.write(data)
    except OSError as exc:  # a folder that is not there, a full disk, no permission
        problem = Problem(
            output,
            None,
            "E_IO",
            f"cannot write the export: {exc.strerror or exc}",
            "check that its folder exists and can be written to",
        )
        raise UsageError(problem) from None
    _finish_problems(problems)


def _finish_problems(problems: list[Problem]) -> None:
    """Report the notes left out of the export (exit 1 if any)."""
    from vaultrel.cli.output import print_problems

    print_problems(problems)
    sys.exit(int(ExitCode.ERRORS if problems else ExitCode.OK))
