"""Figures of the reliability suites (RELIABILITY §d.1): one summary line printed per suite and
appended as JSON to a report, and the stress profile the suites run.

`VAULTREL_STRESS=full` runs the long profile (more kills, examples and races); anything else,
the reduced CI profile. Figures go to `$VAULTREL_RELIABILITY_REPORT`, else to
`reports/reliability.jsonl` at the repository root (git-ignored).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FULL = os.environ.get("VAULTREL_STRESS") == "full"
PROFILE = "full" if FULL else "ci"


def scaled(ci: int, full: int) -> int:
    """A count for the running profile."""
    return full if FULL else ci


def report_path() -> Path:
    return Path(os.environ.get("VAULTREL_RELIABILITY_REPORT") or REPO / "reports/reliability.jsonl")


def record(suite: str, **figures: int | float | str) -> str:
    """Print `RELIABILITY <suite> k=v …` and append it as one JSON line; returns the line."""
    line = " ".join([f"RELIABILITY {suite}", *(f"{k}={v}" for k, v in figures.items())])
    print(line)
    path = report_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "suite": suite,
        "profile": PROFILE,
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **figures,
    }
    with path.open("a", encoding="utf-8") as report:
        report.write(json.dumps(entry) + "\n")
    return line
