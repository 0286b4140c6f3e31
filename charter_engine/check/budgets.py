"""Budgets (design §7): windows that open before they close, and clauses that need each other."""

from __future__ import annotations

from ..model import Bound, Budget, Comparator, Window
from .context import Context

MEETING_HELP = (
    "a window runs forward in time: `from 30 days before meeting until 14 days before meeting`"
)


def _offset(bound: Bound) -> tuple[int, int] | None:
    """Days from the meeting, as an interval (a month is 28–31 days, a year 365–366)."""
    if bound.kind == "meeting":
        return 0, 0
    if bound.kind != "relative" or bound.offset is None:
        return None
    d = bound.offset
    per = {"day": (1, 1), "week": (7, 7), "month": (28, 31), "year": (365, 366)}[d.unit]
    lo, hi = d.amount * per[0], d.amount * per[1]
    return (-hi, -lo) if bound.direction == "before" else (lo, hi)


def _order(start: Bound, end: Bound) -> str | None:
    """'before' when `end` is surely earlier than `start`, 'same' when equal, else None."""
    if start.kind == "date" and end.kind == "date" and start.date and end.date:
        if end.date < start.date:
            return "before"
        return "same" if end.date == start.date else None
    a, b = _offset(start), _offset(end)
    if a is None or b is None:
        return None  # a date against a bound relative to the meeting: known per round only
    if b[1] < a[0]:
        return "before"
    if a[0] == a[1] == b[0] == b[1]:
        return "same"
    return None


def _bound_text(bound: Bound) -> str:
    if bound.kind == "meeting":
        return "meeting"
    if bound.kind == "date":
        return str(bound.date)
    return f"{bound.offset} {bound.direction} meeting"


def _check_window(ctx: Context, budget: Budget, key: str, window: Window) -> None:
    order = _order(window.start, window.end)
    text = f"from {_bound_text(window.start)} until {_bound_text(window.end)}"
    span = budget.spans.get(key) or window.pos or budget.pos
    if order == "before":
        ctx.error(
            "window.reversed",
            f"the `{key}` window of budget `{budget.id}` ends before it starts: `{text}`",
            span,
            "swap the two bounds, or fix one: " + MEETING_HELP,
        )
    elif order == "same":
        ctx.error(
            "window.empty",
            f"the `{key}` window of budget `{budget.id}` is empty: `{text}`",
            span,
            "a window needs time between its start and its end, e.g. `from 14 days "
            "before meeting until meeting`",
        )


def windows(ctx: Context) -> None:
    for budget in ctx.model.budgets:
        for key in ("proposals", "allocations"):
            window = getattr(budget, key)
            if window is not None:
                _check_window(ctx, budget, key, window)
        p, a = budget.proposals, budget.allocations
        if p is not None and a is not None and _order(p.end, a.end) == "before":
            ctx.warning(
                "window.order",
                f"in budget `{budget.id}` proposals close after allocations close: "
                f"projects proposed from {_bound_text(a.end)} to {_bound_text(p.end)} "
                "can get no money",
                budget.spans.get("proposals") or p.pos,
                "close proposals no later than allocations",
            )
        if budget.round == "permanent":
            for key in ("proposals", "allocations"):
                if getattr(budget, key) is not None:
                    ctx.warning(
                        "window.permanent",
                        f"budget `{budget.id}` has `round: permanent`, so its `{key}:` "
                        "window relative to a meeting never applies",
                        budget.spans.get(key) or budget.pos,
                        f"remove `{key}:` or use `round: meeting`",
                    )


def clauses_needed(ctx: Context) -> None:
    for b in ctx.model.budgets:
        span = b.spans.get
        if b.funded is not None and b.envelope is None:
            ctx.error(
                "budget.funded_without_envelope",
                f"budget `{b.id}` says when a project is `funded:` but has no `envelope:` "
                "to allocate",
                span("funded") or b.pos,
                "add `envelope: 100 EUR per member`, or use `support: approval` and `fundable:`",
            )
        if b.fundable is not None and b.support is None and b.voters is None:
            ctx.error(
                "budget.fundable_without_support",
                f"budget `{b.id}` has `fundable:` but nobody supports its actions",
                span("fundable") or b.pos,
                "add `support: approval` and `voters: everyone` (or another population)",
            )
        if b.reimburse_goal_per_supporter and b.fundable is None:
            ctx.error(
                "budget.reimburse_without_fundable",
                f"budget `{b.id}` reimburses supporters but never says when an action is fundable",
                span("reimburse") or b.pos,
                "add `fundable: supporters at least 10` (or a parameter)",
            )
        if b.kind == "support" and "overfunding" in b.spans:
            ctx.warning(
                "budget.overfunding_support",
                f"`overfunding:` does not apply to budget `{b.id}`: it is a support "
                "budget, nobody allocates to a goal",
                span("overfunding"),
                "remove `overfunding:`",
            )
        if b.funded is not None:
            _funded_reachable(ctx, b)
        f = b.fundable
        if (
            f is not None
            and f.amount is not None
            and f.comparator is Comparator.FEWER_THAN
            and f.amount <= 0
        ):
            ctx.error(
                "threshold.never_met",
                f"`fundable: supporters fewer than 0` in budget `{b.id}` can never be met",
                f.pos,
                "no count is fewer than 0",
            )
        if (
            b.proposers is not None
            and b.proposers.comparator is Comparator.FEWER_THAN
            and b.proposers.count <= 0
        ):
            ctx.error(
                "threshold.never_met",
                f"`proposers: fewer than 0` in budget `{b.id}` can never be met",
                b.proposers.pos,
                "no count is fewer than 0",
            )


def _funded_reachable(ctx: Context, b: Budget) -> None:
    f = b.funded
    if f is None or f.amount is None:
        return
    amount = f.amount
    scaled = amount * 100
    shown = (
        (f"{scaled.numerator}%" if scaled.denominator == 1 else f"{float(scaled):g}%")
        if f.percent
        else str(amount)
    )
    if f.comparator is Comparator.FEWER_THAN and amount <= 0:
        ctx.error(
            "threshold.never_met",
            f"`funded: allocated fewer than {shown} of goal` in budget `{b.id}` can never be met",
            f.pos,
            "no allocation is below 0",
        )
    elif not b.overfunding and (
        (f.comparator is Comparator.AT_LEAST and amount > 1)
        or (f.comparator is Comparator.MORE_THAN and amount >= 1)
    ):
        ctx.error(
            "threshold.never_met",
            f"`funded: allocated {f.comparator.words} {shown} of goal` in "
            f"budget `{b.id}` can never be met with `overfunding: no`",
            f.pos,
            "a project receives at most its goal: use `at least 100% of goal`, or allow "
            "overfunding",
        )


CHECKS = [windows, clauses_needed]
