"""RELIABILITY §d.2: SIGKILL a real `vaultrel index` at random moments of a first index.

A generated vault (benchmarks/generate_vault.py) is copied afresh for every kill. After each:
every note holds its old bytes or exactly the version a complete run writes (0 torn), every
note showing its new version has its old bytes in the journal, and the next run finishes the
work and sweeps the temp files the killed one left once they are older than the sweep age
(ten minutes; the test ages them rather than waiting).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.report import REPO, record, scaled
from tests.reliability.seam import notes, temp_files
from vaultrel.adapters.fs import TEMP_PREFIX, TEMP_SUFFIX
from vaultrel.adapters.journal import Journal
from vaultrel.adapters.vault import list_vault, sweep_temps
from vaultrel.config import Config
from vaultrel.engine import index_vault

SWEEP_AGE_S = 600


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "vault"
    people, conversations = scaled(40, 150), scaled(240, 1200)  # a third logged in daily notes
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks/generate_vault.py"),
            str(out),
            *("--people", str(people), "--conversations", str(conversations), "--seed", "7"),
        ],
        check=True,
        capture_output=True,
    )
    return out


def index_process(root: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "vaultrel", "index", "--quiet", "--vault", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )


def wait_for_writing(root: Path, child: subprocess.Popen[bytes], deadline: float) -> None:
    """Until the run journals its first batch (writes follow at once), it ends, or time is up."""
    journal = root / ".vaultrel" / "journal"
    while child.poll() is None and time.monotonic() < deadline:
        if journal.is_dir() and any(journal.iterdir()):
            return
        time.sleep(0.001)


def age(paths: list[Path], seconds: float) -> None:
    then = time.time() - seconds
    for path in paths:
        os.utime(path, (then, then))


@pytest.mark.slow
def test_sigkill_during_first_index_is_old_or_new(generated: Path, tmp_path: Path) -> None:
    old = notes(generated)
    reference = shutil.copytree(generated, tmp_path / "reference")
    started = time.monotonic()
    index_process(reference).wait()
    full_run = time.monotonic() - started
    new = notes(reference)
    changed = {path for path in new if new[path] != old.get(path)}
    assert len(changed) > 100

    rng = random.Random(20260502)
    kills = scaled(10, 200)
    torn = during_writes = mid_renames = temps_left = temps_swept = 0
    for kill in range(kills):
        root = shutil.copytree(generated, tmp_path / f"kill{kill}")
        child = index_process(root)
        if kill % 2:  # anywhere in the run
            time.sleep(rng.uniform(0.2, 1.0) * full_run)
        else:  # in the writing, which is a small part of a short run: once the journal starts
            wait_for_writing(root, child, deadline=time.monotonic() + 3 * full_run)
            time.sleep(rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        now = notes(root)
        journaled = {(e.path, e.sha256) for e in Journal(root).entries()}
        written = 0
        for path, data in now.items():
            if data == new.get(path) and path in changed:
                written += 1
                if path in old:
                    digest = hashlib.sha256(old[path]).hexdigest()
                    assert (path, digest) in journaled, f"{path} written, not journaled"
            elif data != old.get(path):
                torn += 1
        assert old.keys() <= now.keys(), "a note disappeared"
        leftovers = temp_files(root)
        mid_renames += 0 < written < len(changed)
        during_writes += bool(leftovers) or 0 < written < len(changed)
        temps_left += len(leftovers)
        age(leftovers, SWEEP_AGE_S + 60)
        index_vault(root)
        assert notes(root) == new, "the next run did not finish the work"
        assert temp_files(root) == [], "stray temp files were not swept"
        temps_swept += len(leftovers)
        shutil.rmtree(root)
    record(
        "sigkill_first_index",
        kills=kills,
        during_writes=during_writes,
        mid_renames=mid_renames,
        torn=torn,
        temps_left=temps_left,
        temps_swept=temps_swept,
        notes_written_by_a_run=len(changed),
        run_s=round(full_run, 2),
    )
    assert torn == 0
    assert during_writes > 0, "no kill landed while notes were written: the harness is blind"


def test_startup_sweep_removes_only_stale_vaultrel_temps(tmp_path: Path) -> None:
    stale = tmp_path / f"{TEMP_PREFIX}0123456789abcdef{TEMP_SUFFIX}"
    young = tmp_path / "sub" / f"{TEMP_PREFIX}fedcba9876543210{TEMP_SUFFIX}"
    foreign = tmp_path / ".foo.tmp"
    for path in (stale, young, foreign):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"half a note")
    age([stale, foreign], SWEEP_AGE_S + 60)
    age([young], SWEEP_AGE_S - 60)
    sweep_temps(tmp_path, list_vault(tmp_path, Config()).temps)
    assert not stale.exists()
    assert young.exists() and foreign.exists()
