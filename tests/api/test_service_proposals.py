"""Proposals, ballots, live decisions, closing, amendments — every judgement the engine's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from apihelpers import OPERATOR, is_problem

import charter_engine

COOP = (Path(__file__).parent / "data" / "test_coop.charter").read_text("utf-8")
B = "/v1/organisations/coop"
MEMBERS = [
    {"id": "ann"},
    {"id": "bob"},
    {"id": "cat", "bodies": ["board"]},
    {"id": "dan", "bodies": ["board"]},
    {"id": "eve", "attributes": {"employee": True}},
]


def later(days: int = 30) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).isoformat().replace("+00:00", "Z")


@pytest.fixture
def coop(api):
    admin = api.organisation("coop")
    assert api.post(f"{B}/charters", {"source": COOP}, admin).status_code == 201
    for m in MEMBERS:
        assert api.post(f"{B}/members", m, admin).status_code == 201
    return admin


def propose(api, token, **body):
    r = api.post(f"{B}/proposals", body, token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_create_proposal_checks_competence_and_proposer(api, coop):
    p = propose(api, coop, subject="budget", proposer="cat", title="2021 budget")
    assert p["competent_body"] == "board" and p["status"] == "open"
    assert p["charter"]["version"] == "1" and p["decision"]["kind"] == "decision"
    # a body that is not competent for the subject
    doc = is_problem(
        api.post(f"{B}/proposals", {"subject": "budget", "body": "assembly"}, coop),
        "not-competent",
        422,
    )
    assert doc["errors"][0]["path"] == "$.body" and "board" in doc["detail"]
    # a proposer the charter does not allow (may propose: not employee)
    doc = is_problem(
        api.post(f"{B}/proposals", {"subject": "general", "proposer": "eve"}, coop),
        "not-eligible",
        422,
    )
    assert doc["errors"][0]["path"] == "$.proposer"
    # the engine's own judgement: the proposal as tabled is invalid, for that reason
    assert doc["decision"]["outcome"] == "invalid"
    assert "invalid.proposer" in [r["code"] for r in doc["decision"]["reasons"]]
    # unknown people
    doc = is_problem(
        api.post(f"{B}/proposals", {"subject": "x", "concerns": ["ghost"]}, coop),
        "case-invalid",
        422,
    )
    assert doc["errors"][0]["path"] == "$.concerns[0]"
    # an amendment needs its text; a non-amendment may not carry one
    is_problem(api.post(f"{B}/proposals", {"subject": "amendment"}, coop), "invalid-request", 422)
    is_problem(
        api.post(f"{B}/proposals", {"subject": "x", "charter": {"source": COOP}}, coop),
        "invalid-request",
        422,
    )
    listed = api.get(f"{B}/proposals", coop).get_json()["proposals"]
    assert [x["id"] for x in listed] == [p["id"]]
    assert api.get(f"{B}/proposals?status=closed", coop).get_json()["proposals"] == []
    is_problem(api.get(f"{B}/proposals?status=maybe", coop), "invalid-query", 400)
    assert api.get(f"{B}/proposals/{p['id']}", coop).get_json()["title"] == "2021 budget"
    is_problem(api.get(f"{B}/proposals/424242", coop), "not-found", 404)


def test_no_charter_no_proposal(api):
    admin = api.organisation("empty")
    r = api.post("/v1/organisations/empty/proposals", {"subject": "x"}, admin)
    is_problem(r, "no-charter", 409)


def test_ballots_outsiders_replacements_and_live_decision(api, coop):
    pid = propose(api, coop, subject="budget", closes=later())["id"]
    r = api.post(f"{B}/proposals/{pid}/ballots", {"voter": "cat", "choice": "for"}, coop)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["ballot"]["revision"] == 1 and r.get_json()["replaced"] is False
    # ann is not on the board: refused with the engine's reason, nothing stored
    r = api.post(f"{B}/proposals/{pid}/ballots", {"voter": "ann", "choice": "for"}, coop)
    doc = is_problem(r, "ballot-refused", 422)
    assert doc["code"] == "ballot.outside" and "ann" in doc["reason"]
    # not a member at all
    r = api.post(f"{B}/proposals/{pid}/ballots", {"voter": "zed", "choice": "for"}, coop)
    assert is_problem(r, "ballot-refused", 422)["code"] == "ballot.not_member"
    # replacement before the close: 200, revision 2
    r = api.post(f"{B}/proposals/{pid}/ballots", {"voter": "cat", "choice": "against"}, coop)
    assert r.status_code == 200 and r.get_json()["ballot"]["revision"] == 2
    api.post(f"{B}/proposals/{pid}/ballots", {"voter": "dan", "choice": "against"}, coop)
    ballots = api.get(f"{B}/proposals/{pid}/ballots", coop).get_json()["ballots"]
    assert {(b["voter"], b["choice"]) for b in ballots} == {("cat", "against"), ("dan", "against")}
    assert api.get(f"{B}/proposals/{pid}/ballots/cat", coop).get_json()["revision"] == 2
    is_problem(api.get(f"{B}/proposals/{pid}/ballots/ann", coop), "not-found", 404)
    live = api.get(f"{B}/proposals/{pid}/decision", coop).get_json()
    assert live["kind"] == "decision" and live["recorded"] is False
    assert live["counts"]["against"] == 2 and live["body"] == "board"
    assert live["outcome"] in ("pending", "rejected") and live["explanation"]
    # a bad ballot shape never reaches the engine
    r = api.post(f"{B}/proposals/{pid}/ballots", {"voter": "cat", "choice": "maybe"}, coop)
    assert is_problem(r, "invalid-request", 422)["errors"][0]["path"] == "$.choice"


def test_final_ballots_are_not_replaceable(api, coop):
    pid = propose(api, coop, subject="elections", closes=later())["id"]
    assert (
        api.post(
            f"{B}/proposals/{pid}/ballots", {"voter": "ann", "choice": "for"}, coop
        ).status_code
        == 201
    )
    r = api.post(f"{B}/proposals/{pid}/ballots", {"voter": "ann", "choice": "against"}, coop)
    doc = is_problem(r, "ballot-refused", 422)
    assert doc["code"] == "ballot.final"
    assert api.get(f"{B}/proposals/{pid}/ballots/ann", coop).get_json()["choice"] == "for"


def test_close_records_the_decision_with_charter_hash(api, coop):
    pid = propose(api, coop, subject="budget", closes=later())["id"]
    for voter in ("cat", "dan"):
        api.post(f"{B}/proposals/{pid}/ballots", {"voter": voter, "choice": "for"}, coop)
    r = api.post(f"{B}/proposals/{pid}/close", None, coop)
    assert r.status_code == 200, r.get_json()
    closed = r.get_json()
    assert closed["status"] == "closed" and closed["outcome"] == "adopted"
    sha = charter_engine.load(COOP).sha256
    assert closed["decision"]["charter"]["sha256"] == sha
    got = api.get(f"{B}/proposals/{pid}", coop).get_json()
    assert got["decision"] == {"outcome": "adopted", "charter_version": "1", "charter_sha256": sha}
    recorded = api.get(f"{B}/proposals/{pid}/decision", coop).get_json()
    assert recorded["recorded"] is True and recorded["outcome"] == "adopted"
    # closed: no more ballots, no second close
    r = api.post(f"{B}/proposals/{pid}/ballots", {"voter": "cat", "choice": "against"}, coop)
    is_problem(r, "proposal-closed", 409)
    is_problem(api.post(f"{B}/proposals/{pid}/close", {}, coop), "proposal-closed", 409)
    audit = api.get(f"{B}/audit", coop).get_json()["entries"]
    assert audit[-1]["action"] == "proposal.close"
    assert audit[-1]["payload"]["charter_sha256"] == sha


def test_attendance_and_objection_rulings(api, coop):
    pid = propose(api, coop, subject="general")["id"]
    r = api.put(f"{B}/proposals/{pid}/attendance", {"present": ["ann", "bob"]}, coop)
    assert r.status_code == 200 and r.get_json()["present"] == ["ann", "bob"]
    r = api.put(f"{B}/proposals/{pid}/attendance", {"present": ["ghost"]}, coop)
    is_problem(r, "case-invalid", 422)
    r = api.post(f"{B}/proposals/{pid}/objections", {"voter": "ann", "status": "withdrawn"}, coop)
    assert r.status_code == 200 and r.get_json()["objections"] == [
        {"voter": "ann", "status": "withdrawn"}
    ]
    r = api.post(f"{B}/proposals/{pid}/objections", {"voter": "ann", "status": "upheld"}, coop)
    is_problem(r, "invalid-request", 422)


def test_amendment_takes_effect_only_when_adopted(api, coop):
    v2 = COOP.replace('version "1"', 'version "2"').replace("effective 2020-01-01\n", "")
    p = propose(api, coop, subject="amendment", charter={"source": v2}, closes=later())
    assert p["competent_body"] == "assembly" and p["amendment"]["version"] == "2"
    # the new version is not in force while the amendment is open
    assert api.get(f"{B}/charter", coop).get_json()["version"] == "1"
    for voter in ("ann", "bob", "cat"):
        r = api.post(f"{B}/proposals/{p['id']}/ballots", {"voter": voter, "choice": "for"}, coop)
        assert r.status_code == 201, r.get_json()
    closed = api.post(f"{B}/proposals/{p['id']}/close", {}, coop).get_json()
    assert closed["outcome"] == "adopted" and closed["amendment_in_force"] == "2"
    now_in_force = api.get(f"{B}/charter", coop).get_json()
    assert now_in_force["version"] == "2" and now_in_force["origin"] == "amendment"
    assert now_in_force["proposal"] == p["id"]
    # a bad amendment text is refused with diagnostics
    doc = is_problem(
        api.post(
            f"{B}/proposals", {"subject": "amendment", "charter": {"source": v2 + "}}"}}, coop
        ),
        "charter-invalid",
        422,
    )
    assert doc["diagnostics"][0]["line"]
    # an existing version string is a conflict
    is_problem(
        api.post(f"{B}/proposals", {"subject": "amendment", "charter": {"source": v2}}, coop),
        "conflict",
        409,
    )


def test_rejected_amendment_changes_nothing(api, coop):
    v3 = COOP.replace('version "1"', 'version "3"')
    p = propose(api, coop, subject="amendment", charter={"source": v3})
    api.post(f"{B}/proposals/{p['id']}/ballots", {"voter": "ann", "choice": "against"}, coop)
    closed = api.post(f"{B}/proposals/{p['id']}/close", {}, coop).get_json()
    assert closed["outcome"] == "rejected" and closed["amendment_in_force"] is None
    assert [c["version"] for c in api.get(f"{B}/charters", coop).get_json()["charters"]] == ["1"]


def test_member_with_ballots_cannot_be_deleted(api, coop):
    pid = propose(api, coop, subject="budget")["id"]
    api.post(f"{B}/proposals/{pid}/ballots", {"voter": "cat", "choice": "for"}, coop)
    is_problem(api.delete(f"{B}/members/cat", coop), "conflict", 409)
    assert api.delete(f"{B}/members/bob", coop).status_code == 204


def test_operator_acts_as_admin_everywhere(api, coop):
    assert api.get(f"{B}/proposals", OPERATOR).status_code == 200
    is_problem(api.get("/v1/organisations/nobody/proposals", OPERATOR), "not-found", 404)


def test_ballots_outside_the_voting_period_are_refused_by_the_engine(api, coop):
    past = propose(api, coop, subject="budget", closes="2021-01-01T00:00:00Z")["id"]
    r = api.post(f"{B}/proposals/{past}/ballots", {"voter": "cat", "choice": "for"}, coop)
    assert is_problem(r, "ballot-refused", 422)["code"] == "ballot.late"
    future = propose(api, coop, subject="budget", opens=later(10), closes=later(20))["id"]
    r = api.post(f"{B}/proposals/{future}/ballots", {"voter": "cat", "choice": "for"}, coop)
    assert is_problem(r, "ballot-refused", 422)["code"] == "ballot.early"
    # closing a proposal whose deadline passed keeps that deadline
    closed = api.post(f"{B}/proposals/{past}/close", {}, coop).get_json()
    assert closed["closes"] == "2021-01-01T00:00:00Z"  # in the shape it was created in
    assert closed["outcome"] in ("rejected", "invalid")
