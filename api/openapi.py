"""The OpenAPI 3.1 document, generated from the registered routes (their `endpoint` metadata),
the request models (api/requests.py, built from the engine's case model) and the engine's result
models, plus a plain HTML rendering for /docs. It is checked in as api/openapi.json
(scripts/gen_api_schemas.py writes it; a test fails when it is stale)."""

from __future__ import annotations

import copy
import html
import json
import re
from typing import Any

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from api.errors import KINDS, TYPE_PREFIX
from api.requests import REQUESTS
from charter_engine import methods

_CONVERTER_SCHEMAS: dict[str, dict[str, Any]] = {
    "org": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,62}$"},
    "id": {"type": "string", "pattern": "^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}$"},
    "version": {"type": "string", "minLength": 1, "maxLength": 100},
    "int": {"type": "integer", "minimum": 0},
    "key": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
    "default": {"type": "string"},
}
_RULE_ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


RESULT_MODELS = ("Decision", "Competence", "Eligibility", "BudgetResult")
_ModelMode = tuple[type[BaseModel], JsonSchemaMode]  # what models_json_schema takes


def model_schemas() -> dict[str, Any]:
    """The JSON Schemas of the request bodies (api/requests.py, from the engine's case model)
    and of the engine's results (charter_engine/decision.py), generated together so that their
    shared definitions have one name each."""
    from charter_engine import decision

    requests: list[_ModelMode] = [(m, "validation") for m in REQUESTS.values()]
    results: list[_ModelMode] = [
        (getattr(decision, n), "serialization") for n in (*RESULT_MODELS, "BallotJudgement")
    ]
    _, top = models_json_schema(
        [*requests, *results],
        ref_template="#/components/schemas/{model}",
    )
    defs = top.get("$defs", {})
    recorded = copy.deepcopy(defs["Decision"])  # GET .../decision: a Decision, and whether recorded
    recorded["title"] = "RecordedDecision"
    recorded["properties"]["recorded"] = {
        "type": "boolean",
        "description": "true: the decision recorded when the proposal was closed; "
        "false: the live decision on the stored ballots",
    }
    recorded["properties"]["closed_at"] = {"type": "string", "format": "date-time"}
    recorded.setdefault("required", []).append("recorded")
    defs["RecordedDecision"] = recorded
    return defs


def component_schemas() -> dict[str, Any]:
    out = model_schemas()
    out["Problem"] = {
        "type": "object",
        "description": "RFC 9457 problem details",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string", "enum": [TYPE_PREFIX + k for k in KINDS]},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "errors": {
                "type": "array",
                "description": "for invalid input: each fault with its JSON path",
                "items": {
                    "type": "object",
                    "properties": {
                        "path": {"type": "string"},
                        "pointer": {"type": "string"},
                        "message": {"type": "string"},
                    },
                },
            },
            "diagnostics": {"type": "array", "items": {"type": "object"}},
            "reason": {"type": "string"},
            "reasons": {"type": "array", "items": {"type": "string"}},
        },
    }
    out["BallotRecorded"] = {
        "type": "object",
        "description": "a ballot recorded: the stored ballot, whether it replaced an earlier "
        "one, the engine's judgement of it, and where to read the live decision",
        "required": ["ballot", "replaced", "judgement", "links"],
        "properties": {
            "ballot": {
                "type": "object",
                "required": ["id", "voter", "at", "revision"],
                "properties": {
                    "id": {"type": "integer"},
                    "voter": {"type": "string"},
                    **{
                        name: {"description": description}
                        for name, (_kind, description) in methods.ballot_fields().items()
                    },
                    "reason": {"type": "string"},
                    "proxies": {"type": "array", "items": {"type": "string"}},
                    "at": {"type": "string", "format": "date-time"},
                    "revision": {"type": "integer", "minimum": 1},
                },
            },
            "replaced": {"type": "boolean"},
            "judgement": {"$ref": "#/components/schemas/BallotJudgement"},
            "links": {
                "type": "object",
                "required": ["decision"],
                "properties": {
                    "decision": {
                        "type": "string",
                        "description": "GET it for the live decision (outcome, counts, ...)",
                    }
                },
            },
        },
    }
    return out


def flask_path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    params = []

    def sub(m: re.Match) -> str:
        conv, name = m.group(1) or "default", m.group(2)
        params.append(
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": dict(_CONVERTER_SCHEMAS.get(conv, _CONVERTER_SCHEMAS["default"])),
            }
        )
        return "{" + name + "}"

    return _RULE_ARG.sub(sub, rule), params


def _problem(desc: str) -> dict[str, Any]:
    return {
        "description": desc,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


def build(app: Flask) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        meta = getattr(view, "openapi", None)
        if meta is None:
            continue
        path, params = flask_path(rule.rule)
        op: dict[str, Any] = {
            "operationId": rule.endpoint.replace(".", "_"),
            "summary": meta["summary"],
            "tags": [meta["tag"]],
        }
        if meta["description"]:
            op["description"] = meta["description"]
        if params:
            op["parameters"] = list(params)
        for qname, qschema in meta["query"].items():
            op.setdefault("parameters", []).append(
                {
                    "name": qname,
                    "in": "query",
                    "required": False,
                    "schema": {k: v for k, v in qschema.items() if k != "description"},
                    "description": qschema.get("description", ""),
                }
            )
        auth = meta["auth"]
        if auth == "public":
            op["security"] = []
        elif auth == "optional":
            op["security"] = [{}, {"bearer": []}]
        else:
            op["security"] = [{"bearer": []}]
            op["x-scope"] = auth
        if meta["body"]:
            op["requestBody"] = {
                "required": meta["body_required"],
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/" + meta["body"]}}
                },
            }
        status = str(meta["status"])
        if meta["produces"] == "application/json":
            resp = meta.get("response")
            if resp == "Result":
                schema: dict[str, Any] = {
                    "oneOf": [{"$ref": f"#/components/schemas/{m}"} for m in RESULT_MODELS]
                }
            elif resp:
                schema = {"$ref": f"#/components/schemas/{resp}"}
            else:
                schema = {"type": "object"}
            content = {"application/json": {"schema": schema}}
        else:
            content = {meta["produces"]: {"schema": {"type": "string"}}}
        responses: dict[str, Any] = {
            status: {"description": "success", "content": content}
            if status != "204"
            else {"description": "success, no content"}
        }
        if auth not in ("public",):
            responses["401"] = _problem("missing, malformed, unknown or revoked bearer token")
        if auth in ("read", "write", "admin", "operator"):
            responses["403"] = _problem("the token lacks the needed scope")
        if params or auth in ("read", "write", "admin"):
            responses["404"] = _problem(
                "not found (also for any resource of another organisation than the token's)"
            )
        if meta["body"]:
            responses["400"] = _problem("malformed JSON")
            responses["413"] = _problem("body larger than CHARTER_MAX_BODY_BYTES")
            responses["415"] = _problem("body not application/json")
            responses["422"] = _problem(
                "invalid body (errors with JSON paths) or refused by the charter"
            )
        for kind in meta["problems"]:
            code = str(KINDS[kind][0])
            responses.setdefault(code, _problem(KINDS[kind][1]))
        if meta["query"]:
            responses.setdefault("400", _problem("invalid query parameter"))
        op["responses"] = responses
        paths.setdefault(path, {})[meta["method"].lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Charter engine service",
            "version": "1",
            "description": (
                "Reads organisations' statutes written as charters and says whether a decision "
                "is valid, and why. Every judgement comes from the charter engine; errors are "
                "application/problem+json (RFC 9457) with a stable `type`."
            ),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {
            "schemas": component_schemas(),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "an organisation token (scopes read ⊂ write ⊂ admin) or "
                    "the operator token",
                }
            },
        },
    }


_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ccc;margin-top:2.5rem}
.op{border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
.m{display:inline-block;min-width:4.5rem;font-weight:bold;font-family:monospace}
.GET{color:#1a6} .POST{color:#16a} .PUT{color:#a61} .DELETE{color:#c22}
code,pre{background:#f6f6f6;font-size:.85rem} pre{padding:.5rem;overflow:auto;max-height:24rem}
details{margin:.3rem 0}
"""


def render_html(doc: dict[str, Any]) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>{e(doc['info']['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(doc['info']['title'])}</h1><p>{e(doc['info']['description'])}</p>",
        "<p>Machine-readable: <a href='/openapi.json'>/openapi.json</a> (OpenAPI 3.1).</p>",
    ]
    by_tag: dict[str, list[tuple[str, str, dict]]] = {}
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            by_tag.setdefault(op["tags"][0], []).append((path, method.upper(), op))
    for tag in sorted(by_tag):
        parts.append(f"<h2>{e(tag)}</h2>")
        for path, method, op in by_tag[tag]:
            parts.append("<div class=op>")
            parts.append(
                f"<div><span class='m {method}'>{method}</span> <code>{e(path)}</code> — "
                f"{e(op['summary'])}</div>"
            )
            auth = op.get("x-scope") or ("none" if op.get("security") == [] else "optional token")
            parts.append(f"<div><small>authorisation: {e(str(auth))}</small></div>")
            if op.get("description"):
                parts.append(f"<p>{e(op['description'])}</p>")
            for p in op.get("parameters", []):
                parts.append(
                    f"<div><small>{e(p['in'])} parameter <code>{e(p['name'])}</code> "
                    f"{e(p.get('description', ''))}</small></div>"
                )
            body = op.get("requestBody")
            if body:
                ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
                schema = doc["components"]["schemas"][ref]
                parts.append(
                    f"<details><summary>request body: {e(ref)}</summary>"
                    f"<pre>{e(json.dumps(schema, indent=2, ensure_ascii=False))}</pre></details>"
                )
            codes = ", ".join(sorted(op["responses"]))
            parts.append(f"<div><small>responses: {e(codes)}</small></div></div>")
    parts.append("<h2>Problem types</h2><ul>")
    for kind, (status, title) in KINDS.items():
        parts.append(f"<li><code>{e(TYPE_PREFIX + kind)}</code> ({status}) — {e(title)}</li>")
    parts.append("</ul><h2>Schemas</h2>")
    for name, schema in doc["components"]["schemas"].items():
        parts.append(
            f"<details id='schema-{e(name)}'><summary>{e(name)}</summary><pre>"
            f"{e(json.dumps(schema, indent=2, ensure_ascii=False))}</pre></details>"
        )
    parts.append("</body></html>")
    return "".join(parts)
