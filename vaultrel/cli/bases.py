"""`vaultrel bases`: the Obsidian Bases view of the people."""

from __future__ import annotations

import click

from vaultrel.cli import cli, common_options, vault_root


@cli.command()
@common_options
def bases(vault: str | None) -> None:
    """Create People.base at the vault root: an Obsidian Bases view (a table of the person
    notes with last spoke and next owed, sorted by next owed, and a view of those whose next
    owed has passed). An existing People.base is never replaced; `vaultrel init` creates it
    too.

    \b
    Examples:
      vaultrel bases --vault ~/notes

    Exit codes: 0 created, or kept as it was; 2 could not run.
    """
    from vaultrel.config import load_config
    from vaultrel.create import create_base
    from vaultrel.interop.bases import BASE_FILE

    root = vault_root(vault)
    created = create_base(root, load_config(root))
    click.echo(f"{'created' if created else 'kept   '} {BASE_FILE}")
