"""Is the proposal validly before the body at all? (design §3 competence, §4 `notice:`,
`duration:`, `consultation:`, §6 `may propose:`). Each failure makes the decision `invalid`.

Choices where the design is silent:
* a rule that asks for `notice:` (or `duration:`, `consultation:`) on a proposal that does not give
  the dates needed to check it is invalid: the clause cannot be shown to be met;
* durations use calendar arithmetic (`1 month` after 31 January is the last day of February);
  `notice: at least 15 days` holds when `announced + 15 days <= opens`;
* without `closes`, the vote is taken as closed when asked (`at`), so `duration:` is measured to
  `at`;
* admitting a person (`admission`, `concerns:`) who fails the body's `seat:` condition is
  invalid, before any vote is counted;
* `consultation: … open to P` holds when the case's consultation lasted long enough and was open
  to a population containing every member of P. The case states `open_to` as `everyone`,
  `members` (of the deciding body), `members of X` or a body id `X`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Set

from ...compile import compile_source
from ...decision import Code, Quote, Reason
from ...model import Consultation, TimeTest
from ..context import ProposalContext
from ..eligibility import EVERYONE, propose, seat
from .electorate import body_members, population_set


def span_ok(test: TimeTest | Consultation, start: dt.datetime, end: dt.datetime) -> bool:
    """`notice: at least 15 days` from `start` to `end`: `end` against `start + 15 days` by the
    clause's comparator (calendar arithmetic)."""
    return test.comparator.holds(end, test.length.add_to(start))


def check_body(ctx: ProposalContext, competence, stated: str | None) -> list[Reason]:
    subject = ctx.case.proposal.subject
    if stated is not None and stated not in ctx.charter.bodies:
        near = difflib.get_close_matches(stated, sorted(ctx.charter.bodies), n=1, cutoff=0.6)
        return [
            Reason(
                code="invalid.unknown_body",
                args={"body": stated, "near": near[0] if near else None},
            )
        ]
    if competence.body is None:
        return [Reason(code="invalid.outside", args={"subject": subject})]
    if stated is not None and stated != competence.body:
        return [
            Reason(
                code="invalid.body",
                args={"stated": stated, "subject": subject, "body": competence.body},
            )
        ]
    return []


def check_proposer(ctx: ProposalContext, body_id: str) -> list[Reason]:
    proposer = ctx.case.proposal.proposer
    if proposer is None:
        return []
    result = propose(ctx, proposer, body_id)
    if result.allowed:
        return []
    body = ctx.charter.bodies[body_id]
    who = body.may_propose or EVERYONE
    return [
        Reason(
            code="invalid.proposer",
            args={"member": proposer, "body": body_id, "who": who},
            cite=body.cites.get("may_propose"),
        )
    ] + result.reasons[1:]


def check_admission(ctx: ProposalContext, body_id: str) -> list[Reason]:
    """§3: admitting someone who fails the body's `seat:` condition (a red line) is invalid.
    A person without a member record has no attribute values, so a condition on them is false."""
    p = ctx.case.proposal
    body = ctx.charter.bodies[body_id]
    if p.subject != "admission" or body.seat is None:
        return []
    out: list[Reason] = []
    for person in p.concerns:
        result = seat(ctx, person, body_id)
        if not result.allowed:
            out.append(
                Reason(
                    code="invalid.seat",
                    args={"member": person, "body": body_id},
                    cite=body.seat.cite,
                )
            )
            out += result.reasons
    return out


def check_amendment(ctx: ProposalContext) -> list[Reason]:
    """§9: an amendment carries the new charter text; one that does not compile cannot be
    adopted, so the proposal is invalid, with the first errors of the new text."""
    p = ctx.case.proposal
    if p.subject != "amendment" or p.charter is None:
        return []
    _model, diagnostics = compile_source(p.charter, "proposal.charter")
    errors = [d for d in diagnostics if d.severity == "error"]
    if not errors:
        return []
    return [Reason(code="invalid.amendment", args={"count": len(errors)})] + [
        Reason(
            code="amendment.error",
            args={"line": d.line or 0, "column": d.column or 0, "message": Quote(d.message)},
        )
        for d in errors[:5]
    ]


def check_times(
    ctx: ProposalContext, rule, closes: dt.datetime | None, still_open: bool = False
) -> tuple[list[Reason], bool]:
    """Reasons for notice / duration, and whether both hold. A vote `still_open` with no
    closing date cannot break its `duration:` yet: that is judged at the close."""
    p = ctx.case.proposal
    reasons, ok = [], True
    later: list[Reason] = []
    if still_open and closes is None and rule.duration is not None and p.opens is not None:
        t = rule.duration
        later.append(
            Reason(
                code="duration.open",
                args={"comparator": t.comparator, "length": t.length, "opens": p.opens},
                cite=t.cite or rule.cite,
            )
        )
        rule = rule.model_copy(update={"duration": None})  # only notice is judged now
    for key, start, end, facts in (
        ("notice", p.announced, p.opens, {"announced": p.announced, "opens": p.opens}),
        ("duration", p.opens, closes, {"opens": p.opens, "closes": closes}),
    ):
        t = getattr(rule, key)
        if t is None:
            continue
        args = {"comparator": t.comparator, "length": t.length, **facts}
        cite = t.cite or rule.cite
        if start is None or end is None:
            missing = [name for name, value in facts.items() if value is None]
            reasons.append(
                Reason(code=f"{key}.unknown", args={**args, "missing": missing}, cite=cite)
            )
            ok = False
        elif span_ok(t, start, end):
            reasons.append(Reason(code=f"{key}.met", args=args, cite=cite))
        else:
            reasons.append(Reason(code=f"{key}.failed", args=args, cite=cite))
            ok = False
    return reasons + later, ok


def check_consultation(ctx: ProposalContext, rule, body_id: str) -> tuple[list[Reason], bool]:
    c = rule.consultation
    if c is None:
        return [], True
    p = ctx.case.proposal
    cite = c.cite or rule.cite
    args = {"comparator": c.comparator, "length": c.length, "who": c.open_to}
    facts = p.consultation
    if facts is None:
        return [Reason(code="consultation.missing", args=args, cite=cite)], False
    args |= {"start": facts.from_, "until": facts.until, "open_to": Code(facts.open_to)}
    if not span_ok(c, facts.from_, facts.until):
        return [Reason(code="consultation.too_short", args=args, cite=cite)], False
    opened = _opened_to(ctx, facts.open_to.strip(), body_id)
    if opened is None:
        return [Reason(code="consultation.unreadable", args=args, cite=cite)], False
    concerned = set(p.concerns)
    required = population_set(ctx, c.open_to, body_id, set(ctx.members), concerned)
    left_out = sorted(required - opened)
    if left_out:
        return [
            Reason(
                code="consultation.too_narrow",
                cite=cite,
                args={**args, "count": len(left_out), "example": left_out[0]},
            )
        ], False
    return [Reason(code="consultation.met", args=args, cite=cite)], True


def _opened_to(ctx: ProposalContext, text: str, body_id: str) -> Set[str] | None:
    words = text.split()
    if words == ["everyone"]:
        return set(ctx.members)
    if words == ["members"]:
        target = body_id
    elif len(words) == 3 and words[:2] == ["members", "of"]:
        target = words[2]
    elif len(words) == 1:
        target = words[0]
    else:
        return None
    if target not in ctx.charter.bodies:
        return None
    found = body_members(ctx, target)
    return found if found is not None else set(ctx.members_of(target))
