"""Charter versions: compiled at upload; amendments only through adopted proposals."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response
from sqlalchemy.orm import Session

from api import engine
from api.errors import Problem
from api.http import actor, db, endpoint, iso, now, ok, query_date
from charter_engine.store import audit, repo

bp = Blueprint("charters", __name__)


def charter_json(cv, *, full: bool = False) -> dict:
    out = {
        "version": cv.version,
        "name": cv.name,
        "language": cv.language,
        "effective": iso(cv.effective),
        "in_force_from": iso(cv.in_force_from),
        "sha256": cv.sha256,
        "origin": cv.origin,
        "proposal": cv.proposal_id,
        "created_at": iso(cv.created_at),
    }
    if full:
        out["source"] = cv.source
        out["compiled"] = cv.compiled
    return out


def store_version(s: Session, org: str, charter, *, origin: str, proposal_id: int | None = None):
    """Insert a compiled charter as a version of `org` (the caller audits it)."""
    if repo.get_charter(s, org, str(charter.version)) is not None:
        raise Problem(
            "conflict", f"organisation {org!r} already has a charter version {charter.version!r}"
        )
    summary = engine.charter_summary(charter)
    effective = dt.date.fromisoformat(summary["effective"]) if summary["effective"] else None
    return repo.add_charter(
        s,
        organisation_id=org,
        version=summary["version"],
        name=summary["name"],
        language=summary["language"],
        effective=effective,
        in_force_from=(
            effective or now().date()
            if origin == "initial"
            else max(effective or now().date(), now().date())
        ),
        source=charter.source,
        sha256=summary["sha256"],
        compiled=engine.compiled(charter),
        origin=origin,
        proposal_id=proposal_id,
    )


def in_force(s: Session, org: str, on: dt.date | None = None):
    cv = repo.charter_in_force(s, org, on or now().date())
    if cv is None:
        raise Problem(
            "no-charter",
            f"organisation {org!r} has no charter in force on {(on or now().date()).isoformat()}",
        )
    return cv


@endpoint(
    bp,
    "/v1/organisations/<org:org>/charters",
    method="POST",
    summary="Upload a charter version (the first one; later ones need an amendment)",
    auth_="admin",
    body="CharterUpload",
    status=201,
    problems=("charter-invalid", "amendment-required", "conflict"),
)
def upload_charter(org, body):
    """The text is compiled on upload; a charter that does not compile is refused with the
    checker's diagnostics (line, column, message). Once an organisation has a charter, a new
    version takes effect only through an adopted proposal of subject `amendment` carrying it,
    unless `override: true` is given by an admin or the operator — recorded as an override in
    the audit log."""
    charter = engine.load(body["source"])
    with db().write() as s:
        existing = repo.count_charters(s, org)
        if existing and not body.get("override"):
            raise Problem(
                "amendment-required",
                "this organisation already has a charter: propose the new version with a "
                "proposal of subject `amendment` carrying `charter.source` (or, as an admin, "
                "upload it with `override: true`, which the audit log records)",
            )
        origin = "override" if existing else "initial"
        cv = store_version(s, org, charter, origin=origin)
        audit.append(
            s,
            org,
            actor=actor(),
            action="charter.override" if existing else "charter.create",
            target=f"charters/{cv.version}",
            payload={"version": cv.version, "sha256": cv.sha256, "reason": body.get("reason")},
            override=bool(existing),
        )
        out = charter_json(cv)
    return ok(out, 201, {"Location": f"/v1/organisations/{org}/charters/{out['version']}"})


@endpoint(bp, "/v1/organisations/<org:org>/charters", summary="List charter versions")
def list_charters(org, body):
    with db().read() as s:
        return ok({"charters": [charter_json(cv) for cv in repo.list_charters(s, org)]})


@endpoint(
    bp,
    "/v1/organisations/<org:org>/charter",
    summary="The charter version in force at a date (default: today)",
    query={"at": {"type": "string", "format": "date", "description": "YYYY-MM-DD"}},
    problems=("no-charter",),
)
def charter_in_force(org, body):
    on = query_date("at")
    with db().read() as s:
        return ok(charter_json(in_force(s, org, on)))


def _get(s: Session, org: str, version: str):
    cv = repo.get_charter(s, org, version)
    if cv is None:
        raise Problem("not-found", f"no charter version {version!r}")
    return cv


@endpoint(
    bp,
    "/v1/organisations/<org:org>/charters/<version:version>",
    summary="One charter version, with its source and compiled form",
)
def get_charter(org, version, body):
    with db().read() as s:
        return ok(charter_json(_get(s, org, version), full=True))


@endpoint(
    bp,
    "/v1/organisations/<org:org>/charters/<version:version>/source",
    summary="The source text of a charter version",
    produces="text/plain",
)
def get_charter_source(org, version, body):
    with db().read() as s:
        cv = _get(s, org, version)
        return Response(cv.source, mimetype="text/plain", headers={"ETag": f'"{cv.sha256}"'})


@endpoint(
    bp,
    "/v1/organisations/<org:org>/charters/<version:version>/compiled",
    summary="The compiled form of a charter version (the engine's model as JSON)",
)
def get_charter_compiled(org, version, body):
    with db().read() as s:
        return ok(_get(s, org, version).compiled)
