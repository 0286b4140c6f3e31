"""What every check needs: the charter, its names, and a way to report a located diagnostic."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ..diagnostics import Diagnostic, Severity, did_you_mean
from ..model import Body, Budget, CharterModel, Population, Rule, Span
from ..model.expr import Expr

BUILTIN_RULES = ("default", "admission", "exclusion", "amendment")


def at(span: Span | None, word: str | None = None, *, end: bool = False) -> Span | None:
    """A narrower span: the first (or, with `end`, the last) `word` of a one-line span."""
    if span is None or word is None:
        return span
    if end:
        if (
            span.end_line == span.line
            and span.end_column
            and span.end_column - len(word) >= span.column
        ):
            return Span(
                line=span.line,
                column=span.end_column - len(word),
                end_line=span.line,
                end_column=span.end_column,
            )
        return span
    return Span(
        line=span.line, column=span.column, end_line=span.line, end_column=span.column + len(word)
    )


@dataclass
class Context:
    model: CharterModel
    diagnostics: list[Diagnostic] = field(default_factory=list)

    # ------------------------------------------------------------------ reporting
    def report(
        self,
        severity: Severity,
        code: str,
        message: str,
        span: Span | None,
        help_: str | None = None,
    ) -> None:
        span = span or self.model.pos
        self.diagnostics.append(
            Diagnostic(
                severity,
                code,
                message,
                help_,
                line=span.line if span else None,
                column=span.column if span else None,
                end_line=span.end_line if span else None,
                end_column=span.end_column if span else None,
            )
        )

    def error(self, code: str, message: str, span: Span | None, help_: str | None = None):
        self.report("error", code, message, span, help_)

    def warning(self, code: str, message: str, span: Span | None, help_: str | None = None):
        self.report("warning", code, message, span, help_)

    # ------------------------------------------------------------------ names
    @cached_property
    def bodies(self) -> dict[str, Body]:
        out: dict[str, Body] = {}
        for b in self.model.bodies:
            out.setdefault(b.id, b)
        return out

    @cached_property
    def attributes(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for a in self.model.attributes:
            out.setdefault(a.name, a.type)
        return out

    @cached_property
    def parameters(self) -> dict[str, str]:
        """Parameter name -> the kind of its value (`number`, `money`, ...)."""
        out: dict[str, str] = {}
        for p in self.model.parameters:
            out.setdefault(p.name, p.value.kind)
        return out

    def unknown_body(self, name: str, span: Span | None, where: str) -> bool:
        """Report `name` if no body has that id; True when it was unknown."""
        if name in self.bodies:
            return False
        self.error(
            "name.unknown_body",
            f"unknown body `{name}` {where}",
            span,
            did_you_mean(name, self.bodies) or self.bodies_help(),
        )
        return True

    def bodies_help(self) -> str:
        if not self.bodies:
            return "the charter declares no body"
        return "the bodies are " + ", ".join(f"`{b}`" for b in self.bodies)

    # ------------------------------------------------------------------ the tree
    def ancestors(self, body_id: str) -> list[str]:
        chain: list[str] = []
        current: str | None = body_id
        while current is not None and current in self.bodies and current not in chain:
            chain.append(current)
            current = self.bodies[current].parent
        return chain


# ---------------------------------------------------------------------- walking the charter
def rules(model: CharterModel) -> Iterator[tuple[Body | None, Rule]]:
    """Every rule with its body (None for the amendment rule)."""
    for body in model.bodies:
        for rule in body.rules:
            yield body, rule
    if model.amendments is not None:
        yield None, model.amendments.rule


def populations(model: CharterModel) -> Iterator[tuple[Population, str, Span | None]]:
    """Every population of the charter, with where it stands in words and a fallback span."""
    for body in model.bodies:
        for key, pop in (
            ("members", body.members),
            ("may propose", body.may_propose),
            ("may vote", body.may_vote),
        ):
            if pop is not None:
                yield pop, f"in `{key}:` of `{body.id}`", pop.pos or body.spans.get(key)
        for rule in body.rules:
            yield from _rule_populations(rule, f"rule `{rule.name}` of `{body.id}`")
    if model.amendments is not None:
        yield from _rule_populations(model.amendments.rule, "the amendment rule")
    for budget in model.budgets:
        for key, pop in (("may propose", budget.may_propose), ("voters", budget.voters)):
            if pop is not None:
                yield pop, f"in `{key}:` of budget `{budget.id}`", pop.pos or budget.pos


def _rule_populations(rule: Rule, where: str):
    yield rule.voters, f"in the voters of {where}", rule.voters.pos or rule.pos
    if rule.advisory is not None:
        yield rule.advisory, f"in `advisory:` of {where}", rule.advisory.pos or rule.pos
    if rule.consultation is not None:
        pop = rule.consultation.open_to
        yield pop, f"in `consultation:` of {where}", pop.pos or rule.consultation.pos


def conditions(model: CharterModel) -> Iterator[tuple[Expr, str, Span | None]]:
    """Every expression that must be a condition (true or false), with a fallback span."""
    for pop, where, span in populations(model):
        if pop.where is not None:
            yield pop.where, f"the `where` condition {where}", span
    for body in model.bodies:
        if body.seat is not None:
            yield body.seat.expr, f"the `seat:` condition of `{body.id}`", body.seat.pos
    for budget in model.budgets:
        yield from _budget_conditions(budget)


def _budget_conditions(budget: Budget):
    if budget.envelope is not None and budget.envelope.where is not None:
        yield (
            budget.envelope.where,
            f"the `where` condition of the envelope of `{budget.id}`",
            budget.envelope.pos,
        )
    if budget.proposers is not None and budget.proposers.where is not None:
        yield (
            budget.proposers.where,
            f"the `where` condition of `proposers:` in `{budget.id}`",
            budget.proposers.pos,
        )
