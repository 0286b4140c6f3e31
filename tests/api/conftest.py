"""Fixtures for the HTTP service tests.

`db_url` is parametrised over SQLite (a temporary file) and, when CHARTER_TEST_DATABASE_URL
is set, PostgreSQL — each PostgreSQL test gets a fresh schema (dropped afterwards), so runs
are repeatable.  The terminal summary says which databases were exercised.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the tests import api/ and charter_engine/ from the checkout
    sys.path.insert(0, str(ROOT))

from apihelpers import OPERATOR  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

PG_ENV = "CHARTER_TEST_DATABASE_URL"
CHARTERS = ROOT / "charters"
_exercised: dict[str, int] = {}

DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get(PG_ENV) else [])


def pg_url_with_schema(base: str, schema: str) -> str:
    from charter_engine.store import normalise_url

    u = make_url(normalise_url(base))
    return u.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


class PgSchema:
    """A fresh PostgreSQL schema, dropped on exit."""

    def __init__(self, base: str):
        from charter_engine.store import normalise_url

        self.base = normalise_url(base)
        self.schema = f"charter_test_{uuid.uuid4().hex[:12]}"
        self.url = pg_url_with_schema(self.base, self.schema)

    def __enter__(self) -> str:
        eng = create_engine(self.base)
        with eng.begin() as c:
            c.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        eng.dispose()
        return self.url

    def __exit__(self, *exc: Any) -> None:
        eng = create_engine(self.base)
        with eng.begin() as c:
            c.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        eng.dispose()


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


def make_app(url: str, **extra: Any):
    from api import create_app

    return create_app({"CHARTER_DATABASE_URL": url, "CHARTER_OPERATOR_TOKEN": OPERATOR, **extra})


@pytest.fixture
def app(db_url):
    app = make_app(db_url)
    yield app
    app.extensions["charter.db"].dispose()


class Api:
    """A thin client: `api.post(path, json, token=...)`; token None sends no header."""

    def __init__(self, client):
        self.client = client

    def call(self, method: str, path: str, json: Any = None, token: str | None = None, **kw):
        headers = dict(kw.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if json is not None:
            kw["json"] = json
        return self.client.open(path, method=method, headers=headers, **kw)

    def get(self, path, token=None, **kw):
        return self.call("GET", path, token=token, **kw)

    def post(self, path, json=None, token=None, **kw):
        return self.call("POST", path, json=json, token=token, **kw)

    def put(self, path, json=None, token=None, **kw):
        return self.call("PUT", path, json=json, token=token, **kw)

    def patch(self, path, json=None, token=None, **kw):
        return self.call("PATCH", path, json=json, token=token, **kw)

    def delete(self, path, token=None, **kw):
        return self.call("DELETE", path, token=token, **kw)

    # ---- set-up helpers
    def organisation(self, org_id: str, name: str | None = None) -> str:
        r = self.post("/v1/organisations", {"id": org_id, "name": name or org_id}, OPERATOR)
        assert r.status_code == 201, r.get_json()
        return r.get_json()["admin_token"]["token"]

    def token(self, org_id: str, admin: str, scopes: list[str]) -> str:
        r = self.post(f"/v1/organisations/{org_id}/tokens", {"name": "t", "scopes": scopes}, admin)
        assert r.status_code == 201, r.get_json()
        return r.get_json()["token"]

    def seed(self, org_id: str, charter: str, admin: str, members: bool = True) -> dict:
        """Upload charters/<charter>.charter and the members of its scenario file."""
        src = (CHARTERS / f"{charter}.charter").read_text("utf-8")
        r = self.post(f"/v1/organisations/{org_id}/charters", {"source": src}, admin)
        assert r.status_code == 201, r.get_json()
        scen = scenario(charter) if members else {}
        for m in scen.get("members", []):
            r = self.post(f"/v1/organisations/{org_id}/members", jsonable(m), admin)
            assert r.status_code == 201, (m, r.get_json())
        return scen


@functools.cache
def scenario(charter: str) -> dict:
    import yaml

    return yaml.safe_load((CHARTERS / f"{charter}.scenarios.yaml").read_text("utf-8"))


def jsonable(obj: Any) -> Any:
    """YAML values (dates) as the JSON the API takes."""
    import datetime as dt

    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [jsonable(v) for v in obj]
    if isinstance(obj, dt.datetime):
        return obj.isoformat().replace("+00:00", "Z")
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


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
