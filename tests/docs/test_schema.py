"""The published JSON Schema of the compiled charter (docs/charter.schema.json) never drifts from
the models, and every charter of charters/ compiles to JSON that the schema accepts and that reads
back to the same model."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import jsonschema
import pytest

from charter_engine import load
from charter_engine.model import CharterModel

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "charter.schema.json"
CHARTERS = sorted((ROOT / "charters").glob("*.charter"))


def _generator():
    spec = importlib.util.spec_from_file_location("gen_schema", ROOT / "scripts" / "gen_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_generated_from_the_models():
    assert SCHEMA_FILE.read_text("utf-8") == _generator().render(), (
        "docs/charter.schema.json is stale: run `.venv/bin/python scripts/gen_schema.py`"
    )


def test_there_are_charters_to_check():
    assert CHARTERS, "charters/ holds no .charter file"


@pytest.mark.parametrize("path", CHARTERS, ids=lambda p: p.name)
def test_charter_json_validates_and_round_trips(path: Path, validator):
    charter = load(path)
    full = charter.model.model_dump_json()
    errors = sorted(validator.iter_errors(json.loads(full)), key=lambda e: list(e.path))
    assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].path)}"
    assert CharterModel.model_validate_json(full) == charter.model

    shown = charter.to_json()  # what `charter show --format json` prints (nulls left out)
    errors = list(validator.iter_errors(shown))
    assert not errors, f"{path.name} (show): {errors[0].message} at {list(errors[0].path)}"
    assert CharterModel.model_validate_json(json.dumps(shown)) == charter.model


def test_schema_rejects_an_unknown_clause(validator):
    data = load(CHARTERS[0]).model.model_dump(mode="json")
    data["bodies"][0]["quorum"] = "1/2"  # not a field of a body: the models forbid extras
    assert not validator.is_valid(data)
