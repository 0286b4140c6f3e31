"""No tracked file names a path outside the repository: the checkout must make sense on its own,
on any machine. A reference to another file of the project is written relative to the
repository (docs/scenarios.md); a test that needs a scratch directory uses `tmp_path`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# An absolute path into a machine's own directories: a slash not preceded by a word character or
# a dot (so URLs' and relative paths' inner slashes do not count), then one of these top-level
# directories.
OUTSIDE = re.compile(r"(?<![\w.])/(work|tmp|root|home|Users)/")


def _tracked_files() -> list[Path]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    result = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=False
    )
    if result.returncode != 0:
        pytest.skip(f"not a git checkout: {result.stderr.decode(errors='replace').strip()}")
    names = [n for n in result.stdout.decode("utf-8").split("\0") if n]
    return [ROOT / n for n in names]


def _text(path: Path) -> str | None:
    """The file's text; None for a binary file (or one deleted in the working tree)."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def test_the_pattern_finds_outside_paths_only():
    s = "/"  # spelled apart, or this very file would name outside paths
    for outside in (
        f"see {s}work/shared/x.md",
        f"`{s}tmp/db.sqlite3`",
        f'"{s}home/ann/x"',
        f"({s}root/a)",
        f"sqlite:///{s}tmp/x.sqlite3",
        f"{s}Users/ann/x",
    ):
        assert OUTSIDE.search(outside), outside
    for inside in (
        "docs/scenarios.md",
        "https://example.org/work/x",
        "./tmp/x",
        "instance/work/x",
        "sqlite:///instance/charter.sqlite3",
    ):
        assert not OUTSIDE.search(inside), inside


def test_no_tracked_file_names_a_path_outside_the_repository():
    files = _tracked_files()
    assert files, "git ls-files listed nothing"
    found = []
    for path in files:
        text = _text(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "paths outside the repository:\n" + "\n".join(found)
