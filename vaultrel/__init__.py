"""vaultrel: a plain-text relationship manager for Obsidian vaults.

    import vaultrel
    vault = vaultrel.open_vault("~/notes")
    vault.person("ada").next_owed

`index_vault`, `load_config`, `Config` and `IndexResult` stay for the code written against the
first versions (and the tests of the index run): new code uses `open_vault` and `index`.
"""

from vaultrel.api import (
    AgendaItem,
    Brief,
    IndexSummary,
    Obligation,
    Person,
    PersonNotFound,
    Point,
    Progress,
    Vault,
    index,
    open_vault,
)
from vaultrel.config import Config, load_config
from vaultrel.engine import IndexResult, index_vault
from vaultrel.errors import ExitCode, Problem
from vaultrel.version import __version__

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
