"""`vaultrel mv OLD NEW`: rename a note and rewrite every link to it."""

from __future__ import annotations

import sys

import click

from vaultrel.cli import cli, common_options, vault_root
from vaultrel.cli.output import print_problems
from vaultrel.config import load_config
from vaultrel.errors import ExitCode


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option("--dry-run", is_flag=True, help="List each line that would change; write nothing.")
@common_options
def mv(vault: str | None, old: str, new: str, dry_run: bool) -> None:
    """Rename the note OLD to NEW and rewrite every link to it, as Obsidian does on rename.

    OLD is the note's path in the vault (`.md` optional) or a person's name; NEW a path in
    the vault, or a bare name (the note stays in its folder). Exactly the links that led to
    OLD change: a wikilink keeps its #heading, ^block and |shown text, and becomes the
    shortest link that leads to NEW; a Markdown link stays Markdown (a relative one stays
    relative); links in properties (`with:`, `org:`, …) are edited in their line. Links in
    code and comments, and vaultrel's blocks (the next `index` renews them), are not touched.
    Every note changed is listed, and its previous version kept: `vaultrel restore PATH`
    brings it back (the old note too).

    Nothing is written when NEW exists, is not a name a note can have, OLD is unknown, or
    NEW would take over links that lead elsewhere today (they are listed).

    \b
    Examples:
      vaultrel mv "people/Ada Lovelace.md" "Ada King"
      vaultrel mv "Ada Lovelace" "people/archive/Ada King" --dry-run
      vaultrel mv "projects/Q3 plan" "projects/2026/Q3 plan"

    Exit codes: 0 renamed; 1 renamed, but some notes could not be written (listed, and the
    old note kept); 2 nothing done (refused, see above).
    """
    from vaultrel.mv import move_note

    root = vault_root(vault)
    moved = move_note(root, load_config(root), old, new, dry_run)
    doing = "would rename" if dry_run else "renamed"
    click.echo(f"{doing} {moved.old} → {moved.new}")
    if dry_run:
        for edit in moved.edits:
            click.echo(f"  {edit.path}:{edit.line}: {edit.before}")
            click.echo(f"  {' ' * len(f'{edit.path}:{edit.line}:')} {edit.after}")
    else:
        for path in moved.written[1:]:
            click.echo(f"rewrote links in {path}")
    print_problems(moved.problems)
    errors = any(problem.severity == "error" for problem in moved.problems)
    sys.exit(ExitCode.ERRORS if errors else ExitCode.OK)
