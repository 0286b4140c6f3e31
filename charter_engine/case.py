"""The one case model: the facts of a question, in the scenario format (docs/scenarios.md).

Every form of a case is defined here once, as pydantic models: the library validates a case with
them, the scenario runner takes its keys from them, and the HTTP service's request schemas and
OpenAPI document are generated from them (api/requests.py, scripts/gen_api_schemas.py).

A case asks one question: `Case` is a union of `ProposalCase` (a proposal put to a vote),
`CompetenceCase`, `SeatCase`, `ProposeCase`, `VoteCase` (may a member sit on, propose to, vote
in a body) and `BudgetCase` (a budget round), told apart by the key of the question. Every case
may give the `members`, the time `at` which it is asked and the `parameters` in force.

Unknown keys are errors (a typo must not silently change an outcome); every fault is reported
with its JSON path. Times are UTC; a date alone means midnight UTC of that day.

The bounds the HTTP service puts on a request (lengths, counts, the shape of an id) are written
here too, as JSON Schema only (`Bounded`): the library does not enforce them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from itertools import repeat
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    create_model,
    field_validator,
)

from . import methods
from .diagnostics import CaseError, Diagnostic
from .model import Choice, Money

# ---------------------------------------------------------------------- the service's bounds
ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}$"
NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,127}$"  # a body or budget of the charter
SUBJECT_PATTERN = r"^[^\s.]+(\.[^\s.]+)*$"
MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})? [A-Z]{3}$"
DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
DATETIME = {
    "type": "string",
    "format": "date-time",
    "maxLength": 40,
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}",
}
SCALAR = {
    "type": ["boolean", "number", "string", "null"],
    "maxLength": 1000,
    "description": "a boolean, number, string (at most 1000 characters) or null",
}


def Bounded(**schema: Any) -> Any:  # noqa: N802 - reads as a type annotation
    """A bound the service checks in a request's JSON Schema; the library does not enforce it."""
    return Field(json_schema_extra=schema)


def _moment(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return _moment(dt.date.fromisoformat(text))
            return _moment(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    raise ValueError(f"`{value}` is not a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM:SSZ)")


def _money(value: Any) -> Money:
    if isinstance(value, Money):
        return value
    if isinstance(value, dict):
        return Money.model_validate(value)
    if isinstance(value, str):
        parts = value.split()
        if len(parts) == 2 and len(parts[1]) == 3 and parts[1].isupper():
            try:
                return Money.parse(value)
            except (ValueError, ZeroDivisionError):
                pass
    raise ValueError(f'`{value}` is not an amount of money such as "430 EUR"')


Moment = Annotated[
    dt.datetime,
    BeforeValidator(_moment),
    PlainSerializer(lambda d: d.isoformat().replace("+00:00", "Z"), return_type=str),
    WithJsonSchema({"anyOf": [DATE, DATETIME]}),
]
Amount = Annotated[
    Money,
    BeforeValidator(_money),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": MONEY_PATTERN, "description": 'an amount, e.g. "430 EUR"'}
    ),
]
MemberId = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int | float) else v),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": 128}),
]
MemberIds = Annotated[list[MemberId], Bounded(maxItems=10000, uniqueItems=True)]
BodyName = Annotated[str, Bounded(pattern=NAME_PATTERN, maxLength=128)]
Subject = Annotated[str, Bounded(pattern=SUBJECT_PATTERN, minLength=1, maxLength=300)]
Label = Annotated[str, Bounded(minLength=1, maxLength=300)]  # a name or title for people
Text = Annotated[str, Bounded(maxLength=10000)]
OptionName = Annotated[str, Bounded(minLength=1, maxLength=128)]
Attributes = Annotated[
    dict[str, Any],
    WithJsonSchema(
        {
            "type": "object",
            "maxProperties": 100,
            "propertyNames": {"pattern": r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"},
            "additionalProperties": SCALAR,
        }
    ),
]


class Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Member(Fact):
    """A member record: seats given member by member (`bodies`) and the declared facts."""

    id: MemberId
    name: Label | None = None
    bodies: Annotated[list[BodyName], Bounded(maxItems=100, uniqueItems=True)] = Field(
        default_factory=list
    )
    attributes: Attributes = Field(default_factory=dict)


_NO_ATTRIBUTES: Mapping[str, Any] = MappingProxyType({})
_PLAIN_MEMBER_KEYS = frozenset({"id", "name", "bodies", "attributes"})


class MemberRecord:
    """A member record that `parse_case` read without building a `Member` model (same fields,
    read-only use): a million pydantic models cost seconds and hundreds of megabytes."""

    __slots__ = ("attributes", "bodies", "id", "name")

    def __init__(
        self,
        id: str,
        name: str | None,
        bodies: list[str],  # noqa: A002
        attributes: Mapping[str, Any],
    ):
        self.id, self.name, self.bodies, self.attributes = id, name, bodies, attributes


class BareMembers(Mapping[str, MemberRecord]):
    """id -> the shared bare record, for members given by id alone: the map `Context` reads.

    It stands on a set of the ids rather than a dict: a set of a million fresh strings is built
    in about half the time, and comparing the set of voters with it (`voters <= keys()`) walks
    both in hash order, where a dict is probed at random once per ballot. `keys()` is that set.
    """

    __slots__ = ("ids", "id_set")

    def __init__(self, ids: list[str], id_set: set[str]):
        self.ids, self.id_set = ids, id_set

    def __getitem__(self, member_id: str) -> MemberRecord:
        if member_id in self.id_set:
            return MemberTable.BARE
        raise KeyError(member_id)

    def __contains__(self, member_id: object) -> bool:
        return member_id in self.id_set

    def __iter__(self):
        return iter(self.ids)  # the case's order, as a dict would give it

    def __len__(self) -> int:
        return len(self.ids)

    def keys(self) -> set[str]:  # type: ignore[override]  # a set compares in C
        return self.id_set

    def items(self):
        return zip(self.ids, repeat(MemberTable.BARE))


class MemberTable(Sequence[MemberRecord]):
    """Members given by id alone: the ids, and one shared bare record (no seat, no attribute)
    for all of them, instead of a million records that would say the same thing."""

    __slots__ = ("by_id", "ids")
    BARE = MemberRecord("", None, [], _NO_ATTRIBUTES)

    def __init__(self, ids: list[str], id_set: set[str]):
        self.ids, self.by_id = ids, BareMembers(ids, id_set)  # by_id: the map Context reads

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [MemberRecord(i, None, [], _NO_ATTRIBUTES) for i in self.ids[index]]
        return MemberRecord(self.ids[index], None, [], _NO_ATTRIBUTES)


def _plain_members(raw: Any) -> Sequence[MemberRecord] | None:
    """Records for a list of plain member dicts, or None: then the members go through the
    `Member` model, which reports every fault with its JSON path. Plain means a dict with a text
    `id`, and optionally a text `name`, a list of texts `bodies` and a dict `attributes`, and
    no id twice. Attribute values are typed later, against the charter (Context)."""
    if type(raw) is not list:
        return None
    if raw and set(map(type, raw)) != {dict}:
        return None
    try:
        ids = [m["id"] for m in raw]
    except KeyError:
        return None
    if ids and set(map(type, ids)) != {str}:
        return None
    if sum(map(len, raw)) == len(raw):  # ids only (each dict has `id` and nothing else)
        id_set = set(ids)  # one shared record for all: no seat, no attribute
        return MemberTable(ids, id_set) if len(id_set) == len(ids) else None
    if not set().union(*raw) <= _PLAIN_MEMBER_KEYS:
        return None
    if len(set(ids)) != len(ids):
        return None
    records = []
    for mid, m in zip(ids, raw, strict=True):
        name, bodies, attributes = m.get("name"), m.get("bodies"), m.get("attributes")
        if name is not None and type(name) is not str:
            return None
        if bodies is None:
            bodies = []
        elif type(bodies) is not list or any(type(b) is not str for b in bodies):
            return None
        if attributes is None:
            attributes = _NO_ATTRIBUTES
        elif type(attributes) is not dict or any(type(k) is not str for k in attributes):
            return None
        records.append(MemberRecord(mid, name, bodies, attributes))
    return records


class ConsultationFacts(Fact):
    from_: Moment = Field(alias="from")
    until: Moment
    open_to: Annotated[str, Bounded(maxLength=300)] = "everyone"


class Proposal(Fact):
    """What a proposal says of itself: its subject, the body it is put to, who it concerns,
    who proposes and chairs it, its dates, its call, its options, an amendment's new text."""

    subject: Subject
    body: BodyName | None = None
    title: Label | None = None
    concerns: MemberIds = Field(default_factory=list)
    proposer: MemberId | None = None
    chair: MemberId | None = None
    opens: Moment | None = None
    closes: Moment | None = None
    open: bool = Field(
        default=False,
        description="the vote has not closed and has no closing date yet (a stored proposal): "
        "its decision is pending unless no ballot still possible can change it",
    )
    announced: Moment | None = None
    consultation: ConsultationFacts | None = None
    call: Literal[1, 2] = 1
    options: Annotated[list[OptionName], Bounded(maxItems=100, uniqueItems=True)] = Field(
        default_factory=list
    )
    charter: Annotated[str, Bounded(minLength=1, maxLength=1_000_000)] | None = Field(
        default=None, description="an amendment's new charter text"
    )


class BallotFacts(Fact):
    """What every ballot says, whatever the method: who, why, the proxies carried, when."""

    voter: MemberId
    reason: Text | None = None
    proxies: Annotated[list[MemberId], Bounded(maxItems=100)] = Field(default_factory=list)
    at: Moment | None = None


# A ballot: the fields above, plus the field each voting method reads (charter_engine/methods:
# `choice` for a for/against vote, `grades` for majority judgment, `approve` for approval, ...).
# The type checker sees `Ballot` as a subclass of `BallotFacts` without the method fields. The
# field definitions are typed Any: unpacked with **, each would otherwise be checked against
# create_model's own keyword parameters (`__config__`, `__doc__`, ...) as well.
METHOD_FIELDS = methods.ballot_fields()
_METHOD_FIELD_DEFINITIONS: dict[str, Any] = {
    name: (kind | None, Field(default=None, description=description))
    for name, (kind, description) in METHOD_FIELDS.items()
}
Ballot = create_model(
    "Ballot",
    __base__=BallotFacts,
    __doc__="A ballot: who cast it, when, why, the proxies it carries, and what it says in the "
    "form of the rule's voting method.",
    **_METHOD_FIELD_DEFINITIONS,
)

CHOICES = frozenset(Choice)
_PLAIN_BALLOT_KEYS = frozenset({"voter", "choice", "at", "reason"})


class BallotColumns(Sequence[Ballot]):
    """The ballots of a case as columns: what `parse_case` builds for plain ballots (`voter`,
    `choice`, optional `at` and `reason`), where a million `Ballot` models would cost seconds.

    It reads like the list of `Ballot`s it stands for (indexing and iteration build the models
    on demand); the vote count reads the columns: `voters`, `choices`, `ats` (None when no
    ballot gives a time) and `extras` (position -> `Ballot`, for the ballots with a reason).
    """

    __slots__ = ("ats", "choices", "extras", "voters")

    def __init__(
        self,
        voters: list[str],
        choices: list[str | None],
        ats: list[dt.datetime | None] | None,
        extras: dict[int, Ballot],
    ):
        self.voters, self.choices, self.ats, self.extras = voters, choices, ats, extras

    def __len__(self) -> int:
        return len(self.voters)

    def _ballot(self, i: int) -> Ballot:
        if i in self.extras:
            return self.extras[i]
        at = self.ats[i] if self.ats is not None else None
        # `choice` is a method field, added by create_model: the plugin types model_construct
        # with BallotFacts' own fields, and as returning a BallotFacts
        return Ballot.model_construct(voter=self.voters[i], choice=self.choices[i], at=at)  # type: ignore[call-arg, return-value]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._ballot(i) for i in range(len(self))[index]]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._ballot(index)

    def __iter__(self):
        return (self._ballot(i) for i in range(len(self)))

    def __eq__(self, other) -> bool:
        return list(self) == list(other)


def _plain_ballots(raw: Any) -> BallotColumns | None:
    """Columns for a list of plain ballots, or None: then the ballots go through the `Ballot`
    model, which reports every fault with its JSON path. Only ballots that the model would
    accept unchanged take this path: a dict with exactly `voter` (a text) and `choice` (one of
    the choices), and optionally `at` (a time) and `reason` (a text or null)."""
    if type(raw) is not list:
        return None
    if raw and set(map(type, raw)) != {dict}:
        return None
    keys = set().union(*raw) if raw else set()
    if not keys <= _PLAIN_BALLOT_KEYS:
        return None
    try:
        voters = [b["voter"] for b in raw]
        choices = [b["choice"] for b in raw]
    except KeyError:
        return None
    if voters and set(map(type, voters)) != {str}:
        return None
    if not set(choices) <= CHOICES:
        return None
    ats = None
    if "at" in keys:
        try:
            ats = [_moment(b["at"]) if b.get("at") is not None else None for b in raw]
        except ValueError:
            return None
    extras: dict[int, Ballot] = {}
    if "reason" in keys:
        for i, b in enumerate(raw):
            reason = b.get("reason")
            if reason is None:
                continue
            if type(reason) is not str:
                return None
            extras[i] = Ballot.model_construct(  # type: ignore[call-arg, assignment]  # as above
                voter=voters[i],
                choice=choices[i],
                reason=reason,
                at=ats[i] if ats is not None else None,
            )
    return BallotColumns(voters, choices, ats, extras)


class ObjectionRuling(Fact):
    voter: MemberId
    status: Literal["withdrawn", "invalid"]
    by: MemberId | None = None
    reason: Text | None = None


class Round(Fact):
    meeting: Moment | None = None
    opens: Moment | None = None


class Project(Fact):
    id: MemberId
    title: Label | None = None
    goal: Amount
    proposers: MemberIds = Field(default_factory=list)
    proposed: Moment | None = None


class Allocation(Fact):
    member: MemberId
    project: MemberId
    amount: Amount
    at: Moment | None = None


class Support(Fact):
    voter: MemberId
    project: MemberId
    at: Moment | None = None


class Claim(Fact):
    id: MemberId | None = None
    by: MemberId
    project: MemberId
    amount: Amount
    at: Moment | None = None


class SubjectQuery(Fact):
    subject: Subject
    body: BodyName | None = Field(
        default=None,
        description="for an admission or exclusion: the body the member joins or leaves",
    )


class MemberQuery(Fact):
    member: MemberId
    body: BodyName


Parameters = Annotated[
    dict[str, Any],
    WithJsonSchema(
        {
            "type": "object",
            "maxProperties": 100,
            "additionalProperties": SCALAR,
            "description": "values in force that replace the charter's (the library also takes "
            "a history: [{value, since}])",
        }
    ),
]


# ---------------------------------------------------------------------- the questions
class CaseBase(Fact):
    """What every case may give: the members, when it is asked, the parameters in force."""

    question: ClassVar[str]  # the key that says which question a case asks
    members: Annotated[list[Member], Bounded(maxItems=10000)] = Field(default_factory=list)
    at: Moment | None = None
    parameters: Parameters = Field(default_factory=dict)

    @field_validator("members")
    @classmethod
    def _unique_members(cls, members: list[Member]) -> list[Member]:
        seen: set[str] = set()
        for m in members:
            if m.id in seen:
                raise ValueError(f"member `{m.id}` is listed twice")
            seen.add(m.id)
        return members

    @property
    def kind(self) -> str:
        return self.question


class ProposalCase(CaseBase):
    """A proposal put to a vote: the proposal, who is present, the ballots, the rulings on
    objections."""

    question: ClassVar[str] = "proposal"
    proposal: Proposal
    present: MemberIds | None = None
    ballots: Annotated[list[Ballot], Bounded(maxItems=20000)] = Field(default_factory=list)
    objections: Annotated[list[ObjectionRuling], Bounded(maxItems=1000)] = Field(
        default_factory=list
    )


class CompetenceCase(CaseBase):
    """Which body decides a subject."""

    question: ClassVar[str] = "competence"
    competence: SubjectQuery


class SeatCase(CaseBase):
    """May a member sit on a body (its `seat:` condition)."""

    question: ClassVar[str] = "seat"
    seat: MemberQuery


class ProposeCase(CaseBase):
    """May a member put a proposal to a body (its `may propose:`)."""

    question: ClassVar[str] = "propose"
    propose: MemberQuery


class VoteCase(CaseBase):
    """May a member vote in a body (the electorate of its ordinary decisions)."""

    question: ClassVar[str] = "vote"
    vote: MemberQuery


class BudgetCase(CaseBase):
    """A round of one of the charter's budgets: its projects, allocations, supports, claims."""

    question: ClassVar[str] = "budget"
    budget: BodyName
    round: Round | None = None
    projects: Annotated[list[Project], Bounded(maxItems=10000)] = Field(default_factory=list)
    allocations: Annotated[list[Allocation], Bounded(maxItems=100000)] = Field(default_factory=list)
    supports: Annotated[list[Support], Bounded(maxItems=100000)] = Field(default_factory=list)
    claims: Annotated[list[Claim], Bounded(maxItems=100000)] = Field(default_factory=list)


QUESTIONS: dict[str, type[CaseBase]] = {
    c.question: c
    for c in (ProposalCase, CompetenceCase, SeatCase, ProposeCase, VoteCase, BudgetCase)
}


def question_of(data: Any) -> str | None:
    """The question a case asks: the one key of `QUESTIONS` it gives (not null)."""
    if isinstance(data, CaseBase):
        return data.question
    if not isinstance(data, dict):
        return None
    asked = [q for q in QUESTIONS if data.get(q) is not None]
    return asked[0] if len(asked) == 1 else None


if TYPE_CHECKING:
    # The union is built from QUESTIONS, which the type checker cannot follow: it sees a Case
    # as what each of its alternatives is, a CaseBase.
    Case: TypeAlias = CaseBase
else:
    Case = Annotated[
        Union[tuple(Annotated[c, Tag(q)] for q, c in QUESTIONS.items())],  # noqa: UP007
        Discriminator(question_of),
        Field(
            description="one case of a scenario file (docs/scenarios.md): one question and its "
            "facts"
        ),
    ]
CASE = TypeAdapter(Case)
# every key a case may give, whatever its question (the scenario runner's list)
CASE_KEYS: frozenset[str] = frozenset().union(*(c.model_fields for c in QUESTIONS.values()))


def json_path(loc: tuple) -> str:
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def validation_diagnostics(
    err: ValidationError, prefix: tuple = (), question: str | None = None
) -> list[Diagnostic]:
    out = []
    for e in err.errors():
        loc = prefix + tuple(p for p in e["loc"] if not str(p).startswith("function-"))
        help_ = None
        if e["type"] == "extra_forbidden":
            key = loc[-1]
            owners = [q for q, c in QUESTIONS.items() if key in c.model_fields]
            if len(loc) == len(prefix) + 1 and question is not None and owners:
                message = f"`{key}` is not part of a `{question}` case"
                help_ = f"`{key}` belongs to a `{owners[0]}` case: split it into one case each"
            else:
                message = f"unknown key `{key}`"
                help_ = "check the spelling against the scenario format (docs/scenarios.md)"
        elif e["type"] == "missing":
            message = f"`{loc[-1]}` is required here"
        else:
            message = str(e["msg"]).removeprefix("Value error, ")
            message = message[0].lower() + message[1:] if message else message
        out.append(Diagnostic("error", f"case.{e['type']}", message, help_, path=json_path(loc)))
    return out


def parse_case(data: Any) -> CaseBase:
    """The case `data` asks, validated: a `ProposalCase`, `CompetenceCase`, ... Raises
    CaseError with every fault and its JSON path."""
    if not isinstance(data, dict):
        raise CaseError(
            [Diagnostic("error", "case.type", "a case must be a mapping of keys", path="$")]
        )
    asked = [q for q in QUESTIONS if data.get(q) is not None]
    if len(asked) > 1:
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.kind",
                    f"a case asks one question; this one has {', '.join(asked)}",
                    "split it into one case per question",
                    path="$",
                )
            ]
        )
    if not asked:
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.no_question",
                    "the case asks nothing: give "
                    + ", ".join(f"a `{q}`" for q in list(QUESTIONS)[:-1])
                    + f" or a `{list(QUESTIONS)[-1]}`",
                    path="$",
                )
            ]
        )
    model = QUESTIONS[asked[0]]
    # Bulk lists take a fast path when every item is plain; anything else goes through the
    # models, so that each fault is still reported with its JSON path.
    columns = _plain_ballots(data.get("ballots")) if model is ProposalCase else None
    records = _plain_members(data.get("members"))
    fast = {"ballots": columns, "members": records}
    try:
        case = model.model_validate({k: v for k, v in data.items() if fast.get(k) is None})
    except ValidationError as err:
        raise CaseError(validation_diagnostics(err, question=model.question)) from None
    if columns is not None:
        case.ballots = columns  # type: ignore[attr-defined]  # a Sequence[Ballot], as columns
    if records is not None:
        case.members = records  # type: ignore[assignment]  # duck-typed Member records
    return case
