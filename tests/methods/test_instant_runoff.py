"""Instant runoff (charter_engine/methods/instant_runoff.py), from its definition: rounds; each
ballot counts for its highest-ranked option still in; more than half of the ballots still
counted wins; else the fewest is eliminated, ties as the rule declares; exhausted ballots
reported. Checked against pref_voting's instant runoff for truncated ballots (the simultaneous
elimination of `ties: all`) on random profiles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pref_voting.iterative_methods import instant_runoff_for_truncated_linear_orders
from pref_voting.profiles_with_ties import ProfileWithTies

import charter_engine


def charter(ties: str | None = None):
    options = f" {{ ties: {ties} }}" if ties else ""
    return charter_engine.load(
        text='charter "T" {\n  version "1"\n  body a { members: everyone; decides: *\n'
        f"    rule elect {{ method: instant runoff{options} }}\n"
        "    rule default: majority of members }\n}\n"
    )


def decide(c, rankings, options, language="en"):
    return c.evaluate(
        {
            "members": [{"id": f"v{i}"} for i in range(len(rankings))],
            "proposal": {"subject": "elect", "options": list(options)},
            "ballots": [{"voter": f"v{i}", "ranking": r} for i, r in enumerate(rankings)],
        },
        language,
    )


def test_a_tie_for_last_broken_by_the_order_of_the_options():
    # round 1: a 4, b 3, c 3 (no earlier round): c is listed last of b and c, it goes. Its
    # ballots go to b (2) or are exhausted (1). Round 2: a 4, b 5 of 9 counted: b wins.
    rankings = [["a", "b", "c"]] * 4 + [["b", "c", "a"]] * 3 + [["c", "b", "a"]] * 2 + [["c"]]
    d = decide(charter("backward, order"), rankings, "abc")
    assert d.outcome == "adopted" and d.method == "instant_runoff"
    assert d.winners == ["b"] and d.ranking == ["b", "a", "c"]
    assert [(r.round, r.votes, r.eliminated, r.exhausted, r.tie_broken_by) for r in d.rounds] == [
        (1, {"a": 4, "b": 3, "c": 3}, ["c"], 0, "order"),
        (2, {"a": 4, "b": 5}, [], 1, None),
    ]
    assert d.counts["exhausted"] == 1
    assert "`b` wins with 5 of the 9 ballots still counted, more than half" in d.explanation
    assert "round 2: `a` 4, `b` 5; 1 ballot exhausted" in d.explanation


# Round 1: a 5, b 4, c 3, d 1: d goes, its ballot to c. Round 2: a 5, b 4, c 4: b and c tie.
BACKWARD = [["a"]] * 5 + [["b", "c"]] * 4 + [["c", "b"]] * 3 + [["d", "c"]]


def test_backward_looks_at_the_earlier_round():
    # In round 1 c had 3, b 4: c goes. Round 3: a 5, b 4 + 3 = 7 of 12 (d's ballot exhausted).
    d = decide(charter("backward"), BACKWARD, ["a", "c", "b", "d"])
    assert [r.eliminated for r in d.rounds] == [["d"], ["c"], []]
    assert d.rounds[1].tie_broken_by == "backward"
    assert d.rounds[2].votes == {"a": 5, "b": 7} and d.rounds[2].exhausted == 1
    assert d.winners == ["b"]


def test_order_eliminates_the_last_listed():
    # the options listed a, c, b, d: of b and c, b is last: it goes; its 4 ballots go to c,
    # which wins round 3 with 3 + 1 + 4 = 8 of 13.
    d = decide(charter("order"), BACKWARD, ["a", "c", "b", "d"])
    assert [r.eliminated for r in d.rounds] == [["d"], ["b"], []]
    assert d.winners == ["c"] and d.rounds[2].votes == {"a": 5, "c": 8}


def test_all_eliminates_every_tied_option_at_once():
    # b and c both go; every ballot but a's five is exhausted; a has 5 of 5.
    d = decide(charter(), BACKWARD, ["a", "c", "b", "d"])
    assert [r.eliminated for r in d.rounds] == [["d"], ["c", "b"], []]
    assert d.rounds[1].tie_broken_by == "all"  # the default rule, reported when it applies
    assert d.winners == ["a"] and d.rounds[2].exhausted == 8
    assert d.ranking == ["a", "c", "b", "d"]
    assert [o.rank for o in d.ranking_detail] == [1, 2, 2, 4]


def test_the_last_options_tied_stay_tied():
    d = decide(charter(), [["a"], ["a"], ["b"], ["b"]], "ab")
    assert d.winners == ["a", "b"] and d.tied_at_cut == ["a", "b"]
    assert "`a`, `b` are the last options and stay tied for the win" in d.explanation
    fr = decide(charter(), [["a"], ["a"], ["b"], ["b"]], "ab", "fr")
    assert "restent à égalité pour l'emporter" in fr.explanation


def test_ballots_that_do_not_fit_are_refused_with_their_reason():
    d = decide(charter(), [[], ["a", "a"], ["z"], None, ["b", "a"]], "ab")
    assert [(b.voter, b.code) for b in d.rejected_ballots] == [
        ("v0", "ballot.no_ranking"),
        ("v1", "ballot.repeated_option"),
        ("v2", "ballot.unknown_option"),
        ("v3", "ballot.no_ranking"),
    ]
    assert d.winners == ["b"]


@pytest.mark.parametrize("ties", ["all", "backward", "order", "backward, order"])
def test_the_tie_rule_is_an_option_of_the_method(ties):
    assert charter(ties).model.bodies[0].rules[0].method == "instant_runoff"


def test_an_unknown_tie_rule_is_an_error():
    _, found = charter_engine.compile_source(
        'charter "T" {\n  version "1"\n  body a { members: everyone; decides: *\n'
        "    rule elect { method: instant runoff { ties: coin } }\n"
        "    rule default: majority of members }\n}\n"
    )
    (d,) = [d for d in found if d.severity == "error"]
    assert d.code == "rule.option_value" and "`coin` is not a value of `ties:`" in d.message


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.permutations(["a", "b", "c", "d"]).flatmap(
            lambda order: st.integers(1, 4).map(lambda k: list(order[:k]))
        ),
        min_size=1,
        max_size=15,
    )
)
def test_the_winners_are_pref_votings(rankings):
    d = decide(charter(), rankings, "abcd")
    profile = ProfileWithTies(
        [{o: i + 1 for i, o in enumerate(r)} for r in rankings], candidates=list("abcd")
    )
    assert sorted(d.winners) == instant_runoff_for_truncated_linear_orders(profile)
