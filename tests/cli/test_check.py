"""`vaultrel check`: one problem of every kind planted in a vault, and exactly those reported."""

from __future__ import annotations

import errno
import hashlib
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, MakeVault, snapshot
from vaultrel.adapters import fs


def block(content: str, hash_of: str | None = None) -> str:
    """A generated block whose end marker carries the hash of `hash_of` (default: content)."""
    digest = hashlib.sha256((hash_of or content).encode()).hexdigest()[:8]
    return f"<!-- vaultrel:begin -->\n{content}\n<!-- vaultrel:end hash={digest} -->\n"


HIDDEN = (
    "Links that are not links:\n\n"
    "```\n[[Nowhere in a fence]]\n```\n\n"
    "    [[Nowhere indented]]\n\n"
    "`[[Nowhere inline]]` <!-- [[Nowhere commented]] --> %% [[Nowhere in Obsidian comment]] %%\n"
    "$[[Nowhere in math]]$\n\n" + block("- [[Nowhere generated]]")
)

PLANTED: dict[str, str | bytes] = {
    "people/Ada Lovelace.md": "---\naliases: [Adie]\n---\n",
    "people/Grace.md": "---\naliases: [Amazing]\n---\n",
    "people/Hopper.md": "---\naliases: [amazing]\n---\n",
    "people/José.md": "",
    "people/Jose.md": "",
    "people/Kim.md": "---\ncadence: 2w\n---\nKim.\n",
    "people/Kim 2.md": "---\ncadence: 2w\n---\nKim, again.\n",
    "people/Dup.md": "---\ncadence: 2w\ncadence: 3w\n---\n",
    "people/Open.md": "Hi.\n\n<!-- vaultrel:begin -->\nstray\n",
    "people/Edited.md": "Hi.\n\n" + block("### Relationship\nmy own text", "### Relationship"),
    "conversations/2026-05-02 Ada.md": (
        '---\ndate: 2026-05-02\nwith: ["[[Adie]]", "[[New Person]]", "[[Project X]]"]\n---\n'
        "Talked about [[Missing note]] and [[Same]].\n"
    ),
    "conversations/undated.md": "---\nwith: [[Ada Lovelace]]\n---\nSome day.\n",
    "projects/Project X.md": "A project.\n",
    "a/Same.md": "",
    "b/Same.md": "",
    "people/Ada Lovelace.sync-conflict-20260112-003022-FUKIKK4.md": "---\n---\n",
    "notes/draft.md~": "old",
    "notes/C# tips.md": HIDDEN,
}

EXPECTED = {
    ("conversations/2026-05-02 Ada.md", 3, "W_LINK_ALIAS"),
    ("conversations/2026-05-02 Ada.md", 3, "W_LINK_UNRESOLVED"),  # New Person, to be created
    ("conversations/2026-05-02 Ada.md", 3, "W_PARTICIPANT_NOT_PERSON"),
    ("conversations/2026-05-02 Ada.md", 5, "W_LINK_UNRESOLVED"),  # Missing note
    ("conversations/2026-05-02 Ada.md", 5, "W_LINK_AMBIGUOUS"),
    ("conversations/undated.md", None, "W_CONVERSATION_NO_DATE"),
    ("conversations/undated.md", 2, "W_FM_UNQUOTED_LINK"),
    ("people/Grace.md", None, "W_DUPLICATE_NAME"),
    ("people/Hopper.md", None, "W_DUPLICATE_NAME"),
    ("people/José.md", None, "W_POSSIBLE_DUPLICATE"),
    ("people/Jose.md", None, "W_POSSIBLE_DUPLICATE"),
    ("people/Kim 2.md", None, "W_POSSIBLE_DUPLICATE"),
    ("people/Dup.md", 3, "E_FM_DUPKEY"),
    ("people/Open.md", 3, "E_MARKER_UNBALANCED"),
    ("people/Edited.md", 6, "E_OWNED_EDITED"),
    ("people/Ada Lovelace.sync-conflict-20260112-003022-FUKIKK4.md", None, "W_SYNC_CONFLICT"),
    ("notes/draft.md~", None, "W_LEFTOVER"),
    ("notes/C# tips.md", None, "W_NAME_UNLINKABLE"),
}


def check_json(invoke: Invoke, root: Path) -> tuple[int, list[dict[str, Any]]]:
    outcome = invoke("check", "--vault", root, "--json")
    data = outcome.json()
    assert isinstance(data, list)
    return outcome.exit_code, data


def test_every_planted_problem_and_nothing_else(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(PLANTED)
    before = snapshot(root)
    exit_code, problems = check_json(invoke, root)
    assert exit_code == 1
    assert {(p["path"], p["line"], p["code"]) for p in problems} == EXPECTED
    assert len(problems) == len(EXPECTED)
    assert snapshot(root) == before  # check writes no note, and creates none
    assert all(set(p) == {"code", "severity", "path", "line", "message", "hint"} for p in problems)
    assert [(p["path"], p["line"] or 0) for p in problems] == sorted(
        (p["path"], p["line"] or 0) for p in problems
    )


def test_messages_name_what_is_wrong(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(PLANTED)
    problems = {(p["path"], p["code"], p["line"]): p for p in check_json(invoke, root)[1]}
    missing = problems[("conversations/2026-05-02 Ada.md", "W_LINK_UNRESOLVED", 5)]
    assert "[[Missing note]]" in missing["message"]
    created = problems[("conversations/2026-05-02 Ada.md", "W_LINK_UNRESOLVED", 3)]
    assert "[[New Person]]" in created["message"] and "people/New Person.md" in created["hint"]
    grace = problems[("people/Grace.md", "W_DUPLICATE_NAME", None)]
    assert '"Amazing"' in grace["message"] and "people/Hopper.md" in grace["message"]
    jose = problems[("people/Jose.md", "W_POSSIBLE_DUPLICATE", None)]
    assert "people/José.md" in jose["message"]
    conflict = problems[
        ("people/Ada Lovelace.sync-conflict-20260112-003022-FUKIKK4.md", "W_SYNC_CONFLICT", None)
    ]
    assert "people/Ada Lovelace.md" in conflict["message"]
    assert problems[("people/Dup.md", "E_FM_DUPKEY", 3)]["severity"] == "error"


def test_case_and_unicode_form_variants_are_duplicates(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "people/Zoë.md": "",
            "people/old/zoë.md": "",
            "people/Zoe\u0308 Ruiz.md": "---\naliases: [ZOË]\n---\n",
            "notes/Idea.md": "",
            "notes/idea.md": "",
            "notes/Index.md": "",
            "projects/Index.md": "",  # the same name in two folders is ordinary
        }
    )
    _, problems = check_json(invoke, root)
    duplicates = {p["path"] for p in problems if p["code"] == "W_DUPLICATE_NAME"}
    assert duplicates == {
        "people/Zoë.md",
        "people/old/zoë.md",
        "people/Zoe\u0308 Ruiz.md",
        "notes/Idea.md",
        "notes/idea.md",
    }


def test_a_clean_vault_exits_0(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            "people/Ada.md": "---\ncadence: 2w\n---\n",
            "conversations/2026-05-02 Ada.md": '---\nwith: ["[[Ada]]"]\n---\nHi [[Ada]].\n',
        }
    )
    outcome = invoke("check", "--vault", root)
    assert (outcome.exit_code, outcome.stdout, outcome.stderr) == (0, "No problems.\n", "")
    assert check_json(invoke, root) == (0, [])


def test_terminal_output_is_one_line_per_problem(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"daily/d.md": "See [[Nobody]].\n"})
    outcome = invoke("check", "--vault", root)
    assert outcome.exit_code == 1
    assert outcome.stderr == (
        "vaultrel: daily/d.md:1: unresolved link [[Nobody]]: no note has this name "
        "[W_LINK_UNRESOLVED] — create the note, or fix the link\n"
    )
    assert outcome.stdout == "1 problem (0 errors)\n"


UNREADABLE = [  # (what, code, bytes)
    (
        "latin-1",
        "E_ENCODING",
        "---\ndate: 2026-05-03\nwith: ['[[Ada]]']\n---\nCafé\n".encode("latin-1"),
    ),
    ("utf-16", "E_ENCODING", "---\ndate: 2026-05-03\n---\n- [ ] reply\n".encode("utf-16")),
    ("nul", "E_BINARY", b"---\ndate: 2026-05-03\n---\n- [ ] reply\x00\n"),
    ("too-large", "E_TOO_LARGE", b"- [ ] reply\n" + b"x" * (10 * 1024 * 1024)),
]


@pytest.mark.parametrize("before", ["people", "check", "agenda", "index --check"])
@pytest.mark.parametrize(
    ("code", "data"), [u[1:] for u in UNREADABLE], ids=[u[0] for u in UNREADABLE]
)
def test_an_unreadable_note_is_reported_by_every_run(
    make_vault: MakeVault, invoke: Invoke, before: str, code: str, data: bytes
) -> None:
    """Whatever ran before, and however often, a note that cannot be read stays reported with
    exit 1 (DESIGN §4 Fail closed, §5): its links and tasks are missing from every answer."""
    bad = "conversations/2026-05-03 bad.md"
    root = make_vault(
        {
            "people/Ada.md": "---\ncadence: 2w\n---\nAda.\n",
            "conversations/2026-05-02 Ada.md": '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\n---\n',
            bad: data,
        }
    )
    old = time.time() - 3600  # not racy (RELIABILITY R2): the store may answer for it
    for path in root.rglob("*.md"):
        os.utime(path, (old, old))
    for command in (before, "index", before, "index --check", "index", "check", before):
        outcome = invoke(*command.split(), "--vault", root)
        assert outcome.exit_code == 1, (command, outcome.stderr)
        assert f"vaultrel: {bad}" in outcome.stderr and f"[{code}]" in outcome.stderr, command
    outcome = invoke("index", "--json", "--vault", root)
    assert outcome.exit_code == 1
    assert isinstance(summary := outcome.json(), dict)
    assert [(p["path"], p["code"]) for p in summary["problems"]] == [(bad, code)]
    assert (bad, code) in {(p["path"], p["code"]) for p in check_json(invoke, root)[1]}
    (root / bad).write_text('---\ndate: 2026-05-03\nwith: ["[[Ada]]"]\n---\n')  # fixed
    outcome = invoke("index", "--vault", root)
    assert (outcome.exit_code, outcome.stderr) == (0, "")
    assert "last_spoke: 2026-05-03" in (root / "people/Ada.md").read_text()


def test_a_note_that_could_not_be_read_is_read_again(
    make_vault: MakeVault, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that failed (E_IO: a flaky disk, a file not yet downloaded) says nothing about the
    next one: the note is not cached, and the next run reads it."""
    call = "conversations/2026-05-02 Ada.md"
    root = make_vault(
        {
            "people/Ada.md": "---\ncadence: 2w\n---\nAda.\n",
            call: '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\n---\n',
        }
    )
    old = time.time() - 3600  # not racy (RELIABILITY R2): the store may answer for it
    for path in root.rglob("*.md"):
        os.utime(path, (old, old))
    read_file = fs.read_file

    def failing(name: str, dir_fd: int | None = None) -> tuple[bytes, os.stat_result]:
        if name.endswith(call):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return read_file(name, dir_fd)

    with monkeypatch.context() as patched:
        patched.setattr(fs, "read_file", failing)
        outcome = invoke("people", "--vault", root)
        assert outcome.exit_code == 1 and f"vaultrel: {call}" in outcome.stderr
    outcome = invoke("index", "--vault", root)
    assert (outcome.exit_code, outcome.stderr) == (0, "")
    assert "last_spoke: 2026-05-02" in (root / "people/Ada.md").read_text()
