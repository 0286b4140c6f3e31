"""Money as a result's fields write it (`430 EUR`, `12.50 EUR`; a reason carries `Money`)."""

from __future__ import annotations

from fractions import Fraction


def money_text(cents: int | Fraction, currency: str) -> str:
    """`430 EUR`, `12.50 EUR`; a fraction of a cent is shown exactly when it is a decimal."""
    if isinstance(cents, int) or cents.denominator == 1:
        units, rest = divmod(abs(int(cents)), 100)
        sign = "-" if cents < 0 else ""
        return f"{sign}{units}{f'.{rest:02d}' if rest else ''} {currency}"
    exact = Fraction(cents) / 100
    for digits in range(3, 9):
        scaled = exact * 10**digits
        if scaled.denominator == 1:
            return f"{exact.numerator / exact.denominator:.{digits}f} {currency}"
    return f"{exact.numerator}/{exact.denominator} {currency}"
