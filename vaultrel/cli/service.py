"""`vaultrel service install|remove|status`: keep `vaultrel watch` running for one vault."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultrel.cli import cli, common_options, vault_root
from vaultrel.errors import UsageError

if TYPE_CHECKING:
    from vaultrel.service import Report


@cli.group()
def service() -> None:
    """Keep `vaultrel watch` running for a vault, started at log-in and restarted if it fails.

    On Linux this is a systemd user unit (~/.config/systemd/user/vaultrel-<vault>.service,
    logs in the journal); on macOS a launchd agent (~/Library/LaunchAgents/, logs in
    ~/Library/Logs/vaultrel/). Each vault gets its own service, named after its folder. The
    service runs the Python this vaultrel is installed in, by its full path.

    A systemd user service runs while you are logged in. On a server, where no desktop
    session keeps you logged in, run `loginctl enable-linger $USER` once so that it keeps
    running after you log out and starts at boot.

    \b
    Examples:
      vaultrel service install --vault ~/notes
      vaultrel service status --vault ~/notes
      vaultrel service remove --vault ~/notes
    """


def _known_vault(vault: str | None) -> Path:
    """The vault, or the folder `--vault` names even when it is gone: the service of a vault
    that was moved or deleted can still be seen and removed."""
    try:
        return vault_root(vault)
    except UsageError:
        if vault is None or Path(vault).expanduser().exists():
            raise
        return Path(vault).expanduser().resolve()


def _print(report: Report) -> None:
    for line in report.lines:
        click.echo(line)
    sys.exit(report.code)


@service.command()
@common_options
def install(vault: str | None) -> None:
    """Install and start the service that runs `vaultrel watch` on the vault.

    Running it again keeps the same service file (and restarts the service when the file had
    to change, e.g. after moving vaultrel to another Python). Where no user service manager
    runs (no systemd user session), the unit is written and the one command that starts it
    is shown. On other systems (Windows, Linux without systemd) nothing is installed: the
    command to keep running yourself is shown.

    \b
    Examples:
      vaultrel service install --vault ~/notes

    \b
    Exit codes: 0 installed, 2 no service manager vaultrel supports here.
    """
    from vaultrel.service import install as install_service

    _print(install_service(vault_root(vault), sys.executable))


@service.command()
@common_options
def status(vault: str | None) -> None:
    """Say whether the vault's service is installed and running, since when, and show its last
    log lines.

    \b
    Examples:
      vaultrel service status --vault ~/notes

    \b
    Exit codes: 0 running, 1 installed but not running, or not installed (it says which),
    2 no service manager vaultrel supports here.
    """
    from vaultrel.service import status as service_status

    _print(service_status(_known_vault(vault), sys.executable))


@service.command()
@common_options
def remove(vault: str | None) -> None:
    """Stop the vault's service, disable it and delete its file (a macOS log file is kept).
    Works for a vault that was moved or deleted: give its old path.

    \b
    Examples:
      vaultrel service remove --vault ~/notes

    \b
    Exit codes: 0 removed, 1 no service is installed for this vault, 2 no service manager
    vaultrel supports here.
    """
    from vaultrel.service import remove as remove_service

    _print(remove_service(_known_vault(vault), sys.executable))
