"""Shared assertions for the service tests (imported by name: tests/api is on sys.path)."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.errors import PROBLEM_MIME, TYPE_PREFIX

OPERATOR = "operator-test-token"
ROOT = Path(__file__).resolve().parents[2]
CHARTERS = ROOT / "charters"
PG_ENV = "CHARTER_TEST_DATABASE_URL"
_exercised: dict[str, int] = {}  # database kind -> number of tests (for the summary)


def is_problem(r, kind: str, status: int) -> dict:
    """Assert that `r` is an RFC 9457 problem of `kind` with `status`; return the document."""
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:800])
    assert r.mimetype == PROBLEM_MIME, r.mimetype
    doc = r.get_json(force=True)
    assert doc["type"] == TYPE_PREFIX + kind, doc
    assert doc["status"] == status and doc["title"] and doc["detail"]
    return doc


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


def make_app(url: str, **extra: Any):
    from api import create_app

    return create_app({"CHARTER_DATABASE_URL": url, "CHARTER_OPERATOR_TOKEN": OPERATOR, **extra})


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

    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [jsonable(v) for v in obj]
    if isinstance(obj, dt.datetime):
        return obj.isoformat().replace("+00:00", "Z")
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
