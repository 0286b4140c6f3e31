"""The `serve --demo`, `db upgrade` and `audit verify` subcommands, called directly; and
`charter serve --demo` run for real, as `make run` runs it."""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import update

from api import commands, create_app
from charter_engine.store import Database
from charter_engine.store.models import AuditEntry


def parse(argv):
    parser = argparse.ArgumentParser(prog="charter")
    sub = parser.add_subparsers(dest="command", required=True)
    commands.register(sub)
    return parser.parse_args(argv)


def test_register_adds_the_subcommands(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    args = parse(["serve"])
    assert (args.host, commands.serve_port(args), args.demo) == ("127.0.0.1", 8000, False)
    assert args.func is commands.cmd_serve
    assert commands.serve_port(parse(["serve", "--demo", "--port", "9000"])) == 9000
    assert parse(["db", "upgrade"]).func is commands.cmd_db_upgrade
    assert parse(["audit", "verify"]).func is commands.cmd_audit_verify
    assert parse(["db"]).func(None) == 2  # no sub-subcommand: usage, exit 2


def test_db_upgrade_then_app_starts(tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path}/fresh.sqlite3"
    monkeypatch.setenv("CHARTER_DATABASE_URL", url)
    assert commands.cmd_db_upgrade(parse(["db", "upgrade"])) == 0
    assert "at revision" in capsys.readouterr().out
    assert commands.cmd_db_upgrade(parse(["db", "upgrade"])) == 0  # idempotent
    create_app({"CHARTER_DATABASE_URL": url}).extensions["charter.db"].dispose()


def test_db_upgrade_reports_failure(capsys):
    args = parse(["db", "upgrade", "--database-url", "postgresql://nobody@127.0.0.1:1/x"])
    assert commands.cmd_db_upgrade(args) == 1
    assert "charter db upgrade" in capsys.readouterr().err


def test_demo_setup_and_audit_verify(db_url, capsys):
    app = create_app({"CHARTER_DATABASE_URL": db_url, "CHARTER_OPERATOR_TOKEN": "op"})
    tokens = commands.demo_setup(app, "op")
    charters = sorted(commands.CHARTERS_DIR.glob("*.charter"))
    assert len(tokens) == len(charters) > 0
    client = app.test_client()
    for org, token in tokens.items():
        r = client.get(
            f"/v1/organisations/{org}/members", headers={"Authorization": f"Bearer {token}"}
        )
        assert r.status_code == 200 and r.get_json()["members"], org
        r = client.get(
            f"/v1/organisations/{org}/charter", headers={"Authorization": f"Bearer {token}"}
        )
        assert r.status_code == 200, (org, r.get_json())
    again = commands.demo_setup(app, "op")  # idempotent: new admin tokens, nothing duplicated
    assert set(again) == set(tokens)
    app.extensions["charter.db"].dispose()

    args = parse(["audit", "verify", "--database-url", db_url])
    assert commands.cmd_audit_verify(args) == 0
    assert "audit log intact" in capsys.readouterr().out

    db = Database(db_url)
    with db.write() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor="mallory"))
    db.dispose()
    assert commands.cmd_audit_verify(args) == 1
    assert "altered" in capsys.readouterr().err


def test_serve_refuses_an_unmigrated_database(tmp_path, capsys):
    args = parse(["serve", "--database-url", f"sqlite:///{tmp_path}/none.sqlite3"])
    assert commands.cmd_serve(args) == 1
    assert "charter db upgrade" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["serve", "--port", "x"], ["audit", "nope"]])
def test_bad_arguments(argv):
    with pytest.raises(SystemExit):
        parse(argv)


def test_serve_port_comes_from_the_option_then_port(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    assert commands.serve_port(parse(["serve"])) == 8123
    assert commands.serve_port(parse(["serve", "--port", "9000"])) == 9000  # the option wins
    monkeypatch.setenv("PORT", "")
    assert commands.serve_port(parse(["serve"])) == 8000
    for bad in ("http", "70000"):
        monkeypatch.setenv("PORT", bad)
        with pytest.raises(ValueError, match="port"):
            commands.serve_port(parse(["serve"]))


def test_serve_refuses_a_bad_port_variable(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PORT", "eighty")
    args = parse(["serve", "--database-url", f"sqlite:///{tmp_path}/none.sqlite3"])
    assert commands.cmd_serve(args) == 2
    assert "PORT='eighty' is not a port number" in capsys.readouterr().err


# --- `charter serve --demo` in a process of its own -------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
RULE = "=" * 72


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _charter_command() -> list[str]:
    """The installed `charter` command next to this interpreter, else the module."""
    script = Path(sys.executable).with_name("charter")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "charter_engine.cli"]


class Served:
    """`charter serve ARGS` in a subprocess; stdout is read line by line as it comes."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]):
        self.stderr = open(cwd / "stderr.txt", "w+", encoding="utf-8")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [*_charter_command(), "serve", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            encoding="utf-8",
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for_banner(self, timeout: float = 90) -> list[str]:
        """stdout up to the end of the token block (the second rule line)."""
        deadline = time.monotonic() + timeout
        while sum(line == RULE for line in self.lines) < 2:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no token block within {timeout}s; stdout so far: {self.lines}")
            if line is None:
                self.stderr.seek(0)
                pytest.fail(
                    f"charter serve exited ({self.proc.wait()}): {self.lines}\n{self.stderr.read()}"
                )
            self.lines.append(line)
        return self.lines

    def later(self, wait: float = 0.5) -> tuple[list[str], str]:
        """The stdout lines printed since, and the whole stderr so far."""
        time.sleep(wait)
        out = []
        while not self._queue.empty():
            line = self._queue.get()
            if line is not None:
                out.append(line)
        self.stderr.flush()
        return out, Path(self.stderr.name).read_text("utf-8")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.stderr.close()


def _get(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


@pytest.mark.parametrize("how", ["--port", "PORT"])
def test_serve_demo_prints_the_tokens_once_listening(tmp_path, how):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CHARTER_OPERATOR_TOKEN", "PORT")}
    env["CHARTER_DATABASE_URL"] = f"sqlite:///{tmp_path}/demo.sqlite3"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    args = ["--demo"]
    if how == "--port":
        args += ["--port", str(port)]
    else:
        env["PORT"] = str(port)
    served = Served(args, tmp_path, env)
    try:
        lines = served.wait_for_banner()
        base = f"http://127.0.0.1:{port}"

        # the start-up line first, then the block, which ends stdout: nothing buries it
        listening = [i for i, line in enumerate(lines) if "listening on" in line]
        assert listening and lines[listening[0]].startswith(f"charter serve: listening on {base}")
        start = lines.index(RULE)
        assert listening[0] < start and lines[-1] == RULE
        block = lines[start:]
        assert f"Demo service ready at {base}" in block

        (operator,) = [
            m.group(1) for m in map(re.compile(r"Operator token:\s+(\S+)$").match, block) if m
        ]
        admin = dict(
            m.groups() for m in map(re.compile(r"\s+([a-z0-9-]+)\s+(chtk_\S+)$").match, block) if m
        )
        orgs = {p.stem.replace("_", "-") for p in commands.CHARTERS_DIR.glob("*.charter")}
        assert set(admin) == orgs
        assert f'  curl -H "Authorization: Bearer {operator}" {base}/v1/organisations' in block

        # the printed tokens work against the printed URL
        for org, token in admin.items():
            status, body = _get(f"{base}/v1/organisations/{org}", token)
            assert status == 200 and body["id"] == org, (org, body)
        status, body = _get(f"{base}/v1/organisations", operator)
        assert status == 200 and orgs <= {o["id"] for o in body["organisations"]}

        # the access log goes to stderr: stdout still ends with the block
        after, stderr = served.later()
        assert not any(after), after
        assert f"GET /v1/organisations/{org}" in stderr
        assert "chtk_" not in stderr and operator not in stderr  # no secret in the log
    finally:
        served.stop()
