"""Fixtures for the HTTP service tests.

`db_url` is parametrised over SQLite (a temporary file per test) and, when
CHARTER_TEST_DATABASE_URL is set, PostgreSQL: one fresh schema per test session (migrated
once, every table truncated before each test, dropped at the end), so runs are repeatable.
The terminal summary says which databases were exercised.  Shared helpers live in
apihelpers.py (a unique module name: tests/ directories are not packages).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the tests import api/ and charter_engine/ from the checkout
    sys.path.insert(0, str(ROOT))

from apihelpers import PG_ENV, Api, PgSchema, _exercised, make_app  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get(PG_ENV) else [])


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once per session)."""
    from charter_engine.store import upgrade

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _pg_session_schema():
    """One fresh, migrated PostgreSQL schema per test session, dropped at the end."""
    from charter_engine.store import upgrade

    with PgSchema(os.environ[PG_ENV]) as url:
        upgrade(url)
        yield url


def _truncate_all(url: str) -> None:
    from charter_engine.store.models import Base

    eng = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with eng.begin() as c:
        c.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    eng.dispose()


@pytest.fixture(params=DATABASES)
def db_url(request, tmp_path):
    """An empty, migrated database: a SQLite file, or the session's PostgreSQL schema with
    every table truncated."""
    kind = request.param
    _exercised[kind] = _exercised.get(kind, 0) + 1
    if kind == "sqlite":
        path = tmp_path / "charter.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("_pg_session_schema")
        _truncate_all(url)
        yield url


@pytest.fixture
def pg_url():
    """A migrated PostgreSQL URL; skipped without CHARTER_TEST_DATABASE_URL."""
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set (CI sets it): this test needs PostgreSQL")
    from charter_engine.store import upgrade

    _exercised["postgresql"] = _exercised.get("postgresql", 0) + 1
    with PgSchema(os.environ[PG_ENV]) as url:
        upgrade(url)
        yield url


@pytest.fixture
def app(db_url):
    app = make_app(db_url)
    yield app
    app.extensions["charter.db"].dispose()


@pytest.fixture
def api(app) -> Api:
    return Api(app.test_client())


@pytest.fixture
def two_orgs(api) -> dict[str, str]:
    """Organisations `alpha` and `beta` (Action Commune's charter, no members), admin tokens."""
    tokens = {}
    for org in ("alpha", "beta"):
        tokens[org] = api.organisation(org)
        api.seed(org, "action_commune", tokens[org], members=False)
    return tokens


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    used = ", ".join(f"{k} ({n} tests)" for k, n in sorted(_exercised.items())) or "none"
    terminalreporter.write_sep("-", "charter service databases exercised")
    terminalreporter.write_line(f"databases: {used}")
    if not os.environ.get(PG_ENV):
        terminalreporter.write_line(
            f"PostgreSQL not exercised: set {PG_ENV} (e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:5432/test) to run the tests on it too"
        )
