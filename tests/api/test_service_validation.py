"""The request validator (api/validation.py) is jsonschema's Draft 2020-12 validator extended
with faster `properties`, `items`, `additionalProperties`, `propertyNames`, `allOf`, `anyOf`,
`oneOf`, `type`, `pattern`, `maxLength`, `required` and `enum`.  Its verdicts and its errors — message, path, schema path, keyword,
cause, sub-errors, order — must be exactly those of the stock validator on the same schema."""

from __future__ import annotations

import copy
import json
import random
from collections import OrderedDict

import pytest
import yaml
from apihelpers import CHARTERS, is_problem, jsonable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from test_service_fuzz import from_schema, json_values

from api.validation import (
    RequestValidator,
    format_checker,
    registry,
    schemas,
    validator,
)

NAMES = sorted(n for n in schemas() if n != "common.json")


def stock(name: str) -> Draft202012Validator:
    """jsonschema's own validator on exactly the schema the request validator uses."""
    return Draft202012Validator(
        validator(name).schema, registry=registry(), format_checker=format_checker
    )


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


def same_errors(name: str, instance) -> bool:
    """Assert the two validators agree on `instance`; True when it is valid."""
    ours = describe(validator(name).iter_errors(instance))
    theirs = describe(stock(name).iter_errors(instance))
    assert ours == theirs, (name, instance)
    return not ours


def test_the_extended_keywords_reach_every_node():
    # a `$schema` below the root would make jsonschema switch back to its stock class there
    for name in NAMES:
        v = validator(name)
        assert type(v) is RequestValidator
        inner = {k: x for k, x in v.schema.items() if k != "$schema"}
        assert '"$schema"' not in json.dumps(inner), name
    assert (
        RequestValidator.VALIDATORS["properties"]
        is not (Draft202012Validator.VALIDATORS["properties"])
    )


def test_a_subschema_validator_is_built_once(monkeypatch):
    # jsonschema's own applicators (oneOf, anyOf) still evolve, but no more for a longer list
    def body(n: int) -> dict:
        case = {
            "members": [{"id": f"m{i}", "bodies": ["b"]} for i in range(n)],
            "proposal": {"subject": "budget"},
            "ballots": [{"voter": f"m{i}", "choice": "for"} for i in range(n)],
        }
        return {"charter": {"source": "x"}, "case": case}

    assert same_errors("Evaluate", body(1))
    built = []
    real = RequestValidator.evolve
    monkeypatch.setattr(
        RequestValidator, "evolve", lambda s, **kw: built.append(1) or real(s, **kw)
    )
    counts = []
    for n in (1, 10, 100):
        built.clear()
        assert not list(validator("Evaluate").iter_errors(body(n)))
        counts.append(len(built))
    assert counts[0] == counts[1] == counts[2] < 20, counts


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
]


def slots(value, path=()):
    """Every (container, key) in `value`, for mutations."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield value, k
            yield from slots(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield value, i
            yield from slots(v, (*path, i))


def mutate(body: dict, rng: random.Random) -> dict:
    body = copy.deepcopy(body)
    for _ in range(rng.randint(1, 3)):
        places = list(slots(body))
        container, key = rng.choice(places)
        action = rng.random()
        if action < 0.55:
            container[key] = rng.choice(JUNK)
        elif action < 0.7 and isinstance(container, dict):
            del container[key]
        elif action < 0.85 and isinstance(container, dict):
            container[rng.choice(["extra", "voter", "choice", "at", "id"])] = rng.choice(JUNK)
        elif isinstance(container[key], str):
            container[key] = container[key] + rng.choice(["!", " ", "\n", "x" * 130])
        else:
            container[key] = copy.deepcopy(rng.choice(places)[0])  # a subtree moved elsewhere
    return body


def test_errors_equal_stock_on_mutated_scenario_bodies():
    bodies = scenario_bodies()
    assert len(bodies) > 20
    rng = random.Random(20261125)
    valid = invalid = 0
    for body in bodies:
        assert same_errors("Evaluate", body), "a seed scenario body should be valid"
        for _ in range(25):
            if same_errors("Evaluate", mutate(body, rng)):
                valid += 1
            else:
                invalid += 1
    # both verdicts exercised
    assert invalid > 10 * len(bodies) and valid > 0, (valid, invalid)


TRICKY = [
    {"charter": {"source": "x"}, "case": {"members": [{"id": True}], "proposal": {"subject": 1}}},
    {"charter": {"source": "x", "organisation": "a"}, "case": {}},
    {"charter": {}, "case": {"ballots": [{"voter": "a", "choice": "for", "at": "2020-02-30"}]}},
    {"charter": {"organisation": "A"}, "case": {"proposal": {"subject": "x", "call": 1.0}}},
    {"charter": {"source": ""}, "case": {"members": [{"id": "a", "attributes": {"1x": []}}]}},
    {"charter": {"source": "x"}, "case": {"proposal": {"subject": "a..b", "opens": "2020-01-01T"}}},
    {"charter": {"source": "x"}, "case": {"members": [{"id": "a", "bodies": ["b", "b"]}]}},
    # subclasses of the built-in types take jsonschema's own path
    {
        "charter": OrderedDict(source="x"),
        "case": {
            "members": [{"id": type("S", (str,), {})("a")}],
            "competence": {"subject": "budget"},
        },
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
    same_errors("Evaluate", instance)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_errors_equal_stock_on_generated_bodies_of_every_schema(data):
    name = data.draw(st.sampled_from(NAMES))
    same_errors(name, data.draw(from_schema(schemas()[name]) | json_values))


@pytest.mark.parametrize(
    ("schema", "instances"),
    [
        # keywords and subschemas the fast keywords hand back to jsonschema
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
        ({"type": "boolean"}, [True, 0, 1, "true"]),
        ({"type": "integer"}, [1, 1.0, 1.5, True]),
        ({"pattern": "^a", "type": "string"}, ["ab", "ba", 3]),
        ({"type": ["string", "null"], "maxLength": 2}, ["ab", "abc", None, 1, [], True]),
        ({"type": ["integer", "boolean"]}, [1, 1.0, 1.5, True, "1", None]),
        ({"type": "number"}, [1, 1.5, True, "1", None]),
        ({"type": "null"}, [None, 0, ""]),
        ({"anyOf": [{"type": "string"}, {"minimum": 3}]}, ["a", 5, 1, None]),
        ({"anyOf": [{"type": "string"}, True]}, ["a", 1]),
        ({"anyOf": [{"type": "string"}, False]}, ["a", 1]),
        ({"anyOf": [{"$id": "https://x.test/a", "type": "string"}, {"type": "null"}]}, ["a", 1]),
        ({"oneOf": [{"type": "string"}, {"maxLength": 1}]}, ["a", "ab", 1, None]),
        ({"oneOf": [{"type": "integer"}, {"type": "number"}, {"minimum": 0}]}, [1, -1, 1.5, "x"]),
        ({"oneOf": [False, {"type": "string"}]}, ["a", 1]),
        ({"allOf": [{"type": "string"}, {"maxLength": 1}, True]}, ["a", "ab", 1]),
        ({"allOf": [{"$id": "https://x.test/b", "type": "string"}]}, ["a", 1]),
        (
            {"propertyNames": {"pattern": "^[a-z]+$", "maxLength": 3}},
            [{"ab": 1}, {"A": 1, "abcd": 2}],
        ),
        ({"propertyNames": False}, [{}, {"a": 1}]),
        (
            {
                "$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}}},
                "$ref": "#/$defs/n",
            },
            [[[[]]], [[1]], [[], [[[]]]]],
        ),
    ],
)
def test_errors_equal_stock_on_every_branch(schema, instances):
    ours = RequestValidator(schema, format_checker=format_checker)
    theirs = Draft202012Validator(schema, format_checker=format_checker)
    for instance in instances:
        assert describe(ours.iter_errors(instance)) == describe(theirs.iter_errors(instance)), (
            schema,
            instance,
        )


def test_an_escaped_nul_in_a_key_is_still_refused(api):
    raw = (
        b'{"charter": {"source": "x"}, "case": {"members": [{"id": "a", "attributes": '
        b'{"k\\u0000": 1}}], "competence": {"subject": "budget"}}}'
    )
    r = api.post("/v1/evaluate", data=raw, headers={"Content-Type": "application/json"})
    doc = is_problem(r, "invalid-request", 422)
    assert doc["errors"][0]["message"] == "a key holds an unstorable character"
    assert doc["errors"][0]["path"] == "$.case.members[0].attributes"


def test_validators_that_differ_only_in_format_checking_keep_their_own():
    schema = {"properties": {"at": {"type": "string", "format": "date"}}}
    checking = RequestValidator(schema, format_checker=format_checker)
    lax = checking.evolve(format_checker=None)  # the same resolver
    bad = {"at": "2020-02-30"}
    for _ in range(2):
        assert [e.json_path for e in checking.iter_errors(bad)] == ["$.at"]
        assert list(lax.iter_errors(bad)) == []
