"""Benchmark of the HTTP service under gunicorn, on loopback (figures in docs/performance.md).

Two parts, each against real `gunicorn -w 2` processes started (and stopped) by this script:

1. **Stateless evaluate.** `POST /v1/evaluate` with a 100-member, 100-ballot majority case
   against `gunicorn -w 2 'api:create_app()'` on a fresh migrated SQLite file, and, in the same
   run, `GET /hello` against `gunicorn -w 2` serving a minimal Flask app (the floor of
   gunicorn + Flask on this machine). The load generator is wrk when `which wrk` finds it,
   else Python: N processes x M `http.client` keep-alive connections. Warm-up, then a
   measured window: requests/s, p50, p99, and the ratio evaluate / hello throughput, each
   with the load average. The measure uses 2 load threads x 2 connections (wrk shares the
   2 cores with the 2 sync workers; 4 connections keep both workers busy); evaluate and hello
   are also measured at 16 connections (the same throughput plus queueing time) and evaluate
   at 2 (the service time without queueing). Targets: >= 300 req/s and p99 < 50 ms.
2. **Stateful ballots on PostgreSQL.** A fresh database `charter_bench` (dropped at the end),
   migrated, served by `gunicorn -w 2` with an operator token; an organisation, a charter,
   the members and one open proposal are created through the API (as
   tests/api/test_service_concurrency.py does); then 16 client threads, each with its own
   voters (a few outside the electorate, so some ballots are refused, and replacements as
   voters vote again), post ballots for the measured window. Prints ballots/s, p50, p99, the
   refused count, and checks that the stored ballots are exactly the distinct voters whose
   ballots were acknowledged, that the live decision counts them, and that the audit chain
   verifies with one entry per acknowledged ballot. Target: >= 200 ballots/s with 16 clients.

Everything listens on 127.0.0.1; every server is started in its own process group and the
group is killed at the end (try/finally).

    .venv/bin/python bench/bench_service.py            # 2 s warm-up, 10 s measures
    .venv/bin/python bench/bench_service.py --quick    # 1 s warm-up, 2 s measures (smoke)
    .venv/bin/python bench/bench_service.py --loadgen python --skip-pg
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
OPERATOR = "op_bench_" + "x" * 24
PSQL = ["psql", "-h", HOST, "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
PG_DB = "charter_bench"

EVAL_CHARTER = """charter "Bench" {
  version "1"
  effective 2020-01-01
  language en
  body assembly "Assembly" {
    members: everyone
    decides: *
    rule default: majority of members
  }
}
"""

# the charter of the stateful part: the board (members seated explicitly) decides `budget`
BALLOT_CHARTER = """charter "Bench Coop" {
  version "1"
  effective 2020-01-01
  language en
  body assembly "Assembly" {
    members: everyone
    decides: *
    rule default: majority of members
  }
  body board "Board" under assembly {
    decides: budget
    rule default: majority of members
  }
}
"""

HELLO_APP = textwrap.dedent(
    """\
    from flask import Flask

    app = Flask(__name__)


    @app.get("/hello")
    def hello():
        return "hello"
    """
)


# ---------------------------------------------------------------- processes and ports


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Gunicorn:
    """`gunicorn -w WORKERS -b 127.0.0.1:PORT APP` in its own session; `stop()` kills its group."""

    def __init__(self, app: str, env: dict[str, str], log: Path, workers: int = 2, chdir=None):
        self.port = free_port()
        cmd = [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"{HOST}:{self.port}"]
        if chdir:
            cmd += ["--chdir", str(chdir)]
        cmd.append(app)
        self.log = log
        self._logf = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd,
            cwd=str(ROOT),
            env=env,
            stdout=self._logf,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: master and workers die together
        )

    def wait_ready(self, path: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", path)
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        tail = self.log.read_text("utf-8", "replace")[-2000:]
        raise RuntimeError(f"gunicorn on port {self.port} did not become ready:\n{tail}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
            except ProcessLookupError:
                pass
        # a worker left behind by a dead master would still be in the group
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._logf.close()


# ---------------------------------------------------------------- load generators


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values, nearest rank; NaN if empty."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q * len(s) + 0.5)) - 1))]


def _py_connection(args) -> tuple[list[float], int, int]:
    """One keep-alive connection: requests until `end`; latencies (s) of those started after
    `measure_from`, and the count of non-2xx / failed ones in the window."""
    port, method, path, body, headers, measure_from, end = args
    lat: list[float] = []
    bad = 0
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    while True:
        t0 = time.time()
        if t0 >= end:
            break
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            ok = 200 <= r.status < 300
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            ok = False
        t1 = time.time()
        if t0 >= measure_from and t1 <= end:
            lat.append(t1 - t0)
            bad += not ok
    conn.close()
    return lat, bad, 0


def _py_process(args) -> tuple[list[float], int]:
    port, method, path, body, headers, measure_from, end, conns = args
    out: list[tuple[list[float], int, int]] = []
    lock = threading.Lock()

    def run():
        res = _py_connection((port, method, path, body, headers, measure_from, end))
        with lock:
            out.append(res)

    threads = [threading.Thread(target=run) for _ in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat = [x for r in out for x in r[0]]
    return lat, sum(r[1] for r in out)


def load_python(port, method, path, body, headers, warmup, measure, procs, conns) -> dict:
    start = time.time() + 0.5  # let the processes start
    measure_from = start + warmup
    end = measure_from + measure
    ctx = mp.get_context("fork")
    with ctx.Pool(procs) as pool:
        results = pool.map(
            _py_process,
            [(port, method, path, body, headers, measure_from, end, conns)] * procs,
        )
    lat = [x for r in results for x in r[0]]
    bad = sum(r[1] for r in results)
    return {
        "tool": f"python {procs} processes x {conns} connections",
        "rps": len(lat) / measure,
        "p50_ms": pct(lat, 0.50) * 1000,
        "p99_ms": pct(lat, 0.99) * 1000,
        "requests": len(lat),
        "errors": bad,
    }


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _wrk_ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not m:
        return float("nan")
    return float(m.group(1)) * _UNITS[m.group(2)]


def load_wrk(port, method, path, body, headers, warmup, measure, threads, conns, tmp) -> dict:
    script = Path(tmp) / f"wrk_{port}.lua"
    lines = [f"wrk.method = {json.dumps(method)}"]
    if body is not None:
        lines.append(f"wrk.body = {json.dumps(body.decode())}")
    for k, v in headers.items():
        lines.append(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}")
    script.write_text("\n".join(lines) + "\n")
    url = f"http://{HOST}:{port}{path}"
    base = ["wrk", "-t", str(threads), "-c", str(conns), "-s", str(script)]
    subprocess.run(
        [*base, "-d", f"{max(1, round(warmup))}s", url],
        check=True,
        capture_output=True,
        timeout=warmup + 30,
    )
    out = subprocess.run(
        [*base, "-d", f"{round(measure)}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=measure + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    dist = dict(re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", out, re.M))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(int(g) for g in sock.groups()) if sock else 0
    )
    return {
        "tool": f"wrk {threads} threads x {conns} connections",
        "rps": rps,
        "p50_ms": _wrk_ms(dist.get("50", "")),
        "p99_ms": _wrk_ms(dist.get("99", "")),
        "requests": requests,
        "errors": errors,
    }


# ---------------------------------------------------------------- part 1: stateless evaluate


def evaluate_body(n: int = 100) -> bytes:
    choices = ["for", "against", "abstain"]
    rng = random.Random(20261125)
    case = {
        "members": [{"id": f"m{i:03d}"} for i in range(n)],
        "proposal": {"subject": "budget"},
        "ballots": [{"voter": f"m{i:03d}", "choice": rng.choice(choices)} for i in range(n)],
    }
    return json.dumps({"charter": {"source": EVAL_CHARTER}, "case": case}).encode()


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["CHARTER_LOG_LEVEL"] = "WARNING"
    return env


def migrate(url: str, env: dict[str, str]) -> None:
    r = subprocess.run(
        [str(VENV_BIN / "charter"), "db", "upgrade", "--database-url", url],
        cwd=str(ROOT),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if r.returncode != 0:
        raise RuntimeError(f"charter db upgrade failed: {r.stderr or r.stdout}")


def part_evaluate(args, tmp: Path) -> dict:
    env = base_env()
    url = f"sqlite:///{tmp}/evaluate.sqlite3"
    env["CHARTER_DATABASE_URL"] = url
    migrate(url, env)
    (tmp / "hello").mkdir()
    (tmp / "hello" / "hello.py").write_text(HELLO_APP)

    body = evaluate_body(100)
    # check the request once, outside the measure: the case must evaluate to a decision
    servers: list[Gunicorn] = []
    try:
        charter = Gunicorn("api:create_app()", env, tmp / "gunicorn-evaluate.log")
        servers.append(charter)
        hello = Gunicorn("hello:app", base_env(), tmp / "gunicorn-hello.log", chdir=tmp / "hello")
        servers.append(hello)
        charter.wait_ready("/healthz")
        hello.wait_ready("/hello")
        conn = http.client.HTTPConnection(HOST, charter.port, timeout=30)
        conn.request("POST", "/v1/evaluate", body, {"Content-Type": "application/json"})
        r = conn.getresponse()
        doc = json.loads(r.read())
        conn.close()
        if r.status != 200 or doc.get("kind") != "decision":
            raise RuntimeError(f"/v1/evaluate answered {r.status}: {str(doc)[:500]}")
        print(
            f"  check: /v1/evaluate -> {doc['outcome']}, counts {doc['counts']['for']} for / "
            f"{doc['counts']['against']} against / {doc['counts']['abstain']} abstain; "
            f"body {len(body)} bytes"
        )

        results = {}
        js = {"Content-Type": "application/json"}
        ev = (charter.port, "POST", "/v1/evaluate", body, js)
        he = (hello.port, "GET", "/hello", None, {})
        # the measure: evaluate and its hello peer with the same load parameters
        runs = [("evaluate", *ev, args.procs, args.conns), ("hello", *he, args.procs, args.conns)]
        if args.high_conns:
            # many more connections than workers: the same throughput, plus queueing time
            per = max(1, args.high_conns // args.procs)
            runs.append((f"evaluate@{args.procs * per}", *ev, args.procs, per))
            runs.append((f"hello@{args.procs * per}", *he, args.procs, per))
        if args.low_conns:
            # as many connections as workers: the service time, without queueing
            runs.append((f"evaluate@{args.low_conns}", *ev, args.low_conns, 1))
        for name, port, method, path, data, headers, procs, conns in runs:
            if args.loadgen == "wrk":
                res = load_wrk(
                    port,
                    method,
                    path,
                    data,
                    headers,
                    args.warmup,
                    args.measure,
                    procs,
                    procs * conns,
                    tmp,
                )
            else:
                res = load_python(
                    port, method, path, data, headers, args.warmup, args.measure, procs, conns
                )
            res["load"] = os.getloadavg()
            results[name] = res
            print(
                f"  {name:11} {res['rps']:8.1f} req/s   p50 {res['p50_ms']:7.2f} ms   "
                f"p99 {res['p99_ms']:7.2f} ms   ({res['requests']} requests, "
                f"{res['errors']} errors; {res['tool']}; load {fmt_load(res['load'])})",
                flush=True,
            )
        return results
    finally:
        for s in servers:
            s.stop()


# ---------------------------------------------------------------- part 2: ballots on PostgreSQL


def psql(sql: str, db: str = "postgres") -> str:
    cmd = [*PSQL, "-d", db, "-tAc", sql]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"psql {sql!r}: {r.stderr.strip()}")
    return r.stdout.strip()


class Client:
    """A keep-alive JSON client (http.client reconnects when the server closes)."""

    def __init__(self, port: int, token: str | None = None):
        self.port = port
        self.token = token
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def call(self, method: str, path: str, body=None, token: str | None = None):
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        tok = token or self.token
        if tok:
            headers["Authorization"] = f"Bearer {tok}"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                raw = r.read()
                return r.status, json.loads(raw or b"null")
            except (ConnectionError, http.client.RemoteDisconnected):
                # a stale keep-alive socket; the request was not processed, so retry once
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


CHOICES = ("for", "against", "abstain")


def part_ballots(args, tmp: Path) -> dict:
    clients_n = args.clients
    per_client = args.voters_per_client
    outsiders_per_client = args.outsiders_per_client
    url = f"postgresql+psycopg://postgres@{HOST}:5432/{PG_DB}"
    psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    psql(f"CREATE DATABASE {PG_DB}")
    server = None
    try:
        env = base_env()
        env["CHARTER_DATABASE_URL"] = url
        env["CHARTER_OPERATOR_TOKEN"] = OPERATOR
        migrate(url, env)
        server = Gunicorn("api:create_app()", env, tmp / "gunicorn-ballots.log")
        server.wait_ready("/readyz")
        port = server.port

        # setup through the API, with the request shapes of test_service_concurrency.py
        c = Client(port)
        status, org = c.call("POST", "/v1/organisations", {"id": "bench", "name": "B"}, OPERATOR)
        assert status == 201, (status, org)
        admin = org["admin_token"]["token"]
        status, doc = c.call(
            "POST", "/v1/organisations/bench/charters", {"source": BALLOT_CHARTER}, admin
        )
        assert status == 201, (status, doc)
        # client k owns voters v{k}_{i}; the last `outsiders_per_client` are not on the board
        plan = {
            k: [f"v{k:02d}_{i:03d}" for i in range(per_client + outsiders_per_client)]
            for k in range(clients_n)
        }
        outsiders = {v for vs in plan.values() for v in vs[per_client:]}
        t0 = time.perf_counter()
        setup_errors: list = []

        def add_members(voters):
            cl = Client(port, admin)
            for v in voters:
                member = {"id": v} if v in outsiders else {"id": v, "bodies": ["board"]}
                st, d = cl.call("POST", "/v1/organisations/bench/members", member)
                if st != 201:
                    setup_errors.append((st, d))
            cl.close()

        ts = [threading.Thread(target=add_members, args=(vs,)) for vs in plan.values()]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert not setup_errors, setup_errors[:3]
        n_members = sum(map(len, plan.values()))
        print(f"  setup: {n_members} members in {time.perf_counter() - t0:.1f} s", flush=True)
        status, prop = c.call(
            "POST",
            "/v1/organisations/bench/proposals",
            {"subject": "budget", "closes": "2999-01-01T00:00:00Z"},
            admin,
        )
        assert status == 201, (status, prop)
        pid = prop["id"]
        status, tok = c.call(
            "POST", "/v1/organisations/bench/tokens", {"name": "w", "scopes": ["write"]}, admin
        )
        assert status == 201, (status, tok)
        writer = tok["token"]

        ballots_path = f"/v1/organisations/bench/proposals/{pid}/ballots"
        start = time.time() + 0.2
        measure_from = start + args.warmup
        end = measure_from + args.measure
        lock = threading.Lock()
        acked: dict[str, list[int]] = defaultdict(list)  # voter -> acknowledged revisions
        refused: dict[str, list[str]] = defaultdict(list)
        other: list = []
        lat: list[float] = []
        in_window = {"acked": 0, "refused": 0}

        def client(k: int):
            rng = random.Random(1000 + k)
            cl = Client(port, writer)
            voters = plan[k]
            while time.time() < start:
                time.sleep(0.01)
            while True:
                t_start = time.time()
                if t_start >= end:
                    break
                voter = rng.choice(voters)
                choice = rng.choice(CHOICES)
                st, d = cl.call("POST", ballots_path, {"voter": voter, "choice": choice})
                t_end = time.time()
                measured = t_start >= measure_from and t_end <= end
                with lock:
                    if st in (200, 201):
                        acked[voter].append(d["ballot"]["revision"])
                        if measured:
                            in_window["acked"] += 1
                    elif st == 422 and d.get("type", "").endswith("ballot-refused"):
                        refused[voter].append(d.get("reason") or "")
                        if measured:
                            in_window["refused"] += 1
                    else:
                        other.append((st, d))
                    if measured:
                        lat.append(t_end - t_start)
            cl.close()

        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients_n)]
        load_before = os.getloadavg()
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        # verification: stored ballots = distinct acknowledged voters, revisions in order
        status, doc = c.call("GET", ballots_path, token=admin)
        assert status == 200, (status, doc)
        stored = {b["voter"]: b for b in doc["ballots"]}
        sql_count = int(psql(f"SELECT count(*) FROM ballots WHERE proposal_id = {pid}", PG_DB))
        # the live decision counts the stored ballots; the audit chain holds every ballot once
        decision_path = f"/v1/organisations/bench/proposals/{pid}/decision"
        status, live = c.call("GET", decision_path, token=admin)
        assert status == 200, (status, live)
        status, chain = c.call("GET", "/v1/organisations/bench/audit/verify", token=admin)
        assert status == 200, (status, chain)
        c.close()
        problems = []
        if other:
            problems.append(f"{len(other)} unexpected answers, first {str(other[0])[:300]}")
        if set(stored) != set(acked):
            problems.append(f"stored voters {len(stored)} != acknowledged voters {len(acked)}")
        if sql_count != len(acked):
            problems.append(f"ballots rows {sql_count} != acknowledged voters {len(acked)}")
        for voter, revs in acked.items():
            if revs != list(range(1, len(revs) + 1)) or stored.get(voter, {}).get(
                "revision"
            ) != len(revs):
                problems.append(f"{voter}: revisions {revs} stored {stored.get(voter)}")
                break
        if set(refused) - outsiders or set(acked) & outsiders:
            problems.append("refusals do not match the voters outside the electorate")
        tally = {k: sum(b.get("choice") == k for b in stored.values()) for k in CHOICES}
        if {k: live["counts"][k] for k in CHOICES} != tally:
            problems.append(f"live decision counts {live['counts']} != stored ballots {tally}")
        setup_entries = 1 + 1 + n_members + 1 + 1  # organisation, charter, members, proposal, token
        n_acked = sum(map(len, acked.values()))
        if not chain["ok"] or chain["chains"]["bench"]["entries"] != setup_entries + n_acked:
            problems.append(f"audit chain: {str(chain)[:300]}")
        measured_total = in_window["acked"] + in_window["refused"]
        res = {
            "clients": clients_n,
            "members": n_members,
            "ballots_per_s": measured_total / args.measure,
            "acked_per_s": in_window["acked"] / args.measure,
            "p50_ms": pct(lat, 0.50) * 1000,
            "p99_ms": pct(lat, 0.99) * 1000,
            "refused": sum(map(len, refused.values())),
            "acknowledged": sum(map(len, acked.values())),
            "replacements": sum(len(r) - 1 for r in acked.values()),
            "distinct_voters": len(acked),
            "stored": len(stored),
            "stored_sql": sql_count,
            "problems": problems,
            "load_during_start": load_before,
        }
        print(
            f"  ballots   {res['ballots_per_s']:8.1f} ballots/s (acknowledged "
            f"{res['acked_per_s']:.1f}/s)   p50 {res['p50_ms']:7.2f} ms   "
            f"p99 {res['p99_ms']:7.2f} ms   ({clients_n} clients, {n_members} members)"
        )
        print(
            f"  whole run: {res['acknowledged']} acknowledged ({res['replacements']} "
            f"replacements), {res['refused']} refused (outside the electorate), "
            f"{len(other)} other"
        )
        print(
            f"  verify: {res['distinct_voters']} distinct voters acknowledged, "
            f"{res['stored']} stored (API), {res['stored_sql']} rows (SQL), live decision "
            f"counts and audit chain checked: "
            + ("OK" if not problems else "FAILED: " + "; ".join(problems))
        )
        return res
    finally:
        if server is not None:
            server.stop()
        try:
            psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        except RuntimeError as e:
            print(f"  warning: could not drop {PG_DB}: {e}", file=sys.stderr)


# ---------------------------------------------------------------- main


def machine() -> str:
    cpus = os.cpu_count()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = cpus
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"nproc {usable} (cpu_count {cpus}){', ' + model if model else ''}, Python "
        + (sys.version.split()[0])
    )


def fmt_load(load) -> str:
    return " / ".join(f"{x:.2f}" for x in load)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1 s warm-up, 2 s measures (smoke run)")
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--measure", type=float, default=10.0)
    ap.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto")
    # 2 load threads x 2 connections: wrk shares the 2 cores with the 2 workers, and 4
    # connections (2 per sync worker) keep both workers busy; more only queue (see
    # docs/performance.md)
    ap.add_argument("--procs", type=int, default=2, help="load processes (wrk: threads)")
    ap.add_argument("--conns", type=int, default=2, help="connections per process")
    ap.add_argument(
        "--high-conns",
        type=int,
        default=16,
        help="also measure evaluate and hello with this many connections (0: skip)",
    )
    ap.add_argument(
        "--low-conns",
        type=int,
        default=2,
        help="also measure evaluate with this many connections (0: skip)",
    )
    ap.add_argument("--clients", type=int, default=16, help="ballot client threads")
    ap.add_argument("--voters-per-client", type=int, default=40)
    ap.add_argument("--outsiders-per-client", type=int, default=2)
    ap.add_argument("--skip-evaluate", action="store_true")
    ap.add_argument("--skip-pg", action="store_true")
    args = ap.parse_args(argv)
    if args.quick:
        args.warmup, args.measure = 1.0, 2.0
    args.warmup = min(max(args.warmup, 0.0), 30.0)  # bounded in time
    args.measure = min(max(args.measure, 1.0), 60.0)
    if args.loadgen == "auto":
        args.loadgen = "wrk" if shutil.which("wrk") else "python"

    print(f"machine: {machine()}")
    load0 = os.getloadavg()
    print(f"load average before: {fmt_load(load0)}")
    print(f"warm-up {args.warmup:g} s, measure {args.measure:g} s, load generator {args.loadgen}")
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench_service_") as tmpname:
        tmp = Path(tmpname)
        if not args.skip_evaluate:
            print("\n1. stateless POST /v1/evaluate (100 members, 100 ballots), gunicorn -w 2")
            res = part_evaluate(args, tmp)
            ev, he = res["evaluate"], res["hello"]
            ratio = ev["rps"] / he["rps"] if he["rps"] else float("nan")
            print(f"  ratio evaluate / hello throughput: {ratio:.3f} (hello {1 / ratio:.1f}x)")
            for name in res:
                peer = name.replace("evaluate", "hello")
                if name.startswith("evaluate@") and peer in res and res[peer]["rps"]:
                    r = res[name]["rps"] / res[peer]["rps"]
                    print(f"  ratio at {name[9:]} connections: {r:.3f}")
            t_rps = ev["rps"] >= 300
            t_p99 = ev["p99_ms"] < 50
            print(
                f"  target >= 300 req/s: {'met' if t_rps else 'MISSED'} ({ev['rps']:.0f}); "
                f"target p99 < 50 ms: {'met' if t_p99 else 'MISSED'} ({ev['p99_ms']:.1f} ms)"
            )
            ok &= all(r["errors"] == 0 for r in res.values())
            print(f"  load average now: {fmt_load(os.getloadavg())}", flush=True)
        if not args.skip_pg:
            print(f"\n2. stateful ballots on PostgreSQL (database {PG_DB}), gunicorn -w 2")
            res = part_ballots(args, tmp)
            t_b = res["ballots_per_s"] >= 200
            print(
                f"  target >= 200 ballots/s with {res['clients']} clients: "
                f"{'met' if t_b else 'MISSED'} ({res['ballots_per_s']:.0f})"
            )
            ok &= not res["problems"]
    print(f"\nload average after: {fmt_load(os.getloadavg())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
