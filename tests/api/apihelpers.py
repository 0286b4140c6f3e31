"""Shared assertions for the service tests (imported by name: tests/api is on sys.path)."""

from __future__ import annotations

from api.errors import PROBLEM_MIME, TYPE_PREFIX

OPERATOR = "operator-test-token"


def is_problem(r, kind: str, status: int) -> dict:
    """Assert that `r` is an RFC 9457 problem of `kind` with `status`; return the document."""
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:800])
    assert r.mimetype == PROBLEM_MIME, r.mimetype
    doc = r.get_json(force=True)
    assert doc["type"] == TYPE_PREFIX + kind, doc
    assert doc["status"] == status and doc["title"] and doc["detail"]
    return doc
