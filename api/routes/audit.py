"""The audit log of an organisation, and its verification."""

from __future__ import annotations

import json

from flask import Blueprint, request

from api.errors import Problem
from api.http import db, endpoint, ok
from charter_engine.store import audit
from charter_engine.store.models import AuditEntry

bp = Blueprint("audit", __name__)


def entry_json(e: AuditEntry) -> dict:
    return {
        "seq": e.seq,
        "at": e.at,
        "actor": e.actor,
        "action": e.action,
        "target": e.target,
        "override": e.override,
        "payload": json.loads(e.payload),
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    }


@endpoint(
    bp,
    "/v1/organisations/<org:org>/audit",
    summary="The organisation's audit log (hash-chained), oldest first",
    auth_="admin",
    query={
        "after": {"type": "integer", "minimum": 0, "description": "entries after this seq"},
        "limit": {"type": "integer", "minimum": 1, "maximum": 1000},
    },
)
def list_audit(org, body):
    try:
        after = int(request.args.get("after", 0))
        limit = int(request.args.get("limit", 100))
        if after < 0 or not 1 <= limit <= 1000 or after > 2**62:
            raise ValueError
    except ValueError:
        raise Problem(
            "invalid-query",
            "after is an integer >= 0 and limit an integer from 1 to 1000",
            errors=[{"path": "query", "message": "bad after/limit"}],
        ) from None
    from sqlalchemy import select

    with db().read() as s:
        rows = s.execute(
            select(AuditEntry)
            .where(AuditEntry.chain == org, AuditEntry.seq > after)
            .order_by(AuditEntry.seq)
            .limit(limit)
        ).scalars()
        return ok({"entries": [entry_json(e) for e in rows]})


@endpoint(
    bp,
    "/v1/organisations/<org:org>/audit/verify",
    summary="Verify the organisation's audit chain (detects altered or deleted entries)",
    auth_="admin",
)
def verify_audit(org, body):
    with db().read() as s:
        return ok(audit.verify(s, org).to_dict())
