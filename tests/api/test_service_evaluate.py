"""POST /v1/evaluate gives exactly the library's JSON for every case of the seed scenario
files (the service adds no decision logic), and bad input comes back as problems."""

from __future__ import annotations

import json

import pytest
import yaml
from apihelpers import CHARTERS, is_problem, jsonable

import charter_engine


def scenario_cases():
    out = []
    for path in sorted(CHARTERS.glob("*.scenarios.yaml")):
        scen = yaml.safe_load(path.read_text("utf-8"))
        charter_file = CHARTERS / scen["charter"]
        for i, case in enumerate(scen.get("cases", [])):
            body = {k: v for k, v in case.items() if k not in ("name", "expect")}
            body.setdefault("members", scen.get("members", []))
            out.append(pytest.param(charter_file, jsonable(body), id=f"{path.stem}-{i}"))
    return out


CASES = scenario_cases()


@pytest.fixture(scope="module")
def stateless(_sqlite_template, tmp_path_factory):
    """Stateless evaluation needs no particular database: one SQLite app for the module."""
    import shutil

    from apihelpers import Api, _exercised, make_app

    _exercised["sqlite"] = _exercised.get("sqlite", 0) + 1
    path = tmp_path_factory.mktemp("evaluate") / "db.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    app = make_app(f"sqlite:///{path}")
    yield Api(app.test_client())
    app.extensions["charter.db"].dispose()


@pytest.mark.parametrize(("charter_file", "case"), CASES)
def test_evaluate_matches_the_library(stateless, charter_file, case):
    api = stateless
    source = charter_file.read_text("utf-8")
    try:
        expected = charter_engine.load(source).evaluate(json.loads(json.dumps(case)))
    except charter_engine.CharterError:
        expected = None
    r = api.post("/v1/evaluate", {"charter": {"source": source}, "case": case})
    if expected is None:
        is_problem(r, "case-invalid", 422)
        return
    if r.status_code == 422 and r.get_json()["type"].endswith("invalid-request"):
        pytest.fail(f"the request schema refuses a valid scenario case: {r.get_json()['errors']}")
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == expected.model_dump(mode="json")


def test_evaluate_a_stored_charter(api, two_orgs):
    case = {"members": [{"id": "a"}], "competence": {"subject": "budget"}}
    body = {"charter": {"organisation": "alpha", "version": "2020-01"}, "case": case}
    r = api.post("/v1/evaluate", body, two_orgs["alpha"])
    assert r.status_code == 200 and r.get_json()["body"] == "council"
    is_problem(api.post("/v1/evaluate", body, two_orgs["beta"]), "not-found", 404)
    is_problem(api.post("/v1/evaluate", body), "unauthorized", 401)
    body["charter"]["version"] = "1999"
    is_problem(api.post("/v1/evaluate", body, two_orgs["alpha"]), "not-found", 404)
    del body["charter"]["version"]  # the version in force
    assert api.post("/v1/evaluate", body, two_orgs["alpha"]).status_code == 200


def test_bad_case_data_has_json_paths(api):
    source = (CHARTERS / "action_commune.charter").read_text("utf-8")
    case = {
        "members": [{"id": "a", "attributes": {"nope": 1}}],
        "competence": {"subject": "budget"},
    }
    doc = is_problem(
        api.post("/v1/evaluate", {"charter": {"source": source}, "case": case}), "case-invalid", 422
    )
    assert doc["errors"][0]["path"].startswith("$.case.members[0]")  # the request's own path
    r = api.post(
        "/v1/evaluate",
        {
            "charter": {"source": source},
            "case": {"members": [], "seat": {"member": 1, "body": "x"}},
        },
    )
    doc = is_problem(r, "invalid-request", 422)
    assert doc["errors"][0]["path"] == "$.case.seat.member"
    r = api.post("/v1/evaluate", {"charter": {"source": "charter {"}, "case": {"members": []}})
    assert r.status_code == 422
