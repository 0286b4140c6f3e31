"""Schema-driven property tests: bodies generated from the request JSON Schemas (mixed with
arbitrary JSON) and random query strings, on every route — the service never answers 500,
and every error is application/problem+json."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from apihelpers import OPERATOR, Api, _exercised
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import create_app, requests
from api.errors import PROBLEM_MIME
from api.validation import schemas
from charter_engine import case as case_model

COOP = (Path(__file__).parent / "data" / "test_coop.charter").read_text("utf-8")
MEMBER_IDS = ["ann", "bob", "cat", "dan", "eve", "zed"]
# strings the world knows, by the pattern (or bound) the case model gives them: so that the
# generated bodies reach past "unknown member" into the engine
KNOWN = {
    case_model.ID_PATTERN: st.sampled_from(MEMBER_IDS),
    case_model.NAME_PATTERN: st.sampled_from(["assembly", "board", "bourse", "nope"]),
    case_model.SUBJECT_PATTERN: st.sampled_from(
        ["budget", "elections", "amendment", "general", "a.b.c"]
    ),
    requests.ORG_PATTERN: st.sampled_from(["coop", "other", "new-org"]),
}
CHARTER_TEXT = st.sampled_from([COOP, "charter {", "x"])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def from_schema(schema: dict, depth: int = 0, root: dict | None = None) -> st.SearchStrategy:
    """Instances of `schema` (its `#/$defs/…` references read in `root`, the file's schema)."""
    root = schema if root is None else root
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return from_schema(target, depth + 1, root)
    if schema.get("type") == "string" and schema.get("pattern") in KNOWN:
        return KNOWN[schema["pattern"]] | st.from_regex(schema["pattern"], fullmatch=True)
    if schema.get("type") == "string" and schema.get("maxLength") == 1_000_000:
        return CHARTER_TEXT
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema and "type" not in schema:
            return st.one_of([from_schema(s, depth + 1, root) for s in schema[key]])
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        required = {
            k: from_schema(v, depth + 1, root)
            for k, v in props.items()
            if k in schema.get("required", [])
        }
        optional = {
            k: from_schema(v, depth + 1, root) for k, v in props.items() if k not in required
        }
        if not props and isinstance(schema.get("additionalProperties"), dict):
            return st.dictionaries(
                st.from_regex(r"[a-z_]{1,8}", fullmatch=True),
                from_schema(schema["additionalProperties"], depth + 1, root),
                max_size=3,
            )
        return st.fixed_dictionaries(required, optional=optional if depth < 4 else {})
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {}), depth + 1, root), max_size=3)
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)).map(dt.date.isoformat)
        if schema.get("format") == "date-time":
            return st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2040, 1, 1)).map(
                lambda d: d.isoformat() + "Z"
            )
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True).filter(
                lambda s: len(s) <= schema.get("maxLength", 10**6)
            )
        return st.text(min_size=schema.get("minLength", 0), max_size=30)
    if kind == "integer":
        return st.integers(-5, 10**12)
    if kind == "number":
        return st.integers(-5, 100) | st.floats(-1e6, 1e6)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    return json_values


@pytest.fixture(scope="module")
def world(_sqlite_template, tmp_path_factory):
    _exercised["sqlite"] = _exercised.get("sqlite", 0) + 1
    path = tmp_path_factory.mktemp("fuzz") / "db.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    app = create_app(
        {"CHARTER_DATABASE_URL": f"sqlite:///{path}", "CHARTER_OPERATOR_TOKEN": OPERATOR}
    )
    api = Api(app.test_client())
    admin = api.organisation("coop")
    assert api.post("/v1/organisations/coop/charters", {"source": COOP}, admin).status_code == 201
    for m in (
        {"id": "ann"},
        {"id": "bob"},
        {"id": "cat", "bodies": ["board"]},
        {"id": "dan", "bodies": ["board"]},
        {"id": "eve", "attributes": {"employee": True}},
    ):
        api.post("/v1/organisations/coop/members", m, admin)
    api.post("/v1/organisations/coop/proposals", {"subject": "budget"}, admin)
    api.post("/v1/organisations/coop/rounds", {"budget": "nope"}, admin)
    routes = []
    values = {"org": "coop", "id": "ann", "version": "1", "key": "1"}
    for rule in app.url_map.iter_rules():
        meta = app.view_functions[rule.endpoint].openapi
        path = re.sub(
            r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>",
            lambda m: values.get(m.group(1) or "", "x"),
            rule.rule,
        )
        token = OPERATOR if meta["auth"] == "operator" else admin
        routes.append((meta["method"], path, meta, token))
    yield api, routes
    app.extensions["charter.db"].dispose()


STATUSES: dict[int, int] = {}


def check(r) -> None:
    STATUSES[r.status_code] = STATUSES.get(r.status_code, 0) + 1
    assert r.status_code < 500, (r.status_code, r.get_data(as_text=True)[:500])
    if r.status_code >= 400:
        assert r.mimetype == PROBLEM_MIME


@settings(
    max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", 400)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_body_ever_yields_500(world, data):
    api, routes = world
    method, path, meta, token = data.draw(st.sampled_from([r for r in routes if r[2]["body"]]))
    schema = schemas()[meta["body"] + ".json"]
    body = data.draw(from_schema(schema) | json_values)
    r = api.call(
        method,
        path,
        data=json.dumps(body),
        headers={"Content-Type": "application/json"},
        token=token,
    )
    check(r)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_query_string_ever_yields_500(world, data):
    api, routes = world
    method, path, meta, token = data.draw(st.sampled_from([r for r in routes if r[0] == "GET"]))
    params = data.draw(
        st.dictionaries(
            st.sampled_from(["at", "status", "after", "limit", "x"]),
            st.text(max_size=30)
            | st.sampled_from(
                ["2020-01-01", "2020-01-01T00:00:00Z", "-1", "99999999999999999999", "open"]
            ),
            max_size=3,
        )
    )
    check(api.get(path, token, query_string=params))
