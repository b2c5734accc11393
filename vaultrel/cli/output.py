"""Output helpers: problems as one line each, JSON, aligned tables, colour and a progress bar
on terminals only (never with NO_COLOR, in pipes or in JSON)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vaultrel.core.agenda import relative
from vaultrel.errors import Problem

if TYPE_CHECKING:
    from vaultrel.api import Progress

MAX_WARNINGS = 20


def print_problems(
    problems: Iterable[Problem], max_warnings: int | None = MAX_WARNINGS, err: bool = True
) -> None:
    """Every error, and the first `max_warnings` warnings (then how many more there are), on
    stderr, or on stdout (`err=False`) where they are the command's output (`check`)."""
    warnings = 0
    for problem in problems:
        if problem.severity == "warning":
            warnings += 1
            if max_warnings is not None and warnings > max_warnings:
                continue
        click.echo(problem.render(), err=err)
    if max_warnings is not None and warnings > max_warnings:
        click.echo(
            f"vaultrel: … and {counted(warnings - max_warnings, 'more warning')} "
            "(--all-warnings or --json lists them all)",
            err=err,
        )


def counted(count: int, noun: str, many: str | None = None) -> str:
    """`1 note`, `2 notes`; `many` where the plural is not `noun` + s (`person`, `people`)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def hint_if_empty(notes: int, root: Path) -> None:
    """A vault with no notes at all is most likely the wrong folder: say so, on stderr."""
    if notes == 0:
        click.echo(
            f"vaultrel: no notes found under {root}: is this your vault? "
            "Run `vaultrel init` to start one",
            err=True,
        )


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Progress | None]:
    """A progress callback drawing a bar on stderr when it is a terminal, else None."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            state["bar"].__enter__()
        state["bar"].update(done - state["bar"].pos)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal: the one place deciding colour and fitted tables."""
    return sys.stdout.isatty()


def terminal_width() -> int | None:
    """The terminal's width (`COLUMNS` first) for tables to fit; None in pipes, which get
    every cell whole."""
    if not stdout_is_terminal():
        return None
    with contextlib.suppress(KeyError, ValueError):
        if (columns := int(os.environ["COLUMNS"])) > 0:
            return columns
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or 80
    except (OSError, ValueError):
        return 80


def colour() -> bool:
    """Colour on a terminal only, and never when NO_COLOR is set (no-color.org)."""
    return not os.environ.get("NO_COLOR") and stdout_is_terminal()


def paint(text: str, **style: Any) -> str:
    """`text` in click's `style` (fg=…, bold=…) when colour is on."""
    return click.style(text, **style) if colour() else text


def painter() -> Callable[..., str]:
    """`paint`, with colour decided once: for tables of tens of thousands of cells."""
    return click.style if colour() else _plain


def _plain(text: str, **style: Any) -> str:
    return text


def when(date: dt.date | None, today: dt.date, none: str = "—") -> str:
    """A date as ISO with a relative phrase: `2026-05-09 (in 3 days)`."""
    if date is None:
        return none
    return f"{date.isoformat()} ({relative(date, today)})"


def due_colour(date: dt.date | None, today: dt.date) -> dict[str, Any]:
    """Red when overdue, yellow when due today or tomorrow."""
    if date is None:
        return {}
    days = (date - today).days
    return {"fg": "red"} if days < 0 else {"fg": "yellow"} if days <= 1 else {}


def table(
    headers: list[str],
    rows: list[list[str]],
    shrink: dict[int, int] | None = None,
    width: int | None = None,
) -> str:
    """Columns aligned on their widest cell (colour codes do not count), two spaces apart.
    Given a `width` (the terminal's), the `shrink` columns (free text; column: narrowest)
    give up characters in that order, their cells cut with …, until the table fits."""
    if width is None and not colour():  # a pipe: every cell whole and plain
        widths = [max(map(len, column)) for column in zip(headers, *rows, strict=True)]
        aligned = "  ".join(f"{{:<{width}}}" for width in widths).format  # a row in one call
        text = "\n".join([aligned(*headers).rstrip(), *(aligned(*r).rstrip() for r in rows)])
        if "\x1b" not in text:  # else a note's text holds codes a pipe gets stripped
            return text
    lengths = [list(map(_shown_len, row)) for row in [headers, *rows]]
    widths = [max(column) for column in zip(*lengths, strict=True)]
    if width is not None and shrink:
        excess = sum(widths) + 2 * (len(widths) - 1) - width
        for column, narrowest in shrink.items():
            cut = max(0, min(excess, widths[column] - max(narrowest, len(headers[column]))))
            widths[column] -= cut
            excess -= cut
        rows = [
            [clip(cell, widths[i]) if i in shrink else cell for i, cell in enumerate(row)]
            for row in rows
        ]
        lengths = [lengths[0], *(list(map(_shown_len, row)) for row in rows)]

    def line(cells: list[str], shown: list[int]) -> str:
        padded = map(_padded, cells, shown, widths)
        return "  ".join(padded).rstrip()

    bold = painter()
    lines = [line([bold(h, bold=True) for h in headers], lengths[0])]
    lines += map(line, rows, lengths[1:])
    return "\n".join(lines)


def _padded(cell: str, shown: int, width: int) -> str:
    return cell + " " * (width - shown)


def _shown_len(cell: str) -> int:
    """The width a cell shows: colour codes do not count (unstyled only when it has some, as
    a long agenda has tens of thousands of cells)."""
    return len(click.unstyle(cell)) if "\x1b" in cell else len(cell)


def query_exit(problems: Iterable[Problem]) -> None:
    """A query's errors on stderr (notes it could not read), and its exit code: 1 with any
    error, else 0; warnings are left to `vaultrel check` (DESIGN §5)."""
    errors = [problem for problem in problems if problem.severity == "error"]
    print_problems(errors)
    sys.exit(1 if errors else 0)


def today_option(function: Any) -> Any:
    """`--today DATE`: the date relative phrases and the agenda count from."""
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="DATE",
        help="Count from this date (YYYY-MM-DD) instead of today's.",
    )(function)


def today_from(option: dt.datetime | None) -> dt.date:
    return option.date() if option else dt.date.today()


_STYLE = re.compile(r"(\x1b\[[0-9;]*m)")


def clip(text: str, width: int) -> str:
    """At most `width` characters, ending in … when cut (terminal tables only). Colour codes
    take no room; a cut coloured cell ends with a reset."""
    visible = click.unstyle(text)
    if len(visible) <= width:
        return text
    room = len(visible[: width - 1].rstrip())
    if "\x1b[" not in text:
        return text[:room] + "…"
    kept = []
    for piece in _STYLE.split(text):
        if room == 0:
            break
        if not _STYLE.fullmatch(piece):  # text, not a colour code
            piece = piece[:room]
            room -= len(piece)
        kept.append(piece)
    return "".join(kept) + "…\x1b[0m"
