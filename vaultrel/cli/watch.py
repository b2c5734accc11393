"""`vaultrel watch`: keep the vault's person notes up to date while you edit."""

from __future__ import annotations

import gc
import signal
import threading
from types import FrameType

import click

from vaultrel.cli import cli, common_options, vault_root
from vaultrel.cli.output import MAX_WARNINGS, print_problems
from vaultrel.config import Watch, load_config


@cli.command()
@click.option(
    "--debounce",
    "debounce_ms",
    type=click.IntRange(0, 60_000),
    default=None,
    metavar="MS",
    help="Wait until no file has changed for this long before updating "
    f"(default: [watch] debounce_ms in vaultrel.toml, {Watch().debounce_ms}).",
)
@click.option(
    "--poll",
    is_flag=True,
    help="Look for changes by polling instead of file-system events (network drives, "
    "some containers).",
)
@common_options
def watch(vault: str | None, debounce_ms: int | None, poll: bool) -> None:
    """Index the vault, then keep it up to date as notes change, until Ctrl-C.

    Saving a conversation updates its people's notes within a moment. A note you are editing
    is only written once you have left it alone for the quiet period ([watch] quiet_seconds
    in vaultrel.toml), and vaultrel's own writes never set off more work. One line is printed
    per update: what changed, what was written, how long it took.

    It starts with one line naming the vault, its notes and people, and the quiet period.
    Send it SIGHUP (`kill -HUP PID`) to re-read vaultrel.toml without stopping: a bad file
    is reported and the settings in use are kept.

    Only one vaultrel writes to a vault at a time: while watch runs, `vaultrel index` (and a
    second watch) stop with a message naming it.

    \b
    Examples:
      vaultrel watch --vault ~/notes
      vaultrel watch --debounce 500      wait for half a second of calm
      vaultrel watch --poll              on a network drive

    Exit codes: 0 stopped by Ctrl-C or SIGTERM; 2 could not run (another vaultrel is
    writing this vault, a bad vaultrel.toml). A note with errors is reported and skipped; the
    watch goes on.
    """
    from vaultrel.watch import Watcher

    gc.enable()  # off for the short-lived commands (cli.main); this one runs for days

    root = vault_root(vault)
    config = load_config(root)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()  # finish the update under way, then leave: no write is cut short

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, request_stop)
    watcher = Watcher(
        root,
        config,
        log=lambda line: click.echo(line, err=True),
        debounce_s=None if debounce_ms is None else debounce_ms / 1000,
        poll=poll,
        report=lambda problems: print_problems(problems, MAX_WARNINGS),
    )
    if hasattr(signal, "SIGHUP"):  # re-read vaultrel.toml, as daemons do (not on Windows)
        signal.signal(signal.SIGHUP, lambda signum, frame: watcher.request_reload())
    watcher.run(stop)
    click.echo("vaultrel: stopped", err=True)
