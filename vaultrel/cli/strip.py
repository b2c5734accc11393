"""`vaultrel strip`: remove everything vaultrel wrote into the notes."""

from __future__ import annotations

import sys

import click

from vaultrel.cli import cli, common_options, vault_root
from vaultrel.cli.output import counted, print_problems
from vaultrel.config import load_config
from vaultrel.errors import ExitCode


@cli.command()
@click.option("--dry-run", is_flag=True, help="List the notes that would change; write nothing.")
@common_options
def strip(vault: str | None, dry_run: bool) -> None:
    """Remove every property and block vaultrel wrote, leaving the notes as you wrote them.

    The `last_spoke` / `next_owed` properties of person notes and the block between
    `<!-- vaultrel:begin -->` and `<!-- vaultrel:end -->` go; every other byte stays. A
    front-matter that vaultrel created stays as an empty `---` / `---` pair, and person notes
    vaultrel created stay, without vaultrel's parts. A block you edited by hand is not
    removed: it is reported, and the note left alone. Each note's previous version is kept:
    `vaultrel restore PATH` brings it back, and `vaultrel index` puts everything back.

    \b
    Examples:
      vaultrel strip --dry-run          list the notes that would change
      vaultrel strip --vault ~/notes

    Exit codes: 0 done; 1 done, but some notes were refused (an edited block, a read-only
    file); 2 could not run (another vaultrel is writing this vault).
    """
    from vaultrel.strip import strip_vault

    root = vault_root(vault)
    result = strip_vault(root, load_config(root), dry_run)
    doing = "would strip" if dry_run else "stripped"
    for path in result.notes:
        click.echo(f"{doing} {path}")
    click.echo(f"vaultrel: {doing} {counted(len(result.notes), 'note')}", err=True)
    print_problems(result.problems)
    errors = any(problem.severity == "error" for problem in result.problems)
    sys.exit(ExitCode.ERRORS if errors else ExitCode.OK)
