"""Listing a vault (adapters/vault.py): what is a note, a folder, another file, a leftover."""

from __future__ import annotations

import errno
import os
from typing import Any

import pytest

from tests.conftest import MakeVault
from vaultrel.adapters import fs
from vaultrel.adapters.vault import list_vault
from vaultrel.config import Config


def test_a_folder_whose_entries_cannot_be_stated_still_lists_them(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that can be read but not searched (mode r--) names its entries, yet none can
    be stat'ed: its notes, other files and folders are listed from the names and types it
    gives (the notes without a signature: reading them says why), none dropped."""
    root = make_vault(
        {
            "people/Ada.md": "---\ncadence: 2w\n---\n",
            "locked/B.md": "text\n",
            "locked/pic.png": b"\x89PNG",
            "locked/sub/S.md": "text\n",
        }
    )
    denied = OSError(errno.EACCES, os.strerror(errno.EACCES))

    real = fs.lstat

    def lstat(name: str, *args: Any, **kwargs: Any) -> os.stat_result:
        if name in ("B.md", "pic.png", "sub"):
            raise denied
        return real(name, *args, **kwargs)

    monkeypatch.setattr(fs, "lstat", lstat)
    listing = list_vault(root, Config())
    assert listing.notes == ["locked/B.md", "locked/sub/S.md", "people/Ada.md"]
    assert "locked/B.md" not in listing.stats and "people/Ada.md" in listing.stats
    assert listing.attachments == ["locked/pic.png"]
    assert sorted(listing.folders) == ["locked", "locked/sub", "people"]
