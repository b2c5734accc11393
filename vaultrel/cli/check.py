"""`vaultrel check`: everything wrong in the vault, one line each."""

from __future__ import annotations

import sys

import click

from vaultrel.cli import cli, common_options, open_vault


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the problems as a JSON list.")
@common_options
def check(vault: str | None, as_json: bool) -> None:
    """Report what is wrong in the vault; exit 1 when anything is.

    \b
    It lists:
      unresolved links, and participants who have no note yet    W_LINK_UNRESOLVED
      ambiguous links, alias links Obsidian will not follow      W_LINK_AMBIGUOUS, W_LINK_ALIAS
      names and aliases shared by people (case, Unicode form)    W_DUPLICATE_NAME
      people whose names differ only by accents, sync copies     W_POSSIBLE_DUPLICATE
      notes with broken front-matter or vaultrel markers         E_FM_*, E_MARKER_*, E_OWNED_EDITED
      conversations without a date                               W_CONVERSATION_NO_DATE
      participants who are not people                            W_PARTICIPANT_NOT_PERSON
      participants written as names, not links                   W_PARTICIPANT_NOT_LINK
      logged conversations that link no person note              W_LOG_UNRESOLVED, W_LOG_NO_PERSON
      a daily-note name format vaultrel cannot read              W_DAILY_FORMAT
      sync-conflict copies and editor leftovers                  W_SYNC_CONFLICT, W_LEFTOVER
    and every other problem `vaultrel index` would report. Links inside code, comments and
    vaultrel's own blocks are not links. The problems are printed on stdout, one line each,
    then a count. Writes nothing and works while `vaultrel watch` runs.

    \b
    Examples:
      vaultrel check --vault ~/notes
      vaultrel check > problems.txt
      vaultrel check --json | jq -r '.[] | "\\(.path):\\(.line) \\(.code)"'

    Exit codes: 0 nothing to report; 1 something reported (a warning is enough); 2 could not
    run.
    """
    from vaultrel.cli.output import counted, print_json, print_problems

    problems = open_vault(vault).problems
    if as_json:
        print_json([problem.to_json() for problem in problems])
    else:
        print_problems(problems, None, err=False)
        errors = sum(1 for problem in problems if problem.severity == "error")
        summary = f"{counted(len(problems), 'problem')} ({counted(errors, 'error')})"
        click.echo(summary if problems else "No problems.")
    sys.exit(1 if problems else 0)
