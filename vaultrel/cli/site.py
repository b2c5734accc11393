"""`vaultrel site`: a static HTML site of the vault's people and conversations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from vaultrel.cli import cli, common_options, open_vault
from vaultrel.cli.output import today_option


@cli.command()
@click.option(
    "-o",
    "--output",
    "output",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The site folder (default: .vaultrel/site/ in the vault). Never a folder among the "
    "vault's notes, nor one holding other files.",
)
@click.option(
    "--serve",
    is_flag=True,
    help="Then serve the site on 127.0.0.1 until Ctrl-C, to this machine's browser only: "
    "addressed as 127.0.0.1, localhost or [::1] (with the port); folders are never listed.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port for --serve (0: any free port).",
)
@today_option
@common_options
def site(
    vault: str | None, output: Path | None, serve: bool, port: int, today: dt.datetime | None
) -> None:
    """Write a static HTML site of your people and conversations, for reading in a browser.

    An index of people (next owed first; sorting and search when JavaScript is on) with who is
    drifting at a glance, a page per person (summary, what each side owes, a chart of
    conversations per month against the cadence, the timeline with each conversation's notes,
    threads, mentions) and a page per conversation. No network is used, and note text is shown
    as text: no script or raw HTML in a note ever runs. Only pages whose content changed are
    written again. Reads the notes as they are now and writes no note.

    \b
    Examples:
      vaultrel site --vault ~/notes                 into ~/notes/.vaultrel/site/
      vaultrel site -o ~/people-site --serve        then browse http://127.0.0.1:8000/
      vaultrel site --serve --port 0                any free port

    Exit codes: 0 written (notes that could not be read are reported and left out); 2 could
    not run (a refused site folder, a port in use).
    """
    from vaultrel.cli.output import print_problems, today_from
    from vaultrel.site.build import build_site, default_folder

    opened = open_vault(vault)
    folder = output or default_folder(opened.root)
    built = build_site(opened.reading, folder, today_from(today))
    print_problems(problem for problem in opened.problems if problem.severity == "error")
    removed = f", {len(built.removed)} removed" if built.removed else ""
    click.echo(
        f"{built.folder}: {len(built.written)} written, {built.unchanged} unchanged{removed}"
    )
    if serve:
        _serve(built.folder, port)


def _serve(folder: Path, port: int) -> None:
    from vaultrel.site.serve import server, url

    with server(folder, port) as httpd:
        click.echo(f"Serving {url(httpd)} (Ctrl-C stops)")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            click.echo("Stopped.")
