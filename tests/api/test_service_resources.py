"""Organisations, tokens, charter versions, members, queries and the audit endpoints."""

from __future__ import annotations

import datetime as dt

from apihelpers import CHARTERS, OPERATOR, is_problem

A = "/v1/organisations/alpha"
SOURCE = (CHARTERS / "action_commune.charter").read_text("utf-8")


def test_create_organisation(api):
    r = api.post("/v1/organisations", {"id": "alpha", "name": "Alpha"}, OPERATOR)
    assert r.status_code == 201
    doc = r.get_json()
    assert doc["id"] == "alpha" and doc["admin_token"]["scopes"] == ["admin"]
    assert r.headers["Location"] == "/v1/organisations/alpha"
    admin = doc["admin_token"]["token"]
    got = api.get(A, admin).get_json()
    assert got["name"] == "Alpha" and got["charter_in_force"] is None
    is_problem(
        api.post("/v1/organisations", {"id": "alpha", "name": "x"}, OPERATOR), "conflict", 409
    )


def test_tokens(api, two_orgs):
    admin = two_orgs["alpha"]
    r = api.post(f"{A}/tokens", {"name": "bot", "scopes": ["write"]}, admin)
    assert r.status_code == 201 and r.get_json()["token"].startswith("chtk_")
    listed = api.get(f"{A}/tokens", admin).get_json()["tokens"]
    assert {t["name"] for t in listed} == {"admin", "bot"}
    assert all("token" not in t and "secret_hash" not in t for t in listed)
    writer = r.get_json()["token"]
    is_problem(api.get(f"{A}/tokens", writer), "forbidden", 403)
    is_problem(api.delete(f"{A}/tokens/nope", admin), "not-found", 404)
    r = api.post(f"{A}/tokens", {"name": "x", "scopes": ["root"]}, admin)
    assert is_problem(r, "invalid-request", 422)["errors"][0]["path"] == "$.scopes[0]"


def test_charter_upload_list_fetch(api):
    admin = api.organisation("alpha")
    r = api.post(f"{A}/charters", {"source": SOURCE}, admin)
    assert r.status_code == 201, r.get_json()
    cv = r.get_json()
    assert cv["version"] == "2020-01" and cv["origin"] == "initial" and len(cv["sha256"]) == 64
    assert [c["version"] for c in api.get(f"{A}/charters", admin).get_json()["charters"]] == [
        "2020-01"
    ]
    full = api.get(f"{A}/charters/2020-01", admin).get_json()
    assert full["source"] == SOURCE and full["compiled"]["name"] == "Action Commune"
    src = api.get(f"{A}/charters/2020-01/source", admin)
    assert src.mimetype == "text/plain" and src.get_data(as_text=True) == SOURCE
    assert api.get(f"{A}/charters/2020-01/compiled", admin).get_json()["bodies"]
    is_problem(api.get(f"{A}/charters/1999", admin), "not-found", 404)
    # in force at a date: from its `effective` date on
    assert api.get(f"{A}/charter?at=2020-02-01", admin).get_json()["version"] == "2020-01"
    is_problem(api.get(f"{A}/charter?at=2019-12-31", admin), "no-charter", 409)


def test_bad_charter_comes_back_with_diagnostics(api):
    admin = api.organisation("alpha")
    bad = SOURCE.replace("body council", "body council council", 1)
    doc = is_problem(api.post(f"{A}/charters", {"source": bad}, admin), "charter-invalid", 422)
    d = doc["diagnostics"][0]
    assert d["line"] >= 1 and d["column"] >= 1 and d["message"]
    assert f"line {d['line']}" in doc["detail"]
    # a one-line text is compiled, never opened as a path on the server
    doc = is_problem(
        api.post(f"{A}/charters", {"source": "/etc/passwd"}, admin), "charter-invalid", 422
    )
    assert "root:" not in str(doc)


def test_second_version_needs_an_amendment_or_an_override(api):
    admin = api.organisation("alpha")
    assert api.post(f"{A}/charters", {"source": SOURCE}, admin).status_code == 201
    v2 = SOURCE.replace('version "2020-01"', 'version "2021-01"').replace(
        "effective 2020-01-15", "effective 2021-01-01"
    )
    is_problem(api.post(f"{A}/charters", {"source": v2}, admin), "amendment-required", 409)
    writer = api.token("alpha", admin, ["write"])
    is_problem(
        api.post(f"{A}/charters", {"source": v2, "override": True}, writer), "forbidden", 403
    )
    r = api.post(f"{A}/charters", {"source": v2, "override": True, "reason": "court order"}, admin)
    assert r.status_code == 201 and r.get_json()["origin"] == "override"
    entries = api.get(f"{A}/audit", admin).get_json()["entries"]
    last = entries[-1]
    assert last["action"] == "charter.override" and last["override"] is True
    assert last["payload"]["reason"] == "court order"
    # in force from today (its effective date is past: history is not rewritten)
    today = dt.date.today().isoformat()
    assert api.get(f"{A}/charter?at=2021-06-01", admin).get_json()["version"] == "2020-01"
    assert api.get(f"{A}/charter?at={today}", admin).get_json()["version"] == "2021-01"
    assert api.get(f"{A}/charter", admin).get_json()["in_force_from"] == today
    # a version effective in the future is in force from that date
    v4 = SOURCE.replace('version "2020-01"', 'version "2040-01"').replace(
        "effective 2020-01-15", "effective 2040-01-01"
    )
    assert api.post(f"{A}/charters", {"source": v4, "override": True}, admin).status_code == 201
    assert api.get(f"{A}/charter", admin).get_json()["version"] == "2021-01"
    assert api.get(f"{A}/charter?at=2040-01-01", admin).get_json()["version"] == "2040-01"
    # the same version twice is a conflict
    is_problem(api.post(f"{A}/charters", {"source": v2, "override": True}, admin), "conflict", 409)


def test_members_crud_and_seat_checks(api, two_orgs):
    admin = two_orgs["alpha"]
    ok = {
        "id": "lea",
        "name": "Léa",
        "bodies": ["council"],
        "attributes": {
            "employee": False,
            "contractor": False,
            "list_member": False,
            "candidate": False,
            "role": "copresident",
        },
    }
    r = api.post(f"{A}/members", ok, admin)
    assert r.status_code == 201, r.get_json()
    assert api.get(f"{A}/members/lea", admin).get_json()["name"] == "Léa"
    is_problem(api.post(f"{A}/members", ok, admin), "conflict", 409)
    # an employee may not sit on the council (red line): refused with the engine's reasons
    employee = {**ok, "id": "ondine", "attributes": {**ok["attributes"], "employee": True}}
    doc = is_problem(api.post(f"{A}/members", employee, admin), "not-eligible", 422)
    assert doc["errors"][0]["path"] == "$.bodies[0]" and doc["reasons"]
    # an attribute the charter does not declare
    doc = is_problem(
        api.post(f"{A}/members", {"id": "x", "attributes": {"employe": True}}, admin),
        "case-invalid",
        422,
    )
    assert "employe" in doc["errors"][0]["path"]
    # update: becoming an employee while seated on the council is refused too
    doc = is_problem(
        api.patch(f"{A}/members/lea", {"attributes": employee["attributes"]}, admin),
        "not-eligible",
        422,
    )
    r = api.patch(f"{A}/members/lea", {"bodies": [], "attributes": employee["attributes"]}, admin)
    assert r.status_code == 200 and r.get_json()["bodies"] == []
    assert [m["id"] for m in api.get(f"{A}/members", admin).get_json()["members"]] == ["lea"]
    assert api.delete(f"{A}/members/lea", admin).status_code == 204
    is_problem(api.get(f"{A}/members/lea", admin), "not-found", 404)
    is_problem(api.delete(f"{A}/members/lea", admin), "not-found", 404)


def test_competence_and_eligibility_queries(api, two_orgs):
    admin = two_orgs["alpha"]
    api.post(f"{A}/members", {"id": "ondine", "attributes": {"employee": True}}, admin)
    r = api.post(f"{A}/queries/competence", {"subject": "communication.social_media"}, admin)
    assert r.status_code == 200 and r.get_json()["body"] == "communication"
    r = api.post(f"{A}/queries/eligibility", {"member": "ondine", "body": "council"}, admin)
    doc = r.get_json()
    assert doc["kind"] == "eligibility" and doc["allowed"] is False
    assert "employee" in doc["explanation"]
    r = api.post(
        f"{A}/queries/eligibility",
        {"member": "ondine", "body": "council", "action": "propose"},
        admin,
    )
    assert r.get_json()["question"] == "propose"
    doc = is_problem(
        api.post(f"{A}/queries/eligibility", {"member": "ghost", "body": "council"}, admin),
        "case-invalid",
        422,
    )
    assert doc["errors"][0]["path"] == "$.member"
    is_problem(
        api.post(f"{A}/queries/competence", {"subject": "x", "at": "1990-01-01"}, admin),
        "no-charter",
        409,
    )
    # stateless: a charter by source, a member record
    r = api.post("/v1/queries/competence", {"charter": {"source": SOURCE}, "subject": "budget"})
    assert r.get_json()["body"] == "council"
    r = api.post(
        "/v1/queries/eligibility",
        {
            "charter": {"source": SOURCE},
            "member": {"id": "m", "attributes": {"employee": True}},
            "body": "council",
        },
    )
    assert r.get_json()["allowed"] is False
    # stateless on a stored charter: needs a read token of that organisation
    body = {"charter": {"organisation": "alpha", "version": "2020-01"}, "subject": "budget"}
    is_problem(api.post("/v1/queries/competence", body), "unauthorized", 401)
    is_problem(api.post("/v1/queries/competence", body, two_orgs["beta"]), "not-found", 404)
    assert api.post("/v1/queries/competence", body, admin).get_json()["body"] == "council"
    is_problem(api.post("/v1/queries/competence", {"subject": "budget"}), "invalid-request", 422)


def test_accept_language_asks_for_the_other_language(api):
    body = {"charter": {"source": SOURCE}, "subject": "budget"}
    fr = api.post("/v1/queries/competence", body).get_json()
    en = api.post("/v1/queries/competence", body, headers={"Accept-Language": "en"}).get_json()
    assert fr["language"] == "fr" and en["language"] == "en"
    assert fr["explanation"] != en["explanation"]


def test_audit_log_records_every_write(api, two_orgs):
    admin = two_orgs["alpha"]
    api.post(f"{A}/members", {"id": "m1"}, admin)
    api.patch(f"{A}/members/m1", {"name": "M"}, admin)
    entries = api.get(f"{A}/audit", admin).get_json()["entries"]
    assert [e["action"] for e in entries] == [
        "organisation.create",
        "charter.create",
        "member.create",
        "member.update",
    ]
    assert entries[0]["prev_hash"] == "0" * 64
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(entries, entries[1:], strict=False))
    assert api.get(f"{A}/audit?after=2&limit=1", admin).get_json()["entries"][0]["seq"] == 3
    is_problem(api.get(f"{A}/audit?limit=0", admin), "invalid-query", 400)
    v = api.get(f"{A}/audit/verify", admin).get_json()
    assert v["ok"] and v["chains"]["alpha"]["entries"] == 4
    reader = api.token("alpha", admin, ["read"])
    is_problem(api.get(f"{A}/audit", reader), "forbidden", 403)


def test_dates_are_utc_iso(api, two_orgs):
    created = api.get(A, two_orgs["alpha"]).get_json()["created_at"]
    assert created.endswith("Z")
    assert dt.datetime.fromisoformat(created.replace("Z", "+00:00")).tzinfo is not None
