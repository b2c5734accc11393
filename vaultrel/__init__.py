"""vaultrel: a plain-text relationship manager for Obsidian vaults."""

from vaultrel.config import Config, load_config
from vaultrel.engine import IndexResult, index_vault
from vaultrel.errors import ExitCode, Problem

__version__ = "0.1.0"
__all__ = [
    "Config",
    "ExitCode",
    "IndexResult",
    "Problem",
    "__version__",
    "index_vault",
    "load_config",
]
