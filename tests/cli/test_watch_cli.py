"""`vaultrel watch` as a process: the single-writer lock, stale-lock takeover, clean shutdown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import MakeVault

VAULT = {
    "people/Ada Lovelace.md": "---\ntype: person\n---\nAda.\n",
    "conversations/2026-01-05 call.md": '---\ndate: 2026-01-05\nwith: ["[[Ada Lovelace]]"]\n---\n',
}


def vaultrel(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vaultrel", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@contextmanager
def watch_process(root: Path) -> Iterator[subprocess.Popen[str]]:
    """`vaultrel watch` running on `root` until the block ends (then SIGTERM)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "vaultrel", "watch", "--vault", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if "watching" in line and line.startswith("indexed"):
                break
        else:
            raise AssertionError("watch did not start")
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(30)


def test_index_and_a_second_watch_stop_at_the_lock(make_vault: MakeVault) -> None:
    root = make_vault(VAULT)
    with watch_process(root) as watcher:
        for command in (["index"], ["watch"]):
            outcome = vaultrel(*command, "--vault", root)
            assert outcome.returncode == 2
            assert "[E_LOCKED]" in outcome.stderr
            assert f"`vaultrel watch` (pid {watcher.pid}" in outcome.stderr
            assert outcome.stderr.count("\n") == 1
        # read-only runs never take the lock
        assert vaultrel("index", "--check", "--vault", root).returncode == 0


def test_sigterm_stops_cleanly(make_vault: MakeVault) -> None:
    root = make_vault(VAULT)
    with watch_process(root) as watcher:
        watcher.send_signal(signal.SIGTERM)
        assert watcher.wait(30) == 0
        assert watcher.stderr is not None
        rest = watcher.stderr.read()
    assert "Traceback" not in rest
    assert rest.strip().endswith("vaultrel: stopped")
    assert not (root / ".vaultrel/lock").exists()
    assert not [p for p in root.rglob(".vaultrel-*.tmp")]


def test_a_lock_left_by_a_killed_watch_is_taken_over(make_vault: MakeVault) -> None:
    root = make_vault(VAULT)
    with watch_process(root) as watcher:
        os.kill(watcher.pid, signal.SIGKILL)
        watcher.wait(30)
    assert (root / ".vaultrel/lock").exists()  # left behind
    note = root / "conversations/2026-02-01 walk.md"
    note.write_text('---\ndate: 2026-02-01\nwith: ["[[Ada Lovelace]]"]\n---\n')
    outcome = vaultrel("index", "--vault", root)
    assert outcome.returncode == 0, outcome.stderr
    assert "last_spoke: 2026-02-01" in (root / "people/Ada Lovelace.md").read_text()
    assert not (root / ".vaultrel/lock").exists()
    with watch_process(root) as watcher:  # and watch takes it over too
        time.sleep(0.2)
        assert watcher.poll() is None
