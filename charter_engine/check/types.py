"""Types of eligibility expressions (design §6): a small inference over the expression model.

Types are the attribute types: bool, text, number, date, duration, money. A name is an attribute
(its declared type) or a parameter (the type of its value); an unknown name is an error and
types as unknown (None), which silences the errors it would cause further up.
"""

from __future__ import annotations

from ..diagnostics import did_you_mean
from ..model import ATTRIBUTE_TYPES, Span
from .context import Context, at, conditions

ORDERED = {"number", "date", "duration", "money"}
ARTICLE = {
    "bool": "a condition",
    "text": "a text",
    "number": "a number",
    "date": "a date",
    "duration": "a duration",
    "money": "an amount of money",
}


def _a(t: str | None) -> str:
    return ARTICLE.get(t or "", "a value")


class Typer:
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def infer(self, e, span: Span | None) -> str | None:
        """The type of `e`, reporting every fault inside; `span` locates nodes without one."""
        kind = e.kind
        here = getattr(e, "pos", None) or span
        if kind in ATTRIBUTE_TYPES:
            return kind
        if kind == "today":
            return "date"
        if kind == "name":
            return self.name(e, here)
        if kind == "member_of":
            self.ctx.unknown_body(e.body, at(here, e.body, end=True), "in `member of`")
            return "bool"
        if kind == "not":
            self.condition(e.arg, here, "`not`")
            return "bool"
        if kind in ("and", "or"):
            for arg in e.args:
                self.condition(arg, here, f"`{kind}`")
            return "bool"
        if kind == "compare":
            return self.compare(e, here)
        if kind == "in":
            return self.in_(e, here)
        if kind == "arith":
            return self.arith(e, here)
        if kind == "call":
            return self.call(e, here)
        return None  # pragma: no cover - the model has no other kind

    def name(self, e, here) -> str | None:
        if e.name in self.ctx.attributes:
            t = self.ctx.attributes[e.name]
            return t if t in ATTRIBUTE_TYPES else None
        if e.name in self.ctx.parameters:
            return self.ctx.parameters[e.name]
        candidates = [*self.ctx.attributes, *self.ctx.parameters]
        self.ctx.error(
            "name.unknown_attribute",
            f"`{e.name}` is neither a declared attribute nor a parameter",
            here,
            did_you_mean(e.name, candidates)
            or f"declare it in `attributes {{ {e.name}: bool }}` (or its type)",
        )
        return None

    def condition(self, e, span, where: str) -> None:
        t = self.infer(e, span)
        if t is not None and t != "bool":
            self.ctx.error(
                "type.operand",
                f"{where} needs conditions, but this is {_a(t)}",
                getattr(e, "pos", None) or span,
                "a condition is true or false: compare the value, e.g. `x = ...`",
            )

    def compare(self, e, here) -> str:
        left, right = self.infer(e.left, here), self.infer(e.right, here)
        if left is None or right is None:
            return "bool"
        if left != right:
            self.ctx.error(
                "type.mismatch",
                f"`{e.op}` compares {_a(left)} with {_a(right)}",
                here,
                f"both sides of `{e.op}` must be of the same type",
            )
        elif e.op not in ("=", "!=") and left not in ORDERED:
            self.ctx.error(
                "type.order",
                f"`{e.op}` cannot order {_a(left)}s"
                if left != "bool"
                else f"`{e.op}` cannot order conditions",
                here,
                "only numbers, dates, durations and money have an order; use `=` or `!=`",
            )
        return "bool"

    def in_(self, e, here) -> str:
        arg = self.infer(e.arg, here)
        for item in e.items:
            t = self.infer(item, here)
            if arg is not None and t is not None and t != arg:
                self.ctx.error(
                    "type.list_item",
                    f"the list after `in` holds {_a(t)} where {_a(arg)} is expected",
                    here,
                    f"every item of the list must be {_a(arg)}, like the value before `in`",
                )
                break
        return "bool"

    def arith(self, e, here) -> str | None:
        left, right = self.infer(e.left, here), self.infer(e.right, here)
        if left is None or right is None:
            return None
        op = e.op
        result = {
            ("number", "number"): "number",
            ("money", "money"): "money" if op in "+-" else None,
            ("money", "number"): "money" if op in "*/" else None,
            ("number", "money"): "money" if op == "*" else None,
            ("date", "duration"): "date" if op in "+-" else None,
        }.get((left, right))
        if result is None:
            if "text" in (left, right):
                msg = f"`{op}` cannot compute with a text"
            elif "bool" in (left, right):
                msg = f"`{op}` cannot compute with a condition"
            else:
                msg = f"`{op}` cannot combine {_a(left)} with {_a(right)}"
            self.ctx.error(
                "type.arithmetic",
                msg,
                here,
                "arithmetic works on numbers, on money (`+`/`-` money, `*`/`/` a "
                "number) and on dates plus or minus a duration (`today - 90 days`)",
            )
        return result

    def call(self, e, here) -> str | None:
        types = [self.infer(a, here) for a in e.args]
        known = [t for t in types if t is not None]
        if not known:
            return None
        first = known[0]
        if first not in ORDERED:
            self.ctx.error(
                "type.call",
                f"`{e.function}` cannot order {_a(first)}s"
                if first != "bool"
                else f"`{e.function}` cannot order conditions",
                here,
                f"`{e.function}` takes numbers, dates, durations or money",
            )
            return None
        if any(t != first for t in known):
            self.ctx.error(
                "type.call",
                f"`{e.function}` mixes values of different types",
                here,
                f"every value given to `{e.function}` must be {_a(first)}",
            )
            return None
        return first


def conditions_are_conditions(ctx: Context) -> None:
    """`seat:`, `where` and the other conditions must be true or false."""
    typer = Typer(ctx)
    for expr, where, span in conditions(ctx.model):
        t = typer.infer(expr, span)
        if t is not None and t != "bool":
            ctx.error(
                "type.condition",
                f"{where} is {_a(t)}, not a condition",
                getattr(expr, "pos", None) or span,
                'a condition is true or false, e.g. `role = "associate"`',
            )


def envelopes_are_money(ctx: Context) -> None:
    typer = Typer(ctx)
    for budget in ctx.model.budgets:
        env = budget.envelope
        if env is None:
            continue
        t = typer.infer(env.amount, env.pos)
        if t is not None and t != "money":
            ctx.error(
                "type.envelope",
                f"the envelope of budget `{budget.id}` is {_a(t)}, not an amount of money",
                getattr(env.amount, "pos", None) or env.pos,
                "write an amount with its currency, e.g. `envelope: 430 EUR per member`",
            )


CHECKS = [conditions_are_conditions, envelopes_are_money]
