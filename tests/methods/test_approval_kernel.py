"""Approval voting (language.md §8): ranking, the cut, ties at the cut, and pref_voting."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pref_voting.grade_methods import approval as pv_approval
from pref_voting.grade_profiles import GradeProfile

from charter_engine.methods import approval


def test_spec_example_tie_at_the_cut():
    result = approval.rank({"a": 5, "b": 3, "c": 3, "d": 1}, winners=2)
    assert result.ranking == (("a",), ("b", "c"), ("d",))
    assert result.winners == ("a",)
    assert result.tied_at_cut == ("b", "c")
    assert result.seats_left == 1
    assert not result.decided


def test_cut_between_groups_is_decided():
    result = approval.rank({"a": 5, "b": 3, "c": 3, "d": 1}, winners=3)
    assert result.winners == ("a", "b", "c")
    assert result.tied_at_cut == ()
    assert result.seats_left == 0
    assert result.decided


def test_tie_for_the_only_seat():
    result = approval.rank({"x": 4, "y": 4, "z": 4, "w": 0}, winners=1)
    assert result.winners == ()
    assert result.tied_at_cut == ("x", "y", "z")
    assert result.seats_left == 1


def test_two_seats_among_three_tied_after_a_winner():
    result = approval.rank({"a": 9, "b": 2, "c": 2, "d": 2, "e": 1}, winners=3)
    assert result.winners == ("a",)
    assert result.tied_at_cut == ("b", "c", "d")
    assert result.seats_left == 2


def test_no_cut_without_winners():
    result = approval.rank({"a": 1, "b": 2})
    assert result.ranking == (("b",), ("a",))
    assert result.order == ("b", "a")
    assert result.seats is None
    assert result.winners == () and result.tied_at_cut == ()


def test_more_seats_than_options_and_zero_seats():
    assert approval.rank({"a": 1, "b": 1}, winners=5).winners == ("a", "b")
    none = approval.rank({"a": 1, "b": 0}, winners=0)
    assert none.winners == () and none.tied_at_cut == () and none.decided
    assert approval.rank({}, winners=2).ranking == ()


@pytest.mark.parametrize(
    ("approvals", "winners"),
    [({"a": -1}, 1), ({"a": 1.5}, 1), ({"a": 1}, -1), ({"a": 1}, 1.5)],
)
def test_rejects_bad_input(approvals, winners):
    with pytest.raises(ValueError):
        approval.rank(approvals, winners)


def test_tally():
    ballots = np.array([[1, 0, 1], [1, 1, 0], [0, 0, 1]])
    assert approval.tally(ballots).tolist() == [2, 1, 2]
    assert approval.tally(ballots.astype(bool)).tolist() == [2, 1, 2]
    with pytest.raises(ValueError):
        approval.tally(np.array([[2, 0]]))
    with pytest.raises(ValueError):
        approval.tally(np.array([1, 0]))


approvals_st = st.dictionaries(
    st.text(alphabet="abcdefgh", min_size=1, max_size=2), st.integers(0, 6), max_size=8
)


@given(approvals_st, st.integers(0, 10))
def test_cut_properties(counts, seats):
    result = approval.rank(counts, winners=seats)
    assert sorted(result.order) == sorted(counts)
    # Ranking: groups of equal counts, strictly decreasing.
    values = [counts[g[0]] for g in result.ranking]
    assert values == sorted(set(values), reverse=True)
    assert all(counts[o] == counts[g[0]] for g in result.ranking for o in g)
    # The cut: winners beat everyone else, the tied group shares one count, seats add up.
    elected = set(result.winners)
    others = set(counts) - elected
    assert all(counts[w] > counts[o] for w in elected for o in others)
    assert len(result.winners) <= seats
    if result.tied_at_cut:
        assert len({counts[o] for o in result.tied_at_cut}) == 1
        assert 0 < result.seats_left < len(result.tied_at_cut)
        assert len(result.winners) + result.seats_left == seats
        rest = others - set(result.tied_at_cut)
        assert all(counts[o] < counts[result.tied_at_cut[0]] for o in rest)
    else:
        assert result.seats_left == 0
        assert len(result.winners) == min(seats, len(counts))


def test_top_group_is_pref_voting_winners():
    rnd = random.Random(7)
    for _ in range(300):
        n_options = rnd.randint(2, 6)
        n_voters = rnd.randint(1, 12)
        ballots = np.array([[rnd.randint(0, 1) for _ in range(n_options)] for _ in range(n_voters)])
        gprofile = GradeProfile(
            [{j: int(v) for j, v in enumerate(row)} for row in ballots],
            [0, 1],
            candidates=list(range(n_options)),
        )
        theirs = {f"o{j}" for j in pv_approval(gprofile)}
        counts = approval.tally(ballots)
        result = approval.rank({f"o{j}": int(c) for j, c in enumerate(counts)}, winners=1)
        assert set(result.ranking[0]) == theirs
        assert (result.winners == tuple(theirs)) == (len(theirs) == 1)
