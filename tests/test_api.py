"""The library API: the values the commands print, the cache that answers an unchanged vault,
and the examples of docs/api.md."""

from __future__ import annotations

import datetime as dt
import doctest
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import vaultrel
from tests.conftest import Invoke, MakeVault

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-20"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example-vault"
    shutil.copytree(REPO / "example-vault", root)
    return root


def settle(root: Path) -> None:
    """Date every note well in the past: a note saved within a timestamp tick of being read
    may change again unseen, and is never cached (RELIABILITY R2)."""
    for note in root.rglob("*.md"):
        os.utime(note, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


def test_the_api_json_is_the_cli_json(example: Path, invoke: Invoke) -> None:
    vault = vaultrel.open_vault(example)
    people = invoke("people", "--json", "--vault", example)
    assert people.json() == [person.to_json() for person in vault.people()]
    for person in vault.people():
        show = invoke("show", person.path.removesuffix(".md"), "--json", "--vault", example)
        assert show.json() == person.to_json(page=True)
    agenda = invoke("agenda", "--json", "--days", "30", "--today", TODAY, "--vault", example)
    items = vault.agenda(today=dt.date.fromisoformat(TODAY), days=30)
    assert agenda.json() == [item.to_json() for item in items] != []
    check = invoke("check", "--json", "--vault", example)
    assert check.json() == [problem.to_json() for problem in vault.problems] != []
    index = invoke("index", "--dry-run", "--json", "--vault", example)
    summary = vaultrel.index(example, dry_run=True).to_json()
    assert {**index.json(), "seconds": 0} == {**summary, "seconds": 0}  # type: ignore[dict-item]


def test_a_person_is_found_like_show_finds_them(example: Path) -> None:
    vault = vaultrel.open_vault(example)
    assert vault.person("ada").name == vault.person("people/Ada Lovelace").name == "Ada Lovelace"
    assert vault.person("zoe").name == "Zoë Ruiz"
    with pytest.raises(LookupError) as ambiguous:
        vault.person("a")
    assert [p.name for p in ambiguous.value.candidates] == [  # type: ignore[attr-defined]
        "Ada Lovelace",
        "Alan Turing",
        "Grace Hopper",
    ]
    with pytest.raises(vaultrel.PersonNotFound, match="E_PERSON_NOT_FOUND"):
        vault.person("nobody")


def test_values_are_frozen(example: Path) -> None:
    vault = vaultrel.open_vault(example)
    with pytest.raises(AttributeError):
        vault.problems = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        vault.person("ada").name = "x"  # type: ignore[misc]


def test_reading_leaves_the_store_of_an_indexed_vault_as_it_was(example: Path) -> None:
    """A query on an up-to-date vault must not rewrite the index store: a following no-op
    `index` is then answered from its summary (its fast path) instead of the whole vault."""
    vaultrel.index(example)
    store = example / ".vaultrel" / "index.sqlite"
    before = store.stat().st_mtime_ns, store.read_bytes()
    for _ in range(2):  # the first reads the notes, the second recalls them
        vaultrel.open_vault(example).people()
    assert (store.stat().st_mtime_ns, store.read_bytes()) == before


def test_an_unchanged_vault_is_recalled_and_a_changed_one_read_again(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {
            "people/Ada.md": "---\ncadence: 2w\n---\n",
            "conversations/2026-11-10 Ada.md": (
                "---\nwith: ['[[Ada]]']\n---\n- [ ] send the deck 📅 2026-11-20\n"
            ),
        }
    )
    vaultrel.index(root)
    settle(root)
    first = vaultrel.open_vault(root)
    assert (root / ".vaultrel" / "people").is_file()
    recalled = vaultrel.open_vault(root)
    assert recalled.people() == first.people()
    assert recalled.problems == first.problems
    assert recalled.agenda(today=dt.date(2026, 11, 20)) == first.agenda(today=dt.date(2026, 11, 20))
    assert recalled.person("ada").next_owed == dt.date(2026, 11, 20)

    note = root / "conversations/2026-11-10 Ada.md"
    note.write_text(note.read_text().replace("2026-11-20", "2026-11-27"))
    os.utime(note, ns=(1, 1_700_000_000_000_000_000))  # a stat the cache cannot mistake
    assert vaultrel.open_vault(root).person("ada").owed[0].due == dt.date(2026, 11, 27)


def test_a_damaged_cache_is_read_around(make_vault: MakeVault) -> None:
    root = make_vault({"people/Ada.md": "---\ncadence: 2w\n---\n"})
    vaultrel.index(root)
    settle(root)
    vaultrel.open_vault(root)
    key = (root / ".vaultrel" / "people").read_bytes()
    (root / ".vaultrel" / "people").write_bytes(key[:40] + b"\xff" * 40)
    assert [p.name for p in vaultrel.open_vault(root).people()] == ["Ada"]


@pytest.mark.parametrize("at", [0, 1, 2, -1])
def test_a_damaged_person_in_the_cache_is_read_around(
    example: Path, invoke: Invoke, at: int
) -> None:
    """A byte of a person's blob changed in the snapshot (a disk's or a sync tool's doing),
    the file's length and key intact: the queries answer from the notes instead, as if there
    were no snapshot, and a sound one replaces it."""
    vaultrel.index(example)
    settle(example)
    expected = [p.to_json() for p in vaultrel.open_vault(example).people()]
    agenda = invoke("agenda", "--json", "--today", "2026-11-20", "--vault", example).json()
    snapshot = example / ".vaultrel" / "people"
    data = bytearray(snapshot.read_bytes())
    head = 8 + int.from_bytes(data[:8], "little")
    where = head + 10 if at >= 0 else len(data) - 5  # in the first person's blob, or the last
    data[where + max(at, 0)] ^= 0x5A
    snapshot.write_bytes(bytes(data))
    assert [p.to_json() for p in vaultrel.open_vault(example).people()] == expected
    snapshot.write_bytes(bytes(data))
    again = invoke("agenda", "--json", "--today", "2026-11-20", "--vault", example)
    assert again.exit_code == 0 and again.json() == agenda
    show = invoke("show", "ada", "--json", "--vault", example)
    assert show.exit_code == 0 and show.json()["name"] == "Ada Lovelace"
    people = invoke("people", "--json", "--vault", example)  # decodes every person
    assert people.exit_code == 0 and people.json() == expected
    assert snapshot.read_bytes() != bytes(data)  # a sound snapshot in its place


def test_the_api_page_examples_run(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example.parent)
    failed, tried = doctest.testfile(
        str(REPO / "docs" / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert tried > 10 and failed == 0


def test_the_example_vault_recalled_is_the_example_vault_read(example: Path) -> None:
    vaultrel.index(example)
    settle(example)
    read = vaultrel.open_vault(example)
    recalled = vaultrel.open_vault(example)
    assert read.reading is not None and "reading" not in vars(recalled)  # not read again
    assert recalled.people() == read.people()
    assert recalled.problems == read.problems
    day = dt.date(2026, 11, 20)
    assert recalled.agenda(today=day, days=60) == read.agenda(today=day, days=60)


def test_the_key_from_a_listing_is_the_key_of_a_reading(example: Path) -> None:
    """The snapshot is looked up by `vault_key`, computed from the listing without the index
    run, and saved under the key `read_vault` gives: they must agree, or nothing is recalled."""
    from vaultrel.adapters.vault import list_vault
    from vaultrel.adapters.vaultstate import vault_key, vault_layout
    from vaultrel.config import load_config
    from vaultrel.engine import read_vault

    vaultrel.index(example)
    settle(example)
    config = load_config(example)
    layout, _ = vault_layout(example, config)
    key = vault_key(example, config, layout, list_vault(example, config))
    assert read_vault(example, config).key == key
    (example / ".obsidian").mkdir(exist_ok=True)
    (example / ".obsidian" / "app.json").write_text('{"useMarkdownLinks": true}')
    new_key = vault_key(example, config, layout, list_vault(example, config))
    assert read_vault(example, config).key == new_key != key


def run_commands(root: Path, commands: list[list[str]], heavy: list[str]) -> tuple[str, list[str]]:
    """Run vaultrel `commands` on `root` one after the other in one fresh Python process: their
    output, and which of the `heavy` modules they imported."""
    script = (
        "import json, sys\n"
        "from vaultrel.cli import main\n"
        f"for command in {commands!r}:\n"
        f"    sys.argv = ['vaultrel', *command, '--vault', {str(root)!r}]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(json.dumps(sorted(set({heavy!r}) & set(sys.modules))), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    return done.stdout, json.loads(done.stderr.splitlines()[-1])


def test_a_query_on_an_unchanged_vault_imports_no_parser(example: Path) -> None:
    """The queries answer an unchanged vault from the snapshot: the index run, the YAML
    parser, the store's database, the resolver and the other commands are not even imported
    (a third of a query's time)."""
    vaultrel.index(example)
    settle(example)
    vaultrel.open_vault(example)  # fills the snapshot
    commands = [["people"], ["agenda"], ["show", "ada"]]
    heavy = ["vaultrel.engine", "yaml", "sqlite3", "markdown_it", "multiprocessing"]
    heavy += ["vaultrel.core.graph", "vaultrel.cli.site", "vaultrel.cli.watch"]
    stdout, imported = run_commands(example, commands, heavy)
    assert "Ada Lovelace" in stdout
    assert imported == []


def test_an_index_with_nothing_to_do_imports_no_parser(example: Path) -> None:
    """A no-op `vaultrel index` is answered from the store's summary before the index run is
    imported (a fifth of its time), and says what a full run would have said."""
    first = vaultrel.index(example)
    settle(example)
    again = vaultrel.index(example)  # the full run: a settled vault is now clean
    heavy = ["vaultrel.engine", "yaml", "markdown_it", "multiprocessing"]
    stdout, imported = run_commands(example, [["index", "--json"]], heavy)
    assert imported == []
    summary = json.loads(stdout)
    assert summary["written"] == summary["created"] == [] == list(again.written)
    assert summary["notes"] == again.notes == first.notes + len(first.created)
    expected = {k: v for k, v in again.to_json().items() if k != "seconds"}
    assert {k: v for k, v in summary.items() if k != "seconds"} == expected
