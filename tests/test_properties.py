"""Property tests (RELIABILITY §d.5): confinement, idempotence, a total parser, splice.

The oracle for "vaultrel changed only what it owns" is written here from DESIGN §4 and
RELIABILITY §a.3 R3, independently of vaultrel's own `splice`/`user_text`: it splits the bytes
into lines itself, finds the front-matter and the generated block itself (skipping fenced code),
and removes the owned key lines and the block (with the one blank line before it).

Each test prints one figure line, e.g. `PROPERTY bytes_preserved examples=500 failures=0 …`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, example, given, settings, target
from hypothesis import strategies as st

from tests.conftest import snapshot
from vaultrel import index_vault
from vaultrel.cli import cli
from vaultrel.cli import index as _index_command  # noqa: F401  (registers `index`)
from vaultrel.config import Config
from vaultrel.core.model import Note
from vaultrel.core.notes import parse_note
from vaultrel.core.splice import splice
from vaultrel.core.text import NoteText
from vaultrel.errors import NoteError

PERSON = "people/P.md"
CONVERSATION = "conversations/2026-05-02 c.md"
CONVERSATION_BYTES = b'---\nwith: ["[[P]]"]\ndate: 2026-05-02\n---\nWe talked.\n'
OWNED_KEYS = ("last_spoke", "next_owed")
LAYOUT = Config().layout()

FIGURES: Counter[str] = Counter()
SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --------------------------------------------------------------------------------------------
# The independent oracle
# --------------------------------------------------------------------------------------------

BOM = b"\xef\xbb\xbf"
BEGIN = b"<!-- vaultrel:begin -->"
END = re.compile(rb"<!-- vaultrel:end(?: hash=([0-9a-f]{8}))? -->")
OWNED_LINE = re.compile(rb"(?:last_spoke|next_owed)[ \t]*:")
FENCE_OPEN = re.compile(rb"( {0,3})(`{3,}|~{3,})(.*)")
FENCE_CLOSE = re.compile(rb" {0,3}(`{3,}|~{3,})[ \t]*")


@dataclass(frozen=True)
class Line:
    """One line: its content and its ending (`\\n`, `\\r\\n`, or empty for an unended last)."""

    content: bytes
    eol: bytes

    @property
    def raw(self) -> bytes:
        return self.content + self.eol

    @property
    def blank(self) -> bool:
        return not self.content.strip(b" \t")


@dataclass(frozen=True)
class Dissected:
    """A note cut into the parts vaultrel may not change, plus what it owns."""

    bom: bytes
    front: list[Line] | None  # fences and every non-owned line; None: no front-matter
    owned: dict[str, list[bytes]]  # owned key → its lines' contents
    body: list[Line]  # after the front-matter, without the block and the blank line before it
    blocks: list[tuple[list[bytes], bytes | None]]  # (content lines, hash) of each real block

    def user_bytes(self, keep_front: bool = True) -> bytes:
        front = b"".join(line.raw for line in self.front or []) if keep_front else b""
        return self.bom + front + b"".join(line.raw for line in self.body)

    @property
    def front_only_owned(self) -> bool:
        """The front-matter holds only owned key lines, or nothing (just its two fences are
        left)."""
        return self.front is not None and len(self.front) == 2


def split_raw(data: bytes) -> list[Line]:
    parts = data.split(b"\n")
    lines = [Line(p[:-1], b"\r\n") if p.endswith(b"\r") else Line(p, b"\n") for p in parts[:-1]]
    if parts[-1]:
        lines.append(Line(parts[-1], b""))
    return lines


def dissect(data: bytes) -> Dissected:
    bom = BOM if data.startswith(BOM) else b""
    lines = split_raw(data[len(bom) :])
    front: list[Line] | None = None
    owned: dict[str, list[bytes]] = {}
    start = 0
    if lines and lines[0].content == b"---":
        close = next((i for i in range(1, len(lines)) if lines[i].content == b"---"), None)
        if close is not None:
            kept = []
            for line in lines[1:close]:
                match = OWNED_LINE.match(line.content)
                if match:
                    key = match.group().rstrip(b": \t").decode()
                    owned.setdefault(key, []).append(line.content)
                else:
                    kept.append(line)
            front = [lines[0], *kept, lines[close]]
            start = close + 1
    body = lines[start:]
    spans = _block_spans(body)
    blocks = []
    drop: set[int] = set()
    for begin, end in spans:
        digest = END.fullmatch(body[end].content)
        assert digest is not None
        blocks.append(([line.content for line in body[begin + 1 : end]], digest.group(1)))
        first = begin - 1 if begin > 0 and body[begin - 1].blank else begin
        drop.update(range(first, end + 1))
    kept_body = [line for index, line in enumerate(body) if index not in drop]
    if spans and spans[-1][1] == len(body) - 1 and not body[-1].eol:
        # A block ending the note without a line break takes the one before it (DESIGN §4, 2).
        kept = kept_body or front or []
        if kept:
            kept[-1] = Line(kept[-1].content, b"")
    return Dissected(bom, front, owned, kept_body, blocks)


def _block_spans(body: list[Line]) -> list[tuple[int, int]]:
    """Begin/end indices of the real blocks: exact marker lines outside fenced code."""
    fence: tuple[int, int] | None = None  # (fence char, run length)
    begin: int | None = None
    spans = []
    for index, line in enumerate(body):
        text = line.content
        if fence is not None:
            closing = FENCE_CLOSE.fullmatch(text)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= fence[1]:
                fence = None
            continue
        if begin is not None:
            if END.fullmatch(text):
                spans.append((begin, index))
                begin = None
            continue
        opening = FENCE_OPEN.match(text)
        if opening and not (opening.group(2)[:1] == b"`" and b"`" in opening.group(3)):
            fence = (opening.group(2)[0], len(opening.group(2)))
        elif text == BEGIN:
            begin = index
    return spans


def line_endings(data: bytes) -> set[bytes]:
    crlf = data.count(b"\r\n")
    endings = set()
    if crlf:
        endings.add(b"\r\n")
    if data.count(b"\n") > crlf:
        endings.add(b"\n")
    return endings


def confinement_error(old: bytes, new: bytes) -> str | None:
    """Why `new` changes `old` outside the owned regions, or None if it does not.

    Allowed: owned key lines anywhere in the front-matter; a front-matter holding only owned
    keys when the note had none (a front-matter is never removed, DESIGN §4, 1); the block, the
    one blank line before it and, when it ends the note without a line break, the line break
    before it (DESIGN §4, 2).
    """
    o, n = dissect(old), dissect(new)
    if n.bom != o.bom:
        return "BOM changed"
    candidates = {n.user_bytes()}
    if n.front_only_owned and o.front is None:
        candidates.add(n.user_bytes(keep_front=False))
    if o.user_bytes() in candidates:
        return None
    return f"user bytes differ:\n  old {o.user_bytes()!r}\n  new {sorted(candidates)!r}"


def eol_error(old: bytes, new: bytes) -> str | None:
    """RELIABILITY B16: in a file with one line-ending style, new lines use that style."""
    endings = line_endings(old)
    if endings == {b"\n"} and b"\r\n" in new:
        return "CRLF written into an LF file"
    if endings == {b"\r\n"} and line_endings(new) != {b"\r\n"}:
        return "LF written into a CRLF file"
    return None


def block_hash(lines: list[bytes]) -> bytes:
    return hashlib.sha256(b"\n".join(lines)).hexdigest()[:8].encode()


# --------------------------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------------------------

DANGEROUS = [
    "no", "yes", "on", "off", "~", "null", "Null", "010", "012", "1.10", "10:00", "2024-01-01",
    "2024-01-01 10:00", "true", "0x1F", ".inf", "1e3",
]  # fmt: skip
QUOTED = [
    '"no"', "'yes'", '"010"', "'10:00'", '"2024-01-01"', '""', "''", '"[[Parent]]"',
    '"[[Parent|Dad]]"', "'it''s'", '"tab\\there"', '"~"', '"wow!"', "'!important'",
]  # fmt: skip
TEXTS = [
    "Zoë Ñandú", "Zoe\u0308 (NFD)", "日本語のテキスト", "مرحبا بالعالم", "שלום עולם",
    "🎉 👩‍👩‍👧 party", "\u202etxt.exe", "plain words here", "[[Parent]]", "a [[link]] inside",
]  # fmt: skip
TRICKY = [
    "line\u2028  separated", "bare\r  cr", "nel\x85  next", "nbsp\u00a0here", "x\u2029 y",
    '"del\x7f"', "esc\x1b[1m",
]  # fmt: skip
KEYS = [
    "title", "up", "tags", "aliases", "status", "note", "time", "version", "count", "when",
    "flag", "bio", "desc", "meta", "créé", "名前", '"quoted key"', "cadence", "a b c d",
]  # fmt: skip
OWNED_VALUES = [
    "2024-01-01", '"2024-01-01"', "", "~", "2024-01-01 # old", "no", "2020-02-30", "[[Parent]]",
    "2024-01-01   ",
]  # fmt: skip
COMMENTS = [
    "# comment", "#nospace", "  # indented comment", "# ünïcödé 🎉", "# last_spoke: 2000-01-01",
    "", "  ",
]  # fmt: skip


def _fake_hash() -> str:
    return hashlib.sha256(b"x").hexdigest()[:8]


BODY_FRAGMENTS: list[list[str]] = [
    ["# Heading"], ["## Sub heading ##"], ["###### h6 [[P]]"], ["#not-a-heading #tag"],
    ["Setext title", "---"], ["Setext", "==="],
    ["---"], ["***"], ["- - -"], ["___"], ["", "---", ""],
    ["- [ ] call [[P]] 📅 2026-06-01"], ["- [x] done with [[P]]"], ["* [ ] reply #waiting"],
    ["1. [ ] send deck [due:: 2026-05-20]"], ["  - [/] nested in progress"], ["- [ ] no date"],
    ["> - [ ] quoted task [[P]]"], ["+ [?] question 🗓️ 2026-02-30"],
    ["See [[Parent]], [[P#Heading|alias]] and ![[image.png]]."],
    ["[md link](Other%20Note.md) and [[folder/Deep Note]]"], ["[[P]] [[P|him]] [[P#^block]]"],
    ["café au lait (NFC)"], ["cafe\u0301 au lait (NFD)"], ["👍🏽 🧑‍💻 🏳️‍🌈"],
    ["مرحبا [[P]] שלום"], ["\u202eevil override"], ["zero\u200bwidth"], ["mid\ufeffBOM"],
    ["carriage\rreturn"], ["line\u2028separator"], ["nel\x85char"],
    ["<!-- a comment -->"], ["<!--", "multi-line comment", "-->"], ["%% hidden %%"],
    ["%%", "hidden block", "%%"], ["`<!-- vaultrel:begin -->` in inline code"],
    [""], [""], ["   "], ["\t"], ["\u00a0"], ["last_spoke: 1999-01-01"],
    ["> [!note] Callout", "> with body"], ["| a | b |", "|---|---|", "| 1 | 2 |"],
    ["$$", "x^2", "$$"], ["", "    indented code"], ["", "    <!-- vaultrel:begin -->"],
    ["trailing spaces  "],
]  # fmt: skip
FENCE_INNER = [
    "<!-- vaultrel:begin -->", "<!-- vaultrel:end hash=deadbeef -->",
    f"<!-- vaultrel:end hash={_fake_hash()} -->", "<!-- vaultrel:end -->", "x",
    "- [ ] task in code [[P]]", "---", "last_spoke: 1999-01-01", "%% not a comment",
    "<!-- open comment", "$$", "",
]  # fmt: skip
UNCLOSED_TAIL = [["```", "code never closed"], ["<!-- never closed"], ["%% open"], ["$$"]]
BLOCK_LINES = ["## Relationship", "- **Last spoke:** 2020-01-01", "old text", "", "**Timeline**"]
SAFE_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="`~<%$")


def rare(one_in: int) -> st.SearchStrategy[bool]:
    """True about once in `one_in` draws (Hypothesis biases small integers towards 0, so a bare
    `integers(0, n) == 0` is far from rare); shrinks towards False."""
    return st.sampled_from([False] * (one_in - 1) + [True])


@st.composite
def _scalar(draw: st.DrawFn) -> str:
    if draw(rare(8)):
        return draw(st.sampled_from(TRICKY))
    return draw(
        st.one_of(
            st.sampled_from(DANGEROUS),
            st.sampled_from(QUOTED),
            st.sampled_from(TEXTS),
            st.text(max_size=12).map(lambda s: json.dumps(s, ensure_ascii=False)),
        )
    )


@st.composite
def _entry(draw: st.DrawFn) -> tuple[str | None, list[str]]:
    """A front-matter entry: (top-level key or None, its lines)."""
    kind = draw(st.sampled_from(range(14)))
    if kind <= 1:
        return None, [draw(st.sampled_from(COMMENTS))]
    if kind <= 3:
        key = draw(st.sampled_from(OWNED_KEYS))
        sep = draw(st.sampled_from([": ", " : ", ":  "]))
        value = draw(st.sampled_from(OWNED_VALUES))
        return key, [f"{key}{sep}{value}" if value else f"{key}:"]
    key = draw(st.sampled_from(KEYS))
    comment = draw(st.sampled_from(["", "", "", " # trailing comment"]))
    if kind <= 6:
        return key, [f"{key}: {draw(_scalar())}{comment}"]
    if kind == 7:
        return key, [f"{key}:{comment}"]
    items = draw(st.lists(st.sampled_from(DANGEROUS + QUOTED + TEXTS[:6]), max_size=3))
    if kind == 8:
        return key, [f"{key}: [{', '.join(items)}]{comment}"]
    if kind == 9:
        indent = draw(st.sampled_from(["", "  ", "    "]))
        return key, [f"{key}:{comment}", *(f"{indent}- {item}" for item in items)]
    if kind == 10:
        style = draw(st.sampled_from(["|", ">-", "|+"]))
        return key, [f"{key}: {style}", "  line one", "", "  line 二 # not a comment"]
    if kind == 11:
        return key, [f"{key}:", "  last_spoke: 2020-01-01", "  next_owed: no", "  inner: ~"]
    if kind == 12:
        return key, [f"{key}: first part", "  continued part"]
    return key, [f"{key}: [a,", "  b, [[Parent]]]"]


@st.composite
def _front_matter(draw: st.DrawFn) -> list[str]:
    entries = draw(st.lists(_entry(), max_size=9))
    allow_duplicates = draw(rare(25))
    seen: set[str] = set()
    lines = [draw(st.sampled_from(["---"] * 30 + ["--- ", "----"]))]
    for key, entry_lines in entries:
        if key is not None and not allow_duplicates:
            if key in seen:
                continue
            seen.add(key)
        lines += entry_lines
    if not draw(rare(30)):
        lines.append("---")
    return lines


@st.composite
def _fence(draw: st.DrawFn) -> list[str]:
    char = draw(st.sampled_from("`~"))
    length = draw(st.integers(3, 5))
    info = draw(st.sampled_from(["", "python", "md", " yaml"]))
    inner = draw(st.lists(st.sampled_from(FENCE_INNER), max_size=5))
    if char == "~":
        inner += draw(st.lists(st.just("```"), max_size=1))
    closing = char * (length + draw(st.integers(0, 1)))
    return [char * length + info, *inner, closing]


@st.composite
def _existing_block(draw: st.DrawFn) -> list[str]:
    if draw(rare(5)):
        return ["<!-- vaultrel:begin -->", "<!-- vaultrel:end -->"]
    content = draw(st.lists(st.sampled_from(BLOCK_LINES), max_size=4))
    digest = block_hash([line.encode() for line in content]).decode()
    return ["<!-- vaultrel:begin -->", *content, f"<!-- vaultrel:end hash={digest} -->"]


_BODY_FRAGMENT = st.one_of(
    st.sampled_from(BODY_FRAGMENTS),
    st.sampled_from(BODY_FRAGMENTS),
    _fence(),
    st.text(SAFE_CHARS, max_size=30).map(lambda s: [s]),
)


@dataclass(frozen=True)
class GeneratedNote:
    data: bytes
    has_front: bool
    has_block: bool


@st.composite
def person_notes(draw: st.DrawFn, corrupt: bool = True) -> GeneratedNote:
    """Person-note bytes: BOM, LF/CRLF/mixed, final newline or not, varied front-matter/body."""
    lines: list[str] = []
    has_front = not draw(rare(4))
    if has_front:
        lines += draw(_front_matter())
    fragments = draw(st.lists(_BODY_FRAGMENT, max_size=10))
    has_block = draw(rare(4))
    if has_block:
        at = draw(st.integers(0, len(fragments)))
        fragments.insert(at, draw(_existing_block()))
    if draw(rare(15)):
        fragments.append(draw(st.sampled_from(UNCLOSED_TAIL)))
    for fragment in fragments:
        lines += fragment
    mode = draw(st.sampled_from(["lf", "crlf", "mixed"]))
    final_newline = draw(st.booleans())
    if mode == "mixed":
        flags = draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
        endings = ["\r\n" if flag else "\n" for flag in flags]
    else:
        endings = ["\n" if mode == "lf" else "\r\n"] * len(lines)
    text = "".join(
        line + (endings[i] if i < len(lines) - 1 or final_newline else "")
        for i, line in enumerate(lines)
    )
    data = (BOM if draw(st.booleans()) else b"") + text.encode("utf-8")
    if corrupt and draw(rare(40)):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xc3\x28" + data[at:]
    return GeneratedNote(data, has_front, has_block)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


@contextmanager
def _vault(person: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for rel, data in ((PERSON, person), (CONVERSATION, CONVERSATION_BYTES)):
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        yield root


def _counted(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Count every example run, and every failing one, under `name`."""

    def wrap(function: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> None:
            FIGURES[f"{name}.examples"] += 1
            try:
                function(*args, **kwargs)
            except BaseException:
                FIGURES[f"{name}.failures"] += 1
                raise

        return run

    return wrap


def _figures(name: str, started: float, *extra: str) -> None:
    counts = " ".join(
        f"{key.split('.', 1)[1]}={value}"
        for key, value in sorted(FIGURES.items())
        if key.startswith(f"{name}.") and key.split(".", 1)[1] not in ("examples", "failures")
    )
    print(
        f"PROPERTY {name} examples={FIGURES[f'{name}.examples']} "
        f"failures={FIGURES[f'{name}.failures']} {counts} {' '.join(extra)} "
        f"seconds={time.perf_counter() - started:.1f}".replace("  ", " ")
    )


def _describe(old: bytes, new: bytes, problems: object) -> str:
    return f"\nold bytes: {old!r}\nnew bytes: {new!r}\nproblems: {problems!r}"


# --------------------------------------------------------------------------------------------
# 1. Bytes outside owned regions never change
# --------------------------------------------------------------------------------------------


@SLOW
@given(note=person_notes())
@_counted("bytes_preserved")
def _bytes_preserved(note: GeneratedNote) -> None:
    with _vault(note.data) as root:
        result = CliRunner().invoke(
            cli, ["index", "--vault", str(root), "--json"], catch_exceptions=False
        )
        assert result.exit_code in (0, 1), result.output
        summary = json.loads(result.stdout)
        after = snapshot(root)
    problems = [p for p in summary["problems"] if p["path"] == PERSON]
    errors = [p for p in summary["problems"] if p["severity"] == "error"]
    assert result.exit_code == (1 if errors else 0), summary
    new = after[PERSON]
    context = _describe(note.data, new, problems)
    assert after[CONVERSATION] == CONVERSATION_BYTES or not confinement_error(
        CONVERSATION_BYTES, after[CONVERSATION]
    ), "conversation note changed outside its block"
    if any(p["severity"] == "error" for p in problems):
        FIGURES["bytes_preserved.refused"] += 1
        for problem in problems:
            FIGURES[f"bytes_preserved.{problem['code']}"] += 1
        assert new == note.data, "a refused note was changed" + context
        return
    if new == note.data:
        FIGURES["bytes_preserved.skipped_with_warning"] += 1
        assert problems, "a readable person note was neither written nor reported" + context
        return
    FIGURES["bytes_preserved.written"] += 1
    assert summary["written"] == [PERSON] or PERSON in summary["written"], summary
    error = confinement_error(note.data, new)
    assert error is None, error + context
    eol = eol_error(note.data, new)
    assert eol is None, eol + context
    blocks = dissect(new).blocks
    assert len(blocks) == 1, f"expected one block, found {len(blocks)}" + context
    content, digest = blocks[0]
    assert digest == block_hash(content), "block hash does not match its content" + context


@pytest.mark.slow
def test_bytes_outside_owned_regions_never_change() -> None:
    started = time.perf_counter()
    try:
        _bytes_preserved()
    finally:
        _figures("bytes_preserved", started)


# --------------------------------------------------------------------------------------------
# 2. A second index writes nothing
# --------------------------------------------------------------------------------------------


@SLOW
@given(note=person_notes())
@_counted("second_index")
def _second_index(note: GeneratedNote) -> None:
    with _vault(note.data) as root:
        first = index_vault(root)
        FIGURES["second_index.first_written"] += len(first.written)
        before = snapshot(root)
        second = index_vault(root)
        after = snapshot(root)
    context = _describe(note.data, before[PERSON], second.problems)
    assert second.written == [], f"second run wrote {second.written}" + context
    assert second.created == [], f"second run created {second.created}" + context
    assert after == before, "second run changed bytes" + context


@pytest.mark.slow
def test_second_index_writes_nothing() -> None:
    started = time.perf_counter()
    try:
        _second_index()
    finally:
        _figures("second_index", started)


# --------------------------------------------------------------------------------------------
# 3. The parser is total
# --------------------------------------------------------------------------------------------

PARSE_FRAGMENTS = [
    "---\n", "title: x\n", 'with: ["[[P]]"]\n', "date: 2026-05-02\n", "date: 2026-02-30T25:61\n",
    "- [ ] task [[P]] 📅 2026-06-01\n", "- [x] ", "```\n", "~~~\n", "```py\n",
    "<!-- vaultrel:begin -->\n", "<!-- vaultrel:end hash=deadbeef -->\n",
    "<!-- vaultrel:end -->\n", "<!-- vaultrel:begn -->", "<!--", "-->", "%%", "$$", "$", "`",
    "[[", "]]", "|", "#", "^", "[x](y%20z.md)", "![[img.png]]", "\r\n", "\r", "\n", "\ufeff",
    "a: &a [1]\n", "b: *a\n", "x: !!python/object/apply:os.system ['echo']\n", "%YAML 1.1\n",
    "key: [[[[\n", "\t", "    ", "> ", "> [!note]\n", "1. [x] ", "#tag", "\\", "\u2028",
    "\x85", "\x00", "\ud800", "aliases: [a, b]\n", "cadence: 2w\n", "cadence: 0d\n",
    "birthday: --02-30\n", "awaiting: me\n", "status: planned\n", 'follows: "[[x]]"\n',
    "org: [[Acme]]\n", "📅 2026-13-01", "[due:: 2026-05-20]", "due:: 2026-05-20", "#waiting",
    "type: person\n", "type: conversation\n", "met: 2026-01-01\n", "paused: yes\n",
    "snooze_until: 10:00\n", "last_spoke: 2026-01-01\n", "next_owed:\n", "? complex\n",
    ": value\n", "- a\n", "{a: b}\n", '"unterminated\n', "'x'\n", "...\n", "--- \n",
    "!", "!x ", "\x7f", "\x01", "\x1b[31m", '"!\x7f"', "&", "*", "$a ", "costs $5 ", "`x` ",
]  # fmt: skip


@st.composite
def _nested(draw: st.DrawFn) -> str:
    depth = draw(st.integers(1, 3000))
    opener = draw(st.sampled_from(["[", "{a: ", "- "]))
    return "---\na: " + opener * depth + "\n---\n"


@st.composite
def _laughs(draw: st.DrawFn) -> str:
    levels = draw(st.integers(1, 9))
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "---\n" + "\n".join(lines) + "\n---\n"


LINE_TOKENS = ["$a ", "$", "$$ ", "`", "`` ", "[[", "]]", "<!--", "%%", "\\", "a", "[x](", "| "]


@st.composite
def _long_line(draw: st.DrawFn) -> str:
    """One long line of a repeated token (RELIABILITY B26: no quadratic algorithms)."""
    token = draw(st.sampled_from(LINE_TOKENS))
    return draw(st.sampled_from(["", "- [ ] ", "> "])) + token * draw(st.integers(1, 5000)) + "\n"


@st.composite
def mutated_texts(draw: st.DrawFn) -> bytes:
    """Markdown/YAML fragments glued together, then cut, duplicated and sprinkled with noise."""
    piece = (
        st.one_of(
            st.sampled_from(PARSE_FRAGMENTS),
            st.text(max_size=8),
            _nested(),
            _laughs(),
            _long_line(),
        )
        if draw(rare(10))
        else st.one_of(st.sampled_from(PARSE_FRAGMENTS), st.text(max_size=8))
    )
    text = "".join(draw(st.lists(piece, max_size=40)))
    if draw(st.booleans()):  # inside a front-matter, where the YAML checks run
        text = "---\n" + "".join(draw(st.lists(piece, max_size=8))) + "\n---\n" + text
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "repeat"]))
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            text = (
                text[:at] + draw(st.sampled_from(PARSE_FRAGMENTS) | st.text(max_size=4)) + text[at:]
            )
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif op == "duplicate":
            text = text[:at] + text[at : at + draw(st.integers(1, 200))] + text[at:]
        elif len(text) < 5_000:
            text = text * draw(st.integers(2, 100))
    data = text.encode("utf-8", "surrogatepass")
    if draw(rare(10)):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


PARSE_PATHS = ["people/x.md", "conversations/2026-05-02 x.md", "orgs/x.md", "daily/x.md"]
PARSER_INPUTS = st.one_of(
    st.binary(max_size=4096),
    mutated_texts(),
    _long_line().map(lambda line: line.encode("utf-8")),
)
# A time limit is a threshold: shrinking towards it only finds examples that flip between pass
# and fail, and costs a second per step. The timing half therefore reports the example that
# `target` drove past the limit, unshrunk.
NO_SHRINK = settings(SLOW, phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target])


@SLOW
@given(data=PARSER_INPUTS, path=st.sampled_from(PARSE_PATHS))
@_counted("parser_total")
def _parser_total(data: bytes, path: str) -> None:
    """parse_note never raises: every problem comes back in `note.problems`."""
    note = parse_note(path, data, LAYOUT)
    assert isinstance(note, Note)
    if note.problems:
        FIGURES["parser_total.with_problems"] += 1


def _every_long_line(test: Callable[..., None]) -> Callable[..., None]:
    """Always try each token repeated the maximum number of times (explicit examples)."""
    for token in LINE_TOKENS:
        test = example(data=(token * 5000).encode("utf-8"), path=PARSE_PATHS[0])(test)
    return test


@_every_long_line
@NO_SHRINK
@given(
    data=st.one_of(_long_line().map(lambda line: line.encode("utf-8")), PARSER_INPUTS),
    path=st.sampled_from(PARSE_PATHS),
)
@_counted("parser_fast")
def _parser_fast(data: bytes, path: str) -> None:
    """No input takes long (`target` steers the search towards slow inputs). The bound is
    two seconds so that a busy CI machine cannot fail it; the quadratic cases it guards
    against took several (B26)."""
    started = time.perf_counter()
    try:
        parse_note(path, data, LAYOUT)
    except Exception:  # the totality half reports it, shrunk
        return
    elapsed = time.perf_counter() - started
    target(elapsed * 1000, label="parse_ms")
    FIGURES["parser_fast.max_us"] = max(FIGURES["parser_fast.max_us"], int(elapsed * 1e6))
    assert elapsed < 2.0, f"parse took {elapsed:.2f}s for {len(data)} bytes: {data[:120]!r}…"


@pytest.mark.slow
def test_parser_is_total() -> None:
    started = time.perf_counter()
    failures: list[Exception] = []
    for half in (_parser_total, _parser_fast):
        try:
            half()
        except Exception as exc:
            failures.append(exc)
    _figures("parser_total", started)
    _figures("parser_fast", started)
    if failures:
        raise ExceptionGroup("parse_note is not total or not fast", failures)


def _fastest_parse(data: bytes, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        parse_note("daily/x.md", data, LAYOUT)
        best = min(best, time.perf_counter() - started)
    return best


def test_unclosed_code_spans_in_many_paragraphs_stay_linear() -> None:
    """Found by the search above: every paragraph opening a code span that never closes made
    the scanner copy the rest of the note once per opener (B26). Four times the text must take
    about four times as long, not sixteen; a ratio, so a busy machine cannot fail it."""
    paragraph = b"`> [!note]\n---\n...\n"
    small = _fastest_parse(b"> [!note]\n---\n...\n" + paragraph * 5000)
    large = _fastest_parse(b"> [!note]\n---\n...\n" + paragraph * 20000)
    assert large / small < 9, f"4x the text took {large / small:.1f}x as long"


# --------------------------------------------------------------------------------------------
# 4. splice is idempotent and confined
# --------------------------------------------------------------------------------------------

_BLOCK_LINE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\n\r"), max_size=30
).filter(lambda line: not line.strip().startswith("<!-- vaultrel:"))
_OWNED = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {}, optional={key: st.one_of(st.none(), st.dates()) for key in OWNED_KEYS}
    ),
    st.fixed_dictionaries({key: st.one_of(st.none(), st.dates()) for key in OWNED_KEYS}),
)


# One failure at a time: shrinking several distinct splice failures took 80 s on 2 cores.
@settings(SLOW, report_multiple_bugs=False)
@given(
    note=person_notes(corrupt=False),
    owned=_OWNED,
    block=st.one_of(st.none(), st.lists(_BLOCK_LINE, max_size=8).map("\n".join)),
)
@_counted("splice")
def _splice_property(
    note: GeneratedNote, owned: dict[str, dt.date | None] | None, block: str | None
) -> None:
    bom = note.data.startswith(BOM)
    text = NoteText(note.data[len(BOM) if bom else 0 :].decode("utf-8"), bom)
    try:
        once = splice(text, owned, block)
    except NoteError as exc:
        FIGURES[f"splice.refused_{exc.problem.code}"] += 1
        return
    FIGURES["splice.spliced"] += 1
    twice = splice(once, owned, block)
    new = once.encode()
    context = _describe(note.data, new, (owned, block))
    assert twice == once, f"second splice changed the text: {twice.encode()!r}" + context
    error = confinement_error(note.data, new)
    assert error is None, error + context
    old_parts, new_parts = dissect(note.data), dissect(new)
    if owned is not None and (old_parts.front is not None or any(owned.values())):
        for key in OWNED_KEYS:
            if key in owned:
                value = owned[key]
                wanted = [f"{key}: {value.isoformat()}".encode()] if value else []
            else:
                wanted = old_parts.owned.get(key, [])
            got = new_parts.owned.get(key, [])
            assert got == wanted, f"{key}: wanted {wanted!r}, got {got!r}" + context
    expected_blocks = 0 if block is None else 1
    assert len(new_parts.blocks) == expected_blocks, "wrong number of blocks" + context
    if block is not None:
        content, digest = new_parts.blocks[0]
        assert content == [line.encode() for line in block.split("\n")], "block content" + context
        assert digest == block_hash(content), "block hash" + context


@pytest.mark.slow
def test_splice_is_idempotent_and_confined() -> None:
    started = time.perf_counter()
    try:
        _splice_property()
    finally:
        _figures("splice", started)


# --------------------------------------------------------------------------------------------
# 5. Removing an appended block gives back the exact bytes
# --------------------------------------------------------------------------------------------


@settings(SLOW, report_multiple_bugs=False)
@given(
    note=person_notes(corrupt=False).filter(lambda note: not note.has_block),
    block=st.lists(_BLOCK_LINE, max_size=8).map("\n".join),
)
@example(note=GeneratedNote(b"abc", False, False), block="x")
@example(note=GeneratedNote(b"abc\n", False, False), block="x")
@example(note=GeneratedNote(b"x\r\nabc", False, False), block="x")
@example(note=GeneratedNote(b"x\r\nabc\r\n", False, False), block="x")
@example(note=GeneratedNote(b"", False, False), block="x")
@_counted("append_remove")
def _append_remove(note: GeneratedNote, block: str) -> None:
    """DESIGN §4, 2: the blank line before an appended block, and the line break added to a
    note without a final one, belong to the block; with or without a final newline, LF or
    CRLF, appending then removing the block is the identity."""
    bom = note.data.startswith(BOM)
    text = NoteText(note.data[len(BOM) if bom else 0 :].decode("utf-8"), bom)
    try:
        appended = splice(text, None, block)
    except NoteError as exc:
        FIGURES[f"append_remove.refused_{exc.problem.code}"] += 1
        return
    ending = "crlf" if b"\r\n" in note.data else "lf"
    final = "final_newline" if note.data.endswith(b"\n") else "no_final_newline"
    FIGURES[f"append_remove.{ending}_{final}"] += 1
    context = _describe(note.data, appended.encode(), block)
    assert eol_error(note.data, appended.encode()) is None, "line endings" + context
    assert appended.encode().endswith(b"\n") == (note.data.endswith(b"\n") or not text.text), (
        "final newline not kept" + context
    )
    assert splice(appended, None, None) == text, "removal changed the note" + context


@pytest.mark.slow
def test_append_then_remove_is_the_identity() -> None:
    started = time.perf_counter()
    try:
        _append_remove()
    finally:
        _figures("append_remove", started)


# --------------------------------------------------------------------------------------------
# 6. strip after index gives back the user's bytes; index after strip puts everything back
# --------------------------------------------------------------------------------------------


def _run(*args: str | Path) -> int:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code


@settings(SLOW, max_examples=150)
@given(note=person_notes(corrupt=False))
@_counted("strip_index")
def _strip_index(note: GeneratedNote) -> None:
    """DESIGN §4 point 1 and §5 `strip`: strip ∘ index is the identity on the user's bytes,
    except that a front-matter index created stays as its two fences; and index ∘ strip
    gives back the indexed vault byte for byte (but for an empty note, given a front-matter)."""
    with _vault(note.data) as root:
        if _run("strip", "--vault", root) == 1:  # a generated block with a made-up hash
            FIGURES["strip_index.refused"] += 1
            assert snapshot(root)[PERSON] == note.data, "a refused note was stripped"
            return
        user = snapshot(root)[PERSON]
        _run("index", "--vault", root)
        indexed = snapshot(root)
        assert _run("strip", "--vault", root) == 0
        stripped = snapshot(root)
        _run("index", "--vault", root)
        again = snapshot(root)
    context = _describe(user, stripped[PERSON], indexed[PERSON])
    assert stripped[CONVERSATION] == CONVERSATION_BYTES, "conversation not given back"
    if stripped[PERSON] == user:
        FIGURES["strip_index.identical"] += 1
    else:
        FIGURES["strip_index.front_matter_kept"] += 1
        after = dissect(stripped[PERSON])
        assert dissect(user).front is None and after.front_only_owned, "bytes differ" + context
        assert after.user_bytes(keep_front=False) == user, "bytes differ" + context
    if user.removeprefix(BOM):
        assert again == indexed, "index after strip did not put everything back" + context
    else:  # an empty note: its block now follows the kept fences after a blank line
        FIGURES["strip_index.empty_note"] += 1


def test_strip_after_index_gives_back_the_user_bytes() -> None:
    started = time.perf_counter()
    try:
        _strip_index()
    finally:
        _figures("strip_index", started)


# --------------------------------------------------------------------------------------------
# 7. dated notes are read, never written
# --------------------------------------------------------------------------------------------

DAILY_LINES = st.sampled_from(
    [
        "## Conversations",
        "### later",
        "# Other",
        "- [[P]] over lunch",
        "- 14:30 #call with [[P]] and [[Nobody]]",
        "- #coffee [[Q]]",
        "  - [ ] send [[P]] the deck 📅 2026-05-09",
        "  - [ ] #waiting the figures",
        "  - [ ] #ask about the move",
        "- [x] #video [[P]] ✅ 2026-05-04",
        "- [ ] #call [[P]] next week",
        "Saw [[P]] in passing.",
        "```",
        "<!-- vaultrel:begin -->",
        "",
        "\r",
    ]
)


@SLOW
@given(
    lines=st.lists(DAILY_LINES | st.text(max_size=20), max_size=12),
    name=st.sampled_from(["daily/2026-05-03.md", "2026/05/2026-05-03.md", "03.05.2026.md"]),
    fmt=st.sampled_from(["YYYY-MM-DD", "YYYY/MM/YYYY-MM-DD", "DD.MM.YYYY"]),
)
@_counted("dated_notes_unwritten")
def _dated_notes_unwritten(lines: list[str], name: str, fmt: str) -> None:
    data = "\n".join(lines).encode()
    with _vault(b"---\ncadence: 1w\n---\n") as root:
        (root / ".obsidian").mkdir()
        (root / ".obsidian/daily-notes.json").write_text(json.dumps({"format": fmt}))
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
        index_vault(root)
        assert (root / name).read_bytes() == data, "index wrote a dated note"
        assert not (root / "people/Nobody.md").exists(), "a log line created a person"
        assert index_vault(root).written == [], "a second index wrote again"
        assert (root / name).read_bytes() == data


def test_dated_notes_are_never_written() -> None:
    started = time.perf_counter()
    try:
        _dated_notes_unwritten()
    finally:
        _figures("dated_notes_unwritten", started)
