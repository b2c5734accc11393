"""`vaultrel import vcard`: person notes from contacts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vaultrel.cli import cli, common_options, vault_root
from vaultrel.errors import ExitCode


@cli.group(name="import")
def import_() -> None:
    """Bring contacts into the vault as person notes.

    \b
    Examples:
      vaultrel import vcard contacts.vcf
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
    """
    from vaultrel.cli.output import counted, print_problems
    from vaultrel.config import load_config
    from vaultrel.core.filenames import visible
    from vaultrel.interop.importer import import_vcards

    root = vault_root(vault)
    result = import_vcards(root, load_config(root), [Path(f) for f in files], dry_run)
    print_problems(result.problems, None)
    would = "would " if dry_run else ""
    counts = {"create": 0, "update": 0, "same": 0, "skip": 0}
    for plan in result.plans:
        counts[plan.action] += 1
        keys = ", ".join(plan.add)
        if plan.action == "create":
            click.echo(f"{would}create {plan.path}" + (f" ({keys})" if keys else ""))
        elif plan.action == "update":
            click.echo(f"{would}add    {keys} to {plan.path}")
        elif plan.action == "skip":
            click.echo(f"skip   {visible(plan.name, mark=True)}: {plan.reason}")
    click.echo(
        f"{counted(len(result.plans), 'person', 'people')}: {would}create {counts['create']}, "
        f"{would}update {counts['update']}, {counts['same']} unchanged, {counts['skip']} skipped"
    )
    sys.exit(int(ExitCode.ERRORS if result.has_errors else ExitCode.OK))
