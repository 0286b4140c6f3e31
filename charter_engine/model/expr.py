"""Eligibility expressions: a small typed language over member attributes (design §6)."""

from __future__ import annotations

import datetime as dt
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
