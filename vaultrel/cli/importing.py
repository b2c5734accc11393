"""`vaultrel import vcard|monica`: person notes from contacts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultrel.cli import cli, common_options, vault_root
from vaultrel.errors import ExitCode

if TYPE_CHECKING:
    from vaultrel.interop.importer import ImportResult


@cli.group(name="import")
def import_() -> None:
    """Bring contacts into the vault as person notes.

    \b
    Examples:
      vaultrel import vcard contacts.vcf
      vaultrel import monica monica-export.json
    """


@import_.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--dry-run", is_flag=True, help="Show what would be created or filled; write nothing."
)
@common_options
def vcard(vault: str | None, files: tuple[str, ...], dry_run: bool) -> None:
    """Create person notes from the vCard FILES (2.1, 3.0 or 4.0, as Apple, Google and
    Android export them) and fill in what existing ones lack.

    A card belongs to the person whose email, phone, name or alias it shares; that note only
    gains the properties it does not have yet (aliases, emails, phones, birthday, org), each
    as one new line in its front-matter. A value the note already holds is never changed: a
    different one on the card is reported. Other cards become notes in the people folder from
    your person template, with the card's note as their text. Photos are not imported.
    Importing the same file again changes nothing.

    \b
    Examples:
      vaultrel import vcard contacts.vcf --dry-run
      vaultrel import vcard ~/Downloads/*.vcf --vault ~/notes

    Exit codes: 0 done; 1 done, but a card could not be read or a note could not be
    written; 2 could not run (a file missing, the vault locked).
    """
    from vaultrel.config import load_config
    from vaultrel.interop.importer import import_vcards

    root = vault_root(vault)
    result = import_vcards(root, load_config(root), [Path(f) for f in files], dry_run)
    _report(result, dry_run)
    sys.exit(int(ExitCode.ERRORS if result.has_errors else ExitCode.OK))


@import_.command()
@click.argument("export", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--dry-run", is_flag=True, help="Show what would be created or filled; write nothing."
)
@common_options
def monica(vault: str | None, export: str, dry_run: bool) -> None:
    """Import a Monica 4.x JSON export (Settings → Export → JSON, format 1.0-preview.1).

    \b
    - each contact becomes a person note (your own contact is skipped): nickname as
      aliases, emails, phones, birthday (--MM-DD when the year is unknown), first met
      date as met, stay-in-touch frequency as cadence in days;
    - its notes, gifts, debts, life events, relationships, tasks, addresses, pets and
      other contact fields become Markdown under "## From Monica" in the note; its
      reminders become tasks there: a one-time one due on its date, a recurring one due
      on its next date after the export, with the rule in its text;
    - activities and calls become conversation notes with their participants and dates.

    A contact belongs to the person whose email, phone, name or alias it shares, as with
    `import vcard`: that note only gains the properties it lacks, and the "## From Monica"
    section if it has none. Importing the same file again changes nothing. Photos and
    documents are counted, not imported.

    Exit codes: 0 done; 1 done, but a note could not be written; 2 the file is not a
    Monica JSON export, or the vault is locked.

    \b
    Examples:
      vaultrel import monica monica.json --dry-run
      vaultrel import monica ~/Downloads/monica.json --vault ~/notes
    """
    from vaultrel.config import load_config
    from vaultrel.interop.importer import import_monica

    root = vault_root(vault)
    result, read = import_monica(root, load_config(root), Path(export), dry_run)
    would = "would " if dry_run else ""
    _report(result, dry_run)
    for path in result.created:
        click.echo(f"{would}create {path}")
    made = f"{would}create {len(result.created)}, {len(result.existing)} already there"
    click.echo(f"{len(result.created) + len(result.existing)} conversations: {made}")
    click.echo("read: " + ", ".join(f"{n} {kind}" for kind, n in sorted(read.counts.items()) if n))
    sys.exit(int(ExitCode.ERRORS if result.has_errors else ExitCode.OK))


def _report(result: ImportResult, dry_run: bool) -> None:
    """Each person note created, filled or skipped, then the counts."""
    from vaultrel.cli.output import counted, print_problems
    from vaultrel.core.filenames import visible

    print_problems(result.problems, None)
    would = "would " if dry_run else ""
    counts = {"create": 0, "update": 0, "same": 0, "skip": 0}
    for plan in result.plans:
        counts[plan.action] += 1
        keys = ", ".join([*plan.add, *([plan.note.split("\n", 1)[0]] if plan.note else [])])
        if plan.action == "create":
            click.echo(
                f"{would}create {plan.path}" + (f" ({', '.join(plan.add)})" if plan.add else "")
            )
        elif plan.action == "update":
            click.echo(f"{would}add    {keys} to {plan.path}")
        elif plan.action == "skip":
            click.echo(f"skip   {visible(plan.name, mark=True)}: {plan.reason}")
    click.echo(
        f"{counted(len(result.plans), 'person', 'people')}: {would}create {counts['create']}, "
        f"{would}update {counts['update']}, {counts['same']} unchanged, {counts['skip']} skipped"
    )
