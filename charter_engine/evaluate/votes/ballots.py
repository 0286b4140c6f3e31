"""Which ballots count (design §4 "Ballots and counts"): latest ballot per voter, late, early and
final ballots, outsiders and non-members, advisory ballots, proxies.

Input is the case's ballots as columns (voters, choices, times, and the few ballots that carry
more: a reason, proxies, grades, approvals); output is a `BallotBox`: the counted choice of each
electorate member (in person or by proxy), the advisory choices, and the rejected ballots with
their reason codes. The common case (no times, no proxies, no repeated voter, everyone in the
electorate) takes a fast path over columns and sets; every other case the general one, with the
same results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from ... import methods
from ...decision import RejectedBallot
from ...methods import Method
from ..context import ProposalContext
from .electorate import Populations, in_population, populations

NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass
class Columns:
    """The ballots of a case as parallel lists; `extras` maps a ballot's position to the ballot
    when it carries more than a choice: a reason, proxies, or another method's content."""

    voters: list[str]
    choices: list[str | None]
    ats: list[dt.datetime | None] | None
    extras: dict[int, Any]


def columns(ballots) -> Columns:
    if hasattr(ballots, "voters") and hasattr(ballots, "choices"):
        return Columns(ballots.voters, ballots.choices, ballots.ats, ballots.extras)
    voters = [b.voter for b in ballots]
    choices = [b.choice for b in ballots]
    ats = [b.at for b in ballots]
    fields = [f for f in methods.ballot_fields() if f != "choice"]
    extras = {
        i: b
        for i, b in enumerate(ballots)
        if b.reason is not None or b.proxies or any(getattr(b, f) is not None for f in fields)
    }
    return Columns(voters, choices, ats if any(a is not None for a in ats) else None, extras)


@dataclass
class Cast:
    """A counted ballot: in person, or by proxy (`carrier` set). `content` is what the rule's
    method reads (its `ballot_field`: the choice, the grades, the approvals, ...)."""

    voter: str
    choice: str | None
    index: int
    carrier: str | None = None
    reason: str | None = None
    content: Any = None


@dataclass
class BallotBox:
    pops: Populations
    electorate: Set[str]  # with the people represented by accepted proxies
    choices: Mapping[str, str | None]  # electorate member -> counted choice (in person or proxy)
    in_person: Set[str]  # electorate members whose own ballot is counted
    by_proxy: dict[str, str]  # represented -> carrier
    casts: dict[str, Cast]  # for reasons and method contents (only ballots that carry them)
    advisory: dict[str, str | None]
    rejected: list[RejectedBallot] = field(default_factory=list)
    replaced: int = 0
    present_set: Set[str] | None = None  # who counts as present among the electorate


@dataclass
class Times:
    opens: dt.datetime | None
    closes: dt.datetime | None  # the close, or the time asked when the proposal gives none
    asked: dt.datetime | None
    open_vote: bool  # asked before the close: the vote is still open


def times(ctx: ProposalContext) -> Times:
    """When the vote opens and closes. Without `closes`, the vote closes when the question is
    asked, unless the proposal says it is still `open` (a stored proposal not yet closed): then
    it is open, with no closing date."""
    proposal, asked = ctx.case.proposal, ctx.case.at
    if proposal.closes is None and proposal.open:
        return Times(proposal.opens, None, asked, True)
    closes = proposal.closes or asked
    open_vote = bool(proposal.closes and asked and asked < proposal.closes)
    return Times(proposal.opens, closes, asked, open_vote)


def collect(
    ctx: ProposalContext,
    rule,
    body_id: str,
    when: Times,
    method: Method,
    options: list[str],
    weighted_colleges: set[str] | None,
    ballots: Any = None,
) -> BallotBox:
    """The ballot box of the case's ballots (or of `ballots`, a part of them)."""
    case = ctx.case
    cols = columns(case.ballots if ballots is None else ballots)
    attendance = None
    if case.present is not None:
        for i, mid in enumerate(case.present):
            ctx.require_member(mid, f"$.present[{i}]")
        attendance = set(case.present)
    n = len(cols.voters)
    fast = (
        cols.ats is None
        and not cols.extras
        and attendance is None
        and rule.voters.base != "present"
        and method.ballot_field == "choice"
    )
    if fast:
        box = _collect_fast(ctx, rule, body_id, cols, weighted_colleges)
        if box is not None:
            return box
    order = list(range(n))
    if cols.ats is not None:
        ats = cols.ats
        order.sort(key=lambda i: ats[i] or NEVER)

    def on_time(i: int) -> str | None:
        at = cols.ats[i] if cols.ats is not None else None
        if at is None:
            return None
        if when.opens is not None and at < when.opens:
            return "ballot.early"
        if when.closes is not None and at > when.closes:
            return "ballot.late"
        if when.asked is not None and at > when.asked:
            return "ballot.future"
        return None

    # who cast a ballot on time: stands in for attendance when none is recorded
    voted = {cols.voters[i] for i in order if cols.voters[i] in ctx.members and not on_time(i)}
    pops = populations(ctx, rule, body_id, attendance, voted)
    electorate, advisory_pop = pops.electorate, pops.advisory
    rejected: list[RejectedBallot] = []

    def reject(voter: str, code: str, **args: Any) -> None:
        rejected.append(RejectedBallot(voter=voter, code=code, args=args))

    def set_aside(carrier: str, represented: str, code: str, **args: Any) -> None:
        """A proxy not counted: the ballot that carried it was cast by `carrier`."""
        rejected.append(
            RejectedBallot(voter=carrier, represented=represented, code=code, args=args)
        )

    latest: dict[str, int] = {}
    advisory_latest: dict[str, int] = {}
    replaced = 0
    option_set = set(options)
    settings = method.settings(rule)

    def content(i: int) -> Any:
        if method.ballot_field == "choice":
            return cols.choices[i]
        b = cols.extras.get(i)
        return getattr(b, method.ballot_field) if b is not None else None

    for i in order:
        voter = cols.voters[i]
        if voter not in ctx.members:
            reject(voter, "ballot.not_member")
            continue
        inside = voter in electorate
        if not inside and voter not in advisory_pop:
            if voter in pops.concerned and rule.voters.except_concerned:
                reject(voter, "ballot.concerned")
            else:
                reject(voter, "ballot.outside", who=rule.voters)
            continue
        timing = on_time(i)
        if timing:
            reject(
                voter,
                timing,
                at=cols.ats[i] if cols.ats is not None else None,  # (a timing fault has a time)
                closes=when.closes,
                opens=when.opens,
                asked=when.asked,
            )
            continue
        bad = method.ballot_problem(content(i), option_set, settings)
        if bad:
            reject(voter, bad[0], **bad[1])
            continue
        if inside and weighted_colleges is not None:
            college = ctx.attributes.get(voter, {}).get("college")
            if college not in weighted_colleges:
                reject(voter, "ballot.no_college", college=college)
                continue
        book = latest if inside else advisory_latest
        if voter in book:
            if rule.ballots_final:
                reject(voter, "ballot.final")
                continue
            replaced += 1
        book[voter] = i

    choices: dict[str, str | None] = {v: cols.choices[i] for v, i in latest.items()}
    casts: dict[str, Cast] = {}
    for v, i in latest.items():
        b = cols.extras.get(i)
        if b is not None:
            casts[v] = Cast(v, cols.choices[i], i, None, b.reason, content(i))
    in_person = set(latest)
    by_proxy: dict[str, str] = {}
    final_electorate = set(electorate)
    present_base = attendance if attendance is not None else in_person
    limit = rule.proxies_per_voter
    carriers = [
        (cols.voters[i], i)
        for i in order
        if i in cols.extras and cols.extras[i].proxies and latest.get(cols.voters[i]) == i
    ]
    for carrier, i in carriers:
        b = cols.extras[i]
        carried = 0
        for rep in b.proxies:
            if limit is None:
                set_aside(carrier, rep, "proxy.not_allowed")
            elif rep == carrier:
                set_aside(carrier, rep, "proxy.self")
            elif rep not in ctx.members:
                set_aside(carrier, rep, "proxy.not_member")
            elif attendance is not None and carrier not in attendance:
                set_aside(carrier, rep, "proxy.carrier_absent")
            elif rep in in_person:
                set_aside(carrier, rep, "proxy.voted_in_person")
            elif rep in by_proxy:
                set_aside(carrier, rep, "proxy.twice", first=by_proxy[rep])
            elif not (
                rep in electorate
                or in_population(
                    ctx, rule.voters, rep, body_id, (present_base or set()) | {rep}, pops.concerned
                )
            ):
                set_aside(carrier, rep, "proxy.outside", who=rule.voters)
            elif (
                weighted_colleges is not None
                and ctx.attributes.get(rep, {}).get("college") not in weighted_colleges
            ):
                set_aside(
                    carrier,
                    rep,
                    "proxy.no_college",
                    college=ctx.attributes.get(rep, {}).get("college"),
                )
            elif carried >= limit:
                set_aside(carrier, rep, "proxy.too_many", limit=limit)
            else:
                carried += 1
                by_proxy[rep] = carrier
                final_electorate.add(rep)
                choices[rep] = cols.choices[i]
                casts[rep] = Cast(rep, cols.choices[i], i, carrier, b.reason, content(i))
    # ballots of people represented who are not counted: carriers' proxies on rejected ballots
    counted_idx = set(latest.values())
    for i, b in cols.extras.items():
        if b.proxies and i not in counted_idx and cols.voters[i] in electorate:
            for rep in b.proxies:
                if rep not in by_proxy:
                    set_aside(cols.voters[i], rep, "proxy.carrier_not_counted")
    advisory = {v: cols.choices[i] for v, i in advisory_latest.items()}
    for v, i in advisory_latest.items():
        b = cols.extras.get(i)
        if b is not None and b.proxies:
            for rep in b.proxies:
                set_aside(v, rep, "proxy.outside", who=rule.voters)
    if attendance is not None:
        present_set = (final_electorate & attendance) | set(by_proxy)
    else:
        present_set = in_person | set(by_proxy)
    pops.electorate = final_electorate
    return BallotBox(
        pops=pops,
        electorate=final_electorate,
        choices=choices,
        in_person=in_person,
        by_proxy=by_proxy,
        casts=casts,
        advisory=advisory,
        rejected=rejected,
        replaced=replaced,
        present_set=present_set,
    )


class ZipMap(Mapping):
    """voter -> choice over two parallel lists whose voters are distinct: no dict is built for
    a million ballots unless someone looks a voter up (then once)."""

    def __init__(self, voters: list[str], choices: list[str | None]):
        self._voters, self._choices = voters, choices
        self._index: dict[str, str | None] | None = None

    def _lookup(self) -> dict[str, str | None]:
        if self._index is None:
            self._index = dict(zip(self._voters, self._choices, strict=True))
        return self._index

    def __getitem__(self, voter: str) -> str | None:
        return self._lookup()[voter]

    def __contains__(self, voter: object) -> bool:
        return voter in self._lookup()

    def __iter__(self):
        return iter(self._voters)

    def __len__(self) -> int:
        return len(self._voters)

    def values(self):  # a list: counted with list.count
        return self._choices


def _within(voters: set[str], group) -> bool:
    """Whether every voter is in the group (a set, a dict's keys, or any container)."""
    if isinstance(group, set | frozenset):
        return voters <= group  # both walked in hash order: far fewer cache misses
    return all(map(group.__contains__, voters))


def _collect_fast(
    ctx: ProposalContext, rule, body_id: str, cols: Columns, weighted_colleges: set[str] | None
) -> BallotBox | None:
    """Plain ballots (no times, proxies, reasons; no attendance), each voter a member of the
    electorate. The voters are compared with the members and the electorate as sets, and a
    repeated voter shows as fewer distinct voters than ballots, so no dict of the ballots is
    built. Returns None to take the general path whenever a ballot needs a reason."""
    voters, choices = cols.voters, cols.choices
    if None in choices:
        return None
    pops = populations(ctx, rule, body_id, None, set())
    electorate = pops.electorate
    if pops.advisory:
        return None
    voter_set = set(voters)
    members = ctx.members.keys()  # a set for members given by id alone, else a dict's keys
    if not _within(voter_set, members):
        return None  # a non-member: rejected with its reason on the general path
    everyone = electorate is members or (  # a dict's keys view is new at each call
        type(electorate) is type({}.keys()) and len(electorate) == len(ctx.members)
    )
    if not everyone and not _within(voter_set, electorate):
        return None
    n = len(voters)
    if len(voter_set) != n:  # a repeated voter: the latest ballot counts
        if rule.ballots_final:
            return None
        latest: Mapping[str, str | None] = dict(zip(voters, choices, strict=True))
    else:
        latest = ZipMap(voters, choices)
    if weighted_colleges is not None:
        attrs = ctx.attributes
        if any(attrs.get(v, {}).get("college") not in weighted_colleges for v in voters):
            return None
    return BallotBox(
        pops=pops,
        electorate=electorate,
        choices=latest,
        in_person=latest.keys(),
        by_proxy={},
        casts={},
        advisory={},
        rejected=[],
        replaced=n - len(latest),
        present_set=latest.keys(),
    )
