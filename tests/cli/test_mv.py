"""`vaultrel mv OLD NEW`: rename a note and rewrite exactly the links that led to it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import Invoke, MakeVault, snapshot

ADA = """---
aliases: [Ada]
cadence: 2w
---
Works with [[Grace Hopper]], see [Grace](./Grace%20Hopper.md) and [[#Notes]].

## Notes
Met at [[Acme]]. ^b1
"""

TALK = """---
with: ["[[Ada Lovelace]]", '[[Grace Hopper]]']
date: 2026-05-02
channel: call
org: "[[Acme]]"
---
Talked with [[Ada Lovelace|the Countess]] about [[Ada Lovelace#Notes]] and [[Ada Lovelace#^b1]].
![[Ada Lovelace]]
See [her note](../people/Ada%20Lovelace.md#Notes "title") and [again](<../people/Ada Lovelace.md>).
`[[Ada Lovelace]]` %% [[Ada Lovelace]] %% $[[Ada Lovelace]]$

| who | link |
| --- | --- |
| Ada | [[Ada Lovelace\\|Ada]] |

- [ ] send the deck to [[Ada]] 📅 2026-05-09
- [ ] ask [[Grace Hopper]] about COBOL #waiting

```
[[Ada Lovelace]] in code
```
"""

PLAN = "Ask [[Ada Lovelace]] (the project's own) and [[people/Ada Lovelace]].\n"


def _vault(make_vault: MakeVault) -> Path:
    return make_vault(
        {
            "people/Ada Lovelace.md": ADA,
            "people/Grace Hopper.md": "---\ncadence: 1m\n---\nCOBOL.\n",
            "orgs/Acme.md": "An org.\n",
            "conversations/2026-05-02 talk.md": TALK,
            # a same-named note in another folder: the links from its folder lead to it
            "projects/Ada Lovelace.md": "A project named after her.\n",
            "projects/plan.md": PLAN,
            "daily/2026-05-03.md": "Coffee with [[Ada Lovelace]] #coffee\n",
            "daily/2026-05-05.md": "Met [Ada](Ada%20Lovelace.md) again.\n",
        }
    )


def test_mv_rewrites_every_link_form_and_nothing_else(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    before = snapshot(root)
    outcome = invoke("mv", "people/Ada Lovelace.md", "Ada King", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    after = snapshot(root)
    assert "people/Ada Lovelace.md" not in after
    assert after["people/Ada King.md"] == ADA.encode()  # its own links still lead home
    talk = after["conversations/2026-05-02 talk.md"].decode()
    assert talk == (
        TALK.replace('["[[Ada Lovelace]]"', '["[[Ada King]]"')
        .replace("[[Ada Lovelace|the Countess]]", "[[Ada King|the Countess]]")
        .replace(
            "[[Ada Lovelace#Notes]] and [[Ada Lovelace#^b1]]",
            "[[Ada King#Notes]] and [[Ada King#^b1]]",
        )
        .replace("![[Ada Lovelace]]", "![[Ada King]]")
        .replace("../people/Ada%20Lovelace.md#Notes", "../people/Ada%20King.md#Notes")
        .replace("<../people/Ada Lovelace.md>", "<../people/Ada King.md>")
        .replace("[[Ada Lovelace\\|Ada]]", "[[Ada King\\|Ada]]")
    )
    assert "`[[Ada Lovelace]]` %% [[Ada Lovelace]] %% $[[Ada Lovelace]]$" in talk
    assert "send the deck to [[Ada]]" in talk  # through the alias: still leads there
    assert (
        after["projects/plan.md"] == b"Ask [[Ada Lovelace]] (the project's own) and [[Ada King]].\n"
    )
    assert after["daily/2026-05-03.md"] == b"Coffee with [[Ada King]] #coffee\n"
    assert after["daily/2026-05-05.md"] == b"Met [Ada](Ada%20King.md) again.\n"
    untouched = {"people/Grace Hopper.md", "orgs/Acme.md", "projects/Ada Lovelace.md"}
    assert all(after[path] == before[path] for path in untouched)
    assert "rewrote links in conversations/2026-05-02 talk.md" in outcome.stdout
    assert "rewrote links in projects/plan.md" in outcome.stdout


def test_mv_into_another_folder_keeps_relative_links_relative(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    outcome = invoke("mv", "Ada Lovelace", "archive/Ada King", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    moved = (root / "archive" / "Ada King.md").read_text()
    assert "[Grace](../people/Grace%20Hopper.md)" in moved and "[[Grace Hopper]]" in moved
    talk = (root / "conversations" / "2026-05-02 talk.md").read_text()
    assert '[her note](../archive/Ada%20King.md#Notes "title")' in talk
    assert "[again](<../archive/Ada King.md>)" in talk
    assert "[[Ada King|the Countess]]" in talk


def test_mv_then_index_keeps_every_fact(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    assert invoke("index", "--vault", root).exit_code == 0
    people = invoke("people", "--json", "--vault", root).stdout
    assert invoke("mv", "Ada Lovelace", "Ada King", "--vault", root).exit_code == 0
    assert invoke("index", "--vault", root).exit_code == 0
    assert invoke("index", "--check", "--vault", root).exit_code == 0
    assert not (root / "people" / "Ada Lovelace.md").exists()  # no note for the old name
    renamed = invoke("people", "--json", "--vault", root).stdout
    expected = json.loads(people.replace("Ada Lovelace", "Ada King"))
    assert json.loads(renamed) == sorted(expected, key=lambda p: p["name"].lower())


def test_mv_dry_run_lists_each_line_and_writes_nothing(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    before = snapshot(root)
    outcome = invoke("mv", "people/Ada Lovelace", "Ada King", "--dry-run", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert "would rename people/Ada Lovelace.md → people/Ada King.md" in outcome.stdout
    assert "daily/2026-05-03.md:1: Coffee with [[Ada Lovelace]] #coffee" in outcome.stdout
    assert "Coffee with [[Ada King]] #coffee" in outcome.stdout
    assert "conversations/2026-05-02 talk.md:2:" in outcome.stdout
    assert snapshot(root) == before


def test_mv_refuses_a_name_that_would_capture_links(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    (root / "daily" / "2026-05-04.md").write_text("Who is [[Ada King]]?\n")
    before = snapshot(root)
    outcome = invoke("mv", "Ada Lovelace", "Ada King", "--vault", root)
    assert outcome.exit_code == 2
    assert "daily/2026-05-04.md:1:" in outcome.stderr and "[E_MV_CAPTURE]" in outcome.stderr
    assert snapshot(root) == before


def test_mv_refuses_without_writing(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    before = snapshot(root)
    for args, code in (
        (("Ada Lovelace", "Grace Hopper"), "E_EXISTS"),
        (("Ada Lovelace", "grace hopper"), "E_EXISTS"),
        (("Ada Lovelace", "Ada: King"), "E_NAME_INVALID"),
        (("Nobody Here", "Somebody"), "E_NOTE_NOT_FOUND"),
    ):
        outcome = invoke("mv", *args, "--vault", root)
        assert outcome.exit_code == 2, (args, outcome.stderr)
        assert f"[{code}]" in outcome.stderr
    assert snapshot(root) == before


def test_mv_is_journaled_and_restore_brings_the_old_note_back(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    before = snapshot(root)
    assert invoke("mv", "Ada Lovelace", "Ada King", "--vault", root).exit_code == 0
    changed = sorted(path for path, data in snapshot(root).items() if before.get(path) != data)
    changed.remove("people/Ada King.md")
    for path in ["people/Ada Lovelace.md", *changed]:
        assert invoke("restore", path, "--vault", root).exit_code == 0, path
    (root / "people" / "Ada King.md").unlink()
    assert snapshot(root) == before


def test_mv_keeps_front_matter_quoting(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    outcome = invoke("mv", "Grace Hopper", "Grace O'Hopper", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    talk = (root / "conversations" / "2026-05-02 talk.md").read_text()
    assert "with: [\"[[Ada Lovelace]]\", '[[Grace O''Hopper]]']\n" in talk
    assert "- [ ] ask [[Grace O'Hopper]] about COBOL #waiting" in talk
    people = invoke("people", "--json", "--vault", root).json()
    assert "Grace O'Hopper" in [person["name"] for person in people]  # type: ignore[index]


def test_mv_renames_a_conversation_and_its_thread_links(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    later = (
        '---\nwith: ["[[Ada Lovelace]]"]\ndate: 2026-06-01\nfollows: "[[2026-05-02 talk]]"\n---\n'
    )
    (root / "conversations" / "2026-06-01 follow-up.md").write_text(later)
    invoke("index", "--vault", root)
    outcome = invoke(
        "mv", "conversations/2026-05-02 talk", "2026-05-02 launch call", "--vault", root
    )
    assert outcome.exit_code == 0, outcome.stderr
    text = (root / "conversations" / "2026-06-01 follow-up.md").read_text()
    assert 'follows: "[[2026-05-02 launch call]]"\n' in text
    assert invoke("index", "--vault", root).exit_code == 0
    assert "[[2026-05-02 launch call]]" in (root / "people" / "Ada Lovelace.md").read_text()
    assert invoke("index", "--check", "--vault", root).exit_code == 0


def test_mv_leaves_a_note_alone_when_its_links_read_the_same(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    """Moving Ada into a folder keeps `[[Ada]]` and `[a](Ada.md)`-style links that still lead
    to her as they are: those notes are not written, nor journaled."""
    root = make_vault(
        {
            "people/Ada.md": "x",
            "people/Grace.md": "---\n---\n[[Ada]]\n",
            "daily/2026-05-02.md": "Saw [Ada](../people/Ada.md).\n",
        }
    )
    before = snapshot(root)
    stats = {path: os.stat(root / path).st_mtime_ns for path in before}
    outcome = invoke("mv", "ada", "people/archive/Ada", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    after = snapshot(root)
    assert after["people/Grace.md"] == before["people/Grace.md"]
    assert os.stat(root / "people/Grace.md").st_mtime_ns == stats["people/Grace.md"]
    assert "people/Grace.md" not in outcome.stdout
    assert "daily/2026-05-02.md" in outcome.stdout  # its relative link did change
    assert after["daily/2026-05-02.md"] == b"Saw [Ada](../people/archive/Ada.md).\n"
    listed = invoke("restore", "people/Grace.md", "--list", "--vault", root)
    assert listed.stdout == "No earlier version of people/Grace.md is kept.\n"  # not journaled
