"""The service's request schemas and OpenAPI document are generated from the engine's one case
model (api/requests.py, scripts/gen_api_schemas.py) and checked in: regenerating them gives the
same files, the service serves that document, and what the engine accepts the service's schemas
accept."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml
from apihelpers import CHARTERS, ROOT, jsonable

from api import requests
from api.validation import validate
from charter_engine import case as case_model
from charter_engine import methods


def test_regenerating_gives_the_checked_in_files():
    run = subprocess.run(
        [sys.executable, "scripts/gen_api_schemas.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_service_serves_the_checked_in_document(api):
    served = api.get("/openapi.json").get_json()
    assert served == json.loads((ROOT / "api" / "openapi.json").read_text("utf-8"))


def test_a_request_is_the_case_model_s_shape():
    # a ballot cast is the case model's ballot without its time; it reads every method's field
    assert set(requests.fields("BallotCast")) == set(case_model.Ballot.model_fields) - {"at"}
    assert set(methods.ballot_fields()) <= set(requests.fields("BallotCast"))
    # a proposal tabled is the case model's proposal, plus its text and attendance
    assert set(case_model.Proposal.model_fields) <= set(requests.fields("ProposalCreate"))
    assert set(requests.fields("MemberCreate")) == set(case_model.Member.model_fields)
    # the stateless case is the case model's union, question by question
    defs = requests.schema("Evaluate")["$defs"]
    for question, model in case_model.QUESTIONS.items():
        assert question in defs[model.__name__]["required"]
        assert set(defs[model.__name__]["properties"]) == set(model.model_fields)


def test_every_seed_case_is_a_valid_request():
    for path in sorted(CHARTERS.glob("*.scenarios.yaml")):
        scenario = yaml.safe_load(path.read_text("utf-8"))
        source = (CHARTERS / scenario["charter"]).read_text("utf-8")
        for case in scenario["cases"]:
            body = {k: v for k, v in case.items() if k not in ("name", "expect", "description")}
            body.pop("language", None)
            body["members"] = scenario.get("members", [])
            request = jsonable({"charter": {"source": source}, "case": body})
            case_model.parse_case(request["case"])  # the engine takes it
            assert validate(request, "Evaluate", escapes=False) is request, case["name"]
