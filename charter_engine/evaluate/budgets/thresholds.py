"""Comparing a figure with a budget's threshold (`funded:`, `fundable:`, `proposers:`)."""

from __future__ import annotations

from fractions import Fraction

from .messages import COMPARATOR_EN, COMPARATOR_FR


def compare(comparator: str, value: Fraction | int, bound: Fraction | int) -> bool:
    if comparator == "at_least":
        return value >= bound
    if comparator == "more_than":
        return value > bound
    if comparator == "at_most":
        return value <= bound
    if comparator == "fewer_than":
        return value < bound
    if comparator == "none":
        return value == 0
    return value >= bound  # "all": the whole base


def needed_integer(comparator: str, bound: Fraction | int) -> int:
    """The smallest (at least / more than) or largest (at most / fewer than) integer that
    passes: what the explanation states."""
    bound = Fraction(bound)
    floor = bound.numerator // bound.denominator
    ceil = -((-bound.numerator) // bound.denominator)
    return {
        "at_least": ceil,
        "all": ceil,
        "more_than": floor + 1,
        "at_most": floor,
        "fewer_than": ceil - 1,
        "none": 0,
    }[comparator]


def rule_words(comparator: str, figure: str) -> tuple[str, str]:
    if comparator == "none":
        return "none", "aucun"
    return f"{COMPARATOR_EN[comparator]} {figure}", f"{COMPARATOR_FR[comparator]} {figure}"
