"""What a cold `charter check` loads (docs/performance.md, "Compiling a charter"): the compiler
and the checker, not the heavy layers a check does not use. Each module kept out here once
cost the cold start tens of milliseconds (numpy ≈ 90 ms, the case model ≈ 20 ms, PyYAML
≈ 30 ms); this test says which, so that an import added at the top of a module cannot bring
them back unnoticed. No timing is asserted: what is loaded is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from charter_engine.cli import main
code = main(["check", "charters/espace_partage.charter"])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

# Modules a check never needs: counting kernels, scenarios' YAML, the case model and the
# engine (a check reads no case), the explanations, and the service.
KEPT_OUT = (
    "numpy",
    "yaml",
    "charter_engine.case",
    "charter_engine.evaluate",
    "charter_engine.messages",
    "flask",
    "sqlalchemy",
    "jsonschema",
    "api",
)


def test_a_cold_check_loads_only_the_compiler_and_the_checker():
    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(run.stdout.splitlines()[-1])
    assert result["code"] == 0
    loaded = set(result["modules"])
    assert {"charter_engine.compile", "charter_engine.check", "lark"} <= loaded
    assert sorted(m for m in loaded if m in KEPT_OUT or m.startswith(PACKAGES)) == []


PACKAGES = tuple(f"{name}." for name in KEPT_OUT)  # and their submodules
