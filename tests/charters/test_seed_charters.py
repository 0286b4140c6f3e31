"""Every seed charter compiles without error, and every case of every scenario suite passes
under `charter test` semantics (each case is a test of its own, so a failure names it)."""

from __future__ import annotations

from pathlib import Path

import pytest

import charter_engine
from charter_engine.scenarios import read_scenario, run_case

CHARTERS = Path(__file__).resolve().parents[2] / "charters"
CHARTER_FILES = sorted(CHARTERS.glob("*.charter"))
SUITES = sorted(CHARTERS.glob("*.scenarios.yaml"))


def _cases():
    for suite in SUITES:
        charter, members, cases = read_scenario(str(suite))
        for case in cases:
            yield pytest.param(
                charter,
                members,
                case,
                str(suite),
                id=f"{suite.name.removesuffix('.scenarios.yaml')}: {case['name']}",
            )


def test_there_is_a_charter_and_a_suite_per_seed_organisation():
    names = {p.name.removesuffix(".charter") for p in CHARTER_FILES}
    assert names >= {
        "budget_participatif",
        "plan_consultation",
        "action_commune",
        "espace_partage",
        "artefacts",
        "opteos",
        "osm_france",
        "anis",
    }
    assert {p.name.removesuffix(".scenarios.yaml") for p in SUITES} == names


@pytest.mark.parametrize("path", CHARTER_FILES, ids=lambda p: p.name)
def test_seed_charter_compiles_without_error(path):
    model, diagnostics = charter_engine.compile_source(path.read_text("utf-8"), str(path))
    errors = [d.render() for d in diagnostics if d.severity == "error"]
    assert model is not None and not errors, "\n\n".join(errors)


@pytest.mark.parametrize("suite", SUITES, ids=lambda p: p.name)
def test_each_suite_has_at_least_ten_cases(suite):
    _charter, _members, cases = read_scenario(str(suite))
    assert len(cases) >= 10


@pytest.mark.parametrize(("charter", "members", "case", "suite"), list(_cases()))
def test_scenario_case(charter, members, case, suite):
    outcome = run_case(charter, members, case, suite)
    assert outcome.passed, "\n".join(outcome.failures)
