"""Budget rounds, projects, allocations, supports and claims — each judged by the engine.

Each write builds the round's budget case from the stored items plus the new one and asks
the engine; if the engine rejects the new item (window closed, proposers missing, beyond the
envelope or the goal, claim over the limit, ...), it is refused with the engine's reason and
nothing is stored.  The round row is locked while an item is judged and recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint
from sqlalchemy.orm import Session

from api import engine
from api.errors import Problem
from api.http import actor, db, endpoint, iso, now, ok, query_datetime
from api.routes.charters import in_force
from charter_engine.store import audit, repo
from charter_engine.store.models import CharterVersion, Round

bp = Blueprint("budgets", __name__)
NEW_CLAIM = "new-claim"


def project_case(p) -> dict[str, Any]:
    return {"id": p.id, **p.data}


def allocation_case(a) -> dict[str, Any]:
    return {"member": a.member, "project": a.project, "amount": a.amount, "at": iso(a.at)}


def support_case(x) -> dict[str, Any]:
    return {"voter": x.voter, "project": x.project, "at": iso(x.at)}


def claim_case(c) -> dict[str, Any]:
    return {
        "id": f"claim-{c.id}",
        "by": c.by,
        "project": c.project,
        "amount": c.amount,
        "at": iso(c.at),
    }


def items_case(s: Session, r: Round) -> dict[str, list[dict[str, Any]]]:
    items = repo.round_items(s, r.id)
    return {
        "projects": [project_case(p) for p in items["projects"]],
        "allocations": [allocation_case(a) for a in items["allocations"]],
        "supports": [support_case(x) for x in items["supports"]],
        "claims": [claim_case(c) for c in items["claims"]],
    }


def budget_case(s: Session, org: str, r: Round, items: dict, at: dt.datetime) -> dict[str, Any]:
    case: dict[str, Any] = {
        "members": repo.member_cases(s, org),
        "budget": r.budget,
        "at": iso(at),
    }
    if r.spec:
        case["round"] = dict(r.spec)
    if r.parameters:
        case["parameters"] = dict(r.parameters)
    for key in ("projects", "allocations", "supports", "claims"):
        if items.get(key):
            case[key] = items[key]
    return case


def round_json(r: Round, cv: CharterVersion | None = None) -> dict[str, Any]:
    return {
        "id": r.id,
        "budget": r.budget,
        "round": dict(r.spec),
        "parameters": dict(r.parameters),
        "created_at": iso(r.created_at),
        "charter": {"version": cv.version, "sha256": cv.sha256} if cv else None,
    }


def _round(s: Session, org: str, rid: int, *, lock: bool = False) -> tuple[Round, Any]:
    r = repo.get_round(s, org, rid, lock=lock)
    if r is None:
        raise Problem("not-found", f"no round {rid}")
    cv = s.get(CharterVersion, r.charter_version_id)
    assert cv is not None
    return r, engine.load(cv.source)


def _require_project(s, r, rid, project: str) -> None:
    """An allocation, support or claim names a project of its round."""
    if repo.get_project(s, r.id, project) is None:
        raise Problem(
            "case-invalid",
            f"no project {project!r} in round {rid}",
            errors=[{"path": "$.project", "message": "unknown project"}],
        )


def _entries(result: dict[str, Any], key: str, match: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for e in result.get(key, []):
        if isinstance(e, str):
            e = {"id": e}
        if all(
            e.get(k) in (v, None) if k == "project" else e.get(k) == v for k, v in match.items()
        ):
            out.append(e)
    return out


def judge(
    charter: Any,
    base: dict[str, Any],
    candidate: dict[str, Any],
    key: str,
    match: dict[str, Any],
    what: str,
) -> dict[str, Any]:
    """Refuse `candidate` if the engine rejects it (more `key` entries matching `match` with it
    than without it).  Returns the engine's result with the candidate."""
    lang = engine.language()
    before = engine.evaluate(charter, base, lang)
    after = engine.evaluate(charter, candidate, lang)
    b, a = _entries(before, key, match), _entries(after, key, match)
    if len(a) > len(b):
        e = a[-1]
        reason = e.get("reason") or e.get("code") or "refused"
        raise Problem(
            "budget-refused",
            reason,
            language=after.get("language"),
            reason=reason,
            code=e.get("code"),
            rejection=e,
        )
    return after


# --------------------------------------------------------------------------- rounds


@endpoint(
    bp,
    "/v1/organisations/<org:org>/rounds",
    method="POST",
    summary="Open a budget round of one of the charter's budgets",
    auth_="write",
    body="RoundCreate",
    status=201,
    problems=("no-charter", "case-invalid"),
)
def create_round(org, body):
    with db().write() as s:
        cv = in_force(s, org)
        charter = engine.load(cv.source)
        r = repo.add_round(
            s,
            organisation_id=org,
            charter_version_id=cv.id,
            budget=body["budget"],
            spec={"meeting": body["meeting"]} if "meeting" in body else {},
            parameters=body.get("parameters", {}),
        )
        result = engine.evaluate(charter, budget_case(s, org, r, {}, now()), engine.language())
        audit.append(
            s, org, actor=actor(), action="round.create", target=f"rounds/{r.id}", payload=body
        )
        out = round_json(r, cv)
    out["result"] = result
    return ok(out, 201, {"Location": f"/v1/organisations/{org}/rounds/{out['id']}"})


@endpoint(bp, "/v1/organisations/<org:org>/rounds", summary="List budget rounds")
def list_rounds(org, body):
    with db().read() as s:
        return ok({"rounds": [round_json(r) for r in repo.list_rounds(s, org)]})


@endpoint(
    bp,
    "/v1/organisations/<org:org>/rounds/<key:rid>",
    summary="A round with its items and the engine's live result",
    query={"at": {"type": "string", "format": "date-time", "description": "when to ask"}},
    problems=("case-invalid",),
)
def get_round(org, rid, body):
    at = query_datetime("at") or now()
    with db().read() as s:
        r, charter = _round(s, org, rid)
        items = items_case(s, r)
        result = engine.evaluate(charter, budget_case(s, org, r, items, at), engine.language())
        out = round_json(r, s.get(CharterVersion, r.charter_version_id))
    return ok({**out, **items, "result": result})


def _list(kind: str):
    def view(org, rid, body):
        with db().read() as s:
            r, _ = _round(s, org, rid)
            return ok({kind: items_case(s, r)[kind]})

    return view


for _kind in ("projects", "allocations", "supports", "claims"):
    _v = _list(_kind)
    _v.__name__ = f"list_{_kind}"
    endpoint(
        bp,
        f"/v1/organisations/<org:org>/rounds/<key:rid>/{_kind}",
        summary=f"List the round's {_kind}",
    )(_v)


@endpoint(
    bp,
    "/v1/organisations/<org:org>/rounds/<key:rid>/projects",
    method="POST",
    summary="Propose a project (window, proposers and eligibility judged by the engine)",
    auth_="write",
    body="ProjectCreate",
    status=201,
    problems=("budget-refused", "conflict", "case-invalid"),
)
def create_project(org, rid, body):
    at = now()
    with db().write() as s:
        r, charter = _round(s, org, rid, lock=True)
        if repo.get_project(s, r.id, body["id"]) is not None:
            raise Problem("conflict", f"project {body['id']!r} exists in round {rid}")
        data = {k: body[k] for k in ("title", "goal", "proposers") if k in body}
        data["proposed"] = iso(at)
        items = items_case(s, r)
        with_new = {**items, "projects": items["projects"] + [{"id": body["id"], **data}]}
        result = judge(
            charter,
            budget_case(s, org, r, items, at),
            budget_case(s, org, r, with_new, at),
            "rejected_projects",
            {"id": body["id"]},
            "project",
        )
        repo.add_project(s, r.id, body["id"], data)
        audit.append(
            s,
            org,
            actor=actor(),
            action="project.create",
            target=f"rounds/{rid}/projects/{body['id']}",
            payload={**body, "proposed": data["proposed"]},
        )
    return ok({"project": {"id": body["id"], **data}, "result": result}, 201)


@endpoint(
    bp,
    "/v1/organisations/<org:org>/rounds/<key:rid>/allocations",
    method="POST",
    summary="Allocate part of a member's envelope to a project (replaces that member's "
    "allocation to that project)",
    auth_="write",
    body="AllocationCreate",
    status=201,
    problems=("budget-refused", "case-invalid"),
)
def create_allocation(org, rid, body):
    """Refused with the engine's reason when outside the window, beyond the member's envelope,
    or (with `overfunding: no`) beyond what the project still misses."""
    at = now()
    with db().write() as s:
        r, charter = _round(s, org, rid, lock=True)
        _require_project(s, r, rid, body["project"])
        items = items_case(s, r)
        items["allocations"] = [
            a
            for a in items["allocations"]
            if not (a["member"] == body["member"] and a["project"] == body["project"])
        ]
        new = {**body, "at": iso(at)}
        with_new = {**items, "allocations": items["allocations"] + [new]}
        result = judge(
            charter,
            budget_case(s, org, r, items, at),
            budget_case(s, org, r, with_new, at),
            "rejected_allocations",
            {"id": body["member"], "project": body["project"]},
            "allocation",
        )
        amount, revision = repo.put_allocation(
            s, org, r.id, body["member"], body["project"], body["amount"], at
        )
        audit.append(
            s,
            org,
            actor=actor(),
            action="allocation.put",
            target=f"rounds/{rid}/allocations/{body['member']}/{body['project']}",
            payload={**new, "revision": revision},
        )
    return ok(
        {"allocation": {**new, "revision": revision}, "result": result},
        201 if revision == 1 else 200,
    )


@endpoint(
    bp,
    "/v1/organisations/<org:org>/rounds/<key:rid>/supports",
    method="POST",
    summary="Support a project (support budgets; once per voter and project)",
    auth_="write",
    body="SupportCreate",
    status=201,
    problems=("budget-refused", "conflict", "case-invalid"),
)
def create_support(org, rid, body):
    """Refused when the engine does not count the support (the voter is not among the
    budget's voters); a second support of the same project by the same voter is a 409."""
    at = now()
    with db().write() as s:
        r, charter = _round(s, org, rid, lock=True)
        _require_project(s, r, rid, body["project"])
        items = items_case(s, r)
        if any(
            x["voter"] == body["voter"] and x["project"] == body["project"]
            for x in items["supports"]
        ):
            raise Problem("conflict", f"{body['voter']} already supports {body['project']}")
        new = {**body, "at": iso(at)}
        with_new = {**items, "supports": items["supports"] + [new]}
        after = judge(
            charter,
            budget_case(s, org, r, items, at),
            budget_case(s, org, r, with_new, at),
            "rejected_supports",
            {"id": body["voter"], "project": body["project"]},
            "support",
        )
        if not repo.add_support(s, org, r.id, body["voter"], body["project"], at):
            raise Problem("conflict", f"{body['voter']} already supports {body['project']}")
        audit.append(
            s,
            org,
            actor=actor(),
            action="support.create",
            target=f"rounds/{rid}/supports/{body['voter']}/{body['project']}",
            payload=new,
        )
    return ok({"support": new, "result": after}, 201)


@endpoint(
    bp,
    "/v1/organisations/<org:org>/rounds/<key:rid>/claims",
    method="POST",
    summary="Claim a reimbursement (support budgets; valid up to the goal per supporter)",
    auth_="write",
    body="ClaimCreate",
    status=201,
    problems=("budget-refused", "case-invalid"),
)
def create_claim(org, rid, body):
    at = now()
    with db().write() as s:
        r, charter = _round(s, org, rid, lock=True)
        _require_project(s, r, rid, body["project"])
        items = items_case(s, r)
        new = {"id": NEW_CLAIM, **body, "at": iso(at)}
        with_new = {**items, "claims": items["claims"] + [new]}
        result = judge(
            charter,
            budget_case(s, org, r, items, at),
            budget_case(s, org, r, with_new, at),
            "rejected_claims",
            {"id": NEW_CLAIM},
            "claim",
        )
        c = repo.add_claim(s, org, r.id, body["by"], body["project"], body["amount"], at)
        claim = claim_case(c)
        audit.append(
            s,
            org,
            actor=actor(),
            action="claim.create",
            target=f"rounds/{rid}/claims/{c.id}",
            payload=claim,
        )
    return ok({"claim": claim, "result": result}, 201)
