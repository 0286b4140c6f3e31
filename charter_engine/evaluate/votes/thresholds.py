"""Exact thresholds (design §4 "Semantics to get exactly right").

A test reads `COUNT: COMPARATOR QUANTITY [of BASE]`. The integer a count must reach (or may not
exceed) is computed with `fractions.Fraction`, never a float:

* `at least q of B`  needs  ceil(q·B)          ("at least 2/3 of 10" needs 7)
* `more than q of B` needs  floor(q·B) + 1     ("more than 1/2 of 8" needs 5, "of 7" needs 4)
* `at most q of B`   allows floor(q·B)
* `fewer than q of B` allows ceil(q·B) - 1     (may be -1: the test can never pass)
* `none` allows 0; `all of B` needs exactly B.

A test over an empty base (B = 0) fails, whatever its comparator. Without a base the quantity
is a whole count (or a parameter's value) and the same roundings apply to it.
"""

from __future__ import annotations

import math
from fractions import Fraction

from ...model import Test

LOWER_BOUNDS = ("at_least", "more_than", "all")  # the count must be high enough
UPPER_BOUNDS = ("at_most", "fewer_than", "none")  # the count must stay low enough


def needed(comparator: str, quantity: Fraction | None, base_size: int | None) -> int:
    """The exact integer of a test: the least count that passes (lower bounds) or the greatest
    count that passes (upper bounds)."""
    if comparator == "none":
        return 0
    if comparator == "all":
        return int(base_size or 0)
    q = Fraction(quantity if quantity is not None else 0)
    if base_size is not None:
        q *= base_size
    if comparator == "at_least":
        return math.ceil(q)
    if comparator == "more_than":
        return math.floor(q) + 1
    if comparator == "at_most":
        return math.floor(q)
    if comparator == "fewer_than":
        return math.ceil(q) - 1
    raise ValueError(f"unknown comparator {comparator}")


def passes(comparator: str, reached: int, need: int, base_size: int | None) -> bool:
    if base_size is not None and base_size <= 0:
        return False  # a test over an empty base fails
    if comparator in ("at_least", "more_than"):
        return reached >= need
    if comparator == "all":
        return reached == need
    return reached <= need


def share_passes(comparator: str, share: Fraction, quantity: Fraction) -> bool:
    """A weighted share (design §5) against the charter's fraction, exactly."""
    if comparator == "at_least":
        return share >= quantity
    if comparator == "more_than":
        return share > quantity
    if comparator == "at_most":
        return share <= quantity
    if comparator == "fewer_than":
        return share < quantity
    if comparator == "all":
        return share == 1
    return share == 0


def fraction_text(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def percent_text(value: Fraction) -> str:
    """`133/200` as `66.5%`; a share that is no finite decimal keeps its fraction: `200/3%`."""
    pct = value * 100
    den = pct.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den != 1:
        return f"{fraction_text(pct)}%"
    digits = 0
    while (pct * 10**digits).denominator != 1:
        digits += 1
    text = f"{pct.numerator * 10**digits // pct.denominator:0{digits + 1}d}"
    if digits:
        text = text[:-digits] + "." + text[-digits:]
    return text + "%"


def threshold_text(test: Test, quantity: Fraction | None) -> str | None:
    """The figure as the charter wrote it: `2/3`, `50%`, `3`, or the parameter's name and value."""
    if test.comparator in ("none", "all"):
        return None
    if quantity is None:
        return test.parameter
    figure = percent_text(quantity) if test.percent else fraction_text(quantity)
    if test.parameter:
        return f"{test.parameter} = {figure}"
    return figure
