"""`vaultrel git setup`: a real repository, two branches that both ran vaultrel, one merge."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeVault

ADA = """---
type: person
cadence: 30d
---
Ada runs the analytics team.

Likes long walks.
"""


def conversation(date: str, summary: str) -> str:
    return f'---\ndate: {date}\nwith: ["[[Ada]]"]\nchannel: call\nsummary: {summary}\n---\nNotes.\n'


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A git that reads no user or system configuration and commits as a test user."""
    for key, value in {
        "HOME": str(tmp_path / "home"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }.items():
        monkeypatch.setenv(key, value)
    return dict(os.environ)


def run(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=root, capture_output=True, text=True, check=check)


def vaultrel(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run(root, sys.executable, "-m", "vaultrel", *args, "--vault", str(root), check=check)


def commit_all(root: Path, message: str) -> None:
    run(root, "git", "add", "-A")
    run(root, "git", "commit", "-q", "-m", message)


def two_branches(root: Path) -> None:
    """main: Ada and one conversation, indexed. `a` and `b` each add a conversation and an
    edit of Ada's note (a property on one, the body on the other) and run `vaultrel index`."""
    commit_all(root, "base")
    run(root, "git", "checkout", "-q", "-b", "a")
    (root / "conversations/2026-03-01 Ada.md").write_text(conversation("2026-03-01", "roadmap"))
    ada = root / "people/Ada.md"
    ada.write_text(ada.read_text().replace("cadence: 30d\n", "cadence: 30d\nbirthday: --12-10\n"))
    vaultrel(root, "index")
    commit_all(root, "a")
    run(root, "git", "checkout", "-q", "main")
    run(root, "git", "checkout", "-q", "-b", "b")
    (root / "conversations/2026-04-01 Ada.md").write_text(conversation("2026-04-01", "hiring"))
    ada.write_text(ada.read_text().replace("Likes long walks.", "Likes long walks and chess."))
    vaultrel(root, "index")
    commit_all(root, "b")
    run(root, "git", "checkout", "-q", "a")


@pytest.fixture
def repo(make_vault: MakeVault, git_env: dict[str, str]) -> Path:
    root = make_vault(
        {
            "people/Ada.md": ADA,
            "conversations/2026-01-10 Ada.md": conversation("2026-01-10", "first chat"),
        }
    )
    run(root, "git", "init", "-q", "-b", "main")
    vaultrel(root, "index")
    return root


def test_two_branches_merge_without_conflict_and_the_summary_is_right(repo: Path) -> None:
    setup = vaultrel(repo, "git", "setup")
    assert f"{sys.executable} -m vaultrel index" in setup.stdout
    two_branches(repo)
    merge = run(repo, "git", "merge", "-q", "--no-edit", "b", check=False)
    assert merge.returncode == 0, merge.stdout + merge.stderr
    text = (repo / "people/Ada.md").read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    assert "birthday: --12-10\n" in text and "Likes long walks and chess." in text
    # the post-merge hook indexed the merged vault: both branches' conversations count
    assert "last_spoke: 2026-04-01\n" in text and "next_owed: 2026-05-01\n" in text
    assert "[[2026-03-01 Ada]]" in text and "[[2026-04-01 Ada]]" in text
    assert vaultrel(repo, "index", "--check", check=False).returncode == 0
    assert "vaultrel:" not in vaultrel(repo, "check", check=False).stdout


def test_without_the_driver_the_same_merge_conflicts(repo: Path) -> None:
    two_branches(repo)
    merge = run(repo, "git", "merge", "-q", "--no-edit", "b", check=False)
    assert merge.returncode != 0 and "CONFLICT" in merge.stdout


def test_setup_writes_attributes_ignore_and_hooks_once(repo: Path) -> None:
    first = vaultrel(repo, "git", "setup", "--pre-commit").stdout
    assert "added to .gitattributes" in first and "set     pre-commit hook" in first
    assert (repo / ".gitattributes").read_text() == "*.md merge=vaultrel\n"
    assert (repo / ".gitignore").read_text() == ".vaultrel/\n.vaultrel-*.tmp\n"
    driver = run(repo, "git", "config", "merge.vaultrel.driver").stdout
    assert driver.startswith(f"{sys.executable} -m vaultrel git merge-driver --vault ")
    hook = (repo / ".git/hooks/post-merge").read_text()
    assert hook.startswith("#!/bin/sh\n") and os.access(repo / ".git/hooks/post-merge", os.X_OK)
    again = vaultrel(repo, "git", "setup", "--pre-commit").stdout
    assert "set " not in again and again.count("kept") == 6


def test_a_hook_of_the_users_is_kept(repo: Path) -> None:
    hook = repo / ".git/hooks/post-merge"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho mine\n")
    out = vaultrel(repo, "git", "setup").stdout
    assert "kept    post-merge hook (yours): add the line" in out
    assert hook.read_text() == "#!/bin/sh\necho mine\n"


def test_the_pre_commit_hook_stops_a_commit_of_a_stale_note(repo: Path) -> None:
    vaultrel(repo, "git", "setup", "--pre-commit")
    commit_all(repo, "base")
    (repo / "conversations/2026-02-01 Ada.md").write_text(conversation("2026-02-01", "later"))
    run(repo, "git", "add", "-A")
    refused = run(repo, "git", "commit", "-q", "-m", "stale", check=False)
    assert refused.returncode != 0
    vaultrel(repo, "index")
    commit_all(repo, "indexed")


def test_outside_a_repository_setup_says_so(make_vault: MakeVault, git_env: dict[str, str]) -> None:
    root = make_vault({"people/Ada.md": ADA})
    outcome = vaultrel(root, "git", "setup", check=False)
    assert outcome.returncode == 2 and "[E_GIT]" in outcome.stderr
