"""Support budgets (design §7, seed 000): eligible voters support actions (approval, once
each); an action is fundable when its distinct supporters meet `fundable:`; each supporter is
committed to run it, and is reimbursed up to the action's goal while the budget's `total` has
room, without touching any envelope.

One pass over the supports and one over the claims, in order (`at`, then list position), O(1)
work each with population membership computed once per member.

Choices where the design is silent (also in docs/language.md §14 and §20):

- A claim that would pass what is left of the budget's `total` is refused WHOLE (not cut): a
  reimbursement claim is an expense already made, and paying part of it silently would leave the
  group out of pocket without a decision; the group can file a smaller claim, and a later,
  smaller claim that still fits is valid. A refused claim takes nothing from the total.
- The same for the per-supporter limit: a supporter's claims on one action add up, and the
  claim that would take them past the action's goal is refused whole.
- Without a `reimburse:` clause a support budget reimburses nothing: every claim is refused.
  Without `total:` there is no overall limit.
- Without a `fundable:` clause an action is fundable with at least one supporter.
- A `fundable:` threshold written as a share (`supporters at least 10%`, or a parameter whose
  value is not a whole number) is a share of the `voters:` population.
- The threshold named by a parameter is the value in force: the case's `parameters` override the
  charter's default.
- Refused supports are listed among the result's reasons (a BudgetResult has no list of its own
  for them); a claim is identified by its `id`, else by its claimant.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, cast

from ... import model as m
from ...decision import BudgetResult, Figure, ProjectResult, Reason
from ..context import BudgetContext
from .facts import Eligible, in_order, parameter_number
from .projects import ProjectState, rejected_ids, rejection, review_projects
from .texts import money_text
from .windows import resolve_window, window_reason

SHOWN_SUPPORTERS = 10


def _threshold(
    ctx: BudgetContext, budget: m.Budget, voters: Eligible
) -> tuple[m.Comparator, Fraction, Figure]:
    """(comparator, the bound the count of supporters is compared with, the figure)."""
    test = budget.fundable
    if test is None:
        return m.Comparator.AT_LEAST, Fraction(1), Figure(amount=Fraction(1))
    if test.parameter is not None:
        value = parameter_number(ctx, test.parameter)
        percent = False
    else:
        # a test without a parameter gives its amount (the grammar's `share_test`)
        value, percent = Fraction(cast(Fraction, test.amount)), test.percent
    figure = Figure(amount=value, percent=percent, parameter=test.parameter)
    if percent or value.denominator != 1:
        size = voters.size()
        figure.of = size
        return test.comparator, value * size, figure
    return test.comparator, value, figure


def judge_support(ctx: BudgetContext, budget: m.Budget, result: BudgetResult) -> None:
    case = ctx.case
    cites = budget.cites
    meeting = case.round.meeting if case.round is not None else None
    proposals = resolve_window(budget.proposals, meeting)
    result.reasons.extend(window_reason("proposals", proposals))
    currency = budget.total.currency if budget.total is not None else None
    projects = review_projects(ctx, budget, currency, proposals, result)
    refused_projects = rejected_ids(result)
    for a in case.allocations:
        result.rejected_allocations.append(
            rejection(
                a.member,
                a.project,
                "budget.allocation.not_allocation_budget",
                {"budget": budget.id},
            )
        )

    # ------------------------------------------------------------------ supports
    voters = Eligible(ctx, budget.voters)
    who = voters.population()
    members = ctx.members
    supports = case.supports
    for i in in_order(supports):
        s = supports[i]
        voter, pid = s.voter, s.project
        state = projects.get(pid)
        code = None
        if state is None:
            code = (
                "budget.support.rejected_project"
                if pid in refused_projects
                else "budget.support.unknown_project"
            )
        elif voter not in members:
            code = "budget.support.unknown_member"
        elif voter not in voters:
            code = "budget.support.not_voter"
        elif voter in state.supporters:
            code = "budget.support.repeated"
        else:
            state.supporters.add(voter)
            continue
        cite = cites.get("voters") if code == "budget.support.not_voter" else cites.get("support")
        result.rejected_supports.append(
            rejection(voter, pid, code, {"voter": voter, "who": who, "cite": cite})
        )

    # ------------------------------------------------------------------ fundable
    comparator, bound, figure = _threshold(ctx, budget, voters)
    needed = comparator.needed(bound)
    fundable: set[str] = set()
    for pid, state in projects.items():
        count = len(state.supporters)
        ok = comparator.holds(count, bound)
        args: dict[str, Any] = {
            "project": pid,
            "supporters": count,
            "comparator": comparator,
            "threshold": figure,
            "needed": needed,
        }
        if ok:
            fundable.add(pid)
            result.fundable.append(pid)
            shown = sorted(state.supporters)[:SHOWN_SUPPORTERS]
            more = count - len(shown)
            args |= {"who": shown, "more": more}
        result.reasons.append(
            Reason(
                code="budget.project.fundable" if ok else "budget.project.not_fundable",
                cite=cites.get("fundable"),
                args=args,
            )
        )

    _claims(ctx, budget, projects, fundable, (comparator, figure), result)

    for pid, state in projects.items():
        goal_currency = state.project.goal.currency
        result.projects.append(
            ProjectResult(
                id=pid,
                goal=str(state.project.goal),
                supporters=len(state.supporters),
                fundable=pid in fundable,
                reimbursed=money_text(state.reimbursed, goal_currency),
            )
        )


def _claims(
    ctx: BudgetContext,
    budget: m.Budget,
    projects: dict[str, ProjectState],
    fundable: set[str],
    rule: tuple[m.Comparator, Figure],
    result: BudgetResult,
) -> None:
    cites = budget.cites
    total = budget.total
    used = 0
    claimed: dict[tuple[str, str], int] = {}
    refused_projects = rejected_ids(result)
    claims = ctx.case.claims
    for i in in_order(claims):
        c = claims[i]
        cid, by, pid, amount = c.id or c.by, c.by, c.project, c.amount
        state = projects.get(pid)
        code: str | None = None
        args: dict[str, Any] = {"by": by, "amount": amount}
        if not budget.reimburse_goal_per_supporter:
            code, args["budget"] = "budget.claim.no_reimbursement", budget.id
        elif state is None:
            code = (
                "budget.claim.rejected_project"
                if pid in refused_projects
                else "budget.claim.unknown_project"
            )
        elif by not in state.supporters:
            code, args["cite"] = "budget.claim.not_supporter", cites.get("support")
        elif pid not in fundable:
            code = "budget.claim.not_fundable"
            args |= {
                "supporters": len(state.supporters),
                "comparator": rule[0],
                "threshold": rule[1],
                "cite": cites.get("fundable"),
            }
        elif amount.currency != state.project.goal.currency:
            code, args["expected"] = "budget.claim.currency", state.project.goal.currency
        elif amount.cents <= 0:
            code = "budget.claim.not_positive"
        else:
            goal, cur = state.goal, amount.currency
            before = claimed.get((by, pid), 0)
            if before + amount.cents > goal:
                code = "budget.claim.over_goal"
                args |= {
                    "claimed": m.Money(cents=before, currency=cur),
                    "goal": m.Money(cents=goal, currency=cur),
                    "left": m.Money(cents=max(goal - before, 0), currency=cur),
                    "cite": cites.get("reimburse"),
                }
            elif total is not None and used + amount.cents > total.cents:
                code = "budget.claim.total_exhausted"
                args |= {
                    "left": m.Money(cents=total.cents - used, currency=cur),
                    "total": total,
                    "cite": cites.get("total"),
                }
            else:
                claimed[(by, pid)] = before + amount.cents
                used += amount.cents
                state.reimbursed += amount.cents
                result.valid_claims.append(cid)
                continue
        result.rejected_claims.append(rejection(cid, pid, code, args))
