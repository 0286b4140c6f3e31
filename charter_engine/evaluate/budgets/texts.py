"""Money, shares and moments as the explanations write them."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from ...messages import COMPARATOR_WORDS
from ...model import Comparator


def money_text(cents: int | Fraction, currency: str) -> str:
    """`430 EUR`, `12.50 EUR`; a fraction of a cent is shown exactly when it is a decimal."""
    if isinstance(cents, int) or cents.denominator == 1:
        units, rest = divmod(abs(int(cents)), 100)
        sign = "-" if cents < 0 else ""
        return f"{sign}{units}{f'.{rest:02d}' if rest else ''} {currency}"
    units = Fraction(cents) / 100
    for digits in range(3, 9):
        scaled = units * 10**digits
        if scaled.denominator == 1:
            return f"{units.numerator / units.denominator:.{digits}f} {currency}"
    return f"{units.numerator}/{units.denominator} {currency}"


def share_text(value: Fraction) -> str:
    pct = value * 100
    if pct.denominator == 1:
        return f"{pct.numerator}%"
    return f"{float(pct):.4g}%"


def moment_text(moment: dt.datetime) -> str:
    if moment.time() == dt.time(0) and moment.utcoffset() == dt.timedelta(0):
        return moment.date().isoformat()
    return moment.isoformat().replace("+00:00", "Z")


def rule_words(comparator: Comparator, figure: str) -> tuple[str, str]:
    if comparator is Comparator.NONE:
        return "none", "aucun"
    en, fr = COMPARATOR_WORDS["en"][comparator], COMPARATOR_WORDS["fr"][comparator]
    return f"{en} {figure}", f"{fr} {figure}"
