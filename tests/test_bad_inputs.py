"""RELIABILITY.md §c, the bad-input catalogue: every row that applies to `vaultrel index`.

Each bad input sits in a person note (`people/X.md`; X is a participant of a conversation, so
vaultrel wants to write it) in a real vault that also holds a healthy person, Ada, and that
conversation. The index runs through the CLI. Every case asserts:

1. the one-line problem `vaultrel: <path>:<line>: <what> [<CODE>] — <hint>` on stderr, with the
   code and line exact (the rest matched loosely), every stderr line in that form, and no error
   other than the expected ones;
2. the bad file untouched (bytes and lstat: inode, mode, mtime, size, link count, link target),
   nothing outside the vault changed or opened, no `.vaultrel-*.tmp` left anywhere;
3. the rest of the vault processed: Ada got `last_spoke:` and `next_owed:`;
4. the exit code of DESIGN §5: 1 for a refused note, 2 for an unusable vault, 0 for warnings.

Rows whose behaviour is "works" assert the exact bytes written around the generated block, whose
markers and hash are checked here independently of vaultrel's code.

Every entry has a test named after it (`test_B01_…`); table entries run each of their cases.
Entries without a test here:

| entry | why |
|---|---|
| B52 | Windows only: a rename over an open file never fails on Linux or macOS |
| B53 | macOS iCloud only: Linux has no dataless files |
| B57, B58 | HTML output: tests/site/test_xss.py and test_markup.py test `vaultrel site` |
| B59, B60 | archives: vaultrel has no archive import |
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import os
import re
import socket
import stat
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import EllipsisType
from typing import Any

import pytest

from tests.conftest import Invoke, MakeVault, Outcome
from vaultrel.adapters import fs
from vaultrel.adapters.journal import Journal
from vaultrel.adapters.lock import VaultLock
from vaultrel.adapters.writer import RESERVED_DIRS, Write, Writer

REPO = Path(__file__).resolve().parents[1]
X = "people/X.md"
ADA = "people/Ada.md"
ADA_TEXT = "---\ncadence: 2w\n---\nAda is great.\n"
CALL = "conversations/2026-05-02 Ada.md"
OTHER = "conversations/2026-04-01 Other.md"  # a second, earlier conversation some rows add
ADA_DONE = "last_spoke: 2026-05-02\nnext_owed: 2026-05-16\n"
FM = "---\ntitle: X\n---\n"  # a bad note's front-matter: its body starts on line 4
BEGIN = b"<!-- vaultrel:begin -->"
END = re.compile(rb"<!-- vaultrel:end hash=([0-9a-f]{8}) -->")
PROBLEM = re.compile(
    r"vaultrel: (?P<where>.+?): (?P<what>.+) \[(?P<code>[EW]_[A-Z0-9_]+)\] — (?P<hint>.+)"
)
UNSAFE_OUTPUT = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

Line = int | None | tuple[int | None, ...] | EllipsisType  # a tuple: any of; ...: any line
NoteSpec = str | bytes | Callable[[Path], str | bytes] | None
Setup = Callable[[Path, Path], None]  # (vault root, a folder outside the vault)


def conversation(date: str, *names: str, extra: str = "") -> str:
    """A conversation note; its `with:` is always on line 3. Names are raw YAML string text."""
    links = ", ".join(f'"[[{name}]]"' for name in names)
    return f"---\ndate: {date}\nwith: [{links}]\nchannel: call\n{extra}---\nTalked launch.\n"


def sha8(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]


def block(content: str = "## Relationship", digest: str | None = None) -> str:
    """A complete, well-formed generated block (3 lines for the default content)."""
    end = f"<!-- vaultrel:end hash={digest or sha8(content)} -->"
    return f"<!-- vaultrel:begin -->\n{content}\n{end}\n"


# ---------------------------------------------------------------------------------------------
# Problems on stderr


@dataclass(frozen=True)
class Expect:
    """A problem line that must appear. `path` None: any path; `code` ending in `*`: a prefix."""

    code: str
    path: str | None = X
    line: Line = None
    what: tuple[str, ...] = ()
    hint: str = ""
    once: bool = True


@dataclass(frozen=True)
class Reported:
    path: str
    line: int | None
    what: str
    code: str
    hint: str


def reported(stderr: str) -> list[Reported]:
    """Every stderr line, parsed; each must be a one-line problem (no traceback, no noise)."""
    problems = []
    for text in stderr.splitlines():
        match = PROBLEM.fullmatch(text)
        assert match, f"stderr line is not a one-line problem: {text!r}\n--- stderr:\n{stderr}"
        head, sep, tail = match["where"].rpartition(":")
        path, line = (head, int(tail)) if sep and tail.isdigit() else (match["where"], None)
        problems.append(Reported(path, line, match["what"], match["code"], match["hint"]))
    return problems


def _code_matches(expect: Expect, code: str) -> bool:
    if expect.code.endswith("*"):
        return code.startswith(expect.code[:-1])
    return code == expect.code


def _line_matches(expected: Line, line: int | None) -> bool:
    if isinstance(expected, EllipsisType):
        return True
    if isinstance(expected, tuple):
        return line in expected
    return line == expected


def check_problems(stderr: str, expects: tuple[Expect, ...]) -> list[Reported]:
    problems = reported(stderr)
    for expect in expects:
        hits = [
            p for p in problems if _code_matches(expect, p.code) and expect.path in (None, p.path)
        ]
        assert hits, f"no [{expect.code}] for {expect.path}\n--- stderr:\n{stderr}"
        if expect.once:
            assert len(hits) == 1, f"[{expect.code}] reported {len(hits)} times:\n{stderr}"
        for hit in hits:
            assert _line_matches(expect.line, hit.line), (
                f"[{hit.code}] {hit.path} at line {hit.line}, expected {expect.line}\n{stderr}"
            )
            for part in expect.what:
                assert part.lower() in hit.what.lower(), f"{part!r} not in {hit.what!r}"
            assert expect.hint.lower() in hit.hint.lower(), f"{expect.hint!r} not in {hit.hint!r}"
    unexpected = [
        p
        for p in problems
        if p.code.startswith("E_")
        and not any(_code_matches(e, p.code) and e.path in (None, p.path) for e in expects)
    ]
    assert not unexpected, f"unexpected errors: {unexpected}\n--- stderr:\n{stderr}"
    return problems


# ---------------------------------------------------------------------------------------------
# Files: fingerprints, temp files, the generated block


@dataclass(frozen=True)
class Print:
    """What "untouched" means (RELIABILITY §c): the bytes and the lstat, link target included."""

    kind: int
    mode: int
    ino: int
    nlink: int
    size: int
    mtime_ns: int
    data: bytes | None
    target: str | None


def fingerprint(path: Path) -> Print:
    st = os.lstat(path)
    data = path.read_bytes() if stat.S_ISREG(st.st_mode) else None
    target = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
    return Print(
        stat.S_IFMT(st.st_mode),
        stat.S_IMODE(st.st_mode),
        st.st_ino,
        st.st_nlink,
        st.st_size,
        st.st_mtime_ns,
        data,
        target,
    )


def tree(top: Path, skip: Path | None = None) -> dict[str, Print]:
    """Every entry under `top` except the `skip` subtree, without following links."""
    found: dict[str, Print] = {}
    for folder, dirs, files in os.walk(top):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d != skip]
        for name in [*dirs, *files]:
            found[str((here / name).relative_to(top))] = fingerprint(here / name)
    return found


def _inodes(top: Path, entries: dict[str, Print]) -> set[tuple[int, int]]:
    """(dev, ino) of the regular files among `entries` (paths relative to `top`)."""
    return {
        (os.lstat(top / path).st_dev, print_.ino)
        for path, print_ in entries.items()
        if print_.kind == stat.S_IFREG
    }


def temp_files(top: Path) -> list[str]:
    return [
        os.path.join(folder, name)
        for folder, dirs, files in os.walk(top)
        for name in [*dirs, *files]
        if name.startswith(".vaultrel-") and name.endswith(".tmp")
    ]


def split_block(data: bytes, eol: bytes = b"\n") -> tuple[bytes, list[str], bytes]:
    """(bytes before the begin marker, content lines, bytes after the end marker) of the last
    block; checks that every block line ends with `eol` and that the hash matches."""
    start = data.rindex(BEGIN)
    end = END.search(data, start)
    assert end, "no end marker with a hash after the begin marker"
    inner = data[start + len(BEGIN) : end.start()]
    assert inner.startswith(eol) and inner.endswith(eol), f"block lines must end with {eol!r}"
    lines = inner[len(eol) : -len(eol)].decode("utf-8").split(eol.decode())
    for line in lines:
        assert "\r" not in line and "\n" not in line, f"stray line ending in {line!r}"
        assert line.strip() != "---" and "[ ]" not in line
    assert sha8("\n".join(lines)) == end.group(1).decode(), "block hash does not match"
    return data[:start], lines, data[end.end() :]


def section(data: bytes, title: str) -> list[str]:
    """The items of one section (`**Timeline**`, …) of the block in an LF note."""
    _, lines, _ = split_block(data)
    if f"**{title}**" not in lines:
        return []
    items = []
    for line in lines[lines.index(f"**{title}**") + 1 :]:
        if not line.lstrip().startswith("- "):
            break
        items.append(line)
    return items


@dataclass(frozen=True)
class Written:
    """The exact bytes of a note vaultrel wrote: `head` + the block + `tail`."""

    head: bytes
    tail: bytes
    eol: bytes = b"\n"


def assert_written(data: bytes, expected: Written) -> None:
    head, lines, tail = split_block(data, expected.eol)
    assert head == expected.head
    assert tail == expected.tail
    assert any(line.startswith("- **Last spoke:** 2026-05-02") for line in lines), lines


# ---------------------------------------------------------------------------------------------
# Running the CLI


@contextmanager
def opened_inodes() -> Iterator[set[tuple[int, int]]]:
    """Record (dev, ino) of every file successfully opened through os.open or open()."""
    seen: set[tuple[int, int]] = set()
    real_os_open = os.open
    real_io_open = io.open

    def record(fd: int) -> None:
        st = os.fstat(fd)
        seen.add((st.st_dev, st.st_ino))

    def spy_os_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        fd = real_os_open(path, flags, mode, dir_fd=dir_fd)
        record(fd)
        return fd

    def spy_io_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        handle = real_io_open(file, *args, **kwargs)
        with suppress(OSError, ValueError, AttributeError):
            record(handle.fileno())
        return handle

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", spy_os_open)
        patch.setattr(io, "open", spy_io_open)
        patch.setattr(builtins, "open", spy_io_open)
        yield seen


def index_in_subprocess(
    *args: str, env: Mapping[str, str] | None = None, timeout: float = 60
) -> Outcome:
    """`vaultrel index ARGS…` in a child process that is killed if it blocks."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "vaultrel", "index", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=environment,
        cwd=REPO,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True)
class Ctx:
    root: Path
    outside: Path
    outcome: Outcome
    problems: list[Reported]
    opened: set[tuple[int, int]]
    seconds: float


Check = Callable[[Ctx], None]


@dataclass(frozen=True)
class Case:
    """One catalogue input. `note` is people/X.md (a callable gets the outside folder)."""

    row: str
    note: NoteSpec
    problems: tuple[Expect, ...] = ()
    exit_code: int = 1
    untouched: tuple[str, ...] = (X,)
    written: Written | None = None
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    with_: tuple[str, ...] = ("Ada", "X")
    setup: Setup | None = None
    check: Check | None = None
    in_subprocess: bool = False
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.row}-{self.label}" if self.label else self.row


def params(cases: list[Case]) -> list[Any]:
    return [pytest.param(case, id=case.id) for case in cases]


def run_case(case: Case, tmp_path: Path, make_vault: MakeVault, invoke: Invoke) -> Ctx:
    outside = tmp_path / "outside"
    outside.mkdir()
    files: dict[str, str | bytes] = {ADA: ADA_TEXT, CALL: conversation("2026-05-02", *case.with_)}
    files.update(case.files)
    if case.note is not None:
        files[X] = case.note(outside) if callable(case.note) else case.note
    root = make_vault(files)
    if case.setup is not None:
        case.setup(root, outside)
    before = {path: fingerprint(root / path) for path in case.untouched}
    around = tree(tmp_path, skip=root)
    foreign = _inodes(tmp_path, around) - _inodes(root, tree(root))  # hard links can be both
    ada = os.lstat(root / ADA)
    started = time.monotonic()
    if case.in_subprocess:
        opened: set[tuple[int, int]] = set()
        outcome = index_in_subprocess("--vault", str(root))
    else:
        with opened_inodes() as opened:
            outcome = invoke("index", "--vault", root)
    seconds = time.monotonic() - started

    problems = check_problems(outcome.stderr, case.problems)
    assert outcome.exit_code == case.exit_code, outcome.stderr
    for path, print_ in before.items():
        assert fingerprint(root / path) == print_, f"{path} was touched"
    assert tree(tmp_path, skip=root) == around, "something outside the vault changed"
    assert not opened & foreign, "a file outside the vault was opened"
    if not case.in_subprocess:
        assert (ada.st_dev, ada.st_ino) in opened, "the open() spy saw nothing: it went blind"
    assert temp_files(tmp_path) == []
    assert ADA_DONE in (root / ADA).read_text("utf-8"), "the healthy person was not processed"
    if case.written is not None:
        assert_written((root / X).read_bytes(), case.written)
    ctx = Ctx(root, tmp_path / "outside", outcome, problems, opened, seconds)
    if case.check is not None:
        case.check(ctx)
    return ctx


def people(*names: str) -> Check:
    """The people folder holds exactly these entries afterwards (nothing created)."""

    def check(ctx: Ctx) -> None:
        assert sorted(os.listdir(ctx.root / "people")) == sorted(names)

    return check


def faster_than(seconds: float) -> Check:
    def check(ctx: Ctx) -> None:
        assert ctx.seconds < seconds, f"took {ctx.seconds:.1f}s"

    return check


def works(head: str | bytes, tail: str | bytes = "\n", eol: str = "\n") -> Written:
    def raw(text: str | bytes) -> bytes:
        return text if isinstance(text, bytes) else text.encode("utf-8")

    return Written(raw(head), raw(tail), eol.encode())


# ---------------------------------------------------------------------------------------------
# c.1 Front matter / YAML (B01–B18)

BILLION_LAUGHS = (
    '---\na0: &a0 ["lol"]\n'
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 7))
    + "---\n"
)
BIG_FRONT_MATTER = (
    "---\n" + "".join(f"key{i:05d}: {'v' * 60}\n" for i in range(1100)) + "---\nbody\n"
)
B15_NOTE = "---\nJust a thematic break: with colon\n---\nreal body"


def _b05_payload(outside: Path) -> str:
    return f"---\nx: !!python/object/apply:os.system ['touch {outside}/pwned']\n---\nbody\n"


def _front_matter_not_edited(ctx: Ctx) -> None:
    data = (ctx.root / X).read_text("utf-8")
    assert data.startswith(B15_NOTE), "the ambiguous --- block was edited"
    assert "last_spoke" not in data


def _alias_no_resolves(ctx: Ctx) -> None:
    people("Ada.md", "X.md")(ctx)  # `[[no]]` is X's alias: no people/no.md
    assert any(
        "[[2026-04-01 Other]]" in item for item in section((ctx.root / X).read_bytes(), "Timeline")
    )


C1 = [
    Case(
        "B01",
        "---\ntitle: x\nbody text\n",
        (Expect("E_FM_UNTERMINATED", line=1, hint="closing ---"),),
    ),
    Case("B02", "---\na:\n\tb: 1\n---\n", (Expect("E_FM_YAML", line=3),)),
    Case(
        "B02",
        "---\nmet: 2024-01-02\ntopics: [a, b\n---\n",
        (Expect("E_FM_YAML", line=3, what=("at the end of the front-matter",)),),
        label="unclosed flow list",  # reported on the front-matter's last line, not the ---
    ),
    Case(
        "B03", "---\ntitle: A\ntitle: B\n---\n", (Expect("E_FM_DUPKEY", line=3, what=("title",)),)
    ),
    Case(
        "B04",
        "---\n- a\n- b\n---\nbody\n",
        (Expect("E_FM_NOT_MAPPING", line=(1, 2)),),
        label="list",
    ),
    Case(
        "B04",
        "---\njust a sentence\n---\nbody\n",
        (Expect("E_FM_NOT_MAPPING", line=(1, 2)),),
        label="scalar",
    ),
    Case("B05", _b05_payload, (Expect("E_FM_TAG", line=2),), label="python-object"),
    Case("B05", "---\nx: !local value\n---\n", (Expect("E_FM_TAG", line=2),), label="local-tag"),
    Case("B05", "---\nn: !!str 12\n---\n", (Expect("E_FM_TAG", line=2),), label="core-tag"),
    Case(
        "B06",
        BILLION_LAUGHS,
        (Expect("E_FM_ALIAS", line=(2, 3)),),
        check=faster_than(5),
        label="billion-laughs",
    ),
    Case("B06", "---\na: &x 1\nb: 2\n---\n", (Expect("E_FM_ALIAS", line=2),), label="anchor"),
    Case("B06", "---\na: &x 1\nb: *x\n---\n", (Expect("E_FM_ALIAS", line=(2, 3)),), label="alias"),
    Case("B07", BIG_FRONT_MATTER, (Expect("E_FM_TOO_LARGE", line=(1, None)),)),
    Case(
        "B08",
        "---\na: " + "[" * 500 + "]" * 500 + "\n---\n",
        (Expect("E_FM_DEPTH", line=2),),
        label="500",
    ),
    Case(
        "B08",
        "---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n",
        (Expect("E_FM_DEPTH", line=2),),
        label="5000",
    ),
    Case(
        "B09",
        "---\n%YAML 1.1\n---\nstatus: no\n---\nbody\n",
        (Expect("E_FM_DIRECTIVE", line=2),),
        label="yaml",
    ),
    Case(
        "B09",
        "---\n%TAG !e! tag:example.com,2000:\nx: 1\n---\n",
        (Expect("E_FM_DIRECTIVE", line=2),),
        label="tag",
    ),
    Case(
        "B10",
        "---\nstatus: no\n---\nbody\n",
        exit_code=0,
        untouched=(),
        written=works("---\nstatus: no\nlast_spoke: 2026-05-02\n---\nbody\n\n"),
        label="bytes-kept",
    ),
    Case(
        "B10",
        "---\naliases: [no]\n---\nbody\n",
        exit_code=0,
        untouched=(),
        files={OTHER: conversation("2026-04-01", "no")},
        written=works("---\naliases: [no]\nlast_spoke: 2026-05-02\n---\nbody\n\n"),
        check=_alias_no_resolves,
        label="alias-no-is-a-string",
    ),
    Case(
        "B11",
        "---\nup: [[Parent]]\n---\nbody\n",
        exit_code=0,
        untouched=(),
        written=works("---\nup: [[Parent]]\nlast_spoke: 2026-05-02\n---\nbody\n\n"),
        label="other-key",
    ),
    Case(
        "B11",
        "---\norg: [[Acme]]\n---\nbody\n",
        (Expect("W_FM_UNQUOTED_LINK", line=2),),
        exit_code=0,
        untouched=(),
        written=works("---\norg: [[Acme]]\nlast_spoke: 2026-05-02\n---\nbody\n\n"),
        label="link-key",
    ),
    Case(
        "B12",
        "---\n---\nbody",
        exit_code=0,
        untouched=(),
        written=works("---\nlast_spoke: 2026-05-02\n---\nbody\n\n", tail=""),
    ),
    Case(
        "B13",
        "\ufeff---\ntitle: A\n---\n",
        exit_code=0,
        untouched=(),
        written=works("\ufeff---\ntitle: A\nlast_spoke: 2026-05-02\n---\n\n"),
    ),
    Case(
        "B14", "\n---\ntitle: A\n---\n", (Expect("E_FM_NOT_AT_TOP", line=2),), label="blank-first"
    ),
    Case(
        "B14",
        "   ---\ntitle: A\n   ---\n",
        (Expect("E_FM_NOT_AT_TOP", line=1),),
        label="indented",
    ),
    Case(
        "B15",
        B15_NOTE,
        (Expect("W_FM_AMBIGUOUS", line=(1, 2)),),
        exit_code=0,
        untouched=(),
        check=_front_matter_not_edited,
    ),
    Case(
        "B16",
        "---\r\ntitle: A\r\n---\r\n\r\nbody\r\n",
        exit_code=0,
        untouched=(),
        written=works(
            "---\r\ntitle: A\r\nlast_spoke: 2026-05-02\r\n---\r\n\r\nbody\r\n\r\n", "\r\n", "\r\n"
        ),
    ),
    Case(
        "B17",
        "---\ntitle: A\n---\nbody\r\nmore\r\n",
        (Expect("W_MIXED_EOL", line=...),),
        exit_code=0,
        untouched=(),
        written=works(
            "---\ntitle: A\nlast_spoke: 2026-05-02\n---\nbody\r\nmore\r\n\r\n", "\r\n", "\r\n"
        ),
        label="lf-front-matter",
    ),
    Case(
        "B17",
        "---\r\ntitle: A\r\n---\r\nbody\nmore\n",
        (Expect("W_MIXED_EOL", line=...),),
        exit_code=0,
        untouched=(),
        written=works("---\r\ntitle: A\r\nlast_spoke: 2026-05-02\r\n---\r\nbody\nmore\n\n"),
        label="crlf-front-matter",
    ),
    Case(
        "B18",
        "---\ntitle: A\n---\nbody",
        exit_code=0,
        untouched=(),
        written=works("---\ntitle: A\nlast_spoke: 2026-05-02\n---\nbody\n\n", tail=""),
        label="block-appended",
    ),
    Case(
        "B18",
        "---\ntitle: A\n---\nIntro\n<!-- vaultrel:begin -->\n<!-- vaultrel:end -->\nTail",
        exit_code=0,
        untouched=(),
        written=works("---\ntitle: A\nlast_spoke: 2026-05-02\n---\nIntro\n", "\nTail"),
        label="block-placed",
    ),
]


# ---------------------------------------------------------------------------------------------
# c.2 Encoding and content (B19–B26)

UTF16_TEXT = "---\ntitle: A\n---\nbody\n"
LONG_LINE = "word " * 1_000_000  # 5 MB, no line break


def _sanitized(ctx: Ctx) -> None:
    _, lines, _ = split_block((ctx.root / X).read_bytes())
    assert not any(UNSAFE_OUTPUT.search(line) for line in lines), lines
    timeline = section((ctx.root / X).read_bytes(), "Timeline")
    assert any("Plan" in item and "text." in item for item in timeline), timeline


def _empty_note_written(ctx: Ctx) -> None:
    data = (ctx.root / X).read_bytes()
    assert data.startswith(b"---\nlast_spoke: 2026-05-02\n---\n"), data[:80]
    split_block(data)


C2 = [
    Case(
        "B19", b"ok \xc3\x28 bad", (Expect("E_ENCODING", line=1, what=("byte 3",), hint="UTF-8"),)
    ),
    Case(
        "B19",
        b"---\ntitle: A\n---\nok \xc3\x28 bad\n",
        (Expect("E_ENCODING", line=4, what=("byte 20",), hint="UTF-8"),),
        label="in-body",
    ),
    Case(
        "B20",
        b"\xff\xfe" + UTF16_TEXT.encode("utf-16-le"),
        (Expect("E_ENCODING", line=None, what=("UTF-16",)),),
        label="le",
    ),
    Case(
        "B20",
        b"\xfe\xff" + UTF16_TEXT.encode("utf-16-be"),
        (Expect("E_ENCODING", line=None, what=("UTF-16",)),),
        label="be",
    ),
    Case("B21", b"---\ntitle: A\n---\nbo\x00dy\n", (Expect("E_BINARY", line=None),)),
    Case("B22", b"---\ntitle: A\n---\nx \xed\xa0\x80 y\n", (Expect("E_ENCODING", line=4),)),
    Case(
        "B23",
        FM + "body\n",
        (Expect("W_SANITIZED", path=None, line=..., once=False),),
        exit_code=0,
        untouched=(OTHER,),
        files={
            OTHER: conversation("2026-04-01", "X").replace(
                "Talked launch.", "Plan \u202eevil\x07 text."
            )
        },
        check=_sanitized,
    ),
    Case(
        "B24",
        b"---\ntitle: A\n---\n" + b"a" * (10 * 1024 * 1024),
        (Expect("E_TOO_LARGE", line=None),),
    ),
    Case("B25", b"", exit_code=0, untouched=(), check=_empty_note_written, label="new-empty-note"),
    Case(
        "B26",
        FM + LONG_LINE,
        exit_code=0,
        untouched=(),
        written=works("---\ntitle: X\nlast_spoke: 2026-05-02\n---\n" + LONG_LINE + "\n\n", ""),
        check=faster_than(30),
    ),
]


def test_B25_truncated_note_is_suspect(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({ADA: ADA_TEXT, CALL: conversation("2026-05-02", "Ada", "X"), X: FM})
    assert invoke("index", "--vault", root).exit_code == 0
    (root / X).write_bytes(b"")
    before = fingerprint(root / X)
    outcome = invoke("index", "--vault", root)
    check_problems(outcome.stderr, (Expect("E_SUSPECT_TRUNCATION", line=None),))
    assert outcome.exit_code == 1
    assert fingerprint(root / X) == before
    again = invoke("index", "--vault", root)  # its last stored state was kept: it asks again
    check_problems(again.stderr, (Expect("E_SUSPECT_TRUNCATION", line=None),))
    assert again.exit_code == 1


# ---------------------------------------------------------------------------------------------
# c.3 vaultrel markers (B27–B32); the bad note's body starts on line 4

C3 = [
    Case(
        "B27",
        FM + "Intro\n<!-- vaultrel:begin -->\nstuff\n",
        (Expect("E_MARKER_UNBALANCED", line=5),),
        label="begin-only",
    ),
    Case(
        "B27",
        FM + f"Intro\n<!-- vaultrel:end hash={sha8('x')} -->\n",
        (Expect("E_MARKER_UNBALANCED", line=5),),
        label="end-only",
    ),
    Case(
        "B27",
        FM + "Intro\n<!-- vaultrel:end -->\n",
        (Expect("E_MARKER_UNBALANCED", line=5),),
        label="bare-end-only",
    ),
    Case(
        "B28",
        FM + block() + "middle\n" + block(),
        (Expect("E_MARKER_DUPLICATE", line=(4, 8), what=("4", "8"), hint="delete one copy"),),
    ),
    Case(
        "B29",
        FM + "```\n<!-- vaultrel:begin -->\n<!-- vaultrel:end hash=deadbeef -->\n```\n",
        exit_code=0,
        untouched=(),
        written=works(
            "---\ntitle: X\nlast_spoke: 2026-05-02\n---\n"
            "```\n<!-- vaultrel:begin -->\n<!-- vaultrel:end hash=deadbeef -->\n```\n\n"
        ),
        label="backtick-fence",
    ),
    Case(
        "B29",
        FM + "~~~markdown\n<!-- vaultrel:begin -->\n~~~\n",
        exit_code=0,
        untouched=(),
        written=works(
            "---\ntitle: X\nlast_spoke: 2026-05-02\n---\n"
            "~~~markdown\n<!-- vaultrel:begin -->\n~~~\n\n"
        ),
        label="tilde-fence",
    ),
    Case(
        "B29",
        FM + "Text\n\n    <!-- vaultrel:begin -->\n    <!-- vaultrel:end hash=deadbeef -->\n",
        exit_code=0,
        untouched=(),
        written=works(
            "---\ntitle: X\nlast_spoke: 2026-05-02\n---\n"
            "Text\n\n    <!-- vaultrel:begin -->\n    <!-- vaultrel:end hash=deadbeef -->\n\n"
        ),
        label="indented-code",
    ),
    Case(
        "B29",
        FM + "Type `<!-- vaultrel:begin -->` to place the block.\n",
        exit_code=0,
        untouched=(),
        written=works(
            "---\ntitle: X\nlast_spoke: 2026-05-02\n---\n"
            "Type `<!-- vaultrel:begin -->` to place the block.\n\n"
        ),
        label="inline-code",
    ),
    Case(
        "B30",
        FM
        + "<!-- vaultrel:begin -->\n<!-- vaultrel:begin -->\nx\n"
        + f"<!-- vaultrel:end hash={sha8('x')} -->\n<!-- vaultrel:end hash={sha8('x')} -->\n",
        (Expect("E_MARKER_NESTED", line=5),),
    ),
    Case(
        "B31",
        FM
        + "<!-- vaultrel:begin -->\n## Relationship\nmy own line\n"
        + f"<!-- vaultrel:end hash={sha8('## Relationship')} -->\n",
        (Expect("E_OWNED_EDITED", line=(4, 7), hint="move your text out of the block"),),
        label="text-added",
    ),
    Case(
        "B31",
        FM + block(digest="00000000"),
        (Expect("E_OWNED_EDITED", line=(4, 6), hint="move your text out of the block"),),
        label="hash-changed",
    ),
    Case(
        "B32", FM + "<!-- vaultrel:begn -->\n", (Expect("E_MARKER_SYNTAX", line=4),), label="begn"
    ),
    Case(
        "B32",
        FM + "<!-- vaultrel:end hash=zz -->\n",
        (Expect("E_MARKER_SYNTAX", line=4),),
        label="bad-hash",
    ),
    Case(
        "B32",
        FM + "<!-- vaultrel:begin -->\nx\n<!-- vaultrel:end hash=zz -->\n",
        (Expect("E_MARKER_SYNTAX", line=6),),
        label="bad-hash-in-block",
    ),
    Case(
        "B32",
        FM + "See <!-- vaultrel:begin --> here\n",
        (Expect("E_MARKER_SYNTAX", line=4),),
        label="text-before",
    ),
    Case(
        "B32",
        FM + "<!-- vaultrel:begin --> trailing\n",
        (Expect("E_MARKER_SYNTAX", line=4),),
        label="text-after",
    ),
]


# ---------------------------------------------------------------------------------------------
# c.4 Paths and links (B33–B46; B47 below)

SECRET = b"---\ncadence: 1w\n---\nsecret, outside the vault\n"
PERSON = "---\ntype: person\n---\nSomeone.\n"
BAD_CALL = "conversations/2026-04-01 Bad.md"  # its `with:` is on line 3


def _etc_passwd(root: Path, outside: Path) -> None:
    """A sentinel where `[[../../etc/passwd]]` points from a note one folder deep."""
    (outside.parent / "etc").mkdir()
    (outside.parent / "etc" / "passwd").write_bytes(SECRET)


def _real_etc_passwd_not_opened(ctx: Ctx) -> None:
    with suppress(FileNotFoundError):
        st = os.stat("/etc/passwd")
        assert (st.st_dev, st.st_ino) not in ctx.opened


def _symlink_out(target: str | None = None) -> Setup:
    def setup(root: Path, outside: Path) -> None:
        (outside / "secret.md").write_bytes(SECRET)
        os.symlink(target or str(outside / "secret.md"), root / X)

    return setup


def _symlink_in(root: Path, outside: Path) -> None:
    (root / "notes").mkdir()
    (root / "notes" / "X real.md").write_text("---\ntitle: real\n---\nThe real note.\n")
    os.symlink("../notes/X real.md", root / X)


def _dir_link(target: Callable[[Path], str], name: str = "people/team") -> Setup:
    def setup(root: Path, outside: Path) -> None:
        team = outside / "team"
        team.mkdir()
        (team / "Bob.md").write_text(PERSON)
        later = '---\ntype: conversation\ndate: 2026-06-01\nwith: ["[[Ada]]"]\n---\nLater.\n'
        (team / "2026-06-01 Ada.md").write_text(later)
        os.symlink(target(outside), root / name)

    return setup


def _loop(*pairs: tuple[str, str]) -> Setup:
    def setup(root: Path, outside: Path) -> None:
        for name, target in pairs:
            os.symlink(target, root / "people" / name)

    return setup


def _hard_link(second: str) -> Setup:
    def setup(root: Path, outside: Path) -> None:
        path = Path(second.replace("OUT/", str(outside) + "/"))
        if not path.is_absolute():
            path = root / path
        path.parent.mkdir(parents=True, exist_ok=True)
        os.link(root / X, path)

    return setup


def _fifo(root: Path, outside: Path) -> None:
    os.mkfifo(root / "people" / "F.md")


def _device(root: Path, outside: Path) -> None:
    try:  # a character device like /dev/null: reading it would not block, only mislead
        os.mknod(root / "people" / "N.md", stat.S_IFCHR | 0o644, os.makedev(1, 3))
    except OSError as exc:
        pytest.skip(f"cannot create a device node here: {exc}")


def _folder(root: Path, outside: Path) -> None:
    (root / "people" / "D.md").mkdir()


def not_created(row: str, name: str, label: str) -> Case:
    """A participant link that must not become a person note (DESIGN §4: bare, safe names)."""
    return Case(
        row,
        None,
        (Expect("W_PERSON_NOT_CREATED", path=BAD_CALL, line=3),),
        exit_code=0,
        untouched=(BAD_CALL,),
        files={BAD_CALL: conversation("2026-04-01", "Ada", name)},
        with_=("Ada",),
        check=people("Ada.md"),
        label=label,
    )


def _one_created(*folded: str) -> Check:
    def check(ctx: Ctx) -> None:
        names = sorted(
            unicodedata.normalize("NFC", n).lower() for n in os.listdir(ctx.root / "people")
        )
        assert names == sorted(folded), names

    return check


def _written_into(name: str) -> Check:
    def check(ctx: Ctx) -> None:
        assert "last_spoke: 2026-05-02\n" in (ctx.root / "people" / name).read_text("utf-8")

    return check


def _both(*checks: Check) -> Check:
    def check(ctx: Ctx) -> None:
        for one in checks:
            one(ctx)

    return check


ARTIFACTS = [
    "2026-05-02 Ada.sync-conflict-20230112-003022-FUKIKK4.md",
    "2026-05-02 Ada (Conflicted copy MyMac 202411281430).md",
    "2026-05-02 Ada (conflicted copy 2024-11-28).md",
    "2026-05-02 Ada (Case Conflict).md",
    ".syncthing.2026-05-02 Ada.md.tmp",
    "~$2026-05-02 Ada.md",
    ".2026-05-02 Ada.md.icloud",
    "2026-05-02 Ada.md~",
    ".#2026-05-02 Ada.md",
    "4913",
]
FIRST = "conversations/2026-04-01 Ada.md"
COPY = conversation("2026-05-02", "Ada", extra='follows: "[[2026-04-01 Ada]]"\n')
PERSON_COPIES = [
    "people/Ada.sync-conflict-20230112-003022-FUKIKK4.md",
    "people/Ada (Conflicted copy MyMac 202411281430).md",
]


def _counted_once(ctx: Ctx) -> None:
    timeline = section((ctx.root / ADA).read_bytes(), "Timeline")
    assert len(timeline) == 2, timeline
    assert sum("[[2026-05-02 Ada]]" in item for item in timeline) == 1, timeline
    assert sum("[[2026-04-01 Ada]]" in item for item in timeline) == 1, timeline
    assert "conflict" not in (ctx.root / ADA).read_text("utf-8").lower()
    assert not any(p.code == "W_LINK_AMBIGUOUS" for p in ctx.problems)


def _twin_read(ctx: Ctx) -> None:
    timeline = section((ctx.root / ADA).read_bytes(), "Timeline")
    assert any("[[2026-05-02 Ada 2]]" in item for item in timeline), timeline
    assert any("[[2026-05-02 Ada]]" in item for item in timeline), timeline


C4 = [
    Case(
        "B33",
        FM + "See [[../../etc/passwd]] here.\n",
        (Expect("W_LINK_OUTSIDE", line=4),),
        exit_code=0,
        untouched=(),
        setup=_etc_passwd,
        written=works(
            "---\ntitle: X\nlast_spoke: 2026-05-02\n---\nSee [[../../etc/passwd]] here.\n\n"
        ),
        check=people("Ada.md", "X.md"),
        label="body-link",
    ),
    Case(
        "B33",
        None,
        (Expect("W_LINK_OUTSIDE", path=BAD_CALL, line=3),),
        exit_code=0,
        untouched=(BAD_CALL,),
        files={BAD_CALL: conversation("2026-04-01", "Ada", "../../etc/passwd")},
        with_=("Ada",),
        setup=_etc_passwd,
        check=people("Ada.md"),
        label="participant",
    ),
    Case(
        "B33",
        None,
        (Expect("W_LINK_OUTSIDE", path=BAD_CALL, line=3),),
        exit_code=0,
        untouched=(BAD_CALL,),
        files={BAD_CALL: conversation("2026-04-01", "Ada", "../" * 12 + "etc/passwd")},
        with_=("Ada",),
        check=_both(people("Ada.md"), _real_etc_passwd_not_opened),
        label="participant-real-etc",
    ),
    Case(
        "B35",
        None,
        (Expect("E_SYMLINK_OUTSIDE", line=None),),
        setup=_symlink_out(),
        label="absolute-link",
    ),
    Case(
        "B35",
        None,
        (Expect("E_SYMLINK_OUTSIDE", line=None),),
        setup=_symlink_out("../../outside/secret.md"),
        label="relative-link",
    ),
    Case(  # RELIABILITY a.4: a symlinked note inside the vault is refused too (default policy)
        "B35",
        None,
        (Expect("E_SYMLINK", line=None),),
        untouched=(X, "notes/X real.md"),
        setup=_symlink_in,
        label="a4-link-inside",
    ),
    Case(
        "B36",
        None,
        (Expect("W_SYMLINK_DIR", path="people/team", line=None),),
        exit_code=0,
        untouched=("people/team",),
        with_=("Ada",),
        setup=_dir_link(lambda outside: str(outside / "team")),
        label="outside-folder",
    ),
    Case(
        "B36",
        None,
        (Expect("W_SYMLINK_DIR", path="people/etc", line=None),),
        exit_code=0,
        untouched=("people/etc",),
        with_=("Ada",),
        setup=_loop(("etc", "/etc")),
        label="etc",
    ),
    Case(
        "B36",
        None,
        (Expect("W_SYMLINK_DIR", path="people/self", line=None),),
        exit_code=0,
        untouched=("people/self",),
        with_=("Ada",),
        setup=_loop(("self", ".")),
        label="link-to-own-folder",
    ),
    Case(
        "B37",
        None,
        (
            Expect("E_SYMLINK_LOOP", path="people/loopA.md", line=None),
            Expect("E_SYMLINK_LOOP", path="people/loopB.md", line=None),
        ),
        untouched=("people/loopA.md", "people/loopB.md"),
        with_=("Ada", "loopA"),
        setup=_loop(("loopA.md", "loopB.md"), ("loopB.md", "loopA.md")),
        label="two-links",
    ),
    Case(
        "B37",
        None,
        (Expect("E_SYMLINK_LOOP", path="people/Self.md", line=None),),
        untouched=("people/Self.md",),
        with_=("Ada", "Self"),
        setup=_loop(("Self.md", "Self.md")),
        label="self",
    ),
    Case(
        "B38",
        FM + "body\n",
        (Expect("E_HARDLINK", line=None),),
        setup=_hard_link("OUT/X link.md"),
        label="second-link-outside",
    ),
    Case(
        "B38",
        FM + "body\n",
        (Expect("E_HARDLINK", line=None),),
        untouched=(X, "archive/X copy.md"),
        setup=_hard_link("archive/X copy.md"),
        label="second-link-inside",
    ),
    not_created("B39", "a\\0b", "nul"),
    not_created("B39", "bell\\a", "control-character"),
    not_created("B40", "n" * 300, "300-bytes"),
    not_created("B40", "é" * 101, "202-bytes"),
    not_created("B41", "CON", "con"),
    not_created("B41", "aux", "aux"),
    not_created("B41", "COM1", "com1"),
    not_created("B41", "lpt9", "lpt9"),
    not_created("B41", "nul.txt", "nul-with-extension"),
    not_created("B41", "note.md:evil", "colon"),
    not_created("B41", "what?", "question-mark"),
    not_created("B41", ".hidden", "dot-leading"),
    not_created("B41", "team/Grace", "not-bare"),
    not_created("B41", "../Grace", "dot-dot"),
    Case(  # "Existing such files: read-only warning"
        "B41",
        None,
        (Expect("W_*", path="people/CON.md", line=...),),
        exit_code=0,
        untouched=("people/CON.md",),
        files={"people/CON.md": PERSON},
        with_=("Ada", "CON"),
        label="existing-con",
    ),
    Case(
        "B41",
        None,
        (Expect("W_*", path="people/aux.md", line=...),),
        exit_code=0,
        untouched=("people/aux.md",),
        files={"people/aux.md": PERSON},
        with_=("Ada", "aux"),
        label="existing-aux",
    ),
    Case(
        "B42",
        None,
        exit_code=0,
        untouched=(),
        files={"people/Cafe\u0301.md": PERSON},
        with_=("Ada", "Caf\u00e9"),
        check=_both(people("Ada.md", "Cafe\u0301.md"), _written_into("Cafe\u0301.md")),
        label="nfd-file-nfc-link",
    ),
    Case(
        "B42",
        None,
        exit_code=0,
        untouched=(),
        files={"people/Caf\u00e9.md": PERSON},
        with_=("Ada", "Cafe\u0301"),
        check=_both(people("Ada.md", "Caf\u00e9.md"), _written_into("Caf\u00e9.md")),
        label="nfc-file-nfd-link",
    ),
    Case(
        "B42",
        None,
        exit_code=0,
        untouched=(),
        with_=("Ada", "Zo\u00eb", "Zoe\u0308"),
        check=_one_created("ada.md", "zo\u00eb.md"),
        label="two-forms-one-note",
    ),
    Case(
        "B43",
        None,
        exit_code=0,
        untouched=(),
        files={"people/Note.md": PERSON},
        with_=("Ada", "note"),
        check=_both(people("Ada.md", "Note.md"), _written_into("Note.md")),
        label="existing-other-case",
    ),
    Case(
        "B43",
        None,
        exit_code=0,
        untouched=(),
        with_=("Ada", "Grace", "grace"),
        check=_one_created("ada.md", "grace.md"),
        label="two-cases-one-note",
    ),
    Case(
        "B44",
        None,
        (Expect("E_NOT_REGULAR", path="people/F.md", line=None),),
        untouched=("people/F.md",),
        with_=("Ada", "F"),
        setup=_fifo,
        in_subprocess=True,
        label="fifo",
    ),
    Case(
        "B44",
        None,
        (Expect("E_NOT_REGULAR", path="people/N.md", line=None),),
        untouched=("people/N.md",),
        with_=("Ada", "N"),
        setup=_device,
        in_subprocess=True,
        label="device",
    ),
    Case(
        "B44",
        None,
        (Expect("E_NOT_REGULAR", path="people/D.md", line=None),),
        untouched=("people/D.md",),
        with_=("Ada", "D"),
        setup=_folder,
        label="folder-named-like-a-note",
    ),
    Case(
        "B45",
        None,
        exit_code=0,
        untouched=(".obsidian/X.md", ".trash/X.md", ".git/X.md", ".vaultrel/X.md"),
        files={f"{folder}/X.md": PERSON for folder in (".obsidian", ".trash", ".git", ".vaultrel")},
        with_=("Ada",),
        label="notes-in-reserved-folders",
    ),
    Case(
        "B45",
        None,
        (Expect("W_PERSON_NOT_CREATED", path=BAD_CALL, line=3),),
        exit_code=0,
        untouched=(BAD_CALL, ".trash/Bob.md"),
        files={".trash/Bob.md": PERSON, BAD_CALL: conversation("2026-04-01", "Ada", ".trash/Bob")},
        with_=("Ada",),
        check=people("Ada.md"),
        label="participant-in-reserved-folder",
    ),
    Case(
        "B46",
        None,
        exit_code=0,
        untouched=(FIRST, *PERSON_COPIES, *(f"conversations/{name}" for name in ARTIFACTS)),
        files={
            FIRST: conversation("2026-04-01", "Ada"),
            **{path: ADA_TEXT for path in PERSON_COPIES},
            **{f"conversations/{name}": COPY for name in ARTIFACTS},
        },
        with_=("Ada",),
        check=_counted_once,
        label="conflict-copies",
    ),
    Case(
        "B46",
        None,
        exit_code=0,
        untouched=(),
        files={"conversations/2026-05-02 Ada 2.md": conversation("2026-05-02", "Ada")},
        with_=("Ada",),
        check=_twin_read,
        label="icloud-twin-is-read",
    ),
]


@dataclass(frozen=True)
class VaultCase:
    label: str
    vault: Callable[[Path], str | None]  # the --vault argument (None: none given)
    exit_code: int = 2
    env: Callable[[Path], dict[str, str]] = lambda tmp: {}
    in_subprocess: bool = False


def _home(tmp: Path, marked: bool) -> dict[str, str]:
    home = tmp / "home"
    home.mkdir()
    (home / "notes.md").write_text("Not a vault.\n")
    if marked:
        (home / ".obsidian").mkdir()
    return {"HOME": str(home)}


def _a_file(tmp: Path) -> str:
    (tmp / "vault.md").write_text("---\ntype: person\n---\n")
    return str(tmp / "vault.md")


def _empty_folder(tmp: Path) -> str:
    (tmp / "empty").mkdir()
    return str(tmp / "empty")


B47 = [
    VaultCase("root", lambda tmp: "/", in_subprocess=True),
    VaultCase(
        "root-from-env",
        lambda tmp: None,
        env=lambda tmp: {"VAULTREL_VAULT": "/"},
        in_subprocess=True,
    ),
    VaultCase("missing", lambda tmp: str(tmp / "nope")),
    VaultCase("a-file", _a_file),
    VaultCase("unmarked-home", lambda tmp: "~", env=lambda tmp: _home(tmp, marked=False)),
    VaultCase("marked-home-is-fine", lambda tmp: "~", 0, env=lambda tmp: _home(tmp, marked=True)),
    VaultCase("any-other-folder-is-fine", _empty_folder, 0),
]


@pytest.mark.parametrize("vault_case", [pytest.param(c, id=c.label) for c in B47])
def test_B47_vault_refused(
    vault_case: VaultCase, tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = vault_case
    env = case.env(tmp_path)
    vault = case.vault(tmp_path)
    args = ["--vault", vault] if vault is not None else []
    before = tree(tmp_path)
    if case.in_subprocess:
        outcome = index_in_subprocess(*args, env=env, timeout=60)
    else:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("VAULTREL_VAULT", raising=False)
        outcome = invoke("index", *args)
    assert outcome.exit_code == case.exit_code, outcome.stderr
    if case.exit_code == 2:
        check_problems(
            outcome.stderr,
            (
                Expect(
                    "E_VAULT_INVALID",
                    path=None,
                    line=None,
                    hint="point --vault at your vault's folder",
                ),
            ),
        )
        assert tree(tmp_path) == before, "a refused vault was written to"
    else:  # accepted; an empty one gets only the line saying it holds no notes
        lines = outcome.stderr.splitlines()
        assert len(lines) <= 1 and all("no notes found under" in line for line in lines)


# ---------------------------------------------------------------------------------------------
# c.5 Environment and I/O: B48 (the rest needs the I/O seam, RELIABILITY d.3)


def _chmod(mode: int) -> Setup:
    def setup(root: Path, outside: Path) -> None:
        os.chmod(root / X, mode)

    return setup


C5 = [
    Case(
        "B48",
        FM + "body\n",
        (Expect("E_READONLY", line=None),),
        setup=_chmod(mode),
        label=f"{mode:o}",
    )
    for mode in (0o444, 0o400, 0o464, 0o555)
]


# ---------------------------------------------------------------------------------------------
# c.5 Environment and I/O (B49–B55), c.6 templates (B56): faults come through the I/O seam


def _people_temp(fd: int) -> bool:
    """Whether `fd` is a temp file, or the folder, of people/ (not the journal's)."""
    where = os.readlink(f"/proc/self/fd/{fd}")
    return where.endswith("/people") or "/people/.vaultrel-" in where


def inject(monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> list[str]:
    """Make `fs.<name>` fail with `code` for people/'s temp files; returns what it was
    called on there (to count retries)."""
    real = getattr(fs, name)
    seen: list[str] = []

    def faulty(fd: int, *args: Any) -> Any:
        if _people_temp(fd):
            seen.append(os.readlink(f"/proc/self/fd/{fd}"))
            raise OSError(code, os.strerror(code))
        return real(fd, *args)

    monkeypatch.setattr(fs, name, faulty)
    return seen


def refused_by_fault(
    make_vault: MakeVault, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, name: str, code: int
) -> tuple[Path, list[str]]:
    """Index a vault whose one person note hits the fault; check the catalogue's promises:
    the code and errno in one line, exit 1, the note untouched, no temp file left, and the
    next run (without the fault) writes the note."""
    root = make_vault({X: FM + "body\n", CALL: conversation("2026-05-02", "X")})
    before = fingerprint(root / X)
    with monkeypatch.context() as patch:
        seen = inject(patch, name, code)
        outcome = invoke("index", "--vault", root)
    expected = {errno.ENOSPC: "E_IO_NOSPACE", errno.EACCES: "E_ACCESS", errno.EIO: "E_IO"}
    check_problems(outcome.stderr, (Expect(expected[code], line=None, what=(os.strerror(code),)),))
    assert outcome.exit_code == 1
    assert fingerprint(root / X) == before
    assert temp_files(root) == []
    assert invoke("index", "--vault", root).exit_code == 0
    assert "last_spoke: 2026-05-02" in (root / X).read_text()
    return root, seen


def test_B49_folder_not_writable(
    make_vault: MakeVault, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root may write anywhere, so the refusal comes from the seam: EACCES creating the temp."""
    real = fs.create_temp

    def create_temp(dir_fd: int, mode: int = 0o600) -> tuple[str, int]:
        if _people_temp(dir_fd):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real(dir_fd, mode)

    monkeypatch.setattr(fs, "create_temp", create_temp)
    root = make_vault({X: FM + "body\n", CALL: conversation("2026-05-02", "X")})
    before = fingerprint(root / X)
    outcome = invoke("index", "--vault", root)
    check_problems(outcome.stderr, (Expect("E_ACCESS", line=None, hint="permissions"),))
    assert outcome.exit_code == 1
    assert fingerprint(root / X) == before
    assert temp_files(root) == []


@pytest.mark.parametrize("step", ["write_all", "fsync"])
def test_B50_disk_full(
    step: str, make_vault: MakeVault, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused_by_fault(make_vault, invoke, monkeypatch, step, errno.ENOSPC)


def test_B51_eio_from_fsync_is_not_retried(
    make_vault: MakeVault, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, seen = refused_by_fault(make_vault, invoke, monkeypatch, "fsync", errno.EIO)
    assert len(seen) == 1, f"fsync retried after a failure: {seen}"
    kept = Journal(root).entries(X)  # by the failed run, then by the next one
    assert len(kept) == 2 and kept[0].sha256 == kept[1].sha256, "the journal was not kept"


def test_B55_another_writer_holds_the_lock(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({X: FM + "body\n", CALL: conversation("2026-05-02", "X")})
    before = fingerprint(root / X)
    with VaultLock(root, "watch").held():
        outcome = invoke("index", "--vault", root)
    (problem,) = check_problems(
        outcome.stderr, (Expect("E_LOCKED", path=".vaultrel/lock", line=None),)
    )
    assert f"pid {os.getpid()} on {socket.gethostname()}" in problem.what
    assert outcome.exit_code == 2
    assert fingerprint(root / X) == before


def test_B55_a_stale_lock_is_taken_over(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({X: FM + "body\n", CALL: conversation("2026-05-02", "X")})
    (root / ".vaultrel").mkdir()
    holder = '{"pid": 999999999, "host": "h", "command": "index", "since": "2026-01-01"}'
    (root / ".vaultrel/lock").write_text(holder)
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert "last_spoke: 2026-05-02" in (root / X).read_text()


def test_B54_an_explicit_run_does_not_wait_for_git(make_vault: MakeVault, invoke: Invoke) -> None:
    """Git runs hooks while it holds index.lock: `index` proceeds (the watcher waits, which
    tests/test_watch.py covers)."""
    root = make_vault(
        {X: FM + "body\n", CALL: conversation("2026-05-02", "X"), ".git/index.lock": ""}
    )
    (root / ".git/MERGE_HEAD").write_text("0" * 40 + "\n")
    assert invoke("index", "--vault", root).exit_code == 0
    assert "last_spoke: 2026-05-02" in (root / X).read_text()


TEMPLATE_ATTACK = "{{ cycler.__init__.__globals__.os.getcwd() }}"


def test_B56_template_syntax_in_notes_stays_literal(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    """In a note's body, a conversation summary shown in a block, a participant name and a
    `new person` argument, template syntax is data: it appears as written, nothing runs."""
    summary = f'summary: "{TEMPLATE_ATTACK}"\n'
    root = make_vault(
        {
            X: FM + f"{TEMPLATE_ATTACK}\n",
            CALL: conversation("2026-05-02", "X", extra=summary),
            "templates/person.md": "---\ntype: person\n---\n# {{name}}\n",
        }
    )
    assert invoke("index", "--vault", root).exit_code == 0
    text = (root / X).read_text()
    assert f"{TEMPLATE_ATTACK}\n" in text and str(tmp_path) not in text
    assert any(TEMPLATE_ATTACK in item for item in section((root / X).read_bytes(), "Timeline"))
    outcome = invoke("new", "person", "Eve {{title}}", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert (root / "people/Eve {{title}}.md").read_text() == (
        "---\ntype: person\n---\n# Eve {{title}}\n"
    )


@pytest.mark.parametrize(
    "given",
    ["/etc/passwd", "C:\\Windows\\win.ini", "\\\\server\\share\\x.md", "file:///etc/passwd"],
)
def test_B34_absolute_note_path(
    given: str, make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    """`restore` is the command that takes a note's path."""
    root = make_vault({X: FM + "body\n"})
    before = tree(tmp_path)
    outcome = invoke("restore", given, "--vault", root)
    check_problems(outcome.stderr, (Expect("E_PATH_ABSOLUTE", path=given, line=None),))
    assert outcome.exit_code == 2
    assert tree(tmp_path) == before


@pytest.mark.parametrize("folder", sorted(RESERVED_DIRS))
def test_B45_reserved_folders_are_never_written(folder: str, make_vault: MakeVault) -> None:
    """The writer refuses them whatever asks (R0), and `restore` does too (exit 2)."""
    root = make_vault({f"{folder}/X.md": PERSON})
    before = tree(root)
    writer = Writer(root)
    writer.write([Write(f"{folder}/X.md", b"new\n", None), Write(f"{folder}/Y.md", b"new\n", None)])
    assert [p.code for p in writer.problems] == ["E_PATH_RESERVED"] * 2
    assert writer.written == {}
    assert tree(root) == before


# ---------------------------------------------------------------------------------------------
# One test per catalogue entry: `test_Bnn_…` runs every table case of entry Bnn


@pytest.fixture
def run(tmp_path: Path, make_vault: MakeVault, invoke: Invoke) -> Callable[[Case], Ctx]:
    return lambda case: run_case(case, tmp_path, make_vault, invoke)


TABLES = [*C1, *C2, *C3, *C4, *C5]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    entry = re.match(r"test_(B\d\d)_", metafunc.function.__name__)
    if entry and "case" in metafunc.fixturenames:
        metafunc.parametrize("case", params([c for c in TABLES if c.row == entry[1]]))


def test_every_table_entry_has_its_test() -> None:
    tests = {name[5:8] for name in globals() if re.match(r"test_B\d\d_", name)}
    assert {case.row for case in TABLES} <= tests


Run = Callable[[Case], Ctx]


def test_B01_unterminated_front_matter(case: Case, run: Run) -> None:
    run(case)


def test_B02_tab_indent(case: Case, run: Run) -> None:
    run(case)


def test_B03_duplicate_key(case: Case, run: Run) -> None:
    run(case)


def test_B04_not_a_mapping(case: Case, run: Run) -> None:
    run(case)


def test_B05_yaml_tags(case: Case, run: Run) -> None:
    run(case)


def test_B06_anchors_and_billion_laughs(case: Case, run: Run) -> None:
    run(case)


def test_B07_front_matter_too_large(case: Case, run: Run) -> None:
    run(case)


def test_B08_deep_nesting(case: Case, run: Run) -> None:
    run(case)


def test_B09_yaml_directive(case: Case, run: Run) -> None:
    run(case)


def test_B10_no_is_a_string(case: Case, run: Run) -> None:
    run(case)


def test_B11_unquoted_wikilink(case: Case, run: Run) -> None:
    run(case)


def test_B12_empty_front_matter(case: Case, run: Run) -> None:
    run(case)


def test_B13_bom_kept(case: Case, run: Run) -> None:
    run(case)


def test_B14_front_matter_not_at_top(case: Case, run: Run) -> None:
    run(case)


def test_B15_ambiguous_thematic_break(case: Case, run: Run) -> None:
    run(case)


def test_B16_crlf_kept(case: Case, run: Run) -> None:
    run(case)


def test_B17_mixed_line_endings(case: Case, run: Run) -> None:
    run(case)


def test_B18_no_trailing_newline(case: Case, run: Run) -> None:
    run(case)


def test_B19_invalid_utf8(case: Case, run: Run) -> None:
    run(case)


def test_B20_utf16(case: Case, run: Run) -> None:
    run(case)


def test_B21_nul_bytes(case: Case, run: Run) -> None:
    run(case)


def test_B22_lone_surrogate(case: Case, run: Run) -> None:
    run(case)


def test_B23_control_and_bidi_characters(case: Case, run: Run) -> None:
    run(case)


def test_B24_note_too_large(case: Case, run: Run) -> None:
    run(case)


def test_B25_new_empty_note(case: Case, run: Run) -> None:
    run(case)


def test_B26_long_single_line(case: Case, run: Run) -> None:
    run(case)


def test_B27_unbalanced_markers(case: Case, run: Run) -> None:
    run(case)


def test_B28_two_blocks(case: Case, run: Run) -> None:
    run(case)


def test_B29_markers_in_code(case: Case, run: Run) -> None:
    run(case)


def test_B30_nested_markers(case: Case, run: Run) -> None:
    run(case)


def test_B31_block_edited_by_hand(case: Case, run: Run) -> None:
    run(case)


def test_B32_malformed_marker(case: Case, run: Run) -> None:
    run(case)


def test_B33_link_out_of_the_vault(case: Case, run: Run) -> None:
    run(case)


def test_B35_file_symlink(case: Case, run: Run) -> None:
    run(case)


def test_B36_folder_symlink(case: Case, run: Run) -> None:
    run(case)


def test_B37_symlink_loop(case: Case, run: Run) -> None:
    run(case)


def test_B38_hard_link(case: Case, run: Run) -> None:
    run(case)


def test_B39_control_character_in_name(case: Case, run: Run) -> None:
    run(case)


def test_B40_name_too_long(case: Case, run: Run) -> None:
    run(case)


def test_B41_unportable_names(case: Case, run: Run) -> None:
    run(case)


def test_B42_nfc_and_nfd(case: Case, run: Run) -> None:
    run(case)


def test_B43_names_differing_in_case(case: Case, run: Run) -> None:
    run(case)


def test_B44_not_a_regular_file(case: Case, run: Run) -> None:
    run(case)


def test_B45_notes_in_reserved_folders(case: Case, run: Run) -> None:
    run(case)


def test_B46_sync_artifacts(case: Case, run: Run) -> None:
    run(case)


def test_B48_read_only_note(case: Case, run: Run) -> None:
    """Tests run as root, where access() would say yes: vaultrel must look at the mode bits."""
    run(case)
