"""The state of a vault as one key: the digest of everything an index run's output depends on
(the settings, every note's stat, the other files). It keys the store's summary, which answers
a no-op `vaultrel index`, and the query snapshot; computed from a listing alone, it is what
lets an unchanged vault be answered without reading a note (or importing what reads them)."""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Mapping
from pathlib import Path

from vaultrel.adapters.fs import Signature
from vaultrel.adapters.vault import Listing, daily_note_format
from vaultrel.config import Config
from vaultrel.core.model import Layout
from vaultrel.errors import Problem

DIGEST_CHUNK = 5000  # note stats hashed at a time


def state_digest(
    layout: Layout,
    link_style: tuple[bool, str],
    stats: Mapping[str, Signature],
    attachments: list[str],
    paths: list[str] | None = None,
) -> str:
    """Everything the output depends on: settings, the notes' stats, the other files.
    `paths`: the notes in path order, when the caller has them so (a listing's notes, some
    perhaps without a stat), else the stats' keys are sorted here."""
    # marshal, several times faster than formatting text; version 2 writes equal values as
    # equal bytes (from version 3 on, it marks objects that happen to be shared)
    digest = hashlib.sha256(marshal.dumps(repr((layout, link_style)), 2))
    ordered = sorted(stats) if paths is None else [p for p in paths if p in stats]
    for start in range(0, len(ordered), DIGEST_CHUNK):  # 100k stats at once cost 20 MB
        chunk = ordered[start : start + DIGEST_CHUNK]
        signatures = zip(chunk, map(stats.__getitem__, chunk), strict=True)
        # fs.stat_key's fields, spelt out: this runs for every note of the vault
        keys = [(p, s.size, s.mtime_ns, s.ino, s.ctime_ns) for p, s in signatures]
        digest.update(marshal.dumps(keys, 2))
    digest.update(marshal.dumps(attachments, 2))
    return digest.hexdigest()


def vault_key(root: Path, config: Config, layout: Layout, listing: Listing) -> str:
    """The key `read_vault` would give the vault as `listing` found it (racy stats or not),
    from the listing alone; `layout` is `vault_layout`'s."""
    style = link_style(root, config)
    return state_digest(layout, style, listing.stats, listing.attachments, listing.notes)


def vault_layout(root: Path, config: Config) -> tuple[Layout, list[Problem]]:
    """The settings notes are read with in this vault: the config's, and the daily-note name
    format of Obsidian's settings (with a warning when vaultrel cannot read that format)."""
    daily_format, problems = daily_note_format(root)
    return config.layout(daily_format), problems


def link_style(root: Path, config: Config) -> tuple[bool, str]:
    """Markdown links or wikilinks, and Obsidian's path style, from the config and app.json."""
    try:
        app = json.loads((root / ".obsidian" / "app.json").read_text("utf-8"))
        if not isinstance(app, dict):
            app = {}
    except (OSError, ValueError):
        app = {}
    style = config.links.style
    markdown = app.get("useMarkdownLinks") is True if style == "auto" else style == "markdown"
    path_style = app.get("newLinkFormat", "shortest")
    if path_style not in ("shortest", "relative", "absolute"):
        path_style = "shortest"
    return markdown, path_style
