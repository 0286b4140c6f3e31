"""Write docs/charter.schema.json, the JSON Schema of the compiled charter, from the models.

Run: .venv/bin/python scripts/gen_schema.py           (rewrites the file)
     .venv/bin/python scripts/gen_schema.py --check   (exit 1 if the committed file is stale)

The schema is `CharterModel.model_json_schema()` (pydantic, JSON Schema 2020-12) with `$schema` and
a description added; it describes what `charter show --format json` prints and what
`CharterModel.model_validate_json` accepts. tests/docs/test_schema.py fails when the committed
file and the models drift apart: after changing charter_engine/model/, run this script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "charter.schema.json"


def schema() -> dict[str, Any]:
    from charter_engine.model import CharterModel

    generated = CharterModel.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "description": "A compiled charter of the charter engine (generated from "
        "charter_engine.model.CharterModel by scripts/gen_schema.py; do not edit).",
        **{k: v for k, v in generated.items() if k != "description"},
    }


def render() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = TARGET.read_text("utf-8") if TARGET.exists() else ""
        if current != text:
            print(
                f"{TARGET.relative_to(ROOT)} is out of date: run scripts/gen_schema.py",
                file=sys.stderr,
            )
            return 1
        print(f"{TARGET.relative_to(ROOT)} is up to date")
        return 0
    TARGET.write_text(text, "utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
