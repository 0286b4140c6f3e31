"""Persistence for the charter service: SQLAlchemy 2 models, repositories, audit log and
Alembic migrations (shipped in this package).  Nothing here imports Flask."""

from charter_engine.store.db import DEFAULT_URL, Database, is_sqlite, make_engine, normalise_url
from charter_engine.store.migrate import NotMigrated, check, head_revision, upgrade

__all__ = [
    "DEFAULT_URL",
    "Database",
    "NotMigrated",
    "check",
    "head_revision",
    "is_sqlite",
    "make_engine",
    "normalise_url",
    "upgrade",
]
