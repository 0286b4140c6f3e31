"""Request validation (api/validation.py): a compiled acceptor proves a body valid, jsonschema
makes every error.

* The acceptor is sound: whenever it accepts, jsonschema's stock Draft202012Validator finds
  no error -- over bodies generated from every request schema and from pydantic-generated
  schemas, mutated ones, and the points where JSON Schema's semantics are particular.  It is
  not useless: it accepts nearly every valid body.  An unknown keyword sends the body to
  jsonschema.
* The errors are jsonschema's: the extended validator (whose applicators skip what the
  acceptor proves valid) gives exactly the stock validator's errors -- message, path, schema
  path, keyword, cause, sub-errors, order.
* `validate` raises the Problem with those errors, a failed oneOf/anyOf being reported as the
  errors of the branch the body meant.
* Only jsonschema's public API is used.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import json
import math
import random
import re
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
import yaml
from apihelpers import CHARTERS, OPERATOR, is_problem, jsonable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter
from test_service_fuzz import from_schema, json_values

import api.validation as validation
from api.errors import Problem
from api.validation import (
    ErrorValidator,
    RequestValidator,
    compile_acceptor,
    decode,
    format_checker,
    registry,
    schemas,
    validate,
    validator,
)
from charter_engine.case import QUESTIONS

NAMES = sorted(n for n in schemas() if n != "common.json")
SOURCE = Path(validation.__file__)


def stock(v: RequestValidator) -> Draft202012Validator:
    """jsonschema's own validator on exactly the schema the request validator uses."""
    return Draft202012Validator(
        v.schema, registry=v.registry or registry(), format_checker=format_checker
    )


# ---------------------------------------------------------------- pydantic-generated schemas

MEMBER_ID = r"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}$"


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=MEMBER_ID, max_length=128, title="Member id")
    name: str | None = Field(None, min_length=1, max_length=300)
    bodies: set[str] = Field(default_factory=set, max_length=100)
    weight: float | None = Field(None, gt=0, le=10)
    attributes: dict[str, bool | int | float | str | None] = Field(
        default_factory=dict, max_length=20
    )


class Ballot(BaseModel):
    model_config = ConfigDict(extra="forbid")
    voter: str = Field(pattern=MEMBER_ID, description="who votes")
    choice: Literal["for", "against", "abstain"] | None = None
    at: dt.date | dt.datetime | None = None
    grades: list[int] = Field(default_factory=list, max_length=5)


class Proposal(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: str = Field(min_length=1, max_length=300)
    call: Literal[1, 2] | None = None
    quorum: int | None = Field(None, ge=0, le=100, multiple_of=5)


class Competence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: str = Field(min_length=1)


class Seat(BaseModel):
    model_config = ConfigDict(extra="forbid")
    member: str = Field(pattern=MEMBER_ID)
    body: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")


class ProposalCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    members: list[Member] = Field(default_factory=list, max_length=10000)
    proposal: Proposal
    ballots: list[Ballot] = Field(default_factory=list)


class CompetenceCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    members: list[Member] = Field(default_factory=list)
    competence: Competence


class SeatCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    members: list[Member] = Field(default_factory=list)
    seat: Seat


def case_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("proposal", "competence", "seat"):
            if key in value:
                return key
    return None


# a case has exactly one of `proposal`, `competence`, `seat`: a oneOf, told apart by keys
CaseKinds = Annotated[
    Annotated[ProposalCase, Tag("proposal")]
    | Annotated[CompetenceCase, Tag("competence")]
    | Annotated[SeatCase, Tag("seat")],
    Discriminator(case_kind),
]


class CharterSource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str = Field(min_length=1)


class CharterRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organisation: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    version: str | None = None


class Evaluate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    charter: CharterSource | CharterRef
    case: CaseKinds


class Grant(BaseModel):
    kind: Literal["grant"]
    amount: int = Field(ge=1)
    to: str | None = None


class Levy(BaseModel):
    kind: Literal["levy"]
    rate: float = Field(gt=0, lt=1)


class Node(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=10)
    children: list[Node] = Field(default_factory=list)


# tagged by a `kind` constant: a oneOf with pydantic's `discriminator` annotation
Movement = Annotated[Grant | Levy, Field(discriminator="kind")]

PYDANTIC = {
    "Evaluate": TypeAdapter(Evaluate).json_schema(),
    "Movement": TypeAdapter(list[Movement]).json_schema(),
    "Member": TypeAdapter(Member).json_schema(),
}


@pytest.fixture(scope="module")
def pydantic_validators() -> dict[str, RequestValidator]:
    return {name: RequestValidator.for_schema(s, f"{name}.json") for name, s in PYDANTIC.items()}


def test_the_pydantic_schemas_have_the_shapes_to_come():
    text = json.dumps(PYDANTIC["Evaluate"])
    assert '"$defs"' in text and '"#/$defs/' in text and '"oneOf"' in text
    assert '{"type": "null"}' in text and '"title"' in text
    assert '"discriminator"' in json.dumps(PYDANTIC["Movement"])
    v = RequestValidator.for_schema(PYDANTIC["Evaluate"], "Evaluate.json")
    assert "$ref" not in json.dumps({k: x for k, x in v.schema.items() if k != "$defs"})


# ---------------------------------------------------------------- instances


def instances(schema: Any, depth: int = 0) -> st.SearchStrategy:
    """Mostly valid instances of an inlined schema (pydantic's shapes)."""
    if schema is True or schema == {} or not isinstance(schema, dict) or depth > 8:
        return json_values
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema and "type" not in schema:
            return st.one_of([instances(b, depth + 1) for b in schema[key]])
    if "allOf" in schema:
        return instances(schema["allOf"][0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([instances({**schema, "type": k}, depth + 1) for k in kind])
    if kind == "object":
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        extra = schema.get("additionalProperties")
        if not props and isinstance(extra, dict):
            return st.dictionaries(
                st.from_regex(r"[a-z_]{1,8}", fullmatch=True),
                instances(extra, depth + 1),
                max_size=min(3, schema.get("maxProperties", 3)),
            )
        return st.fixed_dictionaries(
            {k: instances(v, depth + 1) for k, v in props.items() if k in required},
            optional={k: instances(v, depth + 1) for k, v in props.items() if k not in required},
        )
    if kind == "array":
        return st.lists(
            instances(schema.get("items", {}), depth + 1),
            min_size=schema.get("minItems", 0),
            max_size=min(3, schema.get("maxItems", 3)),
            unique_by=(lambda x: json.dumps(x, sort_keys=True))
            if schema.get("uniqueItems")
            else None,
        )
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)).map(dt.date.isoformat)
        if schema.get("format") == "date-time":
            return st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2040, 1, 1)).map(
                lambda d: d.isoformat() + "Z"
            )
        low, high = schema.get("minLength", 0), schema.get("maxLength", 20)
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True).filter(
                lambda s: low <= len(s) <= high
            )
        return st.text(min_size=low, max_size=min(high, 20))
    if kind in ("integer", "number"):
        open_low, open_high = "exclusiveMinimum" in schema, "exclusiveMaximum" in schema
        low = schema.get("minimum", schema.get("exclusiveMinimum", -(10**6)))
        high = schema.get("maximum", schema.get("exclusiveMaximum", 10**6))
        step = schema.get("multipleOf", 1)
        whole = st.integers(math.ceil(low / step), math.floor(high / step)).map(lambda i: i * step)
        whole = whole.filter(
            lambda i: (i > low if open_low else i >= low) and (i < high if open_high else i <= high)
        )
        if kind == "integer" or math.ceil(low / step) > math.floor(high / step):
            return whole if kind == "integer" else st.floats(low, high, open_low, open_high)
        return whole | st.floats(low, high, exclude_min=open_low, exclude_max=open_high)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    return json_values


JUNK = [
    None,
    True,
    False,
    0,
    1,
    -3,
    2.5,
    1.0,
    "",
    "x",
    "for",
    "2020-13-01",
    "2020-01-01",
    "2020-01-01T10:00:00",
    "a b",
    "é" * 200,
    [],
    [1],
    {},
    {"zz": 1},
    ["for", "for"],
    [1, True],
]


def slots(value):
    """Every (container, key) in `value`, for mutations."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield value, k
            yield from slots(v)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield value, i
            yield from slots(v)


def mutate(body: Any, rng: random.Random) -> Any:
    body = copy.deepcopy(body)
    for _ in range(rng.randint(1, 3)):
        places = list(slots(body))
        if not places:
            return rng.choice(JUNK)
        container, key = rng.choice(places)
        action = rng.random()
        if action < 0.55:
            container[key] = copy.deepcopy(rng.choice(JUNK))
        elif action < 0.7 and isinstance(container, dict):
            del container[key]
        elif action < 0.85 and isinstance(container, dict):
            name = rng.choice(["extra", "voter", "choice", "at", "id", "proposal", "seat", "kind"])
            container[name] = copy.deepcopy(rng.choice(JUNK))
        elif isinstance(container[key], str):
            # the lengths cross the schemas' maxLength (128, 300, 1000, 10000)
            grow = ["!", " ", "\n", "x" * 130, "y" * 301, "z" * 1001, "w" * 10001]
            container[key] = container[key] + rng.choice(grow)
        else:
            container[key] = copy.deepcopy(rng.choice(places)[0])  # a subtree moved elsewhere
    return body


def scenario_bodies() -> list[dict]:
    out = []
    for path in sorted(CHARTERS.glob("*.scenarios.yaml")):
        scen = yaml.safe_load(path.read_text("utf-8"))
        source = (CHARTERS / scen["charter"]).read_text("utf-8")
        for case in scen.get("cases", []):
            body = {k: v for k, v in case.items() if k not in ("name", "expect")}
            body.setdefault("members", scen.get("members", []))
            out.append({"charter": {"source": source}, "case": jsonable(body)})
    return out


def request_or_pydantic(data, pydantic_validators) -> tuple[RequestValidator, Any]:
    """A validator (a request schema's or a pydantic one's) and an instance for it."""
    if data.draw(st.booleans()):
        name = data.draw(st.sampled_from(NAMES))
        v = validator(name)
        raw = schemas()[name]
        drawn = data.draw(from_schema(raw) | instances(v.schema) | json_values)
    else:
        v = pydantic_validators[data.draw(st.sampled_from(sorted(pydantic_validators)))]
        drawn = data.draw(instances(v.schema) | json_values)
    if data.draw(st.integers(0, 2)) == 0:
        drawn = mutate(drawn, data.draw(st.randoms(use_true_random=False)))
    return v, drawn


# ---------------------------------------------------------------- public API only


def test_validation_uses_only_jsonschemas_public_api():
    text = SOURCE.read_text("utf-8")
    assert not re.search(r"jsonschema\._|from jsonschema import[^\n]*\b_\w", text)
    assert "._resolver" not in text and "_ref_resolver" not in text
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jsonschema"):
            assert not any(part.startswith("_") for part in node.module.split(".")), node.module
            assert not any(a.name.startswith("_") for a in node.names), ast.dump(node)
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("jsonschema"):
                    assert not any(p.startswith("_") for p in alias.name.split(".")), alias.name


def test_jsonschema_is_not_pinned_to_one_release():
    pyproject = (SOURCE.parents[1] / "pyproject.toml").read_text("utf-8")
    (line,) = [ln for ln in pyproject.splitlines() if '"jsonschema' in ln]
    assert '"jsonschema>=4.18"' in line and "<" not in line


# ---------------------------------------------------------------- every request schema


def test_every_request_schema_is_inlined_and_compiled():
    assert validation._probes_agree()  # the installed jsonschema agrees with the acceptor
    for name in NAMES:
        v = validator(name)
        assert validator(name[:-5]) is not None
        assert isinstance(v, RequestValidator) and isinstance(v.jsonschema, ErrorValidator)
        text = json.dumps({k: x for k, x in v.schema.items() if k != "$schema"})
        assert '"$ref"' not in text and '"$schema"' not in text, name
        Draft202012Validator.check_schema(v.schema)
        assert v.accept is not validation._never, name


def test_the_inlined_schemas_give_the_verdicts_of_the_schemas_as_written():
    rng = random.Random(7)
    for body in scenario_bodies()[:15]:
        for instance in [body, *(mutate(body, rng) for _ in range(6))]:
            raw = Draft202012Validator(
                schemas()["Evaluate.json"], registry=registry(), format_checker=format_checker
            )
            inlined = validator("Evaluate")
            assert [e.json_path for e in raw.iter_errors(instance)] == [
                e.json_path for e in inlined.iter_errors(instance)
            ]


# ---------------------------------------------------------------- the acceptor: semantics

SEMANTICS = [
    # (schema, instance, what the acceptor answers); each is also checked against jsonschema
    ({"type": "integer"}, 1.0, True),
    ({"type": "integer"}, 1.5, False),
    ({"type": "integer"}, True, False),
    ({"type": "number"}, False, False),
    ({"type": "number", "minimum": 1, "exclusiveMaximum": 2}, 1, True),
    ({"type": "number", "minimum": 1, "exclusiveMaximum": 2}, 2.0, False),
    ({"type": "integer", "multipleOf": 5, "maximum": 100}, 95, True),
    ({"type": "integer", "multipleOf": 5}, 7, False),
    ({"multipleOf": 0.5}, 2.5, True),
    ({"multipleOf": 0.1}, 0.3, False),  # jsonschema's float arithmetic, mirrored
    ({"type": ["string", "null"], "maxLength": 2}, None, True),
    ({"type": ["string", "null"], "maxLength": 2}, "abc", False),
    ({"type": "boolean"}, 0, False),
    ({"type": "null"}, None, True),
    ({"type": "array"}, (), False),  # not plain JSON: unknown
    ({"maxLength": 1, "minLength": 1}, "\U0001f600", True),  # code points
    ({"maxLength": 1}, ["a", "b"], True),  # applies to strings only
    ({"pattern": "^a"}, "ba", False),
    ({"pattern": "b"}, "abc", True),  # re.search, unanchored
    ({"pattern": "^a$"}, "a\n", True),  # Python's $, as jsonschema's re.search
    ({"pattern": "^a"}, 3, True),
    ({"enum": ["a", 1, None, [1], {"k": [True]}]}, 1.0, True),
    ({"enum": ["a", 1, None, [1], {"k": [True]}]}, True, False),
    ({"enum": ["a", 1, None, [1], {"k": [True]}]}, [True], False),
    ({"enum": ["a", 1, None, [1], {"k": [True]}]}, {"k": [True]}, True),
    ({"enum": ["a", 1, None, [1], {"k": [True]}]}, {"k": [1]}, False),
    ({"enum": [False]}, 0, False),
    ({"const": 0}, 0.0, True),
    ({"const": 0}, False, False),
    ({"const": {"a": 1}}, {"a": 1.0}, True),
    ({"uniqueItems": True}, [1, True], True),  # 1 and True differ in JSON
    ({"uniqueItems": True}, [0, False, None, "", [], {}], True),
    ({"uniqueItems": True}, [[1], [True]], True),
    ({"uniqueItems": True}, [1, 1.0], False),
    ({"uniqueItems": True}, [{"a": 1}, {"a": 1}], False),
    ({"uniqueItems": True}, ["a", "b", "a"], False),
    ({"uniqueItems": False}, ["a", "a"], True),
    ({"format": "date"}, "2020-02-29", True),
    ({"format": "date"}, "2021-02-29", False),
    ({"format": "date-time"}, "2020-01-01T10:00:00", False),  # no time zone
    ({"format": "date-time"}, "2020-01-01T10:00:00+02:00", True),
    ({"format": "date"}, 20200101, True),  # formats apply to strings
    ({"required": ["a"]}, {"a": None}, True),
    ({"required": ["a"]}, {"b": 1}, False),
    ({"required": ["a"]}, ["a"], True),
    ({"properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"a": "x"}, True),
    ({"properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"b": "x"}, False),
    ({"properties": {"a": False}}, {"b": 1}, True),
    ({"properties": {"a": False}}, {"a": 1}, False),
    (
        {"patternProperties": {"^x": {"type": "integer"}}, "additionalProperties": False},
        {"x1": 1},
        True,
    ),
    (
        {"patternProperties": {"^x": {"type": "integer"}}, "additionalProperties": False},
        {"y": 1},
        False,
    ),
    ({"patternProperties": {"^x": {"type": "integer"}}}, {"x1": "a"}, False),
    ({"additionalProperties": {"type": "integer"}}, {"a": 1, "b": 2}, True),
    ({"additionalProperties": {"type": "integer"}}, {"a": 1, "b": "2"}, False),
    ({"propertyNames": {"pattern": "^[a-z]+$"}, "maxProperties": 2}, {"ab": 1}, True),
    ({"propertyNames": {"pattern": "^[a-z]+$"}}, {"A": 1}, False),
    ({"propertyNames": False}, {}, True),
    ({"minProperties": 1}, {}, False),
    ({"dependentRequired": {"a": ["b"]}}, {"a": 1}, False),
    ({"dependentSchemas": {"a": {"required": ["b"]}}}, {"a": 1, "b": 2}, True),
    ({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}, ["a", 1, 2], True),
    ({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}, [1, "b"], False),
    ({"prefixItems": [{"type": "string"}], "items": False}, ["a", 1], False),
    ({"items": False}, [], True),
    ({"minItems": 1, "maxItems": 2}, [1, 2, 3], False),
    ({"contains": {"type": "string"}, "minContains": 2}, ["a", 1, "b"], True),
    ({"contains": {"type": "string"}, "maxContains": 1}, ["a", "b"], False),
    ({"contains": {"type": "string"}, "minContains": 0}, [1], True),
    ({"anyOf": [{"type": "string"}, {"minimum": 3}]}, 5, True),
    ({"anyOf": [{"type": "string"}, {"minimum": 3}]}, 1, False),
    ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1, False),  # both
    ({"oneOf": [{"type": "integer"}, {"type": "string"}]}, 1.0, True),
    ({"allOf": [{"type": "string"}, {"maxLength": 1}, True]}, "ab", False),
    ({"not": {"type": "string"}}, 1, True),
    ({"not": {"type": "string"}}, "1", False),
    ({"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"minimum": 0}}, "ab", True),
    ({"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"minimum": 0}}, -1, False),
    ({"then": {"type": "string"}}, 1, True),  # `then` without `if`: ignored by jsonschema
    (True, {"any": "thing"}, True),
    (False, None, False),
    (
        {"title": "T", "description": "d", "examples": [1], "default": 2, "deprecated": True},
        1,
        True,
    ),
]


@pytest.mark.parametrize(("schema", "instance", "accepted"), SEMANTICS)
def test_the_acceptor_judges_as_jsonschema(schema, instance, accepted):
    accept = compile_acceptor(schema)
    assert accept(instance) is accepted
    valid = Draft202012Validator(schema, format_checker=format_checker).is_valid(instance)
    assert valid or not accepted  # sound
    if accepted is False and isinstance(instance, (dict, list, str, int, float, type(None))):
        # where plain JSON is refused, jsonschema refuses it too (except repeated items,
        # which the acceptor leaves to jsonschema)
        assert not valid or "uniqueItems" in json.dumps(schema)


@pytest.mark.parametrize(
    ("schema", "instance", "schema_ok"),
    [
        ({"unevaluatedProperties": False}, {}, True),
        ({"x-vendor": 1}, 1, True),
        ({"$dynamicRef": "#x"}, 1, True),
        ({"$ref": "#/$defs/a", "$defs": {"a": {}}}, 1, True),
        ({"dependencies": {"a": ["b"]}}, {}, True),  # not a 2020-12 keyword
        (
            {"properties": {"a": {"$schema": "http://json-schema.org/draft-07/schema#"}}},
            {"a": 1},
            True,
        ),
        ({"type": "any"}, 1, False),  # jsonschema raises UnknownType: its business
        ({"minimum": "x"}, 1, False),
    ],
)
def test_an_unknown_keyword_is_left_to_jsonschema(schema, instance, schema_ok):
    assert compile_acceptor(schema)(instance) is False
    # it is reached only where it is: the rest of a body is still proven valid (a schema
    # that jsonschema's check_schema refuses is never accepted at all)
    assert compile_acceptor({"properties": {"deep": schema}})({"other": 1}) is schema_ok


class Text(str):
    pass


@pytest.mark.parametrize(
    "instance",
    [Text("a"), ("a",), Decimal(1), OrderedDict(a="x"), {"a": Text("x")}, {"a": ("x",)}],
)
def test_only_plain_json_is_proven(instance):
    schema = {
        "type": ["string", "array", "number", "object"],
        "maxLength": 5,
        "items": {"type": "string"},
        "additionalProperties": {"type": "string", "maxLength": 5},
    }
    assert compile_acceptor(schema)(instance) is False


def test_a_deeply_nested_schema_compiles():
    schema: dict = {"type": "string", "maxLength": 3}
    instance: Any = "abc"
    for i in range(60):
        schema = {"type": "object", "properties": {f"p{i}": schema}, "required": [f"p{i}"]}
        if i % 3 == 0:
            schema = {"type": "array", "items": schema, "maxItems": 2}
            instance = [{f"p{i}": instance}]
        else:
            instance = {f"p{i}": instance}
    assert compile_acceptor(schema)(instance) is True
    assert Draft202012Validator(schema).is_valid(instance)


# ---------------------------------------------------------------- the acceptor: sound, useful


@settings(
    max_examples=700,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_the_acceptor_is_sound(data, pydantic_validators):
    v, instance = request_or_pydantic(data, pydantic_validators)
    if v.accept(instance):
        assert not list(stock(v).iter_errors(instance)), instance


def test_the_acceptor_is_sound_on_mutated_scenario_bodies():
    rng = random.Random(20261125)
    v = validator("Evaluate")
    for body in scenario_bodies():
        assert v.accept(body), "a seed scenario body should be proven valid"
        for _ in range(25):
            instance = mutate(body, rng)
            if v.accept(instance):
                assert stock(v).is_valid(instance), instance


def test_the_acceptor_accepts_nearly_every_valid_body(pydantic_validators):
    counts = {"request": [0, 0], "pydantic": [0, 0]}  # [valid, accepted]

    @settings(max_examples=600, deadline=None, database=None)
    @given(data=st.data())
    def count(data):
        if data.draw(st.booleans()):
            name = data.draw(st.sampled_from(NAMES))
            v, kind = validator(name), "request"
            instance = data.draw(from_schema(schemas()[name]) | instances(v.schema))
        else:
            v = pydantic_validators[data.draw(st.sampled_from(sorted(pydantic_validators)))]
            kind, instance = "pydantic", data.draw(instances(v.schema))
        if stock(v).is_valid(instance):
            counts[kind][0] += 1
            counts[kind][1] += bool(v.accept(instance))

    count()
    for kind, (valid, accepted) in counts.items():
        assert valid >= 100, (kind, counts)
        assert accepted >= 0.95 * valid, (kind, counts)


def test_a_recursive_schema_is_left_to_jsonschema_where_it_recurses():
    v = RequestValidator.for_schema(TypeAdapter(Node).json_schema(), "Node.json")
    assert '"$ref": "Node.json#/$defs/Node"' in json.dumps(v.schema)  # kept, made absolute
    assert v.accept({"name": "leaf"})
    tree = {"name": "root", "children": [{"name": "a", "children": [{"name": "b"}]}]}
    assert not v.accept(tree) and v.is_valid(tree)
    validate(tree, v)
    bad = {"name": "root", "children": [{"name": "a", "children": [{"name": "b" * 11}]}]}
    with pytest.raises(Problem) as e:
        validate(bad, v)
    assert [f["path"] for f in e.value.extra["errors"]] == ["$.children[0].children[0].name"]


# ---------------------------------------------------------------- the errors are jsonschema's


def describe(errors) -> list[tuple]:
    return [
        (
            e.message,
            list(e.path),
            list(e.schema_path),
            e.json_path,
            e.validator,
            json.dumps(e.validator_value, sort_keys=True, default=repr),
            repr(e.instance),
            type(e.cause).__name__ if e.cause is not None else None,
            str(e.cause) if e.cause is not None else None,
            describe(e.context),
        )
        for e in errors
    ]


def same_errors(v: RequestValidator, instance) -> bool:
    """Assert the request validator's errors are the stock validator's; True when valid."""
    ours = describe(v.iter_errors(instance))
    assert ours == describe(stock(v).iter_errors(instance)), instance
    return not ours


def test_errors_equal_stock_on_mutated_scenario_bodies():
    bodies = scenario_bodies()
    assert len(bodies) > 20
    rng = random.Random(20261125)
    valid = invalid = 0
    for body in bodies:
        assert same_errors(validator("Evaluate"), body)
        for _ in range(25):
            if same_errors(validator("Evaluate"), mutate(body, rng)):
                valid += 1
            else:
                invalid += 1
    assert invalid > 10 * len(bodies) and valid > 0, (valid, invalid)


TRICKY = [
    {"charter": {"source": "x"}, "case": {"members": [{"id": True}], "proposal": {"subject": 1}}},
    {"charter": {"source": "x", "organisation": "a"}, "case": {}},
    {"charter": {}, "case": {"ballots": [{"voter": "a", "choice": "for", "at": "2020-02-30"}]}},
    {"charter": {"organisation": "A"}, "case": {"proposal": {"subject": "x", "call": 1.0}}},
    {"charter": {"source": ""}, "case": {"members": [{"id": "a", "attributes": {"1x": []}}]}},
    {"charter": {"source": "x"}, "case": {"proposal": {"subject": "a..b", "opens": "2020-01-01T"}}},
    {"charter": {"source": "x"}, "case": {"members": [{"id": "a", "bodies": ["b", "b"]}]}},
    # subclasses of the built-in types: jsonschema judges them
    {
        "charter": OrderedDict(source="x"),
        "case": {"members": [{"id": Text("a")}], "competence": {"subject": "budget"}},
    },
    {
        "charter": {"source": "x"},
        "case": {
            "competence": {"subject": "budget"},
            "ballots": [{"voter": "a", "choice": "maybe"}] * 3,
        },
    },
    [],
    "case",
    None,
    3,
]


@pytest.mark.parametrize("instance", TRICKY, ids=range(len(TRICKY)))
def test_errors_equal_stock_on_tricky_bodies(instance):
    same_errors(validator("Evaluate"), instance)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_errors_equal_stock_on_generated_bodies(data, pydantic_validators):
    same_errors(*request_or_pydantic(data, pydantic_validators))


@pytest.mark.parametrize(
    ("schema", "instances_"),
    [
        (
            {"prefixItems": [{"type": "string"}], "items": {"type": "integer"}},
            [["a", 1, 2], [1, "b"], ["a"], []],
        ),
        ({"prefixItems": [{"type": "string"}], "items": False}, [["a"], ["a", 1]]),
        ({"items": False}, [[], [1]]),
        ({"items": {"$id": "https://x.test/i", "type": "string"}}, [["a"], [1]]),
        ({"properties": {"a": True, "b": False}}, [{"a": 1}, {"b": 1}]),
        (
            {"properties": {"a": {"type": ["string", "null"]}}, "additionalProperties": False},
            [{"a": None}, {"a": 1}, {"c": 1}, {"a": "x", "d": 2, "e": 3}],
        ),
        (
            {"patternProperties": {"^x": {"type": "integer"}}, "additionalProperties": False},
            [{"x1": 1}, {"x1": "a"}, {"y": 1}],
        ),
        (
            {"additionalProperties": {"type": "integer", "maximum": 3}},
            [{"a": 1}, {"a": 4, "b": "c"}],
        ),
        ({"type": "object", "required": ["a", "b"]}, [{}, {"a": 1}, [], "a"]),
        ({"enum": ["a", 1, None, [1]], "maxLength": 0}, ["a", 1, True, None, [1], "b", ""]),
        ({"type": ["integer", "boolean"]}, [1, 1.0, 1.5, True, "1", None]),
        ({"anyOf": [{"type": "string"}, {"minimum": 3}]}, ["a", 5, 1, None]),
        ({"anyOf": [{"type": "string"}, False]}, ["a", 1]),
        ({"anyOf": [{"$id": "https://x.test/a", "type": "string"}, {"type": "null"}]}, ["a", 1]),
        ({"oneOf": [{"type": "string"}, {"maxLength": 1}]}, ["a", "ab", 1, None]),
        ({"oneOf": [{"type": "integer"}, {"type": "number"}, {"minimum": 0}]}, [1, -1, 1.5, "x"]),
        ({"oneOf": [False, {"type": "string"}]}, ["a", 1]),
        ({"allOf": [{"type": "string"}, {"maxLength": 1}, True]}, ["a", "ab", 1]),
        (
            {"propertyNames": {"pattern": "^[a-z]+$", "maxLength": 3}},
            [{"ab": 1}, {"A": 1, "abcd": 2}],
        ),
        ({"propertyNames": False}, [{}, {"a": 1}]),
        (
            {
                "dependentSchemas": {"a": {"required": ["b"]}},
                "if": {"required": ["c"]},
                "then": {"properties": {"c": {"type": "string"}}},
            },
            [{"a": 1}, {"a": 1, "b": 2}, {"c": 1}, {"c": "x"}],
        ),
        (
            {
                "$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}}},
                "$ref": "#/$defs/n",
            },
            [[[[]]], [[1]], [[], [[[]]]]],
        ),
    ],
)
def test_errors_equal_stock_on_every_branch(schema, instances_):
    ours = RequestValidator(schema)
    for instance in instances_:
        assert describe(ours.iter_errors(instance)) == describe(
            Draft202012Validator(schema, format_checker=format_checker).iter_errors(instance)
        ), (schema, instance)
        if ours.accept(instance):
            assert Draft202012Validator(schema, format_checker=format_checker).is_valid(instance)


def test_validators_that_differ_only_in_format_checking_keep_their_own():
    schema = {"properties": {"at": {"type": "string", "format": "date"}}}
    checking = ErrorValidator(schema, format_checker=format_checker)
    lax = checking.evolve(format_checker=None)
    bad = {"at": "2020-02-30"}
    for _ in range(2):
        assert [e.json_path for e in checking.iter_errors(bad)] == ["$.at"]
        assert list(lax.iter_errors(bad)) == []
    assert compile_acceptor(schema, None)(bad) and not compile_acceptor(schema)(bad)


# ---------------------------------------------------------------- validate(): the Problem


def problem(data, schema) -> list[dict]:
    with pytest.raises(Problem) as e:
        validate(data, schema, escapes=False)
    assert e.value.kind == "invalid-request"
    faults = e.value.extra["errors"]
    first = faults[0]
    assert e.value.detail == (
        f"{len(faults)} fault(s) in the request body; first at {first['path']}: {first['message']}"
    )
    return faults


def pointer(path) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def flattened(errors) -> list:
    out = []
    for e in errors:
        out.append(e)
        out.extend(flattened(e.context))
    return out


def test_a_valid_body_makes_no_jsonschema_call(monkeypatch):
    def refuse(self, instance):
        raise AssertionError("jsonschema called on a valid body")

    monkeypatch.setattr(RequestValidator, "iter_errors", refuse)
    for body in scenario_bodies():
        assert validate(body, "Evaluate", escapes=False) is body


def meant(errors, instance) -> list:
    """The errors jsonschema gives for the body as the client meant it: at a failed `oneOf` of
    case questions, the errors of the branch of the one question the case asks (charter_engine
    QUESTIONS, in the order of the union); elsewhere the errors themselves."""
    questions = list(QUESTIONS)
    out = []
    for e in errors:
        asked = [q for q in questions if isinstance(e.instance, dict) and q in e.instance]
        if e.validator == "oneOf" and list(e.path) == ["case"] and len(asked) == 1:
            branch = questions.index(asked[0])
            out += meant([x for x in e.context if x.schema_path[0] == branch], instance)
        else:
            out.append(e)
    return out


def test_the_problem_lists_jsonschemas_errors():
    rng = random.Random(5)
    compared = 0
    for body in scenario_bodies():
        for _ in range(10):
            instance = mutate(body, rng)
            errors = list(stock(validator("Evaluate")).iter_errors(instance))
            if not errors:
                assert validate(instance, "Evaluate", escapes=False) is instance
                continue
            faults = problem(instance, "Evaluate")
            expected = meant(errors, instance)
            if all(e.validator not in ("anyOf", "oneOf") for e in expected):
                ordered = sorted(
                    expected, key=lambda e: [(type(p) is str, p) for p in e.absolute_path]
                )
                assert faults == [
                    {
                        "path": e.json_path,
                        "pointer": pointer(e.absolute_path),
                        "message": e.message[:500],
                        "keyword": e.validator,
                    }
                    for e in ordered[:50]
                ]
                compared += 1
            else:  # a branch reported instead of its union: each fault is one of jsonschema's
                known = {(e.json_path, e.message[:500], e.validator) for e in flattened(errors)}
                for f in faults:
                    assert (f["path"], f["message"], f["keyword"]) in known, f
    assert compared > 50


def test_at_most_50_faults():
    case = {"members": [{"id": f"bad id {i}"} for i in range(80)], "competence": {"subject": "x"}}
    faults = problem({"charter": {"source": "x"}, "case": case}, "Evaluate")
    assert len(faults) == 50
    assert faults[0] == {
        "path": "$.case.members[0].id",
        "pointer": "/case/members/0/id",
        "message": "'bad id 0' does not match '^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}$'",
        "keyword": "pattern",
    }


def test_a_failed_union_is_reported_as_the_branch_the_body_meant(pydantic_validators):
    v = pydantic_validators["Evaluate"]
    charter = {"source": "x"}

    def body(case):
        return {"charter": charter, "case": case}

    # the case kind told apart by its key: the seat branch's own error, at the field
    assert problem(body({"seat": {"member": 1, "body": "board"}}), v) == [
        {
            "path": "$.case.seat.member",
            "pointer": "/case/seat/member",
            "message": "1 is not of type 'string'",
            "keyword": "type",
        }
    ]
    # nested: a ballot of a proposal case, its optional `at` (anyOf date | date-time | null)
    case = {"proposal": {"subject": "budget"}, "ballots": [{"voter": "m1", "at": "2020-13-01"}]}
    faults = problem(body(case), v)
    assert [f["path"] for f in faults] == ["$.case.ballots[0].at"]
    assert faults[0]["keyword"] == "anyOf"  # two string branches: no single one meant
    case = {"competence": {"subject": ""}, "members": [{"id": "ok", "weight": 0}]}
    assert problem(body(case), v) == [
        {
            "path": "$.case.competence.subject",
            "pointer": "/case/competence/subject",
            "message": "'' should be non-empty",
            "keyword": "minLength",
        },
        {
            "path": "$.case.members[0].weight",
            "pointer": "/case/members/0/weight",
            "message": "0 is less than or equal to the minimum of 0",
            "keyword": "exclusiveMinimum",
        },
    ]
    # the charter: source or organisation, told apart by the required key
    faults = problem({"charter": {"organisation": "Bad!"}, "case": {"seat": {}}}, v)
    assert [(f["path"], f["keyword"]) for f in faults] == [
        ("$.case.seat", "required"),
        ("$.case.seat", "required"),
        ("$.charter.organisation", "pattern"),
    ]
    # no kind, or two kinds: nothing tells which was meant; jsonschema's error at the union
    for case in ({"members": []}, {"seat": {"member": "a", "body": "b"}, "competence": {}}):
        (fault,) = problem(body(case), v)
        assert fault["path"] == "$.case" and fault["keyword"] == "oneOf"
        assert fault["message"].endswith("is not valid under any of the given schemas")


def test_a_tagged_union_is_reported_as_the_tagged_branch(pydantic_validators):
    v = pydantic_validators["Movement"]
    assert v.accept([{"kind": "grant", "amount": 3}, {"kind": "levy", "rate": 0.5}])
    assert problem([{"kind": "grant", "amount": 3}, {"kind": "levy", "rate": 2}], v) == [
        {
            "path": "$[1].rate",
            "pointer": "/1/rate",
            "message": "2 is greater than or equal to the maximum of 1",
            "keyword": "exclusiveMaximum",
        }
    ]
    validate([{"kind": "grant", "amount": 3, "rate": 1}], v)  # Grant allows other keys
    faults = problem([{"kind": "grant", "amount": 0, "to": 5}], v)
    # `to` is optional, anyOf [string, null]: 5 is neither, no branch was meant
    assert [(f["path"], f["keyword"]) for f in faults] == [
        ("$[0].amount", "minimum"),
        ("$[0].to", "anyOf"),
    ]
    (fault,) = problem([{"kind": "gift", "amount": 3}], v)
    assert (fault["path"], fault["keyword"]) == ("$[0]", "oneOf")


def test_the_current_request_schemas_report_the_branch_meant():
    body = {"charter": {"source": ""}, "case": {"competence": {"subject": "x"}}}
    assert problem(body, "Evaluate") == [
        {
            "path": "$.charter.source",
            "pointer": "/charter/source",
            "message": "'' should be non-empty",
            "keyword": "minLength",
        }
    ]
    (fault,) = problem({"name": ""}, "MemberUpdate")  # anyOf [name, null]
    assert (fault["path"], fault["keyword"]) == ("$.name", "minLength")
    (fault,) = problem({"member": "Bad Id!", "body": "b"}, "EligibilityQuery")
    assert (fault["path"], fault["keyword"]) == ("$.member", "pattern")
    (fault,) = problem({"member": {"id": 3}, "body": "b"}, "EligibilityQuery")
    assert (fault["path"], fault["keyword"]) == ("$.member.id", "type")
    (fault,) = problem({"member": 3, "body": "b"}, "EligibilityQuery")
    assert (fault["path"], fault["keyword"]) == ("$.member", "anyOf")
    (fault,) = problem({"charter": {"source": "x"}, "case": {"members": []}}, "Evaluate")
    assert (fault["path"], fault["keyword"]) == ("$.case", "oneOf")  # no case kind at all


# ---------------------------------------------------------------- decoding and strings


@pytest.mark.parametrize(
    "raw", [b"NaN", b'{"a": Infinity}', b'{"a": -Infinity}', b"\xff", b'{"a": 1e999}', b"{"]
)
def test_malformed_json_is_refused(raw):
    with pytest.raises(Problem) as e:
        decode(raw)
    assert e.value.kind == "malformed-json"


def test_an_escaped_nul_in_a_key_is_still_refused(api):
    raw = (
        b'{"charter": {"source": "x"}, "case": {"members": [{"id": "a", "attributes": '
        b'{"k\\u0000": 1}}], "competence": {"subject": "budget"}}}'
    )
    r = api.post("/v1/evaluate", data=raw, headers={"Content-Type": "application/json"})
    doc = is_problem(r, "invalid-request", 422)
    assert doc["errors"][0]["message"] == "a key holds an unstorable character"
    assert doc["errors"][0]["path"] == "$.case.members[0].attributes"


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("\\ud800x", False),
        ("\\udc00", False),
        ("\\ud83d\\ude00", True),
        ("Am\\u00e9lie", True),
        ("\\\\u0000", True),
    ],
)
def test_escaped_text_is_refused_only_when_unstorable(api, name, stored):
    raw = b'{"id": "coop", "name": "' + name.encode() + b'"}'
    r = api.post(
        "/v1/organisations", data=raw, headers={"Content-Type": "application/json"}, token=OPERATOR
    )
    if stored:
        assert r.status_code != 422, r.get_json()
    else:
        assert is_problem(r, "invalid-request", 422)["errors"][0]["path"] == "$.name"


@settings(max_examples=300, deadline=None)
@given(
    value=st.recursive(
        st.text(st.characters(exclude_categories=()), max_size=6) | st.integers(),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=3), c, max_size=3),
        max_leaves=8,
    ),
    ascii_only=st.booleans(),
)
def test_a_body_without_risky_escapes_holds_no_unstorable_text(value, ascii_only):
    try:
        raw = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8")
    except UnicodeEncodeError:
        return  # a raw surrogate cannot even be sent as UTF-8
    if validation._bad_strings(json.loads(raw)):
        assert validation._RISKY_ESCAPE.search(raw)
