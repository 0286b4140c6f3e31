"""Budget rounds, projects, allocations, supports and claims, judged by the engine."""

from __future__ import annotations

import datetime as dt

import pytest
from apihelpers import is_problem

BASE = "/v1/organisations/coop"


@pytest.fixture
def opteos(api):
    admin = api.organisation("coop")
    api.seed("coop", "opteos", admin)
    return admin


@pytest.fixture
def national(api):
    admin = api.organisation("coop")
    api.seed("coop", "budget_participatif", admin)
    return admin


def new_round(api, token, **body):
    r = api.post(f"{BASE}/rounds", body, token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def test_permanent_fund_round(api, opteos):
    rid = new_round(api, opteos, budget="bourse")
    r = api.post(
        f"{BASE}/rounds/{rid}/projects",
        {"id": "cafe", "goal": "150 EUR", "proposers": ["nadia"]},
        opteos,
    )
    assert r.status_code == 201, r.get_json()
    r = api.post(
        f"{BASE}/rounds/{rid}/allocations",
        {"member": "simon", "project": "cafe", "amount": "100 EUR"},
        opteos,
    )
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["allocation"]["revision"] == 1
    # overfunding: no — lea's 100 EUR would pass the goal: the engine cuts it; refused
    r = api.post(
        f"{BASE}/rounds/{rid}/allocations",
        {"member": "lea", "project": "cafe", "amount": "100 EUR"},
        opteos,
    )
    doc = is_problem(r, "budget-refused", 422)
    assert doc["reason"] and doc["rejection"]["id"] == "lea"
    r = api.post(
        f"{BASE}/rounds/{rid}/allocations",
        {"member": "lea", "project": "cafe", "amount": "50 EUR"},
        opteos,
    )
    assert r.status_code == 201, r.get_json()
    result = r.get_json()["result"]
    assert result["funded"] == ["cafe"]
    # replacing simon's allocation (same member and project) is an upsert: revision 2
    r = api.post(
        f"{BASE}/rounds/{rid}/allocations",
        {"member": "simon", "project": "cafe", "amount": "100 EUR"},
        opteos,
    )
    assert r.status_code == 200 and r.get_json()["allocation"]["revision"] == 2
    # beyond the envelope (100 EUR a year): simon has nothing left for another project
    api.post(
        f"{BASE}/rounds/{rid}/projects",
        {"id": "four", "goal": "500 EUR", "proposers": ["rose"]},
        opteos,
    )
    r = api.post(
        f"{BASE}/rounds/{rid}/allocations",
        {"member": "simon", "project": "four", "amount": "40 EUR"},
        opteos,
    )
    doc = is_problem(r, "budget-refused", 422)
    assert doc["rejection"]["id"] == "simon"
    # the stored round, its items and the live result
    got = api.get(f"{BASE}/rounds/{rid}", opteos).get_json()
    assert {p["id"] for p in got["projects"]} == {"cafe", "four"}
    assert {(a["member"], a["amount"]) for a in got["allocations"]} == {
        ("simon", "100 EUR"),
        ("lea", "50 EUR"),
    }
    assert got["result"]["kind"] == "budget" and got["result"]["funded"] == ["cafe"]
    for kind in ("projects", "allocations", "supports", "claims"):
        assert api.get(f"{BASE}/rounds/{rid}/{kind}", opteos).status_code == 200
    assert [r_["id"] for r_ in api.get(f"{BASE}/rounds", opteos).get_json()["rounds"]] == [rid]
    # a member with budget items cannot be deleted (a foreign key, as for ballots)
    is_problem(api.delete(f"{BASE}/members/lea", opteos), "conflict", 409)


def test_unknown_project_and_duplicate_project(api, opteos):
    rid = new_round(api, opteos, budget="bourse")
    r = api.post(
        f"{BASE}/rounds/{rid}/allocations",
        {"member": "simon", "project": "nope", "amount": "1 EUR"},
        opteos,
    )
    doc = is_problem(r, "case-invalid", 422)
    assert doc["errors"][0]["path"] == "$.project"
    body = {"id": "p", "goal": "10 EUR", "proposers": ["simon"]}
    assert api.post(f"{BASE}/rounds/{rid}/projects", body, opteos).status_code == 201
    is_problem(api.post(f"{BASE}/rounds/{rid}/projects", body, opteos), "conflict", 409)
    is_problem(api.get(f"{BASE}/rounds/999", opteos), "not-found", 404)


def test_unknown_budget_is_refused(api, opteos):
    r = api.post(f"{BASE}/rounds", {"budget": "nope"}, opteos)
    assert r.status_code == 422, r.get_json()


def test_project_outside_the_proposal_window(api):
    admin = api.organisation("coop")
    api.seed("coop", "artefacts", admin)
    far = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    rid = new_round(api, admin, budget="benefices", meeting=far)
    r = api.post(
        f"{BASE}/rounds/{rid}/projects",
        {"id": "velo", "goal": "2000 EUR", "proposers": ["camille", "bastien"]},
        admin,
    )
    doc = is_problem(r, "budget-refused", 422)
    assert doc["rejection"]["id"] == "velo"
    soon = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    rid = new_round(api, admin, budget="benefices", meeting=soon)
    r = api.post(
        f"{BASE}/rounds/{rid}/projects",
        {"id": "velo", "goal": "2000 EUR", "proposers": ["camille", "bastien"]},
        admin,
    )
    assert r.status_code == 201, r.get_json()
    # one entrepreneur is not enough (proposers: at least 2 where entrepreneur)
    r = api.post(
        f"{BASE}/rounds/{rid}/projects",
        {"id": "solo", "goal": "20 EUR", "proposers": ["camille", "audrey"]},
        admin,
    )
    is_problem(r, "budget-refused", 422)
    # allocations open two weeks before the meeting: not yet
    r = api.post(
        f"{BASE}/rounds/{rid}/allocations",
        {"member": "dalia", "project": "velo", "amount": "100 EUR"},
        admin,
    )
    is_problem(r, "budget-refused", 422)


def test_support_budget_supports_and_claims(api, national):
    rid = new_round(api, national, budget="national", parameters={"threshold": 1})
    r = api.post(
        f"{BASE}/rounds/{rid}/projects",
        {"id": "cantine", "goal": "500 EUR", "proposers": ["gr_lyon"]},
        national,
    )
    assert r.status_code == 201, r.get_json()
    for g in ("gr_lyon", "gr_lille"):
        r = api.post(f"{BASE}/rounds/{rid}/supports", {"voter": g, "project": "cantine"}, national)
        assert r.status_code == 201, r.get_json()
    assert r.get_json()["result"]["fundable"] == ["cantine"]
    # once per voter and project
    r = api.post(
        f"{BASE}/rounds/{rid}/supports", {"voter": "gr_lyon", "project": "cantine"}, national
    )
    is_problem(r, "conflict", 409)
    # a group that is not certified: the engine does not count its support
    r = api.post(
        f"{BASE}/rounds/{rid}/supports", {"voter": "gr_pau", "project": "cantine"}, national
    )
    doc = is_problem(r, "budget-refused", 422)
    assert doc["code"] == "budget.support.not_voter" and "gr_pau" in doc["reason"]
    # claims: up to the goal per supporter
    r = api.post(
        f"{BASE}/rounds/{rid}/claims",
        {"by": "gr_lille", "project": "cantine", "amount": "300 EUR"},
        national,
    )
    assert r.status_code == 201, r.get_json()
    r = api.post(
        f"{BASE}/rounds/{rid}/claims",
        {"by": "gr_lille", "project": "cantine", "amount": "300 EUR"},
        national,
    )
    is_problem(r, "budget-refused", 422)
    r = api.post(
        f"{BASE}/rounds/{rid}/claims",
        {"by": "gr_nantes", "project": "cantine", "amount": "10 EUR"},
        national,
    )
    is_problem(r, "budget-refused", 422)  # not a supporter
    claims = api.get(f"{BASE}/rounds/{rid}/claims", national).get_json()["claims"]
    assert [(c["by"], c["amount"]) for c in claims] == [("gr_lille", "300 EUR")]
