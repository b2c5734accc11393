"""`vaultrel service`: keep `vaultrel watch` running for one vault under the user's service
manager — a systemd user unit on Linux, a launchd agent on macOS.

The unit and plist texts are pure functions of the interpreter and the vault (`unit_text`,
`plist_bytes`); `install`, `remove` and `status` write them, run `systemctl` / `launchctl`, and
return the lines to print with the exit code. `platform` is the one place that decides which
manager applies.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vaultrel.adapters import fs
from vaultrel.errors import Problem, UsageError, VaultrelError

Platform = Literal["linux", "macos", "other"]
LABEL_PREFIX = "org.vaultrel.watch"
LOG_LINES = 10


@dataclass(frozen=True, slots=True)
class Report:
    """What a service command did or found, one line each, and the exit code it ends with."""

    lines: list[str]
    code: int = 0


_Step = Callable[[Path, str], Report]


def platform() -> Platform:
    """Which service manager to talk to (tests replace this function)."""
    if sys.platform.startswith("linux"):
        return "linux"
    return "macos" if sys.platform == "darwin" else "other"


# --- The texts: pure -------------------------------------------------------------------------


def service_name(vault: Path) -> str:
    """`<folder>-<hash>`: the vault folder's name (escaped as systemd escapes unit names, cut
    to 32 characters) and 8 hex digits of the SHA-256 of its absolute path, so two vaults
    named alike still get two services."""
    digest = hashlib.sha256(os.fsencode(vault)).hexdigest()[:8]
    return f"{_escape_name(vault.name[:32])}-{digest}"


def unit_name(vault: Path) -> str:
    return f"vaultrel-{service_name(vault)}.service"


def label(vault: Path) -> str:
    return f"{LABEL_PREFIX}.{service_name(vault)}"


def watch_argv(python: str, vault: Path) -> list[str]:
    return [python, "-m", "vaultrel", "watch", "--vault", str(vault)]


def watch_command(python: str, vault: Path) -> str:
    """The command line to run by hand, quoted for this system's shell."""
    argv = watch_argv(python, vault)
    return subprocess.list2cmdline(argv) if sys.platform == "win32" else shlex.join(argv)


def unit_text(python: str, vault: Path) -> str:
    """The systemd user unit running `vaultrel watch` on `vault` (its output goes to the
    journal)."""
    command = " ".join(_systemd_word(word) for word in watch_argv(python, vault))
    return (
        "# Written by `vaultrel service install`; `vaultrel service remove` deletes it.\n"
        "[Unit]\n"
        f"Description=vaultrel watch {_systemd_word(str(vault))}\n"
        "\n"
        "[Service]\n"
        f"ExecStart={command}\n"
        # `systemctl --user reload` re-reads vaultrel.toml: watch takes SIGHUP for that
        "ExecReload=/bin/kill -HUP $MAINPID\n"
        "Restart=on-failure\n"
        "RestartSec=5\n"
        "StandardOutput=journal\n"
        "StandardError=journal\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def plist_bytes(python: str, vault: Path, log: Path) -> bytes:
    """The launchd agent running `vaultrel watch` on `vault`, started at log-in and again
    whenever it fails, its output appended to `log`."""
    agent = {
        "Label": label(vault),
        "ProgramArguments": watch_argv(python, vault),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ProcessType": "Background",
        "StandardOutPath": str(log),
        "StandardErrorPath": str(log),
    }
    return plistlib.dumps(agent)


def _escape_name(text: str) -> str:
    """As `systemd-escape` does (each byte outside [A-Za-z0-9_.] as `\\xNN`), but keeping `-`,
    which means nothing in a service's name."""
    return "".join(
        char
        if char.isascii() and (char.isalnum() or char in "_.-")
        else "".join(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogateescape"))
        for char in text
    )


def _systemd_word(word: str) -> str:
    """One word of a systemd command line: `%` (specifiers) and `$` (variables) doubled, and
    anything but plain path characters in double quotes with C escapes."""
    word = word.replace("%", "%%").replace("$", "$$")
    if word and all(char.isascii() and (char.isalnum() or char in "/._-+=:,@") for char in word):
        return word
    quoted = "".join(
        "\\" + char
        if char in '\\"'
        else f"\\x{ord(char) - 0xDC00:02x}"  # a byte of a non-UTF-8 file name
        if 0xDC80 <= ord(char) <= 0xDCFF
        else f"\\x{ord(char):02x}"
        if ord(char) < 0x20 or ord(char) == 0x7F
        else char
        for char in word
    )
    return f'"{quoted}"'


# --- Running them ----------------------------------------------------------------------------


def install(vault: Path, python: str) -> Report:
    """Write the service for `vault` (unless the same one is there) and start it."""
    return _by_platform(vault, python, _systemd_install, _launchd_install)


def remove(vault: Path, python: str) -> Report:
    """Stop the service for `vault` and delete it; an error when none is installed."""
    return _by_platform(vault, python, _systemd_remove, _launchd_remove)


def status(vault: Path, python: str) -> Report:
    """Whether the service for `vault` is installed and running, and its last log lines;
    code 0 only when it runs."""
    return _by_platform(vault, python, _systemd_status, _launchd_status)


def _by_platform(vault: Path, python: str, on_linux: _Step, on_macos: _Step) -> Report:
    where = platform()
    if where == "linux" and shutil.which("systemctl") is None:
        raise _unsupported(vault, python, "Linux without systemd")
    if where == "linux":
        return on_linux(vault, python)
    if where == "macos":
        return on_macos(vault, python)
    raise _unsupported(vault, python, sys.platform)


def _unsupported(vault: Path, python: str, system: str) -> UsageError:
    return UsageError(
        Problem(
            str(vault),
            None,
            "E_SERVICE_UNSUPPORTED",
            f"vaultrel installs services for systemd and launchd only, not on {system}",
            "keep this command running with your system's own means (a log-in item, "
            f"Task Scheduler, a process supervisor): {watch_command(python, vault)}",
        )
    )


def _not_installed(path: Path, vault: Path) -> VaultrelError:
    return VaultrelError(
        Problem(
            str(path),
            None,
            "E_SERVICE_NONE",
            "no vaultrel service is installed for this vault",
            f"nothing to remove (install one with `vaultrel service install --vault "
            f"{shlex.quote(str(vault))}`)",
        )
    )


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            argv, capture_output=True, text=True, encoding="utf-8", errors="replace", check=False
        )
    except OSError as exc:
        return subprocess.CompletedProcess(argv, 127, "", str(exc))


def _why(done: subprocess.CompletedProcess[str]) -> str:
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit code {done.returncode}"


def _write_if_changed(path: Path, data: bytes) -> bool | None:
    """Write `data` to `path` unless it holds it: None when kept, False when new, True when
    an older version was replaced."""
    try:
        before = path.read_bytes()
    except FileNotFoundError:
        before = None
    if before == data:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    fs.replace_file(path, data)
    return before is not None


def _status_not_installed(path: Path, vault: Path) -> Report:
    again = f"vaultrel service install --vault {shlex.quote(str(vault))}"
    return Report([f"not installed: no {path}", f"install it with: {again}"], 1)


def _tail(lines: list[str], source: str) -> list[str]:
    if not lines:
        return [f"no log lines yet ({source})"]
    return [f"last log lines ({source}):", *(f"  {line}" for line in lines[-LOG_LINES:])]


# --- systemd (Linux) -------------------------------------------------------------------------


def _unit_path(vault: Path) -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config, "systemd", "user", unit_name(vault))


def _systemd_install(vault: Path, python: str) -> Report:
    unit, path = unit_name(vault), _unit_path(vault)
    replaced = _write_if_changed(path, unit_text(python, vault).encode("utf-8"))
    lines = [f"{'kept   ' if replaced is None else 'wrote  '} {path}"]
    steps = [] if replaced is None else [["daemon-reload"]]
    steps += [["enable", unit], ["restart", unit]] if replaced else [["enable", "--now", unit]]
    for step in steps:
        done = _run("systemctl", "--user", *step)
        if done.returncode != 0:
            return Report(
                [
                    *lines,
                    f"not started: `systemctl --user {shlex.join(step)}` failed "
                    f"({_why(done)}): no systemd user manager runs for you here.",
                    "Once one runs (log in to a desktop session, or on a server run "
                    f"`loginctl enable-linger {shlex.quote(getpass.getuser())}`), start it with:",
                    f"  systemctl --user enable --now {shlex.quote(unit)}",
                ]
            )
        lines.append(f"ran     systemctl --user {shlex.join(step)}")
    lines.append(f"started; its log: journalctl --user -u {shlex.quote(unit)}")
    return Report(lines + _linger_advice())


def _linger_advice() -> list[str]:
    """How to keep the user's services running after log-out, unless they already are."""
    user = getpass.getuser()
    done = _run("loginctl", "show-user", user, "--property=Linger", "--value")
    if done.returncode == 0 and done.stdout.strip() == "yes":
        return []
    return [
        "It runs while you are logged in. On a server (no desktop session), keep it running "
        f"after you log out and start it at boot with: loginctl enable-linger {shlex.quote(user)}"
    ]


def _systemd_remove(vault: Path, python: str) -> Report:
    unit, path = unit_name(vault), _unit_path(vault)
    if not path.exists():
        raise _not_installed(path, vault)
    done = _run("systemctl", "--user", "disable", "--now", unit)
    lines = [
        f"stopped and disabled {unit}"
        if done.returncode == 0
        else f"not stopped: `systemctl --user disable --now {shlex.quote(unit)}` failed "
        f"({_why(done)})"
    ]
    path.unlink()
    lines.append(f"removed {path}")
    if done.returncode == 0:
        _run("systemctl", "--user", "daemon-reload")
        lines.append("ran     systemctl --user daemon-reload")
    return Report(lines)


def _systemd_status(vault: Path, python: str) -> Report:
    unit, path = unit_name(vault), _unit_path(vault)
    if not path.exists():
        return _status_not_installed(path, vault)
    done = _run(
        "systemctl",
        "--user",
        "show",
        unit,
        "--property=ActiveState,SubState,ActiveEnterTimestamp,UnitFileState",
    )
    props = dict(line.partition("=")[::2] for line in done.stdout.splitlines())
    running = done.returncode == 0 and props.get("ActiveState") == "active"
    if running:
        head = f"running since {props.get('ActiveEnterTimestamp') or '?'}: {unit}"
    elif done.returncode != 0:
        head = f"installed, not running (no systemd user manager answers: {_why(done)}): {unit}"
    else:
        state = f"{props.get('ActiveState')}, {props.get('SubState')}"
        head = f"installed, not running ({state}; {props.get('UnitFileState')}): {unit}"
    lines = [head, f"unit file: {path}"]
    command = ["journalctl", "--user", "-u", unit, "-n", str(LOG_LINES), "--no-pager"]
    log = _run(*command)
    lines += _tail(log.stdout.splitlines() if log.returncode == 0 else [], shlex.join(command))
    return Report(lines, 0 if running else 1)


# --- launchd (macOS) -------------------------------------------------------------------------


def _plist_path(vault: Path) -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{label(vault)}.plist"


def _log_path(vault: Path) -> Path:
    return Path.home() / "Library" / "Logs" / "vaultrel" / f"{service_name(vault)}.log"


def _domain() -> str:
    return f"gui/{os.getuid()}"


def _launchd_install(vault: Path, python: str) -> Report:
    path, log, target = _plist_path(vault), _log_path(vault), f"{_domain()}/{label(vault)}"
    replaced = _write_if_changed(path, plist_bytes(python, vault, log))
    log.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{'kept   ' if replaced is None else 'wrote  '} {path}"]
    loaded = _run("launchctl", "print", target).returncode == 0
    steps = [["bootout", target]] if loaded and replaced else []
    if replaced is not None or not loaded:
        steps += [["enable", target], ["bootstrap", _domain(), str(path)]]
    for step in steps:
        done = _run("launchctl", *step)
        if done.returncode != 0:
            return Report(
                [
                    *lines,
                    f"not started: `launchctl {shlex.join(step)}` failed ({_why(done)}).",
                    "Start it from a log-in session on this Mac with:",
                    f"  launchctl bootstrap {_domain()} {shlex.quote(str(path))}",
                ]
            )
        lines.append(f"ran     launchctl {shlex.join(step)}")
    lines.append(f"started; its log: {log}")
    return Report(lines)


def _launchd_remove(vault: Path, python: str) -> Report:
    path, target = _plist_path(vault), f"{_domain()}/{label(vault)}"
    if not path.exists():
        raise _not_installed(path, vault)
    lines = []
    if _run("launchctl", "print", target).returncode == 0:
        done = _run("launchctl", "bootout", target)
        lines.append(
            f"stopped {target}"
            if done.returncode == 0
            else f"not stopped: `launchctl bootout {target}` failed ({_why(done)})"
        )
    path.unlink()
    lines += [f"removed {path}", f"kept    its log {_log_path(vault)}"]
    return Report(lines)


def _launchd_status(vault: Path, python: str) -> Report:
    path, log, target = _plist_path(vault), _log_path(vault), f"{_domain()}/{label(vault)}"
    if not path.exists():
        return _status_not_installed(path, vault)
    done = _run("launchctl", "print", target)
    fields: dict[str, str] = {}
    for key, sep, value in (line.partition(" = ") for line in done.stdout.splitlines()):
        if sep:  # the service's own `state` and `pid` come before nested sections' keys
            fields.setdefault(key.strip(), value.strip())
    running = done.returncode == 0 and fields.get("state") == "running"
    if running:
        started = _run("ps", "-o", "lstart=", "-p", fields.get("pid", ""))
        since = started.stdout.strip() if started.returncode == 0 else ""
        head = f"running since {since or '?'}: {label(vault)}"
    elif done.returncode != 0:
        head = f"installed, not loaded (launchctl print: {_why(done)}): {label(vault)}"
    else:
        head = f"installed, not running ({fields.get('state')}): {label(vault)}"
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        text = ""
    lines = [head, f"agent file: {path}", *_tail(text.splitlines(), str(log))]
    return Report(lines, 0 if running else 1)
