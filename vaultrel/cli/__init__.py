"""The command line: parse options, call the library, format the result. No domain logic."""

from __future__ import annotations

import gc
import importlib
import os
import pkgutil
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from vaultrel.errors import ExitCode, VaultrelError
from vaultrel.version import __version__

if TYPE_CHECKING:
    from vaultrel.api import Vault

F = TypeVar("F", bound=Callable[..., Any])


_MODULES = {"import": "importing"}  # command → its module, where they differ (a keyword)


class _Commands(click.Group):
    """The commands, each defined in its own module of this package, which is imported only
    when its command runs or is listed: a command's start-up pays for no other command."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        commands = {module: command for command, module in _MODULES.items()}
        modules = (m.name for m in pkgutil.iter_modules(__path__) if m.name != "output")
        return sorted(commands.get(name, name) for name in modules)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.list_commands(ctx):
            importlib.import_module(f"{__name__}.{_MODULES.get(cmd_name, cmd_name)}")
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="vaultrel")
def cli() -> None:
    """Keep people and conversations in a Markdown vault, and know what you owe whom.

    vaultrel reads the notes of an Obsidian vault (or any folder of Markdown notes with YAML
    front-matter), resolves their links as Obsidian does, and writes back into each person
    note when you last spoke and what you owe next.

    \b
    Start with:
      vaultrel init ~/notes                 folders, templates and a vaultrel.toml
      vaultrel index --vault ~/notes        write last spoke / next owed into person notes
      vaultrel agenda                       what you owe whom, today and this week
      vaultrel check                        what is wrong in the vault
    """


def common_options(function: F) -> F:
    """--vault and --debug on every command, after the command's name; errors rendered once."""

    @click.option(
        "--vault",
        "vault",
        metavar="PATH",
        default=None,
        help="The vault folder (default: $VAULTREL_VAULT, else the nearest folder above the "
        "current one holding .obsidian/ or vaultrel.toml, else the current folder).",
    )
    @click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
    @wraps(function)
    def wrapper(*args: Any, vault: str | None, debug: bool, **kwargs: Any) -> Any:
        try:
            return function(*args, vault=vault, **kwargs)
        except VaultrelError as exc:
            if debug:
                raise
            for problem in exc.problems:
                click.echo(problem.render(), err=True)
            sys.exit(int(exc.exit_code))
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # `vaultrel … | head`: the reader has what it wanted
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so that Python's exit flush fails no more
            sys.exit(int(ExitCode.OK))
        except Exception as exc:
            if debug:
                raise
            click.echo(
                f"vaultrel: internal error: {exc!r} [E_INTERNAL] — nothing more was written; "
                "run again with --debug and report the traceback",
                err=True,
            )
            sys.exit(int(ExitCode.CANNOT_RUN))

    return wrapper  # type: ignore[return-value]


def vault_root(vault: str | None) -> Path:
    from vaultrel.adapters.vault import find_root

    return find_root(vault, Path.cwd())


def open_vault(vault: str | None) -> Vault:
    """The vault as it is now, read-only (the query commands: no lock, no note written)."""
    import vaultrel
    from vaultrel.cli.output import hint_if_empty

    root = vault_root(vault)
    opened = vaultrel.open_vault(root)
    hint_if_empty(opened.notes, root)
    return opened


def register_commands() -> None:
    """Import every command module of this package (each defines one command or group with
    `@cli.command()`), as listing the commands does: for what walks `cli.commands`."""
    context = click.Context(cli)
    for name in cli.list_commands(context):
        cli.get_command(context, name)


def main() -> None:
    # A command runs for a moment and makes few reference cycles: the cyclic collector would
    # only walk what it holds (a vault's listing, the snapshot) again and again. `watch`,
    # which runs for days, turns it back on.
    gc.disable()
    try:
        cli(prog_name="vaultrel")
    except KeyboardInterrupt:
        sys.exit(130)


__all__ = [
    "ExitCode",
    "cli",
    "common_options",
    "main",
    "open_vault",
    "register_commands",
    "vault_root",
]
