"""Generate docs/cli.md, every command's --help, from the click command registry.

Run from the repository root: `python -m tests.cli_reference` rewrites docs/cli.md.
tests/test_docs.py fails when the page differs from what this produces, so it cannot drift.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from vaultrel.cli import cli, register_commands

PAGE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
REGENERATE = "python -m tests.cli_reference"
WIDTH = 100

INTRO = f"""\
# Command reference

Every command's `--help`, as `vaultrel <command> --help` prints it. Every command takes
`--vault PATH` (the vault; default `$VAULTREL_VAULT`, else the nearest folder above the
current one holding `.obsidian/` or `vaultrel.toml`, else the current folder) and `--debug`
(show tracebacks) after its own name. Exit codes are `0` done, `1` done but with errors,
`2` could not run; each command says what they mean for it, and
[problems.md](problems.md) lists every problem code.

<!-- Generated from the commands' help texts by `{REGENERATE}`: edit the help texts in
vaultrel/cli/, then run it. -->
"""


def _commands(
    command: click.Command, path: list[str], parent: click.Context | None
) -> Iterator[tuple[list[str], click.Command, click.Context]]:
    """Each visible command with its context, parents before children, names sorted."""
    context = click.Context(
        command,
        info_name=path[-1],
        parent=parent,
        terminal_width=WIDTH if parent is None else None,
        **command.context_settings,
    )
    yield path, command, context
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            child = command.commands[name]
            if not child.hidden:
                yield from _commands(child, [*path, name], context)


def render() -> str:
    """The whole page: one section per command, its help as a code block."""
    register_commands()
    commands = list(_commands(cli, ["vaultrel"], None))
    titles = [" ".join(path) for path, _, _ in commands]
    contents = "".join(f"- [`{t}`](#{t.replace(' ', '-')})\n" for t in titles)
    sections = [INTRO, contents]
    for title, (_, command, context) in zip(titles, commands, strict=True):
        help_text = command.get_help(context).rstrip()
        sections.append(f"## {title}\n\n```text\n{help_text}\n```\n")
    return "\n".join(sections)


def main() -> None:
    PAGE.write_text(render(), encoding="utf-8")
    print(f"wrote {PAGE}", file=sys.stderr)


if __name__ == "__main__":
    main()
