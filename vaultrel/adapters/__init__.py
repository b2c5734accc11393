"""Adapters: one module per outside thing (the disk, templates, the config file)."""
