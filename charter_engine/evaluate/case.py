"""The facts of a case, in the scenario format (docs/scenarios.md), validated before any work.

Unknown keys are errors (a typo must not silently change an outcome); every fault is reported
with its JSON path. Times are UTC; a date alone means midnight UTC of that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from itertools import repeat
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    create_model,
    field_validator,
)

from .. import methods
from ..diagnostics import CaseError, Diagnostic
from ..model import Choice, Money


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
]
Amount = Annotated[Money, BeforeValidator(_money), PlainSerializer(str, return_type=str)]
MemberId = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int | float) else v)]


class Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Member(Fact):
    id: MemberId
    name: str | None = None
    bodies: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)


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

    def items(self):  # type: ignore[override]
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
    open_to: str = "everyone"


class Proposal(Fact):
    subject: str
    body: str | None = None
    title: str | None = None
    concerns: list[MemberId] = Field(default_factory=list)
    proposer: MemberId | None = None
    chair: MemberId | None = None
    opens: Moment | None = None
    closes: Moment | None = None
    announced: Moment | None = None
    consultation: ConsultationFacts | None = None
    call: Literal[1, 2] = 1
    options: list[str] = Field(default_factory=list)
    charter: str | None = None  # an amendment's new charter text


class BallotFacts(Fact):
    """What every ballot says, whatever the method: who, why, the proxies carried, when."""

    voter: MemberId
    reason: str | None = None
    proxies: list[MemberId] = Field(default_factory=list)
    at: Moment | None = None


# A ballot: the fields above, plus the field each voting method reads (charter_engine/methods:
# `choice` for a for/against vote, `grades` for majority judgment, `approve` for approval, ...).
Ballot = create_model(
    "Ballot",
    __base__=BallotFacts,
    **{
        name: (kind | None, Field(default=None, description=description))
        for name, (kind, description) in methods.ballot_fields().items()
    },
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
        return Ballot.model_construct(voter=self.voters[i], choice=self.choices[i], at=at)

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
            extras[i] = Ballot.model_construct(
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
    reason: str | None = None


class Round(Fact):
    meeting: Moment | None = None
    opens: Moment | None = None


class Project(Fact):
    id: str
    title: str | None = None
    goal: Amount
    proposers: list[MemberId] = Field(default_factory=list)
    proposed: Moment | None = None


class Allocation(Fact):
    member: MemberId
    project: str
    amount: Amount
    at: Moment | None = None


class Support(Fact):
    voter: MemberId
    project: str
    at: Moment | None = None


class Claim(Fact):
    id: str | None = None
    by: MemberId
    project: str
    amount: Amount
    at: Moment | None = None


class SubjectQuery(Fact):
    subject: str


class MemberQuery(Fact):
    member: MemberId
    body: str


class Case(Fact):
    """One scenario case plus its members (a scenario file's `members` apply to every case)."""

    members: list[Member] = Field(default_factory=list)
    # a proposal put to a vote
    proposal: Proposal | None = None
    at: Moment | None = None
    present: list[MemberId] | None = None
    ballots: list[Ballot] = Field(default_factory=list)
    objections: list[ObjectionRuling] = Field(default_factory=list)
    # queries
    competence: SubjectQuery | None = None
    seat: MemberQuery | None = None
    propose: MemberQuery | None = None
    vote: MemberQuery | None = None
    # a budget round
    budget: str | None = None
    round: Round | None = None
    projects: list[Project] = Field(default_factory=list)
    allocations: list[Allocation] = Field(default_factory=list)
    parameters: dict[str, Any] = Field(default_factory=dict)
    supports: list[Support] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

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
        for kind in ("proposal", "competence", "seat", "propose", "vote", "budget"):
            if getattr(self, kind) is not None:
                return kind
        return "none"


def json_path(loc: tuple) -> str:
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def validation_diagnostics(err: ValidationError, prefix: tuple = ()) -> list[Diagnostic]:
    out = []
    for e in err.errors():
        loc = prefix + tuple(p for p in e["loc"] if not str(p).startswith("function-"))
        if e["type"] == "extra_forbidden":
            message = f"unknown key `{loc[-1]}`"
            help_ = "check the spelling against the scenario format (docs/scenarios.md)"
        elif e["type"] == "missing":
            message = f"`{loc[-1]}` is required here"
            help_ = None
        else:
            message = str(e["msg"]).removeprefix("Value error, ")
            message = message[0].lower() + message[1:] if message else message
            help_ = None
        out.append(Diagnostic("error", f"case.{e['type']}", message, help_, path=json_path(loc)))
    return out


def parse_case(data: Any) -> Case:
    if not isinstance(data, dict):
        raise CaseError(
            [Diagnostic("error", "case.type", "a case must be a mapping of keys", path="$")]
        )
    # Bulk lists take a fast path when every item is plain; anything else goes through the
    # models, so that each fault is still reported with its JSON path.
    columns = _plain_ballots(data.get("ballots"))
    records = _plain_members(data.get("members"))
    fast = {"ballots": columns, "members": records}
    try:
        case = Case.model_validate({k: v for k, v in data.items() if fast.get(k) is None})
    except ValidationError as err:
        raise CaseError(validation_diagnostics(err)) from None
    if columns is not None:
        case.ballots = columns  # type: ignore[assignment]  # a Sequence[Ballot], read as columns
    if records is not None:
        case.members = records  # type: ignore[assignment]  # duck-typed Member records
    kinds = [
        k
        for k in ("proposal", "competence", "seat", "propose", "vote", "budget")
        if data.get(k) is not None
    ]
    if len(kinds) > 1:
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.kind",
                    f"a case asks one question; this one has {', '.join(kinds)}",
                    "split it into one case per question",
                    path="$",
                )
            ]
        )
    return case
