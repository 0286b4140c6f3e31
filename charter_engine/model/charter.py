"""The compiled charter: what the statutes say, as data (design §2–9).

Every clause keeps its citation (`cite "Art. 7"`) and its source span, so that explanations can
quote the clause and diagnostics can point at it. Scalar clauses keep theirs in `cites` / `spans`
keyed by the clause keyword (`"notice"`, `"overfunding"`, ...).
"""

import datetime as dt
from typing import Annotated, Literal, Union, get_args

from pydantic import Field

from .expr import Expr, LiteralExpr, Name, NumberLit, TextLit, source
from .values import Duration, Money, Node, Rational, Span
from .words import Base, Comparator, Count, PopulationBase

AttributeType = Literal["bool", "text", "number", "date", "duration", "money"]
ATTRIBUTE_TYPES: tuple[str, ...] = get_args(AttributeType)


class Clause(Node):
    """What every clause carries: where it stands and the statute article it encodes."""

    cite: str | None = None
    pos: Span | None = None


class Attribute(Clause):
    name: str
    type: str  # one of ATTRIBUTE_TYPES; anything else is reported by the checker


class Population(Clause):
    """`members`, `present`, `everyone`, `members of X`, `P where EXPR`, `P except concerned`."""

    base: PopulationBase = PopulationBase.MEMBERS
    of_body: str | None = None
    where: Expr | None = None
    except_concerned: bool = False

    def source(self) -> str:
        """As the charter writes it: `members of ca where role = "x" except concerned`."""
        out = self.base.value if self.of_body is None else f"members of {self.of_body}"
        if self.where is not None:
            out += f" where {source(self.where)}"
        if self.except_concerned:
            out += " except concerned"
        return out


class Test(Clause):
    """`COUNT: COMPARATOR QUANTITY [of BASE]`, `COUNT: none` or `COUNT: all of BASE`.

    `label` is the keyword as written (`quorum`), `count` what it measures (`present`).
    `amount` is a whole count when `base` is None, else a share of the base; `parameter` names a
    charter parameter that gives the amount instead.
    """

    label: str
    count: Count
    comparator: Comparator
    amount: Rational | None = None
    percent: bool = False
    parameter: str | None = None
    base: Base | None = None


class TimeTest(Clause):
    """`notice: at least 15 days`, `duration: at least 7 days`."""

    comparator: Comparator
    length: Duration


class Consultation(Clause):
    comparator: Comparator
    length: Duration
    open_to: Population


class SecondCall(Clause):
    """Quorum of a second meeting after the first failed its quorum; None: no quorum."""

    quorum: Test | None = None


class OptionRange(Node):
    """`0 to 10` in a method option."""

    kind: Literal["range"] = "range"
    low: NumberLit
    high: NumberLit


class OptionOrder(Node):
    """`"Bad" < "Fair" < "Good"` in a method option: texts from the lowest to the highest."""

    kind: Literal["order"] = "order"
    items: list[TextLit]


OptionValue = Annotated[
    Union[Name, NumberLit, TextLit, OptionRange, OptionOrder],  # noqa: UP007
    Field(discriminator="kind"),
]


class MethodOption(Clause):
    """An option of a rule's voting method, as written: `winners: 3`, `range: 0 to 10`,
    `ties: backward, lot`. What it means is the method's (charter_engine/methods/); the checker
    reads it against what the method declares."""

    name: str
    values: list[OptionValue]


DEFAULT_METHOD = "vote"  # a rule without `method:` is a for/against vote

ShortForm = Literal["consent", "consensus", "unanimity", "majority", "fraction_majority"]


class Rule(Clause):
    name: str  # a subject (`budget`, `communication.web`) or default/admission/exclusion/amendment
    short_form: ShortForm | None = None
    fraction: Rational | None = None  # for `2/3 majority of P`
    method: str = DEFAULT_METHOD  # a registered method (charter_engine/methods/), by key
    method_options: list[MethodOption] = Field(default_factory=list)
    voters: Population = Field(default_factory=Population)
    advisory: Population | None = None
    tests: list[Test] = Field(default_factory=list)
    objections_judged_by: str | None = None
    notice: TimeTest | None = None
    duration: TimeTest | None = None
    consultation: Consultation | None = None
    proxies_per_voter: int | None = None
    tie_chair_decides: bool = False
    ballots_final: bool = False
    second_call: SecondCall | None = None
    refer_to: str | None = None
    weighted_by_college: bool = False
    cites: dict[str, str] = Field(default_factory=dict)
    spans: dict[str, Span] = Field(default_factory=dict)


class Condition(Clause):
    """`seat: EXPR`: a red line every member of the body must meet at all times."""

    expr: Expr


class Body(Clause):
    id: str
    title: str | None = None
    kind: Literal["body", "circle"] = "body"
    parent: str | None = None
    members: Population | None = None  # None: seats come from member records (`bodies: [x]`)
    meets: str | None = None
    decides: list[str] = Field(default_factory=list)  # "*" is the residual competence
    seat: Condition | None = None
    may_propose: Population | None = None
    may_vote: Population | None = None
    chair: str | None = None
    rules: list[Rule] = Field(default_factory=list)
    cites: dict[str, str] = Field(default_factory=dict)
    spans: dict[str, Span] = Field(default_factory=dict)


class College(Clause):
    id: str
    title: str | None = None
    weight: Rational
    percent: bool = True


class Bound(Node):
    """A window bound: `15 days before meeting`, `meeting`, or a date."""

    kind: Literal["relative", "meeting", "date"]
    offset: Duration | None = None
    direction: Literal["before", "after"] | None = None
    date: dt.date | None = None


class Window(Clause):
    start: Bound
    end: Bound


class Envelope(Clause):
    amount: Expr
    per_member: bool = False
    period: Literal["year", "month"] | None = None
    where: Expr | None = None


class ProposerRule(Clause):
    comparator: Comparator
    count: int
    where: Expr | None = None


class ShareTest(Clause):
    """`funded: allocated at least 90% of goal`, `fundable: supporters at least threshold`."""

    comparator: Comparator
    amount: Rational | None = None
    percent: bool = False
    parameter: str | None = None


class Budget(Clause):
    id: str
    title: str | None = None
    envelope: Envelope | None = None
    may_propose: Population | None = None
    proposers: ProposerRule | None = None
    proposals: Window | None = None
    allocations: Window | None = None
    round: Literal["meeting", "permanent"] = "meeting"
    funded: ShareTest | None = None
    overfunding: bool = True
    total: Money | None = None
    voters: Population | None = None
    support: Literal["approval"] | None = None
    fundable: ShareTest | None = None
    reimburse_goal_per_supporter: bool = False
    cites: dict[str, str] = Field(default_factory=dict)
    spans: dict[str, Span] = Field(default_factory=dict)

    @property
    def kind(self) -> Literal["allocation", "support"]:
        return "support" if self.support or self.fundable else "allocation"


class Parameter(Clause):
    name: str
    value: LiteralExpr
    set_by: str


class Amendments(Clause):
    body: str
    rule: Rule


class CharterModel(Node):
    name: str
    version: str | None = None  # required: the checker reports a missing version
    effective: dt.date | None = None
    language: str = "en"
    legal_form: str = "association"
    attributes: list[Attribute] = Field(default_factory=list)
    bodies: list[Body] = Field(default_factory=list)
    colleges: list[College] = Field(default_factory=list)
    budgets: list[Budget] = Field(default_factory=list)
    parameters: list[Parameter] = Field(default_factory=list)
    amendments: Amendments | None = None
    cite: str | None = None
    cites: dict[str, str] = Field(default_factory=dict)
    spans: dict[str, Span] = Field(default_factory=dict)
    pos: Span | None = None
