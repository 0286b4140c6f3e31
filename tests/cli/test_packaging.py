"""The packaging, for real: `pip install charter-engine` is the library and the `charter` command;
the `service` extra adds the HTTP service's packages. A wheel is built once for the module (a few
seconds) and its metadata read; and a fresh interpreter without the service's packages runs the
library and the language tools, and `charter serve` says how to install the service."""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CORE = {"lark", "pydantic", "pyyaml", "numpy"}
SERVICE = {"flask", "sqlalchemy", "alembic", "psycopg", "gunicorn", "jsonschema"}


def _name(requirement: str) -> str:
    """The normalised project name of a requirement (`PyYAML>=6` -> `pyyaml`)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def _source_files() -> list[str]:
    """The checkout's files (tracked, and new ones not ignored), relative to ROOT."""
    if shutil.which("git"):
        result = subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            check=False,
        )
        if result.returncode == 0:
            return sorted({n for n in result.stdout.decode("utf-8").split("\0") if n})
    skip = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache", "instance"}
    return sorted(
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*")
        if not p.is_dir() and not (set(p.relative_to(ROOT).parts) & skip)
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built by pip from a copy of the checkout (so that the build leaves nothing in the
    working tree); symbolic links are copied as links, as a fresh clone has them."""
    src = tmp_path_factory.mktemp("src")
    for name in _source_files():
        origin, copy = ROOT / name, src / name
        if not origin.is_symlink() and not origin.is_file():
            continue  # deleted in the working tree
        copy.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_symlink():
            copy.symlink_to(os.readlink(origin))
        else:
            shutil.copy2(origin, copy)
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(src)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = dist.glob("charter_engine-*.whl")
    return built


@pytest.fixture(scope="module")
def metadata(wheel):
    with zipfile.ZipFile(wheel) as z:
        (name,) = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(z.read(name).decode("utf-8"))


def _requirements(metadata) -> dict[str | None, set[str]]:
    """{None: core requirement names, extra: that extra's requirement names}."""
    out: dict[str | None, set[str]] = {}
    for line in metadata.get_all("Requires-Dist") or []:
        requirement, _, marker = line.partition(";")
        extra = re.search(r"""extra\s*==\s*["']([^"']+)["']""", marker)
        if marker.strip():
            assert extra, f"a marker that is not an extra: {line}"
        out.setdefault(extra.group(1) if extra else None, set()).add(_name(requirement))
    return out


def test_core_requirements_are_the_library_s_only(metadata):
    assert _requirements(metadata)[None] == CORE


def test_the_service_packages_are_in_the_service_extra_only(metadata):
    requires = _requirements(metadata)
    assert {"service", "dev"} <= set(metadata.get_all("Provides-Extra"))
    assert requires["service"] == SERVICE
    # dev (what `make test` installs) has the service by self-reference, not by copy
    assert "charter-engine" in requires["dev"]
    assert any(
        re.match(r"charter-engine\[service\]\s*;", line)
        for line in metadata.get_all("Requires-Dist")
    )
    assert not requires["dev"] & SERVICE
    for extra, names in requires.items():
        if extra != "service":
            assert not names & SERVICE, (extra, names & SERVICE)


def test_the_wheel_has_the_command_the_grammar_and_the_service(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert re.search(
            r"^charter\s*=\s*charter_engine\.cli:main$", z.read(entry_points).decode(), re.M
        )
        # charter_engine/syntax/charter.lark links to grammar/charter.lark in the source tree:
        # the wheel must hold the grammar's text, not a link
        info = z.getinfo("charter_engine/syntax/charter.lark")
        assert (info.external_attr >> 16) & 0o170000 != 0o120000, "stored as a symbolic link"
        grammar = (ROOT / "grammar" / "charter.lark").read_bytes()
        assert z.read(info) == grammar
        # the service's code ships in the one wheel: the extra only adds its dependencies
        assert {"api/__init__.py", "api/commands.py", "charter_engine/store/__init__.py"} <= names
        assert any(n.startswith("api/schemas/") and n.endswith(".json") for n in names)
        assert any(n.startswith("charter_engine/store/migrations/versions/") for n in names)


# The service extra's packages, and Werkzeug that comes with Flask.
BLOCKED = ("flask", "werkzeug", "sqlalchemy", "alembic", "psycopg", "gunicorn", "jsonschema")

# Run by a fresh interpreter in the checkout; prints what the tests below read.
WITHOUT_SERVICE = """
import contextlib, io, sys

class Block:  # as if the service extra were not installed
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Block())

import charter_engine
from charter_engine.cli import main

charter = charter_engine.load("charters/action_commune.charter")
case = {
    "members": [{"id": "ondine", "bodies": ["council"]}, {"id": "thomas", "bodies": ["council"]}],
    "proposal": {"subject": "strategy", "body": "council"},
    "ballots": [{"voter": "ondine", "choice": "for"}, {"voter": "thomas", "choice": "for"}],
}
print("outcome", charter.evaluate(case).outcome)

with contextlib.redirect_stdout(io.StringIO()):
    assert main(["check", "charters/anis.charter"]) == 0
    assert main(["show", "charters/anis.charter"]) == 0
    assert main(["fmt", "--check", "charters/anis.charter"]) == 0
    assert main(["test", "charters/anis.scenarios.yaml"]) == 0
    assert main(["eval", "charters/action_commune.charter", CASE]) == 0

for argv in (["serve"], ["serve", "--demo", "--port", "9000"], ["db", "upgrade"],
             ["audit", "verify"], ["serve", "--help"]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv)
    print("exit", " ".join(argv), code)
    print("stderr", err.getvalue().strip())

out = io.StringIO()
with contextlib.redirect_stdout(out):
    assert main(["--help"]) == 0
print("help", out.getvalue().replace("\\n", " | "))

loaded = sorted(
    m for m in sys.modules
    if m.partition(".")[0] in BLOCKED or m == "api" or m.startswith(("api.", "charter_engine.store"))
)
print("loaded", loaded)
"""


@pytest.fixture(scope="module")
def without_service(tmp_path_factory) -> list[str]:
    case = tmp_path_factory.mktemp("case") / "case.yaml"
    case.write_text(
        "members: [{id: ondine, bodies: [council]}, {id: thomas, bodies: [council]}]\n"
        "proposal: {subject: strategy, body: council}\n"
        "ballots: [{voter: ondine, choice: for}, {voter: thomas, choice: for}]\n",
        "utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-c", f"BLOCKED = {BLOCKED!r}\nCASE = {str(case)!r}\n" + WITHOUT_SERVICE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout.splitlines()


def test_the_library_and_the_language_tools_run_without_the_service(without_service):
    assert "outcome adopted" in without_service
    # nothing the library or check/fmt/show/test imports reaches the service's layers
    assert "loaded []" in without_service, without_service


HINT = (
    "error: the HTTP service is not installed; "
    "install it with: pip install 'charter-engine[service]'"
)


@pytest.mark.parametrize(
    "argv", ["serve", "serve --demo --port 9000", "db upgrade", "audit verify", "serve --help"]
)
def test_a_service_command_without_the_service_says_how_to_install_it(without_service, argv):
    index = without_service.index(f"exit {argv} 2")  # usage error, no traceback
    assert without_service[index + 1] == f"stderr {HINT}"


def test_help_lists_the_service_commands_without_the_service(without_service):
    (line,) = [line for line in without_service if line.startswith("help ")]
    for command in ("serve", "db", "audit"):
        assert re.search(rf"\| +{command} +[^|]*\(needs the service extra\)", line), line
    assert "check" in line and "fmt" in line
