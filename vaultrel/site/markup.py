"""Note text → safe HTML: markdown-it-py with raw HTML off, wikilinks, and a link allow-list.

Note text is data. Raw HTML is shown as text, and every link is checked after parsing: web and
mail links (`http:`, `https:`, `mailto:`) stay, links to notes become links to their pages (or
plain text when the note has no page), and anything else (`javascript:`, `data:`, attachments)
loses its link and keeps its text. Images are never loaded (the site uses no network): they are
shown as their alt text, linked when they are on the web. Heading ids carry a prefix and the
note's page name, so a heading called `cookie` cannot clobber `document.cookie`. A note that
opens with its own title as a `#` heading loses that heading: the page already shows the title.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from vaultrel.core.links import markdown_target
from vaultrel.core.model import title_of

WEB_SCHEMES = ("http:", "https:", "mailto:")
HEADING_PREFIX = "h-"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_TASK = re.compile(r"\[([^\]])\] ")
_NOT_WORD = re.compile(r"[^\w]+")
# a heading tag of the rendered text: raw HTML is off, so every `<h1` in it is a heading's
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")

# (link target as written, the note it is written in) → the page href of the note it
# resolves to, or None when that note has no page
PageOf = Callable[[str, str], str | None]


@dataclass
class Context:
    """What rendering one note needs: where it is, how to find pages, its page's anchors."""

    source: str
    page_of: PageOf
    anchor: str  # the note's own prefix for heading ids
    ids: dict[str, int] = field(default_factory=dict)
    # every link target looked up, with its page: the rendering holds while these hold
    pages: dict[str, str | None] = field(default_factory=dict)

    def page(self, target: str) -> str | None:
        if target not in self.pages:
            self.pages[target] = self.page_of(target, self.source)
        return self.pages[target]


def heading_id(anchor: str, heading: str) -> str:
    """The id of a heading in a note rendered with `anchor` (also the target of `#Heading`)."""
    return f"{HEADING_PREFIX}{anchor}-{slug(heading) or 'section'}"


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and dashes: safe in file names, ids and URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub("-", ascii_text.lower()).strip("-_")[:60].strip("-_")


def render(text: str, context: Context) -> str:
    """Markdown note text as HTML that holds no markup of the note's own making."""
    html_text: str = _MARKDOWN.render(text, {"context": context})
    return html_text


def nested(html_text: str, below: int) -> str:
    """Rendered note text with its headings moved down to nest under an `h{below}` of the
    page: its `#` becomes `h{below + 1}`, and nothing goes past `h6`."""
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + below)}", html_text)


def _drop_title(state: StateCore) -> None:
    """A note's first heading, when it is a level 1 heading saying the page's title again."""
    tokens = state.tokens
    title = title_of(state.env["context"].source)
    if (
        len(tokens) >= 3
        and tokens[0].type == "heading_open"
        and tokens[0].tag == "h1"
        and _same(tokens[1].content, title)
    ):
        del tokens[:3]


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _wikilink(state: StateInline, silent: bool) -> bool:
    """`[[Target#Heading|Shown]]` and embeds `![[Target]]`, as one token."""
    start = state.pos
    embed = state.src.startswith("![[", start)
    opening = start + (3 if embed else 2)
    if not (embed or state.src.startswith("[[", start)):
        return False
    end = state.src.find("]]", opening, state.posMax + 1)
    inner = state.src[opening:end] if end >= 0 else ""
    if not inner.strip() or "[" in inner or "]" in inner or "\n" in inner:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = inner
        token.meta = {"embed": embed}
    state.pos = end + 2
    return True


def _render_wikilink(
    _renderer: Any, tokens: Sequence[Token], idx: int, _options: Any, env: dict[str, Any]
) -> str:
    context: Context = env["context"]
    name, heading, shown = wikilink_parts(tokens[idx].content)
    text = shown or (f"{name} › {heading}" if name and heading else name or heading)
    href = _note_href(name, heading, context)
    label = html.escape(text)
    if href is None:
        return f'<span class="wikilink unresolved">{label}</span>'
    return f'<a class="wikilink" href="{html.escape(href)}">{label}</a>'


def wikilink_parts(inner: str) -> tuple[str, str, str]:
    """`Target#Heading|Shown` → (`Target`, `Heading`, `Shown`); the pipe may be escaped."""
    target, _, shown = re.sub(r"\\\|", "|", inner).partition("|")
    name, _, heading = target.partition("#")
    return name.strip(), heading.strip().lstrip("^"), shown.strip()


def _note_href(name: str, heading: str, context: Context) -> str | None:
    """The href of a link to a note (and a heading in it), or None when it has no page."""
    if not name:
        return "#" + heading_id(context.anchor, heading) if heading else None
    page = context.page(name)
    if page is None:
        return None
    return page + (f"#{heading_id(_anchor_of(page), heading)}" if heading else "")


def _anchor_of(page: str) -> str:
    return page.rsplit("/", 1)[-1].removesuffix(".html")


def _check_links(state: StateCore) -> None:
    """Apply the link policy to every link, and give headings their prefixed ids."""
    context: Context = state.env["context"]
    heading: Token | None = None
    for token in state.tokens:
        if token.type == "heading_open":
            heading = token
        elif token.type == "inline" and token.children is not None:
            if heading is not None:
                heading.attrSet("id", _unique_id(context, token.content))
                heading = None
            _check_inline(token.children, context)


def _unique_id(context: Context, heading: str) -> str:
    base = heading_id(context.anchor, heading)
    count = context.ids.get(base, 0) + 1
    context.ids[base] = count
    return base if count == 1 else f"{base}-{count}"


def _check_inline(children: list[Token], context: Context) -> None:
    opened: list[Token] = []
    for index, token in enumerate(children):
        if token.type == "link_open":
            href = _allowed_href(str(token.attrGet("href") or ""), context)
            if href is None:
                _unlink(token)
            else:
                token.attrs = {"href": href}
                if href.startswith(WEB_SCHEMES):
                    token.attrSet("rel", "noopener noreferrer nofollow")
            opened.append(token)
        elif token.type == "link_close" and opened:
            if opened.pop().tag == "span":
                _unlink(token)
        elif token.type == "text" and index == 0:
            _mark_task(token)


def _allowed_href(href: str, context: Context) -> str | None:
    """The link's href if the policy lets it through (maybe rewritten), else None."""
    href = href.strip()
    if href.lower().startswith(WEB_SCHEMES):
        return href
    if _SCHEME.match(href) or href.startswith("//") or not href:
        return None
    if href.startswith("#"):
        return "#" + heading_id(context.anchor, unquote(href[1:]))
    target = markdown_target(href)
    if not target:
        return None
    heading = unquote(href.partition("#")[2])
    return _note_href(target, heading, context)


def _unlink(token: Token) -> None:
    """A link the policy refuses keeps its text and loses its link."""
    token.tag = "span"
    token.attrs = {"class": "dead-link"} if token.nesting == 1 else {}


def _mark_task(token: Token) -> None:
    """`[ ] task` / `[x] task` at the start of a list item's text as a box (never an input)."""
    match = _TASK.match(token.content)
    if match:
        done = match.group(1) in "xX"
        box = "☑" if done else "☒" if match.group(1) == "-" else "☐"
        token.content = f"{box} {token.content[match.end() :]}"


def _render_image(
    renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]
) -> str:
    """An image as its alt text: linked when it is on the web, never loaded."""
    token = tokens[idx]
    alt = html.escape(renderer.renderInlineAsText(token.children or [], options, env)) or "image"
    src = str(token.attrGet("src") or "").strip()
    if src.lower().startswith(("http:", "https:")):
        return f'<a class="image" href="{html.escape(src)}" rel="noopener noreferrer">{alt}</a>'
    return f'<span class="image">{alt}</span>'


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.core.ruler.push("vaultrel_title", _drop_title)
    md.core.ruler.push("vaultrel_links", _check_links)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("image", _render_image)
    return md


_MARKDOWN = _markdown()
