"""Request bodies: decoded strictly, then validated with JSON Schema before any work.

Schemas live in api/schemas/*.json (JSON Schema 2020-12).  A schema refers to another file
by name (`"$ref": "common.json#/$defs/member_id"`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

from flask import request
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from api.errors import Problem

SCHEMA_DIR = Path(__file__).parent / "schemas"

format_checker = FormatChecker()


@format_checker.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value and "t" not in value:
        raise ValueError("a date-time needs a time part (YYYY-MM-DDTHH:MM:SSZ)")
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("a date-time needs a time zone (Z or ±HH:MM)")
    return True


@format_checker.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if isinstance(value, str):
        if len(value) != 10:
            raise ValueError("a date is written YYYY-MM-DD")
        dt.date.fromisoformat(value)
    return True


@cache
def schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        out[path.name] = json.loads(path.read_text(encoding="utf-8"))
    return out


@cache
def registry() -> Registry:
    return Registry().with_resources(
        (name, Resource.from_contents(s, default_specification=DRAFT202012))
        for name, s in schemas().items()
    )


def inline_refs(schema: Any, within: str, seen: tuple[str, ...] = ()) -> Any:
    """The schema with every `$ref` replaced by what it points to (recursive references are
    kept). Resolving a reference through `referencing` at each member and ballot of a request
    cost ~20 ms per 100-ballot body; the schemas never change, so they are resolved once."""
    if isinstance(schema, list):
        return [inline_refs(item, within, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = ref if "#" in ref else ref + "#"
        if target.startswith("#"):
            target = within + target
        if target not in seen:
            file, pointer = target.split("#", 1)
            resolved = registry().resolver().lookup(f"{file}#{pointer}").contents
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            inlined = inline_refs(resolved, file, (*seen, target))
            return {"allOf": [inlined, inline_refs(siblings, within, seen)]} if siblings \
                else inlined
    return {k: inline_refs(v, within, seen) for k, v in schema.items()}


@cache
def validator(name: str) -> Draft202012Validator:
    file = name if name.endswith(".json") else name + ".json"
    schema = inline_refs(schemas()[file], file)
    return Draft202012Validator(schema, registry=registry(), format_checker=format_checker)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:20]} is out of range")
    return value


def decode(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except (ValueError, RecursionError) as e:
        raise Problem("malformed-json", f"the body is not valid UTF-8 JSON: {e}"[:300]) from None


def _bad_strings(data: Any) -> list[dict[str, str]]:
    """Strings that cannot be stored: lone surrogates and NUL characters."""
    faults = []
    stack: list[tuple[str, Any]] = [("$", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for k, v in value.items():
                if _bad(k):
                    faults.append({"path": path, "message": "a key holds an unstorable character"})
                stack.append((f"{path}.{k}" if k.isidentifier() else f"{path}[{json.dumps(k)}]", v))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, str) and _bad(value):
            faults.append(
                {"path": path, "message": "the text holds a NUL character or a lone surrogate"}
            )
    return faults


def _bad(s: str) -> bool:
    if "\x00" in s:
        return True
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_text(value: str, where: str) -> None:
    if _bad(value):
        raise Problem(
            "invalid-request",
            f"{where} holds a NUL character or a lone surrogate",
            errors=[{"path": where, "message": "unstorable character"}],
        )


def validate(data: Any, schema: str) -> Any:
    faults = _bad_strings(data)
    if not faults:
        for err in sorted(validator(schema).iter_errors(data), key=lambda e: list(e.path)):
            faults.append(
                {
                    "path": err.json_path,
                    "pointer": "/"
                    + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in err.path)
                    if err.path
                    else "",
                    "message": err.message[:500],
                    "keyword": str(err.validator),
                }
            )
            if len(faults) >= 50:
                break
    if faults:
        first = faults[0]
        raise Problem(
            "invalid-request",
            f"{len(faults)} fault(s) in the request body; first at {first['path']}: {first['message']}",
            errors=faults,
        )
    return data


def json_body(schema: str) -> Any:
    """The request's JSON body, validated against `schema`; raises a Problem otherwise."""
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise Problem(
            "unsupported-media-type",
            f"send the body as application/json (got {mimetype or 'no Content-Type'})",
        )
    raw = request.get_data(cache=True)
    if not raw:
        raise Problem("malformed-json", "the request body is empty; a JSON object is expected")
    return validate(decode(raw), schema)
