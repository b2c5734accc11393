"""The core is pure: it imports nothing that touches the disk, the clock or the terminal."""

from __future__ import annotations

import ast
import importlib.util
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
    """Every command module is imported to list the commands (`vaultrel --help`); what only
    one command needs (file events, Markdown rendering, exchange formats) waits until it
    runs."""
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
        "vobject",
        "icalendar",
        "yaml",
        "vaultrel.engine",
        "vaultrel.site",
        "vaultrel.interop",
    }
    missing = {name for name in heavy if importlib.util.find_spec(name) is None}
    assert not missing, f"not modules (this check could not fail for them): {missing}"
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


# -- layering ---------------------------------------------------------------------------------

PACKAGE = CORE.parent
# Each layer may import its own modules and those of the layers below it, never one above.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("vaultrel.core", "vaultrel.errors", "vaultrel.version")),
    ("adapters", ("vaultrel.adapters", "vaultrel.config")),
    ("engine", ("vaultrel.engine", "vaultrel.session")),
    (
        "services",
        (
            "vaultrel.create",
            "vaultrel.interop",
            "vaultrel.restore",
            "vaultrel.service",
            "vaultrel.site",
            "vaultrel.watch",
        ),
    ),
    ("api", ("vaultrel.api", "vaultrel")),
    ("cli", ("vaultrel.cli", "vaultrel.__main__")),
)
# The command line formats what the library returns: it never reaches into the engine.
CLI_NEVER = ("vaultrel.engine", "vaultrel.session")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    """The layer of a module: the one whose longest prefix names it."""
    best, found = -1, -1
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), rank
    assert found >= 0, f"{module} is in no layer"
    return found


def _imports() -> dict[str, set[str]]:
    """Every vaultrel module and the vaultrel modules it imports, at its top or in a function."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        names = graph.setdefault(module, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names if a.name.startswith("vaultrel"))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("vaultrel"):
                names.add(str(node.module))
                # `from vaultrel.adapters import state` imports vaultrel.adapters.state
                names.update(f"{node.module}.{a.name}" for a in node.names)
    modules = set(graph)
    return {module: {n for n in names if n in modules} for module, names in graph.items()}


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = [
        f"{module} ({LAYERS[_layer(module)][0]}) imports {name} ({LAYERS[_layer(name)][0]})"
        for module, names in _imports().items()
        for name in sorted(names)
        if _layer(name) > _layer(module)
    ]
    assert upward == []


def test_the_command_line_uses_the_library_not_the_engine() -> None:
    reaching = [
        f"{module} imports {name}"
        for module, names in _imports().items()
        if _layer(module) == len(LAYERS) - 1
        for name in sorted(names)
        if name.startswith(CLI_NEVER)
    ]
    assert reaching == []


def test_no_import_circles() -> None:
    """Between modules (a package counts as its `__init__`), lazy imports included."""
    edges = _imports()
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for name in sorted(edges[module]):
            if name == module:
                continue
            if state.get(name) == 1:
                circles.append([*trail[trail.index(name) :], name])
            elif name not in state:
                visit(name, [*trail, name])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_the_state_folder_is_named_in_one_place() -> None:
    """Code spells `.vaultrel` only in adapters/state.py (texts for people may name it)."""
    spelled = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "state.py" and path.parent.name == "adapters":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        helps = {
            id(value)
            for node in ast.walk(tree)
            if isinstance(node, ast.keyword) and node.arg == "help"
            for value in ast.walk(node.value)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings | helps
                and (node.value == ".vaultrel" or node.value.startswith(".vaultrel/"))
            ):
                spelled.append(f"{path.name}:{node.lineno}")
    assert spelled == []
