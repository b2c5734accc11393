"""vaultrel: a plain-text relationship manager for Obsidian vaults.

    import vaultrel
    vault = vaultrel.open_vault("~/notes")
    vault.person("ada").next_owed

`index_vault`, `load_config`, `Config` and `IndexResult` stay for the code written against the
first versions (and the tests of the index run): new code uses `open_vault` and `index`.
"""

from typing import TYPE_CHECKING, Any

from vaultrel.api import (
    AgendaItem,
    IndexSummary,
    Obligation,
    Person,
    PersonNotFound,
    Point,
    Vault,
    index,
    open_vault,
)
from vaultrel.config import Config, load_config
from vaultrel.errors import ExitCode, Problem
from vaultrel.version import __version__

if TYPE_CHECKING:
    from vaultrel.core.brief import Brief
    from vaultrel.engine import IndexResult, Progress, index_vault


def __getattr__(name: str) -> Any:
    """`IndexResult`, `Progress`, `index_vault` and `Brief`, imported when first asked for: the
    index run's modules would cost a query on an unchanged vault a fifth of its time."""
    if name in ("IndexResult", "Progress", "index_vault"):
        from vaultrel.engine import IndexResult, Progress, index_vault

        return {"IndexResult": IndexResult, "Progress": Progress, "index_vault": index_vault}[name]
    if name == "Brief":
        from vaultrel.core.brief import Brief

        return Brief
    raise AttributeError(f"module 'vaultrel' has no attribute {name!r}")


__all__ = [
    "AgendaItem",
    "Brief",
    "Config",
    "ExitCode",
    "IndexResult",
    "IndexSummary",
    "Obligation",
    "Person",
    "PersonNotFound",
    "Point",
    "Problem",
    "Progress",
    "Vault",
    "__version__",
    "index",
    "index_vault",
    "load_config",
    "open_vault",
]
