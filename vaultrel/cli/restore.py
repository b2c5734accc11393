"""`vaultrel restore PATH`: the version of a note from before vaultrel's last write."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from vaultrel.cli import cli, common_options, vault_root

if TYPE_CHECKING:
    from vaultrel.adapters.journal import Entry


@cli.command()
@click.argument("path")
@click.option("--list", "list_only", is_flag=True, help="List the kept versions; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@common_options
def restore(vault: str | None, path: str, list_only: bool, as_json: bool) -> None:
    """Bring back the note at PATH as it was before vaultrel last wrote it.

    Before vaultrel replaces a note, it keeps the version it read in .vaultrel/journal/
    (for 30 days, and 200 MB at most, the oldest going first). PATH is the note's path in the
    vault (`people/Ada Lovelace.md`), or an absolute path inside the vault. The version that
    restoring replaces is kept too: running restore again undoes it.

    \b
    Examples:
      vaultrel restore "people/Ada Lovelace.md" --list
      vaultrel restore "people/Ada Lovelace.md"

    Exit codes: 0 restored (or already as it was); 1 no earlier version, or the write failed;
    2 could not run (a path outside the vault, another vaultrel writing).
    """
    from vaultrel.cli.output import print_json, print_problems, problem_json
    from vaultrel.restore import history, note_path, restore_note

    root = vault_root(vault)
    note = note_path(root, path)
    if list_only:
        entries = history(root, note)
        if as_json:
            print_json([_entry_json(entry) for entry in entries])
        for entry in [] if as_json else entries:
            click.echo(f"{entry.time}  {entry.size:>8} bytes  {entry.sha256[:8]}  {entry.command}")
        if not entries and not as_json:
            click.echo(f"No earlier version of {note} is kept.")
        return
    done = restore_note(root, note)
    if as_json:
        print_json(
            {
                "path": note,
                "restored": _entry_json(done.entry),
                "written": done.written,
                "problems": [problem_json(problem) for problem in done.problems],
            }
        )
    else:
        print_problems(done.problems, None)
        if done.written:
            click.echo(f"Restored {note} as it was before {done.entry.time}.")
        elif not done.problems:
            click.echo(f"{note} already holds the version from before {done.entry.time}.")
    sys.exit(1 if any(problem.severity == "error" for problem in done.problems) else 0)


def _entry_json(entry: Entry) -> dict[str, object]:
    return {"time": entry.time, "size": entry.size, "sha256": entry.sha256, "by": entry.command}
