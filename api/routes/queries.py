"""Competence and eligibility queries, on a stored organisation or on a given charter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint

from api import auth, engine
from api.errors import Problem
from api.http import db, endpoint, ok
from api.routes.charters import in_force
from charter_engine.store import repo

bp = Blueprint("queries", __name__)


def resolve_charter(ref: dict[str, Any], on: dt.date | None = None) -> Any:
    """A charter given by source, or by organisation (and version; default: in force)."""
    if "source" in ref:
        return engine.load(ref["source"])
    org = ref["organisation"]
    auth.require_org(org, "read")
    with db().read() as s:
        if "version" in ref:
            cv = repo.get_charter(s, org, ref["version"])
            if cv is None:
                raise Problem("not-found", f"no charter version {ref['version']!r}")
        else:
            cv = in_force(s, org, on)
        source = cv.source
    return engine.load(source)


def _date(body: dict[str, Any]) -> dt.date | None:
    return dt.date.fromisoformat(body["at"]) if "at" in body else None


def _member(org: str | None, member: Any) -> dict[str, Any]:
    if isinstance(member, dict):
        return member
    if org is None:
        raise Problem(
            "invalid-request",
            "without a stored organisation, give the member record, not an id",
            errors=[{"path": "$.member", "message": "a member record is needed here"}],
        )
    with db().read() as s:
        m = repo.get_member(s, org, member)
        if m is None:
            raise Problem(
                "case-invalid",
                f"{member!r} is not a member of this organisation",
                errors=[{"path": "$.member", "message": "unknown member"}],
            )
        return repo.member_case(m)


def _eligibility(charter: Any, org: str | None, body: dict[str, Any]) -> dict[str, Any]:
    return engine.may(
        charter, body.get("action", "seat"), _member(org, body["member"]), body["body"]
    )


@endpoint(
    bp,
    "/v1/organisations/<org:org>/queries/competence",
    method="POST",
    summary="Which body decides a subject, under the charter in force (or at `at`)",
    body="CompetenceQuery",
    problems=("no-charter",),
    response="Competence",
)
def org_competence(org, body):
    charter = resolve_charter(body.get("charter") or {"organisation": org}, _date(body))
    return ok(engine.competent_body(charter, body["subject"], body.get("body")))


@endpoint(
    bp,
    "/v1/organisations/<org:org>/queries/eligibility",
    method="POST",
    summary="May a member sit on, vote in, or propose to a body — with the reasons",
    body="EligibilityQuery",
    problems=("no-charter", "case-invalid"),
    response="Eligibility",
)
def org_eligibility(org, body):
    charter = resolve_charter(body.get("charter") or {"organisation": org}, _date(body))
    return ok(_eligibility(charter, org, body))


@endpoint(
    bp,
    "/v1/queries/competence",
    method="POST",
    summary="Stateless competence query on a given charter (source or stored reference)",
    auth_="optional",
    body="CompetenceQuery",
    problems=("charter-invalid", "not-found"),  # a stored charter not found
    response="Competence",
)
def competence(body):
    if "charter" not in body:
        raise Problem(
            "invalid-request",
            "give the charter (`source`, or `organisation` and `version`)",
            errors=[{"path": "$.charter", "message": "required here"}],
        )
    charter = resolve_charter(body["charter"], _date(body))
    return ok(engine.competent_body(charter, body["subject"], body.get("body")))


@endpoint(
    bp,
    "/v1/queries/eligibility",
    method="POST",
    summary="Stateless eligibility query on a given charter and member record",
    auth_="optional",
    body="EligibilityQuery",
    problems=("charter-invalid", "case-invalid", "not-found"),  # a stored charter not found
    response="Eligibility",
)
def eligibility(body):
    if "charter" not in body:
        raise Problem(
            "invalid-request",
            "give the charter (`source`, or `organisation` and `version`)",
            errors=[{"path": "$.charter", "message": "required here"}],
        )
    ref = body["charter"]
    return ok(_eligibility(resolve_charter(ref, _date(body)), ref.get("organisation"), body))
