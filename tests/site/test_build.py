"""`vaultrel site` through the CLI: the pages, incremental rewrites, the site folder's rules."""

from __future__ import annotations

import re
import threading
import urllib.request
from pathlib import Path

import click
import pytest

from tests.conftest import Invoke, MakeVault, snapshot
from vaultrel.cli import cli
from vaultrel.site.pages import page_file
from vaultrel.site.serve import server, url

VAULT: dict[str, str | bytes] = {
    "people/Ada Lovelace.md": (
        "---\naliases: [Ada]\ncadence: 2w\n---\nLikes **black coffee**.\n\n"
        "<!-- vaultrel:begin -->\n## Relationship\n<!-- vaultrel:end hash=00000000 -->\n"
    ),
    "people/Alan.md": "---\ncadence: 1m\n---\n",
    "people/Zoë Ruiz.md": "---\ncadence: 30d\nmet: 2026-01-10\n---\n",
    "conversations/2026-04-10 coffee.md": (
        '---\ndate: 2026-04-10\nwith: ["[[Ada Lovelace]]", "[[Alan]]"]\nchannel: coffee\n---\n'
        "Sourdough with [[ada lovelace|Ada]].\n\n"
        "- [ ] #waiting [[Alan]] sends the paper 📅 2026-04-20\n"
    ),
    "conversations/2026-05-02 call.md": (
        '---\ndate: 2026-05-02\nwith: ["[[Ada Lovelace]]"]\nchannel: call\n'
        'follows: "[[2026-04-10 coffee]]"\n---\nThe launch.\n\n- [ ] send the deck 📅 2026-05-09\n'
    ),
    "daily/2026-05-05.md": "Saw [[Zoë Ruiz]] in passing.\n",
}
TODAY = "2026-05-20"


def build(invoke: Invoke, root: Path, out: Path, *args: str) -> str:
    outcome = invoke("site", "--vault", root, "-o", out, "--today", TODAY, *args)
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.stdout


def page(out: Path, path: str) -> str:
    return (out / "notes" / page_file(path)).read_text(encoding="utf-8")


def test_site_has_an_index_a_page_per_person_and_per_conversation(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = make_vault(VAULT)
    before = snapshot(root)
    out = tmp_path / "site"
    assert build(invoke, root, out) == f"{out}: 9 written, 0 unchanged\n"
    assert snapshot(root) == before  # no note written
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        [".rendered.json", ".vaultrel-site", "index.html", "site.js", "style.css"]
        + [f"notes/{page_file(p)}" for p in VAULT]  # the daily note mentions Zoë
    )
    index = (out / "index.html").read_text(encoding="utf-8")
    # pre-sorted by next owed: Zoë (met + 30d: 02-09), Ada's deck (05-09), Alan (05-10)
    assert re.findall(r">([^<>]+)</a></td>", index) == ["Zoë Ruiz", "Ada Lovelace", "Alan"]
    assert "3 people · 2 conversations · as of 2026-05-20" in index
    assert 'href="notes/ada-lovelace-' in index
    # who is drifting: everyone is past reach out by, Zoë longest
    assert '<span class="swatch drifting"></span>3 past reach out by' in index
    drifting = re.findall(r"<title>([^<]+ days? past)</title>", index)
    assert drifting == [
        "Zoë Ruiz: 100 days past",
        "Alan: 10 days past",
        "Ada Lovelace: 4 days past",
    ]


def test_person_page(make_vault: MakeVault, invoke: Invoke, tmp_path: Path) -> None:
    root, out = make_vault(VAULT), tmp_path / "site"
    build(invoke, root, out)
    ada = page(out, "people/Ada Lovelace.md")
    assert "<h1>Ada Lovelace</h1>" in ada
    assert "also Ada · every 2w" in ada
    assert "<p>Likes <strong>black coffee</strong>.</p>" in ada
    assert "Relationship" not in ada  # vaultrel's own block is left out
    assert '<svg class="chart"' in ada and "Apr 2026: 1 conversation" in ada
    assert 'class="cadence"' in ada
    assert "send the deck" in ada and 'class="late"' in ada  # due 05-09, today 05-20
    coffee = page_file("conversations/2026-04-10 coffee.md")
    call = page_file("conversations/2026-05-02 call.md")
    # the thread: the call, then the coffee it follows; both with their notes rendered
    assert ada.index(f'href="{call}"') < ada.index(f'href="{coffee}"')
    assert (
        f'Sourdough with <a class="wikilink" href="{page_file("people/Ada Lovelace.md")}">' in ada
    )
    zoe = page(out, "people/Zoë Ruiz.md")
    daily = page_file("daily/2026-05-05.md")
    assert f'Mentioned in</h2><ul><li>2026-05-05 · <a href="{daily}">2026-05-05</a>' in zoe
    assert "No conversations yet." in zoe


def test_conversation_page(make_vault: MakeVault, invoke: Invoke, tmp_path: Path) -> None:
    root, out = make_vault(VAULT), tmp_path / "site"
    build(invoke, root, out)
    call = page(out, "conversations/2026-05-02 call.md")
    ada = page_file("people/Ada Lovelace.md")
    assert f'<dt>With</dt><dd><a href="{ada}">Ada Lovelace</a></dd>' in call
    assert "<dt>Follows</dt><dd>2026-04-10 · <a href=" in call
    assert "☐ send the deck" in call


def test_only_changed_pages_are_written_again(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root, out = make_vault(VAULT), tmp_path / "site"
    build(invoke, root, out)
    assert build(invoke, root, out) == f"{out}: 0 written, 9 unchanged\n"
    note = root / "conversations/2026-05-02 call.md"
    note.write_text(note.read_text(encoding="utf-8").replace("The launch.", "The big launch."))
    stdout = build(invoke, root, out)
    assert stdout == f"{out}: 2 written, 7 unchanged\n"  # the call's page and Ada's
    note.unlink()
    stdout = build(invoke, root, out)
    assert stdout.endswith(", 1 removed\n")
    assert not (out / "notes" / page_file("conversations/2026-05-02 call.md")).exists()


def test_a_note_is_rendered_again_when_a_page_its_links_lead_to_comes_or_goes(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root, out = make_vault(VAULT), tmp_path / "site"
    (root / "conversations/2026-05-02 call.md").write_text(
        '---\ndate: 2026-05-02\nwith: ["[[Ada Lovelace]]"]\n---\nSee [[Q3 plan]].\n'
    )
    build(invoke, root, out)
    call = "conversations/2026-05-02 call.md"
    assert '<span class="wikilink unresolved">Q3 plan</span>' in page(out, call)
    (root / "conversations/Q3 plan.md").write_text("---\ndate: 2026-05-03\n---\nThe plan.\n")
    build(invoke, root, out)
    plan = page_file("conversations/Q3 plan.md")
    assert f'<a class="wikilink" href="{plan}">Q3 plan</a>' in page(out, call)
    (out / ".rendered.json").write_text("{not json")  # a damaged cache is rendered anew
    assert build(invoke, root, out) == f"{out}: 0 written, 10 unchanged\n"


def test_the_default_folder_is_hidden_in_the_vault(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    outcome = invoke("site", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert (root / ".vaultrel" / "site" / "index.html").is_file()


@pytest.mark.parametrize("inside", ["", "people/site", "site"])
def test_a_folder_among_the_notes_is_refused(
    make_vault: MakeVault, invoke: Invoke, inside: str
) -> None:
    root = make_vault(VAULT)
    before = snapshot(root)
    outcome = invoke("site", "--vault", root, "-o", root / inside)
    assert outcome.exit_code == 2
    assert "site folder is inside the vault's notes [E_SITE_FOLDER]" in outcome.stderr
    assert snapshot(root) == before


def test_a_folder_of_other_files_is_refused(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root, out = make_vault(VAULT), tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    outcome = invoke("site", "--vault", root, "-o", out)
    assert outcome.exit_code == 2
    assert "holds files that are not a vaultrel site [E_SITE_FOLDER]" in outcome.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_serve_answers_on_the_loopback_address_only(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hello</p>")
    with server(tmp_path, 0) as httpd:
        assert httpd.server_address[0] == "127.0.0.1"
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            with urllib.request.urlopen(url(httpd) + "index.html", timeout=5) as response:
                assert response.read() == b"<p>hello</p>"
        finally:
            httpd.shutdown()


def test_help_explains_every_option_with_examples(invoke: Invoke) -> None:
    outcome = invoke("site", "--help")
    assert outcome.exit_code == 0
    assert "vaultrel site -o" in outcome.stdout.split("Examples:")[1]
    command = cli.commands["site"]
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, param.opts
