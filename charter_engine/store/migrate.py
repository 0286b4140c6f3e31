"""Schema migrations (Alembic), usable from an installed package: `charter db upgrade`."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from charter_engine.store.db import make_engine, normalise_url

SCRIPT_LOCATION = "charter_engine.store:migrations"


class NotMigrated(RuntimeError):
    """The database schema is missing or older than this version of the code."""


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url: str, revision: str = "head") -> str:
    """Migrate the database at `url` to `revision`; returns the revision reached."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        return current_revision(engine) or ""
    finally:
        engine.dispose()


def check(engine: Engine) -> None:
    """Raise NotMigrated, naming the command to run, unless the schema is at head."""
    current = current_revision(engine)
    head = head_revision()
    if current != head:
        where = engine.url.render_as_string(hide_password=True)
        state = "has no schema" if current is None else f"is at revision {current}"
        raise NotMigrated(
            f"the database {where} {state}, but this code needs revision {head}: "
            f"run `charter db upgrade` (with CHARTER_DATABASE_URL set to that database) first"
        )


def is_current(url: str) -> bool:
    engine = make_engine(url)
    try:
        check(engine)
        return True
    except NotMigrated:
        return False
    finally:
        engine.dispose()
