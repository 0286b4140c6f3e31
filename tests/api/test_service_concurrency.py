"""Concurrency and crash safety, over real HTTP.

- 16 client threads post 2,000 ballots (with replacements) to one proposal against
  PostgreSQL: every ballot is recorded exactly once or refused with a reason, and the tally
  equals what the engine computes from the stored ballots.
- A server process killed with SIGKILL during a stream of writes loses no write it had
  acknowledged.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

from apihelpers import OPERATOR, ROOT, _exercised, make_app
from werkzeug.serving import make_server

import charter_engine

COOP = (Path(__file__).parent / "data" / "test_coop.charter").read_text("utf-8")
THREADS = 16
BALLOTS = 2000
BOARD = 100  # members seated on the board (the electorate of a `budget` proposal)
OUTSIDERS = 28  # members who are not: their ballots are refused with the engine's reason


def http(base: str, method: str, path: str, body=None, token: str | None = None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


class ServerThread:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.base

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join()


def test_concurrent_ballots_on_postgresql(pg_url):
    run_concurrent_ballots(pg_url, THREADS, BALLOTS, BOARD, OUTSIDERS)


def test_concurrent_ballots_on_sqlite(tmp_path):
    """The same, smaller, on SQLite: writers queue on BEGIN IMMEDIATE, none is lost."""
    from charter_engine.store import upgrade

    url = f"sqlite:///{tmp_path}/c.sqlite3"
    upgrade(url)
    _exercised["sqlite"] = _exercised.get("sqlite", 0) + 1
    run_concurrent_ballots(url, 8, 400, 30, 6)


def run_concurrent_ballots(url, THREADS, BALLOTS, BOARD, OUTSIDERS):  # noqa: N803
    app = make_app(url)
    rng = random.Random(20261125)
    with ServerThread(app) as base:
        status, org = http(base, "POST", "/v1/organisations", {"id": "coop", "name": "C"}, OPERATOR)
        admin = org["admin_token"]["token"]
        assert (
            http(base, "POST", "/v1/organisations/coop/charters", {"source": COOP}, admin)[0] == 201
        )
        voters = [f"m{i:03d}" for i in range(BOARD + OUTSIDERS)]
        for i, v in enumerate(voters):
            member = {"id": v, "bodies": ["board"]} if i < BOARD else {"id": v}
            assert http(base, "POST", "/v1/organisations/coop/members", member, admin)[0] == 201
        status, prop = http(
            base,
            "POST",
            "/v1/organisations/coop/proposals",
            {"subject": "budget", "closes": "2999-01-01T00:00:00Z"},
            admin,
        )
        assert status == 201, prop
        pid = prop["id"]
        writer = http(
            base, "POST", "/v1/organisations/coop/tokens", {"name": "w", "scopes": ["write"]}, admin
        )[1]["token"]

        # each voter belongs to one thread, so each voter's ballots are posted in order
        plan = defaultdict(list)
        for _n in range(BALLOTS):
            voter = rng.choice(voters)
            plan[voters.index(voter) % THREADS].append(
                (voter, rng.choice(["for", "against", "abstain"]))
            )
        acknowledged: dict[str, list[tuple[int, str]]] = defaultdict(list)
        refused: dict[str, list[str]] = defaultdict(list)
        other: list = []
        lock = threading.Lock()

        def client(items):
            for voter, choice in items:
                status, doc = http(
                    base,
                    "POST",
                    f"/v1/organisations/coop/proposals/{pid}/ballots",
                    {"voter": voter, "choice": choice},
                    writer,
                )
                with lock:
                    if status in (200, 201):
                        acknowledged[voter].append((doc["ballot"]["revision"], choice))
                    elif status == 422 and doc["type"].endswith("ballot-refused"):
                        refused[voter].append(doc["reason"])
                    else:
                        other.append((status, doc))

        threads = [threading.Thread(target=client, args=(plan[k],)) for k in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        assert other == []
        total = sum(map(len, acknowledged.values())) + sum(map(len, refused.values()))
        assert total == BALLOTS
        # refusals: exactly the voters outside the electorate, each with the engine's reason
        assert set(refused) <= set(voters[BOARD:]) and not set(acknowledged) & set(voters[BOARD:])
        assert all(r and "not in the electorate" in r for rs in refused.values() for r in rs)
        # recorded exactly once: the stored revision counts the acknowledged ballots, and the
        # stored choice is the voter's last acknowledged one
        status, doc = http(
            base, "GET", f"/v1/organisations/coop/proposals/{pid}/ballots", token=admin
        )
        stored = {b["voter"]: b for b in doc["ballots"]}
        assert set(stored) == set(acknowledged)
        for voter, acks in acknowledged.items():
            assert [rev for rev, _ in acks] == list(range(1, len(acks) + 1)), voter
            assert stored[voter]["revision"] == len(acks)
            assert stored[voter]["choice"] == acks[-1][1]
        # the tally equals the engine's, computed here from the stored ballots
        status, live = http(
            base, "GET", f"/v1/organisations/coop/proposals/{pid}/decision", token=admin
        )
        members = [
            {"id": v, "bodies": ["board"]} if i < BOARD else {"id": v} for i, v in enumerate(voters)
        ]
        case = {
            "members": members,
            "proposal": {"subject": "budget", "closes": "2999-01-01T00:00:00Z"},
            "ballots": [
                {"voter": b["voter"], "choice": b["choice"], "at": b["at"]} for b in doc["ballots"]
            ],
            "at": max(b["at"] for b in doc["ballots"]),
        }
        expected = charter_engine.load(COOP).evaluate(case).model_dump(mode="json")
        assert live["counts"] == expected["counts"]
        assert live["counts"]["for"] == sum(b["choice"] == "for" for b in doc["ballots"])
        # and every acknowledged ballot is in the hash-chained audit log, once
        status, v = http(base, "GET", "/v1/organisations/coop/audit/verify", token=admin)
        assert v["ok"]
        n_acks = sum(map(len, acknowledged.values()))
        setup_entries = 1 + 1 + len(voters) + 1 + 1  # org, charter, members, proposal, token
        assert v["chains"]["coop"]["entries"] == setup_entries + n_acks
    app.extensions["charter.db"].dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "CHARTER_OPERATOR_TOKEN": OPERATOR, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.commands", "serve", "--database-url", url, "--port", str(port)],
        cwd=str(ROOT),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # a safety net against hanging, not a timing assertion
    while time.monotonic() < deadline:
        try:
            if http(base, "GET", "/healthz")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the server did not start")


def test_sigkill_loses_no_acknowledged_write(db_url):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(db_url, port)
    try:
        status, org = http(
            base, "POST", "/v1/organisations", {"id": "crash", "name": "C"}, OPERATOR
        )
        assert status == 201
        admin = org["admin_token"]["token"]
        acked: list[str] = []
        started = threading.Event()
        stop = threading.Event()

        def stream():
            i = 0
            while not stop.is_set():
                try:
                    status, _ = http(
                        base, "POST", "/v1/organisations/crash/members", {"id": f"w{i:05d}"}, admin
                    )
                except OSError:
                    return  # the server is gone
                if status == 201:
                    acked.append(f"w{i:05d}")
                if len(acked) >= 40:
                    started.set()
                i += 1

        writers = [threading.Thread(target=stream) for _ in range(1)]
        for w in writers:
            w.start()
        started.wait(120)
        proc.send_signal(signal.SIGKILL)  # in the middle of the stream
        proc.wait()
        stop.set()
        for w in writers:
            w.join()
        assert len(acked) >= 40
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    proc = start_server(db_url, port)
    try:
        status, doc = http(base, "GET", "/v1/organisations/crash/members", token=admin)
        stored = {m["id"] for m in doc["members"]}
        assert set(acked) <= stored
        assert len(stored - set(acked)) <= 1  # at most the write in flight at the kill
        status, v = http(base, "GET", "/v1/organisations/crash/audit/verify", token=admin)
        assert v["ok"], v
    finally:
        proc.kill()
        proc.wait()


def test_racing_final_ballots_one_wins(db_url):
    """Eight simultaneous first ballots of one voter under `ballots: final`: exactly one is
    recorded, the others are refused with a reason (the unique constraint decides)."""
    app = make_app(db_url)
    with ServerThread(app) as base:
        admin = http(base, "POST", "/v1/organisations", {"id": "race", "name": "R"}, OPERATOR)[1][
            "admin_token"
        ]["token"]
        http(base, "POST", "/v1/organisations/race/charters", {"source": COOP}, admin)
        http(base, "POST", "/v1/organisations/race/members", {"id": "ann"}, admin)
        pid = http(
            base,
            "POST",
            "/v1/organisations/race/proposals",
            {"subject": "elections", "closes": "2999-01-01T00:00:00Z"},
            admin,
        )[1]["id"]
        results = []
        barrier = threading.Barrier(8)

        def vote(choice):
            barrier.wait()
            results.append(
                http(
                    base,
                    "POST",
                    f"/v1/organisations/race/proposals/{pid}/ballots",
                    {"voter": "ann", "choice": choice},
                    admin,
                )
            )

        threads = [
            threading.Thread(target=vote, args=(("for", "against")[i % 2],)) for i in range(8)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(s for s, _ in results)
        assert statuses == [201] + [422] * 7, results
        assert all(d["code"] == "ballot.final" for s, d in results if s == 422)
        winner = next(d for s, d in results if s == 201)["ballot"]["choice"]
        stored = http(
            base, "GET", f"/v1/organisations/race/proposals/{pid}/ballots/ann", token=admin
        )[1]
        assert stored["choice"] == winner and stored["revision"] == 1
    app.extensions["charter.db"].dispose()
