"""`vaultrel new person|conversation`: create notes from the templates."""

from __future__ import annotations

import datetime as dt

import click

from vaultrel.cli import cli, common_options, vault_root

DATE = click.DateTime(formats=["%Y-%m-%d"])


@cli.group()
def new() -> None:
    """Create a person or conversation note from the templates.

    Templates come from the vault's templates/ folder (person.md, conversation.md), else the
    bundled ones. {{name}}, {{title}}, {{date}}, {{with}} and {{channel}} are replaced as plain
    text (in the front-matter as YAML data, quoted where needed); nothing else in a template
    is interpreted. A new note has CRLF line endings when the template has them or most notes
    do. An existing note is never replaced.

    \b
    Examples:
      vaultrel new person "Grace Hopper"
      vaultrel new conversation --with Ada --with "Grace Hopper" --channel call
    """


@new.command()
@click.argument("name")
@click.option(
    "--date",
    type=DATE,
    default=None,
    metavar="DATE",
    help="Fills {{date}} (the bundled template's `met:`); default today.",
)
@common_options
def person(vault: str | None, name: str, date: dt.datetime | None) -> None:
    """Create the person note NAME in the people folder and print its path.

    \b
    Examples:
      vaultrel new person "Grace Hopper"
      vaultrel new person "Alan Turing" --date 2026-03-20 --vault ~/notes

    Exit codes: 0 created (its path is printed); 2 refused: the note exists, the name cannot
    be a file name, or a bad --date.
    """
    from vaultrel.config import load_config
    from vaultrel.create import new_person

    root = vault_root(vault)
    day = date.date() if date else dt.date.today()
    click.echo(new_person(root, load_config(root), name, day))


@new.command()
@click.option(
    "--with",
    "names",
    multiple=True,
    required=True,
    metavar="NAME",
    help="A participant: a person's name or alias (any case), or a new name, which "
    "`vaultrel index` turns into a person note. Repeat for several.",
)
@click.option("--date", type=DATE, default=None, metavar="DATE", help="Default: today.")
@click.option("--channel", default=None, help="call, video, coffee, email, message, meeting, …")
@click.option("--title", default=None, help='The note\'s name; default "<date> <first NAME>".')
@common_options
def conversation(
    vault: str | None,
    names: tuple[str, ...],
    date: dt.datetime | None,
    channel: str | None,
    title: str | None,
) -> None:
    """Create a conversation note in the conversations folder and print its path.

    It counts at once: `vaultrel people` and `vaultrel agenda` see it as your last
    conversation with its participants. A conversation dated after today gets
    `status: planned` and counts only once you change that.

    \b
    Examples:
      vaultrel new conversation --with Ada
      vaultrel new conversation --with Ada --with Grace --channel coffee --title "Ada and Grace"
      vaultrel new conversation --with "Alan Turing" --date 2026-12-01 --channel call

    Exit codes: 0 created (its path is printed); 2 refused: the note exists, a --with
    name fits several people, a bad --date or --channel.
    """
    from vaultrel.config import load_config
    from vaultrel.create import new_conversation

    root = vault_root(vault)
    today = dt.date.today()
    day = date.date() if date else today
    created = new_conversation(root, load_config(root), list(names), day, today, channel, title)
    click.echo(created.path)
    click.echo(f"  with {', '.join(created.participants)}", err=True)
    if created.planned:
        click.echo("  planned: dated after today", err=True)
