"""The audit log: an append-only, hash-chained record of every write.

Each organisation has its own chain (the chain key is the organisation id).  An entry's
hash covers its content and the previous entry's hash; the chain's head (its last seq and
hash) is kept in `audit_heads`, whose row is locked (FOR UPDATE) by the appending
transaction, so that concurrent writers extend the chain one after the other and never fork
it.  `verify` recomputes every hash and detects altered, deleted or inserted entries
(including a deleted tail, by comparing with the head).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from charter_engine.store.models import AuditEntry, AuditHead
from charter_engine.store.sql import insert_ignore

GENESIS = "0" * 64


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


HASHED_FIELDS = (
    "chain",
    "seq",
    "at",
    "actor",
    "action",
    "target",
    "override",
    "payload",
    "prev_hash",
)


def entry_hash(
    *,
    chain: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    target: str,
    override: bool,
    payload: str,
    prev_hash: str,
) -> str:
    content = canonical(
        {
            "chain": chain,
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "target": target,
            "override": bool(override),
            "payload": payload,
            "prev_hash": prev_hash,
        }
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


@functools.cache
def _statements() -> tuple[Any, Any, Any]:
    """The three statements of `append`, built once (Core: no unit of work per entry)."""
    heads, log = AuditHead.__table__, AuditEntry.__table__
    locked = (
        select(heads.c.seq, heads.c.hash)
        .where(heads.c.chain == bindparam("chain"))
        .with_for_update()
    )
    advance = (
        update(heads)
        .where(heads.c.chain == bindparam("head_chain"))
        .values(seq=bindparam("head_seq"), hash=bindparam("head_hash"))
    )
    return locked, insert(log), advance


def append(
    session: Session,
    chain: str,
    *,
    actor: str,
    action: str,
    target: str,
    payload: Any = None,
    override: bool = False,
) -> AuditEntry:
    """Append one entry to `chain` inside the caller's (write) transaction; returns the entry
    (a transient object: the row is written by a Core insert).

    The caller's pending ORM changes are flushed first, so that the chain's head — locked from
    here to the commit — is held only for the three statements of the append itself: callers
    append as the last thing before their commit."""
    session.flush()
    conn = session.connection()
    locked, add, advance = _statements()
    head = conn.execute(locked, {"chain": chain}).first()
    if head is None:  # the chain's first entry
        insert_ignore(session, AuditHead, {"chain": chain, "seq": 0, "hash": GENESIS}, ["chain"])
        head = conn.execute(locked, {"chain": chain}).one()
    seq = head.seq + 1
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    body = canonical(payload if payload is not None else {})
    fields = dict(
        chain=chain,
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        target=target,
        override=override,
        payload=body,
        prev_hash=head.hash,
    )
    digest = entry_hash(**fields)
    conn.execute(add, {**fields, "hash": digest})
    conn.execute(advance, {"head_chain": chain, "head_seq": seq, "head_hash": digest})
    return AuditEntry(**fields, hash=digest)


@dataclass
class Verification:
    ok: bool = True
    chains: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)

    def fault(self, chain: str, seq: int | None, message: str) -> None:
        self.ok = False
        self.problems.append({"chain": chain, "seq": seq, "message": message})

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "chains": self.chains, "problems": self.problems}


def hash_of(entry: AuditEntry) -> str:
    """The hash an entry's own content gives (what `verify` compares with the stored one)."""
    return entry_hash(**{name: getattr(entry, name) for name in HASHED_FIELDS})


def verify(session: Session, chain: str | None = None) -> Verification:
    """Check every entry of `chain` (or of all chains)."""
    result = Verification()
    heads_q = select(AuditHead)
    entries_q = select(AuditEntry).order_by(AuditEntry.chain, AuditEntry.seq)
    if chain is not None:
        heads_q = heads_q.where(AuditHead.chain == chain)
        entries_q = entries_q.where(AuditEntry.chain == chain)
    heads = {h.chain: h for h in session.execute(heads_q).scalars()}
    state: dict[str, tuple[int, str]] = {}
    for e in session.execute(entries_q).scalars():
        last_seq, last_hash = state.get(e.chain, (0, GENESIS))
        if e.seq != last_seq + 1:
            result.fault(
                e.chain, e.seq, f"entry {e.seq} follows entry {last_seq}: entries are missing"
            )
        if e.prev_hash != last_hash:
            result.fault(e.chain, e.seq, "previous-hash link broken (an earlier entry changed)")
        if hash_of(e) != e.hash:
            result.fault(e.chain, e.seq, "entry content altered (hash mismatch)")
        state[e.chain] = (e.seq, e.hash)
    for name in sorted(set(heads) | set(state)):
        last_seq, last_hash = state.get(name, (0, GENESIS))
        head = heads.get(name)
        if head is None:
            result.fault(name, None, "chain has entries but no head record")
        elif (head.seq, head.hash) != (last_seq, last_hash):
            result.fault(
                name,
                head.seq,
                f"head says {head.seq} entries but the log ends at {last_seq}: "
                "entries were deleted or altered",
            )
        result.chains[name] = {"entries": last_seq, "head": last_hash}
    return result
