"""Exact thresholds (design §4 "Semantics to get exactly right"): a test of a rule against the
counts. The whole number a test needs is its comparator's (model/words.py `Comparator.needed`),
computed with `fractions.Fraction`, never a float.

A test over an empty base (B = 0) fails, whatever its comparator. Without a base the quantity
is a whole count (or a parameter's value) and the same roundings apply to it.
"""

from __future__ import annotations

from fractions import Fraction

from ...model import Comparator, Test
from ...model.expr import fraction_text, percent_text


def passes(comparator: Comparator, reached: int, need: int, base_size: int | None) -> bool:
    """Whether the count `reached` meets the test's whole number `need`."""
    if base_size is not None and base_size <= 0:
        return False  # a test over an empty base fails
    if comparator is Comparator.ALL:
        return reached == need
    return reached >= need if comparator.is_lower_bound else reached <= need


def threshold_text(test: Test, quantity: Fraction | None) -> str | None:
    """The figure as the charter wrote it: `2/3`, `50%`, `3`, or the parameter's name and value."""
    if test.comparator in (Comparator.NONE, Comparator.ALL):
        return None
    if quantity is None:
        return test.parameter
    figure = percent_text(quantity) if test.percent else fraction_text(quantity)
    if test.parameter:
        return f"{test.parameter} = {figure}"
    return figure
