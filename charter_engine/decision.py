"""What the engine answers: a Decision (or a competence, eligibility or budget result), with its
reasons, and the readable explanation in French or English.

Evaluators never write prose: they record `Reason`s (a message code, its arguments and the clause
cited); `charter_engine.messages.explain()` renders them in the language asked for. The JSON of a
result is the same from the library, the CLI and the HTTP service.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Outcome = Literal["adopted", "rejected", "pending", "invalid", "referred"]


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Reason(Result):
    """One step of the reasoning: rendered from the catalogue, with the clause it rests on."""

    code: str
    args: dict[str, Any] = Field(default_factory=dict)
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


class RejectedBallot(Result):
    voter: str
    code: str
    reason: str = ""
    args: dict[str, Any] = Field(default_factory=dict)


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


class Rejection(Result):
    id: str  # the project, the allocating member, or the claim (its id, else its claimant)
    project: str | None = None
    code: str
    reason: str = ""
    args: dict[str, Any] = Field(default_factory=dict)
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
    """The engine's judgement of one ballot. `counts` is false exactly when `rejected` holds a
    reason: the ballot's own first, then those of the proxies it carries (in their order)."""

    kind: Literal["ballot"] = "ballot"
    voter: str
    judged: bool = True
    counts: bool = True
    rejected: list[RejectedBallot] = []
    body: str | None = None
    rule: str | None = None
    final: bool = False  # the rule says `ballots: final`
    reasons: list[Reason] = []  # why the ballot could not be judged (no body, no rule)
    language: str = "en"


AnyResult = Decision | Competence | Eligibility | BudgetResult | BallotJudgement
