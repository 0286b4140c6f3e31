"""May this member sit on, propose to, or vote in this body? With the reasons (design §3, §6)."""

from __future__ import annotations

from fractions import Fraction

from ..decision import Code, Eligibility, Reason
from ..model import Population, PopulationBase
from ..model.expr import number_text, source
from .competence import select_rule
from .context import Context
from .expressions import Cash, Reading

EVERYONE = Population(base=PopulationBase.EVERYONE)


def condition_reasons(ctx: Context, expr, member_id: str) -> tuple[bool, list[Reason]]:
    """Whether a condition holds, and the attribute values (or missing ones) it read."""
    reading = Reading()
    ok = ctx.holds(expr, member_id, reading)
    reasons = [
        Reason(code="condition.value", args={"attribute": k, "value": _literal(v)})
        for k, v in reading.used.items()
    ]
    reasons += [Reason(code="condition.missing", args={"attribute": k}) for k in reading.missing]
    return ok, reasons


def _literal(value) -> Code:
    """A member's value as the charter would write it: `true`, `3`, `2021-09-01`, `30 EUR`."""
    if isinstance(value, bool):
        return Code("true" if value else "false")
    if isinstance(value, Fraction):
        return Code(number_text(value, False))
    if isinstance(value, Cash):
        return Code(str(value.money()))
    return Code(str(value))


def seat(ctx: Context, member_id: str, body_id: str) -> Eligibility:
    body = ctx.charter.bodies.get(body_id)
    result = Eligibility(question="seat", member=member_id, body=body_id, allowed=False)
    if body is None:
        result.reasons.append(Reason(code="eligibility.unknown_body", args={"body": body_id}))
        return result
    if body.seat is None:
        result.allowed = True
        result.reasons.append(Reason(code="seat.no_condition", args={"body": body_id}))
        return result
    ok, details = condition_reasons(ctx, body.seat.expr, member_id)
    result.allowed = ok
    args = {"member": member_id, "body": body_id, "condition": Code(source(body.seat.expr))}
    result.reasons.append(
        Reason(code="seat.meets" if ok else "seat.fails", args=args, cite=body.seat.cite)
    )
    result.reasons += details
    return result


def propose(ctx: Context, member_id: str, body_id: str) -> Eligibility:
    """`may propose:` of the body; without one, any member of the organisation may propose."""
    body = ctx.charter.bodies.get(body_id)
    result = Eligibility(question="propose", member=member_id, body=body_id, allowed=False)
    if body is None:
        result.reasons.append(Reason(code="eligibility.unknown_body", args={"body": body_id}))
        return result
    pop = body.may_propose
    allowed = member_id in ctx.members and (
        pop is None or ctx.in_population(pop, member_id, body_id)
    )
    result.allowed = allowed
    who = pop if pop is not None else EVERYONE
    result.reasons.append(
        Reason(
            code="propose.allowed" if allowed else "propose.refused",
            args={"member": member_id, "body": body_id, "who": who},
            cite=body.cites.get("may_propose"),
        )
    )
    if pop is not None and pop.where is not None:
        result.reasons += condition_reasons(ctx, pop.where, member_id)[1]
    return result


def vote(ctx: Context, member_id: str, body_id: str) -> Eligibility:
    """In the electorate of the body's default rule (its `voters:`, taking `present` as the
    body's members: attendance is a fact of a meeting, not of a member) and, when the body has
    one, meeting its `may vote:` condition — as for a proposal's electorate."""
    body = ctx.charter.bodies.get(body_id)
    result = Eligibility(question="vote", member=member_id, body=body_id, allowed=False)
    if body is None:
        result.reasons.append(Reason(code="eligibility.unknown_body", args={"body": body_id}))
        return result
    rule = select_rule(ctx.charter, body_id, "default")
    members = set(ctx.members_of(body_id))
    checks = []  # (population, citation) the member must be in
    if rule is not None:
        checks.append((rule.voters, rule.cite))
    if body.may_vote is not None:
        checks.append((body.may_vote, body.cites.get("may_vote")))
    if not checks:
        allowed, who, cite = member_id in members, Population(), None
        result.reasons.append(
            Reason(
                code="vote.allowed" if allowed else "vote.refused",
                args={"member": member_id, "body": body_id, "who": who},
            )
        )
    allowed = member_id in members if not checks else True
    for pop, cite in checks:
        inside = ctx.in_population(pop, member_id, body_id, present=members)
        allowed = allowed and inside
        result.reasons.append(
            Reason(
                code="vote.allowed" if inside else "vote.refused",
                args={"member": member_id, "body": body_id, "who": pop},
                cite=cite,
            )
        )
    result.allowed = allowed
    return result
