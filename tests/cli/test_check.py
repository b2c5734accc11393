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
    "people/Edited.md": "Hi.\n\n" + block("## Relationship\nmy own text", "## Relationship"),
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
    assert outcome.stdout == (  # the problems are check's output: `check > problems.txt`
        "vaultrel: daily/d.md:1: unresolved link [[Nobody]]: no note has this name "
        "[W_LINK_UNRESOLVED] — create the note, or fix the link\n"
        "1 problem (0 errors)\n"
    )
    assert outcome.stderr == ""


def test_participants_written_as_plain_names_are_reported_with_the_fix(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "people/Fay.md": "",
            "people/Gus.md": "",
            "conversations/2026-05-02 a.md": "---\ndate: 2026-05-02\nwith: [Fay, Gus]\n---\n",
            "conversations/2026-05-03 b.md": (
                '---\ndate: 2026-05-03\nwith:\n  - "[[Fay]]"\n  - Gus\n---\n'
            ),
        }
    )
    outcome = invoke("check", "--vault", root)
    assert (outcome.exit_code, outcome.stderr) == (1, "")
    assert outcome.stdout == (
        "vaultrel: conversations/2026-05-02 a.md:3: with: Fay, Gus are names, not links, "
        "so not participants [W_PARTICIPANT_NOT_LINK] — write "
        'with: ["[[Fay]]", "[[Gus]]"]\n'
        "vaultrel: conversations/2026-05-03 b.md:3: with: Gus is a name, not a link, "
        "so not a participant [W_PARTICIPANT_NOT_LINK] — write "
        'with: ["[[Fay]]", "[[Gus]]"]\n'
        "2 problems (0 errors)\n"
    )


def test_files_in_the_templates_folders_are_link_targets_not_notes(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            ".obsidian/templates.json": '{"folder": "Templates"}',
            "Templates/People.base": "views: []\n",
            "Templates/person.md": "---\ntype: person\n---\n",
            "Templates/sub/meeting.md": '---\nwith: ["[[{{name}}]]"]\n---\n',
            "templates/conversation.md": '---\nwith: ["[[{{name}}]]"]\n---\n',
            "people/Ada.md": (
                "![[People.base]]\nFrom [[person]], [[Templates/person]], [[meeting]] "
                "and [[conversation]].\nNot [[nowhere]].\n"
            ),
        }
    )
    before = snapshot(root)
    outcome = invoke("check", "--vault", root)
    assert (outcome.exit_code, outcome.stderr) == (1, "")
    assert outcome.stdout == (
        "vaultrel: people/Ada.md:3: unresolved link [[nowhere]]: no note has this name "
        "[W_LINK_UNRESOLVED] — create the note, or fix the link\n"
        "1 problem (0 errors)\n"
    )
    names = invoke("people", "--vault", root, "--json").json()
    assert isinstance(names, list) and [p["name"] for p in names] == ["Ada"]
    assert invoke("index", "--vault", root).exit_code == 0

    def templates(files: dict[str, bytes]) -> dict[str, bytes]:
        return {path: data for path, data in files.items() if "emplates/" in path}

    assert templates(snapshot(root)) == templates(before)  # never written


def test_an_impossible_date_gets_one_message(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            "people/Ada.md": "",
            "conversations/talk.md": '---\ndate: 2026-02-30\nwith: ["[[Ada]]"]\n---\n',
            "conversations/2026-05-02 call.md": '---\ndate: someday\nwith: ["[[Ada]]"]\n---\n',
            "conversations/2026-05-03 tea.md": (
                '---\ndate: 2026-05-03\nwith: ["[[Ada]]"]\n---\n- [ ] pay 📅 2026-02-30\n'
            ),
        }
    )
    outcome = invoke("check", "--vault", root)
    assert outcome.stdout == (
        "vaultrel: conversations/2026-05-02 call.md:2: unreadable date 'someday' "
        "[W_DATE_INVALID] — write the date as YYYY-MM-DD\n"
        "vaultrel: conversations/2026-05-03 tea.md:5: impossible due date 2026-02-30 "
        "[W_DATE_INVALID] — fix the date; the task counts as undated until then\n"
        "vaultrel: conversations/talk.md:2: impossible date 2026-02-30 [W_DATE_INVALID] "
        "— write the date as YYYY-MM-DD; until then the conversation does not count\n"
        "3 problems (0 errors)\n"
    )


def test_names_differing_only_by_invisible_characters_are_reported(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "people/Ada.md": "",
            "people/Ada\u200b.md": "",  # a zero-width space: looks like Ada, links apart
            "people/Grace.md": "---\naliases: ['Amaz\u202eing']\n---\n",
            "people/Amazing.md": "",
            "people/👩‍💻 Dev.md": "",  # a ZWJ emoji sequence is not hidden
            "people/👩💻 Dev.md": "",
        }
    )
    _, problems = check_json(invoke, root)
    hidden = [p for p in problems if "invisible" in p["message"]]
    assert [(p["path"], p["message"]) for p in hidden] == [
        (
            "people/Ada\u200b.md",
            '"Ada<U+200B>" differs from "Ada" (people/Ada.md) only by invisible characters',
        ),
        (
            "people/Grace.md",
            '"Amaz<U+202E>ing" differs from "Amazing" (people/Amazing.md) only by invisible '
            "characters",
        ),
    ]


def test_vaultrels_recovered_copies_are_listed_never_read_or_written(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    """A `… (vaultrel recovered …).md` holds an edit made while vaultrel wrote the note (R10):
    like a sync-conflict copy, it is not a note (it would count the note's conversations and
    promises twice) until merged by hand."""
    talk = "---\ndate: 2026-05-02\nwith: ['[[Ada]]']\n---\n- [ ] send the deck 📅 2026-05-09\n"
    recovered = {
        "people/Ada (vaultrel recovered 20260502T101010Z).md": "---\ncadence: 2w\n---\nMy edit.\n",
        "conversations/2026-05-02 call (vaultrel recovered 20260502T101011Z).md": talk,
    }
    root = make_vault(
        {"people/Ada.md": "---\ncadence: 2w\n---\n", "conversations/2026-05-02 call.md": talk}
        | recovered
    )
    assert invoke("index", "--vault", root).exit_code == 0
    for path, text in recovered.items():
        assert (root / path).read_text() == text  # never written
    people = invoke("people", "--vault", root, "--json").json()
    assert isinstance(people, list) and [p["name"] for p in people] == ["Ada"]
    agenda = invoke("agenda", "--vault", root, "--today", "2026-05-03", "--json").stdout
    assert agenda.count("send the deck") == 1  # the copy's promise is not counted twice
    _, problems = check_json(invoke, root)
    listed = {p["path"]: p for p in problems if p["code"] == "W_RECOVERED"}
    assert set(listed) == set(recovered)
    assert (
        "people/Ada.md" in listed["people/Ada (vaultrel recovered 20260502T101010Z).md"]["message"]
    )


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
        reported = outcome.stdout if command == "check" else outcome.stderr  # check's output
        assert outcome.exit_code == 1, (command, outcome.stderr)
        assert f"vaultrel: {bad}" in reported and f"[{code}]" in reported, command
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
