"""Note templates: the vault's templates folder first, then vaultrel's bundled ones.

Templates are filled by plain substitution of a few placeholders, in one pass: note text is
data, never template code (RELIABILITY B56).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

PLACEHOLDER = re.compile(r"\{\{(name|date|title|with|channel)\}\}")


def load_template(kind: str, root: Path, folders: list[str]) -> str:
    """The text of `<kind>.md` from the vault's templates folders, else the bundled one."""
    for folder in folders:
        candidate = root / folder / f"{kind}.md"
        if candidate.is_file() and not candidate.is_symlink():
            return candidate.read_text(encoding="utf-8")
    return (resources.files("vaultrel") / "templates" / f"{kind}.md").read_text(encoding="utf-8")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace `{{name}}`-style placeholders with `values` (missing ones become empty)."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), template)
