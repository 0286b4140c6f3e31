"""Budgets (design §7): allocation rounds and support budgets, judged on the facts of a case.

`judge(ctx)` picks the budget the case names and hands it to allocation.py (envelopes,
windows, overfunding, the `funded:` test) or support.py (supports, the `fundable:` test,
reimbursement claims). What both share has a module of its own: windows.py, projects.py (the
review of projects), facts.py (the order of events, populations, parameters), thresholds.py,
and texts.py (money as the result's fields write it).

Choices where the design is silent (also in docs/language.md §14 and §20):

- Windows. Both ends are inclusive. A bound given as a day (a date, or a meeting given without a
  time of day, i.e. at 00:00 UTC) covers that whole day; a bound with a time of day is exact.
  So with `meeting: 2018-12-15`, `allocations: from 14 days before meeting until meeting`
  accepts allocations from 2018-12-01 00:00 to 2018-12-15 23:59:59, and a project proposed on
  2018-12-01 is still within `proposals: … until 14 days before meeting`. A bound relative to
  the meeting needs `round.meeting`; without it the case is refused (CaseError at
  `$.round.meeting`), also for `round: permanent`, which normally declares no window.
- Order. Allocations, supports and claims are taken in the order of `at`, then of their place in
  the list; an item without `at` takes the time of the item before it in the list (so a list
  without times is taken as written).
- Unknown people (not among the case's members) are refused with a reason, like ballots from
  outside the electorate (design §4): a proposer, an allocating member, a supporter, a claimant.
  Malformed facts (a bad amount, a bad date, an unknown key, an unknown budget, a missing date
  that a window or a yearly envelope needs) are a CaseError with the JSON path.
- A project id given twice: the first stands, the later ones are refused.
- `may propose:` absent: any member may propose. `members` in a budget's population (which has
  no body) means every member.
"""

from __future__ import annotations

from ... import model as m
from ...decision import BudgetResult, Reason
from ...diagnostics import CaseError, Diagnostic, did_you_mean
from ..context import BudgetContext
from .allocation import judge_allocations
from .support import judge_support


def find_budget(ctx: BudgetContext) -> m.Budget:
    budgets = {b.id: b for b in ctx.charter.model.budgets}
    name = ctx.case.budget
    if name not in budgets:
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.unknown_budget",
                    f"the charter has no budget `{name}`",
                    did_you_mean(name, budgets)
                    or (
                        "the charter's budgets are " + ", ".join(f"`{b}`" for b in budgets)
                        if budgets
                        else "the charter declares no budget"
                    ),
                    path="$.budget",
                )
            ]
        )
    return budgets[name]


def judge(ctx: BudgetContext) -> BudgetResult:
    budget = find_budget(ctx)
    kind = budget.kind
    result = BudgetResult(budget=budget.id, budget_kind=kind)
    result.reasons.append(
        Reason(
            code="budget.round",
            cite=budget.cite,
            args={
                "budget": budget.id,
                "kind": kind,
            },
        )
    )
    if kind == "allocation":
        judge_allocations(ctx, budget, result)
    else:
        judge_support(ctx, budget, result)
    return result
