"""Problems, exit codes and the one error family (DESIGN §5, RELIABILITY §c)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


class ExitCode(enum.IntEnum):
    OK = 0
    ERRORS = 1
    CANNOT_RUN = 2


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one note (or the vault), rendered as one line."""

    path: str
    line: int | None
    code: str
    message: str
    hint: str
    severity: Severity = "error"

    def sort_key(self) -> tuple[str, int, str, str]:
        """Problems sort by path, then line (whole-file problems first), then code."""
        return (self.path, self.line or 0, self.code, self.message)

    def render(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"vaultrel: {where}: {self.message} [{self.code}] — {self.hint}"

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
        }

    def at(self, path: str, line_offset: int = 0) -> Problem:
        """The same problem, placed in `path`, with its line shifted by `line_offset`."""
        line = None if self.line is None else self.line + line_offset
        return Problem(path, line, self.code, self.message, self.hint, self.severity)


def warning(path: str, line: int | None, code: str, message: str, hint: str) -> Problem:
    return Problem(path, line, code, message, hint, "warning")


class VaultrelError(Exception):
    """Base of every error vaultrel reports; carries the problem to render."""

    exit_code = ExitCode.ERRORS

    def __init__(self, problem: Problem, *more: Problem) -> None:
        self.problems = (problem, *more)  # one line each; a bad vaultrel.toml names every key
        super().__init__("\n".join(each.render() for each in self.problems))
        self.problem = problem


class NoteError(VaultrelError):
    """A note that cannot be read or written safely; the rest of the vault goes on."""


class UsageError(VaultrelError):
    """vaultrel cannot run at all: bad configuration, missing vault, the lock (exit 2)."""

    exit_code = ExitCode.CANNOT_RUN


def note_error(
    code: str, message: str, hint: str, line: int | None = None, path: str = ""
) -> NoteError:
    return NoteError(Problem(path, line, code, message, hint))
