"""The Obsidian Bases view of the people (pure): `People.base` at the vault root.

A base is YAML (Obsidian's Bases syntax): filters select the person notes (`type: person`, or
a note in the people folder, never the templates), and two table views show last spoke and
next owed, one of everyone sorted by next owed, one of the people whose next owed has passed.
"""

from __future__ import annotations

import json

from vaultrel.config import Config

BASE_FILE = "People.base"


def people_base(config: Config) -> str:
    """The text of `People.base` for this vault's folders and owned key names."""
    people = json.dumps(config.folders.people)
    templates = json.dumps(config.folders.templates)
    last, owed = config.keys.last_spoke, config.keys.next_owed
    columns = "\n".join(f"      - {c}" for c in ("file.name", last, owed, "cadence", "org"))
    sort = f"""    sort:
      - property: {owed}
        direction: ASC
      - property: file.name
        direction: ASC"""
    return f"""# People with last spoke and next owed, written by `vaultrel index`.
# Created by `vaultrel bases`; edit it freely, vaultrel never replaces it.
filters:
  and:
    - or:
        - 'type == "person"'
        - 'file.inFolder({people})'
    - not:
        - 'file.inFolder({templates})'
    - 'file.ext == "md"'
properties:
  note.{last}:
    displayName: Last spoke
  note.{owed}:
    displayName: Next owed
views:
  - type: table
    name: People
    order:
{columns}
{sort}
  - type: table
    name: Overdue
    filters:
      and:
        - '{owed} < today()'
    order:
{columns}
{sort}
"""
