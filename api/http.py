"""The `endpoint` decorator: one place that, for every route, checks the token, validates
the body against its JSON Schema (before any work), and records what /openapi.json says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response, current_app, g, json, request

from api import auth
from api.errors import Problem
from api.validation import json_body

AUTH_KINDS = ("public", "optional", "operator", "any", "read", "write", "admin")


def endpoint(
    bp: Blueprint,
    rule: str,
    *,
    method: str = "GET",
    summary: str,
    auth_: str = "read",
    body: str | None = None,
    body_required: bool = True,
    status: int = 200,
    query: dict[str, dict[str, Any]] | None = None,
    problems: tuple[str, ...] = (),
    produces: str = "application/json",
    tag: str | None = None,
    response: str | None = None,
) -> Callable:
    if auth_ not in AUTH_KINDS:
        raise ValueError(auth_)

    def deco(fn: Callable) -> Callable:
        @wraps(fn)
        def view(**kwargs: Any):
            if auth_ == "operator":
                auth.require_operator()
            elif auth_ == "any":
                auth.principal()
            elif auth_ in ("public", "optional"):
                auth.principal(required=False)
            else:
                auth.require_org(kwargs["org"], auth_)
            if body is None:
                kwargs["body"] = None
            elif not body_required and not request.get_data(cache=True):
                kwargs["body"] = {}
            else:
                kwargs["body"] = absent_nulls(json_body(body))
            return fn(**kwargs)

        # the route's metadata, on the view function itself (api/openapi.py reads it)
        view.openapi = {  # type: ignore[attr-defined]
            "method": method,
            "summary": summary,
            "description": (fn.__doc__ or "").strip(),
            "auth": auth_,
            "body": body,
            "body_required": body_required,
            "status": status,
            "query": query or {},
            "problems": problems,
            "produces": produces,
            "tag": tag or bp.name,
            "response": response,
        }
        bp.add_url_rule(rule, endpoint=f"{fn.__name__}", view_func=view, methods=[method])
        return view

    return deco


def absent_nulls(value: Any) -> Any:
    """A body with every `null` member of an object dropped: as in the engine's case model, a
    field given as null is a field not given (lists keep their items)."""
    if isinstance(value, dict):
        return {k: absent_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [absent_nulls(v) for v in value]
    return value


def db():
    return current_app.extensions["charter.db"]


def actor() -> str:
    p = g.get("principal")
    return p.actor if p is not None else "anonymous"


def ok(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    if status == 204:
        resp = Response(status=204)
        del resp.headers["Content-Type"]  # no content, so no type (not Flask's text/html)
    else:
        resp = Response(json.dumps(data), status=status, mimetype="application/json")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def query_date(name: str) -> dt.date | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        if len(raw) == 10:
            return dt.date.fromisoformat(raw)
        parsed = dt.datetime.fromisoformat(raw)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed.astimezone(dt.UTC).date()
    except ValueError:
        raise Problem(
            "invalid-query",
            f"query parameter {name!r} must be a date (YYYY-MM-DD)",
            errors=[{"path": f"query.{name}", "message": "not a date"}],
        ) from None


def query_datetime(name: str) -> dt.datetime | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        if len(raw) == 10:
            d = dt.date.fromisoformat(raw)
            return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)
        parsed = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise Problem(
            "invalid-query",
            f"query parameter {name!r} must be a date-time (YYYY-MM-DDTHH:MM:SSZ)",
            errors=[{"path": f"query.{name}", "message": "not a date-time"}],
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
