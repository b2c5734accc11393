"""The line scanner: which parts of a note are prose, and where vaultrel's block is.

It masks what can hold no link or task (fenced and indented code, inline code, HTML and `%%`
comments, math, escaped characters, vaultrel's own block) by blanking it, keeping every line's
length, so that links found in the masked text keep their lines and columns. It also finds the
generated block's markers and checks them (RELIABILITY §c.3).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

from vaultrel.errors import NoteError, note_error

BEGIN_MARKER = "<!-- vaultrel:begin -->"
END_MARKER_PREFIX = "<!-- vaultrel:end"
MARKER_START = "<!-- vaultrel:"
_END_MARKER = re.compile(r"<!-- vaultrel:end(?: hash=([0-9a-f]{8}))? -->")
_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)")
_LIST_ITEM = re.compile(r"([-*+]|\d{1,9}[.)])([ \t]+|$)")
_TASK = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[(.)\](?=[ \t]|$)")
# Only escapes that could start a link, code, comment or math are masked: `\|` in a table
# link and `\_` in a Markdown link's destination belong to the link.
_INLINE_SPECIAL = re.compile(r"\\[\\\[\]`$%<!]|`+|<!--|%%|\$\$|\$")
_INLINE_CHARS = frozenset("\\`<%$")
_BACKTICK_RUN = re.compile(r"`+")
_BLOCK_START = re.compile(r"```|~~~|(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_NOT_PLAIN_START = frozenset(" \t>`~<-*+0123456789")


def block_hash(content: str) -> str:
    """First 8 hex digits of SHA-256 over the block's content lines joined with LF."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class Block:
    """vaultrel's generated block: 0-based lines of its markers, and its LF-joined content."""

    begin: int
    end: int
    hash: str | None
    content: str

    @property
    def edited(self) -> bool:
        if self.hash is None:
            return bool(self.content.strip())
        return block_hash(self.content) != self.hash


@dataclass(frozen=True, slots=True)
class Scan:
    """Masked lines (same lengths as the originals, CR dropped), task lines, the block."""

    masked: list[str]
    task_lines: frozenset[int]
    block: Block | None
    open_at_end: str | None


@dataclass(slots=True)
class _Fence:
    char: str
    length: int
    quote_depth: int
    container: int  # content column of the list item holding the fence, 0 outside lists


class _Scanner:
    def __init__(self, lines: list[str], start: int) -> None:
        self.lines = lines
        self.start = start
        self.masked: list[str] = [""] * len(lines)
        self.tasks: set[int] = set()
        # "<!--", "%%", "$$" or a backtick run that a line left open
        self.inline_state: str | None = None
        self.fence: _Fence | None = None
        self.list_content: int | None = None  # content column of the open list item
        self.prev_blank = True
        self.prev_code = False
        self.blocks: list[tuple[int, int, str | None]] = []
        self._closers_line: str | None = None
        self._closers_found: tuple[dict[int, list[int]], list[int]] = ({}, [])
        self._later: dict[tuple[int, str], bool] = {}
        self.block_begin: int | None = None

    def run(self) -> Scan:
        for index in range(self.start, len(self.lines)):
            self._line(index, self.lines[index].rstrip("\r"))
        if self.block_begin is not None:
            raise _marker_error(
                "E_MARKER_UNBALANCED",
                "vaultrel block has a begin marker but no end marker",
                "delete the begin marker, or restore the end marker",
                self.block_begin,
            )
        if len(self.blocks) > 1:
            lines = ",".join(str(begin + 1) for begin, _, _ in self.blocks)
            raise _marker_error(
                "E_MARKER_DUPLICATE",
                f"more than one vaultrel block (lines {lines})",
                "delete one copy",
                self.blocks[1][0],
            )
        block = None
        if self.blocks:
            begin, end, digest = self.blocks[0]
            content = "\n".join(line.rstrip("\r") for line in self.lines[begin + 1 : end])
            block = Block(begin, end, digest, content)
        open_at_end = "fence" if self.fence else self.inline_state
        return Scan(self.masked, frozenset(self.tasks), block, open_at_end)

    def _line(self, index: int, line: str) -> None:
        if self.block_begin is not None:
            self._inside_block(index, line)
            return
        if self.fence is None and self.inline_state is None:
            # Fast paths for the usual lines: blank, and prose starting in column 0 (which
            # cannot be code, a fence, a marker, a list item or a task).
            if not line or line.isspace():
                self.masked[index] = line
                self.prev_blank, self.prev_code = True, False
                return
            if line[0] not in _NOT_PLAIN_START:
                if self.list_content is not None and (self.prev_blank or line[0] == "#"):
                    self.list_content = None  # a heading, or prose after a blank, ends a list
                self.masked[index] = self._mask_inline(line, index)
                self.prev_blank, self.prev_code = False, False
                return
        # Inside a fence, only the quote markers of the fence's own container are markup.
        limit = self.fence.quote_depth if self.fence is not None else None
        quote_depth, offset = _strip_quotes(line, limit)
        inner = line[offset:]
        blank = not inner.strip(" \t")
        if self.fence is not None:
            if not self._container_ended(quote_depth, inner, blank):
                if _closes_fence(inner, self.fence):
                    self.fence = None
                    self.prev_blank, self.prev_code = False, False
                else:
                    self.prev_blank = blank
                return
            self.fence = None
        if self.inline_state is None and not blank:
            if self._is_indented_code(inner):
                self.prev_code = True
                self.prev_blank = False
                return
            if self._opens_fence(inner, quote_depth):
                self.prev_blank, self.prev_code = False, False
                return
            if quote_depth and self.list_content is not None and _indent(inner) == 0:
                self.list_content = None  # a block quote ends the list
            if inner.lstrip().startswith(MARKER_START):
                self._marker(index, inner.strip())
                return
            if _TASK.match(inner):
                self.tasks.add(index)
            self._track_list(inner)
        self.masked[index] = " " * offset + self._mask_inline(inner, index)
        self.prev_blank, self.prev_code = blank, False

    def _container_ended(self, quote_depth: int, inner: str, blank: bool) -> bool:
        """A fence in a block quote or list item ends with its container (CommonMark)."""
        assert self.fence is not None
        if quote_depth < self.fence.quote_depth:
            return True
        return bool(self.fence.container) and not blank and _indent(inner) < self.fence.container

    def _is_indented_code(self, inner: str) -> bool:
        if _indent(inner) < (self.list_content or 0) + 4:
            return False
        return self.prev_blank or self.prev_code

    def _opens_fence(self, inner: str, quote_depth: int) -> bool:
        base = self.list_content or 0
        indent = _indent(inner)
        if indent >= base + 4:
            return False
        match = _FENCE.match(inner.lstrip(" \t"))
        if not match or (match.group(1)[0] == "`" and "`" in match.group(2)):
            return False
        run = match.group(1)
        container = base if base and indent >= base else 0
        if not container:
            self.list_content = None  # a fence in column 0 ends the list
        self.fence = _Fence(run[0], len(run), quote_depth, container)
        return True

    def _track_list(self, inner: str) -> None:
        indent = _indent(inner)
        item = _LIST_ITEM.match(inner, len(inner) - len(inner.lstrip(" \t")))
        if item:
            spaces = len(item.group(2).expandtabs(4))
            self.list_content = indent + len(item.group(1)) + (spaces if 1 <= spaces <= 4 else 1)
        elif (
            self.list_content is not None
            and indent < self.list_content
            # outdented text ends the list, unless it is a lazy continuation of a paragraph
            and (self.prev_blank or inner.lstrip(" \t")[:1] in ("#", ">", "`", "~", "<"))
        ):
            self.list_content = None

    def _marker(self, index: int, text: str) -> None:
        if text == BEGIN_MARKER:
            self.block_begin = index
            return
        if _END_MARKER.fullmatch(text):
            raise _marker_error(
                "E_MARKER_UNBALANCED",
                "vaultrel end marker without a begin marker",
                "delete the end marker, or restore the begin marker",
                index,
            )
        raise _marker_error(
            "E_MARKER_SYNTAX",
            f"malformed vaultrel marker {text[:60]!r}",
            f"use `{BEGIN_MARKER}` and `<!-- vaultrel:end hash=… -->`, each alone on its line",
            index,
        )

    def _inside_block(self, index: int, line: str) -> None:
        text = line.strip()
        if not text.startswith(MARKER_START):
            return
        match = _END_MARKER.fullmatch(text)
        if match:
            assert self.block_begin is not None
            self.blocks.append((self.block_begin, index, match.group(1)))
            self.block_begin = None
        elif text == BEGIN_MARKER:
            raise _marker_error(
                "E_MARKER_NESTED",
                "vaultrel begin marker inside another vaultrel block",
                "delete the inner begin marker",
                index,
            )
        else:
            self._marker(index, text)

    def _mask_inline(self, line: str, index: int) -> str:
        """Blank code spans, comments, math and escapes; carry open comments to the next line."""
        state = self.inline_state
        if state is None and not _INLINE_CHARS.intersection(line):
            return line
        out: list[str] = []
        pos = 0
        if state is not None:
            pos = _find_closer(line, state, 0)
            if pos < 0:
                return " " * len(line)
            out.append(" " * pos)
            self.inline_state = None
        kept_from = pos
        while True:
            match = _INLINE_SPECIAL.search(line, pos)
            if match is None:
                break
            token, begin = match.group(), match.start()
            if token == "<!--" and line.startswith(MARKER_START, begin):
                raise _marker_error(
                    "E_MARKER_SYNTAX",
                    "vaultrel marker is not alone on its line",
                    "put the marker on a line of its own, or delete it",
                    index,
                )
            end = self._token_end(line, token, match.end(), index)
            if end is None:  # a literal: unmatched backticks or a lone dollar
                pos = match.end()
                continue
            out.append(line[kept_from:begin])
            stop = len(line) if end < 0 else end
            out.append(" " * (stop - begin))
            pos = kept_from = stop
            if end < 0:
                break
        out.append(line[kept_from:])
        return "".join(out)

    def _token_end(self, line: str, token: str, after: int, index: int) -> int | None:
        """End of the masked span opened by `token`; -1 = to the end of line (left open)."""
        if token[0] == "\\":
            return after
        if token[0] == "`":
            starts = self._closers(line)[0].get(len(token), [])
            at = bisect.bisect_left(starts, after)
            if at < len(starts):
                return starts[at] + len(token)
            if not self._closes_later_in_paragraph(token, index):
                return None
            self.inline_state = token
            return -1
        if token == "$":
            if after >= len(line) or line[after] in " $":
                return None
            dollars = self._closers(line)[1]
            at = bisect.bisect_left(dollars, after)
            return dollars[at] + 1 if at < len(dollars) else None
        end = _find_closer(line, token, after)
        if end >= 0:
            return end
        self.inline_state = token
        return -1

    def _closers(self, line: str) -> tuple[dict[int, list[int]], list[int]]:
        """Where code spans and inline math can close on `line`: the start of each backtick
        run by its length, and each `$` not after a space. Computed once a line, so that many
        unmatched openers stay linear (RELIABILITY B26)."""
        if line is not self._closers_line:
            runs: dict[int, list[int]] = {}
            for match in _BACKTICK_RUN.finditer(line):
                runs.setdefault(len(match.group()), []).append(match.start())
            dollars = [i for i in range(1, len(line)) if line[i] == "$" and line[i - 1] != " "]
            self._closers_line, self._closers_found = line, (runs, dollars)
        return self._closers_found

    def _closes_later_in_paragraph(self, run: str, index: int) -> bool:
        """Whether a code span opened by `run` closes on a later line of the same paragraph
        (which a blank line, a heading, a quote, a fence or a list item ends)."""
        key = (index, run)
        if key not in self._later:
            self._later[key] = False
            if self.lines[index].lstrip(" \t>").startswith("#"):
                return False  # a heading is one line: its code spans end with it
            depth = _strip_quotes(self.lines[index])[0]
            for line in self.lines[index + 1 :]:
                line = line[_strip_quotes(line, depth)[1] :]
                stripped = line.strip(" \t\r")
                if not stripped or stripped[0] in "#>" or _BLOCK_START.match(stripped):
                    break
                if _find_closer(line, run, 0) >= 0:
                    self._later[key] = True
                    break
        return self._later[key]


def _find_closer(line: str, token: str, start: int) -> int:
    """End of the closer of `token` in `line` from `start`, or -1."""
    if token[0] == "`":
        span = re.search(r"(?<!`)" + token + r"(?!`)", line[start:])
        return start + span.end() if span else -1
    closer = "-->" if token == "<!--" else token
    close = line.find(closer, start)
    return close + len(closer) if close >= 0 else -1


def _strip_quotes(line: str, limit: int | None = None) -> tuple[int, int]:
    """How many block-quote markers start the line (at most `limit`), and where they end."""
    depth = offset = 0
    while limit is None or depth < limit:
        match = _QUOTE.match(line, offset)
        if not match:
            break
        depth += 1
        offset = match.end()
    return depth, offset


def _indent(text: str) -> int:
    stripped = text.lstrip(" \t")
    return len(text[: len(text) - len(stripped)].expandtabs(4))


def _closes_fence(inner: str, fence: _Fence) -> bool:
    stripped = inner.lstrip(" \t")
    if _indent(inner) - fence.container >= 4 or not stripped.startswith(fence.char * fence.length):
        return False
    return not stripped.rstrip().strip(fence.char)


def _marker_error(code: str, message: str, hint: str, index: int) -> NoteError:
    return note_error(code, message, hint, index + 1)


def scan(lines: list[str], start: int = 0) -> Scan:
    """Scan the note's lines from index `start` (the first line after the front-matter)."""
    return _Scanner(lines, start).run()
