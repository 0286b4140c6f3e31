"""Liveness and readiness."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import text

from api.errors import Problem
from api.http import db, endpoint, ok
from charter_engine.store import migrate

bp = Blueprint("health", __name__)


@endpoint(bp, "/healthz", summary="Liveness: the process answers", auth_="public")
def healthz(body):
    return ok({"status": "ok"})


@endpoint(
    bp,
    "/readyz",
    summary="Readiness: the database is reachable and migrated",
    auth_="public",
    problems=("not-ready",),
)
def readyz(body):
    database = db()
    try:
        with database.read() as s:
            s.execute(text("SELECT 1"))
        migrate.check(database.engine)
    except migrate.NotMigrated as e:
        raise Problem("not-ready", str(e)) from None
    except Exception as e:  # noqa: BLE001 - any database failure means "not ready"
        raise Problem("not-ready", f"database unreachable: {type(e).__name__}") from None
    return ok(
        {"status": "ready", "database": database.dialect, "revision": migrate.head_revision()}
    )
