"""Exact values of the charter language: rationals, money, durations, source spans.

Thresholds are `fractions.Fraction` from the parser to the decision: a float never decides an
outcome. Money is integer cents with its currency. In JSON, a fraction is the string "2/3".
"""

import calendar
import datetime as dt
from fractions import Fraction
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema


def _to_fraction(value: object) -> Fraction:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError) as exc:
            raise ValueError(f"`{value}` is not an exact number") from exc
    raise ValueError('expected an exact number such as 2, "0.9" or "2/3"')


Rational = Annotated[
    Fraction,
    PlainValidator(_to_fraction),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": r"^-?\d+(\.\d+)?(/\d+)?$",
            "examples": ["2/3", "1", "0.9"],
        }
    ),
]


class Node(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Node):
    """Where a clause stands in the source (1-based lines and columns)."""

    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


class Money(Node):
    cents: int
    currency: str

    @classmethod
    def parse(cls, text: str) -> "Money":
        amount, currency = text.split()
        return cls(cents=int(Fraction(amount) * 100), currency=currency)

    def __str__(self) -> str:
        units, cents = divmod(abs(self.cents), 100)
        sign = "-" if self.cents < 0 else ""
        return f"{sign}{units}{f'.{cents:02d}' if cents else ''} {self.currency}"


DurationUnit = Literal["day", "week", "month", "year"]
_Moment = TypeVar("_Moment", dt.datetime, dt.date)  # add_to gives back what it is given


class Duration(Node):
    amount: int
    unit: DurationUnit

    @classmethod
    def parse(cls, text: str) -> "Duration":
        amount, unit = text.split()
        return cls(amount=int(amount), unit=unit.rstrip("s"))

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"

    def days_at_least(self) -> int:
        """A lower bound in days (months count 28, years 365): for static checks only."""
        return self.amount * {"day": 1, "week": 7, "month": 28, "year": 365}[self.unit]

    def add_to(self, moment: _Moment, sign: int = 1) -> _Moment:
        """Calendar arithmetic: a month after 31 January is the last day of February."""
        if self.unit in ("day", "week"):
            days = self.amount * (7 if self.unit == "week" else 1)
            return moment + dt.timedelta(days=sign * days)
        months = self.amount * (12 if self.unit == "year" else 1) * sign
        year, month0 = divmod(moment.month - 1 + months, 12)
        year += moment.year
        day = min(moment.day, calendar.monthrange(year, month0 + 1)[1])
        return moment.replace(year=year, month=month0 + 1, day=day)
