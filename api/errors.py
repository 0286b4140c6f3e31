"""Errors as `application/problem+json` (RFC 9457).

Every error kind has a stable `type` URI, `urn:charter-engine:problem:<kind>`; clients
dispatch on it, never on the human `title`/`detail`.  Handlers are registered for every
HTTP error and for any other exception, so that nothing leaves the service as an HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, has_request_context, json, request
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

PROBLEM_MIME = "application/problem+json"
TYPE_PREFIX = "urn:charter-engine:problem:"

# kind -> (status, title): the catalogue documented in docs/service.md and /openapi.json. A
# problem that carries what the engine said is in the engine's language (TITLES_FR in French);
# the service's own messages are in English.
KINDS: dict[str, tuple[int, str]] = {
    "malformed-json": (400, "The request body is not valid JSON"),
    "bad-request": (400, "Bad request"),
    "invalid-query": (400, "Invalid query parameter"),
    "unauthorized": (401, "Missing or invalid bearer token"),
    "forbidden": (403, "The token lacks the scope this request needs"),
    "not-found": (404, "Not found"),
    "method-not-allowed": (405, "Method not allowed"),
    "not-acceptable": (406, "Not acceptable"),
    "conflict": (409, "Conflict with the current state"),
    "amendment-required": (409, "A new charter version needs an adopted amendment"),
    "proposal-closed": (409, "The proposal is closed"),
    "no-charter": (409, "The organisation has no charter in force"),
    "payload-too-large": (413, "Request body too large"),
    "unsupported-media-type": (415, "Request body must be application/json"),
    "invalid-request": (422, "The request body does not match its schema"),
    "charter-invalid": (422, "The charter does not compile"),
    "case-invalid": (422, "The case data is not valid for this charter"),
    "not-competent": (422, "No competent body for this proposal"),
    "not-eligible": (422, "Not eligible under the charter"),
    "ballot-refused": (422, "Ballot refused"),
    "budget-refused": (422, "Refused by the budget rules"),
    "not-ready": (503, "Service not ready"),
    "database-busy": (503, "The database is busy; retry"),
    "internal": (500, "Internal error"),
}

TITLES_FR = {
    "case-invalid": "Les données du cas ne sont pas valables pour cette charte",
    "not-competent": "Aucun organe compétent pour cette proposition",
    "not-eligible": "Non éligible selon la charte",
    "ballot-refused": "Bulletin refusé",
    "budget-refused": "Refusé par les règles du budget",
}

log = logging.getLogger("charter.api")


class Problem(Exception):
    """Raise anywhere in a request to answer with a problem document."""

    def __init__(
        self,
        kind: str,
        detail: str,
        *,
        status: int | None = None,
        language: str | None = None,
        **extra: Any,
    ) -> None:
        """`language`: the language of `detail` when it is the engine's words (the title is
        then in that language too)."""
        super().__init__(detail)
        if kind not in KINDS:
            raise ValueError(f"unknown problem kind {kind!r}")
        self.kind = kind
        self.status = status or KINDS[kind][0]
        self.detail = detail
        self.language = language
        self.extra = extra
        self.headers: dict[str, str] = {}

    def to_dict(self) -> dict[str, Any]:
        title = KINDS[self.kind][1]
        if self.language == "fr":
            title = TITLES_FR.get(self.kind, title)
        doc = {
            "type": TYPE_PREFIX + self.kind,
            "title": title,
            "status": self.status,
            "detail": self.detail,
        }
        if has_request_context():
            doc["instance"] = request.path
        doc.update(self.extra)
        return doc


def problem_response(p: Problem) -> Response:
    resp = Response(json.dumps(p.to_dict()), status=p.status, mimetype=PROBLEM_MIME)
    for k, v in p.headers.items():
        resp.headers[k] = v
    return resp


_HTTP_KINDS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
}


def register(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(p: Problem):
        return problem_response(p)

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException):
        status = e.code or 500
        kind = _HTTP_KINDS.get(status)
        if kind is None:
            kind = "internal" if status >= 500 else "bad-request"
        detail = e.description or KINDS[kind][1]
        if status == 413:
            detail = f"the request body exceeds {app.config['CHARTER_MAX_BODY_BYTES']} bytes"
        p = Problem(kind, detail, status=status)
        resp = problem_response(p)
        allowed = getattr(e, "valid_methods", None)  # set on a MethodNotAllowed
        if status == 405 and allowed:
            resp.headers["Allow"] = ", ".join(allowed)
        return resp

    @app.errorhandler(IntegrityError)
    def _integrity(e: IntegrityError):
        log.info("integrity error: %s", e.orig)
        return problem_response(
            Problem(
                "conflict",
                "the request conflicts with stored data (a uniqueness or reference rule)",
            )
        )

    @app.errorhandler(OperationalError)
    def _operational(e: OperationalError):
        log.warning("database error: %s", e.orig)
        p = Problem("database-busy", "the database could not complete the request; retry")
        p.headers["Retry-After"] = "1"
        return problem_response(p)

    @app.errorhandler(Exception)
    def _any(e: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem_response(Problem("internal", "an unexpected error occurred; it was logged"))
