"""Majority judgment (language.md §8): hand-worked cases, properties, and pref_voting."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pref_voting.grade_methods import majority_judgement as pv_majority_judgement
from pref_voting.grade_profiles import GradeProfile

from charter_engine.methods import majority_judgment as mj

# --- oracles -------------------------------------------------------------------------------


def literal_values(row):
    """The definition, literally: remove the lower median again and again."""
    grades = sorted(g for g, c in enumerate(row) for _ in range(c))
    values = []
    while grades:
        values.append(grades.pop((len(grades) - 1) // 2))
    return values


def literal_compare(a, b):
    va, vb = literal_values(a), literal_values(b)
    return (va > vb) - (va < vb)


def bytes_values(row):
    """The O(n) method: sorted grades read in the one removal order, as a byte string."""
    n = sum(row)
    m = (n - 1) // 2
    below, above = list(range(m - 1, -1, -1)), list(range(m + 1, n))
    first, second = (below, above) if n % 2 else (above, below)
    perm = [m] if n else []
    for i in range(max(len(first), len(second))):
        perm += first[i : i + 1] + second[i : i + 1]
    return np.repeat(np.arange(len(row), dtype=np.uint8), row)[perm].tobytes()


def sign_of_positions(ranking, a, b):
    """1 if a is ranked above b, -1 below, 0 tied."""
    pa, pb = ranking.position(a), ranking.position(b)
    return (pa < pb) - (pa > pb)


# --- hand-worked examples ------------------------------------------------------------------


def test_spec_example_majority_values_separate_what_the_gauge_cannot():
    a, b = [1, 2, 3, 2, 2], [2, 1, 3, 2, 2]
    # Same majority grade (2) and same majority gauge: 4 grades above, 3 below for both.
    assert mj.majority_grade(a) == mj.majority_grade(b) == 2
    assert (sum(a[3:]), sum(a[:2])) == (sum(b[3:]), sum(b[:2])) == (4, 3)
    # Sorted a: 0 1 1 2 2 2 3 3 4 4, n = 10, removal order 4 5 3 6 2 7 1 8 0 9.
    assert mj.majority_values(a) == [2, 2, 2, 3, 1, 3, 1, 4, 0, 4]
    assert mj.majority_values(b) == [2, 2, 2, 3, 1, 3, 0, 4, 0, 4]
    assert mj.compare(a, b) == 1 and mj.compare(b, a) == -1
    result = mj.rank({"b": b, "a": a})
    assert result.groups == (("a",), ("b",))
    assert dict(result.majority_grades) == {"a": 2, "b": 2}
    assert result.winners == ("a",)


def test_lower_median_for_even_number_of_grades():
    assert mj.majority_grade([0, 2, 2]) == 1  # grades 1 1 2 2: lower median 1, not 2
    assert mj.majority_grade([1, 1]) == 0
    assert mj.majority_grade([0, 0, 3, 3]) == 2
    assert mj.majority_grade([1, 0, 0, 0, 1]) == 0
    assert mj.majority_grade([0, 1, 0, 0, 2]) == 4  # odd: the middle one
    assert mj.majority_grade([0, 0, 0]) == 0  # nobody graded: lowest


def test_majority_grade_decides_before_majority_values():
    # c: grades 0 0 3 3 3 (median 3) beats d: 2 2 2 2 2 (median 2) although d has no 0.
    result = mj.rank({"d": [0, 0, 5, 0], "c": [2, 0, 0, 3]})
    assert result.groups == (("c",), ("d",))
    assert dict(result.majority_grades) == {"c": 3, "d": 2}


def test_three_options_worked_by_hand():
    # Four grades, six voters (even: majority grade = 3rd lowest of 6).
    counts = {
        "x": [1, 1, 2, 2],  # 0 1 2 2 3 3 -> values 2 2 1 3 0 3
        "y": [0, 2, 3, 1],  # 1 1 2 2 2 3 -> values 2 2 1 2 1 3
        "z": [2, 1, 0, 3],  # 0 0 1 3 3 3 -> values 1 3 0 3 0 3
    }
    assert mj.majority_values(counts["x"]) == [2, 2, 1, 3, 0, 3]
    assert mj.majority_values(counts["y"]) == [2, 2, 1, 2, 1, 3]
    assert mj.majority_values(counts["z"]) == [1, 3, 0, 3, 0, 3]
    result = mj.rank(counts)
    assert result.groups == (("x",), ("y",), ("z",))
    assert dict(result.majority_grades) == {"x": 2, "y": 2, "z": 1}


def test_missing_grade_counts_as_lowest_in_tally():
    grades = np.array(
        [
            [3, -1, 2],
            [-1, 1, 2],
            [2, 2, -1],
        ]
    )
    counts = mj.tally(grades, 4)
    assert counts.tolist() == [[1, 0, 1, 1], [1, 1, 1, 0], [1, 0, 2, 0]]
    with_nan = np.where(grades < 0, np.nan, grades.astype(float))
    assert mj.tally(with_nan, 4).tolist() == counts.tolist()
    masked = np.ma.masked_less(grades, 0)
    assert mj.tally(masked, 4).tolist() == counts.tolist()
    assert mj.tally([[0, 1], [1, 1]], 2).tolist() == [[1, 1], [0, 2]]


def test_missing_grade_counts_as_lowest_in_rank():
    # p was graded 2 2 2 by three voters and skipped by two: 0 0 2 2 2 -> median 2.
    # q was graded by all five: 1 1 1 1 1 -> median 1.
    result = mj.rank({"p": [0, 0, 3], "q": [0, 5, 0]})
    assert result.n_voters == 5
    assert result.counts["p"] == (2, 0, 3)
    assert result.groups == (("p",), ("q",))
    # With seven voters, p (0 0 0 0 2 2 2) falls to median 0 and below q (0 0 1 1 1 1 1).
    later = mj.rank({"p": [0, 0, 3], "q": [0, 5, 0]}, n_voters=7)
    assert later.groups == (("q",), ("p",))
    assert dict(later.majority_grades) == {"p": 0, "q": 1}
    with pytest.raises(ValueError):
        mj.rank({"p": [0, 0, 3]}, n_voters=2)


def test_identical_counts_tie_and_keep_input_order():
    result = mj.rank({"b": [1, 2, 1], "a": [1, 2, 1], "c": [0, 1, 3]})
    assert result.groups == (("c",), ("b", "a"))
    assert result.order == ("c", "b", "a")
    assert result.position("a") == result.position("b") == 1
    assert mj.compare([1, 2, 1], [1, 2, 1]) == 0


def test_nearly_identical_counts_do_not_tie():
    # Same grade, same gauge, first differ deep in the sequence.
    a, b = [3, 0, 4, 0, 3], [2, 2, 2, 2, 2]
    assert mj.majority_grade(a) == mj.majority_grade(b) == 2
    assert mj.compare(a, b) == literal_compare(a, b) != 0
    assert len(mj.rank({"a": a, "b": b}).groups) == 2


def test_degenerate_inputs():
    assert mj.rank({}).groups == ()
    assert mj.rank({}).winners == ()
    nobody = mj.rank({"a": [0, 0], "b": [0, 0]})
    assert nobody.groups == (("a", "b"),)
    assert dict(nobody.majority_grades) == {"a": 0, "b": 0}
    assert mj.rank({"solo": [0, 1]}).groups == (("solo",),)
    assert mj.tally(np.zeros((0, 3), dtype=int), 5).tolist() == [[0] * 5] * 3
    assert mj.tally(np.zeros((4, 0), dtype=int), 5).shape == (0, 5)


@pytest.mark.parametrize(
    "matrix",
    [np.array([[0, 4]]), np.array([[-2, 0]]), np.array([[0.5, 1.0]]), np.array([["a", "b"]])],
)
def test_tally_rejects_bad_grades(matrix):
    with pytest.raises(ValueError):
        mj.tally(matrix, 4)


def test_rank_rejects_bad_counts():
    with pytest.raises(ValueError):
        mj.rank({"a": [1, 2], "b": [1, 2, 3]})
    with pytest.raises(ValueError):
        mj.rank({"a": [1, -1]})
    with pytest.raises(ValueError):
        mj.compare([1, 2], [1, 2, 3])


def test_tally_uses_several_blocks_exactly():
    rng = np.random.default_rng(7)
    grades = rng.integers(-1, 5, size=(20_000, 3)).astype(np.int8)
    expected = [[int(np.sum(np.maximum(grades[:, j], 0) == g)) for g in range(5)] for j in range(3)]
    assert mj.tally(grades, 5).tolist() == expected


# --- properties ----------------------------------------------------------------------------

n_grades_st = st.integers(min_value=1, max_value=6)


@st.composite
def profiles(draw, max_voters=12, max_options=5):
    """A voters x options grade matrix (with -1 = missing) and its scale size."""
    n_grades = draw(n_grades_st)
    n_options = draw(st.integers(min_value=1, max_value=max_options))
    n_voters = draw(st.integers(min_value=0, max_value=max_voters))
    cells = draw(
        st.lists(
            st.integers(min_value=-1, max_value=n_grades - 1),
            min_size=n_voters * n_options,
            max_size=n_voters * n_options,
        )
    )
    matrix = np.array(cells, dtype=np.int64).reshape(n_voters, n_options)
    return matrix, n_grades


def as_mapping(counts):
    return {f"o{j}": [int(c) for c in row] for j, row in enumerate(counts)}


@given(profiles())
def test_tally_matches_counting_by_hand(profile):
    matrix, n_grades = profile
    counts = mj.tally(matrix, n_grades)
    for j in range(matrix.shape[1]):
        column = [max(int(g), 0) for g in matrix[:, j]]
        assert counts[j].tolist() == [column.count(g) for g in range(n_grades)]


@given(profiles())
def test_ranking_is_the_literal_definition(profile):
    matrix, n_grades = profile
    counts = as_mapping(mj.tally(matrix, n_grades))
    result = mj.rank(counts)
    # A total preorder: every option exactly once, and the order between any two options is
    # the lexicographic order of their majority values (ties exactly for equal counts).
    assert sorted(result.order) == sorted(counts)
    for a, b in combinations(counts, 2):
        assert sign_of_positions(result, a, b) == literal_compare(counts[a], counts[b])
        assert (result.position(a) == result.position(b)) == (counts[a] == counts[b])
    grades = [result.majority_grades[group[0]] for group in result.groups]
    assert grades == sorted(grades, reverse=True)
    for option, row in counts.items():
        assert result.majority_grades[option] == (literal_values(row)[0] if sum(row) else 0)


@given(
    st.integers(min_value=1, max_value=8).flatmap(
        lambda g: st.tuples(
            st.lists(st.integers(0, 400), min_size=g, max_size=g),
            st.lists(st.integers(0, 400), min_size=g, max_size=g),
        )
    )
)
def test_sort_key_matches_byte_strings_for_larger_electorates(pair):
    a, b = pair
    n = max(sum(a), sum(b))
    a[0] += n - sum(a)
    b[0] += n - sum(b)
    ka, kb = mj.sort_key(a), mj.sort_key(b)
    ba, bb = bytes_values(a), bytes_values(b)
    assert (ka > kb) - (ka < kb) == (ba > bb) - (ba < bb)
    assert (ka == kb) == (a == b)
    assert mj.majority_values(a) == list(ba)


@given(profiles(), st.randoms(use_true_random=False))
def test_input_order_does_not_matter(profile, rnd):
    matrix, n_grades = profile
    counts = as_mapping(mj.tally(matrix, n_grades))
    shuffled = list(counts.items())
    rnd.shuffle(shuffled)
    first, second = mj.rank(counts), mj.rank(dict(shuffled))
    assert [set(g) for g in first.groups] == [set(g) for g in second.groups]


@given(profiles(max_voters=15), st.data())
def test_one_more_voter_for_x_never_lowers_x(profile, data):
    matrix, n_grades = profile
    n_options = matrix.shape[1]
    x = data.draw(st.integers(0, n_options - 1))
    ballot = np.zeros((1, n_options), dtype=np.int64)
    ballot[0, x] = n_grades - 1
    before = mj.rank(as_mapping(mj.tally(matrix, n_grades)))
    after = mj.rank(as_mapping(mj.tally(np.vstack([matrix, ballot]), n_grades)))
    ox = f"o{x}"
    assert after.majority_grades[ox] >= before.majority_grades[ox]
    for other in before.order:
        if other != ox:
            assert sign_of_positions(after, ox, other) >= sign_of_positions(before, ox, other)


# --- cross-check against pref_voting -------------------------------------------------------


def pref_voting_winners(matrix, n_grades):
    n_options = matrix.shape[1]
    gprofile = GradeProfile(
        [{j: int(max(g, 0)) for j, g in enumerate(row)} for row in matrix],
        list(range(n_grades)),
        candidates=list(range(n_options)),
    )
    return [f"o{j}" for j in pv_majority_judgement(gprofile)]


def test_agrees_with_pref_voting_on_random_profiles():
    """pref_voting breaks median ties with the majority gauge only, so it may report ties that
    majority values separate; where it names one winner ours must be that option, and ours is
    always among its winners."""
    rnd = random.Random(20240501)
    single = 0
    for _ in range(400):
        n_grades = rnd.randint(2, 6)
        n_options = rnd.randint(2, 5)
        n_voters = rnd.randint(1, 15)
        matrix = np.array(
            [[rnd.randint(-1, n_grades - 1) for _ in range(n_options)] for _ in range(n_voters)]
        )
        theirs = pref_voting_winners(matrix, n_grades)
        ours = mj.rank(as_mapping(mj.tally(matrix, n_grades))).winners
        assert set(ours) <= set(theirs)
        if len(theirs) == 1:
            single += 1
            assert ours == tuple(theirs)
    assert single > 200  # the comparison is not vacuous
