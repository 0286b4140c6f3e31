"""Dialect-specific statements (upserts) for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(dialect: str, model: Any):
    """The dialect's INSERT (with ON CONFLICT) of a model or table."""
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise RuntimeError(f"unsupported database dialect {dialect!r}")


def _insert(session: Session, model: Any):
    return insert_for(session.get_bind().dialect.name, model)


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
