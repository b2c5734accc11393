"""`vaultrel git setup`: merges without conflicts in what vaultrel writes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vaultrel.cli import cli, common_options, vault_root


@cli.group()
def git() -> None:
    """Set up the git repository holding the vault.

    \b
    Examples:
      vaultrel git setup --vault ~/notes
    """


@git.command()
@click.option(
    "--pre-commit",
    is_flag=True,
    help="Also install a pre-commit hook running `vaultrel index --check`, which stops a "
    "commit while a note is not up to date.",
)
@common_options
def setup(vault: str | None, pre_commit: bool) -> None:
    """Configure the repository so that two branches (or two machines) that both ran vaultrel
    merge without conflicts in what vaultrel wrote.

    Installs a merge driver for *.md (in .git/config, and `*.md merge=vaultrel` in the
    vault's .gitattributes): it merges your text as git does, and takes vaultrel's generated
    block and last_spoke / next_owed whole from one side. A post-merge and a post-rewrite hook
    then run `vaultrel index`, which makes them right for the merged notes; commit what it
    wrote. Also adds .vaultrel/ and .vaultrel-*.tmp (the temp files a killed write leaves,
    each a copy of a note) to .gitignore. Hooks and the driver call the Python that runs
    this command, by its full path. A hook of your own is kept, and the line to add is
    shown. Running it again changes nothing.

    With the pre-commit framework, use the `vaultrel-check` hook of this project's
    .pre-commit-hooks.yaml instead of --pre-commit.

    \b
    Examples:
      vaultrel git setup --vault ~/notes
      vaultrel git setup --pre-commit

    Exit codes: 0 done; 2 could not run (the vault is not in a git repository).
    """
    from vaultrel.interop.gitsetup import setup as git_setup

    for line in git_setup(vault_root(vault), sys.executable, pre_commit):
        click.echo(line)


@git.command(name="merge-driver", hidden=True)
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("marker_size", type=int)
@click.argument("path")
@common_options
def merge_driver(
    vault: str | None, base: Path, ours: Path, theirs: Path, marker_size: int, path: str
) -> None:
    """git's merge driver for notes (%O %A %B %L %P), installed by `vaultrel git setup`."""
    from vaultrel.interop.gitsetup import merge_driver as merge

    sys.exit(merge(vault_root(vault), (base, ours, theirs), marker_size, path))
