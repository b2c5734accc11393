"""The user docs cannot drift from the code: the command reference is generated, every problem
code vaultrel can emit is documented, and every page is reachable from the README."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests import cli_reference

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CODE = re.compile(r"[EW]_[A-Z0-9_]+")


def test_cli_reference_is_current() -> None:
    assert cli_reference.PAGE.read_text(encoding="utf-8") == cli_reference.render(), (
        f"docs/cli.md is out of date: run `{cli_reference.REGENERATE}` and commit it"
    )


def _emitted_codes() -> set[str]:
    """Every problem code written in vaultrel's source: a string that is a code, or a `[CODE]`
    inside a message; the prefixes matched with `startswith` are families, not codes."""
    codes: set[str] = set()
    for path in (ROOT / "vaultrel").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        prefixes = {
            id(node)
            for call in ast.walk(tree)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "startswith"
            for arg in call.args
            for node in ast.walk(arg)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            if CODE.fullmatch(node.value) and id(node) not in prefixes:
                codes.add(node.value)
            codes.update(re.findall(r"\[([EW]_[A-Z0-9_]+)\]", node.value))
    return codes


def test_every_problem_code_is_documented() -> None:
    codes = _emitted_codes()
    assert "E_FM_DUPKEY" in codes and "W_LINK_UNRESOLVED" in codes  # the scan finds codes
    documented = set(re.findall(r"^\| `([EW]_[A-Z0-9_]+)` \|", _page("problems.md"), re.M))
    missing = sorted(codes - documented)
    assert not missing, f"docs/problems.md has no row for: {', '.join(missing)}"


def test_every_page_is_linked_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    unlinked = [p.name for p in sorted(DOCS.glob("*.md")) if f"](docs/{p.name})" not in readme]
    assert not unlinked, f"README.md links no page {', '.join(unlinked)}"


def test_docs_name_nothing_outside_the_repository() -> None:
    internal = re.compile(r"DESIGN\.md|RELIABILITY\.md|LINKS\.md|STYLE\.md|/work/|§")
    pages = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    found = [
        f"{page.name}:{number}"
        for page in pages
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if internal.search(line)
    ]
    assert not found, f"user docs refer to internal documents: {', '.join(found)}"


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")
