"""`vaultrel log NAME… [TEXT]`: log a conversation as a line in the daily note."""

from __future__ import annotations

import datetime as dt

import click

from vaultrel.cli import cli, common_options, vault_root

REPEATABLE = "Repeat for several."


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="NAME… [TEXT]")
@click.option(
    "--channel",
    default=None,
    help="How you spoke, written as a tag: call, video, coffee, meeting, message, email.",
)
@click.option(
    "--date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="DATE",
    help="The day of the conversation (YYYY-MM-DD); default today.",
)
@click.option("--owe", multiple=True, metavar="TEXT", help=f"Something you promised. {REPEATABLE}")
@click.option(
    "--waiting", multiple=True, metavar="TEXT", help=f"Something they promised you. {REPEATABLE}"
)
@click.option(
    "--ask", multiple=True, metavar="TEXT", help=f"Something to bring up next time. {REPEATABLE}"
)
@click.option(
    "--new", "create", is_flag=True, help="Create a person note for a NAME that fits nobody."
)
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@common_options
def log(
    vault: str | None,
    args: tuple[str, ...],
    channel: str | None,
    date: dt.datetime | None,
    owe: tuple[str, ...],
    waiting: tuple[str, ...],
    ask: tuple[str, ...],
    create: bool,
    dry_run: bool,
) -> None:
    """Log a conversation as a line in the day's daily note.

    With one argument, it is the person's name; with more, the last is what you talked
    about and the others are names. Names are matched as `vaultrel show` matches them (name,
    alias or the start of either, any case, accents optional). The line goes at the end of
    the note's "Conversations" section (the heading is added when the note has none), and
    counts as a conversation with everyone named: `vaultrel index` (or a running `watch`)
    sets their last spoke from it.

    The daily note is the one Obsidian's daily-note settings name for the date (their folder
    and format; the [log] folder setting when they name no folder, else the vault's root).
    A missing one is created from their template, with {{date}}, {{time}}, {{title}} and
    {{date:FORMAT}} filled in as Obsidian does.

    --owe, --waiting and --ask become tasks nested under the line, owed to everyone named
    (--waiting: owed to you; --ask: a talking point). A due phrase ending an --owe or
    --waiting text becomes its due date, counted from the conversation's date: today,
    tomorrow, a weekday (the next one after that date), next week (the Monday after),
    in N days, in N weeks, in N months, or a date such as 2026-12-01; "by", "on" or "due"
    before it go too. "send the deck by friday" logged on Wednesday 2026-11-18 is written
    `send the deck 📅 2026-11-20`.

    \b
    Examples:
      vaultrel log Ada "coffee: Lisbon"
      vaultrel log Ada Grace "lunch" --channel meeting
      vaultrel log Ada --channel call --owe "send the deck friday" --waiting "the syllabus"
      vaultrel log "Alan Turing" "first chat" --new --date 2026-11-20 --dry-run

    The previous version of the daily note is kept: `vaultrel restore PATH` brings it back.

    Exit codes: 0 logged; 1 the daily note could not be written (why is said); 2 nothing
    written: a NAME fits nobody (the closest names are listed) or several people, or an
    option cannot be used.
    """
    from vaultrel.cli.output import print_problems
    from vaultrel.config import load_config
    from vaultrel.log import Entry, log_conversation

    root = vault_root(vault)
    names, text = (args[:-1], args[-1]) if len(args) > 1 else (args, "")
    now = dt.datetime.now()
    if date is not None:
        now = dt.datetime.combine(date.date(), now.time())
    entry = Entry(names, text, channel, owe, waiting, ask)
    logged = log_conversation(root, load_config(root), entry, now, create, dry_run)
    done = "would create" if dry_run else "created"
    for path in logged.people_created:
        click.echo(f"{done} {path}")
    if logged.created_from is not None:
        source = f" from {logged.created_from}" if logged.created_from else ""
        click.echo(f"{done} {logged.path}{source}")
    click.echo(f"{'would log' if dry_run else 'logged'} in {logged.path}:")
    for line in logged.lines:
        click.echo(f"  {line}")
    print_problems(logged.problems)
