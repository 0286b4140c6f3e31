"""Is an open vote already decided? (design §4: `pending`, unless no ballot still possible can
change the outcome).

Who can still act: with changeable ballots (the default) every member of the potential electorate
may vote or change their ballot until the close; with `ballots: final`, only those who have not
voted. A standing objection may also still be withdrawn (or ruled invalid) before the close.

Certainly adopted. The proposal passes iff every test passes, and each test is a linear
inequality over the counts (`for - 2/3·expressed >= 0`, `objections <= 0`, ...) plus "the base is
not empty". A test can fail in some completion iff it fails in the completion that minimises its
own inequality, and that minimum is separable: each remaining voter independently takes the
choice (silent, for, against, abstain, object, block; withdrawing a standing objection) that
lowers it most. So "certainly adopted" is decided exactly, test by test, for every test form.

Certainly not adopted. For the monotone tests of the language (a lower bound on `for`,
`present`, `participation`, `expressed` or `cast`; an upper bound or `none` on `against`,
`abstain`, `objections` or `blocks`; `all of` a base), switching any ballot to `for` never makes a
test fail, so the completion where every remaining voter votes `for` and every standing objection
is withdrawn is the most favourable: if it fails, every completion fails. Where this argument does
not hold (a non-monotone test such as `for: at most …`, or `tie: chair decides`, which can turn a
tie into an adoption), the engine claims certainty only when nobody can act any more.

Weighted rules (§5): the most favourable completion is monotone as well (each college's share of
`for` rises); the least favourable is not separable across colleges, so "certainly adopted" is
claimed only when nobody can act any more. Majority judgment and approval: only then too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from ...model import Base, Choice, Comparator, Test

CHOICES = tuple(Choice)


def monotone(test: Test, quantity: Fraction | None) -> bool:
    if test.comparator is Comparator.ALL:
        return test.count.rises_with_support
    if test.comparator.is_lower_bound:
        return test.count.rises_with_support and (test.base is None or (quantity or 0) <= 1)
    return not test.count.rises_with_support


@dataclass(frozen=True)
class State:
    """A remaining voter as the count sees them now."""

    choice: str | None
    standing: bool  # their objection stands
    present: bool  # counted in `present` now
    inside: bool  # in the electorate now (a `present`-based electorate grows with ballots)
    fixed: bool = False  # a final ballot: only a standing objection can still be withdrawn


def _delta(
    s: State, new: str | None, *, attendance: bool, may_be_present: bool, grows: bool
) -> list[dict[str, int]]:
    """The count changes when a voter in state `s` ends with ballot `new` (None: silent;
    "withdraw": keeps their objection ballot but withdraws it)."""
    d: Counter[str] = Counter()
    if new == "withdraw":
        d["objections"] -= 1
        return [dict(d)]
    if s.choice is not None:
        key = Choice(s.choice).counted_as
        if key != "objections" or s.standing:
            d[key] -= 1
        d["participation"] -= 1
    if new is not None:
        d[Choice(new).counted_as] += 1
        d["participation"] += 1
    d["expressed"] = d["for"] + d["against"]
    d["cast"] = d["expressed"] + d["abstain"]
    if new is not None and not s.inside and grows:
        d["voters"] += 1
    if s.present:
        return [dict(d)]
    out = []
    if not attendance:
        if new is not None:
            d["present"] += 1
        return [dict(d)]
    out.append(dict(d))
    if new is not None and may_be_present:  # a proxy could make them present
        e = dict(d)
        e["present"] = e.get("present", 0) + 1
        out.append(e)
    return out


@dataclass
class Condition:
    coef: dict[str, Fraction]
    const: Fraction
    strict: bool


def conditions(test: Test, quantity: Fraction | None, need: int) -> list[Condition]:
    c, b, comp = test.count, test.base, test.comparator
    one = Fraction(1)
    if comp is Comparator.NONE:
        return [Condition({c: -one}, Fraction(0), False)]
    if comp is Comparator.ALL:
        base = cast(Base, b)  # `all of BASE` names its base (the grammar's `test_all`)
        return [
            Condition({c: one, base: -one}, Fraction(0), False),
            Condition({base: one, c: -one}, Fraction(0), False),
            Condition({base: one}, Fraction(0), True),
        ]
    out = []
    if b is None:
        if comp.is_lower_bound:
            out.append(Condition({c: one}, Fraction(-need), False))
        else:
            out.append(Condition({c: -one}, Fraction(need), False))
        return out
    q = Fraction(quantity or 0)
    coef: dict[str, Fraction]
    if comp.is_lower_bound:
        coef = {c: one}
        coef[b] = coef.get(b, 0) - q
    else:
        coef = {c: -one}
        coef[b] = coef.get(b, 0) + q
    out.append(Condition(coef, Fraction(0), comp.strict))
    out.append(Condition({b: one}, Fraction(0), True))  # the base is not empty
    return out


def can_fail(
    test: Test,
    quantity: Fraction | None,
    need: int,
    counts: dict[str, int],
    groups: Counter,
    *,
    attendance: bool,
    may_be_present: bool,
    grows: bool,
) -> bool:
    """Whether some completion makes the test fail (exact: see the module docstring)."""
    for cond in conditions(test, quantity, need):
        value = cond.const + sum(k * counts.get(name, 0) for name, k in cond.coef.items())
        for state, size in groups.items():
            options: list[str | None] = [state.choice] if state.fixed else list(CHOICES)
            if state.choice is None and not state.fixed:
                options.append(None)
            if state.choice == "object" and state.standing:
                options.append("withdraw")
            best = None
            for new in options:
                for d in _delta(
                    state, new, attendance=attendance, may_be_present=may_be_present, grows=grows
                ):
                    v = sum(k * d.get(name, 0) for name, k in cond.coef.items())
                    best = v if best is None or v < best else best
            value += size * (best or 0)
        if value < 0 or (cond.strict and value == 0):
            return True
    return False
