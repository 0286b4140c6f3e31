"""The voting methods as registered parts (charter_engine/methods/): what the registry declares,
how the checker reads a rule's method and options against it, and that an unknown method is an
error, never another method's branch."""

from __future__ import annotations

import pytest

import charter_engine
from charter_engine import compile_source, methods
from charter_engine.case import Ballot
from charter_engine.messages import LANGUAGES


def charter(rules: str) -> str:
    return (
        'charter "T" {\n  version "1"\n  body a {\n    decides: *\n'
        + rules
        + "\n    rule default: majority of members\n  }\n}\n"
    )


def diagnostics(rules: str) -> list[tuple[str, str, int, int]]:
    _, found = compile_source(charter(rules))
    return [(d.severity, d.code, d.line, d.column) for d in found]


def test_every_method_declares_itself():
    fields = [m.ballot_field for m in methods.METHODS.values()]
    assert len(set(fields)) == len(fields), "two methods read the same ballot field"
    for key, method in methods.METHODS.items():
        assert method.key == key and methods.get(key) is method
        assert method.words == key.replace("_", " ")
        for code, texts in method.messages.items():
            assert set(texts) == set(LANGUAGES), (key, code)
        names = [spec.name for spec in method.options]
        assert len(set(names)) == len(names)
    assert methods.get("plurality") is None


def test_the_ballot_model_has_the_fields_the_methods_read():
    assert set(methods.ballot_fields()) <= set(Ballot.model_fields)
    assert {"choice", "grades", "approve"} <= set(Ballot.model_fields)


def test_a_method_block_is_its_options():
    model, found = compile_source(
        charter(
            '    rule x { method: majority judgment { grades: "Bad" < "Good" } cite "Art. 4" }\n'
            "    rule y { method: approval; winners: 2 }"
        )
    )
    assert not [d for d in found if d.severity == "error"]
    x, y = model.bodies[0].rules[:2]
    assert x.method == "majority_judgment" and x.cites["method"] == "Art. 4"
    assert methods.get(x.method).settings(x) == {"grades": ["Bad", "Good"]}
    assert methods.get(y.method).settings(y) == {"winners": 2}


def test_an_unknown_method_is_an_error_with_a_suggestion():
    _, found = compile_source(charter("    rule x { method: majority judgement }"))
    (d,) = [d for d in found if d.severity == "error"]
    assert d.code == "rule.unknown_method" and (d.line, d.column) == (5, 14)
    assert d.message == "unknown voting method `majority judgement` in rule `x` of `a`"
    assert d.help == "did you mean `majority judgment`?"


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        # an option the method does not know: an error, with a suggestion
        ("    rule x { method: approval { winers: 2 } }", ("error", "rule.unknown_option", 5, 33)),
        # an option of another method: a warning (it never counts)
        ("    rule x { method: vote; winners: 2 }", ("warning", "rule.option_unused", 5, 28)),
        # a value of the wrong shape
        (
            "    rule x { method: approval { winners: many } }",
            ("error", "rule.option_value", 5, 33),
        ),
        # the same option twice (in the block and as a clause)
        (
            '    rule x { method: majority judgment { grades: "A" < "B" }; grades: "C" < "D" }',
            ("error", "rule.duplicate_option", 5, 63),
        ),
    ],
)
def test_options_are_read_against_the_method(rules, expected):
    assert diagnostics(rules) == [expected]


def test_the_methods_own_checks_keep_their_codes():
    assert ("error", "threshold.winners", 5, 32) in diagnostics(
        "    rule x { method: approval; winners: 0 }"
    )
    assert ("error", "threshold.grades", 5, 14) in diagnostics(
        "    rule x { method: majority judgment }"
    )


def test_an_unknown_method_in_a_model_is_invalid_not_another_method():
    c = charter_engine.load(text=charter("    rule x { method: approval; winners: 1 }"))
    model = c.model.model_copy(deep=True)
    model.bodies[0].rules[0].method = "plurality"
    forged = charter_engine.Charter(model, c.source)
    decision = forged.evaluate(
        {
            "members": [{"id": "ann"}],
            "proposal": {"subject": "x", "options": ["p", "q"]},
            "ballots": [{"voter": "ann", "approve": ["p"]}],
        }
    )
    assert decision.outcome == "invalid"
    assert [r.code for r in decision.reasons][-1] == "method.unknown"
    assert decision.winners is None
