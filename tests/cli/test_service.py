"""`vaultrel service`: the unit and plist it writes and the commands it runs, under a temporary
HOME with stub `systemctl`, `journalctl`, `loginctl`, `launchctl` and `ps` that log their
arguments and answer from a table; nothing is ever started."""

from __future__ import annotations

import json
import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Invoke, MakeVault
from vaultrel import service
from vaultrel.service import unit_name

STUB = """#!{python}
import json, pathlib, sys
here = pathlib.Path(__file__).parent
call = [pathlib.Path(sys.argv[0]).name, *sys.argv[1:]]
with open(here / "calls.jsonl", "a", encoding="utf-8") as log:
    log.write(json.dumps(call) + "\\n")
answers = json.loads((here / "answers.json").read_text(encoding="utf-8"))
for prefix, (code, out, err) in answers.items():
    if " ".join(call).startswith(prefix):
        sys.stdout.write(out)
        sys.stderr.write(err)
        sys.exit(code)
"""
TOOLS = ("systemctl", "journalctl", "loginctl", "launchctl", "ps")


class Stubs:
    """The stub commands' folder: `answer(prefix, code, out, err)` sets what a call starting
    with `prefix` prints; `calls()` gives (and forgets) the calls made so far."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.answers: dict[str, tuple[int, str, str]] = {}
        self._save()

    def answer(self, prefix: str, code: int = 0, out: str = "", err: str = "") -> None:
        self.answers[prefix] = (code, out, err)
        self._save()

    def _save(self) -> None:
        (self.folder / "answers.json").write_text(json.dumps(self.answers), encoding="utf-8")

    def calls(self) -> list[list[str]]:
        log = self.folder / "calls.jsonl"
        if not log.exists():
            return []
        calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        log.unlink()
        return calls


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USER", "ada")
    monkeypatch.setenv("LOGNAME", "ada")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return folder


@pytest.fixture
def stubs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Stubs:
    folder = tmp_path / "stubs"
    folder.mkdir()
    for tool in TOOLS:
        (folder / tool).write_text(STUB.format(python=sys.executable), encoding="utf-8")
        (folder / tool).chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))  # no real service manager can be reached
    return Stubs(folder)


OnPlatform = Callable[[service.Platform], None]


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch) -> OnPlatform:
    def choose(name: service.Platform) -> None:
        monkeypatch.setattr(service, "platform", lambda: name)

    return choose


def unit_file(home: Path, vault: Path) -> Path:
    return home / ".config" / "systemd" / "user" / unit_name(vault)


def plist_file(home: Path, vault: Path) -> Path:
    return home / "Library" / "LaunchAgents" / f"{service.label(vault)}.plist"


def test_linux_install_status_remove(
    home: Path, stubs: Stubs, on: OnPlatform, make_vault: MakeVault, invoke: Invoke
) -> None:
    on("linux")
    vault = make_vault({"people/Ada.md": "# Ada\n"})
    unit = unit_name(vault)

    installed = invoke("service", "install", "--vault", vault)
    assert installed.exit_code == 0, installed.stderr
    text = unit_file(home, vault).read_text(encoding="utf-8")
    assert f"ExecStart={sys.executable} -m vaultrel watch --vault {vault}\n" in text
    assert "Restart=on-failure\n" in text and "WantedBy=default.target\n" in text
    assert "ExecReload=/bin/kill -HUP $MAINPID\n" in text  # reload: watch re-reads its settings
    assert stubs.calls() == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", unit],
        ["loginctl", "show-user", "ada", "--property=Linger", "--value"],
    ]
    assert "loginctl enable-linger ada" in installed.stdout

    stubs.answer(
        "systemctl --user show",
        out="ActiveState=active\nSubState=running\n"
        "ActiveEnterTimestamp=Sat 2026-12-05 13:00:00 UTC\nUnitFileState=enabled\n",
    )
    stubs.answer("journalctl", out="vaultrel: indexed 1 note\n")
    running = invoke("service", "status", "--vault", vault)
    assert running.exit_code == 0
    assert running.stdout.splitlines()[0] == f"running since Sat 2026-12-05 13:00:00 UTC: {unit}"
    assert "  vaultrel: indexed 1 note" in running.stdout.splitlines()
    assert ["journalctl", "--user", "-u", unit, "-n", "10", "--no-pager"] in stubs.calls()

    stubs.answer(
        "systemctl --user show",
        out="ActiveState=failed\nSubState=failed\nActiveEnterTimestamp=\nUnitFileState=enabled\n",
    )
    stopped = invoke("service", "status", "--vault", vault)
    assert stopped.exit_code == 1
    assert stopped.stdout.startswith("installed, not running (failed, failed; enabled)")
    stubs.calls()

    removed = invoke("service", "remove", "--vault", vault)
    assert removed.exit_code == 0
    assert not unit_file(home, vault).exists()
    assert f"removed {unit_file(home, vault)}" in removed.stdout
    assert stubs.calls() == [
        ["systemctl", "--user", "disable", "--now", unit],
        ["systemctl", "--user", "daemon-reload"],
    ]

    gone = invoke("service", "status", "--vault", vault)
    assert gone.exit_code == 1
    assert gone.stdout.splitlines() == [
        f"not installed: no {unit_file(home, vault)}",
        f"install it with: vaultrel service install --vault {vault}",
    ]
    again = invoke("service", "remove", "--vault", vault)
    assert again.exit_code == 1
    assert "no vaultrel service is installed for this vault [E_SERVICE_NONE]" in again.stderr
    assert stubs.calls() == []


def test_linux_install_again_keeps_the_same_unit_and_replaces_a_changed_one(
    home: Path,
    stubs: Stubs,
    on: OnPlatform,
    make_vault: MakeVault,
    invoke: Invoke,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    on("linux")
    vault = make_vault({})
    unit = unit_name(vault)
    assert invoke("service", "install", "--vault", vault).exit_code == 0
    stubs.calls()
    before = unit_file(home, vault).stat()

    kept = invoke("service", "install", "--vault", vault)
    assert kept.exit_code == 0
    assert kept.stdout.startswith("kept")
    assert unit_file(home, vault).stat().st_mtime_ns == before.st_mtime_ns
    assert [c for c in stubs.calls() if c[0] == "systemctl"] == [
        ["systemctl", "--user", "enable", "--now", unit]
    ]

    monkeypatch.setattr(sys, "executable", "/opt/other python/bin/python3")
    changed = invoke("service", "install", "--vault", vault)
    assert changed.exit_code == 0
    assert changed.stdout.startswith("wrote")
    assert 'ExecStart="/opt/other python/bin/python3" -m' in unit_file(home, vault).read_text(
        encoding="utf-8"
    )
    assert [c for c in stubs.calls() if c[0] == "systemctl"] == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", unit],
        ["systemctl", "--user", "restart", unit],
    ]


def test_linux_without_a_user_manager_writes_the_unit_and_says_how_to_start_it(
    home: Path, stubs: Stubs, on: OnPlatform, make_vault: MakeVault, invoke: Invoke
) -> None:
    on("linux")
    vault = make_vault({})
    stubs.answer("systemctl", 1, err="Failed to connect to bus: No medium found\n")
    outcome = invoke("service", "install", "--vault", vault)
    assert outcome.exit_code == 0
    assert unit_file(home, vault).exists()
    assert "Failed to connect to bus: No medium found" in outcome.stdout
    start = f"  systemctl --user enable --now {shlex.quote(unit_name(vault))}"
    assert outcome.stdout.splitlines()[-1] == start
    assert stubs.calls() == [["systemctl", "--user", "daemon-reload"]]

    status = invoke("service", "status", "--vault", vault)
    assert status.exit_code == 1
    assert status.stdout.startswith("installed, not running (no systemd user manager answers")


def test_the_service_of_a_deleted_vault_can_be_removed(
    home: Path, stubs: Stubs, on: OnPlatform, tmp_path: Path, invoke: Invoke
) -> None:
    on("linux")
    vault = tmp_path / "old notes"
    vault.mkdir()
    assert invoke("service", "install", "--vault", vault).exit_code == 0
    vault.rmdir()
    stubs.answer("systemctl --user show", out="ActiveState=failed\nSubState=failed\n")
    assert invoke("service", "status", "--vault", vault).exit_code == 1
    removed = invoke("service", "remove", "--vault", vault)
    assert removed.exit_code == 0
    assert not unit_file(home, vault).exists()
    assert invoke("service", "install", "--vault", vault).exit_code == 2  # no vault to watch


def test_two_vaults_get_two_services(
    home: Path, stubs: Stubs, on: OnPlatform, tmp_path: Path, invoke: Invoke
) -> None:
    on("linux")
    vaults = [tmp_path / "work" / "notes", tmp_path / "home-notes" / "notes"]
    for vault in vaults:
        vault.mkdir(parents=True)
        assert invoke("service", "install", "--vault", vault).exit_code == 0
    units = sorted((home / ".config" / "systemd" / "user").iterdir())
    assert [u.name for u in units] == sorted(unit_name(v) for v in vaults)
    assert all(u.name.startswith("vaultrel-notes-") for u in units)
    for vault in vaults:
        assert f"--vault {vault}\n" in unit_file(home, vault).read_text(encoding="utf-8")

    assert invoke("service", "remove", "--vault", vaults[0]).exit_code == 0
    assert [u.name for u in (home / ".config" / "systemd" / "user").iterdir()] == [
        unit_name(vaults[1])
    ]


def test_vault_paths_with_spaces_and_other_letters(
    home: Path, stubs: Stubs, on: OnPlatform, tmp_path: Path, invoke: Invoke
) -> None:
    on("linux")
    vault = tmp_path / "Zoë's notes 100% $HOME"
    vault.mkdir()
    assert invoke("service", "install", "--vault", vault).exit_code == 0
    unit = unit_name(vault)
    assert unit.startswith("vaultrel-Zo\\xc3\\xab\\x27s\\x20notes\\x20100\\x25\\x20\\x24HOME-")
    text = unit_file(home, vault).read_text(encoding="utf-8")
    assert f'--vault "{tmp_path}/Zoë\'s notes 100%% $$HOME"\n' in text


SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize("folder", ["notes", "Zoë's notes 100% $HOME", 'a "quoted" \\ name'])
def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path, folder: str) -> None:
    # `verify --user` needs a running user session; the system mode checks the same syntax,
    # and that ExecStart's first word, once unquoted, names an executable file: here a
    # link to this Python under a name with spaces and other letters.
    python = tmp_path / "py thön 100%" / "python"
    python.parent.mkdir()
    python.symlink_to(sys.executable)
    vault = tmp_path / folder
    unit = tmp_path / "units" / unit_name(vault)
    unit.parent.mkdir()
    unit.write_text(service.unit_text(str(python), vault), encoding="utf-8")
    done = subprocess.run(
        [str(SYSTEMD_ANALYZE), "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_macos_install_status_remove(
    home: Path, stubs: Stubs, on: OnPlatform, tmp_path: Path, invoke: Invoke
) -> None:
    on("macos")
    vault = tmp_path / "My Notes Zoë"
    vault.mkdir()
    label = service.label(vault)
    target = f"gui/{os.getuid()}/{label}"
    stubs.answer("launchctl print", 113, err=f'Could not find service "{label}"\n')

    installed = invoke("service", "install", "--vault", vault)
    assert installed.exit_code == 0, installed.stderr
    path = plist_file(home, vault)
    with path.open("rb") as file:
        agent = plistlib.load(file)
    log = home / "Library" / "Logs" / "vaultrel" / f"{service.service_name(vault)}.log"
    assert agent == {
        "Label": label,
        "ProgramArguments": [sys.executable, "-m", "vaultrel", "watch", "--vault", str(vault)],
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ProcessType": "Background",
        "StandardOutPath": str(log),
        "StandardErrorPath": str(log),
    }
    assert log.parent.is_dir()
    assert stubs.calls() == [
        ["launchctl", "print", target],
        ["launchctl", "enable", target],
        ["launchctl", "bootstrap", f"gui/{os.getuid()}", str(path)],
    ]

    stubs.answer(
        "launchctl print",
        out=f"{target} = {{\n\tactive count = 1\n\tstate = running\n\tpid = 4242\n"
        "\tevent triggers = {\n\t\tstate = active\n\t}\n}\n",
    )
    stubs.answer("ps -o lstart= -p 4242", out="Sat Dec  5 13:00:00 2026\n")
    log.write_text("".join(f"line {n}\n" for n in range(1, 13)), encoding="utf-8")
    status = invoke("service", "status", "--vault", vault)
    assert status.exit_code == 0
    lines = status.stdout.splitlines()
    assert lines[0] == f"running since Sat Dec  5 13:00:00 2026: {label}"
    assert lines[-10:] == [f"  line {n}" for n in range(3, 13)]
    stubs.calls()

    kept = invoke("service", "install", "--vault", vault)
    assert kept.stdout.startswith("kept")
    assert stubs.calls() == [["launchctl", "print", target]]

    removed = invoke("service", "remove", "--vault", vault)
    assert removed.exit_code == 0
    assert not path.exists() and log.exists()
    assert stubs.calls() == [["launchctl", "print", target], ["launchctl", "bootout", target]]
    assert invoke("service", "status", "--vault", vault).exit_code == 1


@pytest.mark.parametrize("platform", ["other", "linux"])
def test_without_a_supported_manager_it_prints_the_command_to_run(
    platform: service.Platform,
    home: Path,
    stubs: Stubs,
    on: OnPlatform,
    tmp_path: Path,
    invoke: Invoke,
) -> None:
    on(platform)
    (stubs.folder / "systemctl").unlink()  # Linux without systemd
    vault = tmp_path / "my notes"
    vault.mkdir()
    for command in ("install", "status", "remove"):
        outcome = invoke("service", command, "--vault", vault)
        assert outcome.exit_code == 2
        assert "[E_SERVICE_UNSUPPORTED]" in outcome.stderr
        assert outcome.stderr.rstrip().endswith(
            f"{sys.executable} -m vaultrel watch --vault '{vault}'"
        )
    assert not (home / ".config").exists() and stubs.calls() == []
