"""A proposal put to a vote: `decide(ctx) -> Decision` (design §4, §5, §8).

The steps, each in its own module:

1. validity.py — competence, the stated body, the rule, `may propose:`, `notice:`, `duration:`,
   `consultation:`; any failure makes the decision `invalid`, with its reason;
2. electorate.py / ballots.py — the populations, then which ballots count: latest per voter,
   late ones, `ballots: final`, outsiders and non-members, advisory ballots, proxies;
3. objections.py — objections and their rulings;
4. tally.py, thresholds.py, weighted.py — the counts and each test, exact;
5. the rule's voting method (charter_engine/methods/) ranks the options, when it is one that
   does (majority judgment, approval, ...);
6. certainty.py — for a vote still open, whether the outcome is already certain.

Choices where the design is silent (the docs quote this list):

* Ballot order is the cast time `at`, then the position in the list; a ballot without `at` sorts
  before every timed ballot. With no `closes`, the vote closes when asked (`at`); a ballot cast
  after the close is late, one cast before `opens` is early, one cast after the time asked has
  not happened yet: all three are rejected with their reason.
* Rejection reasons, checked in this order: not a member of the case; outside the electorate
  (`concerned` when `except concerned` removed the voter); outside the time window; the ballot
  does not fit the method (its `ballot_problem`: no choice; for majority judgment no `grades`, an
  unknown option or a grade outside the scale; for approval no `approve`, an unknown or repeated
  option); no college
  when votes are weighted; under `ballots: final`, a second ballot.
* Advisory ballots (the rule's `advisory:` population, outside the electorate) follow the same
  replacement rules, are reported in `advisory`, and never enter a test. Proxies cannot be
  carried on an advisory ballot.
* Proxies are taken from the voter's counted (latest) ballot, in list order, up to N. A proxy is
  rejected when the rule allows none, for oneself, for a non-member, when attendance is recorded
  and the carrier is not present, when the represented person voted in person, when that person
  already gave a proxy to someone else, when they are outside the electorate, or beyond N. A
  represented person counts as having cast the carrier's choice, and as present (also for a
  `present`-based electorate). Proxies on a ballot that is not counted are rejected.
* `present` with no attendance recorded is the electorate members whose ballot is counted (in
  person or by proxy). `members` is the deciding body's members, without the concerned when the
  rule's voters exclude them.
* `second call:` applies when `call: 2`; it replaces every test labelled `quorum`. A second call
  on a rule without a `second call:` clause keeps the first quorum (the reasons say so).
* `tie: chair decides` applies when for = against (for weighted votes: equal weighted shares), the
  vote is decided, and only `for` tests fail. The chair's own counted ballot decides: `for`
  adopts, `against` rejects; no chair named, or a chair who did not vote for or against, and the
  tie stands (the proposal fails, the reasons say why).
* `otherwise: refer to X` gives `referred` whenever the proposal fails its tests (not when it is
  invalid); for an open vote that is already certain to fail, the certain outcome is `referred`.
* An objection without a reason still counts; a ruling of invalidity must record a reason.
* A consent rule has no base: with nobody in the electorate (say `consent of present` and
  nobody present) no objection stands and it passes. A charter that wants people in the room
  says so with a quorum.
* A body's `may vote:` is a condition on every voter of its rules: the electorate is the rule's
  `voters:` who also meet it.
* A proposal that names no `chair` is chaired by the deciding body's `chair:`, if it has one.
* Majority judgment and approval: the proposal is `adopted` with its ranking when every test of
  the rule (a quorum, say) passes and at least one ballot counts; `rejected` otherwise (or
  `referred`). A tie at the cut or at the top is reported in `tied_at_cut`, never broken.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Set
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ... import methods
from ...decision import Decision, Ids, Reason, TestResult
from ...diagnostics import CaseError, Diagnostic
from ...model import Base, Test
from ...model.words import tally as count_choices
from ..competence import competent, select_rule
from ..context import ProposalContext
from . import certainty as cert
from .ballots import BallotBox, Times, collect, times
from .electorate import population_set
from .objections import rule_objections
from .thresholds import passes, threshold_text
from .validity import (
    check_admission,
    check_amendment,
    check_body,
    check_consultation,
    check_proposer,
    check_times,
)
from .weighted import college_counts, weighted_share


@dataclass
class Evaluation:
    tests: list[TestResult]
    counts: dict[str, int]
    weighted: dict[str, str] | None
    reasons: list[Reason]
    tie_reason: Reason | None = None
    adopted: bool = False


def _quantity(ctx: ProposalContext, test: Test) -> Fraction | None:
    if test.parameter is None:
        return test.amount
    value = ctx.parameters.get(test.parameter)
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.parameter",
                    f"parameter `{test.parameter}` has no number in force (got `{value}`)",
                    "give it in `parameters:`",
                    path=f"$.parameters.{test.parameter}",
                )
            ]
        )
    return Fraction(value)


def effective_tests(ctx: ProposalContext, rule) -> tuple[list[Test], list[Reason]]:
    tests = list(rule.tests)
    if ctx.case.proposal.call != 2:
        return tests, []
    if rule.second_call is None:
        return tests, [Reason(code="vote.second_call_missing", cite=rule.cite)]
    cite = rule.second_call.cite or rule.cites.get("second_call") or rule.cite
    tests = [t for t in tests if t.label != "quorum"]
    q = rule.second_call.quorum
    if q is None:
        return tests, [Reason(code="vote.second_call_none", cite=cite)]
    amount = _quantity(ctx, q)
    return tests + [q], [
        Reason(code="vote.second_call", args={"quorum": q, "amount": amount}, cite=cite)
    ]


def evaluate_tests(
    ctx: ProposalContext,
    rule,
    tests: list[Test],
    counts: dict[str, int],
    per_college: dict[str, dict[str, int]] | None,
) -> Evaluation:
    results: list[TestResult] = []
    reasons: list[Reason] = []
    weighted: dict[str, str] | None = None
    weights = {c.id: c.weight for c in ctx.charter.model.colleges}
    for test in tests:
        q = _quantity(ctx, test)
        base_size = counts[test.base] if test.base else None
        need = test.comparator.needed(q, base_size)
        reached = counts[test.count]
        cite = test.cite or rule.cite
        if (  # weighted
            per_college is not None
            and test.base is not None
            and test.count not in ("present", "participation")
        ):
            share, shares = weighted_share(per_college, weights, test.count, test.base)
            ok = share is not None and test.comparator.holds(share, q if q is not None else 1)
            result = TestResult(
                name=test.label,
                count=test.count,
                comparator=test.comparator,
                threshold=threshold_text(test, q),
                base=test.base,
                base_size=base_size,
                needed=None,
                reached=reached,
                passed=ok,
                weighted_share=None if share is None else str(share),
                cite=cite,
            )
            reasons.append(
                Reason(
                    code="weighted.share",
                    cite=rule.cites.get("weighted") or cite,
                    args={"test": test.label, "share": share, "colleges": shares},
                )
            )
            for s in shares:
                if s.share is None:
                    reasons.append(
                        Reason(
                            code="weighted.dropped",
                            args={"college": s.college, "base": Base(test.base)},
                        )
                    )
            if weighted is None:
                weighted = {
                    s.college: (str(s.share) if s.share is not None else "dropped out")
                    for s in shares
                }
                weighted["total"] = str(share) if share is not None else "none"
        else:
            result = TestResult(
                name=test.label,
                count=test.count,
                comparator=test.comparator,
                threshold=threshold_text(test, q),
                base=test.base,
                base_size=base_size,
                needed=need,
                reached=reached,
                passed=passes(test.comparator, reached, need, base_size),
                cite=cite,
            )
        results.append(result)
    return Evaluation(results, counts, weighted, reasons, adopted=all(t.passed for t in results))


def _tie(
    ctx: ProposalContext,
    rule,
    ev: Evaluation,
    box_choices: Mapping[str, str | None],
    per_college,
    chair: str | None,
) -> Reason | None:
    """`tie: chair decides`; sets ev.adopted when the chair's vote adopts."""
    failing = [t for t in ev.tests if not t.passed]
    if not rule.tie_chair_decides or not failing or any(t.count != "for" for t in failing):
        return None
    counts = ev.counts
    if per_college is not None:
        weights = {c.id: c.weight for c in ctx.charter.model.colleges}
        s_for, _ = weighted_share(per_college, weights, "for", "expressed")
        s_against, _ = weighted_share(per_college, weights, "against", "expressed")
        tie = s_for is not None and s_for == s_against
    else:
        tie = counts["for"] == counts["against"] and counts["for"] > 0
    if not tie:
        return None
    args: dict[str, Any] = {"for": counts["for"], "against": counts["against"]}
    cite = rule.cites.get("tie") or rule.cite
    if chair is None:
        return Reason(code="tie.no_chair", args=args, cite=cite)
    choice = box_choices.get(chair)
    args["chair"] = chair
    if choice == "for":
        ev.adopted = True
        return Reason(code="tie.chair_for", args=args, cite=cite)
    if choice == "against":
        return Reason(code="tie.chair_against", args=args, cite=cite)
    return Reason(code="tie.chair_silent", args=args, cite=cite)


def _per_college(ctx, rule, choices, electorate, members, present):
    if not rule.weighted_by_college:
        return None
    return college_counts(
        ctx,
        [c.id for c in ctx.charter.model.colleges],
        choices=choices,
        electorate=electorate,
        members=members,
        present=present,
    )


def tally(
    ctx: ProposalContext,
    rule,
    tests: list[Test],
    choices: Mapping[str, str | None],
    electorate: Set[str],
    members: Set[str],
    present: Set[str],
    not_standing: list[str],
) -> tuple[Evaluation, dict | None]:
    counts = count_choices(
        choices.values(),
        len(not_standing),
        present=len(present),
        voters=len(electorate),
        members=len(members),
    )
    per = _per_college(ctx, rule, choices, electorate, members, present)
    if per is not None:
        for mid in not_standing:
            college = ctx.attributes.get(mid, {}).get("college")
            if college in per:
                per[college]["objections"] -= 1
    ev = evaluate_tests(ctx, rule, tests, counts, per)
    return ev, per


def decide(ctx: ProposalContext) -> Decision:
    proposal = ctx.case.proposal
    charter = ctx.charter
    competence = competent(charter, proposal.subject, proposal.body)
    decision = Decision(outcome="invalid", subject=proposal.subject, body=competence.body)
    decision.reasons += competence.reasons
    bad = check_body(ctx, competence, proposal.body)
    body_id = competence.body
    if bad or body_id is None:  # without a competent body, check_body says why
        decision.reasons += bad
        return decision
    rule = select_rule(charter, body_id, proposal.subject)
    if rule is None:
        decision.reasons.append(
            Reason(code="invalid.no_rule", args={"body": body_id, "subject": proposal.subject})
        )
        return decision
    decision.rule, decision.method = rule.name, rule.method
    method = methods.get(rule.method)
    if method is None:  # the checker refuses an unknown method: only a hand-made model has one
        decision.reasons.append(Reason(code="method.unknown", args={"method": rule.method}))
        return decision
    decision.reasons.append(
        Reason(code="rule.applied", args={"rule": rule.name, "body": body_id}, cite=rule.cite)
    )
    body = charter.bodies[body_id]
    chair = proposal.chair
    if chair is None and body.chair is not None:
        # the body's standing chair (`chair: NAME`) chairs a proposal that names none
        chair = body.chair
        decision.reasons.append(
            Reason(
                code="chair.standing",
                args={"chair": body.chair, "body": body_id},
                cite=body.cites.get("chair"),
            )
        )
    bad = check_proposer(ctx, body_id) or check_admission(ctx, body_id) or check_amendment(ctx)
    if bad:
        decision.reasons += bad
        return decision
    when = times(ctx)
    time_reasons, ok = check_times(ctx, rule, when.closes, still_open=when.open_vote)
    consult_reasons, ok2 = check_consultation(ctx, rule, body_id)
    decision.reasons += time_reasons + consult_reasons
    if not (ok and ok2):
        return decision
    if method.ranks_options and not proposal.options:
        decision.reasons.append(Reason(code="method.no_options"))
        return decision
    colleges = None
    if rule.weighted_by_college:
        colleges = {c.id for c in charter.model.colleges}
        if not colleges:
            decision.reasons.append(Reason(code="weighted.no_colleges", cite=rule.cite))
            return decision
    tests, call_reasons = effective_tests(ctx, rule)
    decision.reasons += call_reasons

    box = collect(ctx, rule, body_id, when, method, list(proposal.options), colleges)
    decision.rejected_ballots = box.rejected
    if box.replaced:
        decision.reasons.append(Reason(code="ballots.replaced", args={"count": box.replaced}))
    objectors = {}
    if "object" in box.choices.values():
        objectors = {
            v: (box.casts[v].reason if v in box.casts else None)
            for v, c in box.choices.items()
            if c == "object"
        }
    records, objection_reasons = rule_objections(ctx, rule, objectors, chair)
    decision.objections = records
    not_standing = [r.voter for r in records if r.status != "standing"]

    present = box.present_set or set()
    ev, per = tally(
        ctx, rule, tests, box.choices, box.electorate, box.pops.members, present, not_standing
    )
    decision.tests, decision.counts, decision.weighted = ev.tests, ev.counts, ev.weighted
    decision.reasons += objection_reasons + ev.reasons
    if box.advisory:
        adv = count_choices(
            box.advisory.values(), 0, present=0, voters=len(box.pops.advisory), members=0
        )
        decision.advisory = {
            k: adv[k]
            for k in (
                "for",
                "against",
                "abstain",
                "objections",
                "blocks",
                "participation",
                "voters",
            )
        }
        decision.reasons.append(
            Reason(
                code="vote.advisory",
                args={"count": len(box.advisory)},
                cite=rule.cites.get("advisory") or rule.cite,
            )
        )

    adopted = ev.adopted
    if method.ranks_options:
        adopted = _rank(decision, method, rule, proposal.options, box) and adopted
    decided_now = not when.open_vote
    certain = True
    if when.open_vote:
        certain, adopted_if_certain, reason = _certainty(
            ctx, rule, method, tests, box, ev, when, not_standing, records
        )
        if certain and any(r.code == "duration.open" for r in time_reasons):
            # the vote may still close too early for `duration:`: nothing is certain yet
            certain = False
            reason = Reason(
                code="pending.open",
                args={
                    "closes": None,
                    "remaining": reason.args["remaining"],
                    "final": rule.ballots_final,
                    "monotone": True,
                },
            )
        decision.reasons.append(reason)
        if certain:
            adopted = adopted_if_certain
            decided_now = True
    if decided_now and not adopted:
        tie = _tie(ctx, rule, ev, box.choices, per, chair)
        if tie is not None:
            decision.reasons.append(tie)
            adopted = ev.adopted
    silent = len(box.electorate) - len(box.choices)
    if silent > 0 and any(t.count == "objections" for t in tests):
        decision.reasons.append(
            Reason(code="objection.silence", args={"count": silent}, cite=rule.cite)
        )
    decision.certain = certain
    failed = Ids(t.name for t in ev.tests if not t.passed)
    if not decided_now:
        decision.outcome = "pending"
    elif adopted:
        decision.outcome = "adopted"
        if all(t.passed for t in ev.tests):
            decision.reasons.append(Reason(code="vote.adopted", cite=rule.cite))
        else:  # the chair's casting vote
            decision.reasons.append(
                Reason(
                    code="vote.adopted_by_chair",
                    args={"tests": failed},
                    cite=rule.cites.get("tie") or rule.cite,
                )
            )
    elif rule.refer_to:
        decision.outcome, decision.referred_to = "referred", rule.refer_to
        decision.reasons.append(
            Reason(
                code="vote.referred",
                args={"tests": failed, "body": rule.refer_to},
                cite=rule.cites.get("otherwise") or rule.cite,
            )
        )
    else:
        decision.outcome = "rejected"
        decision.reasons.append(
            Reason(code="vote.rejected", args={"tests": failed}, cite=rule.cite)
        )
    return decision


def _rank(decision: Decision, method, rule, options: list[str], box: BallotBox) -> bool:
    """The method's ranking of the options from the counted ballots; False when none counts."""
    casts = [box.casts[v] for v in box.choices if v in box.casts]
    counted = method.count([c.content for c in casts], options, method.settings(rule), rule)
    decision.ranking, decision.ranking_detail = counted.ranking, counted.detail
    decision.winners, decision.tied_at_cut = counted.winners, counted.tied
    decision.rounds = counted.rounds
    decision.counts.update(counted.counts)
    decision.reasons += counted.reasons
    if not casts:
        decision.reasons.append(Reason(code="method.no_ballots"))
        return False
    return True


def _certainty(
    ctx: ProposalContext,
    rule,
    method,
    tests: list[Test],
    box: BallotBox,
    ev: Evaluation,
    when: Times,
    not_standing: list[str],
    records,
) -> tuple[bool, bool, Reason]:
    """(certain, adopted when certain, the reason)."""
    attendance = box.pops.attendance is not None
    concerned = box.pops.concerned
    if rule.voters.base == "present":
        potential = population_set(ctx, rule.voters, box.pops.body, set(ctx.members), concerned)
        potential |= box.electorate
    else:
        potential = box.electorate
    remaining = potential - box.in_person if rule.ballots_final else set(potential)
    standing = {r.voter for r in records if r.status == "standing"}
    base_args = {"closes": when.closes, "remaining": len(remaining)}
    if not remaining and not standing:
        return (
            True,
            ev.adopted and (bool(box.choices) or not method.ranks_options),
            Reason(code="certain.final", args=base_args, cite=rule.cites.get("ballots")),
        )
    monotone_rule = (
        method.certain_early
        and not rule.tie_chair_decides
        and all(cert.monotone(t, _quantity(ctx, t)) for t in tests)
    )
    # certainly adopted: every test passes in its own least favourable completion
    if method.certain_early and (not rule.weighted_by_college or not remaining):
        present = box.present_set or set()
        groups: Counter = Counter()
        for v in remaining:
            choice = box.choices.get(v)
            groups[cert.State(choice, v in standing, v in present, v in box.electorate)] += 1
        for v in standing - remaining:  # final ballots: the objection can still be withdrawn
            groups[cert.State("object", True, v in present, True, fixed=True)] += 1
        may_be_present = rule.proxies_per_voter is not None
        grows = rule.voters.base == "present"
        counts = ev.counts
        if all(t.passed for t in ev.tests) and not any(
            cert.can_fail(
                t,
                _quantity(ctx, t),
                t.comparator.needed(_quantity(ctx, t), counts[t.base] if t.base else None),
                counts,
                groups,
                attendance=attendance,
                may_be_present=may_be_present,
                grows=grows,
            )
            for t in tests
        ):
            return True, True, Reason(code="certain.adopted", args=base_args)
    # certainly not adopted: the most favourable completion fails
    if monotone_rule:
        choices = dict(box.choices)
        for v in remaining:
            choices[v] = "for"
        electorate = box.electorate | remaining
        present = set(box.present_set or set())
        if not attendance or rule.proxies_per_voter is not None:
            present |= remaining
        withdrawn = list(not_standing) + [v for v in standing if choices.get(v) == "object"]
        best, _ = tally(ctx, rule, tests, choices, electorate, box.pops.members, present, withdrawn)
        if not best.adopted:
            failed = Ids(t.name for t in best.tests if not t.passed)
            return True, False, Reason(code="certain.failed", args={**base_args, "tests": failed})
    return (
        False,
        False,
        Reason(
            code="pending.open",
            args={
                **base_args,
                "final": rule.ballots_final,
                "monotone": monotone_rule or not method.certain_early,
            },
        ),
    )


__all__ = ["decide"]
