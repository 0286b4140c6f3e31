"""What a budget reads from the case: the order of events, who belongs to a population, the
value of a parameter in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ... import model as m
from ...diagnostics import CaseError, Diagnostic
from ..context import BudgetContext


def in_order(items: Sequence[Any]) -> list[int]:
    """Indices in the order of `at`, then list position; an item without `at` takes the time
    of the item before it (the first ones: before everything). Linear when the items are
    already in order (as a service that appends them as they come records them)."""
    floor = dt.datetime.min.replace(tzinfo=dt.UTC)
    keys: list[dt.datetime] = []
    last = floor
    ordered = True
    for item in items:
        at = item.at
        if at is not None:
            if at < last:
                ordered = False
            last = at
        keys.append(last)
    if ordered:
        return list(range(len(items)))
    return sorted(range(len(items)), key=keys.__getitem__)  # stable: ties keep list order


def missing_date(path: str, what: str) -> CaseError:
    return CaseError(
        [
            Diagnostic(
                "error",
                "case.missing_date",
                f"{what} needs a date here",
                "give `at:` (or `proposed:` for a project) as YYYY-MM-DD",
                path=path,
            )
        ]
    )


class Eligible:
    """Membership of a budget population, computed once per member (a budget has no body:
    `members` means every member)."""

    def __init__(self, ctx: BudgetContext, pop: m.Population | None):
        self.ctx = ctx
        if pop is not None and pop.base == "members" and pop.of_body is None:
            pop = pop.model_copy(update={"base": "everyone"})
        self.pop = pop
        self._cache: dict[str, bool] = {}

    def __contains__(self, member_id: str) -> bool:
        hit = self._cache.get(member_id)
        if hit is None:
            if member_id not in self.ctx.members:
                hit = False
            elif self.pop is None:
                hit = True
            else:
                hit = self.ctx.in_population(self.pop, member_id, None)
            self._cache[member_id] = hit
        return hit

    def size(self) -> int:
        return sum(1 for mid in self.ctx.members if mid in self)

    def population(self) -> m.Population:
        """Who belongs, for the reasons (everyone when the budget names no population)."""
        return self.pop if self.pop is not None else m.Population(base=m.PopulationBase.EVERYONE)


def parameter_number(ctx: BudgetContext, name: str) -> Fraction:
    """A parameter's value in force (the case's, else the charter's), as an exact number."""
    if name not in ctx.parameters:
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.missing_parameter",
                    f"the parameter `{name}` has no value: the charter declares none and the case "
                    "gives none",
                    f"give it in `parameters: {{{name}: …}}`",
                    path=f"$.parameters.{name}",
                )
            ]
        )
    value = ctx.parameters[name]
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.parameter_type",
                    f"the parameter `{name}` must be a number here, not `{value}`",
                    path=f"$.parameters.{name}",
                )
            ]
        )
    return Fraction(value)
