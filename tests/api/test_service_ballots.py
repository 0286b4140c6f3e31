"""Ballots as the service records them: each judged by the engine (`judge_ballot`) on what its
fate depends on, the answer with the engine's judgement and the link to the live decision,
proxies, and closing a proposal never interleaving with a ballot being recorded."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import Counter, defaultdict
from pathlib import Path

from apihelpers import OPERATOR, make_app
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from test_service_concurrency import ServerThread, http

COOP = (Path(__file__).parent / "data" / "test_coop.charter").read_text("utf-8")
PROXIES = """charter "Proxy Coop" {
  version "1"
  effective 2020-01-01
  language en
  body assembly "Assembly" {
    members: everyone
    decides: *
    rule default {
      voters: members
      for: more than 1/2 of expressed
      proxies: at most 1 per voter
    }
  }
}
"""
B = "/v1/organisations/px"


def proxy_org(api) -> tuple[str, int]:
    admin = api.organisation("px")
    assert api.post(f"{B}/charters", {"source": PROXIES}, admin).status_code == 201
    for m in ("ann", "bob", "cat", "dan", "eve"):
        assert api.post(f"{B}/members", {"id": m}, admin).status_code == 201
    r = api.post(f"{B}/proposals", {"subject": "general", "closes": "2999-01-01T00:00:00Z"}, admin)
    assert r.status_code == 201, r.get_json()
    return admin, r.get_json()["id"]


def test_the_answer_is_the_ballot_the_engines_judgement_and_the_decision_link(api):
    admin, pid = proxy_org(api)
    r = api.post(f"{B}/proposals/{pid}/ballots", {"voter": "ann", "choice": "for"}, admin)
    assert r.status_code == 201, r.get_json()
    doc = r.get_json()
    assert doc["ballot"]["voter"] == "ann" and doc["ballot"]["revision"] == 1
    assert doc["replaced"] is False and "decision" not in doc
    judgement = doc["judgement"]
    assert judgement["kind"] == "ballot" and judgement["counts"] is True
    assert (judgement["body"], judgement["rule"], judgement["final"]) == (
        "assembly",
        "default",
        False,
    )
    # the live decision is one GET away
    assert doc["links"]["decision"] == f"{B}/proposals/{pid}/decision"
    live = api.get(doc["links"]["decision"], admin).get_json()
    assert live["kind"] == "decision" and live["counts"]["for"] == 1
    # the answer conforms to the schema the OpenAPI document gives for it
    openapi = api.get("/openapi.json").get_json()
    op = openapi["paths"]["/v1/organisations/{org}/proposals/{pid}/ballots"]["post"]
    schema = op["responses"]["201"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/BallotRecorded"}
    registry = Registry().with_resource(
        "urn:openapi", Resource.from_contents(openapi, default_specification=DRAFT202012)
    )
    validator = Draft202012Validator(
        {"$ref": "urn:openapi#/components/schemas/BallotRecorded"}, registry=registry
    )
    validator.validate(doc)
    r = api.post(f"{B}/proposals/{pid}/ballots", {"voter": "ann", "choice": "against"}, admin)
    assert r.status_code == 200 and r.get_json()["replaced"] is True
    validator.validate(r.get_json())
    assert not validator.is_valid({**r.get_json(), "judgement": {"kind": "ballot"}})


def test_proxies_are_judged_with_the_ballots_they_depend_on(api):
    """A ballot is refused only for its own faults; a proxy it carries that would not count is
    set aside, as the decision sets it aside: the ballot is stored, the answer says which proxy
    and why, and the live decision does not count it (docs/service.md, "How each write is
    judged")."""
    admin, pid = proxy_org(api)
    path = f"{B}/proposals/{pid}/ballots"

    def cast(body, status=201):
        r = api.post(path, body, admin)
        assert r.status_code == status, r.get_json()
        judgement = r.get_json()["judgement"]
        assert judgement["counts"] is True and judgement["rejected"] == []
        return [(x["voter"], x["represented"], x["code"]) for x in judgement["proxies_set_aside"]]

    assert cast({"voter": "ann", "choice": "for", "proxies": ["bob"]}) == []
    # bob already gave his proxy to ann: cat's ballot counts, the proxy it carries for bob not
    r = api.post(path, {"voter": "cat", "choice": "for", "proxies": ["bob"]}, admin)
    (set_aside,) = r.get_json()["judgement"]["proxies_set_aside"]
    assert set_aside["code"] == "proxy.twice" and "`ann`" in set_aside["reason"]
    # one proxy per voter at most: the second one is set aside
    assert cast({"voter": "cat", "choice": "for", "proxies": ["dan", "eve"]}, 200) == [
        ("cat", "eve", "proxy.too_many")
    ]
    assert cast({"voter": "cat", "choice": "for", "proxies": ["cat"]}, 200) == [
        ("cat", "cat", "proxy.self")
    ]
    # the stored ballot is the last one cast, with the proxies it carried
    stored = api.get(f"{path}/cat", admin).get_json()
    assert stored["proxies"] == ["cat"] and stored["revision"] == 3
    # dan votes in person: a proxy for him can no longer count ...
    assert cast({"voter": "dan", "choice": "against"}) == []
    assert cast({"voter": "cat", "choice": "for", "proxies": ["dan"]}, 200) == [
        ("cat", "dan", "proxy.voted_in_person")
    ]
    # ... while bob, whose proxy ann carries, may still vote in person: his own ballot counts
    r = api.post(path, {"voter": "bob", "choice": "against"}, admin)
    assert r.status_code == 201 and r.get_json()["judgement"]["counts"] is True
    live = api.get(f"{B}/proposals/{pid}/decision", admin).get_json()
    # ann and cat for; dan and bob against; ann's proxy for bob and cat's for dan set aside
    assert (live["counts"]["for"], live["counts"]["against"]) == (2, 2)
    assert sorted((x["voter"], x["represented"], x["code"]) for x in live["rejected_ballots"]) == [
        ("ann", "bob", "proxy.voted_in_person"),
        ("cat", "dan", "proxy.voted_in_person"),
    ]


def test_closing_never_interleaves_with_a_ballot_being_recorded(db_url):
    """Clients keep casting ballots while the proposal is closed: every ballot is either
    recorded before the close — and then in the recorded decision — or refused because the
    proposal is closed; none is stored after the decision was taken."""
    app = make_app(db_url)
    threads_n, per_thread = 8, 5
    with ServerThread(app) as base:
        org = http(base, "POST", "/v1/organisations", {"id": "race", "name": "R"}, OPERATOR)[1]
        admin = org["admin_token"]["token"]
        assert http(base, "POST", "/v1/organisations/race/charters", {"source": COOP}, admin)[0]
        voters = [f"m{i:02d}" for i in range(threads_n * per_thread)]
        for v in voters:
            member = {"id": v, "bodies": ["board"]}
            assert http(base, "POST", "/v1/organisations/race/members", member, admin)[0] == 201
        status, prop = http(
            base,
            "POST",
            "/v1/organisations/race/proposals",
            {"subject": "budget", "closes": "2999-01-01T00:00:00Z"},
            admin,
        )
        assert status == 201, prop
        path = f"/v1/organisations/race/proposals/{prop['id']}"
        acked: dict[str, list[str]] = defaultdict(list)
        after_close: list[int] = []
        other: list = []
        lock = threading.Lock()
        enough = threading.Event()

        def client(k: int) -> None:
            rng = random.Random(k)
            mine = voters[k * per_thread : (k + 1) * per_thread]
            for _ in range(5000):  # a bound; each client stops at its first refusal
                voter, choice = rng.choice(mine), rng.choice(["for", "against", "abstain"])
                status, doc = http(
                    base, "POST", f"{path}/ballots", {"voter": voter, "choice": choice}, admin
                )
                with lock:
                    if status in (200, 201):
                        acked[voter].append(choice)
                        if sum(map(len, acked.values())) >= 60:
                            enough.set()
                    elif status == 409 and doc["type"].endswith("proposal-closed"):
                        after_close.append(k)
                        return
                    else:
                        other.append((status, doc))
                        return

        threads = [threading.Thread(target=client, args=(k,)) for k in range(threads_n)]
        for t in threads:
            t.start()
        assert enough.wait(300)
        status, closed = http(base, "POST", f"{path}/close", None, admin)
        for t in threads:
            t.join()
        assert status == 200, closed
        assert other == []
        assert sorted(after_close) == list(range(threads_n))  # every client met the close
        stored = {
            b["voter"]: b for b in http(base, "GET", f"{path}/ballots", token=admin)[1]["ballots"]
        }
        # the stored ballots are exactly the acknowledged ones, each voter's last ...
        assert set(stored) == set(acked)
        assert all(stored[v]["choice"] == acked[v][-1] for v in acked)
        assert all(stored[v]["revision"] == len(acked[v]) for v in acked)
        # ... and the recorded decision counted every one of them
        tally = Counter(b["choice"] for b in stored.values())
        decision = http(base, "GET", f"{path}/decision", token=admin)[1]
        assert decision["recorded"] is True
        counts = decision["counts"]
        assert (counts["for"], counts["against"], counts["abstain"]) == (
            tally["for"],
            tally["against"],
            tally["abstain"],
        )
        closed_at = dt.datetime.fromisoformat(closed["closed_at"].replace("Z", "+00:00"))
        assert all(
            dt.datetime.fromisoformat(b["at"].replace("Z", "+00:00")) <= closed_at
            for b in stored.values()
        )
        assert http(base, "GET", "/v1/organisations/race/audit/verify", token=admin)[1]["ok"]
    app.extensions["charter.db"].dispose()


def test_racing_carriers_of_one_proxy_one_wins(db_url):
    """Eight members carry the same person's proxy at the same moment: a ballot with proxies
    depends on the others' ballots, so such ballots are judged one at a time — every ballot is
    recorded, exactly one carries the proxy that counts, and the seven others are told that
    person already gave a proxy (the decision sets those aside)."""
    app = make_app(db_url)
    with ServerThread(app) as base:
        org = http(base, "POST", "/v1/organisations", {"id": "px", "name": "P"}, OPERATOR)[1]
        admin = org["admin_token"]["token"]
        assert http(base, "POST", f"{B}/charters", {"source": PROXIES}, admin)[0] == 201
        carriers = [f"c{i}" for i in range(8)]
        for m in ["bob", *carriers]:
            assert http(base, "POST", f"{B}/members", {"id": m}, admin)[0] == 201
        status, prop = http(base, "POST", f"{B}/proposals", {"subject": "general"}, admin)
        assert status == 201, prop
        results = []
        barrier = threading.Barrier(len(carriers))

        def carry(carrier):
            barrier.wait()
            body = {"voter": carrier, "choice": "for", "proxies": ["bob"]}
            results.append(http(base, "POST", f"{B}/proposals/{prop['id']}/ballots", body, admin))

        threads = [threading.Thread(target=carry, args=(c,)) for c in carriers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(s for s, _ in results) == [201] * 8, results
        set_aside = [d["judgement"]["proxies_set_aside"] for _, d in results]
        winners = [
            d["ballot"]["voter"] for (_, d), x in zip(results, set_aside, strict=True) if not x
        ]
        assert len(winners) == 1, set_aside
        assert sorted(x[0]["code"] for x in set_aside if x) == ["proxy.twice"] * 7
        live = http(base, "GET", f"{B}/proposals/{prop['id']}/decision", token=admin)[1]
        assert live["counts"]["for"] == 9  # the eight carriers, and bob through one of them
        assert sorted(r["voter"] for r in live["rejected_ballots"]) == sorted(
            c for c in carriers if c != winners[0]
        )
        assert {r["represented"] for r in live["rejected_ballots"]} == {"bob"}
    app.extensions["charter.db"].dispose()


def test_a_waiting_close_goes_before_the_ballots_that_arrive_after_it(pg_url):
    """PostgreSQL grants FOR SHARE on a row past a waiting FOR UPDATE, so a steady stream of
    ballots could starve a close forever; the proposal's gate (an advisory lock, queued
    fairly) makes a ballot that arrives after a waiting close wait behind it."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from charter_engine.store import Database, repo

    app = make_app(pg_url)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {OPERATOR}"}
    assert client.post("/v1/organisations", json={"id": "px", "name": "P"}, headers=headers)
    assert (
        client.post(f"{B}/charters", json={"source": PROXIES}, headers=headers).status_code == 201
    )
    r = client.post(f"{B}/proposals", json={"subject": "general"}, headers=headers)
    pid = r.get_json()["id"]
    app.extensions["charter.db"].dispose()

    db = Database(pg_url)
    closing = threading.Event()
    try:
        with db.write() as first:  # a ballot in flight: the gate held shared
            assert repo.ballot_context(first, "px", pid, "ann") is not None

            def close():
                with db.write() as s:
                    backend.append(s.execute(text("SELECT pg_backend_pid()")).scalar_one())
                    repo.get_proposal(s, "px", pid, lock=True)
                    closing.set()

            backend: list[int] = []
            closer = threading.Thread(target=close)
            closer.start()
            with db.read() as s:  # wait (bounded) until the close waits for a lock
                waiting = 0
                for _ in range(2000):
                    if backend:
                        waiting = s.execute(
                            text("SELECT count(*) FROM pg_locks WHERE pid = :p AND NOT granted"),
                            {"p": backend[0]},
                        ).scalar_one()
                        if waiting:
                            break
                    threading.Event().wait(0.01)
                assert waiting == 1
            # a ballot arriving now queues behind the close instead of slipping past it
            try:
                with db.write() as later:
                    later.execute(text("SET LOCAL lock_timeout = '200ms'"))
                    repo.ballot_context(later, "px", pid, "bob")
                slipped_past = True
            except OperationalError as e:
                assert "lock timeout" in str(e)
                slipped_past = False
            assert not slipped_past and not closing.is_set()
        closer.join(60)
        assert closing.is_set()  # the first ballot done, the close went through
    finally:
        db.dispose()
