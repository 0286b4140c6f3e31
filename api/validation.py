"""Request bodies: decoded strictly, then validated with JSON Schema before any work.

Schemas live in api/schemas/*.json (JSON Schema 2020-12).  A schema refers to another file by
name (`"$ref": "common.json#/$defs/member_id"`) or within itself (`"#/$defs/X"`, as pydantic
writes them); every reference is resolved once, when the validator is built (`inline_refs`).

How a body is validated: two parts, one that proves, one that explains.

* The *acceptor* proves validity.  Each schema is compiled once into Python source, `exec`-ed
  into one predicate `accept(instance) -> bool`: a handful of inline operations per object
  (`type(x) is dict`, `"id" in x`, a compiled pattern's `search`, `len(x) <= 128`), not a
  function call per keyword.  For every keyword it supports it makes exactly jsonschema's
  check (the same `re.search`, the same notion of type: a bool is not a number, 1.0 is an
  integer; the same equality for `enum`/`const`, where 1 and True differ; `len` in code
  points; the format checker's own functions).  It answers True only when the instance is
  valid, and never raises.
* jsonschema makes every error.  When the acceptor does not answer True, the body goes to
  jsonschema's Draft202012Validator, extended only so that its applicators (`properties`,
  `items`, `anyOf`, ...) skip the subinstances the acceptor proves valid: they call the stock
  keyword function (`Draft202012Validator.VALIDATORS[...]`), whose `descend` answers nothing
  for such a subinstance -- which is what jsonschema itself would answer.  So the errors are
  jsonschema's own: message, path, schema path, order (tests/api/test_service_validation.py
  compares them with the stock validator's).

Why it is sound: inside, each compiled check answers True (valid), False (invalid) or raises
"unknown"; True and False are exact, so `not`, `oneOf` and `if` may use False.  Unknown is
raised for whatever it cannot judge exactly: a keyword it does not know (any keyword other than
those it implements and a short list of annotations that jsonschema ignores -- title,
description, default, examples, $comment, ...), a `$ref` left in (a recursive schema), a
`$schema` of another dialect below the root, an unknown type name, an instance that is not
made of plain JSON types (a str subclass, a tuple, a Decimal: jsonschema's isinstance checks
could answer otherwise), repeated items under `uniqueItems` (jsonschema's `uniq` has its own
rules, so only "all distinct" is decided here), and any exception.  Unknown reaches the top,
where `accept` answers False: the body goes to jsonschema.  So an unknown keyword costs speed,
never a wrong verdict; a schema that does not pass jsonschema's `check_schema` is never
accepted by the acceptor at all.  Since jsonschema is not pinned, a few probes compare the
acceptor's verdicts with jsonschema's when the first acceptor is built; should one differ
(a future jsonschema with other semantics), every body goes to jsonschema.  One limit: where
jsonschema itself would raise instead of answering (a format function raising an exception it
does not declare, a `multipleOf` overflowing a float) within a `not` or a losing `oneOf`
branch, the acceptor may have settled that branch on an earlier keyword; no sane schema or
JSON body gets there.

Reported errors name the field the client sent: a failed `oneOf`/`anyOf` whose branches are
told apart (by a property each fixes with `const`, by a required key only one branch has, or
by JSON type, as for pydantic's `anyOf: [X, {"type": "null"}]`) is reported as the errors of the
branch the instance meant (from the error's `context`), not as "is not valid under any of the
given schemas" at the parent.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
import threading
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from flask import request
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import SchemaError, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from api.errors import Problem

SCHEMA_DIR = Path(__file__).parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MAX_FAULTS = 50

log = logging.getLogger("charter.api")

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


def inline_refs(
    schema: Any, within: str, seen: tuple[str, ...] = (), *, resources: Registry | None = None
) -> Any:
    """The schema with every `$ref` replaced by what it points to, looked up in `resources`
    (the request schemas by default).  A recursive reference is kept, made absolute
    (`file#pointer`) so that jsonschema finds it in the registry.  Resolving a reference
    through `referencing` at each member and ballot of a request cost ~20 ms per 100-ballot
    body; the schemas never change, so they are resolved once."""
    if isinstance(schema, list):
        return [inline_refs(item, within, seen, resources=resources) for item in schema]
    if not isinstance(schema, dict):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = ref if "#" in ref else ref + "#"
        if target.startswith("#"):
            target = within + target
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        if target in seen:
            return {"$ref": target, **inline_refs(siblings, within, seen, resources=resources)}
        file, pointer = target.split("#", 1)
        found = (resources or registry()).resolver().lookup(f"{file}#{pointer}").contents
        if isinstance(found, dict) and found.get("$schema") == DIALECT:
            # a whole file inlined: its dialect is the root's; left in, it would make
            # jsonschema switch to its stock validator class below this point
            found = {k: v for k, v in found.items() if k != "$schema"}
        inlined = inline_refs(found, file, (*seen, target), resources=resources)
        if not siblings:
            return inlined
        return {"allOf": [inlined, inline_refs(siblings, within, seen, resources=resources)]}
    return {k: inline_refs(v, within, seen, resources=resources) for k, v in schema.items()}


# ---------------------------------------------------------------- the acceptor
#
# A schema node becomes lines of Python that end the enclosing function with `return False`
# when the instance is invalid there; a node whose verdict is needed as a value (a branch of
# anyOf / oneOf, `not`, `if`, `contains`) becomes a function of its own, shared by every
# node with the same JSON text.


class _Unknown(Exception):
    """The acceptor cannot judge this instance exactly: jsonschema will."""


_JSON_TYPES: frozenset[type] = frozenset({str, int, float, bool, type(None), dict, list})
_SCALARS = frozenset({str, int, float, type(None)})  # Python's == is JSON equality on these
_TYPE_NAMES = {
    "string": (str,),
    "object": (dict,),
    "array": (list,),
    "boolean": (bool,),
    "null": (type(None),),
    "number": (int, float),
    "integer": (int,),  # and floats such as 1.0
}
_PY_NAME = {str: "str", int: "int", float: "float", bool: "bool", dict: "dict", list: "list"}

_STRING_KW = ("minLength", "maxLength", "pattern")
_NUMBER_KW = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_OBJECT_KW = (
    "required",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "dependentSchemas",
)
_ARRAY_KW = ("minItems", "maxItems", "prefixItems", "items", "uniqueItems", "contains")
_TYPED_KW = frozenset(("type", "enum", "const", *_STRING_KW, *_NUMBER_KW, *_OBJECT_KW, *_ARRAY_KW))
_APPLICATOR_KW = ("format", "allOf", "anyOf", "oneOf", "not", "if")
# read together with another keyword (alone, jsonschema ignores them as well)
_COMPANION_KW = ("then", "else", "minContains", "maxContains")
_SUPPORTED = frozenset((*_TYPED_KW, *_APPLICATOR_KW, *_COMPANION_KW))
# annotations and identifiers: no effect on a verdict (refs are inlined; one left is unknown).
# Only those jsonschema really ignores count; should a version implement one, it is unknown.
_IGNORED = frozenset(
    {
        "title",
        "description",
        "default",
        "examples",
        "$comment",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$defs",
        "definitions",
        "$id",
        "$anchor",
        "$dynamicAnchor",
        "$vocabulary",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
        "discriminator",  # OpenAPI's annotation, written by pydantic beside a tagged oneOf
    }
) - set(Draft202012Validator.VALIDATORS)
_MAX_NESTING = 12  # statement blocks before a node is spilled into a function of its own


def _json_equal(one: Any, two: Any) -> bool:
    """jsonschema's `equal` on plain JSON values: 1 == 1.0, but True != 1; lists and objects
    compared member by member."""
    if one is two:
        return True
    t1, t2 = type(one), type(two)
    if t1 not in _JSON_TYPES or t2 not in _JSON_TYPES:
        raise _Unknown
    if t1 is str or t2 is str:
        return one == two
    if t1 is list and t2 is list:
        return len(one) == len(two) and all(map(_json_equal, one, two))
    if t1 is dict and t2 is dict:
        return len(one) == len(two) and all(
            key in two and _json_equal(value, two[key]) for key, value in one.items()
        )
    if t1 is bool or t2 is bool:
        return False  # not the same object: True/False against anything else
    return one == two


def _json_key(value: Any) -> Any:
    """A hashable key such that JSON-equal values (as `_json_equal`) have equal keys."""
    t = type(value)
    if t is str:
        return value
    if t is int or t is float:
        return ("n", value)
    if t is bool:
        return ("b", value)
    if value is None:
        return ("z",)
    if t is list:
        return ("l", tuple(map(_json_key, value)))
    if t is dict:
        if not all(type(k) is str for k in value):
            raise _Unknown
        return ("d", frozenset((k, _json_key(v)) for k, v in value.items()))
    raise _Unknown


def _unique(items: list) -> bool:
    """True when no two items are JSON-equal: jsonschema's `uniq` then finds no pair either.
    Repeated items are left to jsonschema (its `uniq` compares neighbours after sorting)."""
    if set(map(type, items)) <= _SCALARS:
        if len(set(items)) == len(items):
            return True
    elif len({_json_key(item) for item in items}) == len(items):
        return True
    raise _Unknown


def _multiple_of(instance: int | float, divisor: int | float) -> bool:
    """jsonschema's `multipleOf`, step for step."""
    failed: bool | float  # whether the quotient is not whole, or the remainder
    if isinstance(divisor, float):
        quotient = instance / divisor
        try:
            failed = int(quotient) != quotient
        except OverflowError:
            failed = (Fraction(instance) / Fraction(divisor)).denominator != 1
    else:
        failed = instance % divisor
    return not failed


def _enum_matcher(values: list) -> Any:
    """x, type(x) -> whether a non-string plain JSON `x` equals one of `values` (strings are
    checked inline, against a frozenset)."""
    numbers = frozenset(v for v in values if type(v) in (int, float))
    bools = frozenset(v for v in values if type(v) is bool)
    has_none = any(v is None for v in values)
    composites = [v for v in values if type(v) in (list, dict)]

    def match(x: Any, t: type) -> bool:
        if t is int or t is float:
            return x in numbers
        if t is bool:
            return x in bools
        if x is None:
            return has_none
        if t is list or t is dict:
            return any(_json_equal(v, x) for v in composites)
        raise _Unknown

    return match


def _canonical(schema: Any) -> str:
    try:
        return json.dumps(schema, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return f"id:{id(schema)}"


class _Compiler:
    """Compiles schema nodes into acceptors for one format checker.  Every function lives in
    one namespace; a node's JSON text names its function, so shared subschemas compile once."""

    def __init__(self, checker: FormatChecker | None) -> None:
        self.checker = checker
        self.ns: dict[str, Any] = {
            "U": _Unknown,
            "J": _JSON_TYPES,
            "NoneType": type(None),
            "_unique": _unique,
            "_multiple_of": _multiple_of,
            "_conforms": checker.conforms if checker is not None else None,
        }
        self.functions: dict[str, str] = {}  # canonical JSON -> function name
        self.acceptors: dict[int, tuple[Any, Any]] = {}  # id(node) -> (node, accept)
        self.consts: dict[tuple[str, str], str] = {}
        self.count = 0
        self.pending: list[str] = []
        self.lock = threading.RLock()

    # -- names
    def fresh(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def const(self, value: Any, key: str | None = None, prefix: str = "c") -> str:
        if key is not None and (prefix, key) in self.consts:
            return self.consts[(prefix, key)]
        name = self.fresh(prefix)
        self.ns[name] = value
        if key is not None:
            self.consts[(prefix, key)] = name
        return name

    def search(self, pattern: str) -> str | None:
        try:
            compiled = re.compile(pattern)  # what jsonschema's re.search(pattern, x) compiles
        except (re.error, TypeError):
            return None
        return self.const(compiled.search, pattern, "p")

    # -- entry points
    def acceptor(self, schema: Any) -> Any:
        """accept(instance) -> bool for the node `schema` (kept alive with it)."""
        hit = self.acceptors.get(id(schema))
        if hit is not None and hit[0] is schema:
            return hit[1]
        with self.lock:
            wrapper = self.fresh("accept")
            try:
                name = self.function(schema)
                self.pending.append(
                    f"def {wrapper}(x):\n    try:\n        return {name}(x)\n"
                    "    except Exception:\n        return False"
                )
                source = "\n\n".join(self.pending)
                exec(compile(source, f"<acceptor {wrapper}>", "exec"), self.ns)
                accept = self.ns[wrapper]
            except Exception:  # a bug here must cost speed, not requests
                log.exception("request validation: no acceptor for %.200r", schema)
                accept = _never
            finally:
                self.pending = []
            self.acceptors[id(schema)] = (schema, accept)
            return accept

    def function(self, schema: Any) -> str:
        """The name of a function `f(x) -> bool` for `schema` (defined at the next exec)."""
        key = _canonical(schema)
        name = self.functions.get(key)
        if name is None:
            name = self.functions[key] = self.fresh("f")
            lines = [f"def {name}(x):"]
            self.node(schema, "x", lines, "    ", 0)
            lines.append("    return True")
            self.pending.append("\n".join(lines))
        return name

    # -- code
    def node(self, schema: Any, x: str, out: list[str], ind: str, depth: int) -> None:
        """Lines that `return False` when `x` is invalid under `schema`."""
        if schema is True:
            return
        if schema is False:
            out.append(f"{ind}return False")
            return
        if type(schema) is not dict:
            out.append(f"{ind}raise U")
            return
        if depth >= _MAX_NESTING:
            out.append(f"{ind}if not {self.function(schema)}({x}): return False")
            return
        lines: list[str] = []
        if self.body(schema, x, lines, ind, depth) is False:
            out.append(f"{ind}raise U")
        else:
            out.extend(lines)

    def body(self, s: dict, x: str, out: list[str], ind: str, depth: int) -> bool:
        for k in s:
            known = k in _SUPPORTED or k in _IGNORED or (k == "$schema" and s[k] == DIALECT)
            if not known:
                return False
        possible: set[type] = set(_JSON_TYPES)
        t = self.fresh("t")
        if _TYPED_KW.intersection(s):
            out.append(f"{ind}{t} = type({x})")
            if "type" in s:
                allowed = self.type_check(s["type"], x, t, out, ind)
                if allowed is None:
                    return False
                possible = allowed
            else:
                out.append(f"{ind}if {t} not in J: raise U")
        for key in ("enum", "const"):
            if key in s:
                values = s["enum"] if key == "enum" else [s["const"]]
                if type(values) is not list:
                    return False
                self.enum(values, x, t, possible, out, ind)
        groups = (
            (_STRING_KW, (str,), self.string_keywords),
            (_NUMBER_KW, (int, float), self.number_keywords),
            (_OBJECT_KW, (dict,), self.object_keywords),
            (_ARRAY_KW, (list,), self.array_keywords),
        )
        for keywords, types, emit in groups:
            if not any(k in s for k in keywords) or not possible.intersection(types):
                continue
            inner = ind
            if not possible <= set(types):
                cond = " or ".join(f"{t} is {_PY_NAME[ty]}" for ty in types)
                out.append(f"{ind}if {cond}:")
                inner = ind + "    "
            lines: list[str] = []
            if emit(s, x, lines, inner, depth + (inner != ind)) is False:
                return False
            out.extend(lines or [f"{inner}pass"])
        return self.applicators(s, x, out, ind, depth)

    def type_check(self, names: Any, x: str, t: str, out: list[str], ind: str) -> set | None:
        names = [names] if type(names) is str else names
        if type(names) is not list or any(n not in _TYPE_NAMES for n in names):
            return None  # jsonschema raises UnknownType: its business
        allowed = {ty for n in names for ty in _TYPE_NAMES[n]}
        parts = [
            f"{t} is {_PY_NAME[ty]}" if ty is not type(None) else f"{x} is None" for ty in allowed
        ]
        if "integer" in names and float not in allowed:
            parts.append(f"({t} is float and {x}.is_integer())")
            allowed = allowed | {float}
        ok = " or ".join(sorted(parts))
        out.append(f"{ind}if not ({ok}):")
        out.append(f"{ind}    if {t} in J: return False")
        out.append(f"{ind}    raise U")
        return allowed

    def enum(self, values: list, x: str, t: str, possible: set, out: list[str], ind: str) -> None:
        strings = frozenset(v for v in values if type(v) is str)
        names = self.const(strings, _canonical(sorted(strings)), "s")
        if possible <= {str}:
            out.append(f"{ind}if {x} not in {names}: return False")
            return
        other = self.const(_enum_matcher(values))
        out.append(f"{ind}if {t} is str:")
        out.append(f"{ind}    if {x} not in {names}: return False")
        out.append(f"{ind}elif not {other}({x}, {t}): return False")

    def string_keywords(self, s: dict, x: str, out: list[str], ind: str, depth: int) -> Any:
        if "minLength" in s:
            out.append(f"{ind}if len({x}) < {self.number(s['minLength'])}: return False")
        if "maxLength" in s:
            out.append(f"{ind}if len({x}) > {self.number(s['maxLength'])}: return False")
        if "pattern" in s:
            search = self.search(s["pattern"])
            if search is None:
                return False
            out.append(f"{ind}if not {search}({x}): return False")
        return True

    def number(self, value: Any) -> str:
        if type(value) is int:
            return repr(value)
        return self.const(value)

    def number_keywords(self, s: dict, x: str, out: list[str], ind: str, depth: int) -> Any:
        for key, op in (
            ("minimum", "<"),
            ("maximum", ">"),
            ("exclusiveMinimum", "<="),
            ("exclusiveMaximum", ">="),
        ):
            if key in s:
                out.append(f"{ind}if {x} {op} {self.number(s[key])}: return False")
        if "multipleOf" in s:
            out.append(
                f"{ind}if not _multiple_of({x}, {self.number(s['multipleOf'])}): return False"
            )
        return True

    def object_keywords(self, s: dict, x: str, out: list[str], ind: str, depth: int) -> Any:
        present: set[str] = set()
        required = s.get("required", [])
        if required:
            if type(required) is not list:
                return False
            present = {r for r in required if type(r) is str}
            test = " or ".join(f"{r!r} not in {x}" for r in required)
            out.append(f"{ind}if {test}: return False")
        if "minProperties" in s:
            out.append(f"{ind}if len({x}) < {self.number(s['minProperties'])}: return False")
        if "maxProperties" in s:
            out.append(f"{ind}if len({x}) > {self.number(s['maxProperties'])}: return False")
        for prop, deps in (s.get("dependentRequired") or {}).items():
            if deps:
                test = " or ".join(f"{d!r} not in {x}" for d in deps)
                out.append(f"{ind}if {prop!r} in {x} and ({test}): return False")
        properties = s.get("properties", {})
        patterns = s.get("patternProperties", {})
        extra = s.get("additionalProperties", True)
        if type(properties) is not dict or type(patterns) is not dict:
            return False
        known = self.const(frozenset(properties), _canonical(sorted(properties)), "k")
        joined = None
        if patterns:
            # what jsonschema's find_additional_properties searches with
            joined = self.search("|".join(patterns))
            if joined is None:
                return False
        if extra is False:
            if joined is None:
                out.append(f"{ind}if not {known}.issuperset({x}): return False")
            else:
                out.append(f"{ind}for k in {x}:")
                out.append(f"{ind}    if k not in {known} and not {joined}(k): return False")
        for prop, sub in properties.items():
            if sub is True or sub == {}:
                continue
            if prop in present:
                v = self.fresh("v")
                out.append(f"{ind}{v} = {x}[{prop!r}]")
                self.node(sub, v, out, ind, depth)
            else:
                v = self.fresh("v")
                out.append(f"{ind}if {prop!r} in {x}:")
                out.append(f"{ind}    {v} = {x}[{prop!r}]")
                self.node(sub, v, out, ind + "    ", depth + 1)
        for pattern, sub in patterns.items():
            search = self.search(pattern)
            if search is None:
                return False
            if sub is True or sub == {}:
                continue
            k, v = self.fresh("k"), self.fresh("v")
            out.append(f"{ind}for {k}, {v} in {x}.items():")
            out.append(f"{ind}    if {search}({k}):")
            self.node(sub, v, out, ind + "        ", depth + 2)
        if type(extra) is dict and extra != {}:
            k, v = self.fresh("k"), self.fresh("v")
            if not properties and joined is None:
                out.append(f"{ind}for {v} in {x}.values():")
                self.node(extra, v, out, ind + "    ", depth + 1)
            else:
                out.append(f"{ind}for {k}, {v} in {x}.items():")
                test = f"{k} not in {known}" + (f" and not {joined}({k})" if joined else "")
                out.append(f"{ind}    if {test}:")
                self.node(extra, v, out, ind + "        ", depth + 2)
        elif extra is not True and type(extra) is not dict and extra is not False:
            return False
        if "propertyNames" in s:
            names = s["propertyNames"]
            if names is False:
                out.append(f"{ind}if {x}: return False")
            elif names is not True:
                k = self.fresh("k")
                out.append(f"{ind}for {k} in {x}:")
                self.node(names, k, out, ind + "    ", depth + 1)
        for prop, sub in (s.get("dependentSchemas") or {}).items():
            out.append(f"{ind}if {prop!r} in {x}:")
            lines: list[str] = []
            self.node(sub, x, lines, ind + "    ", depth + 1)
            out.extend(lines or [f"{ind}    pass"])
        return True

    def array_keywords(self, s: dict, x: str, out: list[str], ind: str, depth: int) -> Any:
        if "minItems" in s:
            out.append(f"{ind}if len({x}) < {self.number(s['minItems'])}: return False")
        if "maxItems" in s:
            out.append(f"{ind}if len({x}) > {self.number(s['maxItems'])}: return False")
        prefix = s.get("prefixItems", [])
        if type(prefix) is not list:
            return False
        for index, sub in enumerate(prefix):
            if sub is True or sub == {}:
                continue
            v = self.fresh("v")
            out.append(f"{ind}if len({x}) > {index}:")
            out.append(f"{ind}    {v} = {x}[{index}]")
            self.node(sub, v, out, ind + "    ", depth + 1)
        if "items" in s:
            items = s["items"]
            if items is False:
                out.append(f"{ind}if len({x}) > {len(prefix)}: return False")
            elif items is not True and items != {}:
                v = self.fresh("v")
                rest = f"{x}[{len(prefix)}:]" if prefix else x
                out.append(f"{ind}for {v} in {rest}:")
                self.node(items, v, out, ind + "    ", depth + 1)
        if s.get("uniqueItems"):
            out.append(f"{ind}if not _unique({x}): return False")
        if "contains" in s:
            matches = self.fresh("n")
            least = s.get("minContains", 1)
            out.append(f"{ind}{matches} = 0")
            out.append(f"{ind}for v in {x}:")
            out.append(f"{ind}    if {self.function(s['contains'])}(v): {matches} += 1")
            out.append(f"{ind}if {matches} < {self.number(least)}: return False")
            if "maxContains" in s:
                most = self.number(s["maxContains"])
                out.append(f"{ind}if {matches} > {most}: return False")
        return True

    def applicators(self, s: dict, x: str, out: list[str], ind: str, depth: int) -> bool:
        if "format" in s and self.checker is not None:
            fmt = s["format"]
            if type(fmt) is not str:
                return False
            out.append(f"{ind}if not _conforms({x}, {fmt!r}): return False")
        for key in ("allOf", "anyOf", "oneOf"):
            if key in s and (type(s[key]) is not list or not s[key]):
                return False
        for sub in s.get("allOf", ()):
            self.node(sub, x, out, ind, depth)
        if "anyOf" in s and not any(b is True or b == {} for b in s["anyOf"]):
            calls = " or ".join(f"{self.function(b)}({x})" for b in s["anyOf"])
            out.append(f"{ind}if not ({calls}): return False")
        if "oneOf" in s:
            calls = " + ".join(f"{self.function(b)}({x})" for b in s["oneOf"])
            out.append(f"{ind}if {calls} != 1: return False")
        if "not" in s:
            out.append(f"{ind}if {self.function(s['not'])}({x}): return False")
        if "if" in s:
            then, otherwise = s.get("then", True), s.get("else", True)
            out.append(f"{ind}if {self.function(s['if'])}({x}):")
            lines: list[str] = []
            self.node(then, x, lines, ind + "    ", depth + 1)
            out.extend(lines or [f"{ind}    pass"])
            out.append(f"{ind}else:")
            lines = []
            self.node(otherwise, x, lines, ind + "    ", depth + 1)
            out.extend(lines or [f"{ind}    pass"])
        return True


_COMPILERS: dict[int, tuple[Any, _Compiler]] = {}
_COMPILERS_LOCK = threading.Lock()


def _compiler(checker: FormatChecker | None) -> _Compiler:
    hit = _COMPILERS.get(id(checker))
    if hit is None or hit[0] is not checker:
        with _COMPILERS_LOCK:
            hit = _COMPILERS[id(checker)] = (checker, _Compiler(checker))
    return hit[1]


def _never(instance: Any) -> bool:
    return False


# (schema, instance) pairs the acceptor accepts, each on a point where jsonschema's semantics
# are particular; should jsonschema ever reject one, the acceptor is not used at all
_PROBES: list[tuple[Any, Any]] = [
    ({"type": "integer"}, 1.0),
    ({"type": ["integer", "null"], "maximum": 1}, None),
    ({"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.5}, 1.5),
    ({"type": "boolean"}, False),
    ({"uniqueItems": True}, [1, True, "1", None, 0, False]),
    ({"uniqueItems": True}, [[1], [True], {"a": 1}, {"a": True}]),
    ({"enum": [1, [1], {"a": [0]}]}, 1.0),
    ({"enum": [1, [1], {"a": [0]}]}, [1.0]),
    ({"enum": [1, [1], {"a": [0]}]}, {"a": [0.0]}),
    ({"const": False}, False),
    ({"maxLength": 1, "minLength": 1}, "\U0001f600"),
    ({"pattern": "^\\d$"}, "\u0663"),
    ({"pattern": "^a$"}, "a\n"),
    ({"pattern": "b"}, "abc"),
    ({"format": "date"}, "2020-02-29"),
    ({"format": "date-time"}, "2020-02-29T10:00:00Z"),
    ({"prefixItems": [{"type": "integer"}], "items": {"type": "string"}}, [1, "a"]),
    ({"patternProperties": {"^x": {}}, "additionalProperties": False}, {"x1": 1}),
    ({"propertyNames": {"maxLength": 2}, "maxProperties": 2, "minProperties": 1}, {"ab": 1}),
    ({"dependentRequired": {"a": ["b"]}, "dependentSchemas": {"b": {"required": ["a"]}}}, {}),
    ({"contains": {"type": "string"}, "minContains": 2, "maxContains": 2}, ["a", "b", 1]),
    ({"not": {"type": "string"}}, 1),
    ({"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"type": "integer"}}, 3),
    ({"oneOf": [{"type": "integer"}, {"type": "string"}]}, 1.0),
    ({"anyOf": [{"type": "string"}, {"type": "null"}]}, None),
    ({"properties": {"a": False}, "required": []}, {"b": 1}),
]


@cache
def _probes_agree() -> bool:
    compiler = _compiler(format_checker)
    for schema, instance in _PROBES:
        accepted = compiler.acceptor(schema)(instance)
        stock = Draft202012Validator(schema, format_checker=format_checker)
        if not accepted or not stock.is_valid(instance):
            log.warning(
                "request validation: the acceptor and jsonschema disagree on %r under %r; "
                "every body goes to jsonschema",
                instance,
                schema,
            )
            return False
    return True


def compile_acceptor(schema: Any, checker: FormatChecker | None = format_checker) -> Any:
    """accept(instance) -> bool: True only when `instance` is valid under `schema` (refs
    inlined) for jsonschema's Draft 2020-12 validator with `checker`; never raises."""
    if not _probes_agree():
        return _never
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError:
        return _never
    return _compiler(checker).acceptor(schema)


# ---------------------------------------------------------------- jsonschema, for the errors


class _Shortcut:
    """The validator a stock keyword function is handed: its `descend` answers nothing for a
    subinstance the acceptor proves valid (what jsonschema's own `descend` would yield);
    everything else is the real validator's."""

    __slots__ = ("validator", "compiler")

    def __init__(self, validator: Any, compiler: _Compiler) -> None:
        self.validator = validator
        self.compiler = compiler

    def descend(self, instance: Any, schema: Any, *args: Any, **kwargs: Any) -> Any:
        if self.compiler.acceptor(schema)(instance):
            return iter(())
        return self.validator.descend(instance, schema, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.validator, name)


def _shortcut(keyword: str) -> Any:
    stock = Draft202012Validator.VALIDATORS[keyword]

    def applicator(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        if not _probes_agree():
            return stock(validator, value, instance, schema)
        compiler = _compiler(validator.format_checker)
        return stock(_Shortcut(validator, compiler), value, instance, schema)

    applicator.__name__ = keyword
    return applicator


# the applicators that `descend` into subinstances (`$ref` is inlined; `not`, `contains` and
# `oneOf`'s second pass use `evolve(...).is_valid`, which is fast enough on what is left)
_SHORTCUT_KEYWORDS = (
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "dependentSchemas",
    "items",
    "prefixItems",
    "allOf",
    "anyOf",
    "oneOf",
    "if",
)
ErrorValidator = validators.extend(
    Draft202012Validator,
    {k: _shortcut(k) for k in _SHORTCUT_KEYWORDS if k in Draft202012Validator.VALIDATORS},
)


def _path_key(error: ValidationError) -> list[tuple[int, Any]]:
    return [(0, p) if isinstance(p, int) else (1, str(p)) for p in error.absolute_path]


def _types_of(branch: Any) -> set[type] | None:
    if type(branch) is not dict or "type" not in branch:
        return None
    names = [branch["type"]] if type(branch["type"]) is str else branch["type"]
    if type(names) is not list:
        return None
    out = {ty for n in names if n in _TYPE_NAMES for ty in _TYPE_NAMES[n]}
    return out | ({float} if "integer" in names else set())


def _parts(branch: Any) -> list[dict]:
    """The branch and the members of its `allOf` (where a `$ref` with siblings went)."""
    if type(branch) is not dict:
        return []
    return [branch, *(p for p in branch.get("allOf", ()) if type(p) is dict)]


def _tag(branch: Any, prop: str) -> tuple[bool, Any]:
    for part in _parts(branch):
        sub = part.get("properties", {}).get(prop) if type(part.get("properties")) is dict else None
        if type(sub) is dict:
            if "const" in sub:
                return True, sub["const"]
            if type(sub.get("enum")) is list and len(sub["enum"]) == 1:
                return True, sub["enum"][0]
    return False, None


def _required(branch: Any) -> set[str]:
    out: set[str] = set()
    for part in _parts(branch):
        if type(part.get("required")) is list:
            out.update(r for r in part["required"] if type(r) is str)
    return out


def _chosen_branch(error: ValidationError) -> int | None:
    """The branch of a failed anyOf/oneOf the instance was meant for, when its branches are
    told apart: by JSON type, then (objects) by a property every branch fixes to a distinct
    constant, then by the required keys no other branch requires."""
    branches, instance = error.validator_value, error.instance
    if type(branches) is not list or not error.context:
        return None
    kind = type(instance)
    candidates = []
    for index, branch in enumerate(branches):
        types = _types_of(branch)
        if types is None or kind in types:
            candidates.append(index)
    if len(candidates) > 1 and kind is dict and isinstance(instance, dict):  # isinstance for mypy
        for prop in instance:
            tags = [_tag(branches[i], prop) for i in candidates]
            values = [json.dumps(v, sort_keys=True) for ok, v in tags if ok]
            if len(values) == len(candidates) and len(set(values)) == len(values):
                sent = json.dumps(instance[prop], sort_keys=True, default=repr)
                candidates = [i for i, v in zip(candidates, values, strict=True) if v == sent]
                break
        else:
            required = {i: _required(branches[i]) for i in range(len(branches))}
            own = {
                i: required[i] - set().union(*(required[j] for j in required if j != i))
                for i in candidates
            }
            candidates = [i for i in candidates if own[i] and own[i] <= instance.keys()]
    return candidates[0] if len(candidates) == 1 else None


def _reported(error: ValidationError) -> list[ValidationError]:
    """`error`, or for a failed oneOf/anyOf the errors of the branch the instance meant."""
    if error.validator in ("oneOf", "anyOf"):
        chosen = _chosen_branch(error)
        if chosen is not None:
            inner = [e for e in error.context if e.relative_schema_path[0] == chosen]
            if inner:
                return [r for e in inner for r in _reported(e)]
    return [error]


def _pointer(error: ValidationError) -> str:
    path = error.absolute_path
    if not path:
        return ""
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


class RequestValidator:
    """One request schema, references inlined: its acceptor, and jsonschema for the errors."""

    def __init__(
        self,
        schema: Any,
        *,
        registry: Registry | None = None,
        checker: FormatChecker | None = format_checker,
    ) -> None:
        self.schema = schema
        self.registry = registry
        self.format_checker = checker
        self.accept = compile_acceptor(schema, checker)
        # without an acceptor (a schema jsonschema's check_schema refuses), the stock class
        cls = ErrorValidator if self.accept is not _never else Draft202012Validator
        kwargs = {"registry": registry} if registry is not None else {}
        self.jsonschema = cls(schema, format_checker=checker, **kwargs)

    @classmethod
    def for_schema(cls, schema: Any, name: str = "request.json") -> RequestValidator:
        """A validator for a schema of one's own (a pydantic model's, say): registered under
        `name` beside the request schemas, its `#/$defs/...` references inlined."""
        resources = registry().with_resource(
            name, Resource.from_contents(schema, default_specification=DRAFT202012)
        )
        return cls(inline_refs(schema, name, resources=resources), registry=resources)

    def iter_errors(self, instance: Any) -> Any:
        """jsonschema's errors, exactly the stock Draft202012Validator's."""
        return self.jsonschema.iter_errors(instance)

    def is_valid(self, instance: Any) -> bool:
        return self.accept(instance) or next(self.iter_errors(instance), None) is None

    def faults(self, instance: Any) -> list[dict[str, str]]:
        """The errors as the Problem document lists them (none when valid), at most 50."""
        if self.accept(instance):
            return []
        errors = [r for e in self.iter_errors(instance) for r in _reported(e)]
        return [
            {
                "path": err.json_path,
                "pointer": _pointer(err),
                "message": err.message[:500],
                "keyword": str(err.validator),
            }
            for err in sorted(errors, key=_path_key)[:MAX_FAULTS]
        ]


@cache
def validator(name: str) -> RequestValidator:
    file = name if name.endswith(".json") else name + ".json"
    return RequestValidator(inline_refs(schemas()[file], file), registry=registry())


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


# the only ways a NUL or a surrogate gets into a decoded string: strict UTF-8 and JSON refuse
# them raw, so only `\u0000` and `\uD800`..`\uDFFF` make them (a pair makes neither, but a
# pair is scanned too); `\u00e9` and the like need no scan
_RISKY_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


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


def validate(data: Any, schema: str | RequestValidator, *, escapes: bool = True) -> Any:
    """`data` checked for unstorable strings, then against `schema` (a request schema's name,
    or a RequestValidator); a Problem otherwise.  `escapes=False` says the JSON text it was
    decoded from holds no escape that makes a NUL or a surrogate (`_RISKY_ESCAPE`): strict
    UTF-8 and JSON forbid them raw, so its strings need no scan."""
    checker = schema if isinstance(schema, RequestValidator) else validator(schema)
    faults = _bad_strings(data) if escapes else []
    if not faults:
        faults = checker.faults(data)
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
    return validate(decode(raw), schema, escapes=_RISKY_ESCAPE.search(raw) is not None)
