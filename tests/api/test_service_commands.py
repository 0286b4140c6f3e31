"""The `serve --demo`, `db upgrade` and `audit verify` subcommands, called directly."""

from __future__ import annotations

import argparse

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


def test_register_adds_the_subcommands():
    args = parse(["serve"])
    assert (args.host, args.port, args.demo) == ("127.0.0.1", 8000, False)
    assert args.func is commands.cmd_serve
    assert parse(["serve", "--demo", "--port", "9000"]).port == 9000
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
