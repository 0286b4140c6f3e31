"""A result in words: every reason, test and rejection rendered in English or French.

The engine's results carry message codes and typed arguments (charter_engine/decision.py); the
sentences live here, one module per language (en.py, fr.py: the `Words` of words.py), and the
voting methods bring their own (charter_engine/methods/, `messages`). `explain(result, language)`
renders a result; nothing else writes prose. Adding a language is one module like en.py and its
entry in LANGUAGES, plus the methods' sentences in that language; no evaluator changes.
"""

from __future__ import annotations

import functools
from typing import Any

from .. import methods
from ..decision import AnyResult, BallotJudgement, BudgetResult, Decision, RejectedBallot
from . import en, fr
from .words import Template, Words

WORDS: dict[str, Words] = {"en": en.WORDS, "fr": fr.WORDS}
LANGUAGES = tuple(WORDS)


def choose_language(asked: str | None, charter_language: str | None) -> str:
    """The language of an answer: the one asked for, else the charter's, else English."""
    if asked in LANGUAGES:
        return asked
    return charter_language if charter_language in LANGUAGES else "en"


@functools.cache
def catalogue(language: str) -> dict[str, Template]:
    """Every message code with its template in `language`: the language's own sentences and
    each voting method's."""
    out = dict(WORDS[language].MESSAGES)
    for code, by_language in methods.messages().items():
        out[code] = by_language[language]
    return out


def render(code: str, args: dict[str, Any], language: str) -> str:
    template = catalogue(language).get(code)
    if template is None:
        # never silently lose a reason: say its code and arguments
        return code + (" " + ", ".join(f"{k}={v}" for k, v in args.items()) if args else "")
    return WORDS[language].render(template, args)


def _who(ballot: RejectedBallot) -> dict[str, Any]:
    return {"voter": ballot.voter, "represented": ballot.represented, **ballot.args}


def explain(result: AnyResult, language: str) -> AnyResult:
    """Render every reason, test and rejection in `language`, and the whole explanation."""
    words = WORDS[language]
    result.language = language
    for reason in result.reasons:
        reason.text = render(reason.code, reason.args, language)
    if isinstance(result, BallotJudgement):
        for r in (*result.rejected, *result.proxies_set_aside):
            r.reason = render(r.code, _who(r), language)
        return result
    lines = [r.text + (f" ({r.cite})" if r.cite else "") for r in result.reasons]
    cites = [r.cite for r in result.reasons if r.cite]
    if isinstance(result, Decision):
        for test in result.tests:
            test.text = words.test(test)
        for ballot in result.rejected_ballots:
            ballot.reason = render(ballot.code, _who(ballot), language)
        lines += [t.text + (f" ({t.cite})" if t.cite else "") for t in result.tests]
        lines += [b.reason for b in result.rejected_ballots]
        cites += [t.cite for t in result.tests if t.cite]
    if isinstance(result, BudgetResult):
        for rejection in (
            *result.rejected_projects,
            *result.rejected_allocations,
            *result.rejected_supports,
            *result.rejected_claims,
        ):
            rejection.reason = render(
                rejection.code, {"id": rejection.id, **rejection.args}, language
            ) + (f" ({rejection.cite})" if rejection.cite else "")
            if rejection.cite:
                cites.append(rejection.cite)
            lines.append(rejection.reason)
    result.citations = list(dict.fromkeys(cites))
    result.explanation = "\n".join(lines)
    return result


__all__ = ["LANGUAGES", "WORDS", "catalogue", "choose_language", "explain", "render"]
