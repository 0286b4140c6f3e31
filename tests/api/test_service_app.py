"""The application: configuration, health, readiness, migrations, problem+json errors."""

from __future__ import annotations

import json
import shutil

import pytest
from apihelpers import OPERATOR, is_problem, make_app

from api import create_app, load_config
from api.errors import PROBLEM_MIME
from charter_engine.store import NotMigrated


def test_healthz_and_readyz(api):
    assert api.get("/healthz").get_json() == {"status": "ok"}
    r = api.get("/readyz")
    assert r.status_code == 200 and r.get_json()["status"] == "ready"


def test_config_from_environment(monkeypatch):
    monkeypatch.setenv("CHARTER_DATABASE_URL", "sqlite:///x.sqlite3")
    monkeypatch.setenv("CHARTER_OPERATOR_TOKEN", "t0k")
    monkeypatch.setenv("CHARTER_LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("CHARTER_MAX_BODY_BYTES", "2048")
    cfg = load_config()
    assert cfg["CHARTER_DATABASE_URL"] == "sqlite:///x.sqlite3"
    assert cfg["CHARTER_OPERATOR_TOKEN"] == "t0k"
    assert cfg["CHARTER_MAX_BODY_BYTES"] == 2048
    assert load_config({"CHARTER_MAX_BODY_BYTES": 5})["CHARTER_MAX_BODY_BYTES"] == 5


def test_default_database_is_a_sqlite_file_under_the_working_directory(monkeypatch):
    monkeypatch.delenv("CHARTER_DATABASE_URL", raising=False)
    assert load_config()["CHARTER_DATABASE_URL"] == "sqlite:///instance/charter.sqlite3"


def test_refuses_to_start_on_an_unmigrated_database(tmp_path):
    with pytest.raises(NotMigrated, match="charter db upgrade"):
        create_app({"CHARTER_DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3"})


def test_readyz_reports_an_unmigrated_database(tmp_path):
    app = create_app(
        {
            "CHARTER_DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3",
            "CHARTER_CHECK_MIGRATED": False,
        }
    )
    doc = is_problem(app.test_client().get("/readyz"), "not-ready", 503)
    assert "charter db upgrade" in doc["detail"]


def test_sqlite_is_wal_with_foreign_keys(_sqlite_template, tmp_path):
    # SQLite only, so not run over the db_url parametrisation
    path = tmp_path / "charter.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    app = make_app(f"sqlite:///{path}")
    db = app.extensions["charter.db"]
    assert db.dialect == "sqlite"
    with db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_unknown_path_and_method_are_problems(api):
    is_problem(api.get("/nope"), "not-found", 404)
    r = api.call("DELETE", "/healthz")
    is_problem(r, "method-not-allowed", 405)
    assert "GET" in r.headers["Allow"]


def test_malformed_json(api):
    r = api.post(
        "/v1/organisations",
        data=b"{not json",
        token=OPERATOR,
        headers={"Content-Type": "application/json"},
    )
    is_problem(r, "malformed-json", 400)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"id": NaN, "name": "x"}',
        b'{"id": 1e999, "name": "x"}',
        b"[" * 100_000 + b"]" * 100_000,
        b"\xff\xfe",
        b'{"id": ' + b"9" * 5000 + b"}",
    ],
)
def test_hostile_json_never_500(api, raw):
    r = api.post(
        "/v1/organisations", data=raw, token=OPERATOR, headers={"Content-Type": "application/json"}
    )
    assert r.status_code in (400, 413, 422), r.status_code
    assert r.mimetype == PROBLEM_MIME


def test_wrong_media_type(api):
    r = api.post(
        "/v1/organisations",
        data="id=x",
        token=OPERATOR,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    is_problem(r, "unsupported-media-type", 415)


def test_body_too_large(db_url):
    app = create_app(
        {
            "CHARTER_DATABASE_URL": db_url,
            "CHARTER_OPERATOR_TOKEN": OPERATOR,
            "CHARTER_MAX_BODY_BYTES": 1000,
        }
    )
    r = app.test_client().post(
        "/v1/organisations",
        data=json.dumps({"id": "x", "name": "y" * 5000}),
        headers={"Authorization": f"Bearer {OPERATOR}", "Content-Type": "application/json"},
    )
    doc = is_problem(r, "payload-too-large", 413)
    assert "1000" in doc["detail"]
    app.extensions["charter.db"].dispose()


def test_schema_errors_carry_json_paths(api):
    r = api.post("/v1/organisations", {"id": "Bad Id!", "name": 3, "extra": True}, OPERATOR)
    doc = is_problem(r, "invalid-request", 422)
    paths = {e["path"] for e in doc["errors"]}
    assert {"$.id", "$.name"} <= paths
    assert any("extra" in e["message"] for e in doc["errors"])


@pytest.mark.parametrize("text", ["nul\u0000byte", "lone\ud800surrogate"])
def test_unstorable_text_is_refused_not_500(api, text):
    r = api.post("/v1/organisations", {"id": "ok", "name": text}, OPERATOR)
    doc = is_problem(r, "invalid-request", 422)
    assert doc["errors"][0]["path"] == "$.name"


def test_path_parameters_are_constrained(api, two_orgs):
    # characters outside the id pattern never reach the database
    assert api.get("/v1/organisations/alpha%00/members", two_orgs["alpha"]).status_code == 404
    assert api.get("/v1/organisations/alpha/members/a%00b", two_orgs["alpha"]).status_code == 404
    assert (
        api.get(
            "/v1/organisations/alpha/proposals/99999999999999999999999", two_orgs["alpha"]
        ).status_code
        == 404
    )


def test_bad_query_parameter(api, two_orgs):
    r = api.get("/v1/organisations/alpha/charter?at=yesterday", two_orgs["alpha"])
    doc = is_problem(r, "invalid-query", 400)
    assert doc["errors"][0]["path"] == "query.at"


def test_request_schemas_are_resolved_once_with_the_same_verdicts():
    # References are inlined when a validator is built; the verdicts must be those of the
    # schemas as written (validated through the registry).
    from jsonschema import Draft202012Validator

    from api.validation import format_checker, registry, schemas, validator

    raw = Draft202012Validator(
        schemas()["Evaluate.json"], registry=registry(), format_checker=format_checker
    )
    inlined = validator("Evaluate")
    assert "$ref" not in json.dumps(inlined.schema)
    cases = [
        {
            "members": [{"id": "a"}],
            "proposal": {"subject": "x"},
            "ballots": [{"voter": "a", "choice": "for", "at": "2020-01-01T10:00:00Z"}],
        },
        {"members": [{"id": ""}], "ballots": [{"voter": 3, "choice": "maybe"}]},
        {"proposal": {"subject": "x", "opens": "2020-13-01"}},
        {"members": "everyone"},
    ]
    for case in cases:
        body = {"charter": {"source": "charter"}, "case": case}
        assert [e.json_path for e in raw.iter_errors(body)] == [
            e.json_path for e in inlined.iter_errors(body)
        ]


def test_an_id_beyond_the_integer_range_is_not_found(two_orgs, api):
    """Ids above 2**31-1 cannot exist: 404 not-found, never 405 from another route's method
    (schemathesis found that) nor a database overflow."""
    token = two_orgs["alpha"]
    for path in (
        "/v1/organisations/alpha/proposals/2147483648/ballots",
        "/v1/organisations/alpha/rounds/99999999999999999999/allocations",
    ):
        r = api.get(path, token)
        assert r.status_code == 404 and r.mimetype == PROBLEM_MIME, (path, r.status_code)
        assert r.get_json()["type"].endswith("not-found")
    r = api.get("/v1/organisations/alpha/proposals/2147483647", token)  # in range, absent
    assert r.status_code == 404


def test_no_content_has_no_content_type(two_orgs, api):
    token = two_orgs["alpha"]
    assert api.post("/v1/organisations/alpha/members", {"id": "ann"}, token).status_code == 201
    r = api.delete("/v1/organisations/alpha/members/ann", token)
    assert r.status_code == 204 and r.data == b""
    assert "Content-Type" not in r.headers


def test_a_stored_charter_that_is_not_there_is_documented_404(two_orgs, api):
    doc = api.get("/openapi.json").get_json()["paths"]
    for path in ("/v1/evaluate", "/v1/queries/competence", "/v1/queries/eligibility"):
        assert "404" in doc[path]["post"]["responses"], path
    r = api.post(
        "/v1/evaluate",
        {"charter": {"organisation": "nobody"}, "case": {"competence": {"subject": "x"}}},
        two_orgs["alpha"],
    )
    assert r.status_code == 404 and r.mimetype == PROBLEM_MIME
