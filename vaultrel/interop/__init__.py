"""Interoperability: vCard contacts, an iCalendar feed, Obsidian Bases views and git.

The mapping modules (`contacts`, `vcard`, `calendar`, `properties`, `bases`, `regions`) are
functions of text and values; `importer`, `export` and `gitsetup` do the reading and writing.
"""
