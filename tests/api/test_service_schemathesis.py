"""Schemathesis against the served `/openapi.json` (issue 4: schema-driven tests of the API).

Schemathesis reads the OpenAPI document the app serves and generates requests for every
documented operation: valid ones (positive) and ones that break the schema (negative). Each
response is checked against the same document: never a 500, only documented status codes and
content types, and bodies that match their documented schemas. Requests carry the bearer token
the operation asks for, through schemathesis' own auth hook, so it knows which requests are
authenticated; valid requests are sent to the seeded organisation so that they reach the
handlers rather than stopping at 404.

The app is built at import, on its own migrated SQLite file: schemathesis needs the schema
while pytest collects the tests. The number of examples per operation is
`SCHEMATHESIS_EXAMPLES` (default 5; each operation also gets schemathesis' own coverage
examples, about 3,000 requests in all).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import schemathesis
from apihelpers import OPERATOR, Api, _exercised
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from api import create_app
from charter_engine.store import upgrade

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", 5))
COOP = (Path(__file__).parent / "data" / "test_coop.charter").read_text("utf-8")
_URL = f"sqlite:///{Path(tempfile.mkdtemp(prefix='charter-schemathesis-')) / 'db.sqlite3'}"
upgrade(_URL)
APP = create_app({"CHARTER_DATABASE_URL": _URL, "CHARTER_OPERATOR_TOKEN": OPERATOR})


def _seed() -> str:
    """The organisation `coop` with its charter, members and an open proposal and round."""
    api = Api(APP.test_client())
    admin = api.organisation("coop")
    assert api.post("/v1/organisations/coop/charters", {"source": COOP}, admin).status_code == 201
    for member in ({"id": "ann"}, {"id": "bob"}, {"id": "cat", "bodies": ["board"]}):
        assert api.post("/v1/organisations/coop/members", member, admin).status_code == 201
    assert (
        api.post("/v1/organisations/coop/proposals", {"subject": "budget"}, admin).status_code
        == 201
    )
    return admin


ADMIN = _seed()
DOCUMENT = APP.test_client().get("/openapi.json").get_json()
schema = schemathesis.openapi.from_wsgi("/openapi.json", APP)


@schema.auth()
class Bearer:
    """The operator token where the operation needs it, else the organisation's admin token."""

    def get(self, case, ctx):
        op = DOCUMENT["paths"][case.operation.path][case.method.lower()]
        return OPERATOR if op.get("x-scope") == "operator" else ADMIN

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


_OPERATIONS: set[str] = set()
PROBLEM_OR_JSON = [not_a_server_error, status_code_conformance, content_type_conformance]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_service_keeps_to_its_openapi_document(case):
    if case.operation.label not in _OPERATIONS:  # the summary counts operations, not requests
        _OPERATIONS.add(case.operation.label)
        _exercised["sqlite"] = _exercised.get("sqlite", 0) + 1
    checks = list(PROBLEM_OR_JSON)
    if case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE:
        if "org" in (case.path_parameters or {}):
            case.path_parameters["org"] = "coop"
        checks.append(response_schema_conformance)
    # A valid body may still be refused by the charter (422: it does not compile, a member
    # is unknown, ...): that is the service's job, so `positive_data_acceptance` is left out.
    case.call_and_validate(checks=checks, excluded_checks=[positive_data_acceptance])
