"""`vaultrel site`: a static HTML site of the vault's people and conversations, for reading."""
