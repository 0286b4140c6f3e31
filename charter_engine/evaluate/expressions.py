"""Evaluate eligibility expressions over a member record (design §6).

Three-valued: a condition that reads an attribute the member record lacks is *unknown*; unknown
propagates through `not`, `and`, `or` (Kleene logic) and counts as false at the top, with the
missing attribute named in the reasons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .. import model as m


class Unknown:
    """The value of an expression that read a missing attribute."""

    def __repr__(self) -> str:
        return "unknown"


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Cash:
    """Money during evaluation: exact (fractional) cents, so that `contribution / 3` stays exact."""

    cents: Fraction
    currency: str

    def money(self) -> m.Money:
        return m.Money(cents=int(self.cents), currency=self.currency)


@dataclass
class Reading:
    """What evaluating a condition read: attribute values used, attributes missing."""

    used: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


class Scope:
    """Everything a name can mean: the member's attributes, charter parameters, `today`, and
    who sits where (for `member of X`)."""

    def __init__(
        self,
        attributes: dict[str, Any],
        parameters: dict[str, Any],
        today: dt.date,
        sits_in,
        attribute_names: set[str],
    ):
        self.attributes = attributes
        self.parameters = parameters
        self.today = today
        self.sits_in = sits_in  # callable(body_id) -> bool
        self.attribute_names = attribute_names


def literal_value(lit) -> Any:
    if isinstance(lit, m.MoneyLit):
        return Cash(Fraction(lit.value.cents), lit.value.currency)
    return lit.value


def _compare(op: str, a: Any, b: Any) -> bool:
    if isinstance(a, Cash) and isinstance(b, Cash):
        if a.currency != b.currency:
            return op == "!="
        a, b = a.cents, b.cents
    if isinstance(a, m.Duration) or isinstance(b, m.Duration):
        a, b = _duration_days(a), _duration_days(b)
    if op == "=":
        return a == b
    if op == "!=":
        return a != b
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _duration_days(value: Any) -> Any:
    return value.days_at_least() if isinstance(value, m.Duration) else value


def _arith(op: str, a: Any, b: Any) -> Any:
    if isinstance(a, dt.date) and isinstance(b, m.Duration):
        return b.add_to(a, -1 if op == "-" else 1)
    if isinstance(a, Cash) and isinstance(b, Cash):
        if a.currency != b.currency or op not in "+-":
            return UNKNOWN  # the checker rejects these; never guess a conversion
        return Cash(a.cents + b.cents if op == "+" else a.cents - b.cents, a.currency)
    if isinstance(a, Cash) and op in "*/" and isinstance(b, Fraction | int):
        return (
            UNKNOWN
            if op == "/" and b == 0
            else Cash(a.cents * b if op == "*" else a.cents / b, a.currency)
        )
    if isinstance(b, Cash) and op == "*" and isinstance(a, Fraction | int):
        return Cash(b.cents * a, b.currency)
    if isinstance(a, Cash) or isinstance(b, Cash):
        return UNKNOWN  # money plus a bare number has no meaning
    if op == "/" and b == 0:
        return UNKNOWN
    return {
        "+": lambda: a + b,
        "-": lambda: a - b,
        "*": lambda: a * b,
        "/": lambda: Fraction(a) / Fraction(b),
    }[op]()


def evaluate(expr, scope: Scope, reading: Reading | None = None) -> Any:
    reading = reading if reading is not None else Reading()

    def ev(e) -> Any:
        kind = e.kind
        if kind in ("bool", "number", "text", "date", "duration", "money"):
            return literal_value(e)
        if kind == "name":
            if e.name in scope.attribute_names:
                if e.name in scope.attributes and scope.attributes[e.name] is not None:
                    value = scope.attributes[e.name]
                    reading.used[e.name] = value
                    return value
                if e.name not in reading.missing:
                    reading.missing.append(e.name)
                return UNKNOWN
            if e.name in scope.parameters:
                return scope.parameters[e.name]
            return UNKNOWN
        if kind == "today":
            return scope.today
        if kind == "member_of":
            return scope.sits_in(e.body)
        if kind == "not":
            v = ev(e.arg)
            return UNKNOWN if v is UNKNOWN else not v
        if kind == "and":
            values = [ev(a) for a in e.args]
            if any(v is False for v in values):
                return False
            return UNKNOWN if any(v is UNKNOWN for v in values) else True
        if kind == "or":
            values = [ev(a) for a in e.args]
            if any(v is True for v in values):
                return True
            return UNKNOWN if any(v is UNKNOWN for v in values) else False
        if kind == "compare":
            a, b = ev(e.left), ev(e.right)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return _compare(e.op, a, b)
        if kind == "in":
            a = ev(e.arg)
            if a is UNKNOWN:
                return UNKNOWN
            return any(_compare("=", a, ev(item)) for item in e.items)
        if kind == "arith":
            a, b = ev(e.left), ev(e.right)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return _arith(e.op, a, b)
        if kind == "call":
            values = [ev(a) for a in e.args]
            if any(v is UNKNOWN for v in values):
                return UNKNOWN
            pick = min if e.function == "min" else max
            key = (lambda v: v.cents) if isinstance(values[0], Cash) else None
            return pick(values, key=key)
        raise AssertionError(kind)  # pragma: no cover - the model has no other kind

    return ev(expr)


def holds(expr, scope: Scope, reading: Reading | None = None) -> bool:
    """A condition at the top: unknown counts as false."""
    return evaluate(expr, scope, reading) is True
