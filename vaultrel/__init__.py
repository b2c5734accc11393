"""vaultrel: a plain-text relationship manager for Obsidian vaults.

import vaultrel
vault = vaultrel.open_vault("~/notes")
vault.person("ada").next_owed
"""

__version__ = "0.1.0"

from vaultrel.api import (
    AgendaItem,
    IndexSummary,
    Obligation,
    Person,
    PersonNotFound,
    Vault,
    index,
    open_vault,
)
from vaultrel.config import Config, load_config
from vaultrel.engine import IndexResult, index_vault
from vaultrel.errors import ExitCode, Problem

__all__ = [
    "AgendaItem",
    "Config",
    "ExitCode",
    "IndexResult",
    "IndexSummary",
    "Obligation",
    "Person",
    "PersonNotFound",
    "Problem",
    "Vault",
    "__version__",
    "index",
    "index_vault",
    "load_config",
    "open_vault",
]
