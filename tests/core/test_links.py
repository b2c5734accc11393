"""Finding links in a note (LINKS.md "Finding links", rules 1-7).

Each row is a note's whole text and the links LINKS.md says it holds, as (target, 1-based file
line). The target is the path as written, without heading, block reference or display text;
resolving it is tests/core/test_resolve.py's business. The `rule` column names the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import Invoke, MakeVault, Outcome, snapshot
from vaultrel.config import Config
from vaultrel.core.markers import BEGIN_MARKER, block_hash
from vaultrel.core.model import Note
from vaultrel.core.notes import parse_note

BLOCK_CONTENT = "\n".join(
    [
        "## Relationship",
        "- **Last spoke:** 2026-05-02 · call · [[2026-05-02 Ada]]",
        "",
        "**Mentioned in**",
        "- [[2026-05-05]] and [a note](Daily%20log.md)",
    ]
)
GENERATED = (
    f"Intro [[Grace]]\n\n{BEGIN_MARKER}\n{BLOCK_CONTENT}\n"
    f"<!-- vaultrel:end hash={block_hash(BLOCK_CONTENT)} -->\nAfter [[Bob]]\n"
)


@dataclass(frozen=True)
class Case:
    rule: str
    id: str
    text: str
    links: tuple[tuple[str, int], ...]


CASES: list[Case] = [
    # 1. Wikilinks and embeds, with display text, headings and block references.
    Case("F1", "wikilink", "See [[Ada Lovelace]].\n", (("Ada Lovelace", 1),)),
    Case("F1", "display", "See [[Ada Lovelace|Ada]].\n", (("Ada Lovelace", 1),)),
    Case("F1", "heading", "[[Ada Lovelace#Early life]]\n", (("Ada Lovelace", 1),)),
    Case("F1", "sub-heading", "[[Ada Lovelace#Early life#Childhood]]\n", (("Ada Lovelace", 1),)),
    Case("F1", "block-ref", "[[Ada Lovelace#^quote-1]]\n", (("Ada Lovelace", 1),)),
    Case("F1", "heading-and-display", "[[Ada#Early life|her youth]]\n", (("Ada", 1),)),
    Case("F1", "folder", "[[people/Ada Lovelace]]\n", (("people/Ada Lovelace", 1),)),
    Case("F1", "relative", "[[../people/Ada]]\n", (("../people/Ada", 1),)),
    Case("F1", "with-extension", "[[Ada.md]]\n", (("Ada.md", 1),)),
    Case("F1", "embed", "![[Ada Lovelace]]\n", (("Ada Lovelace", 1),)),
    Case("F1", "embed-attachment-sized", "![[diagram.png|300]]\n", (("diagram.png", 1),)),
    Case("F1", "embed-heading", "![[Ada#Early life]]\n", (("Ada", 1),)),
    Case("F1", "embed-block", "![[Ada#^quote-1|q]]\n", (("Ada", 1),)),
    Case("F1", "table-escaped-pipe",
         "| who | note |\n| --- | --- |\n| [[Ada Lovelace\\|Ada]] | met |\n",
         (("Ada Lovelace", 3),)),
    Case("F1", "table-escaped-pipe-after-heading", "| [[Ada#Life\\|her life]] | x |\n",
         (("Ada", 1),)),
    Case("F1", "several-on-one-line", "[[Ada]] and [[Grace|G]], then ![[Bob]]\n",
         (("Ada", 1), ("Grace", 1), ("Bob", 1))),
    Case("F1", "line-numbers", "one\n\ntwo [[Ada]]\nthree\n[[Grace]]\n",
         (("Ada", 3), ("Grace", 5))),
    # 2. Links into the same note are no edge.
    Case("F2", "same-note-heading", "[[#Heading]]\n", ()),
    Case("F2", "same-note-block", "[[#^block-1]]\n", ()),
    Case("F2", "same-note-embed", "![[#Heading]]\n", ()),
    Case("F2", "same-note-display", "[[#Heading|up]]\n", ()),
    Case("F2", "same-note-beside-real", "[[#Top]] and [[Ada]]\n", (("Ada", 1),)),
    # 3. Markdown links without a URL scheme, percent-decoded, maybe in <…>, maybe #heading.
    Case("F3", "markdown", "[Ada](Ada.md)\n", (("Ada.md", 1),)),
    Case("F3", "markdown-no-extension", "[Ada](Ada)\n", (("Ada", 1),)),
    Case("F3", "markdown-percent", "[laws](Three%20laws%20of%20motion.md)\n",
         (("Three laws of motion.md", 1),)),
    Case("F3", "markdown-percent-utf8", "[café](Caf%C3%A9.md)\n", (("Café.md", 1),)),
    Case("F3", "markdown-angle", "[laws](<Three laws of motion.md>)\n",
         (("Three laws of motion.md", 1),)),
    Case("F3", "markdown-heading", "[Ada](people/Ada%20Lovelace.md#Early%20life)\n",
         (("people/Ada Lovelace.md", 1),)),
    Case("F3", "markdown-angle-heading", "[Ada](<people/Ada Lovelace.md#Early life>)\n",
         (("people/Ada Lovelace.md", 1),)),
    Case("F3", "markdown-embed", "![plot](images/plot%201.png)\n", (("images/plot 1.png", 1),)),
    Case("F3", "markdown-title", '[Ada](Ada.md "her note")\n', (("Ada.md", 1),)),
    Case("F3", "https-external", "[site](https://example.com/Ada.md)\n", ()),
    Case("F3", "mailto-external", "[mail](mailto:ada@example.com)\n", ()),
    Case("F3", "obsidian-external", "[open](obsidian://open?vault=v&file=Ada)\n", ()),
    Case("F3", "file-external", "[f](file:///etc/passwd)\n", ()),
    Case("F3", "angle-external", "[site](<https://example.com/a b>)\n", ()),
    Case("F3", "same-note-heading", "[top](#Early%20life)\n", ()),
    Case("F3", "markdown-raw-spaces-read-whole", "[Ada L](Ada Lovelace.md)\n",
         (("Ada Lovelace.md", 1),)),
    Case("F3", "markdown-raw-spaces-and-title", '[a](Ada Lovelace.md "her note")\n',
         (("Ada Lovelace.md", 1),)),
    Case("F3", "markdown-raw-spaces-single-quoted-title", "[a](Ada Lovelace.md 'n')\n",
         (("Ada Lovelace.md", 1),)),
    Case("F3", "markdown-balanced-parens", "[John](John%20Smith%20(Acme).md)\n",
         (("John Smith (Acme).md", 1),)),
    Case("F3", "markdown-balanced-parens-raw-spaces", "[John](John Smith (Acme).md) x)\n",
         (("John Smith (Acme).md", 1),)),
    Case("F3", "markdown-escaped-parens", "[a](Ada\\(1\\).md)\n", (("Ada(1).md", 1),)),
    Case("F3", "markdown-unbalanced-paren-is-text", "[a](Ada(1.md)\n", ()),
    Case("F3", "markdown-unclosed-angle-is-text", "[a](<Ada.md)\n", ()),
    Case("F3", "markdown-angle-and-title", '[a](<Ada Lovelace.md> "her note")\n',
         (("Ada Lovelace.md", 1),)),
    Case("F3", "markdown-external-with-spaces", "[site](https://example.com/a b)\n", ()),
    Case("F3", "mixed-with-wikilink", "[[Ada]] and [Grace](Grace.md)\n",
         (("Ada", 1), ("Grace.md", 1))),
    # 5. Links in block quotes, callouts, list items, tables and headings count.
    Case("F5", "block-quote", "> quoted [[Ada]]\n", (("Ada", 1),)),
    Case("F5", "nested-quote", "> > deeper [[Ada]]\n", (("Ada", 1),)),
    Case("F5", "callout", "> [!note] About [[Ada]]\n> Ask [[Grace]]\n",
         (("Ada", 1), ("Grace", 2))),
    Case("F5", "foldable-callout", "> [!tip]- Title\n> [[Ada]]\n", (("Ada", 2),)),
    Case("F5", "list-items", "- [[Ada]]\n* [[Grace]]\n+ [[Bob]]\n1. [[Eve]]\n",
         (("Ada", 1), ("Grace", 2), ("Bob", 3), ("Eve", 4))),
    Case("F5", "nested-list-4-spaces", "- top\n    - nested [[Ada]]\n        - deeper [[Grace]]\n",
         (("Ada", 2), ("Grace", 3))),
    Case("F5", "list-continuation", "- item\n\n    more about [[Ada]]\n", (("Ada", 3),)),
    Case("F5", "table", "| who | org |\n| --- | --- |\n| [[Ada]] | [[Acme]] |\n",
         (("Ada", 3), ("Acme", 3))),
    Case("F5", "heading", "## With [[Ada]]\n", (("Ada", 1),)),
    Case("F5", "task", "- [ ] send [[Ada]] the deck 📅 2026-05-09\n", (("Ada", 1),)),
    Case("F5", "task-in-callout", "> [!todo]\n> - [ ] ask [[Ada]]\n", (("Ada", 2),)),
    Case("F5", "indented-after-paragraph-is-not-code", "Text\n    [[Ada]]\n", (("Ada", 2),)),
    # 5. Not links: code.
    Case("F5", "fence-backticks", "```\n[[Ada]]\n```\n[[Grace]]\n", (("Grace", 4),)),
    Case("F5", "fence-info-string", "```python\nx = '[[Ada]]'\n```\n", ()),
    Case("F5", "fence-tildes", "~~~\n[[Ada]]\n~~~\n[[Grace]]\n", (("Grace", 4),)),
    Case("F5", "longer-fence-nests-shorter",
         "````\n```\n[[Ada]]\n```\n[[Bob]]\n````\n[[Grace]]\n", (("Grace", 7),)),
    Case("F5", "tilde-fence-nests-backticks", "~~~\n```\n[[Ada]]\n~~~\n[[Grace]]\n",
         (("Grace", 5),)),
    Case("F5", "longer-closing-fence-closes", "```\n[[Ada]]\n`````\n[[Grace]]\n",
         (("Grace", 4),)),
    Case("F5", "unclosed-fence-runs-to-end", "```\n[[Ada]]\n\n[[Grace]]\n", ()),
    Case("F5", "fence-indented-3", "   ```\n[[Ada]]\n   ```\n[[Grace]]\n", (("Grace", 4),)),
    Case("F5", "fence-in-quote", "> ```\n> [[Ada]]\n> ```\n> [[Grace]]\n", (("Grace", 4),)),
    Case("F5", "fence-in-list-item", "- item\n  ```\n  [[Ada]]\n  ```\n- [[Grace]]\n",
         (("Grace", 5),)),
    Case("F5", "fence-in-quote-ends-with-the-quote", "> ```\n> [[Ada]]\n\n[[Grace]]\n",
         (("Grace", 4),)),
    Case("F5", "fence-in-list-ends-with-the-item", "- item\n  ```\n  [[Ada]]\n\nOut [[Grace]]\n",
         (("Grace", 5),)),
    Case("F5", "indented-code-in-list-item", "- item\n\n      code [[Ada]]\n", ()),
    Case("F5", "backticks-in-info-is-no-fence", "``` a`b\n[[Ada]]\n", (("Ada", 2),)),
    Case("F5", "indented-code", "Text\n\n    [[Ada]]\n\n[[Grace]]\n", (("Grace", 5),)),
    Case("F5", "indented-code-tab", "Text\n\n\t[[Ada]]\n", ()),
    Case("F5", "indented-code-first-line", "    [[Ada]]\n", ()),
    Case("F5", "inline-code", "`[[Ada]]` and [[Grace]]\n", (("Grace", 1),)),
    Case("F5", "inline-code-double", "``[[Ada]] ` x`` and [[Grace]]\n", (("Grace", 1),)),
    Case("F5", "inline-code-markdown-link", "`[Ada](Ada.md)` [Grace](Grace.md)\n",
         (("Grace.md", 1),)),
    Case("F5", "inline-code-over-two-lines", "see `code\n[[Ada]]` and [[Grace]]\n",
         (("Grace", 2),)),
    Case("F5", "escaped-backticks-are-text", "\\`[[Ada]]\\`\n", (("Ada", 1),)),
    Case("F5", "unmatched-backtick-is-text", "`[[Ada]]\n", (("Ada", 1),)),
    # 5. Not links: comments.
    Case("F5", "html-comment", "<!-- [[Ada]] --> [[Grace]]\n", (("Grace", 1),)),
    Case("F5", "html-comment-multiline", "<!--\n[[Ada]]\n-->\n[[Grace]]\n", (("Grace", 4),)),
    Case("F5", "html-comment-mid-line", "[[Ada]] <!-- hide\n[[Bob]] --> [[Grace]]\n",
         (("Ada", 1), ("Grace", 2))),
    Case("F5", "percent-comment", "%%[[Ada]]%% [[Grace]]\n", (("Grace", 1),)),
    Case("F5", "percent-comment-multiline", "%%\n[[Ada]]\n%%\n[[Grace]]\n", (("Grace", 4),)),
    Case("F5", "percent-comment-mid-line", "[[Ada]] %% secret\n[[Bob]]\nstill %% [[Grace]]\n",
         (("Ada", 1), ("Grace", 3))),
    Case("F5", "comment-opener-in-code-span", "`%%` [[Ada]] `<!--` [[Grace]]\n",
         (("Ada", 1), ("Grace", 1))),
    Case("F5", "comment-opener-in-fence", "```\n<!--\n%%\n```\n[[Ada]]\n", (("Ada", 5),)),
    # 5. Not links: math.
    Case("F5", "inline-math", "$[[Ada]]$ and [[Grace]]\n", (("Grace", 1),)),
    Case("F5", "inline-math-expression", "$x + [[Ada]]$\n", ()),
    Case("F5", "display-math-inline", "$$[[Ada]]$$ [[Grace]]\n", (("Grace", 1),)),
    Case("F5", "display-math-block", "$$\n[[Ada]]\n$$\n[[Grace]]\n", (("Grace", 4),)),
    Case("F5", "dollar-amounts-are-not-math", "costs $5 or [[Ada]] $10\n", (("Ada", 1),)),
    Case("F5", "dollar-in-wikilink-opens-no-math", "[[Grace|Grace $5]] (paid 5$) [[Ada]]\n",
         (("Grace", 1), ("Ada", 1))),
    Case("F5", "display-dollars-in-wikilink-open-no-math", "[[Q|$$x]] [[Ada]] $$y$$\n",
         (("Q", 1), ("Ada", 1))),
    Case("F5", "math-in-wikilink-target", "[[The $x$ case]]\n", (("The $x$ case", 1),)),
    Case("F5", "math-closes-not-in-wikilink", "$x [[Note|a$b]] [[Ada]]\n",
         (("Note", 1), ("Ada", 1))),
    Case("F5", "math-holding-wikilink-is-math", "$a [[Ada]] b$ [[Grace]]\n", (("Grace", 1),)),
    Case("F5", "dollar-in-code-span", "`$` [[Ada]] `$`\n", (("Ada", 1),)),
    # 5. Not links: backslash-escaped brackets.
    Case("F5", "escaped-first-bracket", "\\[[Ada]]\n", ()),
    Case("F5", "escaped-all-brackets", "\\[\\[Ada\\]\\]\n", ()),
    Case("F5", "escaped-markdown-link", "\\[Ada](Ada.md)\n", ()),
    Case("F5", "escaped-backslash-then-link", "\\\\[[Ada]]\n", (("Ada", 1),)),
    # 5. Not links: vaultrel's own generated block.
    Case("F5", "generated-block", GENERATED, (("Grace", 1), ("Bob", 10))),
    # 6. Names with `#` or `|` cannot be linked: Obsidian reads them as heading / display.
    Case("F6", "hash-in-name-is-a-heading", "[[C# notes]]\n", (("C", 1),)),
    Case("F6", "pipe-in-name-is-display", "[[either|or]]\n", (("either", 1),)),
    # 7. Line numbers are 1-based file lines, front-matter, CRLF and BOM included.
    Case("F7", "after-front-matter", "---\ntitle: x\n---\n\n[[Ada]]\n", (("Ada", 5),)),
    Case("F7", "crlf", "---\r\ntitle: x\r\n---\r\n[[Ada]]\r\n\r\n[[Grace]]\r\n",
         (("Ada", 4), ("Grace", 6))),
    Case("F7", "bom", "\ufeff[[Ada]]\n[[Grace]]\n", (("Ada", 1), ("Grace", 2))),
]  # fmt: skip


def _parse(text: str, path: str = "notes/x.md") -> Note:
    return parse_note(path, text.encode(), Config().layout())


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{c.id}" for c in CASES])
def test_body_links(case: Case) -> None:
    note = _parse(case.text)
    assert sorted((link.target, link.line) for link in note.links) == sorted(case.links)
    assert all(link.key is None for link in note.links)


def test_generated_block_is_intact() -> None:
    """The block in the table above carries a correct hash: it is read as vaultrel's own."""
    note = _parse(GENERATED)
    assert note.problems == ()
    assert note.block is not None and not note.block.edited


# --- 4. Front-matter ---------------------------------------------------------------------


@dataclass(frozen=True)
class FrontCase:
    id: str
    text: str
    links: tuple[tuple[str, int, str | None], ...]
    unquoted: tuple[int, ...] = ()  # lines of W_FM_UNQUOTED_LINK


FRONT_CASES: list[FrontCase] = [
    FrontCase("flow-list", '---\nwith: ["[[Ada Lovelace]]", "[[Grace Hopper]]"]\n---\n',
              (("Ada Lovelace", 2, "with"), ("Grace Hopper", 2, "with"))),
    FrontCase("string", '---\ndate: 2026-05-02\norg: "[[Acme]]"\n---\n', (("Acme", 3, "org"),)),
    FrontCase("single-quoted", "---\nfollows: '[[2026-05-01 Ada]]'\n---\n",
              (("2026-05-01 Ada", 2, "follows"),)),
    FrontCase("block-list", '---\nwith:\n  - "[[Ada]]"\n  - "[[Grace]]"\n---\n',
              (("Ada", 3, "with"), ("Grace", 4, "with"))),
    FrontCase("nested-map",
              '---\nteam:\n  lead: "[[Ada]]"\n  members:\n    - "[[Grace]]"\n---\n',
              (("Ada", 3, "team"), ("Grace", 5, "team"))),
    FrontCase("flow-map", '---\nmeta: {lead: "[[Ada]]", deputy: {name: "[[Grace]]"}}\n---\n',
              (("Ada", 2, "meta"), ("Grace", 2, "meta"))),
    FrontCase("list-of-maps", '---\nroles:\n  - who: "[[Ada]]"\n    what: lead\n---\n',
              (("Ada", 3, "roles"),)),
    FrontCase("links-inside-text", '---\nsummary: "met [[Ada]] via [[Grace|G]]"\n---\n',
              (("Ada", 2, "summary"), ("Grace", 2, "summary"))),
    FrontCase("heading-and-display", '---\norg: "[[Acme#History|the firm]]"\n---\n',
              (("Acme", 2, "org"),)),
    FrontCase("unquoted", "---\nwith: [[Ada Lovelace]]\n---\n",
              (("Ada Lovelace", 2, "with"),), (2,)),
    FrontCase("unquoted-follows", "---\nfollows: [[2026-05-01 Ada]]\n---\n",
              (("2026-05-01 Ada", 2, "follows"),), (2,)),
    FrontCase("unquoted-org", "---\norg: [[Acme]]\n---\n", (("Acme", 2, "org"),), (2,)),
    FrontCase("unquoted-block-list", "---\nwith:\n  - [[Ada]]\n  - [[Grace]]\n---\n",
              (("Ada", 3, "with"), ("Grace", 4, "with")), (3, 4)),
    FrontCase("unquoted-display", "---\nwith: [[Ada Lovelace|Ada]]\n---\n",
              (("Ada Lovelace", 2, "with"),), (2,)),
    FrontCase("unquoted-on-other-key-is-no-link", "---\nup: [[Parent]]\n---\n", ()),
    FrontCase("markdown-link-is-text", '---\nsite: "[Ada](Ada.md)"\nref: "[x](people/x.md)"\n---\n',
              ()),
    FrontCase("yaml-comment-is-no-value", "---\n# about [[Ada]]\ntitle: x\n---\n", ()),
    FrontCase("same-note", '---\nsee: "[[#Heading]]"\n---\n', ()),
    FrontCase("not-strings", "---\ncount: 3\nflag: true\nwhen: 2026-05-02\n---\n", ()),
    FrontCase("front-matter-and-body", '---\nwith: ["[[Ada]]"]\n---\nTalked to [[Grace]].\n',
              (("Ada", 2, "with"), ("Grace", 4, None))),
]  # fmt: skip


@pytest.mark.parametrize("case", FRONT_CASES, ids=[c.id for c in FRONT_CASES])
def test_front_matter_links(case: FrontCase) -> None:
    note = _parse(case.text, "conversations/2026-05-02 x.md")
    found = sorted(
        ((link.target, link.line, link.key) for link in note.links), key=lambda t: (t[1], t[0])
    )
    assert found == sorted(case.links, key=lambda t: (t[1], t[0]))
    unquoted = [p.line for p in note.problems if p.code == "W_FM_UNQUOTED_LINK"]
    assert unquoted == list(case.unquoted)
    assert all(p.severity == "warning" for p in note.problems if p.code == "W_FM_UNQUOTED_LINK")


# --- 7. Whether a link sits on a task line -------------------------------------------------


def test_links_know_whether_they_sit_on_a_task_line() -> None:
    text = (
        "---\n"
        'with: ["[[Ada]]"]\n'
        "---\n"
        "Talked to [[Grace]].\n"  # 4
        "- [ ] send [[Bob]] the deck\n"  # 5
        "> - [x] thank [[Eve]]\n"  # 6
        "```\n"
        "- [ ] ping [[Zed]]\n"  # 8: in code, neither task nor link
        "```\n"
        "- plain item [[Ann]]\n"  # 10
    )
    note = _parse(text, "conversations/2026-05-02 x.md")
    task_lines = {task.line for task in note.tasks}
    on_task = {link.target: link.line in task_lines for link in note.links}
    assert on_task == {
        "Ada": False,
        "Grace": False,
        "Bob": True,
        "Eve": True,
        "Ann": False,
    }


# --- End to end: links in code or comments make no backlink --------------------------------

ADA = "---\ncadence: 2w\n---\nAda.\n"


def _summary(outcome: Outcome) -> dict[str, Any]:
    summary = outcome.json()
    assert isinstance(summary, dict)
    return summary


HIDDEN = (
    "```\n[[Ada]]\n```\n"
    "`[[Ada]]` <!-- [[Ada]] --> %% [[Ada]] %% $[[Ada]]$ \\[[Ada]]\n"
    "\n    [[Ada]]\n"
)


def test_links_in_code_and_comments_are_no_mention(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            "people/Ada.md": ADA,
            "notes/2026-05-01.md": "Met [[Ada]] at the fair.\n",
            "notes/2026-05-03.md": HIDDEN,
        }
    )
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    ada = (root / "people/Ada.md").read_text()
    assert "**Mentioned in**\n- [[2026-05-01]]\n<!-- vaultrel:end" in ada
    assert "2026-05-03" not in ada


def test_task_in_code_is_no_mention_and_no_obligation(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    convo = (
        '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\nchannel: call\n---\n'
        "```markdown\n- [ ] send [[Grace]] the deck 📅 2026-05-09\n```\n"
    )
    root = make_vault(
        {
            "people/Ada.md": ADA,
            "people/Grace.md": "Grace.\n",
            "conversations/2026-05-02 Ada.md": convo,
        }
    )
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    grace = (root / "people/Grace.md").read_text()
    assert "2026-05-02 Ada" not in grace
    assert "**I owe**" not in grace
    assert "- **Next owed:** nothing" in grace


def test_generated_links_do_not_feed_back_into_backlinks(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    """Ada's block links the conversation; were it read as a link, the conversation would gain
    a "Linked from" block on the second run."""
    convo = '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\nchannel: call\n---\nTalked launch.\n'
    root = make_vault({"people/Ada.md": ADA, "conversations/2026-05-02 Ada.md": convo})
    first = invoke("index", "--vault", root, "--json")
    assert first.exit_code == 0, first.stderr
    assert _summary(first)["written"] == ["people/Ada.md"]
    assert "[[2026-05-02 Ada]]" in (root / "people/Ada.md").read_text()
    before = snapshot(root)
    second = invoke("index", "--vault", root, "--json")
    assert second.exit_code == 0, second.stderr
    assert _summary(second)["written"] == []
    assert snapshot(root) == before
    assert (root / "conversations/2026-05-02 Ada.md").read_text() == convo


PEOPLE = ("Ada", "Ada Lovelace", "Grace")


def _index(make_vault: MakeVault, invoke: Invoke, convo_body: str) -> dict[str, str]:
    """Index a vault of three people and one conversation with Ada Lovelace; return each
    person's note, by name."""
    convo = '---\ndate: 2026-05-02\nwith: ["[[Ada Lovelace]]"]\nchannel: call\n---\n' + convo_body
    files: dict[str, str | bytes] = {f"people/{name}.md": f"{name}.\n" for name in PEOPLE}
    root = make_vault({**files, "conversations/2026-05-02 Ada.md": convo})
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    return {name: (root / f"people/{name}.md").read_text() for name in PEOPLE}


def test_markdown_link_with_spaces_owes_the_whole_name(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    """`[Ada L](Ada Lovelace.md)` promises to Ada Lovelace, not to a note named Ada."""
    body = "- [ ] send [Ada L](Ada Lovelace.md) the deck 📅 2026-05-09\n"
    people = _index(make_vault, invoke, body)
    assert "**I owe**\n- 2026-05-09 · send Ada L the deck" in people["Ada Lovelace"]
    assert "**I owe**" not in people["Ada"]


def test_dollar_in_link_text_keeps_the_link(make_vault: MakeVault, invoke: Invoke) -> None:
    """A `$` in a wikilink's display text opens no math that would hide the link."""
    body = "- [ ] pay back [[Grace|Grace $5]] (she paid 5$ for me) 📅 2026-05-09\n"
    people = _index(make_vault, invoke, body)
    assert "**I owe**\n- 2026-05-09 · pay back Grace $5 (she paid 5$ for me)" in people["Grace"]
