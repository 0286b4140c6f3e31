"""Repositories: the only code that reads and writes rows.  No Flask here.

Each function takes the caller's Session; the caller owns the transaction
(`Database.read()` / `Database.write()`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, Engine, Row, bindparam, func, select, text
from sqlalchemy.orm import Session

from charter_engine.store.models import (
    Allocation,
    Ballot,
    CharterVersion,
    Claim,
    Member,
    Organisation,
    Project,
    Proposal,
    Round,
    Support,
    Token,
    utcnow,
)
from charter_engine.store.sql import _insert, insert_for

TOKEN_PREFIX = "chtk"
SCOPES = ("read", "write", "admin")


# --------------------------------------------------------------------------- organisations


def get_organisation(session: Session, org_id: str) -> Organisation | None:
    return session.get(Organisation, org_id)


def list_organisations(session: Session, only: str | None = None) -> Sequence[Organisation]:
    q = select(Organisation).order_by(Organisation.id)
    if only is not None:
        q = q.where(Organisation.id == only)
    return session.execute(q).scalars().all()


def add_organisation(session: Session, org_id: str, name: str) -> Organisation:
    org = Organisation(id=org_id, name=name, created_at=utcnow())
    session.add(org)
    session.flush()
    return org


# --------------------------------------------------------------------------- tokens


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def add_token(session: Session, org_id: str, name: str, scopes: Sequence[str]) -> tuple[Token, str]:
    """Create a token; returns the row and the bearer string (shown once, stored hashed)."""
    token_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    row = Token(
        id=token_id,
        organisation_id=org_id,
        name=name,
        scopes=sorted(set(scopes), key=SCOPES.index),
        secret_hash=hash_secret(secret),
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row, f"{TOKEN_PREFIX}_{token_id}_{secret}"


@functools.cache
def _token_statement() -> Any:
    tokens = Token.__table__
    return select(
        tokens.c.id,
        tokens.c.organisation_id,
        tokens.c.scopes,
        tokens.c.secret_hash,
        tokens.c.revoked_at,
    ).where(tokens.c.id == bindparam("token_id"))


def authenticate(session: Session, bearer: str) -> Row[Any] | None:
    """The live token matching `bearer` (its id, organisation_id and scopes), compared in
    constant time; None otherwise.  Asked on every request: one Core statement, no ORM."""
    parts = bearer.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    row = session.connection().execute(_token_statement(), {"token_id": parts[1]}).first()
    expected = row.secret_hash if row is not None else hash_secret("")
    ok = hmac.compare_digest(expected, hash_secret(parts[2]))
    if row is None or not ok or row.revoked_at is not None:
        return None
    return row


def list_tokens(session: Session, org_id: str) -> Sequence[Token]:
    q = select(Token).where(Token.organisation_id == org_id).order_by(Token.created_at, Token.id)
    return session.execute(q).scalars().all()


def get_token(session: Session, org_id: str, token_id: str) -> Token | None:
    row = session.get(Token, token_id)
    return row if row is not None and row.organisation_id == org_id else None


# --------------------------------------------------------------------------- charters


def list_charters(session: Session, org_id: str) -> Sequence[CharterVersion]:
    q = (
        select(CharterVersion)
        .where(CharterVersion.organisation_id == org_id)
        .order_by(CharterVersion.in_force_from, CharterVersion.id)
    )
    return session.execute(q).scalars().all()


def get_charter(session: Session, org_id: str, version: str) -> CharterVersion | None:
    q = select(CharterVersion).where(
        CharterVersion.organisation_id == org_id, CharterVersion.version == version
    )
    return session.execute(q).scalar_one_or_none()


def count_charters(session: Session, org_id: str) -> int:
    q = select(func.count()).select_from(CharterVersion)
    return session.execute(q.where(CharterVersion.organisation_id == org_id)).scalar_one()


def charter_in_force(session: Session, org_id: str, on: dt.date) -> CharterVersion | None:
    """The version in force on `on`: the latest one that took effect on or before it."""
    q = (
        select(CharterVersion)
        .where(CharterVersion.organisation_id == org_id, CharterVersion.in_force_from <= on)
        .order_by(CharterVersion.in_force_from.desc(), CharterVersion.id.desc())
        .limit(1)
    )
    return session.execute(q).scalar_one_or_none()


def charter_identity(session: Session, version_id: int) -> tuple[str, str]:
    """(version, sha256) of a stored charter version, without its (large) source."""
    q = select(CharterVersion.version, CharterVersion.sha256).where(CharterVersion.id == version_id)
    version, sha = session.execute(q).one()
    return version, sha


def charter_source(session: Session, version_id: int) -> str:
    q = select(CharterVersion.source).where(CharterVersion.id == version_id)
    return session.execute(q).scalar_one()


def add_charter(session: Session, **fields: Any) -> CharterVersion:
    row = CharterVersion(created_at=utcnow(), **fields)
    session.add(row)
    session.flush()
    return row


# --------------------------------------------------------------------------- members


def list_members(session: Session, org_id: str) -> Sequence[Member]:
    q = select(Member).where(Member.organisation_id == org_id).order_by(Member.id)
    return session.execute(q).scalars().all()


def get_member(session: Session, org_id: str, member_id: str) -> Member | None:
    return session.get(Member, (org_id, member_id))


def add_member(session: Session, org_id: str, member_id: str, **fields: Any) -> Member:
    now = utcnow()
    row = Member(organisation_id=org_id, id=member_id, created_at=now, updated_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def member_record(
    member_id: str, name: str | None, bodies: list[Any] | None, attributes: dict[str, Any] | None
) -> dict[str, Any]:
    """A member as the scenario format writes it, from its columns."""
    out: dict[str, Any] = {"id": member_id}
    if name:
        out["name"] = name
    if bodies:
        out["bodies"] = list(bodies)
    if attributes:
        out["attributes"] = dict(attributes)
    return out


def member_case(m: Member) -> dict[str, Any]:
    """A member as the scenario format writes it."""
    return member_record(m.id, m.name, m.bodies, m.attributes)


_MEMBER_CACHE: dict[tuple[str, str], tuple[tuple[Any, ...], list[dict[str, Any]]]] = {}


def member_cases(session: Session, org_id: str) -> list[dict[str, Any]]:
    """Every member in the scenario format.  Read on every ballot, so a process-local copy
    is reused while the organisation's member stamp (count, latest update) is unchanged;
    every member write changes the stamp (creation and deletion the count, an update
    `updated_at`).  The returned list must not be mutated."""
    stamp_q = select(func.count(), func.max(Member.updated_at)).where(
        Member.organisation_id == org_id
    )
    stamp = tuple(session.execute(stamp_q).one())
    bind = session.get_bind()  # the service's sessions are bound to an Engine
    url = bind.url if isinstance(bind, Engine) else bind.engine.url
    key = (str(url), org_id)
    hit = _MEMBER_CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    members = _load_member_cases(session, org_id)
    if len(_MEMBER_CACHE) > 256:
        _MEMBER_CACHE.clear()
    _MEMBER_CACHE[key] = (stamp, members)
    return members


def _load_member_cases(session: Session, org_id: str) -> list[dict[str, Any]]:
    q = (
        select(Member.id, Member.name, Member.bodies, Member.attributes)
        .where(Member.organisation_id == org_id)
        .order_by(Member.id)
    )
    return [member_record(*row) for row in session.execute(q)]


# --------------------------------------------------------------------------- proposals


def add_proposal(session: Session, **fields: Any) -> Proposal:
    row = Proposal(created_at=utcnow(), status="open", **fields)
    session.add(row)
    session.flush()
    return row


def get_proposal(
    session: Session, org_id: str, proposal_id: int, *, lock: bool = False
) -> Proposal | None:
    q = select(Proposal).where(Proposal.id == proposal_id, Proposal.organisation_id == org_id)
    if lock:  # lock the row and reload it: another transaction may just have changed it
        proposal_gate(session, proposal_id, exclusive=True)  # behind the ballots in flight
        q = q.with_for_update().execution_options(populate_existing=True)
    return session.execute(q).scalar_one_or_none()


PROPOSAL_GATE = 0x63686172  # the advisory-lock namespace of proposals' gates ("char")


def proposal_gate(session: Session, proposal_id: int, *, exclusive: bool) -> None:
    """Pass a proposal's gate, held until the transaction ends: shared by the ballots cast on
    it, exclusive for whatever changes the proposal (closing, attendance, objection rulings,
    a ballot judged with the other ballots).  On PostgreSQL it is a transaction-level
    advisory lock, whose queue is fair: once a close waits, the ballots that arrive after it
    wait behind it, so a steady stream of ballots cannot starve the close (row locks do not
    promise that: FOR SHARE is granted past a waiting FOR UPDATE).  SQLite's write
    transactions (BEGIN IMMEDIATE) already run one at a time: nothing to do."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return
    conn.execute(_GATE[exclusive], {"ns": PROPOSAL_GATE, "proposal": proposal_id})


_GATE = {
    exclusive: text(
        f"SELECT {'pg_advisory_xact_lock' if exclusive else 'pg_advisory_xact_lock_shared'}"
        "(CAST(:ns AS integer), CAST(:proposal AS integer))"
    )
    for exclusive in (False, True)
}


@functools.cache
def _ballot_context_statement(exclusive: bool) -> Any:
    proposals, versions = Proposal.__table__, CharterVersion.__table__
    members, ballots = Member.__table__, Ballot.__table__
    voter: BindParameter[str] = bindparam("voter")
    return (
        select(
            proposals.c.status,
            proposals.c.closed_at,
            proposals.c.spec,
            proposals.c.present,
            proposals.c.charter_version_id,
            versions.c.sha256,
            members.c.id.label("member_id"),
            members.c.name.label("member_name"),
            members.c.bodies.label("member_bodies"),
            members.c.attributes.label("member_attributes"),
            ballots.c.data.label("ballot_data"),
            ballots.c.cast_at.label("ballot_cast_at"),
        )
        .select_from(proposals)
        .join(versions, versions.c.id == proposals.c.charter_version_id)
        .outerjoin(
            members,
            (members.c.organisation_id == proposals.c.organisation_id) & (members.c.id == voter),
        )
        .outerjoin(ballots, (ballots.c.proposal_id == proposals.c.id) & (ballots.c.voter == voter))
        .where(
            proposals.c.id == bindparam("proposal"), proposals.c.organisation_id == bindparam("org")
        )
        .with_for_update(read=not exclusive, of=proposals)
    )


def ballot_context(
    session: Session, org_id: str, proposal_id: int, voter: str, *, exclusive: bool = False
) -> Row[Any] | None:
    """What judging `voter`'s new ballot on a proposal needs, in one statement: the proposal's
    status, scenario fields and attendance, its charter version (id and sha256), the
    voter's member record (`member_id` None when not a member) and the voter's stored ballot
    (`ballot_data` None when none).

    The proposal's gate is passed first (`proposal_gate`) and its row locked, both until the
    transaction ends: shared (FOR SHARE) — ballots on one proposal are judged side by side,
    while closing it, recording attendance or an objection ruling (exclusive gate, FOR
    UPDATE) waits for them and they wait for it — or, with `exclusive`, exclusively (a ballot
    whose fate depends on other voters' ballots).  SQLite has no row locks: its write
    transactions (BEGIN IMMEDIATE) already run one at a time."""
    proposal_gate(session, proposal_id, exclusive=exclusive)
    params = {"proposal": proposal_id, "org": org_id, "voter": voter}
    return session.connection().execute(_ballot_context_statement(exclusive), params).first()


def list_proposals(session: Session, org_id: str, status: str | None = None) -> Sequence[Proposal]:
    q = select(Proposal).where(Proposal.organisation_id == org_id).order_by(Proposal.id)
    if status:
        q = q.where(Proposal.status == status)
    return session.execute(q).scalars().all()


def list_ballots(session: Session, proposal_id: int) -> Sequence[Ballot]:
    q = select(Ballot).where(Ballot.proposal_id == proposal_id).order_by(Ballot.cast_at, Ballot.id)
    return session.execute(q).scalars().all()


def get_ballot(session: Session, proposal_id: int, voter: str) -> Ballot | None:
    q = select(Ballot).where(Ballot.proposal_id == proposal_id, Ballot.voter == voter)
    return session.execute(q).scalar_one_or_none()


@functools.cache
def _put_ballot_statement(dialect: str, replace: bool) -> Any:
    ballots = Ballot.__table__
    ins = insert_for(dialect, ballots)
    if replace:
        stmt = ins.on_conflict_do_update(
            index_elements=["proposal_id", "voter"],
            set_={
                "data": ins.excluded.data,
                "cast_at": ins.excluded.cast_at,
                "revision": ballots.c.revision + 1,
            },
        )
    else:
        stmt = ins.on_conflict_do_nothing(index_elements=["proposal_id", "voter"])
    return stmt.returning(ballots.c.id, ballots.c.revision)


def put_ballot(
    session: Session,
    *,
    proposal_id: int,
    org_id: str,
    voter: str,
    data: dict[str, Any],
    cast_at: dt.datetime,
    replace: bool,
) -> tuple[int, int] | None:
    """Record a ballot atomically; returns (ballot id, revision).

    With `replace`, an existing ballot of the voter is replaced (revision + 1) by one
    upsert statement; without it, a second ballot is not recorded and None is returned
    (the unique constraint decides, not a prior SELECT).
    """
    conn = session.connection()
    stmt = _put_ballot_statement(conn.dialect.name, replace)
    values = {
        "proposal_id": proposal_id,
        "organisation_id": org_id,
        "voter": voter,
        "data": data,
        "cast_at": cast_at,
        "revision": 1,
    }
    row = conn.execute(stmt, values).first()
    if row is None:
        return None
    return int(row[0]), int(row[1])


def ballot_cases(session: Session, proposal_id: int) -> list[dict[str, Any]]:
    """The stored ballots in the scenario format, in casting order (plain rows)."""
    q = (
        select(Ballot.voter, Ballot.data, Ballot.cast_at)
        .where(Ballot.proposal_id == proposal_id)
        .order_by(Ballot.cast_at, Ballot.id)
    )
    return [
        {"voter": voter, **data, "at": cast_at.isoformat().replace("+00:00", "Z")}
        for voter, data, cast_at in session.execute(q)
    ]


def ballot_case(b: Ballot) -> dict[str, Any]:
    out: dict[str, Any] = {"voter": b.voter}
    out.update(b.data)
    out["at"] = b.cast_at.isoformat().replace("+00:00", "Z")
    return out


# --------------------------------------------------------------------------- budgets


def add_round(session: Session, **fields: Any) -> Round:
    row = Round(created_at=utcnow(), **fields)
    session.add(row)
    session.flush()
    return row


def get_round(session: Session, org_id: str, round_id: int, *, lock: bool = False) -> Round | None:
    q = select(Round).where(Round.id == round_id, Round.organisation_id == org_id)
    if lock:
        q = q.with_for_update().execution_options(populate_existing=True)
    return session.execute(q).scalar_one_or_none()


def list_rounds(session: Session, org_id: str) -> Sequence[Round]:
    q = select(Round).where(Round.organisation_id == org_id).order_by(Round.id)
    return session.execute(q).scalars().all()


def round_items(session: Session, round_id: int) -> dict[str, list[Any]]:
    def rows(model, *order):
        return list(
            session.execute(
                select(model).where(model.round_id == round_id).order_by(*order)
            ).scalars()
        )

    return {
        "projects": rows(Project, Project.created_at, Project.id),
        "allocations": rows(Allocation, Allocation.at, Allocation.member, Allocation.project),
        "supports": rows(Support, Support.at, Support.voter, Support.project),
        "claims": rows(Claim, Claim.id),
    }


def get_project(session: Session, round_id: int, project_id: str) -> Project | None:
    return session.get(Project, (round_id, project_id))


def add_project(session: Session, round_id: int, project_id: str, data: dict[str, Any]) -> Project:
    row = Project(round_id=round_id, id=project_id, data=data, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def put_allocation(
    session: Session,
    org_id: str,
    round_id: int,
    member: str,
    project: str,
    amount: str,
    at: dt.datetime,
) -> tuple[str, int]:
    ins = _insert(session, Allocation).values(
        round_id=round_id,
        organisation_id=org_id,
        member=member,
        project=project,
        amount=amount,
        at=at,
        revision=1,
    )
    stmt = ins.on_conflict_do_update(
        index_elements=["round_id", "member", "project"],
        set_={
            "amount": ins.excluded.amount,
            "at": ins.excluded.at,
            "revision": Allocation.revision + 1,
        },
    ).returning(Allocation.amount, Allocation.revision)
    row = session.execute(stmt).one()
    return str(row[0]), int(row[1])


def add_support(
    session: Session, org_id: str, round_id: int, voter: str, project: str, at: dt.datetime
) -> bool:
    """True when recorded, False when the voter already supports the project."""
    ins = _insert(session, Support).values(
        round_id=round_id, organisation_id=org_id, voter=voter, project=project, at=at
    )
    stmt = ins.on_conflict_do_nothing(index_elements=["round_id", "voter", "project"])
    return session.execute(stmt.returning(Support.voter)).first() is not None


def add_claim(
    session: Session,
    org_id: str,
    round_id: int,
    by: str,
    project: str,
    amount: str,
    at: dt.datetime,
) -> Claim:
    row = Claim(
        round_id=round_id, organisation_id=org_id, by=by, project=project, amount=amount, at=at
    )
    session.add(row)
    session.flush()
    return row
