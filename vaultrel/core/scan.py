"""The line scanner: which parts of a note are prose, and where vaultrel's block is.

It masks what can hold no link or task (fenced and indented code, inline code, HTML and `%%`
comments, math, escaped characters, vaultrel's own block) by blanking it, keeping every line's
length, so that links found in the masked text keep their lines and columns. It also finds the
generated block's markers and checks them (RELIABILITY §c.3).

Code and task lines are found where CommonMark finds them. The scanner keeps the stack of open
containers (block quotes, and list items with the column their content starts at) and the leaf
block open in the innermost one (a paragraph, fenced or indented code). Each line first continues
the containers it can, then may open new containers and a leaf; a line that opens nothing
continues an open paragraph even where its containers did not continue (a lazy continuation
line), and otherwise closes them. Comments, math and code spans left open at the end of a line
run on to the line that closes them.

HTML blocks follow CommonMark's seven kinds (where each starts and ends; the last cannot
interrupt a paragraph). Their lines are text, so links in them count as they would in a
paragraph, but they open no block: a fence line, list item or indented line in one is neither a
fence, a task nor code. A `$` inside `[[…]]` is the link's text: it neither opens nor closes math.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from vaultrel.core.markers import (
    BEGIN_MARKER,
    END_MARKER,
    MARKER_START,
    content_digest,
)
from vaultrel.core.model import Block
from vaultrel.errors import NoteError, note_error

_ATX_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE_OPEN = re.compile(r"`{3,}(?!.*`)|~{3,}")
_FENCE_CLOSE = re.compile(r"(?:`{3,}|~{3,})(?=[ \t]*$)")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
_LIST_MARKER = re.compile(r"(?:[-*+]|([0-9]{1,9})[.)])(?=[ \t]|$)")
_CHECKBOX = re.compile(r"\[.\](?=[ \t]|$)")
# Only escapes that could start a link, code, comment or math are masked: `\|` in a table
# link and `\_` in a Markdown link's destination belong to the link.
_INLINE_SPECIAL = re.compile(r"\\[\\\[\]`$%<!]|`+|<!--|%%|\$\$|\$")
_BACKTICK_RUN = re.compile(r"`+")
_WIKILINK = re.compile(r"\[\[[^\[\]\n]+?\]\]")  # as core.links finds them

# CommonMark's HTML blocks (spec §4.6): how each type starts and the line that ends it (None:
# a blank line). Type 7 is any complete open or closing tag alone on its line.
_RAW_TAGS = "pre|script|style|textarea"
_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details"
    "|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5"
    "|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup"
    "|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
_ATTRIBUTE = r"""\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?"""
_HTML_BLOCKS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    (re.compile(rf"<(?:{_RAW_TAGS})(?=[ \t>]|$)", re.I), re.compile(rf"</(?:{_RAW_TAGS})>", re.I)),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf"</?(?:{_BLOCK_TAGS})(?=[ \t]|/?>|$)", re.I), None),
    (
        re.compile(
            rf"(?!</?(?:{_RAW_TAGS})(?![a-zA-Z0-9-]))"
            rf"(?:<[A-Za-z][A-Za-z0-9-]*(?:{_ATTRIBUTE})*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)"
            r"[ \t]*$",
            re.I,
        ),
        None,
    ),
)
# A line whose first character is none of these can only be paragraph text.
_NOT_PLAIN_START = frozenset(" \t>`~<#=_-*+0123456789")
_BLOCK_START_CHARS = _NOT_PLAIN_START - frozenset(" \t")

# What a line can open (see _block_start). The leaves also name the open leaf (`_Scanner.leaf`).
_QUOTE = "quote"
_ITEM = "item"
_PARAGRAPH = "paragraph"
_FENCE = "fence"
_CODE = "code"
_HTML = "html"  # an HTML comment block, open until its `-->`
_HTML_BLOCK = "html block"  # any other HTML block: text that opens no block, until its end
_HEADING = "heading"  # one line long: ATX heading; also the leaf after any one-line block
_SETEXT = "setext"
_BREAK = "break"


def block_content(lines: list[str], begin: int, end: int) -> str:
    """The LF-joined lines between a block's begin (line `begin`) and end markers."""
    return "\n".join(line.rstrip("\r") for line in lines[begin + 1 : end])


@dataclass(frozen=True, slots=True)
class Scan:
    """Masked lines (same lengths as the originals, CR dropped), task lines, the block."""

    masked: list[str]
    task_lines: frozenset[int]
    block: Block | None
    open_at_end: str | None


# Per line: backtick runs' starts by length, where `$` can close math, wikilinks' spans.
_Closers = tuple[dict[int, list[int]], list[int], list[tuple[int, int]]]


@dataclass(slots=True)
class _Container:
    """An open block quote, or list item: `width` columns from its parent's content to its own."""

    quote: bool
    width: int = 0
    empty: bool = False  # a list item opened on a blank line that holds nothing yet


@dataclass(slots=True)
class _Fence:
    char: str
    length: int


class _Scanner:
    def __init__(self, lines: list[str], start: int) -> None:
        self.lines = lines
        self.start = start
        self.masked: list[str] = [""] * len(lines)
        self.tasks: set[int] = set()
        self.containers: list[_Container] = []
        self.leaf: str | None = None  # the leaf block open in the innermost container
        self.fence: _Fence | None = None  # set while the leaf is a fence
        self.html_end: re.Pattern[str] | None = None  # what ends the HTML block (not blank)
        # "<!--", "%%", "$$" or a backtick run that a line left open
        self.inline_state: str | None = None
        self.blocks: list[tuple[int, int, str | None]] = []
        self._closers_line: str | None = None
        self._closers_found: _Closers = ({}, [], [])
        self._later: dict[tuple[int, str], bool] = {}
        self.block_begin: int | None = None

    def run(self) -> Scan:
        for index in range(self.start, len(self.lines)):
            line = self.lines[index]
            # inside vaultrel's block only a marker counts (a person's block is long)
            if self.block_begin is not None and MARKER_START not in line:
                continue
            self._line(index, line.rstrip("\r"))
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
            begin, end, marked = self.blocks[0]
            content = block_content(self.lines, begin, end)
            block = Block(begin, end, marked, content_digest(content), not content.strip())
        open_at_end = "fence" if self.fence else self.inline_state
        return Scan(self.masked, frozenset(self.tasks), block, open_at_end)

    def _line(self, index: int, line: str) -> None:
        if self.block_begin is not None:
            self._inside_block(index, line)
            return
        if self.inline_state is None:
            # Fast paths for the usual lines: blank, and prose in column 0, which continues no
            # container and opens no block: it continues an open paragraph, or closes them all.
            if not line or (line[0] in " \t" and not line.strip(" \t")):
                if self.containers or self.fence or self.leaf is _CODE or self.html_end:
                    self._blank(index, line)
                else:
                    self.leaf = None
                    self.masked[index] = line
                return
            if (
                line[0] not in _NOT_PLAIN_START
                and self.fence is None
                and self.leaf is not _HTML_BLOCK
            ):
                if self.leaf is not _PARAGRAPH:
                    self.containers.clear()
                    self.leaf = _PARAGRAPH
                self.masked[index] = self._mask_inline(line, index, 0)
                return
        matched, pos, col = self._match_containers(line) if self.containers else (0, 0, 0)
        if self.inline_state is not None:
            self._inline_continued(index, line, pos)
            return
        if matched == len(self.containers):
            if self.fence is not None:
                self._fence_line(line, pos, col)
                return
            if self.leaf is _HTML_BLOCK:
                self._html_line(index, line, pos)
                return
            if self.leaf is _CODE and self._code_continued(line, pos, col):
                return
        self._blocks(index, line, matched, pos, col)

    def _blank(self, index: int, line: str) -> None:
        """A blank line continues list items that hold something, and code inside them."""
        matched = 0
        for container in self.containers:
            if container.quote or container.empty:
                break
            matched += 1
        if matched == len(self.containers) and (
            self.fence is not None or self.leaf is _CODE or self.html_end is not None
        ):
            return
        self._close_containers(matched, blank=True)
        self.masked[index] = line

    def _match_containers(self, line: str) -> tuple[int, int, int]:
        """How many open containers the line continues, and where (index, column) they end."""
        pos = col = matched = 0
        end = len(line)
        # The first character that is not a space or tab (list items consume only those).
        at = at_col = 0
        if end and line[0] in " \t":
            at, at_col = _skip_spaces(line, 0, 0)
        for container in self.containers:
            if container.quote:
                if at_col - col > 3 or at == end or line[at] != ">":
                    break
                pos, col = at + 1, at_col + 1
                if pos < end and line[pos] in " \t":  # the optional space after `>`
                    pos, col = _advance(line, pos, col, 1)
                    at, at_col = _skip_spaces(line, pos, col)
                else:
                    at, at_col = pos, col
            elif at == end:  # a blank line continues a list item unless it is empty
                if container.empty:
                    break
                pos, col = at, at_col
            elif at_col - col >= container.width:
                if at - pos == at_col - col:  # spaces only: columns are characters
                    pos, col = pos + container.width, col + container.width
                else:
                    pos, col = _advance(line, pos, col, container.width)
            else:
                break
            matched += 1
        return matched, pos, col

    def _blocks(self, index: int, line: str, matched: int, pos: int, col: int) -> None:
        """Open what the line opens after the containers it continued, then place its text."""
        tip_paragraph = self.leaf is _PARAGRAPH
        continues = tip_paragraph and matched == len(self.containers)
        opened = task_possible = False
        end = len(line)
        break_from = _break_from(line) if line[-1] in "*-_ \t" else end
        while True:
            at, at_col = pos, col
            if at < end and line[at] in " \t":
                at, at_col = _skip_spaces(line, pos, col)
            if at == end or (at_col - col < 4 and line[at] not in _BLOCK_START_CHARS):
                break  # text: no block starts with this character (the usual case)
            kind = _block_start(line, at, at_col - col, tip_paragraph, continues, break_from)
            if kind is None:
                break
            if not opened:
                self._close_containers(matched, blank=False)
                opened, tip_paragraph, continues = True, False, False
            if kind is _QUOTE:
                pos, col = _advance(line, at + 1, at_col + 1, 1)
                self.containers.append(_Container(True))
                task_possible = False
            elif kind is _ITEM:
                pos, col = self._open_item(line, at, at_col, at_col - col)
                task_possible = True
            else:
                self._open_leaf(index, line, kind, at)
                return
        if at == end:
            if not opened:
                self._close_containers(matched, blank=True)
            self.masked[index] = self._masked(line, index, pos)
            return
        if not opened:
            if tip_paragraph:  # paragraph continuation text, lazy where containers ended
                if line.startswith(MARKER_START, at):
                    self._marker(index, line[at:].strip())
                    return
                self.masked[index] = self._masked(line, index, pos)
                return
            self._close_containers(matched, blank=False)
        self.leaf = _PARAGRAPH
        if task_possible and line[at] == "[" and _CHECKBOX.match(line, at):
            self.tasks.add(index)
        self.masked[index] = self._masked(line, index, pos)

    def _close_containers(self, matched: int, blank: bool) -> None:
        """Close the containers the line did not continue, and the open leaf."""
        del self.containers[matched:]
        self.leaf = None
        self.fence = None
        self.html_end = None
        if not blank and self.containers:
            self.containers[-1].empty = False

    def _open_item(self, line: str, at: int, at_col: int, indent: int) -> tuple[int, int]:
        """Open the list item whose marker is at `at`; return where its content starts."""
        if line[at] in "-*+":
            end = at + 1
        else:
            marker = _LIST_MARKER.match(line, at)
            assert marker is not None
            end = marker.end()
        end_col = at_col + end - at
        if line[end : end + 1] == " " and line[end + 1 : end + 2] not in ("", " ", "\t"):
            content, content_col = end + 1, end_col + 1  # the usual one space
        else:
            content, content_col = _skip_spaces(line, end, end_col)
        empty = content == len(line)
        if empty or content_col - end_col > 4:  # then the content starts one column on
            content, content_col = _advance(line, end, end_col, 1)
        width = indent + content_col - at_col if not empty else indent + end - at + 1
        self.containers.append(_Container(False, width, empty))
        return content, content_col

    def _open_leaf(self, index: int, line: str, kind: str, at: int) -> None:
        """Open the leaf block that starts at `at`; code lines stay blank in `masked`."""
        if kind is _CODE:
            self.leaf = _CODE
        elif kind is _FENCE:
            opener = _FENCE_OPEN.match(line, at)
            assert opener is not None
            self.leaf = _FENCE
            self.fence = _Fence(line[at], opener.end() - at)
        elif kind is _HTML and line.startswith(MARKER_START, at):
            self._marker(index, line[at:].strip())
        elif kind is _HTML_BLOCK:
            self.leaf = _HTML_BLOCK
            self.html_end = _HTML_BLOCKS[_html_block_type(line, at) - 1][1]
            self._html_line(index, line, at)
        else:
            self.leaf = _HTML if kind is _HTML else _HEADING
            self.masked[index] = self._masked(line, index, at)
            if self.inline_state is None and self.leaf is _HTML:
                self.leaf = None

    def _fence_line(self, line: str, pos: int, col: int) -> None:
        """A line inside a fence: content, or the closing fence (indented at most 3)."""
        assert self.fence is not None
        at, at_col = _skip_spaces(line, pos, col)
        if at_col - col > 3 or not line.startswith(self.fence.char * self.fence.length, at):
            return
        closer = _FENCE_CLOSE.match(line, at)
        if closer and line[at] == self.fence.char and closer.end() - at >= self.fence.length:
            self.leaf = None
            self.fence = None

    def _html_line(self, index: int, line: str, pos: int) -> None:
        """A line of an HTML block: text from `pos`, until the block's end. vaultrel's markers
        are read wherever a paragraph's would be."""
        at = _skip_spaces(line, pos, 0)[0]
        if at < len(line) and line.startswith(MARKER_START, at):
            self.leaf = self.html_end = None
            self._marker(index, line[at:].strip())
            return
        self.masked[index] = self._masked(line, index, pos)
        self._html_ended(line, pos)

    def _html_ended(self, line: str, pos: int) -> None:
        """Close the HTML block if `line` (from `pos`) ends it: its end condition, or for
        types 6 and 7 a blank line."""
        if self.html_end is None:
            if not line[pos:].strip(" \t"):
                self.leaf = None
        elif self.html_end.search(line, pos):
            self.leaf = self.html_end = None

    def _code_continued(self, line: str, pos: int, col: int) -> bool:
        at, at_col = _skip_spaces(line, pos, col)
        return at_col - col >= 4 or at == len(line)

    def _inline_continued(self, index: int, line: str, pos: int) -> None:
        """A line inside a comment, math or code span left open: masked up to its closer."""
        self.masked[index] = self._masked(line, index, pos)
        if self.inline_state is None and self.leaf is _HTML:
            self.leaf = None
        elif self.leaf is _HTML_BLOCK:  # a comment in the block may hide its end, not end it
            self._html_ended(line, pos)

    def _paragraph_continued(self, line: str) -> int:
        """Where `line`'s text starts if it would continue the open paragraph, else -1."""
        matched, pos, col = self._match_containers(line)
        at, at_col = _skip_spaces(line, pos, col)
        if at == len(line):
            return -1
        continues = matched == len(self.containers)
        kind = _block_start(line, at, at_col - col, True, continues, _break_from(line))
        return pos if kind is None else -1

    def _masked(self, line: str, index: int, pos: int) -> str:
        """The line with its text from `pos` masked and its quote markers blanked."""
        masked = self._mask_inline(line, index, pos)
        if pos and masked.find(">", 0, pos) >= 0:
            return masked[:pos].replace(">", " ") + masked[pos:]
        return masked

    def _marker(self, index: int, text: str) -> None:
        if text == BEGIN_MARKER:
            self.block_begin = index
            self.leaf = None
            return
        if END_MARKER.fullmatch(text):
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
        match = END_MARKER.fullmatch(text)
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

    def _mask_inline(self, line: str, index: int, start: int) -> str:
        """Blank code spans, comments, math and escapes in `line` from `start`; carry open
        comments to the next line."""
        state = self.inline_state
        # `in` tests: the quickest way to pass the usual line, which holds none of these
        if state is None and not (
            "`" in line or "\\" in line or "<" in line or "%" in line or "$" in line
        ):
            return line
        out = [line[:start]]
        pos = start
        if state is not None:
            pos = _find_closer(line, state, start)
            if pos < 0:
                return line[:start] + " " * (len(line) - start)
            out.append(" " * (pos - start))
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
        if token[0] == "$":
            _, dollars, links = self._closers(line)
            if links and _inside(links, after - 1):
                return None  # a `$` in a wikilink is its text (`[[Note#The $x$ case]]`)
            if token == "$":
                if after >= len(line) or line[after] in " $":
                    return None
                at = bisect.bisect_left(dollars, after)
                return dollars[at] + 1 if at < len(dollars) else None
        end = _find_closer(line, token, after)
        if token == "$$" and links:
            while end >= 0 and _inside(links, end - 1):
                end = _find_closer(line, token, end)
        if end >= 0:
            return end
        self.inline_state = token
        return -1

    def _closers(self, line: str) -> _Closers:
        """Where code spans and inline math can close on `line`: the start of each backtick
        run by its length, and each `$` not after a space nor in a wikilink; and the wikilinks'
        (start, end). Computed once a line, so that many unmatched openers stay linear
        (RELIABILITY B26)."""
        if line is not self._closers_line:
            runs: dict[int, list[int]] = {}
            for match in _BACKTICK_RUN.finditer(line):
                runs.setdefault(len(match.group()), []).append(match.start())
            links = [m.span() for m in _WIKILINK.finditer(line)] if "[[" in line else []
            dollars = [
                i
                for i in range(1, len(line))
                if line[i] == "$" and line[i - 1] != " " and not (links and _inside(links, i))
            ]
            self._closers_line, self._closers_found = line, (runs, dollars, links)
        return self._closers_found

    def _closes_later_in_paragraph(self, run: str, index: int) -> bool:
        """Whether a code span opened by `run` closes on a later line of the same paragraph
        (a heading is one line long: its code spans end with it)."""
        key = (index, run)
        if key not in self._later:
            self._later[key] = False
            if self.leaf is not _PARAGRAPH:
                return False
            # by index: a slice would copy the rest of the note for every opener (B26)
            for later in range(index + 1, len(self.lines)):
                line = self.lines[later].rstrip("\r")
                text = self._paragraph_continued(line)
                if text < 0:
                    break
                if _find_closer(line, run, text) >= 0:
                    self._later[key] = True
                    break
        return self._later[key]


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` lies inside one of the sorted, disjoint (start, end) `spans`."""
    at = bisect.bisect_left(spans, (pos,)) - 1  # the last span starting before `pos`
    return at >= 0 and spans[at][0] < pos < spans[at][1]


def _block_start(
    line: str, at: int, indent: int, tip_paragraph: bool, continues: bool, break_from: int
) -> str | None:
    """What starts at `at`, `indent` columns into the innermost continued container: a
    container, a leaf, or None for paragraph text. `tip_paragraph`: a paragraph is open;
    `continues`: every container around it continued, so that the line would continue it;
    `break_from`: where a thematic break could start (see _break_from)."""
    if indent >= 4:  # indented code, which cannot interrupt a paragraph
        return None if tip_paragraph else _CODE
    char = line[at]
    if char not in _BLOCK_START_CHARS:
        return None
    if char == ">":
        return _QUOTE
    if char == "#":
        return _HEADING if _ATX_HEADING.match(line, at) else None
    if char in "`~":
        return _FENCE if _FENCE_OPEN.match(line, at) else None
    if char == "<":
        html = _html_block_type(line, at)
        if html == 2:
            return _HTML
        return _HTML_BLOCK if html and (html < 7 or not tip_paragraph) else None
    if continues and char in "=-" and _SETEXT_UNDERLINE.match(line, at):
        return _SETEXT
    if at >= break_from and line.count(char, at) >= 3:
        return _BREAK
    return _ITEM if _list_item_starts(line, at, continues) else None


def _html_block_type(line: str, at: int) -> int:
    """The type (1-7) of the HTML block starting at `at`, 0 for none."""
    for number, (start, _) in enumerate(_HTML_BLOCKS, 1):
        if start.match(line, at):
            return number
    return 0


def _break_from(line: str) -> int:
    """Where the run of one of `*-_`, spaces and tabs that ends the line starts (its length if
    there is none): a thematic break can only start there. Found once a line, so that a line
    of many list markers is not searched to its end at each of them."""
    start = len(line)
    while start and line[start - 1] in " \t":
        start -= 1
    if not start or line[start - 1] not in "*-_":
        return len(line)
    char = line[start - 1]
    while start and (line[start - 1] == char or line[start - 1] in " \t"):
        start -= 1
    return start


def _list_item_starts(line: str, at: int, continues: bool) -> bool:
    """Whether a list marker is at `at`. Only a list that starts at 1 and holds some text may
    interrupt a paragraph (`continues`)."""
    if line[at] in "-*+":
        end = at + 1
        if end < len(line) and line[end] not in " \t":
            return False
    else:
        marker = _LIST_MARKER.match(line, at)
        if marker is None:
            return False
        if continues and marker.group(1) is not None and int(marker.group(1)) != 1:
            return False
        end = marker.end()
    return not continues or bool(line[end:].strip(" \t"))


def _skip_spaces(line: str, pos: int, col: int) -> tuple[int, int]:
    """Index and column of the first character from `pos` that is not a space or tab (tabs
    stop every 4 columns; `col` may lie inside a tab at `pos`, partly consumed)."""
    end = len(line)
    while pos < end:
        char = line[pos]
        if char == " ":
            col += 1
        elif char == "\t":
            col += 4 - col % 4
        else:
            break
        pos += 1
    return pos, col


def _advance(line: str, pos: int, col: int, columns: int) -> tuple[int, int]:
    """Consume up to `columns` columns of spaces and tabs; a tab may be consumed in part."""
    end = len(line)
    while columns > 0 and pos < end:
        char = line[pos]
        if char == " ":
            width = 1
        elif char == "\t":
            width = 4 - col % 4
            if width > columns:
                return pos, col + columns
        else:
            break
        pos, col, columns = pos + 1, col + width, columns - width
    return pos, col


def _find_closer(line: str, token: str, start: int) -> int:
    """End of the closer of `token` in `line` from `start`, or -1."""
    if token[0] == "`":
        span = re.search(r"(?<!`)" + token + r"(?!`)", line[start:])
        return start + span.end() if span else -1
    closer = "-->" if token == "<!--" else token
    close = line.find(closer, start)
    return close + len(closer) if close >= 0 else -1


def _marker_error(code: str, message: str, hint: str, index: int) -> NoteError:
    return note_error(code, message, hint, index + 1)


def scan(lines: list[str], start: int = 0) -> Scan:
    """Scan the note's lines from index `start` (the first line after the front-matter)."""
    return _Scanner(lines, start).run()
