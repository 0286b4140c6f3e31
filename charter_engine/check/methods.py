"""A rule's voting method and its options, read against what the method declares
(charter_engine/methods/): an unknown method or option is an error with a suggestion, an option
the rule's method does not take is a warning, a value of the wrong shape an error; then the
method's own checks (methods/*.py `check`)."""

from __future__ import annotations

from .. import methods
from ..diagnostics import did_you_mean
from .context import Context, rules


def _owner(body, rule) -> str:
    return f"rule `{rule.name}` of `{body.id}`" if body else "the amendment rule"


def method_known(ctx: Context) -> None:
    names = {m.words: m for m in methods.METHODS.values()}
    for body, rule in rules(ctx.model):
        owner = _owner(body, rule)
        method = methods.get(rule.method)
        if method is None:
            words = rule.method.replace("_", " ")
            ctx.error(
                "rule.unknown_method",
                f"unknown voting method `{words}` in {owner}",
                rule.spans.get("method") or rule.pos,
                did_you_mean(words, names)
                or "the methods are " + ", ".join(f"`{n}`" for n in names),
            )
            continue
        specs = {spec.name: spec for spec in method.options}
        seen: set[str] = set()
        for option in rule.method_options:
            span = option.pos or rule.pos
            if option.name in seen:
                ctx.error(
                    "rule.duplicate_option",
                    f"`{option.name}:` is given twice in {owner}",
                    span,
                    f"keep one `{option.name}:`",
                )
                continue
            seen.add(option.name)
            spec = specs.get(option.name)
            if spec is None:
                takers = [m.words for m in methods.METHODS.values() if option.name in _options(m)]
                if takers:
                    ctx.warning(
                        "rule.option_unused",
                        f"`{option.name}:` in {owner} only counts with "
                        + " or ".join(f"`method: {t}`" for t in takers),
                        span,
                        f"add `method: {takers[0]}` or remove `{option.name}:`",
                    )
                else:
                    ctx.error(
                        "rule.unknown_option",
                        f"`{option.name}` is not an option of `method: {method.words}` in {owner}",
                        span,
                        did_you_mean(option.name, specs)
                        or (
                            "its options are " + ", ".join(f"`{n}:`" for n in specs)
                            if specs
                            else f"`method: {method.words}` takes no option"
                        ),
                    )
                continue
            _value, problem = spec.read(option)
            if problem is not None:
                what = f" ({spec.help})" if spec.help else ""
                ctx.error(
                    "rule.option_value",
                    f"{problem}{what} in {owner}",
                    span,
                    f"for example {spec.example()}",
                )
        method.check(rule, method.settings(rule), owner, ctx.report)


def _options(method) -> set[str]:
    return {spec.name for spec in method.options}


CHECKS = [method_known]
