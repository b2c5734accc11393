"""`vaultrel init`: set up a folder as a vault."""

from __future__ import annotations

from pathlib import Path

import click

from vaultrel.cli import cli, common_options


@cli.command()
@click.argument("directory", metavar="[DIR]", required=False, type=click.Path(file_okay=False))
@common_options
def init(vault: str | None, directory: str | None) -> None:
    """Set up DIR (default: --vault, else the current folder) as a vault.

    Creates people/, conversations/, orgs/ and templates/ (with the person, conversation and
    org templates), a commented vaultrel.toml, the Obsidian Bases view People.base, and adds
    .vaultrel/ (vaultrel's cache) and .vaultrel-*.tmp (the temp files a killed write leaves,
    each a copy of a note) to .gitignore. Nothing that exists is replaced, so it is safe in an
    existing Obsidian vault.

    \b
    Examples:
      vaultrel init ~/notes
      vaultrel init                 the current folder

    Exit codes: 0 done; 2 could not run (DIR is a file, or cannot be written).
    """
    from vaultrel.create import init_vault

    root = Path(directory or vault or ".").expanduser()
    created, kept = init_vault(root)
    for path in created:
        click.echo(f"created {path}")
    for path in kept:
        click.echo(f"kept    {path}")
