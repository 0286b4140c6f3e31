"""Names: every body, parameter and attribute a clause names must be declared, once (§2–§7).

Names inside expressions (attributes, parameters, `member of X`) are resolved with their types
in types.py; `judged by X` names a member or a role, which only a case can tell: not checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..diagnostics import did_you_mean
from ..model import ATTRIBUTE_TYPES
from .context import Context, at, populations, rules

TYPE_ALIASES = {
    "boolean": "bool",
    "string": "text",
    "str": "text",
    "int": "number",
    "integer": "number",
    "float": "number",
    "decimal": "number",
    "amount": "money",
    "time": "date",
    "datetime": "date",
}


def _duplicates(ctx: Context, items: Iterable, key, code: str, what: str) -> None:
    seen: dict[str, Any] = {}
    for item in items:
        name = key(item)
        if name in seen:
            first = seen[name].pos
            span = at(item.pos, item.kind) if what == "body" else item.pos
            ctx.error(
                code,
                f"{what} `{name}` is declared twice",
                span,
                f"the first `{name}` is on line {first.line}; rename or remove one"
                if first
                else "rename or remove one",
            )
        else:
            seen[name] = item


def duplicate_names(ctx: Context) -> None:
    m = ctx.model
    _duplicates(ctx, m.bodies, lambda b: b.id, "name.duplicate_body", "body")
    _duplicates(ctx, m.attributes, lambda a: a.name, "name.duplicate_attribute", "attribute")
    _duplicates(ctx, m.colleges, lambda c: c.id, "name.duplicate_college", "college")
    _duplicates(ctx, m.budgets, lambda b: b.id, "name.duplicate_budget", "budget")
    _duplicates(ctx, m.parameters, lambda p: p.name, "name.duplicate_parameter", "parameter")


def attribute_types(ctx: Context) -> None:
    for attr in ctx.model.attributes:
        if attr.type not in ATTRIBUTE_TYPES:
            suggestion = TYPE_ALIASES.get(attr.type.lower())
            help_ = (
                f"did you mean `{suggestion}`?"
                if suggestion
                else did_you_mean(attr.type, ATTRIBUTE_TYPES)
                or "the types are " + ", ".join(f"`{t}`" for t in ATTRIBUTE_TYPES)
            )
            ctx.error(
                "type.unknown_attribute_type",
                f"unknown type `{attr.type}` for attribute `{attr.name}`",
                at(attr.pos, attr.type, end=attr.cite is None),
                help_,
            )


def shadowed_parameters(ctx: Context) -> None:
    for p in ctx.model.parameters:
        if p.name in ctx.attributes:
            ctx.warning(
                "name.shadowed",
                f"parameter `{p.name}` has the name of an attribute",
                p.pos,
                f"in expressions `{p.name}` reads the member's attribute, never "
                "the parameter; rename one of them",
            )


def parents_known(ctx: Context) -> None:
    for body in ctx.model.bodies:
        if body.parent is not None:
            ctx.unknown_body(
                body.parent,
                at(body.spans.get("under"), body.parent, end=True),
                f"in `under` of `{body.id}`",
            )


def population_bodies_known(ctx: Context) -> None:
    for pop, where, span in populations(ctx.model):
        if pop.of_body is not None:
            narrow = span
            if pop.where is None and not pop.except_concerned:
                narrow = at(pop.pos, pop.of_body, end=True) or span
            ctx.unknown_body(pop.of_body, narrow, where)


def referral_bodies_known(ctx: Context) -> None:
    for body, rule in rules(ctx.model):
        if rule.refer_to is not None:
            owner = f"rule `{rule.name}` of `{body.id}`" if body else "the amendment rule"
            span = rule.spans.get("otherwise") or rule.pos
            if rule.cites.get("otherwise") is None:
                span = at(span, rule.refer_to, end=True)
            ctx.unknown_body(rule.refer_to, span, f"in `refer to` of {owner}")


def parameter_setters_known(ctx: Context) -> None:
    for p in ctx.model.parameters:
        ctx.unknown_body(p.set_by, p.pos, f"in `set by` of parameter `{p.name}`")


def amendment_body_known(ctx: Context) -> None:
    a = ctx.model.amendments
    if a is not None:
        ctx.unknown_body(a.body, a.pos, "in `amendments:`")


def _parameter_known(ctx: Context, name: str, span, where: str) -> None:
    if name in ctx.parameters:
        if ctx.parameters[name] != "number":
            ctx.error(
                "type.parameter",
                f"parameter `{name}` is a {ctx.parameters[name]}, not a number, {where}",
                span,
                "a threshold is a whole number or a share such as `2/3`",
            )
        return
    ctx.error(
        "name.unknown_parameter",
        f"unknown parameter `{name}` {where}",
        span,
        did_you_mean(name, ctx.parameters) or f"declare it: `parameter {name}: 20 set by BODY`",
    )


def test_parameters_known(ctx: Context) -> None:
    for body, rule in rules(ctx.model):
        owner = f"rule `{rule.name}` of `{body.id}`" if body else "the amendment rule"
        tests = list(rule.tests)
        if rule.second_call is not None and rule.second_call.quorum is not None:
            tests.append(rule.second_call.quorum)
        for test in tests:
            if test.parameter is not None:
                span = test.pos
                if test.cite is None and test.base is None:
                    span = at(test.pos, test.parameter, end=True)
                _parameter_known(ctx, test.parameter, span, f"in `{test.label}:` of {owner}")
    for budget in ctx.model.budgets:
        for key, share in (("funded", budget.funded), ("fundable", budget.fundable)):
            if share is not None and share.parameter is not None:
                span = share.pos if share.cite else at(share.pos, share.parameter, end=True)
                _parameter_known(ctx, share.parameter, span, f"in `{key}:` of budget `{budget.id}`")


CHECKS = [
    duplicate_names,
    attribute_types,
    shadowed_parameters,
    parents_known,
    population_bodies_known,
    referral_bodies_known,
    parameter_setters_known,
    amendment_body_known,
    test_parameters_known,
]
