"""Differential test: our strict front-matter reader against python-frontmatter, the oracle.

`core.frontmatter.read_front_matter` (with its `core.plainyaml` fast path) must read the same
properties as python-frontmatter wherever both accept a note: on generated front-matter and on
every note of the example vault. python-frontmatter is a test dependency only — nothing in
vaultrel imports it, so its `dump`, which re-serialises the whole front-matter, never writes a
user's note.

Where the two legitimately differ:
- We refuse what python-frontmatter (PyYAML's safe loader) accepts: duplicate keys (PyYAML
  keeps the last), YAML tags, anchors and aliases, nesting deeper than 64 levels
  and front-matter over 64 KiB (RELIABILITY: hostile or ambiguous YAML); see `REFUSED` below.
- We read booleans as YAML 1.2, as Obsidian does: `yes`, `no`, `on`, `off` stay words, where
  PyYAML's YAML 1.1 makes them booleans; `_as_theirs` compares such a word as the boolean.
- We keep an impossible date (`2026-02-30`) as text; PyYAML raises, so the oracle refuses the
  note. Every other date and time is built by PyYAML's own timestamp constructor on both sides
  (our fast path builds only `YYYY-MM-DD`, as `datetime.date`, which PyYAML also gives), so
  dates need no normalising.
- Front-matter is found only between lines that are exactly `---`, at the very start (as
  Obsidian does); python-frontmatter also takes `----`, `--- ` and a note that starts with blank
  lines, and its metadata for a front-matter that is not a mapping is empty where we refuse it.
  Those notes are not compared: ours finds no front-matter, or refuses it.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import frontmatter
import pytest
from hypothesis import event, example, given

from tests.core.test_plainyaml import front_matters
from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.text import decode, split_lines
from vaultrel.errors import NoteError

ROOT = Path(__file__).resolve().parent.parent
REFUSED_BY_US = object()


def ours(text: str) -> Any:
    """Our properties (None: no front-matter), or REFUSED_BY_US."""
    try:
        front = read_front_matter(split_lines(text))
    except NoteError:
        return REFUSED_BY_US
    return None if front is None else front.data


def theirs(text: str) -> dict[str, Any] | None:
    """python-frontmatter's properties, or None when it refuses the note or sees no YAML."""
    try:
        post = frontmatter.loads(text)
    except Exception:  # a YAML error, or a key Post(**metadata) cannot take (the oracle's own)
        return None
    return post.metadata if isinstance(post.handler, frontmatter.YAMLHandler) else None


def _as_theirs(our: Any, their: Any) -> Any:
    """Our value, with each word PyYAML reads as a YAML 1.1 boolean compared as that boolean
    (`yes`/`on` true, `no`/`off` false: the one place the two read YAML differently)."""
    if isinstance(our, str) and isinstance(their, bool):
        word = our.lower()
        if word in ("yes", "on", "no", "off") and (word in ("yes", "on")) is their:
            return their
    if isinstance(our, dict) and isinstance(their, dict):
        return {key: _as_theirs(value, their.get(key)) for key, value in our.items()}
    if isinstance(our, list) and isinstance(their, list) and len(our) == len(their):
        return [_as_theirs(a, b) for a, b in zip(our, their, strict=True)]
    return our


def _typed(value: Any) -> Any:
    """The value with every scalar's exact type beside it (1 == True == 1.0 in Python)."""
    if isinstance(value, dict):
        return {_typed(key): _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)


def agree(text: str) -> bool | None:
    """Whether both read the same properties; None when one of them does not accept the note
    (or we see no front-matter)."""
    our, their = ours(text), theirs(text)
    if our is REFUSED_BY_US or our is None or their is None:
        return None
    return _typed(_as_theirs(our, their)) == _typed(their)


@given(front_matters)
@example(["shared: yes", "tags: [on, 'off', x]", "with:", "  - No", "  - OFF"])  # YAML 1.1 words
@example(["met: 2024-01-02", "at: 2024-01-02 10:30:00", "tz: 2024-01-02T10:30:00+02:00"])
@example(["person:", "  name: Ada", "  born: 1815-12-10", "note: |", "  two", "  lines"])
def test_generated_front_matter_reads_as_the_oracle_reads_it(raw: list[str]) -> None:
    text = "\n".join(["---", *raw, "---", "Body."]) + "\n"
    same = agree(text)
    event("compared" if same is not None else "not accepted by both")
    if same is not None:
        assert same, (ours(text), theirs(text))


def test_the_example_vault_reads_as_the_oracle_reads_it() -> None:
    compared = 0
    for path in sorted((ROOT / "example-vault").rglob("*.md")):
        text = decode(path.read_bytes()).text
        same = agree(text)
        assert same is not False, (path, ours(text), theirs(text))
        compared += same is not None
    assert compared >= 20  # most notes have front-matter: the comparison is not vacuous


# Each row: front-matter python-frontmatter accepts and we refuse, with our problem code.
REFUSED = {
    "duplicate key": ("name: a\nname: b", "E_FM_DUPKEY"),
    "tag": ("when: !!str 2024-01-02", "E_FM_TAG"),
    "anchor and alias": ("a: &x [1]\nb: *x", "E_FM_ALIAS"),
    "over-deep value": ("deep: " + "[" * 70 + "]" * 70, "E_FM_DEPTH"),
    "larger than 64 KiB": ("text: " + "x" * 70_000, "E_FM_TOO_LARGE"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_where_we_refuse_what_the_oracle_accepts(case: str) -> None:
    front, code = REFUSED[case]
    text = f"---\n{front}\n---\nBody.\n"
    assert theirs(text)  # python-frontmatter reads it, and gets properties
    with pytest.raises(NoteError) as refused:
        read_front_matter(split_lines(text))
    assert refused.value.problem.code == code


def test_yaml_1_1_booleans_are_words_to_us() -> None:
    text = "---\nshared: yes\nmuted: off\ndone: true\n---\n"
    assert ours(text) == {"shared": "yes", "muted": "off", "done": True}
    assert theirs(text) == {"shared": True, "muted": False, "done": True}
    assert agree(text)


def test_nothing_in_vaultrel_imports_python_frontmatter() -> None:
    """A test oracle only: its `dump` re-serialises front-matter, which no user's note may
    go through (vaultrel edits owned key lines and nothing else)."""
    for module in sorted((ROOT / "vaultrel").rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            assert all(name.split(".")[0] != "frontmatter" for name in names), module
