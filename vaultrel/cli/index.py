"""`vaultrel index`: index the vault once and write back."""

from __future__ import annotations

import sys

import click

from vaultrel.api import IndexSummary
from vaultrel.api import index as index_vault
from vaultrel.cli import cli, common_options, vault_root
from vaultrel.cli.output import (
    MAX_WARNINGS,
    counted,
    hint_if_empty,
    print_json,
    print_problems,
    progress_bar,
)
from vaultrel.errors import ExitCode


@cli.command()
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if any note would change (for pre-commit and CI).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print problems only, no summary or progress.")
@click.option("--all-warnings", is_flag=True, help="Print every warning, not only the first 20.")
@common_options
def index(
    vault: str | None, dry_run: bool, check: bool, as_json: bool, quiet: bool, all_warnings: bool
) -> None:
    """Index the vault once and write back last spoke, next owed and the generated blocks.

    Only person, conversation and org notes are written, and only vaultrel's own parts of them:
    the `last_spoke` / `next_owed` properties and the block between the
    `<!-- vaultrel:begin -->` and `<!-- vaultrel:end -->` lines. A second run with nothing
    changed writes nothing.

    \b
    Examples:
      vaultrel index --vault ~/notes
      vaultrel index --dry-run          list the notes that would change
      vaultrel index --check --json     for scripts: exit 1 when out of date

    Exit codes: 0 done; 1 done, but some notes had errors (or --check found changes);
    2 could not run.
    """
    root = vault_root(vault)
    mode = "check" if check else "dry_run" if dry_run else "write"
    with progress_bar(enabled=not (quiet or as_json), label="Reading notes") as progress:
        result = index_vault(root, dry_run=dry_run, check=check, progress=progress)
    hint_if_empty(result.notes, root)
    if as_json:
        print_json(result.to_json())
    else:
        print_problems(result.problems, None if all_warnings else MAX_WARNINGS)
        if not quiet:
            click.echo(_describe(result, mode))
    failed = result.has_errors or (mode == "check" and bool(result.written or result.created))
    sys.exit(int(ExitCode.ERRORS if failed else ExitCode.OK))


def _describe(result: IndexSummary, mode: str) -> str:
    verb = {"write": "wrote", "dry_run": "would write", "check": "would write"}[mode]
    create = "created" if mode == "write" else "would create"
    lines = []
    if mode != "write":
        lines += [
            f"  {'create' if p in result.created else 'update'} {p}"
            for p in sorted([*result.written, *result.created])
        ]
    errors = sum(1 for p in result.problems if p.severity == "error")
    warnings = len(result.problems) - errors
    lines.append(
        f"{counted(result.notes, 'note')} ({counted(result.people, 'person', 'people')}, "
        f"{counted(result.conversations, 'conversation')}): "
        f"{verb} {len(result.written)}, {create} {len(result.created)}, "
        f"{result.unchanged} unchanged; {counted(errors, 'error')}, "
        f"{counted(warnings, 'warning')} in {result.seconds:.2f}s"
    )
    return "\n".join(lines)
