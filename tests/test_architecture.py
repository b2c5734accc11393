"""The core is pure: it imports nothing that touches the disk, the clock or the terminal."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "vaultrel" / "core"
ALLOWED = {
    "__future__",
    "bisect",
    "calendar",
    "collections",
    "dataclasses",
    "datetime",
    "enum",
    "hashlib",
    "posixpath",
    "re",
    "sys",  # for sys.intern only (see below)
    "typing",
    "unicodedata",
    "urllib",
    "yaml",
    "vaultrel",
}
FORBIDDEN_CALLS = {"today", "now", "utcnow", "time", "open", "getenv", "getcwd"}


def _modules() -> list[Path]:
    return sorted(CORE.glob("*.py"))


def test_core_imports_only_its_allow_list() -> None:
    for module in _modules():
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in ALLOWED, f"{module.name} imports {name}"
                if top == "vaultrel":
                    assert name.startswith(("vaultrel.core", "vaultrel.errors")), name
            if isinstance(node, ast.ImportFrom) and node.module == "sys":
                raise AssertionError(f"{module.name}: import sys, and use only sys.intern")
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "sys":
                assert node.attr == "intern", f"{module.name}:{node.lineno} uses sys.{node.attr}"


def test_core_never_reads_the_clock_or_the_disk() -> None:
    for module in _modules():
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert name not in FORBIDDEN_CALLS, f"{module.name}:{node.lineno} calls {name}()"


def test_start_up_imports_no_command_only_libraries() -> None:
    """Every command module is imported when vaultrel starts; what only one command needs
    (file events, Markdown rendering, JSON shapes, exchange formats) waits until it runs."""
    script = (
        "import sys; from vaultrel.cli import register_commands; register_commands(); "
        "print('\\n'.join(sys.modules))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    heavy = {
        "watchdog",
        "markdown_it",
        "vaultrel.cli.shapes",
        "vobject",
        "icalendar",
    }
    assert not heavy & loaded


def test_index_loads_no_pydantic_without_a_config_file(tmp_path: Path) -> None:
    """pydantic checks `vaultrel.toml` only: a vault without one is indexed, and then found
    unchanged (DESIGN §7: the no-op run), without loading it."""
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "Ada.md").write_text("# Ada\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from vaultrel.cli import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print(*sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))\n"
    )
    for _ in range(2):
        run = subprocess.run(
            [sys.executable, "-c", script, "index", "--vault", str(tmp_path), "--quiet"],
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == ""
