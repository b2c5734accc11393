"""Output helpers: problems as one line each, JSON, and a progress bar on terminals only."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from vaultrel.engine import Progress
from vaultrel.errors import Problem

MAX_WARNINGS = 20


def print_problems(problems: Iterable[Problem], max_warnings: int | None = MAX_WARNINGS) -> None:
    """Every error, and the first `max_warnings` warnings (then how many more there are)."""
    warnings = 0
    for problem in problems:
        if problem.severity == "warning":
            warnings += 1
            if max_warnings is not None and warnings > max_warnings:
                continue
        click.echo(problem.render(), err=True)
    if max_warnings is not None and warnings > max_warnings:
        click.echo(
            f"vaultrel: … and {warnings - max_warnings} more warnings "
            "(--all-warnings or --json lists them all)",
            err=True,
        )


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "code": problem.code,
        "severity": problem.severity,
        "path": problem.path,
        "line": problem.line,
        "message": problem.message,
        "hint": problem.hint,
    }


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
