"""May this member sit on, propose to, or vote in this body? With the reasons (design §3, §6)."""

from __future__ import annotations

from ..decision import Eligibility, Reason
from ..messages import register
from .competence import select_rule
from .context import Context
from .expressions import Reading, text

register(
    {
        "eligibility.unknown_body": {
            "en": "there is no body `{body}`",
            "fr": "il n'y a pas d'organe `{body}`",
        },
        "seat.no_condition": {
            "en": "`{body}` sets no condition on its seats",
            "fr": "`{body}` ne pose aucune condition à ses sièges",
        },
        "seat.meets": {
            "en": "`{member}` meets the seat condition of `{body}`: {condition}",
            "fr": "`{member}` remplit la condition pour siéger à `{body}` : {condition}",
        },
        "seat.fails": {
            "en": "`{member}` may not sit on `{body}`: the condition {condition} does not hold",
            "fr": "`{member}` ne peut pas siéger à `{body}` : la condition {condition} n'est pas "
            "remplie",
        },
        "condition.value": {"en": "`{attribute}` is {value}", "fr": "`{attribute}` vaut {value}"},
        "condition.missing": {
            "en": "the member record has no value for `{attribute}`, so the condition is false",
            "fr": "la fiche du membre n'a pas de valeur pour `{attribute}` : la condition est "
            "fausse",
        },
        "propose.allowed": {
            "en": "`{member}` may propose to `{body}`",
            "fr": "`{member}` peut faire une proposition à `{body}`",
        },
        "propose.refused": {
            "en": "`{member}` may not propose to `{body}` (`may propose: {who}`)",
            "fr": "`{member}` ne peut pas faire de proposition à `{body}` (`may propose: {who}`)",
        },
        "vote.allowed": {
            "en": "`{member}` is in the electorate of `{body}` ({who})",
            "fr": "`{member}` fait partie du corps électoral de `{body}` ({who})",
        },
        "vote.refused": {
            "en": "`{member}` is not in the electorate of `{body}` ({who})",
            "fr": "`{member}` ne fait pas partie du corps électoral de `{body}` ({who})",
        },
    }
)


def population_text(pop) -> str:
    out = pop.base if pop.of_body is None else f"members of {pop.of_body}"
    if pop.where is not None:
        out += f" where {text(pop.where)}"
    if pop.except_concerned:
        out += " except concerned"
    return out


def condition_reasons(ctx: Context, expr, member_id: str) -> tuple[bool, list[Reason]]:
    """Whether a condition holds, and the attribute values (or missing ones) it read."""
    reading = Reading()
    ok = ctx.holds(expr, member_id, reading)
    reasons = [
        Reason(code="condition.value", args={"attribute": k, "value": _show(v)})
        for k, v in reading.used.items()
    ]
    reasons += [Reason(code="condition.missing", args={"attribute": k}) for k in reading.missing]
    return ok, reasons


def _show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"`{value}`"


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
    args = {"member": member_id, "body": body_id, "condition": f"`{text(body.seat.expr)}`"}
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
    who = population_text(pop) if pop is not None else "everyone"
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
        allowed, who, cite = member_id in members, "members", None
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
                args={"member": member_id, "body": body_id, "who": population_text(pop)},
                cite=cite,
            )
        )
    result.allowed = allowed
    return result
