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

from vaultrel.adapters.fs import Signature, stat_key
from vaultrel.adapters.vault import daily_note_format, list_vault
from vaultrel.config import Config
from vaultrel.core.model import Layout
from vaultrel.errors import Problem

DIGEST_CHUNK = 5000  # note stats hashed at a time


def state_digest(
    layout: Layout,
    link_style: tuple[bool, str],
    stats: Mapping[str, Signature],
    attachments: list[str],
) -> str:
    """Everything the output depends on: settings, the notes' stats, the other files."""
    # marshal, several times faster than formatting text; version 2 writes equal values as
    # equal bytes (from version 3 on, it marks objects that happen to be shared)
    digest = hashlib.sha256(marshal.dumps(repr((layout, link_style)), 2))
    paths = sorted(stats)
    for start in range(0, len(paths), DIGEST_CHUNK):  # 100k stats at once cost 20 MB
        chunk = paths[start : start + DIGEST_CHUNK]
        digest.update(marshal.dumps([(p, *stat_key(stats[p])) for p in chunk], 2))
    digest.update(marshal.dumps(attachments, 2))
    return digest.hexdigest()


def vault_key(root: Path, config: Config) -> str:
    """The key `read_vault` would give the vault as it is now (racy stats or not), from its
    listing alone."""
    listing = list_vault(root, config)
    layout, _ = vault_layout(root, config)
    return state_digest(layout, link_style(root, config), listing.stats, listing.attachments)


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
