"""Dialect-specific statements (upserts) for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def _insert(session: Session, model: Any):
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise RuntimeError(f"unsupported database dialect {name!r}")


def insert_ignore(
    session: Session, model: Any, values: dict[str, Any], keys: Sequence[str]
) -> None:
    """INSERT … ON CONFLICT (keys) DO NOTHING."""
    stmt = _insert(session, model).values(**values).on_conflict_do_nothing(index_elements=keys)
    session.execute(stmt)


def upsert(
    session: Session,
    model: Any,
    values: dict[str, Any],
    keys: Sequence[str],
    update: dict[str, Any],
    returning: Sequence[Any] = (),
):
    """INSERT … ON CONFLICT (keys) DO UPDATE SET update — atomic on both backends."""
    ins = _insert(session, model).values(**values)
    stmt = ins.on_conflict_do_update(index_elements=keys, set_=update)
    if returning:
        stmt = stmt.returning(*returning)
    return session.execute(stmt)
