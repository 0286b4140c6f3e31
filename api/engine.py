"""The service's only door to the charter engine.  Every judgement comes from here; the
service adds no decision logic of its own.  Charters are compiled once per source text
(cached by SHA-256) per process."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from threading import Lock
from typing import Any

from flask import request

import charter_engine
from api.errors import Problem

_CACHE: OrderedDict[str, Any] = OrderedDict()
_CACHE_SIZE = 64
_cache_lock = Lock()  # guards the dict only (a cache, not a correctness lock)


def diagnostics_of(exc: Exception) -> list[dict[str, Any]]:
    out = []
    for d in getattr(exc, "diagnostics", None) or []:
        if hasattr(d, "to_dict"):
            out.append(d.to_dict())
        elif isinstance(d, dict):
            out.append(d)
        else:
            out.append({"message": str(d)})
    if not out:
        out.append({"severity": "error", "message": str(exc)})
    return out


def sha256(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def load(source: str) -> Any:
    """Compile `source`; a bad charter becomes a 422 problem with the checker's diagnostics."""
    key = sha256(source)
    with _cache_lock:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    try:
        charter = charter_engine.load(text=source)  # text, never read as a path
    except charter_engine.CharterError as e:
        diags = diagnostics_of(e)
        first = diags[0]
        where = (
            f"line {first.get('line')}, column {first.get('column')}: " if first.get("line") else ""
        )
        raise Problem(
            "charter-invalid",
            f"{where}{first.get('message', 'the charter does not compile')}",
            diagnostics=diags,
        ) from None
    with _cache_lock:
        _CACHE[key] = charter
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return charter


def cached(sha: str) -> Any | None:
    """The compiled charter whose source has this SHA-256, if this process has it."""
    with _cache_lock:
        return _CACHE.get(sha)


def dump(result: Any) -> Any:
    if hasattr(result, "model_dump"):
        return result.model_dump(mode="json")
    return result


def language() -> str | None:
    """`Accept-Language` may ask for the other language of the explanations."""
    try:
        if not request.headers.get("Accept-Language"):
            return None
        return request.accept_languages.best_match(["fr", "en"])
    except RuntimeError:
        return None


def request_path(path: str | None, paths: dict[str, str]) -> str:
    """A fault's path in the engine's case, as a path of the request the client sent:
    `paths` maps a prefix of the case (`$.proposal`) to the request's (`$`), the longest first."""
    path = path or "$"
    for prefix in sorted(paths, key=len, reverse=True):
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            return paths[prefix] + path[len(prefix) :]
    return path


# `POST /v1/evaluate` sends the case as the request's `case`
CASE_PATHS = {"$": "$.case"}


def _case_problem(e: Exception, paths: dict[str, str]) -> Problem:
    diags = diagnostics_of(e)
    errors = [
        {"path": request_path(d.get("path"), paths), "message": d.get("message", str(e))}
        for d in diags
    ]
    for d, err in zip(diags, errors, strict=True):
        if d.get("path"):
            d["path"] = err["path"]
    return Problem("case-invalid", errors[0]["message"], errors=errors, diagnostics=diags)


def evaluate(
    charter: Any,
    case: dict[str, Any],
    lang: str | None = None,
    paths: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The engine's result for `case`; bad facts are a case-invalid problem whose paths are
    the request's (`paths` maps the case's prefixes to the request's; none: the same)."""
    try:
        result = charter.evaluate(case, language=lang)
    except charter_engine.CharterError as e:  # CaseError is a CharterError
        raise _case_problem(e, paths or {}) from None
    return dump(result)


def judge_ballot(
    charter: Any,
    case: dict[str, Any],
    voter: str,
    lang: str | None = None,
    paths: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The engine's judgement of `voter`'s last ballot in `case` (would it count, and why not)."""
    try:
        return dump(charter.judge_ballot(case, voter, language=lang))
    except charter_engine.CharterError as e:
        raise _case_problem(e, paths or {}) from None


def competent_body(charter: Any, subject: str, body: str | None = None) -> dict[str, Any]:
    """Which body decides `subject` (for an admission or exclusion, the `body` it concerns)."""
    query = {"subject": subject, **({"body": body} if body else {})}
    return evaluate(charter, {"competence": query}, language(), {"$.competence": "$"})


def may(charter: Any, action: str, member: dict[str, Any], body: str) -> dict[str, Any]:
    """May the member sit on (`seat`), vote in or propose to the body, with the reasons."""
    record = {"id": "member", **member}
    case = {"members": [record], action: {"member": record["id"], "body": body}}
    return evaluate(charter, case, language(), {"$.members[0]": "$.member", f"$.{action}": "$"})


def reason_texts(result: dict[str, Any]) -> list[str]:
    """The readable reasons of an engine result (Reason objects carry a rendered `text`)."""
    out = []
    for r in result.get("reasons", []):
        out.append(r.get("text") or r.get("code", "") if isinstance(r, dict) else str(r))
    return out


def check_members(
    charter: Any, members: list[dict[str, Any]], paths: dict[str, str] | None = None
) -> None:
    """Let the engine validate member records (declared attributes, their types)."""
    case = {"members": members, "competence": {"subject": "amendment"}}
    evaluate(charter, case, None, paths if paths is not None else {})


def charter_summary(charter: Any) -> dict[str, Any]:
    eff = getattr(charter, "effective", None)
    return {
        "name": charter.name,
        "version": str(charter.version),
        "effective": eff.isoformat() if eff is not None else None,
        "language": getattr(charter, "language", "en"),
        "sha256": charter.sha256,
    }


def compiled(charter: Any) -> Any:
    return dump(charter.model)
