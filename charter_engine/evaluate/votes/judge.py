"""One ballot as it is cast: would it count, and if not, why (the service asks this before it
stores a ballot).

`judge_ballot(charter, case, voter)` judges the last ballot of `voter` in the case's ballots
with the decision's own rules and reasons — `collect` in ballots.py, nothing restated here:
not a member, outside the electorate, outside the time window (`at` is when it is cast), not
fitting the method, no college, a second ballot under `ballots: final`; and, when the ballot
counts, each proxy it carries (not allowed, for oneself, beyond the limit, the represented
person voted in person or gave a proxy to someone else, ...).

A ballot's fate depends on little: the voter's member record, the attendance, the voter's own
earlier ballot (under `ballots: final`) and, for the proxies it carries, the records and ballots
of the people it represents and of their other carriers. The case needs only those, not every
ballot of the vote, so judging a ballot does not grow with the number already cast.

What is judged is the ballot, not the proposal: whether the proposal is validly before the
body (notice, duration, consultation, the proposer's right, ...) is the decision's question.
Without a competent body or a rule there is nothing to judge a ballot by: `judged` is false and
`reasons` say why.
"""

from __future__ import annotations

from ... import methods
from ...case import BallotColumns, ProposalCase, parse_case
from ...decision import BallotJudgement, Reason
from ...diagnostics import CaseError, Diagnostic
from ..competence import competent, select_rule
from ..context import Context
from ..engine import bulk_allocation
from .ballots import BallotBox, collect, times
from .validity import check_body


def judge_ballot(charter, data: dict, voter: str) -> BallotJudgement:
    """Judge the last ballot of `voter` in `data` (a case in the scenario format with its
    `proposal`, the `members` the ballot's fate depends on, `present`, the ballots and `at`)."""
    if not isinstance(data, dict) or data.get("proposal") is None:
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.no_question",
                    "judging a ballot needs the case's `proposal`",
                    path="$",
                )
            ]
        )
    with bulk_allocation():
        case = parse_case(data)
        # a case with a `proposal` asks that question alone (parse_case refuses two)
        assert isinstance(case, ProposalCase)
        ctx = Context(charter, case)
    proposal = case.proposal
    ballots = case.ballots
    # plain ballots: no model is built
    voters = ballots.voters if isinstance(ballots, BallotColumns) else [b.voter for b in ballots]
    mine = [i for i, v in enumerate(voters) if v == voter]
    if not mine:
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.no_ballot",
                    f"the case has no ballot of `{voter}` to judge",
                    path="$.ballots",
                )
            ]
        )
    last = mine[-1]
    judgement = BallotJudgement(voter=voter)

    competence = competent(charter, proposal.subject, proposal.body)
    judgement.body = competence.body
    bad = check_body(ctx, competence, proposal.body)
    body_id = competence.body  # None only when check_body says why
    rule = None if bad or body_id is None else select_rule(charter, body_id, proposal.subject)
    if rule is None or body_id is None:
        judgement.judged = judgement.counts = False
        judgement.reasons = bad or [
            Reason(
                code="invalid.no_rule", args={"body": competence.body, "subject": proposal.subject}
            )
        ]
        return judgement
    judgement.rule, judgement.final = rule.name, bool(rule.ballots_final)
    method = methods.get(rule.method)
    if method is None:
        judgement.judged = judgement.counts = False
        judgement.reasons = [Reason(code="method.unknown", args={"method": rule.method})]
        return judgement
    colleges = {c.id for c in charter.model.colleges} if rule.weighted_by_college else None

    def box_of(keep: list[int] | None) -> BallotBox:
        return collect(
            ctx,
            rule,
            body_id,
            times(ctx),
            method,
            list(proposal.options),
            colleges,
            ballots=ballots if keep is None else _subset(ballots, keep),
        )

    # the ballot replaces the voter's earlier ones: judge it without them, then, under
    # `ballots: final`, with them (the first one stands)
    alone = None if len(mine) == 1 else [i for i, v in enumerate(voters) if v != voter or i == last]
    box = box_of(alone)
    own = [r for r in box.rejected if r.voter == voter and r.represented is None][:1]
    if not own and rule.ballots_final and len(mine) > 1:
        own = [r for r in box_of(None).rejected if r.voter == voter and r.code == "ballot.final"]
    judgement.rejected = own[:1]
    judgement.counts = not own
    if not own:  # the proxies this ballot carries that would not count, and why
        judgement.proxies_set_aside = [
            r for r in box.rejected if r.voter == voter and r.represented is not None
        ]
    return judgement


def _subset(ballots, keep: list[int]):
    """The ballots at the positions `keep`, in the same shape (columns stay columns)."""
    if isinstance(ballots, BallotColumns):
        at = {i: k for k, i in enumerate(keep)}
        return BallotColumns(
            [ballots.voters[i] for i in keep],
            [ballots.choices[i] for i in keep],
            None if ballots.ats is None else [ballots.ats[i] for i in keep],
            {at[i]: b for i, b in ballots.extras.items() if i in at},
        )
    return [ballots[i] for i in keep]


__all__ = ["BallotJudgement", "judge_ballot"]
