"""One entry point: a charter and a case in, a result with its explanation out."""

from __future__ import annotations

import contextlib
import gc
from typing import Any

from ..decision import AnyResult, CharterRef
from . import eligibility
from .case import parse_case
from .competence import competent
from .context import Context


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


def evaluate(charter, data: dict[str, Any]) -> AnyResult:
    """The result of one case, not yet in words (charter_engine.messages renders it)."""
    with bulk_allocation():
        case = parse_case(data)
        ctx = Context(charter, case)
    kind = case.kind
    if kind == "proposal":
        from .votes import decide

        result = decide(ctx)
    elif kind == "competence":
        result = competent(charter, case.competence.subject)
    elif kind in ("seat", "propose", "vote"):
        query = getattr(case, kind)
        ctx.require_member(query.member, f"$.{kind}.member")
        result = getattr(eligibility, kind)(ctx, query.member, query.body)
    elif kind == "budget":
        from .budgets import judge

        result = judge(ctx)
    else:
        from ..diagnostics import CaseError, Diagnostic

        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.no_question",
                    "the case asks nothing: give a `proposal`, `competence`, `seat`, `propose`, `vote` "
                    "or `budget`",
                    path="$",
                )
            ]
        )
    result.charter = CharterRef(name=charter.name, version=charter.version, sha256=charter.sha256)
    return result
