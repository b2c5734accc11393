"""Measure ``vaultrel index`` against DESIGN.md §7 on generated vaults.

    python benchmarks/bench.py [--sizes 1k,11k,100k] [--runs 5] [--keep DIR] [--json]
                               [--baseline-only] [--seed S]

For each size it generates a vault (``generate_vault.py``; cached under ``--keep``), then times
whole processes (interpreter start-up included), each figure the median of ``--runs`` runs:

- ``baseline``: a Python process that reads every note and parses its front-matter with PyYAML's
  C loader; the targets are ratios to it, so that a slow machine does not fail them. It runs
  once before each timed run below (the median of all), so that a shared machine's drifting
  load weighs on both sides of a ratio alike;
- ``first``: ``vaultrel index`` on a pristine copy of the vault (first-ever index);
- ``cold``: ``vaultrel index`` after deleting ``.vaultrel/`` (notes up to date, empty cache);
- ``noop``: ``vaultrel index`` again, nothing changed; a ``--json`` run checks it wrote nothing;
- ``people``, ``agenda``, ``show``, ``brief``: each query on the same unchanged vault (a first query
  fills the cache queries answer from); a no-op ``index`` after them must still write nothing
  and keep its speed (``noop after queries``);
- ``peak_mb``: the peak resident memory of the first index (the largest over its runs);
- ``parse``: a process that lists the vault and reads and parses every note with vaultrel's own
  reader on every core, and does nothing else: the part of an empty-cache index that no cache
  can save, reported beside it (no target of its own);
- ``markdown_it``: a process that parses every note with markdown-it-py (CommonMark) on one core:
  DESIGN §7's yardstick for a machine's speed at Python work ("about 6 s" on its reference
  machine, where the baseline takes about 1.8 s), to tell how hard the ratios are on this one.

Only the standard library is used here; the baseline process needs PyYAML, the yardstick
markdown-it-py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import generate_vault  # noqa: E402  (a sibling script, not a package)

# name → (people, conversations); daily notes follow generate_vault's default (conversations/20).
SIZES: dict[str, tuple[int, int]] = {
    "1k": (100, 900),
    "11k": (1000, 10000),
    "100k": (10000, 90000),
}

# DESIGN.md §7: ratios to the baseline, and the absolute figures measured on its reference machine.
TARGETS: dict[str, Any] = {
    "first_ratio": 5.5,
    "cold_ratio": 1.7,
    "noop_ratio": 0.3,
    "noop_written": 0,
    "first_s_11k": 10.0,
    "cold_s_11k": 3.0,
    "noop_s_11k": 0.5,
    "query_ratio": 0.3,  # people, agenda, show, brief on an unchanged vault
    "first_s_100k": 30.0,
    "peak_mb_100k": 500.0,
    "watch_s": 1.0,
}

# DESIGN §7 on its reference machine, 11k vault: markdown-it-py about 6 s, the baseline about 1.8 s.
SET_ON_RATIO = round(6 / 1.8, 1)

# Reads every note the way vaultrel finds them (DESIGN §2: *.md, dot-folders skipped) and parses
# each front-matter (between a first line `---` and the next `---` line) with the C loader.
BASELINE = r"""
import os, sys, yaml

def front_matter(text):
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return "\n".join(lines[1:i])
    return None

notes = parsed = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    for name in filenames:
        if name.endswith(".md"):
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                text = f.read()
            notes += 1
            fm = front_matter(text)
            if fm is not None:
                yaml.load(fm, Loader=yaml.CSafeLoader)
                parsed += 1
print(notes, parsed)
"""


# The first step of an empty-cache index alone, as the index run does it (every core, the
# cyclic GC off): list the vault, then read and parse every note.
PARSE_ONLY = r"""
import gc, sys
from pathlib import Path
from vaultrel.adapters.reader import read_notes
from vaultrel.adapters.vault import list_vault
from vaultrel.adapters.vaultstate import vault_layout
from vaultrel.config import load_config

gc.disable()
root = Path(sys.argv[1])
config = load_config(root)
layout, _ = vault_layout(root, config)
listing = list_vault(root, config)
print(sum(1 for _ in read_notes(root, listing.notes, layout, lambda done: None)))
"""


# DESIGN §7's "for scale" figure: every note parsed with markdown-it-py alone, on one core.
MARKDOWN_IT = r"""
import os, sys
from markdown_it import MarkdownIt

md = MarkdownIt("commonmark")
notes = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    for name in filenames:
        if name.endswith(".md"):
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                md.parse(f.read())
            notes += 1
print(notes)
"""


class BenchError(Exception):
    """A run that failed: the benchmark stops and prints why."""


@dataclass(frozen=True)
class Run:
    """One finished process: wall time, peak RSS, exit code and output."""

    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str


@dataclass
class SizeResult:
    """The figures for one vault size (seconds are medians over the runs)."""

    size: str
    people: int
    conversations: int
    daily: int
    notes: int = 0
    mb: float = 0.0
    baseline_s: float | None = None
    first_s: float | None = None
    first_ratio: float | None = None
    cold_s: float | None = None
    cold_ratio: float | None = None
    noop_s: float | None = None
    noop_ratio: float | None = None
    noop_written: int | None = None
    cold_written: int | None = None
    peak_mb: float | None = None
    people_s: float | None = None
    people_ratio: float | None = None
    agenda_s: float | None = None
    agenda_ratio: float | None = None
    show_s: float | None = None
    show_ratio: float | None = None
    brief_s: float | None = None
    brief_ratio: float | None = None
    noop_after_queries_s: float | None = None
    parse_s: float | None = None  # read and parse every note, nothing else (see PARSE_ONLY)
    parse_ratio: float | None = None
    watch_s: float | None = None  # a saved conversation → its person written, past the debounce
    watch_update_s: float | None = None  # of which the update itself (watch's own log line)
    watch_runs: list[float] = field(default_factory=list)
    first_runs: list[float] = field(default_factory=list)
    cold_runs: list[float] = field(default_factory=list)
    noop_runs: list[float] = field(default_factory=list)
    baseline_runs: list[float] = field(default_factory=list)
    parse_runs: list[float] = field(default_factory=list)
    markdown_it_s: float | None = None
    markdown_it_ratio: float | None = None
    query_runs: dict[str, list[float]] = field(default_factory=dict)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_process(cmd: Sequence[str]) -> Run:
    """Run ``cmd`` to completion; time it and read its own peak RSS from ``wait4``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=REPO_ROOT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Run(seconds, usage.ru_maxrss / scale, proc.returncode, stdout, stderr)


def index_cmd(vault: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "vaultrel", "index", "--vault", str(vault), *extra]


def run_index(vault: Path, *extra: str) -> Run:
    """Run ``vaultrel index``; exit 0 and 1 (some notes had problems) are results, not failures."""
    run = run_process(index_cmd(vault, *extra))
    crashed = "Traceback (most recent call last)" in run.stderr
    if run.returncode not in (0, 1) or crashed:
        raise BenchError(
            f"`{' '.join(index_cmd(vault, *extra))}` exited {run.returncode}:\n{run.stderr}"
        )
    return run


QUERIES: dict[str, tuple[str, ...]] = {"people": (), "agenda": (), "show": (), "brief": ()}


def run_query(vault: Path, command: str, *extra: str) -> Run:
    """Run a query command; exit 0 and 1 (some notes had errors) are results."""
    cmd = [sys.executable, "-m", "vaultrel", command, *extra, "--vault", str(vault)]
    run = run_process(cmd)
    if run.returncode not in (0, 1) or "Traceback (most recent call last)" in run.stderr:
        raise BenchError(f"`{' '.join(cmd)}` exited {run.returncode}:\n{run.stderr}")
    return run


def run_reader(name: str, script: str, vault: Path, notes: int) -> Run:
    """Run one of the scripts above, which print how many notes they read first: a failure,
    or another count than `notes`, stops the benchmark."""
    run = run_process([sys.executable, "-c", script, str(vault)])
    if run.returncode != 0:
        raise BenchError(f"the {name} process exited {run.returncode}:\n{run.stderr}")
    counted = int(run.stdout.split()[0])
    if counted != notes:
        raise BenchError(f"the {name} process read {counted} notes, expected {notes}")
    return run


def run_baseline(vault: Path, notes: int) -> Run:
    return run_reader("baseline", BASELINE, vault, notes)


def parse_size(name: str) -> tuple[int, int]:
    """``1k``/``11k``/``100k``, or ``<people>x<conversations>`` for a quick custom size."""
    if name in SIZES:
        return SIZES[name]
    people, sep, conversations = name.partition("x")
    if sep and people.isdigit() and conversations.isdigit():
        return int(people), int(conversations)
    raise argparse.ArgumentTypeError(
        f"unknown size {name!r}: use {', '.join(SIZES)} or PEOPLExCONVERSATIONS"
    )


def generator_fingerprint() -> str:
    return hashlib.sha256((BENCH_DIR / "generate_vault.py").read_bytes()).hexdigest()[:16]


def ensure_vault(base: Path, size: str, people: int, conversations: int, seed: int) -> Path:
    """The pristine vault for a size, generated into ``base`` unless an identical one is there."""
    daily = generate_vault.default_daily(conversations)
    params = {
        "people": people,
        "conversations": conversations,
        "daily": daily,
        "seed": seed,
        "generator": generator_fingerprint(),
    }
    slot = base / f"{size}-seed{seed}"
    stamp = slot / "params.json"
    vault = slot / "vault"
    if stamp.is_file() and json.loads(stamp.read_text()) == params and vault.is_dir():
        log(f"[{size}] reusing {vault}")
        return vault
    if slot.exists():
        shutil.rmtree(slot)  # our own cache slot, stale
    slot.mkdir(parents=True)
    started = time.perf_counter()
    stats = generate_vault.generate(vault, people, conversations, daily, seed)
    log(
        f"[{size}] generated {stats.notes} notes, {stats.bytes / 1e6:.2f} MB "
        f"in {time.perf_counter() - started:.1f} s"
    )
    stamp.write_text(json.dumps(params, indent=2) + "\n")
    return vault


def count_notes(vault: Path) -> tuple[int, int]:
    """Notes (``*.md`` outside dot-folders) and their total bytes."""
    notes = size = 0
    for dirpath, dirnames, filenames in os.walk(vault):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(".md"):
                notes += 1
                size += os.path.getsize(os.path.join(dirpath, name))
    return notes, size


def restore(pristine: Path, work: Path) -> None:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(pristine, work, symlinks=True)


def written_count(run: Run) -> int:
    try:
        summary = json.loads(run.stdout)
        return len(summary["written"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BenchError(
            f"`vaultrel index --json` printed no summary: {exc}\n{run.stdout}"
        ) from exc


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ratio(value: float | None, baseline: float | None) -> float | None:
    return None if value is None or not baseline else value / baseline


def measure(
    result: SizeResult, pristine: Path, scratch: Path, runs: int, baseline_only: bool
) -> None:
    """Fill ``result`` with the figures for one size."""
    result.notes, size = count_notes(pristine)
    result.mb = size / 1e6
    tag = f"[{result.size}]"
    run_baseline(pristine, result.notes)  # warm-up: the page cache, not the figure

    def baseline() -> None:
        """One baseline run, taken just before a run it is compared with: a shared machine's
        load drifts over the minutes a size takes, and the ratios must not drift with it."""
        result.baseline_runs.append(run_baseline(pristine, result.notes).seconds)

    yardstick = [
        run_reader("markdown-it-py", MARKDOWN_IT, pristine, result.notes).seconds
        for _ in range(min(runs, 3))
    ]
    result.markdown_it_s = median(yardstick)
    log(f"{tag} markdown-it-py parse: {result.markdown_it_s:.3f} s")
    if baseline_only:
        for _ in range(runs):
            baseline()
        result.baseline_s = median(result.baseline_runs)
        result.markdown_it_ratio = ratio(result.markdown_it_s, result.baseline_s)
        log(f"{tag} baseline {result.baseline_s:.3f} s")
        return
    work = scratch / result.size / "vault"
    peaks: list[float] = []
    for i in range(runs):
        restore(pristine, work)
        baseline()
        run = run_index(work)
        result.first_runs.append(run.seconds)
        peaks.append(run.peak_mb)
        peak, code = run.peak_mb, run.returncode
        log(f"{tag} first #{i + 1}: {run.seconds:.3f} s, {peak:.0f} MB, exit {code}")
    result.first_s, result.peak_mb = median(result.first_runs), max(peaks)
    for i in range(runs):
        shutil.rmtree(work / ".vaultrel", ignore_errors=True)
        baseline()
        run = run_index(work)
        result.cold_runs.append(run.seconds)
        log(f"{tag} cold #{i + 1}: {run.seconds:.3f} s")
    result.cold_s = median(result.cold_runs)
    indexed = json.loads(run_index(work, "--json", "--dry-run").stdout)["notes"]
    for i in range(runs):
        baseline()
        result.parse_runs.append(run_reader("parse-only", PARSE_ONLY, work, indexed).seconds)
        log(f"{tag} parse only #{i + 1}: {result.parse_runs[-1]:.3f} s")
    result.parse_s = median(result.parse_runs)
    shutil.rmtree(work / ".vaultrel", ignore_errors=True)
    result.cold_written = written_count(run_index(work, "--json"))
    for i in range(runs):
        baseline()
        run = run_index(work)
        result.noop_runs.append(run.seconds)
        log(f"{tag} noop #{i + 1}: {run.seconds:.3f} s")
    result.noop_s = median(result.noop_runs)
    measure_queries(result, work, runs, baseline)
    after = []
    for _ in range(runs):
        run_query(work, "people")  # a query, then a no-op index: its fast path is kept
        after.append(run_index(work).seconds)
    result.noop_after_queries_s = median(after)
    log(f"{tag} noop after a query: {result.noop_after_queries_s:.3f} s")
    result.noop_written = written_count(run_index(work, "--json"))  # queries spoil nothing
    result.baseline_s = median(result.baseline_runs)
    log(f"{tag} baseline {result.baseline_s:.3f} s (median of {len(result.baseline_runs)})")
    measure_watch(result, work, runs)
    for name in ("first", "cold", "parse", "markdown_it", "noop", *QUERIES):
        setattr(result, f"{name}_ratio", ratio(getattr(result, f"{name}_s"), result.baseline_s))
    shutil.rmtree(scratch / result.size)


def measure_queries(
    result: SizeResult, work: Path, runs: int, baseline: Callable[[], None]
) -> None:
    """`people`, `agenda`, `show` and `brief` on the unchanged, indexed vault (DESIGN §7)."""
    tag = f"[{result.size}]"
    person = sorted((work / "people").glob("*.md"))[0]
    named = (f"people/{person.stem}",)
    extra = {"people": (), "agenda": (), "show": named, "brief": named}
    for command in QUERIES:
        run_query(work, command, *extra[command])  # fills the cache after the last index
        times = result.query_runs.setdefault(command, [])
        for i in range(runs):
            baseline()
            times.append(run_query(work, command, *extra[command]).seconds)
            log(f"{tag} {command} #{i + 1}: {times[-1]:.3f} s")
        setattr(result, f"{command}_s", median(times))


WATCH_DEBOUNCE_MS = 100


def measure_watch(result: SizeResult, work: Path, runs: int) -> None:
    """Save a new conversation with one person while `vaultrel watch` runs, and time until
    that person's note is written; the debounce is subtracted (DESIGN §7)."""
    tag = f"[{result.size}]"
    people = sorted((work / "people").glob("*.md"))
    cmd = [*index_cmd(work)[:3], "watch", "--vault", str(work)]
    cmd += ["--debounce", str(WATCH_DEBOUNCE_MS)]
    process = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if line.startswith("indexed"):
                break
        else:
            raise BenchError("`vaultrel watch` stopped before watching")
        updates = []
        for i in range(runs):
            person = people[(i * 7919) % len(people)]
            before = person.stat().st_mtime_ns
            note = work / "conversations" / f"2027-01-{i + 1:02d} bench {i}.md"
            started = time.perf_counter()
            note.write_text(f'---\ndate: 2027-01-{i + 1:02d}\nwith: ["[[{person.stem}]]"]\n---\n')
            while person.stat().st_mtime_ns == before:
                if time.perf_counter() - started > 60:
                    raise BenchError(f"watch did not update {person.name} within 60 s")
                time.sleep(0.002)
            latency = time.perf_counter() - started - WATCH_DEBOUNCE_MS / 1000
            result.watch_runs.append(latency)
            line = process.stderr.readline()
            while " · " not in line:  # a problem line printed before the update's own
                line = process.stderr.readline()
            updates.append(float(line.rsplit("· ", 1)[-1].rstrip("s\n")))
            log(f"{tag} watch #{i + 1}: {latency:.3f} s after the debounce ({line.strip()})")
            time.sleep(0.5)
        result.watch_s, result.watch_update_s = median(result.watch_runs), median(updates)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(60)


def preflight() -> None:
    """Stop early, with the reason, when ``python -m vaultrel`` cannot run; compile its
    bytecode first, as installing a wheel does (an editable install, or PYTHONDONTWRITEBYTECODE,
    would otherwise charge every run for compiling the package: about 0.15 s here)."""
    find = "import pathlib, vaultrel; print(pathlib.Path(vaultrel.__file__).parent)"
    package = run_process([sys.executable, "-c", find]).stdout.strip()
    if package:
        run_process([sys.executable, "-m", "compileall", "-q", package])
    run = run_process([sys.executable, "-m", "vaultrel", "index", "--help"])
    if run.returncode != 0:
        raise BenchError(
            f"`python -m vaultrel index --help` exited {run.returncode}:\n{run.stderr}"
        )


# -- output ----------------------------------------------------------------------------------


def fmt_seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f} s"


def fmt_ratio(value: float | None, target: float) -> str:
    if value is None:
        return ""
    verdict = "ok" if value <= target else "MISS"
    return f"{value:.2f}x {verdict}"


def query_cell(r: SizeResult, command: str) -> str:
    seconds, ratio_ = getattr(r, f"{command}_s"), getattr(r, f"{command}_ratio")
    if seconds is None:
        return "-"
    return f"{seconds:.3f} s {fmt_ratio(ratio_, TARGETS['query_ratio'])}"


def table(results: Sequence[SizeResult]) -> str:
    header = (
        "size",
        "notes",
        "MB",
        "baseline",
        "first",
        "first/base",
        "cold",
        "cold/base",
        "parse only",
        "noop",
        "noop/base",
        "noop written",
        "people",
        "agenda",
        "show",
        "brief",
        "noop after queries",
        "peak MB",
        "watch",
    )
    targets = (
        "target",
        "",
        "",
        "",
        "<=10 s (11k)",
        f"<={TARGETS['first_ratio']}x",
        "<=3 s (11k)",
        f"<={TARGETS['cold_ratio']}x",
        "",
        "<=0.5 s (11k)",
        f"<={TARGETS['noop_ratio']}x",
        "0",
        *[f"<={TARGETS['query_ratio']}x"] * len(QUERIES),
        "= noop",
        "<=500 (100k)",
        "<=1 s",
    )
    rows: list[tuple[str, ...]] = [header, targets]
    for r in results:
        written = "-" if r.noop_written is None else f"{r.noop_written}"
        if r.noop_written:
            written += " MISS"
        rows.append(
            (
                r.size,
                str(r.notes),
                f"{r.mb:.2f}",
                fmt_seconds(r.baseline_s),
                fmt_seconds(r.first_s),
                fmt_ratio(r.first_ratio, TARGETS["first_ratio"]),
                fmt_seconds(r.cold_s),
                fmt_ratio(r.cold_ratio, TARGETS["cold_ratio"]),
                "-" if r.parse_s is None else f"{r.parse_s:.3f} s {r.parse_ratio:.2f}x",
                fmt_seconds(r.noop_s),
                fmt_ratio(r.noop_ratio, TARGETS["noop_ratio"]),
                written,
                *(query_cell(r, command) for command in QUERIES),
                fmt_seconds(r.noop_after_queries_s),
                "-" if r.peak_mb is None else f"{r.peak_mb:.0f}",
                fmt_seconds(r.watch_s),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(2, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }


# -- command line ----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1k,11k,100k", help="comma-separated (default: %(default)s)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per figure; the median is kept")
    parser.add_argument("--seed", type=int, default=1, help="vault generator seed")
    parser.add_argument("--keep", type=Path, help="cache generated vaults in this folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--baseline-only", action="store_true", help="measure only the baseline (no vaultrel)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        args.size_list = [(s, *parse_size(s)) for s in args.sizes.split(",") if s]
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results: list[SizeResult] = []
    with tempfile.TemporaryDirectory(prefix="vaultrel-bench-") as tmp:
        scratch = Path(tmp)
        cache = args.keep.resolve() if args.keep else scratch / "pristine"
        try:
            if not args.baseline_only:
                preflight()
            for size, people, conversations in args.size_list:
                pristine = ensure_vault(cache, size, people, conversations, args.seed)
                result = SizeResult(
                    size, people, conversations, generate_vault.default_daily(conversations)
                )
                measure(result, pristine, scratch, args.runs, args.baseline_only)
                results.append(result)
        except BenchError as exc:
            log(f"bench: {exc}")
            return 2
    if args.json:
        payload = {
            "machine": machine(),
            "runs": args.runs,
            "seed": args.seed,
            "targets": TARGETS,
            "sizes": [asdict(r) for r in results],
        }
        print(json.dumps(payload, indent=2))
    else:
        print(f"vaultrel benchmark: medians of {args.runs} runs, {machine()['cpus']} CPUs")
        print(table(results))
        for r in results:
            if r.markdown_it_s is not None and r.markdown_it_ratio is not None:
                print(
                    f"[{r.size}] markdown-it-py parse: {r.markdown_it_s:.3f} s, "
                    f"{r.markdown_it_ratio:.1f}x the baseline (about {SET_ON_RATIO}x "
                    "on the machine the targets were set on: the higher, the harder the ratios)"
                )
    return 1 if any(r.noop_written for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
