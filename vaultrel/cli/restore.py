"""`vaultrel restore PATH`: the version of a note from before vaultrel's last write."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

import click

from vaultrel.cli import cli, common_options, vault_root

if TYPE_CHECKING:
    from vaultrel.adapters.journal import Entry


@cli.command()
@click.argument("path")
@click.option(
    "--list", "list_only", is_flag=True, help="List the kept versions, numbered; change nothing."
)
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    help="Restore the version numbered N by --list (1, the newest, by default).",
    metavar="N",
)
@click.option(
    "--at",
    "at",
    help="Restore the note as it was at TIME (ISO 8601, UTC unless it says otherwise).",
    metavar="TIME",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@common_options
def restore(
    vault: str | None,
    path: str,
    list_only: bool,
    version: int | None,
    at: str | None,
    as_json: bool,
) -> None:
    """Bring back the note at PATH as it was before vaultrel last wrote it, or before an
    earlier write.

    Before vaultrel replaces a note, it keeps the version it read in .vaultrel/journal/
    (for 30 days, and 200 MB at most, the oldest going first). PATH is the note's path in the
    vault (`people/Ada Lovelace.md`), or an absolute path inside the vault. --list numbers the
    kept versions, newest first, with the time of the write that replaced each; --version N
    restores version N, and --at TIME the note as it was at TIME (the version kept by the
    first write at or after it: a time --list shows picks that version). The version that
    restoring replaces is kept too: running restore again undoes it.

    \b
    Examples:
      vaultrel restore "people/Ada Lovelace.md" --list
      vaultrel restore "people/Ada Lovelace.md"
      vaultrel restore "people/Ada Lovelace.md" --version 3
      vaultrel restore "people/Ada Lovelace.md" --at 2026-05-02T14:30

    Exit codes: 0 restored (or already as it was); 1 no such version, or the write failed;
    2 could not run (a path outside the vault, another vaultrel writing).
    """
    from vaultrel.cli.output import print_json, print_problems
    from vaultrel.restore import history, note_path, restore_note

    if sum(given is not None for given in (version, at)) + list_only > 1:
        raise click.UsageError("give at most one of --list, --version and --at")
    moment = _moment(at) if at is not None else None
    root = vault_root(vault)
    note = note_path(root, path)
    if list_only:
        entries = history(root, note)
        if as_json:
            print_json([_entry_json(entry, n) for n, entry in enumerate(entries, 1)])
        for n, entry in enumerate([] if as_json else entries, 1):
            click.echo(
                f"{n:>3}  {entry.time}  {entry.size:>8} bytes  {entry.sha256[:8]}  {entry.command}"
            )
        if not entries and not as_json:
            click.echo(f"No earlier version of {note} is kept.")
        return
    done = restore_note(root, note, version or 1, moment)
    if as_json:
        print_json(
            {
                "path": note,
                "restored": _entry_json(done.entry),
                "written": done.written,
                "problems": [problem.to_json() for problem in done.problems],
            }
        )
    else:
        print_problems(done.problems, None)
        if done.written:
            click.echo(f"Restored {note} as it was before {done.entry.time}.")
        elif not done.problems:
            click.echo(f"{note} already holds the version from before {done.entry.time}.")
    sys.exit(1 if any(problem.severity == "error" for problem in done.problems) else 0)


def _moment(text: str) -> dt.datetime:
    """A time given to --at: ISO 8601 (a date, or a date and time); UTC unless it says."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not a time; give one like 2026-05-02T14:30 (UTC) or as --list shows it",
            param_hint="--at",
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _entry_json(entry: Entry, number: int | None = None) -> dict[str, object]:
    numbered = {} if number is None else {"version": number}
    return {
        **numbered,
        "time": entry.time,
        "size": entry.size,
        "sha256": entry.sha256,
        "by": entry.command,
    }
