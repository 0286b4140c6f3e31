"""Tests that can never be met (design §4, §8): impossible shares, contradictions, methods."""

from __future__ import annotations

from fractions import Fraction

from ..model import Comparator, Count, Rule, Test
from .context import Context, rules

ONE = Fraction(1)


def _show(value: Fraction, percent: bool, base: str | None) -> str:
    if percent:
        scaled = value * 100
        text = (str(scaled.numerator) if scaled.denominator == 1 else str(float(scaled))) + "%"
    else:
        text = str(value)
    return f"{text} of {base}" if base else text


def _owner(body, rule: Rule) -> str:
    return f"rule `{rule.name}` of `{body.id}`" if body else "the amendment rule"


def _amount(ctx: Context, test) -> tuple[Fraction | None, bool]:
    """The amount of a test, and whether it is a parameter's value in force."""
    if test.amount is not None:
        return test.amount, False
    if test.parameter is not None:
        for p in ctx.model.parameters:
            if p.name == test.parameter and p.value.kind == "number":
                return p.value.value, True
    return None, False


def _never_met(comparator: Comparator, amount: Fraction, share: bool) -> str | None:
    """Why `comparator amount` can never hold, or None."""
    if comparator is Comparator.FEWER_THAN and amount <= 0:
        return "no count is fewer than 0"
    if share and comparator is Comparator.MORE_THAN and amount >= ONE:
        return "no count is more than all of its base"
    if share and comparator is Comparator.AT_LEAST and amount > ONE:
        return "no count is above all of its base"
    return None


def _check_test(ctx: Context, test: Test, owner: str) -> None:
    amount, from_parameter = _amount(ctx, test)
    if amount is None or test.comparator in (Comparator.NONE, Comparator.ALL):
        return
    why = _never_met(test.comparator, amount, test.base is not None)
    if why is None:
        return
    written = test.comparator.words + " " + _show(amount, test.percent, test.base)
    if from_parameter:
        ctx.warning(
            "threshold.parameter_never_met",
            f"`{test.label}: {test.comparator.words} {test.parameter}` can "
            f"never be met while `{test.parameter}` is {amount} ({why})",
            test.pos,
            f"change the value of parameter `{test.parameter}`",
        )
        return
    help_ = (
        "a share is at most 100% (`all of BASE`); did you mean `at least`?"
        if test.base and test.comparator is Comparator.MORE_THAN and amount == ONE
        else "a share of a base lies between 0 and 100%, e.g. `more than 1/2 of expressed`"
        if test.base
        else "use `none` for exactly zero, or `at most`"
    )
    ctx.error(
        "threshold.never_met",
        f"`{test.label}: {written}` can never be met in {owner}: {why}",
        test.pos,
        help_,
    )


def _bounds(test: Test) -> tuple[Fraction | None, bool, Fraction | None, bool]:
    """(lower, strict, upper, strict) that the test puts on its count, in the units of its base."""
    c, a = test.comparator, test.amount
    if c is Comparator.NONE:
        return None, False, Fraction(0), False
    if c is Comparator.ALL:
        return ONE, False, None, False
    if a is None:
        return None, False, None, False
    if c.is_lower_bound:
        return a, c.strict, None, False
    return None, False, a, c.strict


def _contradictions(ctx: Context, rule: Rule, owner: str) -> None:
    groups: dict[tuple[str, str | None], list[Test]] = {}
    for test in rule.tests:
        groups.setdefault((test.count, test.base), []).append(test)
    for tests in groups.values():
        if len(tests) < 2:
            continue
        low = high = None
        for test in tests:
            lo, lo_strict, hi, hi_strict = _bounds(test)
            if lo is not None and (low is None or (lo, lo_strict) > (low[0], low[1])):
                low = (lo, lo_strict, test)
            if hi is not None and (high is None or (hi, not hi_strict) < (high[0], not high[1])):
                high = (hi, hi_strict, test)
        if low is None or high is None:
            continue
        if low[0] > high[0] or (low[0] == high[0] and (low[1] or high[1])):
            later = max(
                low[2], high[2], key=lambda t: (t.pos.line, t.pos.column) if t.pos else (0, 0)
            )
            other = high[2] if later is low[2] else low[2]
            ctx.error(
                "threshold.contradictory",
                f"the `{later.label}:` tests of {owner} contradict each other: no count meets both",
                later.pos,
                f"the other test is on line {other.pos.line}" if other.pos else None,
            )


def rule_thresholds(ctx: Context) -> None:
    for body, rule in rules(ctx.model):
        owner = _owner(body, rule)
        for test in rule.tests:
            _check_test(ctx, test, owner)
        if rule.second_call is not None and rule.second_call.quorum is not None:
            _check_test(ctx, rule.second_call.quorum, owner + " (second call)")
        _contradictions(ctx, rule, owner)
        for key in ("notice", "duration"):
            tt = getattr(rule, key)
            if tt is not None and tt.comparator is Comparator.FEWER_THAN and tt.length.amount == 0:
                ctx.error(
                    "threshold.never_met",
                    f"`{key}: fewer than {tt.length}` can never be met in {owner}",
                    tt.pos,
                    "no time is shorter than 0 days",
                )
        if rule.consultation is not None:
            c = rule.consultation
            if c.comparator is Comparator.FEWER_THAN and c.length.amount == 0:
                ctx.error(
                    "threshold.never_met",
                    f"`consultation: fewer than {c.length}` can never be met in {owner}",
                    c.pos,
                    "no time is shorter than 0 days",
                )


def ties(ctx: Context) -> None:
    for body, rule in rules(ctx.model):
        owner = _owner(body, rule)
        if rule.tie_chair_decides and not any(
            t.count in (Count.FOR, Count.AGAINST) and t.comparator is not Comparator.NONE
            for t in rule.tests
        ):
            ctx.warning(
                "threshold.tie_without_vote",
                f"`tie: chair decides` in {owner} never applies: the rule has no for/against test",
                rule.spans.get("tie") or rule.pos,
                "a tie is for = against; a consent rule has no such count: remove "
                "`tie: chair decides` or add a `for:` test",
            )


CHECKS = [rule_thresholds, ties]
