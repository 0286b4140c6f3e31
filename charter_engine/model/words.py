"""The words of the charter language that name a meaning: comparators, counts and bases, ballot
choices and populations. Each is one typed value that owns what it means (a comparator computes
the whole number a test needs and says whether a figure holds), its words in the language (the
grammar's text, `at least`), and its message key (the renderers in charter_engine/messages say it
in English or French). Nothing else branches on these words: rules, budgets, time clauses,
summaries and messages all read them from here.

A comparator works on exact numbers (`Fraction`) and on anything ordered (times for `notice:`).
`needed` is the whole number of people a test asks for (design §4 "Semantics to get exactly
right"), with q·n the exact bound:

* `at least`  needs  ⌈q·n⌉          ("at least 2/3 of 10" needs 7)
* `more than` needs  ⌊q·n⌋ + 1      ("more than 1/2 of 8" needs 5, "of 7" needs 4)
* `at most`   allows ⌊q·n⌋
* `fewer than` allows ⌈q·n⌉ − 1     (may be −1: never met)
* `none` allows 0; `all of B` needs exactly B.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from enum import StrEnum
from fractions import Fraction
from typing import Any


class Comparator(StrEnum):
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    FEWER_THAN = "fewer_than"
    NONE = "none"
    ALL = "all"

    @property
    def words(self) -> str:
        """As the charter writes it: `at least`."""
        return self.value.replace("_", " ")

    @classmethod
    def from_words(cls, text: str) -> Comparator:
        return cls(" ".join(text.split()).replace(" ", "_"))

    @property
    def is_lower_bound(self) -> bool:
        """A lower bound: the figure must be high enough (`at least`, `more than`, `all`)."""
        return self in (Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.ALL)

    @property
    def strict(self) -> bool:
        return self in (Comparator.MORE_THAN, Comparator.FEWER_THAN)

    def bound(self, quantity: Fraction | int | None, base: int | None = None) -> Fraction:
        """The exact figure compared with: q·n (or q without a base); n for `all`, 0 for
        `none`."""
        if self is Comparator.NONE:
            return Fraction(0)
        if self is Comparator.ALL:
            return Fraction(base or 0)
        q = Fraction(quantity if quantity is not None else 0)
        return q * base if base is not None else q

    def needed(self, quantity: Fraction | int | None, base: int | None = None) -> int:
        """The whole number a figure must reach (lower bounds) or may not exceed (upper ones)."""
        b = self.bound(quantity, base)
        if self in (Comparator.AT_LEAST, Comparator.ALL):
            return math.ceil(b)
        if self is Comparator.MORE_THAN:
            return math.floor(b) + 1
        if self is Comparator.AT_MOST:
            return math.floor(b)
        if self is Comparator.FEWER_THAN:
            return math.ceil(b) - 1
        return 0

    def holds(self, value: Any, bound: Any) -> bool:
        """Whether `value` meets the comparator against `bound`, exactly (`all`: equals the
        bound; `none`: is zero, whatever the bound)."""
        if self is Comparator.AT_LEAST:
            return bool(value >= bound)
        if self is Comparator.MORE_THAN:
            return bool(value > bound)
        if self is Comparator.AT_MOST:
            return bool(value <= bound)
        if self is Comparator.FEWER_THAN:
            return bool(value < bound)
        if self is Comparator.ALL:
            return bool(value == bound)
        return bool(value == 0)

    @property
    def message_key(self) -> str:
        return f"comparator.{self.value}"


class Count(StrEnum):
    """What a test counts (§8): `COUNT: COMPARATOR ...`."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    OBJECTIONS = "objections"
    BLOCKS = "blocks"
    PARTICIPATION = "participation"
    PRESENT = "present"
    EXPRESSED = "expressed"
    CAST = "cast"

    @classmethod
    def from_label(cls, label: str) -> Count:
        """A test's keyword as written: `quorum` is the test on `present`."""
        return cls(COUNT_ALIASES.get(label, label))

    @property
    def rises_with_support(self) -> bool:
        """True when more support never lowers it (`for`, `present`, `participation`,
        `expressed`, `cast`); False when it measures dissent (`against`, `abstain`,
        `objections`, `blocks`). What certainty's monotone argument needs."""
        return self in _SUPPORT_COUNTS

    @property
    def head_count(self) -> bool:
        """Counts people, never weighted by college (`present`, `participation`)."""
        return self in (Count.PRESENT, Count.PARTICIPATION)

    @property
    def message_key(self) -> str:
        return f"count.{self.value}"


COUNT_ALIASES = {"quorum": "present"}
_SUPPORT_COUNTS = frozenset(
    {Count.FOR, Count.PRESENT, Count.PARTICIPATION, Count.EXPRESSED, Count.CAST}
)


class Base(StrEnum):
    """What a share is a share of (§9): `... of BASE`."""

    MEMBERS = "members"
    VOTERS = "voters"
    PRESENT = "present"
    EXPRESSED = "expressed"
    CAST = "cast"

    @property
    def message_key(self) -> str:
        return f"base.{self.value}"


class Choice(StrEnum):
    """What a for/against ballot says (§8), and the count it goes to."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    OBJECT = "object"
    BLOCK = "block"

    @property
    def counted_as(self) -> Count:
        """The count a ballot with this choice adds to (`block` adds to `blocks`)."""
        return _CHOICE_COUNTS[self]


_CHOICE_COUNTS = {
    Choice.FOR: Count.FOR,
    Choice.AGAINST: Count.AGAINST,
    Choice.ABSTAIN: Count.ABSTAIN,
    Choice.OBJECT: Count.OBJECTIONS,
    Choice.BLOCK: Count.BLOCKS,
}

# Every figure of a tally, by name: the counts a test names and the bases a share is of.
TALLY_KEYS: tuple[str, ...] = tuple(dict.fromkeys([*Count, *Base, "voters", "members"]))


def tally(
    choices: Iterable[str | None],
    objections_not_standing: int,
    *,
    present: int,
    voters: int,
    members: int,
) -> dict[str, int]:
    """Every figure of a tally from the counted choices (one per voter who took part; None for
    a ballot of another method, which takes part but says no for/against choice)."""
    choices = choices if isinstance(choices, list) else list(choices)
    counts = {key: 0 for key in TALLY_KEYS}
    for choice in Choice:  # list.count per choice: a C loop each, faster than a Counter
        counts[choice.counted_as] = choices.count(choice.value)
    counts[Count.OBJECTIONS] -= objections_not_standing
    counts[Count.PARTICIPATION] = len(choices)
    counts[Count.EXPRESSED] = counts[Count.FOR] + counts[Count.AGAINST]
    counts[Count.CAST] = counts[Count.EXPRESSED] + counts[Count.ABSTAIN]
    counts[Count.PRESENT] = present
    counts["voters"] = voters
    counts["members"] = members
    return {str(k): v for k, v in counts.items()}


class PopulationBase(StrEnum):
    """The start of a population (§7): `members`, `present`, `everyone`."""

    MEMBERS = "members"
    PRESENT = "present"
    EVERYONE = "everyone"

    @property
    def message_key(self) -> str:
        return f"population.{self.value}"


__all__ = [
    "COUNT_ALIASES",
    "TALLY_KEYS",
    "Base",
    "Choice",
    "Comparator",
    "Count",
    "PopulationBase",
    "tally",
]
