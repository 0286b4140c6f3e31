"""Allocation rounds (design §7): members allocate their envelopes to projects.

One pass over the allocations in order (`at`, then list position), O(1) work per allocation
with the envelope of each member computed once: cost grows linearly with allocations (plus the
sort by time).

Choices where the design is silent (also in docs/language.md §14 and §20):

- An allocation beyond what is left of the member's envelope is CUT to what is left (the
  envelope is never overspent; as in Cobudget, where a member cannot give more than their
  balance); when nothing is left it is refused. A cut or refused allocation is listed in
  `rejected_allocations` (with `cut_to` when cut) and the reason says which limit applied.
- With `overfunding: no`, an allocation that would pass the project's goal is cut to what is
  missing (design §7); a project already at its goal refuses further allocations. When both
  limits apply, the smaller wins and the reason names it.
- `per year` / `per month`: one envelope per calendar year / month of the allocation's date
  (UTC), for a permanent fund as for a round; unspent money is not carried over. Without a
  period, one envelope for the whole round.
- An envelope computed by an expression is rounded down to the cent (money moves in cents); a
  negative result is an empty envelope. A member record lacking an attribute the expression or
  its `where` reads holds no envelope, and the reason names the attribute.
- No `envelope:` clause: members allocate without an envelope limit (only `voters:`, if given,
  and the goal limit apply).
- `voters:` in an allocation budget, if given, further restricts who allocates.
- An allocation dated before its project was proposed (by day) is refused.
- The `funded:` test is applied to what the accepted (and cut) allocations bring, exactly
  (fractions of a cent, never floats); without a `funded:` clause a project is funded at 100 %
  of its goal. The share may be a parameter (`allocated at least part of goal`): its value in
  force, the case's `parameters` overriding the charter's. Asked before the allocations window closes (`at` of the case), the result is
  marked provisional.
"""

from __future__ import annotations

import datetime as dt
import sys
from fractions import Fraction
from typing import Any, cast

from ... import model as m
from ...decision import BudgetResult, Code, Figure, ProjectResult, Reason
from ...model.expr import source as expr_text
from ..context import BudgetContext
from ..expressions import Cash, Reading, evaluate
from .facts import Eligible, in_order, missing_date, parameter_number
from .projects import ProjectState, rejected_ids, rejection, review_projects
from .texts import money_text
from .windows import resolve_window, window_reason

UNLIMITED = None


def _static_currency(expr) -> str | None:
    """The currency written in the envelope expression (`430 EUR`), if any."""
    if isinstance(expr, m.MoneyLit):
        return expr.value.currency
    for attr in ("left", "right", "arg"):
        child = getattr(expr, attr, None)
        if child is not None:
            found = _static_currency(child)
            if found:
                return found
    for child in getattr(expr, "args", None) or ():
        found = _static_currency(child)
        if found:
            return found
    return None


class Envelopes:
    """Each member's envelope (cents), computed once, or why the member holds none."""

    def __init__(self, ctx: BudgetContext, budget: m.Budget):
        self.ctx = ctx
        self.envelope = budget.envelope
        self.voters = Eligible(ctx, budget.voters) if budget.voters is not None else None
        self.who = self.voters.population() if self.voters is not None else None
        self.cites = budget.cites
        self._cache: dict[str, tuple[int | None, str | None, dict[str, Any] | None]] = {}
        self.currency = (
            _static_currency(self.envelope.amount) if self.envelope is not None else None
        )
        self.text = Code(
            (
                expr_text(self.envelope.amount)
                + (
                    f" where {expr_text(self.envelope.where)}"
                    if self.envelope.where is not None
                    else ""
                )
            )
            if self.envelope is not None
            else ""
        )

    def of(self, member: str) -> tuple[int | None, str | None, dict[str, Any] | None]:
        """(cents or UNLIMITED, the envelope's currency, None) for a holder;
        (None, refusal code, refusal args) for a member who holds no envelope."""
        hit = self._cache.get(member)
        if hit is None:
            hit = self._compute(member)
            self._cache[member] = hit
        return hit

    def _compute(self, member: str):
        if self.voters is not None and member not in self.voters:
            return (
                UNLIMITED,
                "budget.allocation.not_voter",
                {"who": self.who, "cite": self.cites.get("voters")},
            )
        env = self.envelope
        if env is None:
            return UNLIMITED, None, None
        reading = Reading()
        refuse = (
            "budget.allocation.no_envelope",
            {"envelope": self.text, "cite": self.cites.get("envelope")},
        )
        if env.where is not None and not self.ctx.holds(env.where, member, reading):
            return None, refuse[0], {**refuse[1], "missing": list(reading.missing)}
        value = evaluate(env.amount, self.ctx.scope(member), reading)
        if not isinstance(value, Cash):
            return None, refuse[0], {**refuse[1], "missing": list(reading.missing)}
        cents = value.cents.numerator // value.cents.denominator  # rounded down to the cent
        if self.currency is None:
            self.currency = value.currency
        return max(cents, 0), value.currency, None


def _period(period: str | None, at: dt.datetime | None):
    if period is None:
        return None
    assert at is not None  # a yearly or monthly envelope needs the date (missing_date)
    if period == "year":
        return at.year
    return (at.year, at.month)


def _period_text(key) -> str:
    if key is None:
        return ""
    if isinstance(key, int):
        return str(key)
    return f"{key[0]}-{key[1]:02d}"


def judge_allocations(ctx: BudgetContext, budget: m.Budget, result: BudgetResult) -> None:
    case = ctx.case
    cites = budget.cites
    meeting = case.round.meeting if case.round is not None else None
    if budget.round == "permanent" and budget.proposals is None and budget.allocations is None:
        result.reasons.append(Reason(code="budget.permanent", cite=cites.get("round")))
    proposals = resolve_window(budget.proposals, meeting)
    window = resolve_window(budget.allocations, meeting)
    result.reasons.extend(window_reason("proposals", proposals))
    result.reasons.extend(window_reason("allocations", window))

    envelopes = Envelopes(ctx, budget)
    projects = review_projects(ctx, budget, envelopes.currency, proposals, result)
    refused_projects = rejected_ids(result)
    for support in case.supports:
        result.reasons.append(
            Reason(
                code="budget.support.not_support_budget",
                args={"voter": support.voter, "project": support.project, "budget": budget.id},
            )
        )
    for claim in case.claims:
        result.rejected_claims.append(
            rejection(
                claim.id or claim.by,
                claim.project,
                "budget.claim.not_support_budget",
                {"budget": budget.id, "by": claim.by},
            )
        )

    period = budget.envelope.period if budget.envelope is not None else None
    overfunding = budget.overfunding
    needs_date = window is not None or period is not None
    members = ctx.members
    spent: dict[tuple[str, Any], int] = {}
    rejected = result.rejected_allocations
    allocations = case.allocations

    # The facts read once, in list order (memory locality), then taken in order of time.
    intern = sys.intern
    rows = [(intern(a.member), intern(a.project), a.amount, a.at) for a in allocations]
    for i in in_order(allocations):
        member, pid, amount, at = rows[i]
        if needs_date and at is None:
            raise missing_date(
                f"$.allocations[{i}].at",
                "the allocations window" if window is not None else "a yearly or monthly envelope",
            )
        refusal: tuple[str, dict[str, Any]] | None = None
        state: ProjectState | None = projects.get(pid)
        if member not in members:
            refusal = "budget.allocation.unknown_member", {}
        elif window is not None and not window.contains(cast(dt.datetime, at)):  # dated: above
            refusal = (
                "budget.allocation.outside_window",
                {"at": at, **window.bounds, "cite": window.cite},
            )
        elif state is None:
            refusal = (
                (
                    "budget.allocation.rejected_project"
                    if pid in refused_projects
                    else "budget.allocation.unknown_project"
                ),
                {},
            )
        elif (
            at is not None
            and state.project.proposed is not None
            and at.date() < state.project.proposed.date()
        ):
            refusal = (
                "budget.allocation.before_proposed",
                {"at": at, "proposed": state.project.proposed},
            )
        elif amount.cents <= 0:
            refusal = "budget.allocation.not_positive", {"amount": amount}
        if refusal is None:
            assert state is not None  # an unknown project is refused above
            envelope, note, why = envelopes.of(member)
            if why is not None:
                refusal = cast(str, note), why  # with refusal args, `note` is the refusal code
            elif note is not None and amount.currency != note:
                refusal = (
                    "budget.allocation.currency",
                    {"amount": amount, "expected": note, "cite": cites.get("envelope")},
                )
            elif amount.currency != state.project.goal.currency:
                refusal = (
                    "budget.allocation.currency",
                    {"amount": amount, "expected": state.project.goal.currency},
                )
        if refusal is not None:
            code, args = refusal
            rejected.append(rejection(member, pid, code, args))
            continue
        assert state is not None  # as above

        want = amount.cents
        granted = want
        limit = None  # which limit cut the allocation: "envelope" or "goal"
        key = None
        if envelope is not UNLIMITED:
            key = (member, _period(period, at))
            left = envelope - spent.get(key, 0)
            if left < granted:
                granted, limit = left, "envelope"
        if not overfunding:
            missing = state.goal - state.allocated
            if missing < granted:
                granted, limit = missing, "goal"
        if limit is not None:
            currency = amount.currency
            args = {"amount": amount}
            if limit == "envelope":
                args |= {
                    "envelope": m.Money(cents=envelope, currency=currency),
                    "left": m.Money(cents=max(left, 0), currency=currency),
                    "period": _period_text(_period(period, at)) or None,
                    "cite": cites.get("envelope"),
                }
            else:
                args |= {
                    "goal": m.Money(cents=state.goal, currency=currency),
                    "cite": cites.get("overfunding"),
                }
            if granted <= 0:
                code = (
                    "budget.allocation.envelope_spent"
                    if limit == "envelope"
                    else "budget.allocation.goal_reached"
                )
                rejected.append(rejection(member, pid, code, args))
                continue
            code = (
                "budget.allocation.cut_envelope"
                if limit == "envelope"
                else "budget.allocation.cut_goal"
            )
            args["cut_to"] = m.Money(cents=granted, currency=currency)
            cut = rejection(member, pid, code, args)
            cut.cut_to = money_text(granted, currency)
            rejected.append(cut)
        if key is not None:
            spent[key] = spent.get(key, 0) + granted
        state.allocated += granted

    _funded(ctx, budget, projects, result)
    _envelopes_left(ctx, envelopes, period, spent, result)
    if window is not None and case.at is not None and case.at < window.last:
        result.reasons.append(
            Reason(code="budget.provisional", cite=window.cite, args={"end": window.end})
        )


def _funded(
    ctx: BudgetContext, budget: m.Budget, projects: dict[str, ProjectState], result: BudgetResult
) -> None:
    test = budget.funded
    comparator = test.comparator if test is not None else m.Comparator.AT_LEAST
    share = Fraction(1)
    if test is not None and test.amount is not None:
        share = Fraction(test.amount)
    parameter = test.parameter if test is not None else None
    if parameter is not None:
        share = parameter_number(ctx, parameter)
    figure = Figure(amount=share, percent=True, parameter=parameter)
    cite = budget.cites.get("funded")
    for pid, state in projects.items():
        goal, currency = state.goal, state.project.goal.currency
        bound = share * goal  # exact, in (fractions of) cents
        funded = comparator.holds(state.allocated, bound)
        needed = comparator.needed(bound)
        result.projects.append(
            ProjectResult(
                id=pid,
                goal=str(state.project.goal),
                allocated=money_text(state.allocated, currency),
                funded=funded,
            )
        )
        (result.funded if funded else result.not_funded).append(pid)
        result.reasons.append(
            Reason(
                code="budget.project.funded" if funded else "budget.project.not_funded",
                cite=cite,
                args={
                    "project": pid,
                    "allocated": m.Money(cents=state.allocated, currency=currency),
                    "goal": m.Money(cents=goal, currency=currency),
                    "share": Fraction(state.allocated, goal) if goal else None,
                    "comparator": comparator,
                    "threshold": figure,
                    "needed": m.Money(cents=max(needed, 0), currency=currency),
                },
            )
        )


def _envelopes_left(
    ctx: BudgetContext,
    envelopes: Envelopes,
    period: str | None,
    spent: dict[tuple[str, Any], int],
    result: BudgetResult,
) -> None:
    """What is left in each envelope: every holder for a round envelope; for a yearly or
    monthly one, every period a member allocated in (plus the period of the case's `at`)."""
    if envelopes.envelope is None:
        return
    keys: list[tuple[str, Any]] = []
    if period is None:
        keys = [(mid, None) for mid in ctx.members]
    else:
        keys = list(spent)
        if ctx.case.at is not None:
            now = _period(period, ctx.case.at)
            keys += [(mid, now) for mid in ctx.members if (mid, now) not in spent]
    out = result.envelopes
    for mid, pkey in keys:
        cents, currency, why = envelopes.of(mid)
        if why is not None or cents is UNLIMITED:
            continue
        label = mid if pkey is None else f"{mid} {_period_text(pkey)}"
        # a holder's envelope has its currency
        out[label] = money_text(cents - spent.get((mid, pkey), 0), cast(str, currency))
