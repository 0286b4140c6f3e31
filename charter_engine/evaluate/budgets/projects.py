"""The review of a round's projects: who proposed them, when, for how much."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ... import model as m
from ...case import Project
from ...decision import BudgetResult, Code, Rejection
from ...model.expr import source as expr_text
from ..context import BudgetContext
from .facts import Eligible, missing_date
from .windows import Window


@dataclass
class ProjectState:
    project: Project
    index: int
    goal: int  # cents
    allocated: int = 0
    supporters: set[str] = field(default_factory=set)  # a support budget's
    reimbursed: int = 0


def review_projects(
    ctx: BudgetContext,
    budget: m.Budget,
    currency: str | None,
    window: Window | None,
    result: BudgetResult,
) -> dict[str, ProjectState]:
    """Accepted projects by id; refusals go to result.rejected_projects (every failing
    condition is listed, so a project may appear more than once)."""
    cites = budget.cites
    may_propose = Eligible(ctx, budget.may_propose)
    rule = budget.proposers
    counted: dict[str, bool] = {}
    accepted: dict[str, ProjectState] = {}
    seen: set[str] = set()
    for i, project in enumerate(ctx.case.projects):
        refusals: list[tuple[str, dict[str, Any]]] = []
        pid = project.id
        if pid in seen:
            refusals.append(("budget.project.duplicate", {"position": i}))
        else:
            seen.add(pid)
            goal = project.goal
            if goal.cents <= 0:
                refusals.append(("budget.project.goal_not_positive", {"goal": goal}))
            if currency is not None and goal.currency != currency:
                refusals.append(
                    (
                        "budget.project.currency",
                        {
                            "currency": goal.currency,
                            "expected": currency,
                            "cite": cites.get("envelope") or cites.get("total"),
                        },
                    )
                )
            proposers = list(dict.fromkeys(project.proposers))
            if not proposers and (budget.may_propose is not None or rule is not None):
                refusals.append(
                    (
                        "budget.project.no_proposer",
                        {"cite": cites.get("proposers") or cites.get("may_propose")},
                    )
                )
            for who in proposers:
                if who not in ctx.members:
                    refusals.append(
                        (
                            "budget.project.unknown_proposer",
                            {"proposer": who, "cite": cites.get("may_propose")},
                        )
                    )
                elif who not in may_propose:
                    refusals.append(
                        (
                            "budget.project.may_not_propose",
                            {
                                "proposer": who,
                                "who": may_propose.population(),
                                "cite": cites.get("may_propose"),
                            },
                        )
                    )
            if rule is not None:
                count = 0
                for who in proposers:
                    if who not in ctx.members:
                        continue
                    if rule.where is None:
                        count += 1
                        continue
                    if who not in counted:
                        counted[who] = ctx.holds(rule.where, who)
                    count += counted[who]
                if not rule.comparator.holds(count, rule.count):
                    refusals.append(
                        (
                            "budget.project.proposers",
                            {
                                "count": count,
                                "comparator": rule.comparator,
                                "needed": rule.count,
                                "where": Code(
                                    expr_text(rule.where) if rule.where is not None else "true"
                                ),
                                "cite": cites.get("proposers"),
                            },
                        )
                    )
            if window is not None:
                if project.proposed is None:
                    raise missing_date(
                        f"$.projects[{i}].proposed", "the proposals window (`proposals:`)"
                    )
                if not window.contains(project.proposed):
                    refusals.append(
                        (
                            "budget.project.outside_window",
                            {
                                "at": project.proposed,
                                **window.args(),
                                "cite": cites.get("proposals"),
                            },
                        )
                    )
        for code, args in refusals:
            result.rejected_projects.append(rejection(pid, pid, code, args))
        if not refusals:
            accepted[pid] = ProjectState(project, i, project.goal.cents)
    return accepted


def rejection(id_: str, project: str | None, code: str, args: dict[str, Any]) -> Rejection:
    """A refused project, allocation or claim; the project is also an argument of the
    sentence."""
    args = {"project": project, **args}
    cite = args.pop("cite", None)
    # model_construct: the fields are ours and already valid; this runs once per refused item
    return Rejection.model_construct(
        id=id_, project=project, code=code, reason="", args=args, cite=cite, cut_to=None
    )


def rejected_ids(result: BudgetResult) -> set[str]:
    return {r.id for r in result.rejected_projects}
