"""One entry point: a charter and a case in, a result with its explanation out."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from typing import Any, cast

from ..case import CaseBase, CompetenceCase, parse_case
from ..decision import AnyResult, BudgetResult, CharterRef, Competence, Decision, Eligibility
from . import eligibility
from .competence import competent
from .context import BudgetContext, Context, ProposalContext


@contextlib.contextmanager
def bulk_allocation():
    """Pause the cyclic garbage collector while a case's records are built: a million member
    and ballot records (which hold no reference cycles) would otherwise trigger repeated full
    collections whose cost grows with the heap, making the evaluation quadratic."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Each judge is called with the context of a case that asks its question (JUDGES is keyed by
# the question): the casts below say so to the type checker, which cannot see it.
def _competence(ctx: Context[CaseBase]) -> Competence:
    query = cast("Context[CompetenceCase]", ctx).case.competence
    return competent(ctx.charter, query.subject, query.body)


def _member_question(ctx: Context[CaseBase]) -> Eligibility:
    question = ctx.case.question
    query = getattr(ctx.case, question)
    ctx.require_member(query.member, f"$.{question}.member")
    return getattr(eligibility, question)(ctx, query.member, query.body)


def _proposal(ctx: Context[CaseBase]) -> Decision:
    from .votes import decide

    return decide(cast(ProposalContext, ctx))


def _budget(ctx: Context[CaseBase]) -> BudgetResult:
    from .budgets import judge

    return judge(cast(BudgetContext, ctx))


# the judge of each question a case may ask (charter_engine/case.py QUESTIONS)
JUDGES: dict[
    str, Callable[[Context[CaseBase]], Decision | Competence | Eligibility | BudgetResult]
] = {
    "proposal": _proposal,
    "competence": _competence,
    "seat": _member_question,
    "propose": _member_question,
    "vote": _member_question,
    "budget": _budget,
}


def evaluate(charter, data: dict[str, Any]) -> AnyResult:
    """The result of one case, not yet in words (charter_engine.messages renders it)."""
    with bulk_allocation():
        case = parse_case(data)
        ctx = Context(charter, case)
    result = JUDGES[case.question](ctx)
    result.charter = CharterRef(name=charter.name, version=charter.version, sha256=charter.sha256)
    return result
