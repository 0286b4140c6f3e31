"""English: the words and the sentences of every reason the engine gives (the voting methods'
own sentences are in their modules, charter_engine/methods/)."""

from __future__ import annotations

from typing import Any

from ..decision import TestResult
from ..model import Comparator, Population, PopulationBase, Test
from .words import Template, Words


class English(Words):
    code = "en"
    AND = "and"
    OF = "of"
    UNKNOWN = "—"
    COMPARATORS = {
        Comparator.AT_LEAST: "at least",
        Comparator.MORE_THAN: "more than",
        Comparator.AT_MOST: "at most",
        Comparator.FEWER_THAN: "fewer than",
        Comparator.NONE: "none",
        Comparator.ALL: "all",
    }
    COUNTS = {
        "present": "present",
        "for": "votes for",
        "against": "votes against",
        "abstain": "abstentions",
        "objections": "standing objections",
        "blocks": "blocks",
        "participation": "participants",
        "expressed": "votes expressed",
        "cast": "votes cast",
        "members": "members",
        "voters": "voters",
    }
    # one of each base, for "college `x` has no member present"
    BASE_ONE = {
        "expressed": "expressed vote",
        "cast": "vote cast",
        "members": "member",
        "voters": "voter",
        "present": "member present",
    }
    POPULATIONS = {
        PopulationBase.MEMBERS: "members",
        PopulationBase.PRESENT: "present",
        PopulationBase.EVERYONE: "everyone",
    }
    UNITS = {
        "day": ("day", "days"),
        "week": ("week", "weeks"),
        "month": ("month", "months"),
        "year": ("year", "years"),
    }
    MISSING_FACTS = {
        "announced": "when it was announced",
        "opens": "when voting opened",
        "closes": "when it closes",
    }

    def population(self, pop: Population) -> str:
        """In English the charter's own words: `members of ca where role = "x"`."""
        return pop.source()

    def test_spec(self, t: Test, amount: Any = None) -> str:
        return f"{t.label}: {self.threshold_of(t, amount)}"

    def threshold_of(self, t: Test, amount: Any = None) -> str:
        if t.comparator is Comparator.NONE:
            return "none"
        if t.comparator is Comparator.ALL:
            return f"all of {t.base}"
        figure = self.figure(amount if amount is not None else t.amount, t.percent, t.parameter)
        return f"{self.COMPARATORS[t.comparator]} {figure}" + (f" of {t.base}" if t.base else "")

    def figure(self, amount: Any, percent: bool, parameter: str | None) -> str:
        if amount is None:
            return parameter or "?"
        shown = self.percent(amount) if percent else self.fraction(amount)
        return f"{parameter} = {shown}" if parameter else shown

    def missing(self, keys: list[str]) -> str:
        return " and ".join(self.MISSING_FACTS[k] for k in keys)

    # ------------------------------------------------------------------ a test's figures
    def test(self, t: TestResult) -> str:
        what = self.COUNTS.get(t.count, t.count)
        if t.weighted_share is not None:
            share = self.share(t.weighted_share)
            base = self.COUNTS.get(t.base or "", t.base)
            comparator = self.COMPARATORS[Comparator(t.comparator)]
            rule = f"weighted share {share} of {base}, {comparator} {t.threshold} needed"
        elif t.comparator == "none":
            rule = "none allowed"
        elif t.comparator == "all":
            rule = f"all {t.base_size} {self.COUNTS.get(t.base or '', t.base)} needed"
        else:
            comparator = Comparator(t.comparator)
            of = f" of {t.base_size} {self.COUNTS.get(t.base or '', t.base)}" if t.base else ""
            bound = "needed" if comparator.is_lower_bound else "allowed"
            rule = f"{t.needed} {bound} ({self.COMPARATORS[comparator]} {t.threshold}{of})"
        verdict = "met" if t.passed else "not met"
        return f"{t.name}: {t.reached} {what}, {rule}: {verdict}"

    MESSAGES: dict[str, Template] = {}


def _because(args: dict[str, Any], w: Words) -> str:
    return f": {w.value(args['reason'])}" if args.get("reason") else ""


def _pending(args: dict[str, Any], w: Words) -> str:
    act = "vote" if args["final"] else "vote or change their ballot"
    why = (
        "the outcome can still change"
        if args["monotone"]
        else "the outcome can still change (this rule's tests are not all monotone, so "
        "certainty is only claimed once nobody can act)"
    )
    until = w.fill(" until {closes:iso}", closes=args["closes"]) if args["closes"] else ""
    return w.fill(
        "the vote is open{until}: {remaining:|voter|voters} can still {act}; {why}",
        until=until,
        remaining=args["remaining"],
        act=act,
        why=why,
    )


def _certain(args: dict[str, Any], w: Words, one: str, many: str) -> str:
    """'already certain …: even if the 3 voters who can still act all voted for'"""
    n = args["remaining"]
    who = (
        f"the one voter who can still act {one}"
        if n == 1
        else f"the {n} voters who can still act {many}"
    )
    if args["closes"] is None:
        return f"already certain while the vote is open: even if {who}"
    return w.fill("already certain while open until {closes:iso}", **args) + f": even if {who}"


def _second_call(args: dict[str, Any], w: Words) -> str:
    quorum = w.test_spec(args["quorum"], args.get("amount"))
    return f"second call: {quorum} replaces the first quorum"


def _weighted(args: dict[str, Any], w: Words) -> str:
    share = args["share"]
    total = "—" if share is None else w.share(share)
    details = ", ".join(
        f"{c.college} {c.count}/{c.base} × {w.percent(c.scaled_weight)}"
        if c.share is not None
        else f"{c.college} —"
        for c in args["colleges"]
    )
    return f"{args['test']} weighted by college: {total} ({details})"


def _dropped(args: dict[str, Any], w: Words) -> str:
    return (
        f"college `{args['college']}` has no {English.BASE_ONE.get(args['base'], args['base'])} "
        "and drops out; the other weights are scaled to 100%"
    )


def _no_envelope(args: dict[str, Any], w: Words) -> str:
    out = w.fill(
        "allocation by `{id}` to `{project}` refused: `{id}` holds no envelope (envelope: "
        "{envelope})",
        **args,
    )
    if args.get("missing"):
        out += "; the member record has no value for " + w.join([f"`{a}`" for a in args["missing"]])
    return out


def _period(args: dict[str, Any]) -> str:
    return f" for {args['period']}" if args.get("period") else ""


English.MESSAGES = {
    # ------------------------------------------------------------------ competence
    "competence.perimeter": "`{subject}` is in the perimeter of `{body}` (it decides `{matched}`)",
    "competence.in_doubt": "`{subject}` is claimed equally by {candidates}: in doubt, it goes to "
    "their nearest common ancestor `{body}`",
    "competence.residual": "no body lists `{subject}`: `{body}` holds the residual competence (`*`)",
    "competence.builtin": "`{subject}` is decided by `{body}`",
    "competence.parameter": "parameter `{parameter}` is set by `{body}`",
    "competence.outside": "no body decides `{subject}` and none holds `*`: the subject is outside "
    "the charter",
    # ------------------------------------------------------------------ eligibility
    "eligibility.unknown_body": "there is no body `{body}`",
    "seat.no_condition": "`{body}` sets no condition on its seats",
    "seat.meets": "`{member}` meets the seat condition of `{body}`: {condition}",
    "seat.fails": "`{member}` may not sit on `{body}`: the condition {condition} does not hold",
    "condition.value": "`{attribute}` is {value}",
    "condition.missing": "the member record has no value for `{attribute}`, so the condition is "
    "false",
    "propose.allowed": "`{member}` may propose to `{body}`",
    "propose.refused": "`{member}` may not propose to `{body}` (`may propose: {who}`)",
    "vote.allowed": "`{member}` is in the electorate of `{body}` ({who})",
    "vote.refused": "`{member}` is not in the electorate of `{body}` ({who})",
    # ------------------------------------------------------------------ is the proposal valid
    "invalid.outside": "invalid: `{subject}` is outside the charter (no body decides it)",
    "invalid.body": "invalid: `{stated}` is not competent for `{subject}`; `{body}` is",
    "invalid.amendment": "invalid: the new charter this amendment carries has {count} error(s)",
    "amendment.error": "new charter, line {line}, column {column}: {message}",
    "invalid.no_rule": "invalid: `{body}` has no rule for `{subject}` and no default rule applies",
    "invalid.proposer": "invalid: `{member}` may not propose to `{body}` (may propose: {who})",
    "invalid.seat": "invalid: admitting `{member}` to `{body}` would break its seat condition",
    "rule.applied": "rule `{rule}` of `{body}` applies",
    "notice.met": "notice: announced {announced}, voting opened {opens}: {comparator} {length} "
    "required, met",
    "notice.failed": "invalid: notice not met: announced {announced}, voting opened {opens}, "
    "{comparator} {length} required",
    "notice.unknown": lambda a, w: (
        w.fill(
            "invalid: the rule requires notice ({comparator} {length}) but the proposal does not say ",
            **a,
        )
        + w.missing(a["missing"])
    ),
    "duration.met": "duration: voting open from {opens} to {closes}: {comparator} {length} "
    "required, met",
    "duration.failed": "invalid: voting open from {opens} to {closes}, {comparator} {length} "
    "required",
    "duration.unknown": lambda a, w: (
        w.fill(
            "invalid: the rule requires voting to stay open {comparator} {length} but the proposal "
            "does not say ",
            **a,
        )
        + w.missing(a["missing"])
    ),
    "consultation.met": "consultation from {start} to {until}, open to {open_to}: {comparator} "
    "{length} open to {who} required, met",
    "consultation.too_short": "invalid: the consultation ran from {start} to {until}; "
    "{comparator} {length} required",
    "consultation.too_narrow": "invalid: the consultation was open to {open_to}, but the rule "
    "requires it open to {who} ({count} left out, e.g. `{example}`)",
    "consultation.missing": "invalid: the rule requires a consultation ({comparator} {length} "
    "open to {who}) and the proposal records none",
    "consultation.unreadable": "invalid: cannot tell who the consultation was open to "
    "({open_to}): write everyone, members, members of BODY or a body",
    # ------------------------------------------------------------------ ballots
    "ballot.not_member": "ballot of `{voter}` not counted: `{voter}` is not a member of the "
    "organisation",
    "ballot.outside": "ballot of `{voter}` not counted: `{voter}` is not in the electorate ({who})",
    "ballot.concerned": "ballot of `{voter}` not counted: the proposal concerns `{voter}`, who "
    "does not vote on it (except concerned)",
    "ballot.late": "ballot of `{voter}` not counted: cast at {at:iso}, after the vote closed "
    "({closes:iso})",
    "ballot.early": "ballot of `{voter}` not counted: cast at {at:iso}, before the vote opened "
    "({opens:iso})",
    "ballot.future": "ballot of `{voter}` not counted: cast at {at:iso}, after the time asked "
    "({asked:iso})",
    "ballot.final": "second ballot of `{voter}` not counted: ballots are final, the first one "
    "stands",
    "ballot.unknown_option": "ballot of `{voter}` not counted: `{option}` is not an option of the "
    "proposal",
    "ballot.no_college": "ballot of `{voter}` not counted: votes are weighted by college and "
    "`{voter}` has no declared college ({college})",
    "ballots.replaced": "{count} earlier ballot(s) replaced by the same voter's latest one",
    # ------------------------------------------------------------------ proxies
    "proxy.not_allowed": "proxy for `{represented}` carried by `{voter}` not counted: the rule allows "
    "no proxies",
    "proxy.too_many": "proxy for `{represented}` carried by `{voter}` not counted: at most {limit} "
    "proxies per voter",
    "proxy.voted_in_person": "proxy for `{represented}` carried by `{voter}` not counted: `{represented}` "
    "voted in person",
    "proxy.not_member": "proxy for `{represented}` carried by `{voter}` not counted: `{represented}` is not "
    "a member of the organisation",
    "proxy.outside": "proxy for `{represented}` carried by `{voter}` not counted: `{represented}` is not in "
    "the electorate ({who})",
    "proxy.carrier_absent": "proxy for `{represented}` carried by `{voter}` not counted: `{voter}` "
    "is not recorded as present",
    "proxy.carrier_not_counted": "proxy for `{represented}` carried by `{voter}` not counted: the "
    "carrier's own ballot is not counted",
    "proxy.twice": "proxy for `{represented}` carried by `{voter}` not counted: `{represented}` already "
    "gave a proxy to `{first}`",
    "proxy.self": "proxy for `{represented}` not counted: a voter cannot carry their own proxy",
    "proxy.no_college": "proxy for `{represented}` carried by `{voter}` not counted: votes are "
    "weighted by college and `{represented}` has no declared college ({college})",
    # ------------------------------------------------------------------ objections
    "objection.standing": lambda a, w: f"objection of `{a['voter']}` stands" + _because(a, w),
    "objection.withdrawn": "objection of `{voter}` withdrawn by its author",
    "objection.invalid": "objection of `{voter}` ruled invalid by `{by}` (`{judge}`): {reason}",
    "ruling.not_judge": "ruling of `{by}` on the objection of `{voter}` ignored: only `{judge}` "
    "may rule an objection invalid",
    "ruling.no_judge": "ruling on the objection of `{voter}` ignored: the rule names nobody to "
    "judge objections",
    "ruling.no_reason": "ruling of `{by}` on the objection of `{voter}` ignored: a ruling must "
    "record its reason",
    "ruling.not_author": "withdrawal of the objection of `{voter}` by `{by}` ignored: only its "
    "author may withdraw it",
    "ruling.no_objection": "ruling on `{voter}` ignored: `{voter}` has no counted objection",
    "objection.silence": "{count} member(s) of the electorate cast nothing: silence is consent",
    # ------------------------------------------------------------------ the vote
    "method.no_options": "invalid: the proposal lists no options to choose between",
    "method.no_ballots": "no counted ballot: nothing to rank",
    "method.unknown": "invalid: the rule's voting method `{method}` is not one the engine knows",
    "vote.adopted": "adopted: every test of the rule is met",
    "vote.adopted_by_chair": "adopted by the chair's casting vote ({tests} not met on its own)",
    "vote.rejected": "rejected: {tests} not met",
    "vote.referred": "{tests} not met: the proposal is referred to `{body}`",
    "vote.second_call": _second_call,
    "vote.second_call_none": "second call: the rule sets no quorum for a second meeting",
    "vote.second_call_missing": "second call, but the rule has no `second call:` clause: the "
    "first quorum applies",
    "vote.advisory": "{count} advisory ballot(s) counted apart; they do not decide",
    "chair.standing": "the proposal names no chair: `{chair}`, the chair of `{body}`, chairs it",
    "tie.chair_for": "tie ({for} for, {against} against): the chair `{chair}` voted for, which "
    "decides",
    "tie.chair_against": "tie ({for} for, {against} against): the chair `{chair}` voted against, "
    "which decides",
    "tie.no_chair": "tie ({for} for, {against} against): no chair is named on the proposal, so "
    "the tie stands",
    "tie.chair_silent": "tie ({for} for, {against} against): the chair `{chair}` did not vote for "
    "or against, so the tie stands",
    "weighted.share": _weighted,
    "weighted.dropped": _dropped,
    "weighted.no_colleges": "invalid: the rule weighs votes by college but the charter declares "
    "no colleges",
    "pending.open": _pending,
    "certain.adopted": lambda a, w: (
        _certain(
            a, w, "voted against, objected or blocked", "all voted against, objected or blocked"
        )
        + ", every test would be met"
    ),
    "certain.failed": lambda a, w: (
        _certain(a, w, "voted for", "all voted for")
        + " (and every objection were withdrawn), "
        + w.fill("{tests} would not be met", **a)
    ),
    "certain.final": lambda a, w: (
        (
            w.fill("already certain while open until {closes:iso}", **a)
            if a["closes"]
            else "already certain while the vote is open"
        )
        + ": nobody can still vote or change a ballot"
    ),
    "duration.open": "duration: voting opened {opens} and is still open; {comparator} {length} "
    "required, judged at the close",
    "invalid.unknown_body": lambda a, w: (
        f"invalid: there is no body `{a['body']}`"
        + (f"; did you mean `{a['near']}`?" if a.get("near") else "")
    ),
    # ------------------------------------------------------------------ budgets: the round
    "budget.round": lambda a, w: f"budget `{a['budget']}`: {a['kind']} budget",
    "budget.window": lambda a, w: w.fill("{clause}: from {start} until {end}, both included", **a),
    "budget.permanent": "permanent round: no meeting, proposals and allocations at any time",
    "budget.provisional": "allocations are still open until {end}: the funding shown is "
    "provisional",
    # ------------------------------------------------------------------ budgets: projects
    "budget.project.duplicate": "project `{id}` is refused: another project with the same id "
    "comes first",
    "budget.project.goal_not_positive": "project `{id}` is refused: its goal {goal} is not more "
    "than zero",
    "budget.project.currency": "project `{id}` is refused: its goal is in {currency}, the budget "
    "counts in {expected}",
    "budget.project.no_proposer": "project `{id}` is refused: it names no proposer",
    "budget.project.unknown_proposer": "project `{id}` is refused: its proposer `{proposer}` is "
    "not a member",
    "budget.project.may_not_propose": "project `{id}` is refused: `{proposer}` may not propose "
    "(may propose: {who})",
    "budget.project.proposers": "project `{id}` is refused: {count} of its proposers meet "
    "{where}, {comparator} {needed} needed",
    "budget.project.outside_window": "project `{id}` is refused: proposed on {at}, outside the "
    "proposals window ({start} – {end})",
    "budget.project.funded": "project `{project}`: {allocated} allocated of a {goal} goal "
    "({share:~%}); {comparator} {threshold} of goal needs {needed}: funded",
    "budget.project.not_funded": "project `{project}`: {allocated} allocated of a {goal} goal "
    "({share:~%}); {comparator} {threshold} of goal needs {needed}: not funded",
    "budget.project.fundable": lambda a, w: (
        w.fill(
            "action `{project}`: {supporters} distinct supporters, {comparator} {threshold} needed: "
            "fundable; each supporter is committed to run it ({who}",
            **a,
        )
        + (f", … and {a['more']} more)" if a["more"] else ")")
    ),
    "budget.project.not_fundable": "action `{project}`: {supporters} distinct supporters, "
    "{comparator} {threshold} needed: not fundable",
    # ------------------------------------------------------------------ budgets: allocations
    "budget.allocation.unknown_member": "allocation by `{id}` to `{project}` refused: `{id}` is "
    "not a member",
    "budget.allocation.not_allocation_budget": "allocation by `{id}` to `{project}` refused: "
    "`{budget}` is a support budget, nobody allocates in it",
    "budget.allocation.outside_window": "allocation by `{id}` to `{project}` on {at} refused: "
    "outside the allocations window ({start} – {end})",
    "budget.allocation.unknown_project": "allocation by `{id}` refused: there is no project "
    "`{project}`",
    "budget.allocation.rejected_project": "allocation by `{id}` to `{project}` refused: the "
    "project was refused",
    "budget.allocation.before_proposed": "allocation by `{id}` to `{project}` on {at} refused: "
    "the project was only proposed on {proposed}",
    "budget.allocation.no_envelope": _no_envelope,
    "budget.allocation.not_voter": "allocation by `{id}` to `{project}` refused: `{id}` is not "
    "among those who allocate ({who})",
    "budget.allocation.currency": "allocation by `{id}` to `{project}` refused: {amount} is not "
    "in {expected}, the envelope's currency",
    "budget.allocation.not_positive": "allocation by `{id}` to `{project}` refused: {amount} is "
    "not more than zero",
    "budget.allocation.envelope_spent": lambda a, w: (
        w.fill(
            "allocation by `{id}` of {amount} to `{project}` refused: the envelope of {envelope}",
            **a,
        )
        + _period(a)
        + " is spent, nothing is left"
    ),
    "budget.allocation.cut_envelope": lambda a, w: (
        w.fill(
            "allocation by `{id}` of {amount} to `{project}` cut to {cut_to}: only {left} was left "
            "of the envelope of {envelope}",
            **a,
        )
        + _period(a)
        + ", which is never overspent"
    ),
    "budget.allocation.goal_reached": "allocation by `{id}` of {amount} to `{project}` refused: "
    "the project has reached its goal of {goal} and overfunding is not allowed",
    "budget.allocation.cut_goal": "allocation by `{id}` of {amount} to `{project}` cut to "
    "{cut_to}, what the goal of {goal} still missed: overfunding is not allowed",
    # ------------------------------------------------------------------ budgets: supports
    "budget.support.not_support_budget": "support by `{voter}` for `{project}` refused: "
    "`{budget}` is an allocation budget, it takes no supports",
    "budget.support.unknown_project": "support by `{voter}` refused: there is no action "
    "`{project}`",
    "budget.support.rejected_project": "support by `{voter}` for `{project}` refused: the action "
    "was refused",
    "budget.support.unknown_member": "support by `{voter}` for `{project}` refused: `{voter}` is "
    "not a member",
    "budget.support.not_voter": "support by `{voter}` for `{project}` refused: `{voter}` is not "
    "among the supporters ({who})",
    "budget.support.repeated": "support by `{voter}` for `{project}` refused: `{voter}` already "
    "supports it (one support each)",
    # ------------------------------------------------------------------ budgets: claims
    "budget.claim.not_support_budget": "claim `{id}` refused: `{budget}` is an allocation "
    "budget, it reimburses nothing",
    "budget.claim.no_reimbursement": "claim `{id}` refused: budget `{budget}` has no "
    "`reimburse:` clause",
    "budget.claim.unknown_project": "claim `{id}` refused: there is no action `{project}`",
    "budget.claim.rejected_project": "claim `{id}` refused: the action `{project}` was refused",
    "budget.claim.not_supporter": "claim `{id}` refused: `{by}` does not (validly) support "
    "`{project}`, so it is not committed to run it",
    "budget.claim.not_fundable": "claim `{id}` refused: the action `{project}` is not fundable "
    "({supporters} supporters, {comparator} {threshold} needed)",
    "budget.claim.currency": "claim `{id}` refused: {amount} is not in {expected}",
    "budget.claim.not_positive": "claim `{id}` refused: {amount} is not more than zero",
    "budget.claim.over_goal": "claim `{id}` of {amount} refused: `{by}` already claimed {claimed} "
    "on `{project}`, and a supporter is reimbursed up to the action's goal of {goal} ({left} "
    "left)",
    "budget.claim.total_exhausted": "claim `{id}` of {amount} refused whole: only {left} is left "
    "of the budget's total of {total}",
}

WORDS = English()
