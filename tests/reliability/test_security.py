"""RELIABILITY §d.7: YAML bombs refused fast in bounded memory; no write through `..`, an
absolute path, a reserved folder or a symbolic link ever reaches a sentinel outside the vault,
even while a folder is swapped for a link to the outside during the writes; a state folder
or a site folder with a link in it is refused, never followed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Invoke, Outcome
from tests.reliability.report import record, scaled
from vaultrel.adapters import fs
from vaultrel.adapters.writer import Write, Writer
from vaultrel.config import Config
from vaultrel.core.notes import parse_note

LAUGHS = "a0: &a0 [lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
)
BOMBS = {
    "B05 python tag": ("x: !!python/object/apply:os.system ['echo pwned']\n", "E_FM_TAG"),
    "B06 billion laughs": (LAUGHS, "E_FM_ALIAS"),
    "B06 10k aliases": ("a: &a x\nb: [" + ", ".join(["*a"] * 10_000) + "]\n", "E_FM_ALIAS"),
    "B06 20k aliases": ("a: &a x\nb: [" + ", ".join(["*a"] * 20_000) + "]\n", "E_FM_TOO_LARGE"),
    "B07 65 KiB": ("".join(f"k{i}: {'v' * 60}\n" for i in range(1100)), "E_FM_TOO_LARGE"),
    "B08 flow 5000 deep": ("a: " + "[" * 5000 + "]" * 5000 + "\n", "E_FM_DEPTH"),
    "B08 block 200 deep": ("".join(" " * i + f"k{i}:\n" for i in range(200)), "E_FM_DEPTH"),
    "B08 mixed deep": ("a: " + "{b: [" * 400 + "]}" * 400 + "\n", "E_FM_DEPTH"),
    "B09 directive": ("%YAML 1.1\n---\nstatus: no\n", "E_FM_DIRECTIVE"),
}


def test_yaml_bombs() -> None:
    layout = Config().layout()
    worst_ms = worst_kb = 0.0
    for label, (front, code) in BOMBS.items():
        data = f"---\n{front}---\nbody\n".encode()
        tracemalloc.start()
        started = time.perf_counter()
        note = parse_note("people/X.md", data, layout)
        ms = (time.perf_counter() - started) * 1000
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert code in [p.code for p in note.problems], f"{label}: {note.problems}"
        assert not note.writable, label
        assert peak < 10 * 1024 * 1024, f"{label}: {peak / 1024:.0f} KiB"
        fastest = min(_time(parse_note, data, layout) for _ in range(3))
        assert fastest < 0.05, f"{label}: {fastest * 1000:.1f} ms"
        worst_ms, worst_kb = max(worst_ms, min(ms, fastest * 1000)), max(worst_kb, peak / 1024)
    record(
        "yaml_bombs",
        hostile=len(BOMBS),
        handled=len(BOMBS),
        max_ms=round(worst_ms, 1),
        max_kb=round(worst_kb),
    )


def _time(parse: object, data: bytes, layout: object) -> float:
    started = time.perf_counter()
    parse_note("people/X.md", data, layout)  # type: ignore[arg-type]
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------
# Confinement


class Sentinel:
    """A file outside the vault, named like the notes the hostile paths aim at."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(exist_ok=True)
        self.path = folder / "note.md"
        self.path.write_text("outside the vault\n")
        self.print = self._print()

    def _print(self) -> tuple[str, int, int, tuple[str, ...]]:
        st = os.lstat(self.path)
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        return digest, st.st_mtime_ns, st.st_ino, tuple(sorted(os.listdir(self.path.parent)))

    def intact(self) -> bool:
        return self._print() == self.print


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "people").mkdir(parents=True)
    (root / "people/Ada.md").write_text("Ada.\n")
    return root


TRAVERSAL = {
    "../outside/note.md": "E_PATH_INVALID",
    "people/../../outside/note.md": "E_PATH_INVALID",
    "./people/../../outside/note.md": "E_PATH_INVALID",
    "{outside}/note.md": "E_PATH_ABSOLUTE",
    "C:/outside/note.md": "E_PATH_ABSOLUTE",
    "\\\\server\\outside\\note.md": "E_PATH_ABSOLUTE",
    "file:///outside/note.md": "E_PATH_ABSOLUTE",
    "..\\outside\\note.md": "E_PATH_INVALID",
    "people/note.md\x00.txt": "E_PATH_INVALID",
    "people/" + "n" * 300 + ".md": "E_PATH_INVALID",
    "people/CON.md": "E_PATH_INVALID",
    "people/note.md:stream": "E_PATH_INVALID",
    ".vaultrel/note.md": "E_PATH_RESERVED",
    ".git/hooks/note.md": "E_PATH_RESERVED",
    ".obsidian/note.md": "E_PATH_RESERVED",
    ".trash/note.md": "E_PATH_RESERVED",
}


def test_path_traversal_table(vault: Path, tmp_path: Path, invoke: Invoke) -> None:
    sentinel = Sentinel(tmp_path / "outside")
    escapes = 0
    for raw, code in TRAVERSAL.items():
        path = raw.format(outside=tmp_path / "outside")
        for expected in (None, fs.Signature.of(os.lstat(sentinel.path))):
            writer = Writer(vault)
            writer.write([Write(path, b"hostile\n", expected, b"")])
            assert [p.code for p in writer.problems] == [code], (path, writer.problems)
            escapes += not sentinel.intact()
        outcome = invoke("restore", path, "--vault", vault)
        assert outcome.exit_code == 2 and f"[{code}]" in outcome.stderr, (path, outcome.stderr)
    record("path_traversal", cases=len(TRAVERSAL), escapes=escapes)
    assert escapes == 0


def test_symlink_escape_table(vault: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    sentinel = Sentinel(outside)
    os.symlink(sentinel.path, vault / "people/Link.md")  # a note linking out
    os.symlink(outside, vault / "team")  # a folder linking out
    os.symlink(outside, vault / "people/sub")  # the parent of a new note linking out
    os.symlink("loopB.md", vault / "people/loopA.md")
    os.symlink("loopA.md", vault / "people/loopB.md")
    cases = {
        "people/Link.md": (fs.Signature.of(os.lstat(vault / "people/Link.md")), "E_SYMLINK"),
        "team/note.md": (fs.Signature.of(os.lstat(sentinel.path)), "E_SYMLINK"),
        "team/new.md": (None, "E_SYMLINK"),
        "people/sub/note.md": (None, "E_SYMLINK"),
        "people/loopA.md": (fs.Signature.of(os.lstat(vault / "people/loopA.md")), "E_SYMLINK"),
    }
    for path, (expected, code) in cases.items():
        writer = Writer(vault)
        writer.write([Write(path, b"hostile\n", expected, b"")])
        assert [p.code for p in writer.problems] == [code], (path, writer.problems)
    record("symlink_escape", cases=len(cases), escapes=int(not sentinel.intact()))
    assert sentinel.intact()


def test_symlink_swap_race(vault: Path, tmp_path: Path) -> None:
    """A thread swaps vault/sub between a real folder and a link to the outside, which holds
    a note of the same name, while notes are written into vault/sub."""
    sentinel = Sentinel(tmp_path / "outside")
    real, sub = vault / "sub.real", vault / "sub"
    sub.mkdir()
    (sub / "note.md").write_text("inside\n")
    swaps = scaled(300, 1000)
    done = threading.Event()

    def swap() -> None:
        for _ in range(swaps):
            with contextlib.suppress(OSError):
                os.rename(sub, real)
                os.symlink(sentinel.path.parent, sub)
                time.sleep(0.002)
                os.unlink(sub)
                os.rename(real, sub)
                time.sleep(0.002)
        done.set()

    thread = threading.Thread(target=swap)
    thread.start()
    writes = written = 0
    while not done.is_set():
        try:
            expected = fs.Signature.of(os.lstat(sub / "note.md"))
        except OSError:
            expected = None
        writer = Writer(vault)
        writer.write([Write("sub/note.md", f"write {writes}\n".encode(), expected, b"")])
        writes += 1
        written += "sub/note.md" in writer.written
    thread.join()
    record(
        "symlink_swap_race",
        swaps=swaps,
        writes=writes,
        written=written,
        writes_outside=int(not sentinel.intact()),
    )
    assert sentinel.intact()
    assert written > 0, "no write got through: the race tested nothing"


# ---------------------------------------------------------------------------------------------
# The state folder and the site folder (RELIABILITY R11): a committed link is never followed


class Foreign:
    """Another program's files outside the vault, where hostile links in the vault point."""

    def __init__(self, folder: Path) -> None:
        (folder / "journal").mkdir(parents=True)
        (folder / "site/notes").mkdir(parents=True)
        (folder / "site/.vaultrel-site").write_bytes(b"")
        for name in ("lock", "index.sqlite", "config.json", "site/notes/theirs.html"):
            (folder / name).write_text(f"{name} of another program\n")
        self.folder = folder
        self.print = self._print()

    def _print(self) -> dict[str, tuple[bytes, int]]:
        return {
            p.relative_to(self.folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(self.folder.rglob("*"))
            if p.is_file()
        }

    def intact(self) -> bool:
        return self._print() == self.print


# (name of the link in the vault, where it points (relative to the foreign folder), the
# command run, the path named in the one-line error)
STATE_LINKS = {
    "state folder": (".vaultrel", ".", "index", ".vaultrel"),
    "state folder, query": (".vaultrel", ".", "people", ".vaultrel"),
    "state folder, site": (".vaultrel", ".", "site", ".vaultrel"),
    "state folder inside the vault": (".vaultrel", "{vault}/people", "index", ".vaultrel"),
    "dangling state folder": (".vaultrel", "gone", "index", ".vaultrel"),
    "lock": (".vaultrel/lock", "lock", "index", ".vaultrel/lock"),
    "index": (".vaultrel/index.sqlite", "index.sqlite", "people", ".vaultrel/index.sqlite"),
    "index, written": (".vaultrel/index.sqlite", "index.sqlite", "index", ".vaultrel/index.sqlite"),
    "settings cache": (".vaultrel/config.json", "config.json", "people", ".vaultrel/config.json"),
    "journal": (".vaultrel/journal", "journal", "index", ".vaultrel/journal"),
    "journal, restore": (".vaultrel/journal", "journal", "restore", ".vaultrel/journal"),
    "site folder": (".vaultrel/site", "site", "site", ".vaultrel/site"),
}


@pytest.mark.parametrize("case", STATE_LINKS)
def test_a_linked_state_folder_is_refused(case: str, tmp_path: Path, invoke: Invoke) -> None:
    """Each form on a fresh vault holding a note to write, through the CLI: exit 2 with one
    line naming the link, and nothing outside the vault read into it or changed."""
    outcome, refused, kept = _state_link_case(case, tmp_path, invoke)
    _tried.append((refused, kept))  # counted before judged: a failure shows in the figures
    assert refused, (case, outcome.exit_code, outcome.stderr)
    assert kept, case


def _state_link_case(case: str, tmp_path: Path, invoke: Invoke) -> tuple[Outcome, bool, bool]:
    name, target, command, named = STATE_LINKS[case]
    root = tmp_path / "vault"
    (root / "people").mkdir(parents=True)
    (root / "people/Ada.md").write_text("---\ncadence: 2w\n---\n")
    (root / "vaultrel.toml").write_text("[folders]\npeople = 'people'\n")
    (root / "conversations").mkdir()
    (root / "conversations/2026-05-01 call.md").write_text(
        "---\ndate: 2026-05-01\nwith: ['[[Ada]]']\n---\n"
    )
    foreign = Foreign(tmp_path / "outside")
    (root / name).parent.mkdir(exist_ok=True)
    os.symlink(target.format(vault=root) if "{" in target else foreign.folder / target, root / name)
    args = {"restore": ("restore", "people/Ada.md")}.get(command, (command,))
    outcome = invoke(*args, "--vault", root)
    refused = (
        outcome.exit_code == 2
        and outcome.stderr.startswith(f"vaultrel: {named}: ")
        and "[E_SYMLINK]" in outcome.stderr
        and outcome.stderr.count("\n") == 1
        and os.path.islink(root / name)
    )
    kept = foreign.intact() and not (root / "people/.vaultrel").exists()
    return outcome, refused, kept


def test_a_site_folder_with_a_linked_subfolder_is_refused(
    vault: Path, tmp_path: Path, invoke: Invoke
) -> None:
    """A site folder whose `notes/` (or another subfolder) links out: building it would write
    pages there and remove the `.html` files it thinks are stale."""
    for sub in ("notes", "assets"):
        foreign = Foreign(tmp_path / f"outside-{sub}")
        site = tmp_path / f"site-{sub}"
        site.mkdir()
        (site / ".vaultrel-site").write_bytes(b"")
        if sub != "notes":
            (site / "notes").mkdir()
        os.symlink(foreign.folder / "site/notes", site / sub)
        outcome = invoke("site", "--vault", vault, "-o", site)
        refused = (
            outcome.exit_code == 2
            and f"{site / sub}: " in outcome.stderr
            and "[E_SYMLINK]" in outcome.stderr
        )
        _tried.append((refused, foreign.intact()))
        assert refused, (sub, outcome.exit_code, outcome.stderr)
        assert foreign.intact(), sub


_tried: list[tuple[bool, bool]] = []  # (refused, nothing outside changed) per hostile form


@pytest.fixture(scope="module", autouse=True)
def _hostile_paths_figures() -> Iterator[None]:
    yield
    if _tried:
        record(
            "hostile_state_paths",
            tried=len(_tried),
            refused=sum(r for r, _ in _tried),
            outside_changed=sum(not k for _, k in _tried),
        )
