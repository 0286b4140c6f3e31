"""What the engine answers: a Decision (or a competence, eligibility or budget result), with its
reasons, and the readable explanation in French or English.

Evaluators never write prose: they record `Reason`s (a message code, its arguments and the clause
cited); `charter_engine.messages.explain()` renders them in the language asked for. The JSON of a
result is the same from the library, the CLI and the HTTP service.

A reason's arguments are typed values, never words of a language: ids and numbers, exact
fractions, durations, money, dates and times, comparators, counts and bases, populations, a
rule's test, `Code` (a piece of the charter, quoted as written) and `Quote` (someone's own words:
an objection's reason, a checker's message). In JSON each has one form (`json_value`): a fraction
"2/3", a duration {amount, unit}, money {cents, currency}, a time in ISO 8601 (UTC, `Z`), a word
by its key (`at_least`), a population or a test as in the compiled charter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

Outcome = Literal["adopted", "rejected", "pending", "invalid", "referred"]


class Code(str):
    """A piece of the charter, as written (a condition, a clause): the same in every language."""

    __slots__ = ()


class Quote(str):
    """Someone's own words, reported as said: an objection's reason, a checker's message."""

    __slots__ = ()


class Ids(list):
    """Ids (of members, bodies, options, tests) shown each as written: `a`, `b`."""


class Figure(BaseModel):
    """A threshold as the charter wrote it: an amount (a percentage or a number), the parameter
    that gave it, and the size of the population it is a share of (`10% of 50`)."""

    model_config = ConfigDict(extra="forbid")

    amount: Fraction
    percent: bool = False
    parameter: str | None = None
    of: int | None = None


def json_value(value: Any) -> Any:
    """A reason's argument in JSON."""
    if value is None or isinstance(value, bool | int | float | str):
        return value if not isinstance(value, Enum) else value.value
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True, exclude={"pos"})
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return json_value(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(v) for v in value]
    return str(value)


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)


class WithArgs(Result):
    """A result part rendered from a message code and its typed arguments."""

    code: str
    args: dict[str, Any] = Field(default_factory=dict)

    @field_serializer("args", when_used="json")
    def _json_args(self, args: dict[str, Any]) -> dict[str, Any]:
        return {k: json_value(v) for k, v in args.items()}


class Reason(WithArgs):
    """One step of the reasoning: rendered from the catalogue, with the clause it rests on."""

    cite: str | None = None
    text: str = ""  # filled by explain()


class CharterRef(Result):
    name: str
    version: str | None
    sha256: str


class TestResult(Result):
    """A test of a rule with its figures: `needed` is the integer the count must reach (or, for
    `at most` / `fewer than` / `none`, may not exceed); `reached` is the count."""

    name: str  # the clause keyword as written: quorum, for, objections, ...
    count: str  # what is counted: present, for, expressed, ...
    comparator: str
    threshold: str | None = None  # "2/3", "50%", "3": the charter's own figure
    base: str | None = None
    base_size: int | None = None
    needed: int | None = None
    reached: int
    # weighted by college: the test compares this weighted share (exact, e.g. "5/9") with the
    # threshold, and `needed` is None (no head count decides)
    weighted_share: str | None = None
    passed: bool
    cite: str | None = None
    text: str = ""


class RejectedBallot(WithArgs):
    """A ballot not counted, or a proxy it carried set aside: `voter` cast the ballot;
    `represented` is the person a set-aside proxy was for."""

    voter: str
    represented: str | None = None
    reason: str = ""


class ObjectionRecord(Result):
    voter: str
    reason: str | None = None
    status: Literal["standing", "withdrawn", "invalid"]
    ruled_by: str | None = None
    ruling_reason: str | None = None


class OptionResult(Result):
    option: str
    rank: int  # 1 = first; equal ranks are ties
    majority_grade: str | None = None
    approvals: int | None = None
    # the option's figure under the method, exact: a mean or total score ("37/5"), the votes
    # of its last round; majority judgment and approval give theirs above
    value: str | None = None


class RoundResult(Result):
    """One round of a count that eliminates (instant runoff): each option's votes in the
    round, who was eliminated at its end, and the ballots exhausted so far."""

    round: int
    votes: dict[str, int]
    eliminated: list[str] = Field(default_factory=list)
    exhausted: int = 0
    tie_broken_by: str | None = None


class Decision(Result):
    kind: Literal["decision"] = "decision"
    outcome: Outcome
    certain: bool = True
    subject: str | None = None
    body: str | None = None
    rule: str | None = None
    method: str = "vote"
    referred_to: str | None = None
    tests: list[TestResult] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    weighted: dict[str, str] | None = None  # per-college shares, exact, when weighted by college
    advisory: dict[str, int] | None = None
    rejected_ballots: list[RejectedBallot] = Field(default_factory=list)
    objections: list[ObjectionRecord] = Field(default_factory=list)
    ranking: list[str] | None = None
    ranking_detail: list[OptionResult] | None = None
    rounds: list[RoundResult] | None = None
    winners: list[str] | None = None
    tied_at_cut: list[str] | None = None
    reasons: list[Reason] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)
    explanation: str = ""
    language: str = "en"
    charter: CharterRef | None = None


class Competence(Result):
    kind: Literal["competence"] = "competence"
    subject: str
    body: str | None  # None: outside the charter
    how: Literal["perimeter", "in_doubt", "residual", "builtin", "outside"]
    matched: str | None = None  # the perimeter entry that matched
    candidates: list[str] = Field(default_factory=list)  # the bodies in doubt
    reasons: list[Reason] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)
    explanation: str = ""
    language: str = "en"
    charter: CharterRef | None = None


class Eligibility(Result):
    kind: Literal["eligibility"] = "eligibility"
    question: Literal["seat", "propose", "vote"]
    member: str
    body: str
    allowed: bool
    reasons: list[Reason] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)
    explanation: str = ""
    language: str = "en"
    charter: CharterRef | None = None


class ProjectResult(Result):
    id: str
    goal: str
    allocated: str | None = None
    supporters: int | None = None
    funded: bool | None = None
    fundable: bool | None = None
    reimbursed: str | None = None


class Rejection(WithArgs):
    id: str  # the project, the allocating member, or the claim (its id, else its claimant)
    project: str | None = None
    reason: str = ""
    cite: str | None = None  # the clause the refusal rests on
    cut_to: str | None = None  # an allocation cut to what the goal still missed


class BudgetResult(Result):
    kind: Literal["budget"] = "budget"
    budget: str
    budget_kind: Literal["allocation", "support"]
    projects: list[ProjectResult] = Field(default_factory=list)
    funded: list[str] = Field(default_factory=list)
    not_funded: list[str] = Field(default_factory=list)
    fundable: list[str] = Field(default_factory=list)
    rejected_projects: list[Rejection] = Field(default_factory=list)
    rejected_allocations: list[Rejection] = Field(default_factory=list)
    rejected_supports: list[Rejection] = Field(default_factory=list)  # id: the supporter
    valid_claims: list[str] = Field(default_factory=list)
    rejected_claims: list[Rejection] = Field(default_factory=list)
    envelopes: dict[str, str] = Field(default_factory=dict)  # member -> envelope left
    reasons: list[Reason] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)
    explanation: str = ""
    language: str = "en"
    charter: CharterRef | None = None


class BallotJudgement(Result):
    """The engine's judgement of one ballot. `counts` is false exactly when `rejected` holds the
    ballot's own fault; the proxies it carries that would not count are `proxies_set_aside`,
    each with its reason (the ballot still counts: the decision sets only those proxies aside)."""

    kind: Literal["ballot"] = "ballot"
    voter: str
    judged: bool = True
    counts: bool = True
    rejected: list[RejectedBallot] = []
    proxies_set_aside: list[RejectedBallot] = []
    body: str | None = None
    rule: str | None = None
    final: bool = False  # the rule says `ballots: final`
    reasons: list[Reason] = []  # why the ballot could not be judged (no body, no rule)
    language: str = "en"


AnyResult = Decision | Competence | Eligibility | BudgetResult | BallotJudgement
