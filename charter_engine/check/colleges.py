"""Colleges and weighted voting (design §5; loi n° 47-1775 du 10 septembre 1947, art. 19 octies
for the SCIC bounds)."""

from __future__ import annotations

from fractions import Fraction

from ..diagnostics import did_you_mean
from .context import Context, conditions, rules

SCIC_LAW = "loi n° 47-1775 du 10 septembre 1947, art. 19 octies"
SCIC_MIN, SCIC_MAX = Fraction(1, 10), Fraction(1, 2)


def _pct(value: Fraction) -> str:
    scaled = value * 100
    if scaled.denominator == 1:
        return f"{scaled.numerator}%"
    return f"{float(scaled):.4g}% ({value})"


def weights_sum(ctx: Context) -> None:
    colleges = ctx.model.colleges
    if not colleges:
        return
    total = sum((c.weight for c in colleges), Fraction(0))
    for c in colleges:
        if c.weight <= 0:
            ctx.error(
                "college.weight_zero",
                f"college `{c.id}` has no weight",
                c.pos,
                "give every college a weight above 0%, or remove it",
            )
    if total != 1:
        gap = 1 - total
        ctx.error(
            "college.weights_sum",
            f"the college weights sum to {_pct(total)}, not 100%",
            ctx.model.spans.get("colleges") or colleges[0].pos,
            f"{'add' if gap > 0 else 'remove'} {_pct(abs(gap))} so that the weights "
            "sum to exactly 100%",
        )


def scic_bounds(ctx: Context) -> None:
    """A SCIC has 3 to 10 colleges, each with 10 % to 50 % of the votes. Colleges are optional in
    a SCIC (the statutes "peuvent prévoir" them): the bounds apply once colleges are declared."""
    colleges = ctx.model.colleges
    if ctx.model.legal_form != "scic" or not colleges:
        return
    if not 3 <= len(colleges) <= 10:
        ctx.error(
            "college.scic_count",
            f"a SCIC has 3 to 10 colleges; this charter declares {len(colleges)}",
            ctx.model.spans.get("colleges") or colleges[0].pos,
            f"{SCIC_LAW}: {'add' if len(colleges) < 3 else 'merge'} colleges",
        )
    for c in colleges:
        if c.weight > 0 and not SCIC_MIN <= c.weight <= SCIC_MAX:
            ctx.error(
                "college.scic_weight",
                f"college `{c.id}` weighs {_pct(c.weight)}; in a SCIC each college holds "
                "between 10% and 50% of the votes",
                c.pos,
                f"{SCIC_LAW}: no college may hold more than 50% or less than 10% of the votes",
            )


def weighted_needs_colleges(ctx: Context) -> None:
    if ctx.model.colleges:
        return
    for body, rule in rules(ctx.model):
        if rule.weighted_by_college:
            owner = f"rule `{rule.name}` of `{body.id}`" if body else "the amendment rule"
            ctx.error(
                "college.missing",
                f"{owner} is `weighted by college`, but the charter has no `colleges` block",
                rule.spans.get("weighted") or rule.pos,
                'declare the colleges and their weights: `colleges { founders "Founders": '
                "50%; users: 50% }`",
            )


def college_attribute(ctx: Context) -> None:
    uses = ctx.model.colleges or any(r.weighted_by_college for _, r in rules(ctx.model))
    if not uses:
        return
    kind = ctx.attributes.get("college")
    if kind is None:
        span = ctx.model.spans.get("colleges") or ctx.model.spans.get("attributes")
        ctx.error(
            "college.attribute",
            "colleges need a `college` attribute: a member's college is read from it",
            span or ctx.model.pos,
            "declare it: `attributes { college: text }`",
        )
    elif kind != "text":
        attr = next(a for a in ctx.model.attributes if a.name == "college")
        ctx.error(
            "college.attribute",
            f"the `college` attribute is `{kind}`, it must be `text`",
            attr.pos,
            "write `college: text`; its value is a college's name",
        )


def college_values(ctx: Context) -> None:
    """`college = "x"` / `college in [..]` should name declared colleges."""
    if not ctx.model.colleges:
        return
    ids = [c.id for c in ctx.model.colleges]

    def walk(e, span):
        kind = e.kind
        here = getattr(e, "pos", None) or span
        items: list = []
        if kind == "compare" and e.op in ("=", "!="):
            for a, b in ((e.left, e.right), (e.right, e.left)):
                if a.kind == "name" and a.name == "college" and b.kind == "text":
                    items.append(b)
        elif kind == "in" and e.arg.kind == "name" and e.arg.name == "college":
            items = [i for i in e.items if i.kind == "text"]
        for item in items:
            if item.value not in ids:
                ctx.warning(
                    "college.unknown",
                    f"no college is called `{item.value}`",
                    here,
                    did_you_mean(item.value, ids)
                    or "the colleges are " + ", ".join(f"`{i}`" for i in ids),
                )
        for child in ("arg", "left", "right"):
            if hasattr(e, child) and not isinstance(getattr(e, child), list):
                walk(getattr(e, child), here)
        for child in getattr(e, "args", []):
            walk(child, here)

    for expr, _where, span in conditions(ctx.model):
        walk(expr, span)


CHECKS = [weights_sum, scic_bounds, weighted_needs_colleges, college_attribute, college_values]
