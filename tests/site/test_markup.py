"""Note text → HTML: wikilinks between pages, the link allow-list, no markup of the note's own."""

from __future__ import annotations

import pytest

from vaultrel.site.markup import Context, heading_id, render, slug, wikilink_parts

PAGES = {"Ada Lovelace": "ada-lovelace-1.html", "people/Ada Lovelace.md": "ada-lovelace-1.html"}


def page_of(target: str, source: str) -> str | None:
    assert source == "conversations/c.md"
    return PAGES.get(target)


def html(text: str) -> str:
    return render(text, Context("conversations/c.md", page_of, "c-2"))


def test_wikilinks_become_links_between_pages() -> None:
    assert html("Met [[Ada Lovelace]] and [[Ada Lovelace|her]].") == (
        '<p>Met <a class="wikilink" href="ada-lovelace-1.html">Ada Lovelace</a> and '
        '<a class="wikilink" href="ada-lovelace-1.html">her</a>.</p>\n'
    )


def test_a_wikilink_to_a_note_without_a_page_is_text() -> None:
    assert html("See [[Q3 report]].") == (
        '<p>See <span class="wikilink unresolved">Q3 report</span>.</p>\n'
    )


def test_a_heading_link_goes_to_the_prefixed_id() -> None:
    out = html("[[Ada Lovelace#Coffee, tea]] and [[#Plan]]")
    assert (
        'href="ada-lovelace-1.html#h-ada-lovelace-1-coffee-tea">Ada Lovelace › Coffee, tea<' in out
    )
    assert 'href="#h-c-2-plan">Plan<' in out


def test_wikilinks_in_code_stay_code() -> None:
    assert html("`[[Ada Lovelace]]`") == "<p><code>[[Ada Lovelace]]</code></p>\n"


def test_markdown_links_to_notes_resolve_like_wikilinks() -> None:
    out = html("[Ada](people/Ada%20Lovelace.md) [file](report.pdf)")
    assert '<a href="ada-lovelace-1.html">Ada</a>' in out
    assert '<span class="dead-link">file</span>' in out


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#09;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](file:///etc/passwd)",
        "[x](//evil.example/)",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ],
)
def test_only_web_mail_and_page_links_survive(link: str) -> None:
    out = html(link)
    assert "href" not in out


def test_web_and_mail_links_stay_with_no_referrer() -> None:
    out = html("[site](https://example.com/a?b=1&c=2) <mailto:ada@example.com>")
    assert 'href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow"' in out
    assert 'href="mailto:ada@example.com"' in out


def test_raw_html_is_shown_as_text() -> None:
    out = html('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_images_are_never_loaded() -> None:
    out = html("![chart](https://example.com/c.png) ![local](c.png) ![x](data:image/png;base64,AA)")
    assert "<img" not in out
    assert (
        '<a class="image" href="https://example.com/c.png" rel="noopener noreferrer">chart</a>'
        in out
    )
    assert '<span class="image">local</span>' in out


def test_heading_ids_are_prefixed_and_unique() -> None:
    out = html("# cookie\n\n## cookie\n\n## Ünïcode & <b>\n")
    assert '<h1 id="h-c-2-cookie">' in out
    assert '<h2 id="h-c-2-cookie-2">' in out
    assert '<h2 id="h-c-2-unicode-b">' in out


def test_task_lines_show_boxes_not_inputs() -> None:
    out = html("- [ ] send the deck\n- [x] done\n- [-] dropped\n")
    assert "☐ send the deck" in out and "☑ done" in out and "☒ dropped" in out
    assert "<input" not in out


def test_wikilink_parts() -> None:
    assert wikilink_parts("Ada#Plan|her") == ("Ada", "Plan", "her")
    assert wikilink_parts(r"Ada\|her") == ("Ada", "", "her")
    assert wikilink_parts("Ada#^block") == ("Ada", "block", "")


def test_slug_and_heading_id() -> None:
    assert slug("Zoë Ruiz <script>") == "zoe-ruiz-script"
    assert slug("…") == ""
    assert heading_id("p", "") == "h-p-section"
