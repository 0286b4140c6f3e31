"""Write the HTTP service's request schemas (api/schemas/*.json) and its OpenAPI document
(api/openapi.json), generated from the engine's case model through api/requests.py.

Run: .venv/bin/python scripts/gen_api_schemas.py           (rewrites the files)
     .venv/bin/python scripts/gen_api_schemas.py --check   (exit 1 if a committed file is stale)

tests/api/test_service_schemas.py runs the check: after changing charter_engine/case.py, a
voting method's ballot field, api/requests.py or a route, run this script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCHEMAS = ROOT / "api" / "schemas"
OPENAPI = ROOT / "api" / "openapi.json"


def dumps(doc) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def document() -> dict:
    """The service's OpenAPI document, from its own routes, without a database."""
    from api import create_app, openapi

    app = create_app({"CHARTER_DATABASE_URL": "sqlite://", "CHARTER_CHECK_MIGRATED": False})
    try:
        return openapi.build(app)
    finally:
        app.extensions["charter.db"].dispose()


def wanted() -> dict[Path, str]:
    """Every generated file and its text."""
    from api import requests

    out = {SCHEMAS / f"{name}.json": dumps(requests.schema(name)) for name in requests.REQUESTS}
    out[OPENAPI] = dumps(document())
    return out


def main(argv: list[str]) -> int:
    files = wanted()
    stale = sorted(p for p in SCHEMAS.glob("*.json") if p not in files)
    changed = sorted(p for p, text in files.items() if not p.is_file() or p.read_text() != text)
    if "--check" in argv:
        for p in changed + stale:
            print(f"stale: {p.relative_to(ROOT)}")
        return 1 if changed or stale else 0
    for p in stale:
        p.unlink()
        print(f"removed {p.relative_to(ROOT)}")
    for p in changed:
        p.write_text(files[p], encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
