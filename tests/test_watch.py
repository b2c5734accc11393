"""`vaultrel watch` (DESIGN §6, RELIABILITY §d.8): a real watchdog observer on real files.

Each test runs the watcher in a thread on a temporary vault with a short debounce and quiet
period (set in the vault's `vaultrel.toml`, as a user would), edits files the way editors and
sync tools do, and waits for the notes to follow.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

import vaultrel
from tests.conftest import MakeVault, snapshot
from vaultrel.adapters import fs
from vaultrel.config import load_config
from vaultrel.session import Session, Update
from vaultrel.watch import Watcher

CONFIG = "[watch]\nquiet_seconds = {quiet}\ndebounce_ms = {debounce}\n"


def person(name: str = "Ada Lovelace", extra: str = "") -> str:
    return f"---\ntype: person\n{extra}---\n{name} notes.\n"


def conversation(day: str, *people: str, body: str = "") -> str:
    links = "".join(f'  - "[[{p}]]"\n' for p in people)
    return f"---\ndate: {day}\nwith:\n{links}---\n{body}"


ADA = {  # Ada, and one conversation with her on 2026-01-05
    "people/Ada Lovelace.md": person(),
    "conversations/2026-01-05 call.md": conversation("2026-01-05", "Ada Lovelace"),
}


@dataclass
class Watching:
    watcher: Watcher
    lines: list[str]  # what it logged
    updates: list[Update]  # what each update after the first index saw and did

    def wrote(self, path: str) -> int:
        """How many updates wrote `path`."""
        return sum(path in (*update.written, *update.created) for update in self.updates)


@contextmanager
def watching(root: Path, quiet: float = 0.3, debounce_ms: int = 50) -> Iterator[Watching]:
    """A watcher running in a thread until the block ends."""
    (root / "vaultrel.toml").write_text(CONFIG.format(quiet=quiet, debounce=debounce_ms))
    lines: list[str] = []
    updates: list[Update] = []
    watcher = Watcher(root, load_config(root), log=lines.append, on_update=updates.append)
    stop, ready = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            watcher.run(stop, ready=lambda result: ready.set())
        except BaseException as exc:  # surfaced in the test's thread
            failure.append(exc)
            ready.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30), "the watcher did not start"
    try:
        yield Watching(watcher, lines, updates)
    finally:
        stop.set()
        thread.join(30)
        if failure:
            raise failure[0]


def wait_for(condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the vault to follow")
        time.sleep(0.02)


def key(root: Path, path: str, name: str) -> str | None:
    for line in (root / path).read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1].strip()
    return None


def test_a_new_conversation_updates_its_participants(make_vault: MakeVault) -> None:
    root = make_vault({**ADA, "people/Alan Turing.md": person("Alan Turing")})
    with watching(root):
        assert key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-01-05"
        (root / "conversations/2026-03-01 lunch.md").write_text(
            conversation("2026-03-01", "Ada Lovelace", "Alan Turing")
        )
        wait_for(lambda: key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-03-01")
        wait_for(lambda: key(root, "people/Alan Turing.md", "last_spoke") == "2026-03-01")
        assert "[[2026-03-01 lunch]]" in (root / "people/Alan Turing.md").read_text()


def test_an_edited_obligation_updates_next_owed(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "people/Ada Lovelace.md": person(),
            "conversations/2026-01-05 call.md": conversation(
                "2026-01-05", "Ada Lovelace", body="- [ ] send the deck 📅 2026-02-01\n"
            ),
        }
    )
    with watching(root):
        assert key(root, "people/Ada Lovelace.md", "next_owed") == "2026-02-01"
        note = root / "conversations/2026-01-05 call.md"
        note.write_text(note.read_text().replace("2026-02-01", "2026-02-14"))
        wait_for(lambda: key(root, "people/Ada Lovelace.md", "next_owed") == "2026-02-14")
        note.write_text(note.read_text().replace("- [ ]", "- [x]"))
        wait_for(lambda: key(root, "people/Ada Lovelace.md", "next_owed") is None)


def test_a_deleted_conversation_disappears_from_its_people(make_vault: MakeVault) -> None:
    root = make_vault(
        {**ADA, "conversations/2026-02-09 walk.md": conversation("2026-02-09", "Ada Lovelace")}
    )
    with watching(root):
        assert key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-02-09"
        (root / "conversations/2026-02-09 walk.md").unlink()
        wait_for(lambda: key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-01-05")
        assert "2026-02-09 walk" not in (root / "people/Ada Lovelace.md").read_text()


@pytest.mark.slow
def test_a_delete_and_quick_recreate_is_not_a_loss(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "people/Ada Lovelace.md": person(),
            "conversations/2026-02-09 walk.md": conversation("2026-02-09", "Ada Lovelace"),
        }
    )
    with watching(root) as session:
        note = root / "conversations/2026-02-09 walk.md"
        text = note.read_bytes()
        before = (root / "people/Ada Lovelace.md").read_bytes()
        note.unlink()
        time.sleep(0.5)  # well past the debounce, within the delete grace
        note.write_bytes(text)
        time.sleep(2.5)
        assert (root / "people/Ada Lovelace.md").read_bytes() == before
        assert session.wrote("people/Ada Lovelace.md") == 0


def test_a_renamed_person_keeps_their_history(make_vault: MakeVault) -> None:
    root = make_vault(
        {**ADA, "conversations/2026-02-09 walk.md": conversation("2026-02-09", "Ada Lovelace")}
    )
    with watching(root):
        # as Obsidian renames: move the note, then rewrite the links to it
        os.rename(root / "people/Ada Lovelace.md", root / "people/Ada King.md")
        for path in sorted((root / "conversations").iterdir()):
            path.write_text(path.read_text().replace("[[Ada Lovelace]]", "[[Ada King]]"))
        wait_for(lambda: "[[2026-01-05 call]]" in (root / "people/Ada King.md").read_text())
        text = (root / "people/Ada King.md").read_text()
        assert "[[2026-02-09 walk]]" in text
        assert key(root, "people/Ada King.md", "last_spoke") == "2026-02-09"
        time.sleep(0.6)  # past the quiet period: no note re-created under the old name
        assert not (root / "people/Ada Lovelace.md").exists()


def test_an_editor_saving_by_rename_is_seen_every_time(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "people/Ada Lovelace.md": person(),
            "conversations/2026-01-05 call.md": conversation(
                "2026-01-05", "Ada Lovelace", body="- [ ] reply 📅 2026-02-01\n"
            ),
        }
    )
    note = root / "conversations/2026-01-05 call.md"
    with watching(root):
        for day in range(2, 22):
            due = f"2026-02-{day:02d}"
            text = note.read_text().replace(f"2026-02-{day - 1:02d}", due)
            if day % 2:  # vim: rename the note to a backup, write a new file, drop the backup
                os.rename(note, note.with_name(note.name + "~"))
                note.write_text(text)
                os.unlink(note.with_name(note.name + "~"))
            else:  # gedit / VS Code: write a temp file, rename it over the note
                temp = note.with_name(".goutputstream-X1Y2")
                temp.write_text(text)
                os.replace(temp, note)
            wait_for(lambda due=due: key(root, "people/Ada Lovelace.md", "next_owed") == due)


@pytest.mark.slow
def test_fifty_quick_saves_make_one_update(make_vault: MakeVault) -> None:
    root = make_vault(ADA)
    note = root / "conversations/2026-01-05 call.md"
    with watching(root, debounce_ms=300) as session:
        for n in range(50):  # typing: a save every 10 ms
            note.write_text(conversation("2026-01-05", "Ada Lovelace", body=f"draft {n}\n"))
            time.sleep(0.01)
        note.write_text(
            conversation("2026-01-05", "Ada Lovelace", body="- [ ] call back 📅 2026-05-01\n")
        )
        wait_for(lambda: key(root, "people/Ada Lovelace.md", "next_owed") == "2026-05-01")
        time.sleep(1.0)
    assert session.wrote("people/Ada Lovelace.md") == 1, session.lines


@pytest.mark.slow
def test_own_writes_set_off_no_more_work(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "people/Ada Lovelace.md": person(),
            "conversations/2026-01-05 call.md": conversation(
                "2026-01-05", "Ada Lovelace", body="- [ ] send it 📅 2027-01-01\n"
            ),
        }
    )
    note = root / "conversations/2026-01-05 call.md"
    person_note = root / "people/Ada Lovelace.md"
    with watching(root, quiet=10, debounce_ms=20) as session:
        for n in range(100):
            due = f"2027-01-{n % 28 + 1:02d}" if n % 2 else f"2028-02-{n % 28 + 1:02d}"
            note.write_text(
                conversation("2026-01-05", "Ada Lovelace", body=f"- [ ] send it 📅 {due}\n")
            )
            wait_for(lambda due=due: key(root, "people/Ada Lovelace.md", "next_owed") == due)
        settled = person_note.stat().st_mtime_ns
        time.sleep(1.0)
        assert person_note.stat().st_mtime_ns == settled
        writes = session.wrote("people/Ada Lovelace.md")
        feedback = session.watcher.updates - 100
    print(f"writes={writes} feedback={feedback}")
    assert writes == 100
    assert feedback == 0


def test_a_broken_note_is_reported_once_per_change(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            **ADA,
            # reported by the first index (W_PERSON_NOT_CREATED), not by later updates
            "conversations/2026-01-04 odd.md": conversation("2026-01-04", "Ada: Lovelace"),
        }
    )
    reported: list[str] = []
    with watching(root) as session:
        session.watcher.report = lambda problems: reported.extend(p.code for p in problems)
        broken = root / "conversations/2026-01-06 broken.md"
        broken.write_text("---\ndate: [2026-01-06\n---\nunclosed\n")
        wait_for(lambda: "E_FM_YAML" in reported)
        (root / "conversations/2026-02-01 next.md").write_text(
            conversation("2026-02-01", "Ada Lovelace")
        )
        wait_for(lambda: key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-02-01")
    assert reported.count("E_FM_YAML") == 1
    assert "W_PERSON_NOT_CREATED" not in reported


def test_a_note_being_edited_waits_for_quiet(make_vault: MakeVault) -> None:
    root = make_vault(ADA)
    person_note = root / "people/Ada Lovelace.md"
    with watching(root, quiet=1.0):
        before = person_note.read_text()
        person_note.write_text(before + "typing…\n")  # the user edits the person note itself
        (root / "conversations/2026-02-01 next.md").write_text(
            conversation("2026-02-01", "Ada Lovelace")
        )
        time.sleep(0.5)
        assert key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-01-05"
        wait_for(lambda: key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-02-01")
        assert "typing…" in person_note.read_text()


def test_pauses_during_a_git_merge(make_vault: MakeVault) -> None:
    root = make_vault(ADA)
    (root / ".git").mkdir()
    with watching(root):
        (root / ".git/MERGE_HEAD").write_text("0" * 40 + "\n")
        (root / "conversations/2026-02-01 next.md").write_text(
            conversation("2026-02-01", "Ada Lovelace")
        )
        time.sleep(1.0)
        assert key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-01-05"
        (root / ".git/MERGE_HEAD").unlink()
        wait_for(lambda: key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-02-01")


def test_lost_file_events_trigger_a_rescan(make_vault: MakeVault) -> None:
    """When the event source dies (an inotify queue overflow, a watch error), watching starts
    again and the whole vault is read anew, so changes made meanwhile are not missed."""
    root = make_vault(ADA)
    with watching(root) as session:
        session.watcher.files.stop()
        (root / "conversations/2026-02-01 next.md").write_text(
            conversation("2026-02-01", "Ada Lovelace")
        )
        wait_for(lambda: key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-02-01")
    assert any("file events stopped" in line for line in session.lines)


def test_sync_conflict_copies_are_not_notes(make_vault: MakeVault) -> None:
    root = make_vault(ADA)
    with watching(root) as session:
        copy = root / "conversations/2026-01-05 call.sync-conflict-20260301-101010-ABCDEFG.md"
        copy.write_text(conversation("2026-03-01", "Ada Lovelace"))
        (root / "people/Ada Lovelace (conflicted copy 2026-03-01).md").write_text(person())
        time.sleep(1.0)
        assert key(root, "people/Ada Lovelace.md", "last_spoke") == "2026-01-05"
        assert session.wrote("people/Ada Lovelace.md") == 0
        assert copy.read_text() == conversation("2026-03-01", "Ada Lovelace")


@pytest.mark.slow
@pytest.mark.parametrize("quiet", [0.05])
def test_race_realistic_profile(make_vault: MakeVault, quiet: float) -> None:
    """RELIABILITY §d.4: the user appends in bursts while the watcher keeps rewriting the
    note's block; every appended line must survive."""
    root = make_vault(
        {
            "people/Ada Lovelace.md": person(),
            "conversations/2026-01-05 call.md": conversation(
                "2026-01-05", "Ada Lovelace", body="- [ ] a 📅 2027-01-01\n"
            ),
        }
    )
    person_note = root / "people/Ada Lovelace.md"
    conversation_note = root / "conversations/2026-01-05 call.md"
    edits = 0
    with watching(root, quiet=quiet, debounce_ms=5) as session:
        for burst in range(100):
            for _ in range(20):  # a burst of edits about 1 ms apart, appended in place
                with open(person_note, "a") as handle:
                    handle.write(f"edit {edits}\n")
                edits += 1
                time.sleep(0.001)
            # meanwhile a conversation changes, so the note's block must be rewritten
            conversation_note.write_text(
                conversation(
                    "2026-01-05", "Ada Lovelace", body=f"- [ ] a 📅 2027-01-{burst % 28 + 1:02d}\n"
                )
            )
            time.sleep(3 * quiet)
        time.sleep(1.0)
        rewrites = session.wrote("people/Ada Lovelace.md")
    text = person_note.read_text()
    lost = sum(f"edit {n}\n" not in text for n in range(edits))
    print(f"edits={edits} lost={lost} rewrites={rewrites}")
    assert lost == 0
    assert text.count("<!-- vaultrel:begin -->") == 1
    assert rewrites > 10


# the update seam: what one debounced batch of `watch` runs, without threads or sleeps ------


def watched(root: Path) -> Session:
    """The vault as `watch` holds it after its first index."""
    session = Session(root, load_config(root))
    session.start()
    return session


def never(path: str) -> bool:
    return False


@pytest.mark.parametrize("path", sorted(ADA))
def test_a_note_emptied_under_watch_is_refused_not_filled(make_vault: MakeVault, path: str) -> None:
    """RELIABILITY B25, as `index` does: a note emptied by a sync glitch or a crash is reported
    and not written, not even once its quiet period is over; the rest keeps its last state."""
    root = make_vault(ADA)
    session = watched(root)
    before = snapshot(root)
    (root / path).write_bytes(b"")
    first = session.update([path], hold=lambda p: p == path)  # changed by the user: held
    assert [(p.path, p.code) for p in first.problems] == [(path, "E_SUSPECT_TRUNCATION")]
    later = session.update([], hold=never)  # its quiet period is over
    assert (later.written, later.created) == ((), ())
    assert snapshot(root) == {**before, path: b""}


def test_a_note_gone_between_stat_and_read_is_a_deletion(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(ADA)
    session = watched(root)
    path = "people/Ada Lovelace.md"
    note = root / path
    note.write_text(note.read_text() + "more\n")
    read_file = fs.read_file

    def deleted_first(name: str, dir_fd: int | None = None) -> tuple[bytes, os.stat_result]:
        if name == str(note) and note.exists():
            note.unlink()  # after the watcher's stat, before its read
        return read_file(name, dir_fd)

    monkeypatch.setattr(fs, "read_file", deleted_first)
    result = session.update([path], hold=never)
    assert [p.code for p in result.problems if p.severity == "error"] == []
    assert result.changed == (path,)
    assert result.created == (path,)  # a participant without a note gets one again


def ada_with_two_calls(make_vault: MakeVault) -> tuple[Path, list[str]]:
    """A vault where Ada (people/Ada.md) had two conversations, and their paths."""
    calls = ["conversations/2026-01-05 call.md", "conversations/2026-02-09 walk.md"]
    root = make_vault(
        {
            "people/Ada.md": person("Ada"),
            calls[0]: conversation("2026-01-05", "Ada"),
            calls[1]: conversation("2026-02-09", "Ada"),
        }
    )
    return root, calls


def test_a_person_renamed_as_obsidian_does_leaves_no_note_under_the_old_name(
    make_vault: MakeVault,
) -> None:
    """DESIGN §6: Obsidian renames the file, then rewrites the links to it a moment later (here
    in a later batch); the old name, unresolved in between, must not get a note once nothing
    names it: a creation is decided in the vault as it is when it would be written."""
    root, calls = ada_with_two_calls(make_vault)
    session = watched(root)
    renamed = ["people/Ada.md", "people/Ada Lovelace.md"]
    os.rename(root / renamed[0], root / renamed[1])
    session.update(renamed, hold=lambda p: p in renamed)  # both within their quiet period
    for call in calls:
        (root / call).write_text((root / call).read_text().replace("[[Ada]]", "[[Ada Lovelace]]"))
    session.update(calls, hold=lambda p: p in renamed or p in calls)
    last = session.update([], hold=never)  # every quiet period is over
    assert last.created == ()
    assert not (root / "people/Ada.md").exists()
    text = (root / "people/Ada Lovelace.md").read_text()
    assert "[[2026-01-05 call]]" in text and "[[2026-02-09 walk]]" in text
    check = vaultrel.index(root, check=True)  # what a fresh run derives is what was written
    assert (check.written, check.created) == ((), ())


def test_mv_while_watch_runs_leaves_no_note_under_the_old_name(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DESIGN §5/§6: `mv` takes no lock; its writes are user edits to a running watch. Here the
    watch updates after each of mv's write steps, with no quiet period: at no step may a link
    lead nowhere (a note for the old name would be created), and mv still completes."""
    from click.testing import CliRunner

    from vaultrel.adapters.writer import Writer
    from vaultrel.cli import cli

    root, calls = ada_with_two_calls(make_vault)
    session = watched(root)
    write, remove, busy = Writer.write, Writer.remove, []
    created: list[str] = []

    def update() -> None:
        if not busy:  # the watch's own writes go through the writer too
            busy.append(True)
            result = session.update(["people/Ada.md", "people/Ada Lovelace.md", *calls], hold=never)
            created.extend(result.created)
            busy.clear()

    monkeypatch.setattr(Writer, "write", lambda self, writes: (write(self, writes), update()))
    monkeypatch.setattr(Writer, "remove", lambda self, w: (remove(self, w), update()))
    outcome = CliRunner().invoke(cli, ["mv", "Ada", "Ada Lovelace", "--vault", str(root)])
    monkeypatch.undo()
    assert outcome.exit_code == 0, outcome.stderr
    assert created == []
    assert not (root / "people/Ada.md").exists()
    text = (root / "people/Ada Lovelace.md").read_text()
    assert "[[2026-01-05 call]]" in text and "[[2026-02-09 walk]]" in text
    assert vaultrel.index(root, check=True).created == ()


def test_watch_starts_with_a_status_line(make_vault: MakeVault) -> None:
    root = make_vault({**ADA, "people/Alan Turing.md": person("Alan Turing")})
    with watching(root, quiet=0.3) as session:
        started = [line for line in session.lines if "watching" in line]
    assert len(started) == 1
    assert f"watching {root}: 3 notes, 2 people, quiet period 0.3s" in started[0]


def test_sighup_rereads_the_config_and_keeps_it_when_bad(make_vault: MakeVault) -> None:
    """The reload seam a SIGHUP sets off: new settings are taken, and the vault indexed under
    them; a bad vaultrel.toml is reported and the settings in use kept."""
    root = make_vault(ADA)
    (root / "vaultrel.toml").write_text(CONFIG.format(quiet=0.3, debounce=50))
    lines: list[str] = []
    problems: list[object] = []
    watcher = Watcher(root, load_config(root), log=lines.append, report=problems.extend)
    watcher.session = watched(root)

    (root / "vaultrel.toml").write_text(CONFIG.format(quiet=7, debounce=80))
    watcher.request_reload()
    assert watcher.reload_requested.is_set()
    watcher.reload()
    assert (watcher.quiet_s, watcher.debounce_s) == (7, 0.08)
    assert watcher.config == load_config(root)
    assert "quiet period 7s" in lines[-1] and not watcher.reload_requested.is_set()

    (root / "vaultrel.toml").write_text("[watch]\nquiet_seconds = 'soon'\n")
    watcher.reload()
    assert watcher.quiet_s == 7 and watcher.config.watch.quiet_seconds == 7
    assert [getattr(p, "code", None) for p in problems] == ["E_CONFIG"]
    assert "not reloaded" in lines[-1]

    (root / "vaultrel.toml").write_text(CONFIG.format(quiet=7, debounce=80))
    watcher.reload()
    assert lines[-1].endswith("no change")


def test_the_cyclic_collector_runs_for_watch_and_not_for_a_query(make_vault: MakeVault) -> None:
    """The command line turns the cyclic collector off for its short-lived commands; `watch`,
    which runs for days, turns it back on."""
    root = make_vault(ADA)
    script = (
        "import atexit, gc, sys\n"
        "import vaultrel.watch\n"
        "vaultrel.watch.Watcher.run = lambda self, *a, **k: print('watch', gc.isenabled())\n"
        "atexit.register(lambda: print(sys.argv[1], gc.isenabled()))\n"
        "from vaultrel.cli import main\n"
        "main()\n"
    )
    seen = []
    for command in ("people", "watch"):
        done = subprocess.run(
            [sys.executable, "-c", script, command, "--vault", str(root)],
            capture_output=True,
            text=True,
        )
        seen += [line for line in done.stdout.splitlines() if line.split(" ")[0] == command]
    assert seen == ["people False", "watch True", "watch True"]
