"""Semantic checks over the compiled charter (design §10): names, the tree of bodies, types of
expressions, competence, thresholds, colleges, budgets.

Each module holds a `CHECKS` list of functions over a `Context`; `check` runs them all and returns
the diagnostics in source order. A `seat:` condition that current members already break cannot be
known from the charter alone: the engine reports it when it evaluates a case with member records.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..model import CharterModel
from . import budgets, colleges, competence, header, methods, names, thresholds, tree, types
from .context import Context

MODULES = (header, names, tree, types, competence, thresholds, methods, colleges, budgets)


def check(model: CharterModel) -> list[Diagnostic]:
    """Every semantic error and warning of the charter, in source order."""
    ctx = Context(model)
    for module in MODULES:
        for fn in module.CHECKS:
            fn(ctx)
    seen: set[tuple] = set()
    unique = []
    for d in ctx.diagnostics:
        key = (d.code, d.message, d.line, d.column)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    unique.sort(key=lambda d: (d.line or 0, d.column or 0))
    return unique


__all__ = ["check"]
