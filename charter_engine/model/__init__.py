"""The compiled charter as pydantic models (serialisable to JSON and back)."""

from .charter import (
    ATTRIBUTE_TYPES,
    Amendments,
    Attribute,
    Body,
    Bound,
    Budget,
    CharterModel,
    College,
    Condition,
    Consultation,
    Envelope,
    Parameter,
    Population,
    ProposerRule,
    Rule,
    SecondCall,
    ShareTest,
    Test,
    TimeTest,
    Window,
)
from .expr import (
    And,
    Arith,
    BoolLit,
    Call,
    Compare,
    DateLit,
    DurationLit,
    Expr,
    In,
    MemberOf,
    MoneyLit,
    Name,
    Not,
    NumberLit,
    Or,
    TextLit,
    Today,
)
from .values import Duration, Money, Rational, Span

__all__ = [
    "ATTRIBUTE_TYPES", "Amendments", "And", "Arith", "Attribute", "Body", "BoolLit", "Bound",
    "Budget", "Call", "CharterModel", "College", "Compare", "Condition", "Consultation",
    "DateLit", "Duration", "DurationLit", "Envelope", "Expr", "In", "MemberOf", "Money",
    "MoneyLit", "Name", "Not", "NumberLit", "Or", "Parameter", "Population", "ProposerRule",
    "Rational", "Rule", "SecondCall", "ShareTest", "Span", "Test", "TextLit", "TimeTest",
    "Today", "Window",
]
