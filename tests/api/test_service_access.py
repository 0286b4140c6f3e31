"""Access control and input checks on EVERY route, enumerated from the Flask URL map:
a wrong token gets 401, another organisation's token gets 404, a token without the scope
gets 403, and a body that does not match its schema gets 422 with JSON paths."""

from __future__ import annotations

import json
import re

import pytest
from apihelpers import OPERATOR, is_problem

from api import create_app


def _routes():
    """(method, rule, meta) for every documented route (a throwaway app just to list them)."""
    app = create_app({"CHARTER_DATABASE_URL": "sqlite://", "CHARTER_CHECK_MIGRATED": False})
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        meta = app.view_functions[rule.endpoint].openapi
        out.append((meta["method"], rule.rule, meta))
    app.extensions["charter.db"].dispose()
    return sorted(out, key=lambda t: (t[1], t[0]))


ROUTES = _routes()
ORG_ROUTES = [r for r in ROUTES if "<org:org>" in r[1]]
AUTHED = [r for r in ROUTES if r[2]["auth"] not in ("public", "optional")]
WITH_BODY = [r for r in ROUTES if r[2]["body"]]
SCOPED = [r for r in ORG_ROUTES if r[2]["auth"] in ("write", "admin")]


def concrete(rule: str, org: str = "beta") -> str:
    values = {"org": org, "id": "someone", "version": "2020-01", "key": "1"}

    def sub(m):
        conv = m.group(1) or "default"
        return values.get(conv, "x")

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", sub, rule)


def ids(routes):
    return [f"{m} {r}" for m, r, _ in routes]


@pytest.mark.parametrize(("method", "rule", "meta"), AUTHED, ids=ids(AUTHED))
def test_wrong_token_is_401(api, two_orgs, method, rule, meta):
    for token in ("chtk_0000000000000000_nope", "garbage"):
        r = api.call(method, concrete(rule, "alpha"), json={}, token=token)
        is_problem(r, "unauthorized", 401)
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    r = api.call(method, concrete(rule, "alpha"), json={})
    is_problem(r, "unauthorized", 401)


@pytest.mark.parametrize(("method", "rule", "meta"), ORG_ROUTES, ids=ids(ORG_ROUTES))
def test_other_organisations_token_is_404(api, two_orgs, method, rule, meta):
    # alpha's admin token, on beta's resources (which exist): not found, as if absent
    r = api.call(method, concrete(rule, "beta"), json={}, token=two_orgs["alpha"])
    doc = is_problem(r, "not-found", 404)
    assert "beta" in doc["detail"]


@pytest.mark.parametrize(("method", "rule", "meta"), SCOPED, ids=ids(SCOPED))
def test_read_token_cannot_write(api, two_orgs, method, rule, meta):
    reader = api.token("alpha", two_orgs["alpha"], ["read"])
    r = api.call(method, concrete(rule, "alpha"), json={}, token=reader)
    is_problem(r, "forbidden", 403)


@pytest.mark.parametrize(("method", "rule", "meta"), WITH_BODY, ids=ids(WITH_BODY))
def test_bad_body_is_422_with_paths(api, two_orgs, method, rule, meta):
    token = OPERATOR if meta["auth"] == "operator" else two_orgs["alpha"]
    r = api.call(method, concrete(rule, "alpha"), json={"__bogus__": [1, 2]}, token=token)
    if r.status_code == 404:  # the resource itself (proposal 1, round 1) does not exist
        return
    doc = is_problem(r, "invalid-request", 422)
    assert doc["errors"] and all(e["path"].startswith("$") for e in doc["errors"])


@pytest.mark.parametrize(("method", "rule", "meta"), WITH_BODY, ids=ids(WITH_BODY))
def test_non_object_bodies_never_500(api, two_orgs, method, rule, meta):
    token = OPERATOR if meta["auth"] == "operator" else two_orgs["alpha"]
    for body in ([], "x", 3, None, {"a": {"b": {"c": [None]}}}):
        r = api.call(
            method,
            concrete(rule, "alpha"),
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
            token=token,
        )
        assert r.status_code in (400, 404, 422), (body, r.status_code, r.get_json())


def test_revoked_token_is_401(api, two_orgs):
    admin = two_orgs["alpha"]
    r = api.post("/v1/organisations/alpha/tokens", {"name": "w", "scopes": ["write"]}, admin)
    tok = r.get_json()
    assert api.get("/v1/organisations/alpha", tok["token"]).status_code == 200
    r = api.delete(f"/v1/organisations/alpha/tokens/{tok['id']}", admin)
    assert r.status_code == 200 and r.get_json()["revoked_at"]
    is_problem(api.get("/v1/organisations/alpha", tok["token"]), "unauthorized", 401)


def test_tampered_secret_is_401(api, two_orgs):
    token = two_orgs["alpha"]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    is_problem(api.get("/v1/organisations/alpha", forged), "unauthorized", 401)


def test_only_the_operator_creates_organisations(api, two_orgs):
    r = api.post("/v1/organisations", {"id": "gamma", "name": "G"}, two_orgs["alpha"])
    is_problem(r, "forbidden", 403)


def test_tokens_are_stored_hashed(app, api, two_orgs):
    from sqlalchemy import select

    from charter_engine.store.models import Token

    secret = two_orgs["alpha"].split("_", 2)[2]
    with app.extensions["charter.db"].read() as s:
        stored = [t.secret_hash for t in s.execute(select(Token)).scalars()]
    assert all(len(h) == 64 for h in stored)
    assert all(secret not in h for h in stored)


def test_organisation_listing_is_scoped(api, two_orgs):
    assert [
        o["id"] for o in api.get("/v1/organisations", two_orgs["alpha"]).get_json()["organisations"]
    ] == ["alpha"]
    ids_ = [o["id"] for o in api.get("/v1/organisations", OPERATOR).get_json()["organisations"]]
    assert ids_ == ["alpha", "beta"]
