"""Members, their attributes and their seats."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy.orm import Session

from api import engine
from api.errors import Problem
from api.http import actor, db, endpoint, iso, now, ok
from charter_engine.store import audit, repo

bp = Blueprint("members", __name__)


def member_json(m) -> dict:
    return {
        **repo.member_case(m),
        "bodies": list(m.bodies),
        "attributes": dict(m.attributes),
        "created_at": iso(m.created_at),
        "updated_at": iso(m.updated_at),
    }


def check_member(s: Session, org: str, record: dict) -> None:
    """Ask the engine whether the member record fits the charter in force: its attributes
    (by the engine's own case validation) and every explicit seat (`seat:` red lines)."""
    cv = repo.charter_in_force(s, org, now().date())
    if cv is None:
        return
    charter = engine.load(cv.source)
    engine.check_members(charter, [record], {"$.members[0]": "$"})
    for i, body in enumerate(record.get("bodies", [])):
        verdict = engine.may(charter, "seat", record, body)
        if not verdict.get("allowed", False):
            reasons = engine.reason_texts(verdict)
            raise Problem(
                "not-eligible",
                verdict.get("explanation") or f"{record['id']} may not sit on {body}",
                language=verdict.get("language"),
                reasons=reasons,
                eligibility=verdict,
                errors=[{"path": f"$.bodies[{i}]", "message": "; ".join(reasons)}],
            )


@endpoint(
    bp,
    "/v1/organisations/<org:org>/members",
    method="POST",
    summary="Add a member (attributes and explicit seats are checked against the charter)",
    auth_="write",
    body="MemberCreate",
    status=201,
    problems=("conflict", "not-eligible", "case-invalid"),
)
def create_member(org, body):
    record = {
        "id": body["id"],
        "name": body.get("name"),
        "bodies": body.get("bodies", []),
        "attributes": body.get("attributes", {}),
    }
    with db().write() as s:
        if repo.get_member(s, org, body["id"]) is not None:
            raise Problem("conflict", f"member {body['id']!r} already exists")
        check_member(s, org, {k: v for k, v in record.items() if v is not None})
        m = repo.add_member(s, org, record.pop("id"), **record)
        audit.append(
            s, org, actor=actor(), action="member.create", target=f"members/{m.id}", payload=body
        )
        out = member_json(m)
    return ok(out, 201, {"Location": f"/v1/organisations/{org}/members/{out['id']}"})


@endpoint(bp, "/v1/organisations/<org:org>/members", summary="List members")
def list_members(org, body):
    with db().read() as s:
        return ok({"members": [member_json(m) for m in repo.list_members(s, org)]})


def _get(s: Session, org: str, member_id: str):
    m = repo.get_member(s, org, member_id)
    if m is None:
        raise Problem("not-found", f"no member {member_id!r}")
    return m


@endpoint(bp, "/v1/organisations/<org:org>/members/<id:member_id>", summary="One member")
def get_member(org, member_id, body):
    with db().read() as s:
        return ok(member_json(_get(s, org, member_id)))


@endpoint(
    bp,
    "/v1/organisations/<org:org>/members/<id:member_id>",
    method="PATCH",
    summary="Change a member's name, attributes or seats (given fields replace the stored ones)",
    auth_="write",
    body="MemberUpdate",
    problems=("not-eligible", "case-invalid"),
)
def update_member(org, member_id, body):
    with db().write() as s:
        m = _get(s, org, member_id)
        if "name" in body:
            m.name = body["name"]
        if "attributes" in body:
            m.attributes = body["attributes"]
        if "bodies" in body:
            m.bodies = body["bodies"]
        check_member(
            s,
            org,
            {"id": m.id, "bodies": list(m.bodies), "attributes": dict(m.attributes)},
        )
        m.updated_at = now()
        audit.append(
            s, org, actor=actor(), action="member.update", target=f"members/{m.id}", payload=body
        )
        s.flush()
        return ok(member_json(m))


@endpoint(
    bp,
    "/v1/organisations/<org:org>/members/<id:member_id>",
    method="DELETE",
    summary="Remove a member who has cast no ballot (otherwise: 409; remove their seats instead)",
    auth_="write",
    status=204,
    problems=("conflict",),
)
def delete_member(org, member_id, body):
    with db().write() as s:
        m = _get(s, org, member_id)
        s.delete(m)
        s.flush()  # a ballot referencing the member makes this fail: 409 (IntegrityError)
        audit.append(
            s, org, actor=actor(), action="member.delete", target=f"members/{member_id}", payload={}
        )
    return ok(None, 204)
