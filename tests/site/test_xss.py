"""RELIABILITY d.7: hostile note text never becomes live markup in the site.

Vectors go into note bodies, titles (file names), front-matter values and links; every page is
parsed as a browser would tokenise it, and every tag and attribute is checked.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import Invoke, MakeVault

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<base href=javascript:alert(1)//>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!-- --><script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[x](https://a.example/" onmouseover="alert(1))',
    '[x](<https://a.example/" onclick="alert(1)>)',
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[[<script>alert(1)</script>]]",
    "[[x|<img src=x onerror=alert(1)>]]",
    '[[Ada#"><script>alert(1)</script>]]',
    "![[<svg onload=alert(1)>]]",
    "# <script>alert(1)</script>",
    "# location",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "{{7*7}} {% if 1 %}${alert(1)}{% endif %}",
    "- [ ] <img src=x onerror=alert(1)> 📅 2026-05-01",
]
HOSTILE = "<img src=x onerror=alert(1)>"
# what a YAML single-quoted string can hold: every vector on one line
FLAT = " ".join(vector.replace("\n", " ") for vector in VECTORS).replace("'", "''")
VAULT: dict[str, str | bytes] = {
    f"people/{HOSTILE}.md": (
        f"---\naliases: ['{FLAT}']\ncadence: 2w\nbirthday: '{FLAT}'\norg: '[[{HOSTILE}]]'\n"
        "---\n" + "\n\n".join(VECTORS) + "\n"
    ),
    "people/Ada.md": "---\ncadence: 1m\n---\n" + "\n\n".join(VECTORS) + "\n",
    "conversations/2026-05-01 <script>alert(1).md": (
        f"---\ndate: 2026-05-01\nwith: ['[[{HOSTILE}]]', '[[Ada]]']\nchannel: '{FLAT}'\n"
        f"summary: '{FLAT}'\ntopics: ['{FLAT}']\nawaiting: me\n---\n" + "\n\n".join(VECTORS) + "\n"
    ),
    "conversations/2026-05-08 <svg onload=alert(1)>.md": (
        "---\ndate: 2026-05-08\nwith: ['[[Ada]]']\n"
        "follows: '[[2026-05-01 <script>alert(1)]]'\n---\n" + "\n\n".join(VECTORS) + "\n"
    ),
    "daily/2026-05-09 <b onmouseover=alert(1)>.md": f"Saw [[{HOSTILE}]] and [[Ada]].\n",
}
TAGS = {
    "html", "head", "meta", "title", "link", "script", "body", "main", "header", "nav",
    "section", "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "span", "ul", "ol", "li", "table",
    "thead", "tbody", "tr", "th", "td", "div", "dl", "dt", "dd", "figure", "figcaption", "svg",
    "rect", "line", "text", "details", "summary", "time", "label", "input", "strong", "em",
    "code", "pre", "blockquote", "hr", "br", "s",
}  # fmt: skip
OWN_IDS = {"drifting", "everyone", "find", "people", "note", "owe", "they", "timeline"}
OWN_IDS |= {"mentions", "linked"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "srcset"}


class Tags(HTMLParser):
    """Every start tag with its attributes, tokenised as a browser does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def failures_of(page: str) -> list[str]:
    parser = Tags()
    parser.feed(page)
    found = []
    if page.lower().count("<script") != 1:
        found.append("a <script> other than the site's own")
    for tag, attrs in parser.tags:
        if tag not in TAGS:
            found.append(f"tag <{tag}>")
        if tag == "script" and set(attrs) != {"src", "defer"}:
            found.append(f"script {attrs}")
        if tag == "meta" and attrs.get("http-equiv", "content-security-policy").lower() != (
            "content-security-policy"
        ):
            found.append(f"meta {attrs}")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and not _safe_url(value):
                found.append(f"<{tag} {name}={value!r}>")
            if name == "id" and not (value in OWN_IDS or value.startswith("h-")):
                found.append(f"unprefixed id {value!r}")
    return found


def _safe_url(value: str) -> bool:
    cleaned = "".join(c for c in value if c.isprintable() and not c.isspace()).lower()
    scheme = cleaned.split(":", 1)[0] if ":" in cleaned.split("/", 1)[0] else ""
    return scheme in ("", "http", "https", "mailto") and not cleaned.startswith("//")


def test_html_xss_corpus(make_vault: MakeVault, invoke: Invoke, tmp_path: Path) -> None:
    root, out = make_vault(VAULT), tmp_path / "site"
    outcome = invoke("site", "--vault", root, "-o", out, "--today", "2026-06-30")
    assert outcome.exit_code == 0, outcome.stderr
    pages = {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.html")}
    assert len(pages) == 6  # the index, two people, two conversations, the daily note
    failures = {name: failures_of(page) for name, page in pages.items()}
    print(
        f"vectors={len(VECTORS)}, pages={len(pages)}, failures={sum(map(len, failures.values()))}"
    )
    assert failures == {name: [] for name in pages}
    conversation = next(page for name, page in pages.items() if "2026-05-01-script" in name)
    # hostile text is shown, as text
    assert "<h1>2026-05-01 &lt;script&gt;alert(1)</h1>" in conversation
    assert "&lt;img src=x onerror=alert(1)&gt;" in conversation
    assert "{{7*7}} {% if 1 %}${alert(1)}{% endif %}" in conversation  # no template language
    assert 'id="h-' in conversation and 'id="location"' not in conversation
