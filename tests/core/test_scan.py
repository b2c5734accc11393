"""The scanner's block structure: HTML blocks (CommonMark §4.6, DESIGN §3).

An HTML block's lines are text: the links in them count, as they did when the scanner read
them as a paragraph, but they open no block: a fence line, a list item or an indented line in
one is neither a fence, a task nor code. Each row is a note, its links as (target, 1-based
line) and its task lines.
"""

from __future__ import annotations

import pytest

from tests.conftest import Invoke, MakeVault
from vaultrel.config import Config
from vaultrel.core.notes import parse_note

CASES: dict[str, tuple[str, set[tuple[str, int]], set[int]]] = {
    # type 1: <pre>, <script>, <style>, <textarea>, until a line with their end tag
    "pre-fence-opens-no-fence": ("<pre>\n```\n</pre>\n\n- [ ] call [[Ada]]\n", {("Ada", 5)}, {5}),
    "pre-survives-blank-lines": ("<pre>\n\n```\n\n</pre>\n[[Ada]]\n", {("Ada", 6)}, set()),
    "pre-any-case": (
        "<PRE class='x'>\n~~~\n</Pre> [[p]]\n[[Ada]]\n",
        {("p", 3), ("Ada", 4)},
        set(),
    ),
    "script-ended-by-other-end-tag": ("<script>\n```\n</style>\n```\n[[Ada]]\n", set(), set()),
    "pre-closed-on-its-line": ("<pre>x</pre>\n```\n[[Ada]]\n", set(), set()),
    "pre-tag-name-must-end": ("<prelude>\n```\n[[Ada]]\n", {("Ada", 3)}, set()),
    "pre-interrupts-paragraph": ("text\n<pre>\n```\n</pre>\n[[Ada]]\n", {("Ada", 5)}, set()),
    "pre-in-quote": ("> <pre>\n> ```\n> </pre>\n> [[Ada]]\n", {("Ada", 4)}, set()),
    "pre-ends-with-its-list-item": ("- a\n  <pre>\n\n```\n[[Ada]]\n", set(), set()),
    # types 3-5: <? ?>, <!X >, <![CDATA[ ]]>
    "processing-instruction": ("<?php\n```\n?>\n[[Ada]]\n", {("Ada", 4)}, set()),
    "declaration-closed-on-its-line": ("<!DOCTYPE html>\n```\n[[Ada]]\n", set(), set()),
    "cdata": ("<![CDATA[\n```\n]]>\n[[Ada]]\n", {("Ada", 4)}, set()),
    # type 6: block tags, until a blank line
    "div-task-is-no-task": ("<div>\n- [ ] call [[Ada]]\n</div>\n", {("Ada", 2)}, set()),
    "div-indented-line-is-no-code": ("<div>\n    [[Ada]]\n</div>\n", {("Ada", 2)}, set()),
    "div-ends-at-blank-line": ("<div>\n```\n\n```\n[[Ada]]\n", set(), set()),
    "closing-div-starts-a-block": ("</div>\n```\n\n- [ ] x [[Ada]]\n", {("Ada", 4)}, {4}),
    "details-interrupts-paragraph": ("a\n<details>\n```\n\n[[Ada]]\n", {("Ada", 5)}, set()),
    "div-indented-4-is-code": ("    <div>\n```\n[[Ada]]\n", set(), set()),
    # type 7: any other complete tag alone on its line; it cannot interrupt a paragraph
    "span-alone": ('<span class="x">\n```\n\n[[Ada]]\n', {("Ada", 4)}, set()),
    "closing-tag-alone": ("</span>\n```\n[[Ada]]\n", {("Ada", 3)}, set()),
    "span-in-paragraph-is-text": ("a\n<span>\n```\n[[Ada]]\n", set(), set()),
    "tag-then-text-is-paragraph": ("<span>x\n```\n[[Ada]]\n", set(), set()),
    # comments and links inside an HTML block
    "comment-in-div-hides": ("<div>\n<!-- [[Ada]] -->\n[[p]]\n", {("p", 3)}, set()),
}


@pytest.mark.parametrize(("text", "links", "tasks"), CASES.values(), ids=list(CASES))
def test_html_blocks(text: str, links: set[tuple[str, int]], tasks: set[int]) -> None:
    note = parse_note("x.md", text.encode(), Config().layout())
    assert {(link.target, link.line) for link in note.links} == links
    assert {task.line for task in note.tasks} == tasks


def test_task_after_a_pre_block_with_a_fence_line_is_owed(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    """A ``` line shown inside <pre> opens no fence that would hide the rest of the note."""
    convo = (
        '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\nchannel: call\n---\n'
        "How to write a fence:\n\n<pre>\n```\ncode\n</pre>\n\n"
        "- [ ] send [[Ada]] the deck 📅 2026-05-09\n"
    )
    root = make_vault({"people/Ada.md": "Ada.\n", "conversations/2026-05-02 Ada.md": convo})
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    ada = (root / "people/Ada.md").read_text()
    assert "**I owe**\n- 2026-05-09 · send Ada the deck · [[2026-05-02 Ada]]" in ada
