"""The request bodies of the HTTP service, as pydantic models built from the engine's one case
model (charter_engine/case.py): a ballot cast is the case's ballot without its time (the
server's), a proposal tabled is the case's proposal plus what the service keeps beside it, a
stateless evaluation carries a case as the library takes it.

These models are not used to read requests: they define them. scripts/gen_api_schemas.py writes
their JSON Schemas into api/schemas/ (checked in; tests/api/test_service_schemas.py fails when
they are stale), and every request is validated against those files with jsonschema before any
work (api/validation.py). The routes take their field lists from here too.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, create_model

from charter_engine import case as c
from charter_engine import methods

ORG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
OrganisationId = Annotated[str, c.Bounded(pattern=ORG_PATTERN, maxLength=63)]
Version = Annotated[str, c.Bounded(minLength=1, maxLength=100)]
CharterText = Annotated[str, c.Bounded(minLength=1, maxLength=1_000_000)]
Day = Annotated[str, Field(json_schema_extra=c.DATE)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------- charters
class CharterSource(Request):
    """A charter given by its text."""

    source: CharterText


class CharterStored(Request):
    """A charter stored by the service: an organisation's version (default: in force)."""

    organisation: OrganisationId
    version: Version | None = None


def _charter_kind(data: Any) -> str | None:
    if isinstance(data, dict):
        return "source" if "source" in data else "organisation" if "organisation" in data else None
    return None


CharterRef = Annotated[
    Union[Annotated[CharterSource, Tag("source")], Annotated[CharterStored, Tag("organisation")]],  # noqa: UP007
    Discriminator(_charter_kind),
]


class CharterUpload(Request):
    source: CharterText
    override: bool | None = Field(
        default=None,
        description="admin/operator override of the amendment procedure; recorded as such in "
        "the audit log",
    )
    reason: c.Text | None = None


# ---------------------------------------------------------------------- stateless questions
class Evaluate(Request):
    """`POST /v1/evaluate`: a charter and one case of the scenario format, with its members."""

    charter: CharterRef
    case: c.Case


class CompetenceQuery(Request):
    subject: c.Subject
    body: c.BodyName | None = Field(
        default=None,
        description="for an admission or exclusion: the body the member joins or leaves",
    )
    at: Day | None = None
    charter: CharterRef | None = None


class EligibilityQuery(Request):
    member: c.MemberId | c.Member = Field(
        description="a stored member's id, or (stateless) a member record"
    )
    body: c.BodyName
    action: Literal["seat", "vote", "propose"] = "seat"
    at: Day | None = None
    charter: CharterRef | None = None


# ---------------------------------------------------------------------- organisations, members
class OrganisationCreate(Request):
    id: OrganisationId
    name: c.Label
    admin_token_name: c.Label | None = None


class TokenCreate(Request):
    name: c.Label
    scopes: Annotated[
        list[Literal["read", "write", "admin"]], c.Bounded(minItems=1, uniqueItems=True)
    ]


class MemberCreate(c.Member):
    """A member record of the case model, stored."""


class MemberUpdate(Request):
    name: c.Label | None = None
    bodies: Annotated[list[c.BodyName], c.Bounded(maxItems=100, uniqueItems=True)] | None = None
    attributes: c.Attributes | None = None


# ---------------------------------------------------------------------- proposals and ballots
class ProposalCreate(c.Proposal):
    """The case model's proposal, plus its text and attendance; an amendment carries its new
    charter in `charter.source`."""

    text: c.Text | None = None
    present: c.MemberIds | None = None
    # the request carries `{source}` where the case model's proposal carries the text itself
    charter: CharterSource | None = Field(  # type: ignore[assignment]
        default=None, description="for subject `amendment`: the new charter text"
    )


# A ballot cast: the case model's ballot without its time (the server's), saying something in
# the form of one of the voting methods. (Typed Any for create_model: see c.Ballot.)
_BALLOT_FIELD_DEFINITIONS: dict[str, Any] = {
    name: (field.annotation, field) for name, field in c.Ballot.model_fields.items() if name != "at"
}
BallotCast = create_model(
    "BallotCast",
    __base__=Request,
    __doc__="A ballot cast: who votes, why, the proxies carried, and what the ballot says in "
    "the form of the rule's voting method (one of the method fields).",
    **_BALLOT_FIELD_DEFINITIONS,
)
BallotCast.model_config["json_schema_extra"] = {
    "anyOf": [{"required": [name]} for name in methods.ballot_fields()]
}


class Attendance(Request):
    present: c.MemberIds


ObjectionRuling = c.ObjectionRuling  # a ruling on an objection, as in a case


class ProposalClose(Request):
    note: c.Text | None = None


# ---------------------------------------------------------------------- budgets
class RoundCreate(Request):
    budget: c.BodyName
    meeting: Day | None = None
    parameters: c.Parameters | None = None
    title: c.Label | None = None


class ProjectCreate(Request):
    id: c.MemberId
    title: c.Label | None = None
    goal: c.Amount
    proposers: c.MemberIds | None = None


class AllocationCreate(Request):
    member: c.MemberId
    project: c.MemberId
    amount: c.Amount


class SupportCreate(Request):
    voter: c.MemberId
    project: c.MemberId


class ClaimCreate(Request):
    by: c.MemberId
    project: c.MemberId
    amount: c.Amount


# every request body, by the name the routes use (`@endpoint(..., body="BallotCast")`)
REQUESTS: dict[str, type[BaseModel]] = {
    m.__name__: m
    for m in (
        AllocationCreate,
        Attendance,
        BallotCast,
        CharterUpload,
        ClaimCreate,
        CompetenceQuery,
        EligibilityQuery,
        Evaluate,
        MemberCreate,
        MemberUpdate,
        ObjectionRuling,
        OrganisationCreate,
        ProjectCreate,
        ProposalClose,
        ProposalCreate,
        RoundCreate,
        SupportCreate,
        TokenCreate,
    )
}


def fields(name: str) -> tuple[str, ...]:
    """The fields of a request body, as the client writes them (aliases: `from`)."""
    model = REQUESTS[name]
    return tuple(f.alias or n for n, f in model.model_fields.items())


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a request body (what api/schemas/NAME.json holds)."""
    out = REQUESTS[name].model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **out}
