"""Eligibility expressions: a small typed language over member attributes (design §6)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Annotated, Literal, Union

from pydantic import Field

from .values import Duration, Money, Node, Rational, Span


class BoolLit(Node):
    kind: Literal["bool"] = "bool"
    value: bool


class NumberLit(Node):
    kind: Literal["number"] = "number"
    value: Rational
    percent: bool = False  # written `50%`: kept so that explanations can say it back


class TextLit(Node):
    kind: Literal["text"] = "text"
    value: str


class DateLit(Node):
    kind: Literal["date"] = "date"
    value: dt.date


class DurationLit(Node):
    kind: Literal["duration"] = "duration"
    value: Duration


class MoneyLit(Node):
    kind: Literal["money"] = "money"
    value: Money


class Name(Node):
    """An attribute of the member, or a charter parameter (resolved by the checker)."""

    kind: Literal["name"] = "name"
    name: str
    pos: Span | None = None


class Today(Node):
    kind: Literal["today"] = "today"


class MemberOf(Node):
    kind: Literal["member_of"] = "member_of"
    body: str
    pos: Span | None = None


class Not(Node):
    kind: Literal["not"] = "not"
    arg: Expr


class And(Node):
    kind: Literal["and"] = "and"
    args: list[Expr]


class Or(Node):
    kind: Literal["or"] = "or"
    args: list[Expr]


CompareOp = Literal["=", "!=", "<", "<=", ">", ">="]


class Compare(Node):
    kind: Literal["compare"] = "compare"
    op: CompareOp
    left: Expr
    right: Expr
    pos: Span | None = None


class In(Node):
    kind: Literal["in"] = "in"
    arg: Expr
    items: list[Expr]
    pos: Span | None = None


class Arith(Node):
    kind: Literal["arith"] = "arith"
    op: Literal["+", "-", "*", "/"]
    left: Expr
    right: Expr
    pos: Span | None = None


class Call(Node):
    kind: Literal["call"] = "call"
    function: Literal["min", "max"]
    args: list[Expr]
    pos: Span | None = None


Literal_ = Union[BoolLit, NumberLit, TextLit, DateLit, DurationLit, MoneyLit]  # noqa: UP007
Expr = Annotated[
    Union[  # noqa: UP007
        BoolLit,
        NumberLit,
        TextLit,
        DateLit,
        DurationLit,
        MoneyLit,
        Name,
        Today,
        MemberOf,
        Not,
        And,
        Or,
        Compare,
        In,
        Arith,
        Call,
    ],
    Field(discriminator="kind"),
]
LiteralExpr = Annotated[Literal_, Field(discriminator="kind")]

for _model in (Not, And, Or, Compare, In, Arith, Call):
    _model.model_rebuild()


# ---------------------------------------------------------------------- expressions as text
PRECEDENCE = {"or": 1, "and": 2, "not": 3, "compare": 4, "in": 4, "member_of": 4}


def fraction_text(value: Fraction) -> str:
    """An exact figure: `3`, `2/3`."""
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def percent_text(value: Fraction) -> str:
    """An exact share as a percentage: `133/200` as `66.5%`; a share that is no finite decimal
    keeps its fraction: `2/3` as `200/3%`."""
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


def number_text(value: Fraction, percent: bool) -> str:
    """A number as the charter writes it: `3`, `0.9`, `2/3`, `50%`."""
    if percent:
        scaled = value * 100
        return (
            str(scaled.numerator) if scaled.denominator == 1 else format(float(scaled), "g")
        ) + "%"
    if value.denominator == 1:
        return str(value.numerator)
    decimal = value.numerator * 10**6 // value.denominator
    if Fraction(decimal, 10**6) == value and value.denominator in (2, 4, 5, 8, 10, 20, 25, 50, 100):
        return format(float(value), "g")
    return f"{value.numerator}/{value.denominator}"


def source(e, parent: int = 0) -> str:
    """The expression as a charter writer would write it (for explanations and the formatter)."""
    kind = e.kind
    if kind == "bool":
        return "true" if e.value else "false"
    if kind == "number":
        return number_text(e.value, e.percent)
    if kind == "text":
        return '"' + e.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if kind == "date":
        return e.value.isoformat()
    if kind in ("duration", "money"):
        return str(e.value)
    if kind == "name":
        return e.name
    if kind == "today":
        return "today"
    if kind == "member_of":
        return f"member of {e.body}"
    own = PRECEDENCE.get(kind, 5)
    if kind == "not":
        out = "not " + source(e.arg, own)
    elif kind in ("and", "or"):
        out = f" {kind} ".join(source(a, own + 1 if kind == "and" else own) for a in e.args)
    elif kind == "compare":
        out = f"{source(e.left, own + 1)} {e.op} {source(e.right, own + 1)}"
    elif kind == "in":
        out = f"{source(e.arg, own + 1)} in [{', '.join(source(i) for i in e.items)}]"
    elif kind == "arith":
        own = 5 if e.op in "+-" else 6
        out = f"{source(e.left, own)} {e.op} {source(e.right, own + 1)}"
    elif kind == "call":
        return f"{e.function}({', '.join(source(a) for a in e.args)})"
    else:  # pragma: no cover
        raise AssertionError(kind)
    return f"({out})" if own < parent else out
