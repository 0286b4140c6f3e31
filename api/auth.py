"""Bearer tokens: per-organisation tokens with scopes read ⊂ write ⊂ admin, and the
operator token from CHARTER_OPERATOR_TOKEN (creates organisations, acts as admin anywhere).

A token of one organisation asking for another organisation's resources gets 404, exactly
as if the organisation did not exist: it learns nothing about it.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from flask import current_app, g, request

from api.errors import Problem
from charter_engine.store import repo

IMPLIED = {"read": {"read"}, "write": {"read", "write"}, "admin": {"read", "write", "admin"}}


@dataclass
class Principal:
    kind: str  # "operator" | "token"
    organisation: str | None = None
    token_id: str | None = None
    scopes: set[str] = field(default_factory=set)

    @property
    def actor(self) -> str:
        return "operator" if self.kind == "operator" else f"token:{self.token_id}"

    def has(self, scope: str) -> bool:
        return self.kind == "operator" or scope in self.scopes


def _unauthorized(detail: str) -> Problem:
    p = Problem("unauthorized", detail)
    p.headers["WWW-Authenticate"] = 'Bearer realm="charter"'
    return p


def bearer() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise _unauthorized("use `Authorization: Bearer <token>`")
    return value.strip()


def principal(*, required: bool = True) -> Principal | None:
    """Who is asking; raises 401 for a malformed/unknown token (and when one is required)."""
    if "principal" in g:
        p = g.principal
    else:
        token = bearer()
        p = None
        if token is not None:
            operator = current_app.config.get("CHARTER_OPERATOR_TOKEN") or ""
            if operator and hmac.compare_digest(token.encode(), operator.encode()):
                p = Principal("operator")
            else:
                with current_app.extensions["charter.db"].read() as s:
                    row = repo.authenticate(s, token)
                    if row is None:
                        raise _unauthorized("the bearer token is unknown or revoked")
                    scopes: set[str] = set()
                    for sc in row.scopes:
                        scopes |= IMPLIED.get(sc, set())
                    p = Principal("token", row.organisation_id, row.id, scopes)
        g.principal = p
    if p is None and required:
        raise _unauthorized("this request needs a bearer token")
    return p


def require_operator() -> Principal:
    p = principal()
    assert p is not None
    if p.kind != "operator":
        raise Problem("forbidden", "only the operator token may do this")
    return p


def require_org(org_id: str, scope: str) -> Principal:
    """The caller may use `scope` on organisation `org_id` (which exists), or a Problem."""
    p = principal()
    assert p is not None
    if p.kind == "token" and p.organisation != org_id:
        raise Problem("not-found", f"no organisation {org_id!r}")
    if p.kind == "operator":  # a token's organisation exists (tokens cascade with it)
        with current_app.extensions["charter.db"].read() as s:
            if repo.get_organisation(s, org_id) is None:
                raise Problem("not-found", f"no organisation {org_id!r}")
    if not p.has(scope):
        raise Problem("forbidden", f"this request needs a token with the {scope!r} scope")
    return p
