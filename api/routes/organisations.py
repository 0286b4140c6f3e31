"""Organisations and their tokens."""

from __future__ import annotations

from flask import Blueprint, g

from api.errors import Problem
from api.http import actor, db, endpoint, iso, now, ok
from charter_engine.store import audit, repo

bp = Blueprint("organisations", __name__)


def org_json(o) -> dict:
    return {"id": o.id, "name": o.name, "created_at": iso(o.created_at)}


def token_json(t) -> dict:
    return {
        "id": t.id,
        "name": t.name,
        "scopes": list(t.scopes),
        "created_at": iso(t.created_at),
        "revoked_at": iso(t.revoked_at),
    }


@endpoint(
    bp,
    "/v1/organisations",
    method="POST",
    summary="Create an organisation and its first admin token (operator only)",
    auth_="operator",
    body="OrganisationCreate",
    status=201,
    problems=("conflict",),
)
def create_organisation(body):
    """The admin token's secret is in the answer and nowhere else: it is stored hashed."""
    with db().write() as s:
        if repo.get_organisation(s, body["id"]) is not None:
            raise Problem("conflict", f"organisation {body['id']!r} already exists")
        org = repo.add_organisation(s, body["id"], body["name"])
        tok, secret = repo.add_token(s, org.id, body.get("admin_token_name", "admin"), ["admin"])
        audit.append(
            s,
            org.id,
            actor=actor(),
            action="organisation.create",
            target=f"organisations/{org.id}",
            payload={"name": org.name, "admin_token": tok.id},
        )
        out = org_json(org)
    out["admin_token"] = {**token_json(tok), "token": secret}
    return ok(out, 201, {"Location": f"/v1/organisations/{out['id']}"})


@endpoint(
    bp,
    "/v1/organisations",
    summary="List organisations (all for the operator; the token's own otherwise)",
    auth_="any",
)
def list_organisations(body):
    p = g.principal
    with db().read() as s:
        rows = repo.list_organisations(s, None if p.kind == "operator" else p.organisation)
        return ok({"organisations": [org_json(o) for o in rows]})


@endpoint(bp, "/v1/organisations/<org:org>", summary="One organisation", auth_="read")
def get_organisation(org, body):
    with db().read() as s:
        o = repo.get_organisation(s, org)
        data = org_json(o)
        cv = repo.charter_in_force(s, org, now().date())
        data["charter_in_force"] = (
            {"version": cv.version, "sha256": cv.sha256, "name": cv.name} if cv else None
        )
        data["charter_versions"] = repo.count_charters(s, org)
    return ok(data)


@endpoint(
    bp,
    "/v1/organisations/<org:org>/tokens",
    method="POST",
    summary="Create a token with scopes read, write and/or admin",
    auth_="admin",
    body="TokenCreate",
    status=201,
)
def create_token(org, body):
    with db().write() as s:
        tok, secret = repo.add_token(s, org, body["name"], body["scopes"])
        audit.append(
            s,
            org,
            actor=actor(),
            action="token.create",
            target=f"tokens/{tok.id}",
            payload={"name": tok.name, "scopes": list(tok.scopes)},
        )
        out = {**token_json(tok), "token": secret}
    return ok(out, 201)


@endpoint(bp, "/v1/organisations/<org:org>/tokens", summary="List tokens", auth_="admin")
def list_tokens(org, body):
    with db().read() as s:
        return ok({"tokens": [token_json(t) for t in repo.list_tokens(s, org)]})


@endpoint(
    bp,
    "/v1/organisations/<org:org>/tokens/<id:token_id>",
    method="DELETE",
    summary="Revoke a token",
    auth_="admin",
)
def revoke_token(org, token_id, body):
    with db().write() as s:
        tok = repo.get_token(s, org, token_id)
        if tok is None:
            raise Problem("not-found", f"no token {token_id!r}")
        if tok.revoked_at is None:
            tok.revoked_at = now()
            audit.append(
                s, org, actor=actor(), action="token.revoke", target=f"tokens/{tok.id}", payload={}
            )
        return ok(token_json(tok))
