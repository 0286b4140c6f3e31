"""Stateless evaluation: a charter and a case in, the engine's result out; nothing stored."""

from __future__ import annotations

from flask import Blueprint

from api import engine
from api.http import endpoint, ok
from api.routes.queries import resolve_charter

bp = Blueprint("evaluate", __name__)


@endpoint(
    bp,
    "/v1/evaluate",
    method="POST",
    summary="Judge one scenario case under a charter (source text or stored version)",
    auth_="optional",
    body="Evaluate",
    problems=("charter-invalid", "case-invalid", "not-found"),  # a stored charter not found
    response="Result",
)
def evaluate(body):
    """The body is `{"charter": {"source": ...} | {"organisation": ..., "version": ...},
    "case": {...}}` where the case is one scenario case with its `members` (without `name`
    and `expect`). The answer is the engine's result JSON — for a proposal, the Decision
    with `outcome` at the top level — exactly what the library and `charter test` give.
    A charter given by source needs no token; a stored one needs a read token of its
    organisation."""
    charter = resolve_charter(body["charter"])
    return ok(engine.evaluate(charter, body["case"], engine.language(), engine.CASE_PATHS))
