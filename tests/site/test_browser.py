"""The site in a real browser: headless Chromium renders the person page's chart, follows its
links, and runs the index page's script under the pages' content security policy."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import vaultrel
from tests.conftest import Invoke
from vaultrel.site.pages import page_file

EXAMPLE = Path(__file__).resolve().parents[2] / "example-vault"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BAR = (0x4A, 0x86, 0xE0)  # the chart's bars in the light scheme (style.css --bar)


def find_browser() -> str | None:
    names = [os.environ.get("CHROMIUM", ""), *BROWSERS]
    return next((found for name in names if name and (found := shutil.which(name))), None)


BROWSER = find_browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium found (set CHROMIUM, or install Debian's chromium package; "
    ".ci/run installs it when it runs as root with apt-get)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from vaultrel.cli import cli

    work = tmp_path_factory.mktemp("browser")
    vault, out = work / "vault", work / "site"
    shutil.copytree(EXAMPLE, vault)
    args = ["site", "--vault", str(vault), "-o", str(out), "--today", "2026-11-20"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out


def chromium(site: Path, page: Path, *args: str) -> str:
    """Chromium's output for `page` of the site, with a profile of its own beside the site."""
    assert BROWSER is not None
    profile = site.parent / "profile"
    command = [
        BROWSER,
        "--headless",
        "--no-sandbox",  # as root in a container there is no sandbox to use
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--window-size=800,640",
        *args,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def dom(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Dom()
    parser.feed(html)
    return parser.tags


def test_person_page_has_the_chart_and_its_links_lead_to_pages(site: Path, invoke: Invoke) -> None:
    page = site / "notes" / page_file("people/Ada Lovelace.md")
    tags = dom(chromium(site, page, "--dump-dom"))
    classes = [attrs.get("class", "") for _, attrs in tags]
    assert classes.count("bar") == 6  # six months with a conversation with Ada
    assert "cadence" in classes
    links = [attrs["href"] for tag, attrs in tags if tag == "a" and "href" in attrs]
    assert len(links) > 15
    for link in links:
        parts = urlsplit(link)
        assert not parts.scheme, link  # the example vault links nothing outside
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        assert target.is_file(), link
        if parts.fragment:
            assert f'id="{parts.fragment}"' in target.read_text("utf-8"), link


def test_person_page_chart_is_drawn(site: Path) -> None:
    page = site / "notes" / page_file("people/Ada Lovelace.md")
    shot = site.parent / "ada.png"
    chromium(site, page, f"--screenshot={shot}")
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (800, 640)
    bar_pixels = sum(1 for pixel in pixels if pixel[:3] == BAR)
    assert bar_pixels > 2000, bar_pixels  # six bars, each dozens of pixels wide and high


def test_index_script_runs_sorting_and_search(site: Path) -> None:
    tags = dom(chromium(site, site / "index.html", "--dump-dom"))
    search = next(attrs for tag, attrs in tags if attrs.get("class") == "search")
    assert "hidden" not in search  # the script showed the search box
    assert sum(1 for tag, _ in tags if tag == "button") == 5  # one per column heading
    rows = [attrs["data-name"] for tag, attrs in tags if tag == "tr" and "data-name" in attrs]
    people = [person.name.lower() for person in vaultrel.open_vault(site.parent / "vault").people()]
    assert sorted(rows) == sorted(people)  # a row per person, none hidden by the script


def read_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and pixels of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    idat = b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IDAT":
            idat += body
        chunks.setdefault(kind, body)
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert depth == 8 and colour in (2, 6) and interlace == 0
    size = 4 if colour == 6 else 3
    raw, stride = zlib.decompress(idat), width * size
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        row = _unfilter(line[0], bytearray(line[1:]), previous, size)
        rows.append(row)
        previous = row
    pixels = [tuple(row[x : x + size]) for row in rows for x in range(0, stride, size)]
    return width, height, pixels


def _unfilter(kind: int, row: bytearray, above: bytearray, size: int) -> bytearray:
    for i in range(len(row)):
        left = row[i - size] if i >= size else 0
        up, corner = above[i], above[i - size] if i >= size else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 2:
            row[i] = (row[i] + up) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            row[i] = (
                row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
            ) & 0xFF
    return row


def test_read_png_reads_what_it_is_given() -> None:
    pixel = b"\x00" + bytes(BAR)  # one row, filter 0, one RGB pixel
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(pixel))
    assert read_png(png + _chunk(b"IEND", b"")) == (1, 1, [BAR])


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body)
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def test_no_network_resource_is_named(site: Path) -> None:
    for page in site.rglob("*.html"):
        assert not re.search(r"(src|href)=\"(https?:)?//", page.read_text("utf-8")), page
