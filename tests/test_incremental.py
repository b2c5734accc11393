"""Incremental updates (what `watch` runs) agree with indexing from scratch, for all edits.

Hypothesis edits a small vault that has every kind of link the graph knows (participants,
mentions on task lines, threads, orgs, aliases, shared names, unresolved participants whose
notes get created), one step at a time, and after each `Session.update` (white-box: the
session's own graph and facts are compared):
- the patched graph equals `build_graph` of the same notes, and the facts equal `derive`'s;
- a fresh index of the files finds nothing to write (the vault is exactly up to date).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import snapshot
from vaultrel.config import load_config
from vaultrel.core.derive import derive
from vaultrel.core.graph import Graph, build_graph
from vaultrel.engine import index_vault
from vaultrel.session import Session

PEOPLE = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson"]
NAMES = [*PEOPLE, "Edsger Dijkstra", "Barbara Liskov"]  # the last two have no note at first


def person(name: str, aliases: list[str] | None = None, kind: str = "person") -> str:
    alias = f"aliases: [{', '.join(aliases)}]\n" if aliases else ""
    return f"---\ntype: {kind}\n{alias}org: '[[Acme]]'\ncadence: 2w\n---\n{name}.\n"


def conversation(day: int, people: list[str], follows: int | None, task: str, awaiting: str) -> str:
    lines = ["---", f"date: 2026-03-{day:02d}", "with:"]
    lines += [f'  - "[[{p}]]"' for p in people]
    if follows is not None:
        lines.append(f'follows: "[[2026-03-{follows:02d} talk]]"')
    if awaiting:
        lines.append(f"awaiting: {awaiting}")
    lines += ["---", f"- [ ] {task} 📅 2026-04-{day:02d}", f"- [ ] ask [[{NAMES[day % 6]}]]"]
    lines += ["![[Ada Lovelace.png]]" if day % 3 == 0 else "", ""]
    return "\n".join(lines)


def daily(day: int, lines: list[tuple[str, list[str], str]]) -> str:
    """A daily note logging conversations: (where, people, nested task) per line; `where` is
    the Conversations heading, a channel tag, or neither (a mere mention)."""
    top = [
        f"- {where} with {' and '.join(f'[[{p}]]' for p in people)}" for where, people, _ in lines
    ]
    body = ["## Conversations"]
    for line, (where, _, task) in zip(top, lines, strict=True):
        text = line.replace("- heading ", "- ").replace("- mention ", "- ")
        if where != "heading":
            body.insert(0, text)
            continue
        body.append(text)
        if task:
            body.append(f"  - [ ] {task}")
    return "\n".join([f"Day {day}.", *body, ""])


BASE = {
    "orgs/Acme.md": "---\ntype: org\n---\nAcme.\n",
    **{f"people/{name}.md": person(name) for name in PEOPLE},
    "archive/Grace Hopper.md": "An older note under a shared name.\n",
    **{
        f"conversations/2026-03-{day:02d} talk.md": conversation(
            day, [PEOPLE[day % 4], PEOPLE[(day + 1) % 4]], day - 1 if day > 1 else None, "x", ""
        )
        for day in range(1, 6)
    },
    "daily/2026-03-04.md": daily(4, [("heading", ["Ada Lovelace"], "send [[Alan Turing]] x")]),
}

conversation_edits = st.builds(
    lambda day, people, follows, task, awaiting: (
        "write",
        f"conversations/2026-03-{day:02d} talk.md",
        conversation(day, people, follows, task, awaiting),
    ),
    st.integers(1, 8),
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
    st.none() | st.integers(1, 8),
    st.sampled_from(["send the deck", "call back", "write up"]),
    st.sampled_from(["", "me", "them"]),
)
daily_edits = st.builds(
    lambda day, lines: ("write", f"daily/2026-03-{day:02d}.md", daily(day, lines)),
    st.integers(3, 9),
    st.lists(
        st.tuples(
            st.sampled_from(["heading", "#call", "mention"]),
            st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True),
            st.sampled_from(["", "book it", "ask [[Grace Hopper]] #waiting", "x #ask"]),
        ),
        max_size=3,
    ),
)
person_edits = st.builds(
    lambda name, aliases, kind: ("write", f"people/{name}.md", person(name, aliases, kind)),
    st.sampled_from(NAMES),
    st.none() | st.lists(st.sampled_from(["Ada", "Al", "Grace"]), max_size=2, unique=True),
    st.sampled_from(["person", "person", "person", "plain"]),
)
deletions = st.builds(
    lambda path: ("delete", path, ""),
    st.sampled_from(
        [
            *(f"people/{n}.md" for n in NAMES),
            *(f"conversations/2026-03-{d:02d} talk.md" for d in (1, 3, 7)),
            "daily/2026-03-04.md",
        ]
    ),
)
renames = st.builds(
    lambda old, new: ("rename", f"people/{old}.md", f"people/{new}.md"),
    st.sampled_from(PEOPLE),
    st.sampled_from(["Ada King", "Grace Brewster", "Alan M. Turing"]),
)
other_files = st.builds(  # a link target, and an editor's temp file nobody links
    lambda action, name: (action, f"assets/{name}", "binary"),
    st.sampled_from(["write", "delete"]),
    st.sampled_from(["Ada Lovelace.png", "sedX1y2Z3"]),
)
steps = st.lists(
    st.one_of(conversation_edits, daily_edits, person_edits, deletions, renames, other_files),
    max_size=6,
)


def never(path: str) -> bool:
    return False


def apply(root: Path, step: tuple[str, str, str]) -> list[str]:
    action, path, arg = step
    target = root / path
    if action == "write":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(arg)
        return [path]
    if not target.exists():
        return [path]
    if action == "delete":
        target.unlink()
        return [path]
    target.rename(root / arg)
    return [path, arg]


def shape(graph: Graph) -> dict[str, Any]:
    """Everything the graph holds, with empty entries dropped and lists kept in order."""

    def clean(mapping: dict[Any, Any], convert: Callable[[Any], Any] = list) -> dict[Any, Any]:
        return {key: convert(value) for key, value in mapping.items() if value}

    return {
        "notes": graph.notes,
        "participants": clean(graph.participants, tuple),
        "conversations_of": clean(graph.conversations_of),
        "backlinks": clean(graph.backlinks),
        "outgoing": clean(graph.outgoing),
        "previous": dict(graph.previous),
        "next": clean(graph.next),
        "members": clean(graph.members),
        "line_people": dict(graph.line_people),
        "logged": dict(graph.logged),
        "logged_in": dict(graph.logged_in),
        "missing": clean(graph.missing),
        "naming": clean(graph.naming(), set),
        "problems": sorted(set(graph.problems), key=lambda p: p.sort_key()),
    }


@pytest.mark.slow
@settings(max_examples=100)
@given(steps)
def test_updates_agree_with_a_fresh_index(tmp_path_factory: Any, edits: list[Any]) -> None:
    root = tmp_path_factory.mktemp("vault")
    for path, text in BASE.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    indexer = Session(root, load_config(root))
    indexer.start()
    for step in edits:
        dated = {p: b for p, b in snapshot(root).items() if p.startswith("daily/")}
        changed = apply(root, step)
        indexer.update(changed, hold=never)
        assert {p: b for p, b in snapshot(root).items() if p in dated and p not in changed} == {
            p: b for p, b in dated.items() if p not in changed
        }, "a dated note was written"
        assert indexer.graph is not None
        fresh = build_graph(indexer.notes.values(), indexer.listing.attachments)
        assert shape(indexer.graph) == shape(fresh), step
        assert indexer.facts == derive(fresh), step
        check = index_vault(root, mode="check")
        assert (check.written, check.created) == ([], []), step
    shutil.rmtree(root)
