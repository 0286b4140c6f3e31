"""Request bodies: decoded strictly, then validated with JSON Schema before any work.

Schemas live in api/schemas/*.json (JSON Schema 2020-12).  A schema refers to another file
by name (`"$ref": "common.json#/$defs/member_id"`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

from flask import request
from jsonschema import Draft202012Validator, FormatChecker, _keywords, validators
from jsonschema._utils import find_additional_properties
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from api.errors import Problem

SCHEMA_DIR = Path(__file__).parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

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
            if isinstance(resolved, dict) and resolved.get("$schema") == DIALECT:
                # a whole file inlined: its dialect is the root's; left in, it would make
                # jsonschema switch to its stock validator class below this point
                resolved = {k: v for k, v in resolved.items() if k != "$schema"}
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            inlined = inline_refs(resolved, file, (*seen, target))
            return (
                {"allOf": [inlined, inline_refs(siblings, within, seen)]} if siblings else inlined
            )
    return {k: inline_refs(v, within, seen) for k, v in schema.items()}


# ---------------------------------------------------------------- faster hot keywords
#
# jsonschema's `descend` builds a new validator (`evolve`) for every subschema it enters: for
# a 100-member, 100-ballot body that is ~500 validators per request, about half of the
# validation time.  The keywords that descend (`properties`, `items`, `additionalProperties`,
# `propertyNames`, `allOf`) take the validator of a subschema from a cache instead: it is built by the very
# call `descend` makes, from the same inputs, so it is the same validator, and its
# `iter_errors` runs the loop `descend` runs.  `anyOf` and `oneOf` count the valid branches
# with those validators and call jsonschema's own keyword only when it has an error to make;
# the scalar keywords answer the common success case directly (exact built-in types only) and
# hand everything else to jsonschema's own keyword function, which makes the error.  So every error still comes from jsonschema's code, with the same
# message, path and schema path (tests/api/test_service_validation.py compares them).

_SUB: dict[int, tuple[Any, ...]] = {}
_SUB_MAX = 20_000  # the request schemas have a few thousand nodes in all


def _subvalidator(parent: Any, schema: Any) -> Any | None:
    """The validator `parent.descend(..., schema)` builds, built once per subschema, or None
    where jsonschema's own `descend` must run (boolean schemas, a schema with an `$id`, the
    legacy resolver)."""
    if type(schema) is not dict or "$id" in schema or parent._ref_resolver is not None:
        return None
    resolver = parent._resolver  # `in_subresource` of a schema without `$id` is the same one
    # what the built validator depends on (the rest of `evolve`'s inputs are class-wide)
    cls, checker = type(parent), parent.format_checker
    hit = _SUB.get(id(schema))
    if (
        hit is not None
        and hit[0] is schema
        and hit[1] is resolver
        and hit[2] is cls
        and hit[3] is checker
    ):
        return hit[4]
    sub = parent.evolve(schema=schema, _resolver=resolver)
    if len(_SUB) >= _SUB_MAX:
        _SUB.clear()
    _SUB[id(schema)] = (schema, resolver, cls, checker, sub)  # holds schema: its id stays its own
    return sub


def _properties(validator, properties, instance, schema):
    if not (type(instance) is dict or validator.is_type(instance, "object")):
        return
    for prop, subschema in properties.items():
        if prop in instance:
            sub = _subvalidator(validator, subschema)
            if sub is None:
                yield from validator.descend(instance[prop], subschema, path=prop, schema_path=prop)
                continue
            for error in sub.iter_errors(instance[prop]):  # what `descend` does, after evolve
                error.path.appendleft(prop)
                error.schema_path.appendleft(prop)
                yield error


def _items(validator, items, instance, schema):
    if items is False or "prefixItems" in schema:
        yield from _keywords.items(validator, items, instance, schema)
        return
    if not (type(instance) is list or validator.is_type(instance, "array")):
        return
    sub = _subvalidator(validator, items)
    for index, item in enumerate(instance):
        if sub is None:
            yield from validator.descend(item, items, path=index)
            continue
        for error in sub.iter_errors(item):
            error.path.appendleft(index)
            yield error


def _additional_properties(validator, aP, instance, schema):
    if type(aP) is dict:
        if not (type(instance) is dict or validator.is_type(instance, "object")):
            return
        sub = _subvalidator(validator, aP)
        for extra in set(find_additional_properties(instance, schema)):
            if sub is None:
                yield from validator.descend(instance[extra], aP, path=extra)
                continue
            for error in sub.iter_errors(instance[extra]):
                error.path.appendleft(extra)
                yield error
        return
    if aP is False and type(instance) is dict and "patternProperties" not in schema:
        known = schema.get("properties", {})
        if type(known) is dict and instance.keys() <= known.keys():  # no extra property
            return
    yield from _keywords.additionalProperties(validator, aP, instance, schema)


def _property_names(validator, propertyNames, instance, schema):
    if not (type(instance) is dict or validator.is_type(instance, "object")):
        return
    sub = _subvalidator(validator, propertyNames)
    for prop in instance:
        if sub is None:
            yield from validator.descend(instance=prop, schema=propertyNames)
        else:
            yield from sub.iter_errors(prop)  # `descend` without a path, as jsonschema's


def _valid_branches(validator, branches, instance, stop_at: int) -> int | None:
    """How many of `branches` `instance` is valid under, counting up to `stop_at`; None
    where a branch needs jsonschema's own `descend`.  The first error of a branch settles
    it, where `anyOf`/`oneOf` would collect all of them only to drop them."""
    valid = 0
    for branch in branches:
        sub = _subvalidator(validator, branch)
        if sub is None:
            return None
        if next(sub.iter_errors(instance), None) is None:
            valid += 1
            if valid >= stop_at:
                break
    return valid


def _any_of(validator, anyOf, instance, schema):
    if _valid_branches(validator, anyOf, instance, 1) != 1:  # none valid: jsonschema's error
        yield from _keywords.anyOf(validator, anyOf, instance, schema)


def _one_of(validator, oneOf, instance, schema):
    if _valid_branches(validator, oneOf, instance, 2) != 1:  # none or several: its error
        yield from _keywords.oneOf(validator, oneOf, instance, schema)


def _all_of(validator, allOf, instance, schema):
    for index, subschema in enumerate(allOf):
        sub = _subvalidator(validator, subschema)
        if sub is None:
            yield from validator.descend(instance, subschema, schema_path=index)
            continue
        for error in sub.iter_errors(instance):
            error.schema_path.appendleft(index)
            yield error


# instances of exactly these built-in types are of the named JSON type (jsonschema's checker
# also accepts subclasses, and floats such as 1.0 as integers: those take its own path)
_EXACT_TYPES = {
    "string": (str,),
    "object": (dict,),
    "array": (list,),
    "boolean": (bool,),
    "number": (int, float),
    "integer": (int,),
    "null": (type(None),),
}


def _type(validator, types, instance, schema):
    kind = type(instance)
    if type(types) is str:
        if kind in _EXACT_TYPES.get(types, ()):
            return ()
    elif type(types) is list and any(kind in _EXACT_TYPES.get(t, ()) for t in types):
        return ()
    return _keywords.type(validator, types, instance, schema)


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(validator, patrn, instance, schema):
    if type(instance) is str:
        compiled = _PATTERNS.get(patrn)
        if compiled is None:
            compiled = _PATTERNS[patrn] = re.compile(patrn)  # what re.search(patrn) compiles
        if compiled.search(instance):
            return ()
    return _keywords.pattern(validator, patrn, instance, schema)


def _max_length(validator, mL, instance, schema):
    if type(instance) is str and len(instance) <= mL:
        return ()
    return _keywords.maxLength(validator, mL, instance, schema)


def _required(validator, required, instance, schema):
    if type(instance) is dict:
        for prop in required:
            if prop not in instance:
                break
        else:
            return ()
    return _keywords.required(validator, required, instance, schema)


def _enum(validator, enums, instance, schema):
    # jsonschema's equal(x, s) for a string s is x == s
    if type(instance) is str and instance in enums:
        return ()
    return _keywords.enum(validator, enums, instance, schema)


RequestValidator = validators.extend(
    Draft202012Validator,
    {
        "properties": _properties,
        "items": _items,
        "additionalProperties": _additional_properties,
        "type": _type,
        "pattern": _pattern,
        "maxLength": _max_length,
        "required": _required,
        "enum": _enum,
        "propertyNames": _property_names,
        "anyOf": _any_of,
        "oneOf": _one_of,
        "allOf": _all_of,
    },
)


@cache
def validator(name: str) -> Any:
    file = name if name.endswith(".json") else name + ".json"
    schema = inline_refs(schemas()[file], file)
    return RequestValidator(schema, registry=registry(), format_checker=format_checker)


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


def validate(data: Any, schema: str, *, escapes: bool = True) -> Any:
    """`data` checked for unstorable strings, then against `schema`; a Problem otherwise.
    `escapes=False` says the JSON text it was decoded from holds no `\\u` escape: strict
    UTF-8 and JSON forbid a raw NUL or surrogate, so its strings need no scan."""
    faults = _bad_strings(data) if escapes else []
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
    return validate(decode(raw), schema, escapes=b"\\u" in raw)
