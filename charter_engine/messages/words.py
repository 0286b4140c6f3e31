"""What every language's renderer does: turn a typed argument into words, and a template into a
sentence. A language (en.py, fr.py) subclasses `Words`, names its words and writes its
templates; adding a language is one more such module, and touches no evaluator.

A template is either a `str.format` string whose fields are formatted by type (a comparator in
words, a duration with its unit, a time as a date or an ISO time, a population in words, a list
joined), or a function `(args, words) -> str` for sentences that need grammar. Format specs:

- `{n:|ballot|ballots}`: the number and the noun, singular or plural as the language says;
- `{at:iso}`: a time in full ISO 8601 (`2024-01-10T00:00:00Z`), even at midnight;
- `{share:%}`: a fraction as an exact percentage (`66.5%`); `{share:~%}` rounded for the eye;
- `{ids}`: a list of ids, each in backticks.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ..decision import Code, Figure, Ids, OptionResult, Quote
from ..model import Base, Comparator, Count, Duration, Money, Population, PopulationBase, Test
from ..model.expr import fraction_text, percent_text

Template = str | Callable[[dict[str, Any], "Words"], str]


class Words:
    """The words of one language (subclasses fill the tables and the templates)."""

    code: str  # "en", "fr"
    MESSAGES: dict[str, Template]
    COMPARATORS: dict[Comparator, str]
    COUNTS: dict[str, str]  # counts and bases, as the tests name them
    POPULATIONS: dict[PopulationBase, str]
    UNITS: dict[str, tuple[str, str]]  # duration unit -> (singular, plural)
    AND: str  # the word between the last two items of a list
    OF: str  # `10% of 50`
    UNKNOWN = "?"

    def __init__(self) -> None:
        self._formatter = _Formatter(self)

    # ------------------------------------------------------------------ sentences
    def render(self, template: Template, args: dict[str, Any]) -> str:
        if callable(template):
            return template(args, self)
        return self._formatter.format(template, **args)

    def fill(self, template: str, **args: Any) -> str:
        """A template of a renderer's own, filled by type (for callable templates)."""
        return self._formatter.format(template, **args)

    # ------------------------------------------------------------------ values
    def value(self, v: Any, spec: str = "") -> str:  # noqa: C901 - a dispatch on types
        if spec.startswith("|"):
            one, _, many = spec[1:].partition("|")
            return f"{v} {one if self.singular(v) else many}"
        if v is None:
            return self.UNKNOWN
        if isinstance(v, Code):
            return f"`{v}`"
        if isinstance(v, Quote):
            return self.quote(v)
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, Comparator):
            return self.COMPARATORS[v]
        if isinstance(v, PopulationBase):
            return self.POPULATIONS[v]
        if isinstance(v, Count | Base):
            return self.COUNTS.get(v.value, v.value)
        if isinstance(v, int):
            return str(v)
        if isinstance(v, Fraction):
            if spec == "~%":
                return self.approx_percent(v)
            return self.percent(v) if spec == "%" else self.fraction(v)
        if isinstance(v, Duration):
            return self.duration(v)
        if isinstance(v, Money):
            return self.money(v)
        if isinstance(v, dt.datetime):
            return self.iso(v) if spec == "iso" else self.moment(v)
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, Population):
            return self.population(v)
        if isinstance(v, Test):
            return self.test_spec(v)
        if isinstance(v, Ids):
            return self.join([f"`{i}`" for i in v])
        if isinstance(v, list | tuple):
            return self.join([self.value(i, spec) for i in v])
        if isinstance(v, OptionResult):
            return self.option(v)
        if isinstance(v, Figure):
            return self.figure_of(v)
        return str(v)

    def singular(self, n: Any) -> bool:
        return n == 1

    def join(self, items: list[str]) -> str:
        if not items:
            return "—"
        return ", ".join(items)

    def quote(self, text: str) -> str:
        return f"“{text}”"

    @staticmethod
    def fraction(v: Fraction) -> str:
        return fraction_text(v)

    def percent(self, v: Fraction) -> str:
        """`133/200` as `66.5%` (a language may write its decimals otherwise)."""
        return percent_text(v)

    def share(self, v: Fraction | str) -> str:
        """An exact weighted share, and its percentage to two decimals for the eye:
        `5/9 ≈ 55.56%` (the exact fraction decides; the percentage is only shown)."""
        v = Fraction(v)
        return str(v) if v.denominator == 1 else f"{v} ≈ {self.approx(float(v) * 100)}"

    def approx(self, pct: float) -> str:
        return f"{pct:.2f} %"

    def approx_percent(self, v: Fraction) -> str:
        """A share for the eye: `90%`, `89.999%`, `33.33%` (four significant digits)."""
        pct = v * 100
        return self.percent(v) if pct.denominator == 1 else f"{float(pct):.4g}%"

    def duration(self, d: Duration) -> str:
        one, many = self.UNITS[d.unit]
        return f"{d.amount} {one if self.singular(d.amount) else many}"

    def money(self, m: Money) -> str:
        return str(m)

    @staticmethod
    def iso(moment: dt.datetime) -> str:
        return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")

    def moment(self, moment: dt.datetime) -> str:
        """A day when the time is midnight UTC, else the ISO time."""
        if moment.time() == dt.time(0) and moment.utcoffset() == dt.timedelta(0):
            return moment.date().isoformat()
        return self.iso(moment)

    def population(self, pop: Population) -> str:
        raise NotImplementedError

    def test_spec(self, t: Test, amount: Any = None) -> str:
        """A rule's test in words (`quorum: at least 1/3 of members`), with the amount in
        force when it is a parameter's."""
        raise NotImplementedError

    def test(self, t: Any) -> str:
        """A test's figures and verdict (a TestResult)."""
        raise NotImplementedError

    def missing(self, keys: list[str]) -> str:
        """The dates a proposal does not give (`announced`, `opens`, `closes`)."""
        raise NotImplementedError

    def figure_of(self, f: Figure) -> str:
        shown = self.percent(f.amount) if f.percent else self.fraction(f.amount)
        if f.parameter:
            shown = f"{self.parameter(f.parameter)} = {shown}"
        return shown + (f" {self.OF} {f.of}" if f.of is not None else "")

    def parameter(self, name: str) -> str:
        return name

    def option(self, o: OptionResult) -> str:
        figure = o.majority_grade if o.majority_grade is not None else o.approvals
        if figure is None:
            figure = o.value
        return f"{o.rank}. `{o.option}`" + (f" ({figure})" if figure is not None else "")


class _Formatter(string.Formatter):
    def __init__(self, words: Words) -> None:
        super().__init__()
        self.words = words

    def format_field(self, value: Any, format_spec: str) -> str:
        return self.words.value(value, format_spec)
