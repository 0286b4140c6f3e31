"""Proposals, ballots, live decisions and closing.

Every judgement is the engine's: the service builds the scenario case from the stored
rows (members, the proposal, its ballots) and asks `Charter.evaluate`.  A new ballot is
judged by the engine's `judge_ballot` on what its fate depends on (the voter's record, the
attendance, the voter's stored ballot; with proxies, every stored ballot); if the engine
rejects it, it is refused with the engine's reason and nothing is stored.  Ballots pass the
proposal's gate shared and lock its row FOR SHARE on PostgreSQL (a ballot carrying proxies:
exclusive), so that closing the proposal, recording attendance or ruling an objection (gate
exclusive, FOR UPDATE) never interleaves with a ballot being judged and recorded, and is not
starved by a stream of ballots (repo.proposal_gate); SQLite's write transactions (BEGIN
IMMEDIATE) run one at a time.  The unique constraint (proposal, voter) makes a double vote
impossible.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, request
from sqlalchemy.orm import Session

from api import engine, requests
from api.errors import Problem
from api.http import actor, db, endpoint, iso, now, ok, query_datetime
from api.routes.charters import in_force, store_version
from charter_engine import case as case_model
from charter_engine.store import audit, repo
from charter_engine.store.models import CharterVersion, Proposal

bp = Blueprint("proposals", __name__)

# the fields of the case model's proposal that a stored proposal keeps as its spec (its title
# and an amendment's text are kept apart), and those of a ballot beside its voter
CASE_FIELDS = tuple(
    f
    for f in requests.fields("ProposalCreate")
    if f in case_model.Proposal.model_fields and f not in ("title", "charter")
)
BALLOT_FIELDS = tuple(f for f in requests.fields("BallotCast") if f != "voter")


def parse_when(value: str | None, *, end_of_day: bool = False) -> dt.datetime | None:
    if value is None:
        return None
    if len(value) == 10:
        d = dt.date.fromisoformat(value)
        start = dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)
        return start + dt.timedelta(days=1) if end_of_day else start
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def proposal_json(p: Proposal, cv: Any = None) -> dict[str, Any]:
    """A stored proposal, in the shape it was created in (the case model's proposal fields,
    its title, text and attendance), with what the service adds: id, status, the competent
    body, the charter version it is judged under, and once closed its recorded outcome."""
    out: dict[str, Any] = {
        "id": p.id,
        "status": p.status,
        **dict(p.spec),
        "title": p.title,
        "text": p.text,
        "present": p.present,
        "competent_body": p.body,
        "objections": list(p.objections),
        "created_at": iso(p.created_at),
        "closed_at": iso(p.closed_at),
        "outcome": p.outcome,
        "charter": {"version": cv.version, "sha256": cv.sha256} if cv else None,
    }
    if p.amendment_source is not None:
        out["amendment"] = {"version": p.amendment_version, "sha256": p.amendment_sha256}
    if p.status == "closed":
        out["decision"] = {
            "outcome": p.outcome,
            "charter_version": p.decision_charter_version,
            "charter_sha256": p.decision_charter_sha256,
        }
    return out


def proposal_case(
    members: list[dict[str, Any]],
    spec: dict[str, Any],
    *,
    title: str | None = None,
    amendment: str | None = None,
    present: list[str] | None = None,
    objections: list[dict[str, Any]] | None = None,
    ballots: list[dict[str, Any]] | None = None,
    at: dt.datetime | None = None,
    still_open: bool = True,
) -> dict[str, Any]:
    """The engine's case for a stored proposal (charter_engine/case.py, a ProposalCase). While
    the proposal is open and has no closing date, the case says it is `open`: its decision is
    pending unless no ballot still possible can change it."""
    proposal = dict(spec)
    if title:
        proposal["title"] = title
    if amendment is not None:
        proposal["charter"] = amendment
    if still_open and "closes" not in proposal:
        proposal["open"] = True
    case: dict[str, Any] = {"members": members, "proposal": proposal, "ballots": ballots or []}
    if present is not None:
        case["present"] = list(present)
    if objections:
        case["objections"] = list(objections)
    if at is not None:
        case["at"] = iso(at)
    return case


def build_case(
    s: Session,
    org: str,
    p: Proposal,
    ballots: list[dict[str, Any]] | None = None,
    at: dt.datetime | None = None,
    spec: dict[str, Any] | None = None,
) -> dict[str, Any]:
    spec = spec if spec is not None else p.spec
    return proposal_case(
        repo.member_cases(s, org),
        spec,
        title=p.title,
        amendment=p.amendment_source,
        present=p.present,
        objections=p.objections,
        ballots=ballots
        if ballots is not None
        else [repo.ballot_case(b) for b in repo.list_ballots(s, p.id)],
        at=at,
        still_open=p.status == "open" and "closes" not in spec,
    )


class _Version:
    def __init__(self, version: str, sha256: str):
        self.version, self.sha256 = version, sha256


def _charter_of(s: Session, p: Proposal | int) -> tuple[_Version, Any]:
    """The proposal's charter version (identity) and compiled charter — the source is read
    only when this process has not compiled that text yet."""
    cv_id = p if isinstance(p, int) else p.charter_version_id
    version, sha = repo.charter_identity(s, cv_id)
    return _Version(version, sha), _charter_by(cv_id, sha, s)


# where the case's facts come from in the request that tables a proposal
PROPOSAL_PATHS = {"$.proposal": "$", "$.present": "$.present"}
# the engine's reasons that mean the proposal is not validly tabled, and the field at fault
NOT_TABLED = {
    "invalid.unknown_body": ("case-invalid", "$.body"),
    "invalid.outside": ("not-competent", "$.subject"),
    "invalid.body": ("not-competent", "$.body"),
    "invalid.proposer": ("not-eligible", "$.proposer"),
}


def refuse_when_not_validly_tabled(decision: dict[str, Any], body: dict[str, Any]) -> None:
    """The engine's decision on a proposal as tabled: refused when it cannot be before the
    body at all (its reasons, in the engine's language)."""
    if decision.get("outcome") != "invalid":
        return
    for reason in decision.get("reasons", []):
        if reason["code"] in NOT_TABLED:
            kind, path = NOT_TABLED[reason["code"]]
            raise Problem(
                kind,
                reason["text"],
                language=decision.get("language"),
                decision=decision,
                errors=[{"path": path, "message": reason["text"]}],
            )


def _get(s: Session, org: str, pid: int, *, lock: bool = False) -> Proposal:
    p = repo.get_proposal(s, org, pid, lock=lock)
    if p is None:
        raise Problem("not-found", f"no proposal {pid}")
    return p


def _member_record(s: Session, org: str, member_id: str, path: str) -> dict[str, Any]:
    m = repo.get_member(s, org, member_id)
    if m is None:
        raise Problem(
            "case-invalid",
            f"{member_id!r} is not a member of this organisation",
            errors=[{"path": path, "message": "unknown member"}],
        )
    return repo.member_case(m)


# --------------------------------------------------------------------------- proposals


@endpoint(
    bp,
    "/v1/organisations/<org:org>/proposals",
    method="POST",
    summary="Table a proposal (competence and the proposer's right are checked)",
    auth_="write",
    body="ProposalCreate",
    status=201,
    problems=("not-competent", "not-eligible", "no-charter", "charter-invalid", "case-invalid"),
)
def create_proposal(org, body):
    """The charter in force at the proposal's opening (or now) judges it for its whole life.
    The engine judges the proposal as tabled: a `body` that does not exist, a subject no body
    decides, a `body` that is not the competent one, or a proposer who may not propose to it
    is refused with the engine's reason; anything else the engine says (notice, consultation,
    ...) is its decision's business, not a refusal. A proposal of subject `amendment` carries
    the new charter text in `charter.source`; the new version takes effect when the proposal
    is closed adopted."""
    spec = {k: body[k] for k in CASE_FIELDS if k in body}
    opens = parse_when(spec.get("opens"))
    with db().write() as s:
        cv = in_force(s, org, (opens or now()).date())
        charter = engine.load(cv.source)
        for field in ("proposer", "chair"):
            if field in spec:
                _member_record(s, org, spec[field], f"$.{field}")
        for i, c in enumerate(spec.get("concerns", [])):
            _member_record(s, org, c, f"$.concerns[{i}]")
        amendment: dict[str, Any] = {}
        if spec["subject"] == "amendment":
            if "charter" not in body:
                raise Problem(
                    "invalid-request",
                    "an amendment proposal carries the new charter text in `charter.source`",
                    errors=[{"path": "$.charter", "message": "required for subject amendment"}],
                )
            new = engine.load(body["charter"]["source"])
            if repo.get_charter(s, org, str(new.version)) is not None:
                raise Problem(
                    "conflict",
                    f"charter version {new.version!r} exists; give the new text a new version",
                )
            amendment = {
                "amendment_source": new.source,
                "amendment_sha256": new.sha256,
                "amendment_version": str(new.version),
            }
        elif "charter" in body:
            raise Problem(
                "invalid-request",
                "only a proposal of subject `amendment` carries a charter",
                errors=[{"path": "$.charter", "message": "allowed only for subject amendment"}],
            )
        # the engine judges the proposal as tabled (no ballot yet), through the case model
        case = proposal_case(
            repo.member_cases(s, org),
            spec,
            title=body.get("title"),
            amendment=amendment.get("amendment_source"),
            present=body.get("present"),
            at=now(),
        )
        decision = engine.evaluate(charter, case, engine.language(), paths=PROPOSAL_PATHS)
        refuse_when_not_validly_tabled(decision, body)
        p = repo.add_proposal(
            s,
            organisation_id=org,
            charter_version_id=cv.id,
            subject=spec["subject"],
            body=decision["body"],
            title=body.get("title"),
            text=body.get("text"),
            spec=spec,
            present=body.get("present"),
            objections=[],
            **amendment,
        )
        audit.append(
            s,
            org,
            actor=actor(),
            action="proposal.create",
            target=f"proposals/{p.id}",
            payload={**body, "charter": {"sha256": amendment.get("amendment_sha256")}}
            if amendment
            else body,
        )
        out = proposal_json(p, cv)
        out["decision"] = decision
    return ok(out, 201, {"Location": f"/v1/organisations/{org}/proposals/{out['id']}"})


@endpoint(
    bp,
    "/v1/organisations/<org:org>/proposals",
    summary="List proposals",
    query={"status": {"type": "string", "enum": ["open", "closed"]}},
)
def list_proposals(org, body):
    status = request.args.get("status")
    if status not in (None, "open", "closed"):
        raise Problem(
            "invalid-query",
            "status is open or closed",
            errors=[{"path": "query.status", "message": "expected open or closed"}],
        )
    with db().read() as s:
        rows = repo.list_proposals(s, org, status)
        return ok({"proposals": [proposal_json(p) for p in rows]})


@endpoint(bp, "/v1/organisations/<org:org>/proposals/<key:pid>", summary="One proposal")
def get_proposal(org, pid, body):
    with db().read() as s:
        p = _get(s, org, pid)
        return ok(proposal_json(p, s.get(CharterVersion, p.charter_version_id)))


@endpoint(
    bp,
    "/v1/organisations/<org:org>/proposals/<key:pid>/decision",
    summary="The live decision (or, once closed, the recorded one)",
    query={"at": {"type": "string", "format": "date-time", "description": "when to ask"}},
    problems=("case-invalid",),
    response="RecordedDecision",
)
def get_decision(org, pid, body):
    """For an open proposal: the engine's decision on the stored ballots, now (or `at`),
    with `outcome` (pending unless already certain), `certain`, the tests and their figures,
    the rejected ballots with reasons and the explanation (`Accept-Language: fr|en`)."""
    at = query_datetime("at")
    with db().read() as s:
        p = _get(s, org, pid)
        if p.status == "closed" and at is None:
            return ok({**(p.decision or {}), "recorded": True, "closed_at": iso(p.closed_at)})
        cv, charter = _charter_of(s, p)
        case = build_case(s, org, p, at=at or now())
        decision = engine.evaluate(charter, case, engine.language())
    decision["recorded"] = False
    return ok(decision)


def _charter_by(cv_id: int, sha: str, s: Session) -> Any:
    """The compiled charter of a version whose identity is known (compiled once per process)."""
    return engine.cached(sha) or engine.load(repo.charter_source(s, cv_id))


@endpoint(
    bp,
    "/v1/organisations/<org:org>/proposals/<key:pid>/ballots",
    method="POST",
    summary="Cast (or replace) a ballot; refused with the engine's reason if it would not count",
    auth_="write",
    body="BallotCast",
    status=201,
    problems=("ballot-refused", "proposal-closed", "case-invalid"),
    response="BallotRecorded",
)
def cast_ballot(org, pid, body):
    """One ballot per voter and proposal. A second ballot replaces the first until the
    close, unless the rule says `ballots: final`. A ballot the engine would not count
    (voter outside the electorate, vote closed, a final ballot already cast, ...) is refused
    (422 ballot-refused) with the engine's reason; nothing is stored. A proxy it carries
    that would not count (beyond the limit, for someone who voted in person, ...) does not
    refuse it: the ballot is stored with its proxies, the answer's
    `judgement.proxies_set_aside` says which and why, and the decision sets them aside.
    Answers 201 for a first ballot, 200 for a replacement, with the ballot's `revision`,
    the engine's `judgement` of the ballot (body, rule, whether ballots are final) and a
    link to the live decision (`links.decision`: GET it for the outcome and the counts)."""
    voter = body["voter"]
    data = {k: body[k] for k in BALLOT_FIELDS if k in body}
    # A ballot is judged by the engine on what its fate depends on (judge_ballot): the voter's
    # record, the attendance and the voter's stored ballot — not the other ballots, so ballots
    # on one proposal are judged side by side under a shared lock of the proposal row. A
    # ballot carrying proxies also depends on the ballots of the people it represents and of
    # their other carriers: it is judged with every stored ballot, under the exclusive lock.
    proxies = bool(data.get("proxies"))
    lang = engine.language()
    with db().write() as s:
        row = repo.ballot_context(s, org, pid, voter, exclusive=proxies)
        if row is None:
            raise Problem("not-found", f"no proposal {pid}")
        if row.status == "closed":
            raise Problem("proposal-closed", f"proposal {pid} was closed at {iso(row.closed_at)}")
        charter = _charter_by(row.charter_version_id, row.sha256, s)
        at = now()
        new = {"voter": voter, **data, "at": iso(at)}
        present = list(row.present) if row.present is not None else None
        if proxies:
            members = repo.member_cases(s, org)
            ballots = repo.ballot_cases(s, pid) + [new]
        else:
            members = [{"id": m} for m in present or () if m != voter]
            if row.member_id is not None:
                members.append(
                    repo.member_record(
                        row.member_id, row.member_name, row.member_bodies, row.member_attributes
                    )
                )
            ballots = [new]
            if row.ballot_data is not None:
                ballots.insert(
                    0, {"voter": voter, **row.ballot_data, "at": iso(row.ballot_cast_at)}
                )
        case = proposal_case(members, row.spec, present=present, ballots=ballots, at=at)
        paths = {f"$.ballots[{len(ballots) - 1}]": "$"}  # the ballot sent
        judgement = engine.judge_ballot(charter, case, voter, lang, paths)
        if judgement["rejected"]:  # the ballot's own fault; proxies it carries never refuse it
            first = judgement["rejected"][0]
            reason = first.get("reason") or first.get("code", "refused")
            raise Problem(
                "ballot-refused",
                reason,
                language=judgement.get("language"),
                reason=reason,
                code=first.get("code"),
                rejected_ballot=first,
                rejected_ballots=judgement["rejected"],
            )
        recorded = repo.put_ballot(
            s,
            proposal_id=pid,
            org_id=org,
            voter=voter,
            data=data,
            cast_at=at,
            replace=not judgement["final"],
        )
        if recorded is None:  # a concurrent final ballot won the unique constraint
            reason = (
                f"ballots are final under rule {judgement['rule']!r}: {voter} has already voted"
            )
            raise Problem("ballot-refused", reason, reason=reason, code="ballot.final")
        ballot_id, revision = recorded
        # the last statement before the commit: the chain's head stays locked briefly
        audit.append(
            s,
            org,
            actor=actor(),
            action="ballot.replace" if revision > 1 else "ballot.cast",
            target=f"proposals/{pid}/ballots/{voter}",
            payload={**data, "voter": voter, "revision": revision, "at": iso(at)},
        )
    out = {
        "ballot": {"id": ballot_id, "voter": voter, **data, "at": iso(at), "revision": revision},
        "replaced": revision > 1,
        "judgement": judgement,
        "links": {"decision": f"/v1/organisations/{org}/proposals/{pid}/decision"},
    }
    return ok(out, 201 if revision == 1 else 200)


def ballot_json(b) -> dict[str, Any]:
    return {"id": b.id, **repo.ballot_case(b), "revision": b.revision}


@endpoint(
    bp,
    "/v1/organisations/<org:org>/proposals/<key:pid>/ballots",
    summary="The stored ballots (one per voter: the latest)",
)
def list_ballots(org, pid, body):
    with db().read() as s:
        p = _get(s, org, pid)
        return ok({"ballots": [ballot_json(b) for b in repo.list_ballots(s, p.id)]})


@endpoint(
    bp,
    "/v1/organisations/<org:org>/proposals/<key:pid>/ballots/<id:voter>",
    summary="One voter's ballot",
)
def get_ballot(org, pid, voter, body):
    with db().read() as s:
        p = _get(s, org, pid)
        b = repo.get_ballot(s, p.id, voter)
        if b is None:
            raise Problem("not-found", f"{voter!r} has no ballot on proposal {pid}")
        return ok(ballot_json(b))


@endpoint(
    bp,
    "/v1/organisations/<org:org>/proposals/<key:pid>/attendance",
    method="PUT",
    summary="Record who is present at the meeting (replaces the list)",
    auth_="write",
    body="Attendance",
    problems=("proposal-closed", "case-invalid"),
)
def put_attendance(org, pid, body):
    with db().write() as s:
        p = _get(s, org, pid, lock=True)
        if p.status == "closed":
            raise Problem("proposal-closed", f"proposal {pid} is closed")
        for i, m in enumerate(body["present"]):
            _member_record(s, org, m, f"$.present[{i}]")
        p.present = list(body["present"])
        audit.append(
            s,
            org,
            actor=actor(),
            action="proposal.attendance",
            target=f"proposals/{pid}",
            payload=body,
        )
        s.flush()
        return ok(proposal_json(p))


@endpoint(
    bp,
    "/v1/organisations/<org:org>/proposals/<key:pid>/objections",
    method="POST",
    summary="Record a ruling on an objection (withdrawn, or invalid with who and why)",
    auth_="write",
    body="ObjectionRuling",
    problems=("proposal-closed", "case-invalid"),
)
def rule_objection(org, pid, body):
    """The engine judges the ruling (e.g. only the person the rule names may rule an objection
    invalid); both the objection and its ruling stay in the record."""
    with db().write() as s:
        p = _get(s, org, pid, lock=True)
        if p.status == "closed":
            raise Problem("proposal-closed", f"proposal {pid} is closed")
        _member_record(s, org, body["voter"], "$.voter")
        if "by" in body:
            _member_record(s, org, body["by"], "$.by")
        p.objections = [o for o in p.objections if o.get("voter") != body["voter"]] + [body]
        _, charter = _charter_of(s, p)
        engine.evaluate(charter, build_case(s, org, p, at=now()))  # validates the ruling
        audit.append(
            s,
            org,
            actor=actor(),
            action="proposal.objection",
            target=f"proposals/{pid}",
            payload=body,
        )
        s.flush()
        return ok(proposal_json(p))


@endpoint(
    bp,
    "/v1/organisations/<org:org>/proposals/<key:pid>/close",
    method="POST",
    summary="Close the vote now and record the Decision (with charter version and SHA-256)",
    auth_="write",
    body="ProposalClose",
    body_required=False,
    problems=("proposal-closed", "case-invalid"),
)
def close_proposal(org, pid, body):
    """The vote ends now (or at its `closes` time if that has passed); the engine's Decision
    is stored with the charter version and the SHA-256 of the charter source it was judged
    under, and can no longer change. An adopted amendment's charter takes effect (from its
    `effective` date, or today)."""
    with db().write() as s:
        p = _get(s, org, pid, lock=True)
        if p.status == "closed":
            raise Problem("proposal-closed", f"proposal {pid} was closed at {iso(p.closed_at)}")
        cv, charter = _charter_of(s, p)
        at = now()
        spec = dict(p.spec)
        closes = parse_when(spec.get("closes"), end_of_day=True)
        if closes is None or closes > at:
            spec["closes"] = iso(at)
        decision = engine.evaluate(
            charter, build_case(s, org, p, at=at, spec=spec), engine.language()
        )
        p.spec = spec
        p.status = "closed"
        p.closed_at = at
        p.outcome = decision.get("outcome")
        p.decision = decision
        p.decision_charter_version = cv.version
        p.decision_charter_sha256 = cv.sha256
        adopted_version = None
        if p.subject == "amendment" and p.outcome == "adopted" and p.amendment_source:
            new = engine.load(p.amendment_source)
            nv = store_version(s, org, new, origin="amendment", proposal_id=p.id)
            adopted_version = nv.version
        audit.append(
            s,
            org,
            actor=actor(),
            action="proposal.close",
            target=f"proposals/{pid}",
            payload={
                "outcome": p.outcome,
                "charter_version": cv.version,
                "charter_sha256": cv.sha256,
                "note": body.get("note"),
                "amendment_in_force": adopted_version,
            },
        )
        s.flush()
        out = proposal_json(p, cv)
    out["decision"] = decision
    out["amendment_in_force"] = adopted_version
    return ok(out)
