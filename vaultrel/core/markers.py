"""vaultrel's block markers and their hash (DESIGN §4.1): what `<!-- vaultrel:begin -->` and
`<!-- vaultrel:end hash=… -->` look like, and how the hash is made from the block's content."""

from __future__ import annotations

import hashlib
import re

BEGIN_MARKER = "<!-- vaultrel:begin -->"
END_MARKER_PREFIX = "<!-- vaultrel:end"
MARKER_START = "<!-- vaultrel:"
END_MARKER = re.compile(r"<!-- vaultrel:end(?: hash=([0-9a-f]{8}))? -->")


def end_marker(content: str) -> str:
    """The end marker of a block with this content."""
    return f"{END_MARKER_PREFIX} hash={block_hash(content)} -->"


def block_hash(content: str) -> str:
    """First 8 hex digits of SHA-256 over the block's content lines joined with LF."""
    return marker_hash(content_digest(content))


def marker_hash(digest: bytes) -> str:
    """The hash an end marker shows for content with this digest."""
    return digest.hex()[:8]


def content_digest(content: str) -> bytes:
    """SHA-256 of a block's content: what is kept of it (a person's block is long)."""
    return hashlib.sha256(content.encode("utf-8")).digest()
