"""Who counts for a rule (design §4 "Populations"): the electorate, the deciding body's members,
the people present, the advisory population and the concerned.

Sets of member ids. `present` is the deciding body's members recorded present (a guest on the
attendance list is not in a `present` electorate); with no attendance recorded, those of them
whose ballot is counted. The common populations (`everyone`, `members` of a body seated by
`members: everyone` or by member records) are computed without evaluating a condition per
member; anything else goes through `Context.in_population`.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field

from ...model import Population
from ..context import ProposalContext


@dataclass
class Populations:
    body: str
    electorate: Set[str]  # before proxies (see ballots.py)
    members: Set[str]  # the deciding body's members, without the concerned when excluded
    attendance: set[str] | None  # `present:` of the case, None when not recorded
    advisory: Set[str] = field(default_factory=set)
    concerned: set[str] = field(default_factory=set)


def body_members(ctx: ProposalContext, body_id: str) -> Set[str] | None:
    """Members of a body by its `members:` rule or the member records; None when a general
    evaluation is needed. Every member of the case is the keys view of `ctx.members` (no copy:
    a million members)."""
    body = ctx.charter.bodies.get(body_id)
    if body is None:
        return set()
    if body.members is None:
        return {mid for mid, mem in ctx.members.items() if body_id in mem.bodies}
    pop = body.members
    if pop.base == "everyone" and pop.where is None and pop.of_body is None:
        return ctx.members.keys()
    return None


def population_set(
    ctx: ProposalContext,
    pop: Population,
    deciding_body: str,
    present: set[str] | None,
    concerned: set[str],
) -> Set[str]:
    base: Set[str] | None = None
    if pop.where is None:
        if pop.base == "everyone":
            base = ctx.members.keys()
        elif pop.base == "present":
            base = None
        else:
            base = body_members(ctx, pop.of_body or deciding_body)
    if base is None:
        found = set(ctx.population(pop, deciding_body, present=present, concerned=concerned))
        if pop.base == "present":  # members of the deciding body recorded present, not guests
            seated = body_members(ctx, deciding_body)
            if seated is None:
                seated = set(ctx.members_of(deciding_body))
            found &= seated
        return found
    if pop.except_concerned and concerned & base:
        base = base - concerned
    return base


def in_population(
    ctx: ProposalContext,
    pop: Population,
    member_id: str,
    deciding_body: str,
    present: set[str] | None,
    concerned: set[str],
) -> bool:
    return ctx.in_population(pop, member_id, deciding_body, present=present, concerned=concerned)


def populations(
    ctx: ProposalContext, rule, body_id: str, attendance: set[str] | None, voted: set[str]
) -> Populations:
    """`voted`: who cast a ballot on time, standing in for attendance when none is recorded."""
    concerned = set(ctx.case.proposal.concerns)
    present = attendance if attendance is not None else voted
    electorate = population_set(ctx, rule.voters, body_id, present, concerned)
    body = ctx.charter.bodies.get(body_id)
    if body is not None and body.may_vote is not None:
        # `may vote:` of the deciding body is a condition on every voter of its rules: the
        # electorate is the rule's `voters:` who also meet it.
        allowed = population_set(ctx, body.may_vote, body_id, present, concerned)
        electorate = {m for m in electorate if m in allowed}
    members = body_members(ctx, body_id)
    if members is None:
        members = set(ctx.members_of(body_id))
    if rule.voters.except_concerned and concerned & members:
        members = members - concerned
    advisory: Set[str] = set()
    if rule.advisory is not None:
        advisory = population_set(ctx, rule.advisory, body_id, present, concerned) - electorate
    return Populations(
        body=body_id,
        electorate=electorate,
        members=members,
        attendance=attendance,
        advisory=advisory,
        concerned=concerned,
    )
