"""The words of the language (charter_engine/model/words.py) against the grammar and the
reference: every comparator, count, base and population the grammar reads is a registered word,
and the comparator computes the whole numbers of docs/language.md §10."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from charter_engine.model.words import (
    COUNT_ALIASES,
    Base,
    Choice,
    Comparator,
    Count,
    PopulationBase,
)
from charter_engine.syntax.grammar import grammar_text


def alternatives(rule: str) -> set[str]:
    """The texts of a `!rule: "a" "b" | "c"` of the grammar, as words (`at least`, `c`)."""
    match = re.search(rf"^!{rule}:(.*?)(?=^\S|\Z)", grammar_text(), re.M | re.S)
    assert match, rule
    body = re.sub(r"//[^\n]*", "", match.group(1))
    return {" ".join(re.findall(r'"([^"]+)"', alt)) for alt in body.split("|")}


def test_the_grammar_reads_exactly_the_registered_words():
    # `none` and `all of` are test values of their own; `objections:` is a clause of its own
    assert alternatives("comparator") == {c.words for c in Comparator} - {"none", "all"}
    assert alternatives("count") == {c.value for c in Count} - {"objections"} | set(COUNT_ALIASES)
    assert alternatives("base") == {b.value for b in Base}
    assert alternatives("population_base") == {p.value for p in PopulationBase}


def test_a_test_label_names_its_count():
    assert Count.from_label("quorum") is Count.PRESENT
    assert Count.from_label("for") is Count.FOR
    assert {c.counted_as for c in Choice} == {
        Count.FOR,
        Count.AGAINST,
        Count.ABSTAIN,
        Count.OBJECTIONS,
        Count.BLOCKS,
    }


# docs/language.md §10, "Worked examples": (comparator, q, n, needed)
WORKED = [
    (Comparator.AT_LEAST, Fraction(2, 3), 10, 7),
    (Comparator.AT_LEAST, Fraction(2, 3), 9, 6),
    (Comparator.MORE_THAN, Fraction(1, 2), 8, 5),
    (Comparator.MORE_THAN, Fraction(1, 2), 7, 4),
    (Comparator.AT_LEAST, Fraction(1, 2), 7, 4),
    (Comparator.AT_LEAST, Fraction(1, 4), 10, 3),
    (Comparator.AT_LEAST, Fraction(133, 200), 200, 133),
    (Comparator.AT_MOST, Fraction(1, 3), 10, 3),
    (Comparator.FEWER_THAN, Fraction(1, 3), 9, 2),
    (Comparator.FEWER_THAN, Fraction(1, 3), 10, 3),
]


@pytest.mark.parametrize(("comparator", "q", "n", "needed"), WORKED)
def test_the_worked_examples(comparator, q, n, needed):
    assert comparator.needed(q, n) == needed
    # the whole number and the exact bound agree on every count from 0 to n
    for count in range(n + 1):
        assert comparator.holds(count, q * n) == (
            count >= needed if comparator.is_lower_bound else count <= needed
        )


def test_plain_numbers_none_and_all():
    assert Comparator.MORE_THAN.needed(10) == 11  # `quorum: more than 10`
    assert Comparator.FEWER_THAN.needed(3) == 2
    assert Comparator.FEWER_THAN.needed(0) == -1  # never met
    assert Comparator.NONE.needed(None) == 0 and Comparator.NONE.holds(0, 5)
    assert not Comparator.NONE.holds(1, 5)
    assert Comparator.ALL.needed(None, 12) == 12
    assert Comparator.ALL.holds(12, 12) and not Comparator.ALL.holds(11, 12)


def test_a_comparator_compares_times_too():
    import datetime as dt

    day = dt.date(2024, 1, 15)
    assert Comparator.AT_LEAST.holds(day, day) and not Comparator.MORE_THAN.holds(day, day)
    assert Comparator.FEWER_THAN.holds(day, day + dt.timedelta(days=1))


def test_words_and_keys():
    assert Comparator.from_words("fewer  than") is Comparator.FEWER_THAN
    assert Comparator.AT_LEAST.words == "at least" and str(Comparator.AT_LEAST) == "at_least"
    assert Count.PRESENT.head_count and not Count.FOR.head_count
    assert Count.FOR.rises_with_support and not Count.BLOCKS.rises_with_support
