"""The OpenAPI 3.1 document matches the real routes, both ways, and /docs renders it."""

from __future__ import annotations

import re

from jsonschema import Draft202012Validator

from api.openapi import flask_path


def real_routes(app) -> set[tuple[str, str]]:
    out = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path, _ = flask_path(rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            out.add((method.lower(), path))
    return out


def test_every_route_is_documented_and_every_documented_route_exists(app, api):
    doc = api.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    real = real_routes(app)
    assert real - documented == set(), "routes missing from /openapi.json"
    assert documented - real == set(), "documented routes that do not exist"
    # and each documented path resolves in Flask's URL map with its parameters filled in
    adapter = app.url_map.bind("localhost")
    for method, path in documented:
        concrete = re.sub(
            r"\{(\w+)\}", lambda m: "1" if m.group(1) in ("pid", "rid") else "a1", path
        )
        endpoint, _ = adapter.match(concrete, method=method.upper())
        assert endpoint


def test_documented_path_parameters_match(app, api):
    doc = api.get("/openapi.json").get_json()
    for path, ops in doc["paths"].items():
        names = set(re.findall(r"\{(\w+)\}", path))
        for op in ops.values():
            params = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert params == names, (path, params)
            assert op["responses"], path
            assert op["summary"], path


def test_schemas_are_valid_json_schema_and_refs_resolve(api):
    doc = api.get("/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)

    def refs(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "$ref":
                    yield v
                else:
                    yield from refs(v)
        elif isinstance(node, list):
            for v in node:
                yield from refs(v)

    for ref in refs(doc):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref


def test_request_bodies_documented_with_their_schema(app, api):
    doc = api.get("/openapi.json").get_json()
    for rule in app.url_map.iter_rules():
        meta = app.view_functions[rule.endpoint].openapi
        path, _ = flask_path(rule.rule)
        op = doc["paths"][path][meta["method"].lower()]
        if meta["body"]:
            ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/" + meta["body"])
        else:
            assert "requestBody" not in op


def test_docs_page_is_plain_html_without_cdn(api):
    r = api.get("/docs")
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "/v1/organisations/{org}/proposals/{pid}/ballots" in html
    assert "urn:charter-engine:problem:ballot-refused" in html
    assert "<script" not in html and "http://" not in html and "cdn" not in html.lower()


def test_results_conform_to_their_documented_schemas(api):
    """The engine's result models are published in the document; a real answer validates."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    doc = api.get("/openapi.json").get_json()
    assert {"Decision", "Competence", "Eligibility", "BudgetResult"} <= set(
        doc["components"]["schemas"]
    )
    registry = Registry().with_resource(
        "urn:openapi", Resource.from_contents(doc, default_specification=DRAFT202012)
    )
    source = (
        'charter "X" {\n version "1"\n body a "A" { members: everyone\n decides: *\n'
        " rule default: majority of members } }\n"
    )
    case = {
        "members": [{"id": "m"}],
        "proposal": {"subject": "s"},
        "ballots": [{"voter": "m", "choice": "for"}],
    }
    r = api.post("/v1/evaluate", {"charter": {"source": source}, "case": case})
    assert r.status_code == 200, r.get_json()
    op = doc["paths"]["/v1/evaluate"]["post"]
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    Draft202012Validator(
        {"$ref": "urn:openapi#/components/schemas/Decision"}, registry=registry
    ).validate(r.get_json())
    assert schema["oneOf"][0]["$ref"] == "#/components/schemas/Decision"


def test_a_no_content_answer_is_documented_without_content(api):
    doc = api.get("/openapi.json").get_json()
    deleted = doc["paths"]["/v1/organisations/{org}/members/{member_id}"]["delete"]["responses"]
    assert "content" not in deleted["204"]


def test_the_live_and_the_recorded_decision_match_their_schema(two_orgs, api):
    """GET .../decision answers a Decision with `recorded` (false while open, true once
    closed, with `closed_at`): the documented RecordedDecision, which Decision alone is not."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    doc = api.get("/openapi.json").get_json()
    op = doc["paths"]["/v1/organisations/{org}/proposals/{pid}/decision"]["get"]
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/RecordedDecision"
    registry = Registry().with_resource(
        "urn:openapi", Resource.from_contents(doc, default_specification=DRAFT202012)
    )
    recorded = Draft202012Validator({"$ref": "urn:openapi" + ref}, registry=registry)
    plain = Draft202012Validator(
        {"$ref": "urn:openapi#/components/schemas/Decision"}, registry=registry
    )
    token = two_orgs["alpha"]
    r = api.post("/v1/organisations/alpha/proposals", {"subject": "budget"}, token)
    assert r.status_code == 201, r.get_json()
    path = f"/v1/organisations/alpha/proposals/{r.get_json()['id']}"
    live = api.get(path + "/decision", token).get_json()
    assert live["recorded"] is False
    recorded.validate(live)
    assert not plain.is_valid(live)  # `recorded` is not a Decision field
    assert api.post(path + "/close", {}, token).status_code == 200
    final = api.get(path + "/decision", token).get_json()
    assert final["recorded"] is True and final["closed_at"]
    recorded.validate(final)
