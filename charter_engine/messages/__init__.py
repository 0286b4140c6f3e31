"""The catalogue of explanation sentences, in English and French.

Each evaluator module registers its own messages next to its code (`register({...})`), so that
adding a rule kind touches one module. A message is a `str.format` template over the reason's
arguments, or a function of them for sentences that need grammar (plurals, optional parts).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from .. import methods
from ..decision import AnyResult, BallotJudgement, BudgetResult, Decision

LANGUAGES = ("en", "fr")
Template = str | Callable[[dict[str, Any]], str]
CATALOGUE: dict[str, dict[str, Template]] = {}


def choose_language(asked: str | None, charter_language: str | None) -> str:
    """The language of an answer: the one asked for, else the charter's, else English."""
    if asked in LANGUAGES:
        return asked
    return charter_language if charter_language in LANGUAGES else "en"


def register(messages: dict[str, dict[str, Template]]) -> None:
    for code, by_language in messages.items():
        missing = [lang for lang in LANGUAGES if lang not in by_language]
        if missing:
            raise ValueError(f"message {code} has no text in {', '.join(missing)}")
        CATALOGUE[code] = by_language


def render(code: str, args: dict[str, Any], language: str) -> str:
    by_language = CATALOGUE.get(code)
    if by_language is None:
        # Never silently lose a reason: say its code and arguments.
        return code + (" " + ", ".join(f"{k}={v}" for k, v in args.items()) if args else "")
    template = by_language.get(language) or by_language["en"]
    if callable(template):
        return template(args)
    return template.format(**args)


COMPARATOR_WORDS = {
    "en": {
        "at_least": "at least",
        "more_than": "more than",
        "at_most": "at most",
        "fewer_than": "fewer than",
        "none": "none",
        "all": "all",
    },
    "fr": {
        "at_least": "au moins",
        "more_than": "plus de",
        "at_most": "au plus",
        "fewer_than": "moins de",
        "none": "aucun",
        "all": "tous",
    },
}
COUNT_WORDS = {
    "en": {
        "present": "present",
        "for": "votes for",
        "against": "votes against",
        "abstain": "abstentions",
        "objections": "standing objections",
        "blocks": "blocks",
        "participation": "participants",
        "expressed": "votes expressed",
        "cast": "votes cast",
        "members": "members",
        "voters": "voters",
    },
    "fr": {
        "present": "présents",
        "for": "voix pour",
        "against": "voix contre",
        "abstain": "abstentions",
        "objections": "objections maintenues",
        "blocks": "blocages",
        "participation": "participants",
        "expressed": "suffrages exprimés",
        "cast": "votes",
        "members": "membres",
        "voters": "votants",
    },
}


def duration_fr(d) -> str:
    """A duration in French: `14 jours`, `2 semaines`, `1 mois`, `3 ans`."""
    unit = {
        "day": ("jour", "jours"),
        "week": ("semaine", "semaines"),
        "month": ("mois", "mois"),
        "year": ("an", "ans"),
    }[d.unit]
    return f"{d.amount} {unit[0] if d.amount == 1 else unit[1]}"


def _test_sentence(language: str, passed: bool) -> Callable[[dict[str, Any]], str]:
    def sentence(t: dict[str, Any]) -> str:
        words, counts = COMPARATOR_WORDS[language], COUNT_WORDS[language]
        what = counts.get(t["count"], t["count"])
        label = t["name"]
        if t["comparator"] == "none":
            rule = {"en": "none allowed", "fr": "aucun admis"}[language]
        elif t["comparator"] == "all":
            rule = {
                "en": f"all {t['base_size']} {counts.get(t['base'], t['base'])} needed",
                "fr": f"tous les {t['base_size']} {counts.get(t['base'], t['base'])} requis",
            }[language]
        else:
            of = ""
            if t.get("base"):
                base = counts.get(t["base"], t["base"])
                of = {"en": f" of {t['base_size']} {base}", "fr": f" de {t['base_size']} {base}"}[
                    language
                ]
            bound = {
                "at_least": "needed",
                "more_than": "needed",
                "at_most": "allowed",
                "fewer_than": "allowed",
            }[t["comparator"]]
            bound_fr = {"needed": "requis", "allowed": "admis au plus"}[bound]
            rule = {
                "en": f"{t['needed']} {bound} ({words[t['comparator']]} {t['threshold']}{of})",
                "fr": f"{t['needed']} {bound_fr} ({words[t['comparator']]} {t['threshold']}{of})",
            }[language]
        if t.get("weighted_share") is not None:
            base = counts.get(t["base"], t["base"])
            share = Fraction(t["weighted_share"])
            shown = (
                str(share) if share.denominator == 1 else (f"{share} ≈ {float(share) * 100:.2f} %")
            )
            rule = {
                "en": f"weighted share {shown} of {base}, "
                f"{words[t['comparator']]} {t['threshold']} needed",
                "fr": f"part pondérée {shown} des {base}, "
                f"{words[t['comparator']]} {t['threshold']} requis",
            }[language]
        verdict = {
            ("en", True): "met",
            ("en", False): "not met",
            ("fr", True): "atteint",
            ("fr", False): "non atteint",
        }[(language, passed)]
        return f"{label}: {t['reached']} {what}, {rule}: {verdict}"

    return sentence


register(methods.messages())  # each voting method brings its own sentences
register(
    {
        "test.passed": {"en": _test_sentence("en", True), "fr": _test_sentence("fr", True)},
        "test.failed": {"en": _test_sentence("en", False), "fr": _test_sentence("fr", False)},
    }
)


def explain(result: AnyResult, language: str) -> AnyResult:
    """Render every reason, test and rejection in `language`, and the whole explanation."""
    result.language = language
    if isinstance(result, BallotJudgement):
        for reason in result.reasons:
            reason.text = render(reason.code, reason.args, language)
        for r in result.rejected:
            r.reason = render(r.code, {"voter": r.voter, **r.args}, language)
        return result
    for reason in result.reasons:
        reason.text = render(reason.code, reason.args, language)
    lines = [r.text + (f" ({r.cite})" if r.cite else "") for r in result.reasons]
    if isinstance(result, Decision):
        for test in result.tests:
            test.text = render(
                "test." + ("passed" if test.passed else "failed"), test.model_dump(), language
            )
        for ballot in result.rejected_ballots:
            ballot.reason = render(ballot.code, {"voter": ballot.voter, **ballot.args}, language)
        lines += [t.text + (f" ({t.cite})" if t.cite else "") for t in result.tests]
        lines += [b.reason for b in result.rejected_ballots]
    cites = [r.cite for r in result.reasons if r.cite]
    if isinstance(result, BudgetResult):
        for rejection in (
            *result.rejected_projects,
            *result.rejected_allocations,
            *result.rejected_supports,
            *result.rejected_claims,
        ):
            if rejection.args.get("cite"):
                cites.append(rejection.args["cite"])
            rejection.reason = render(
                rejection.code, {"id": rejection.id, **rejection.args}, language
            )
            lines.append(rejection.reason)
    if isinstance(result, Decision):
        cites += [t.cite for t in result.tests if t.cite]
    result.citations = list(dict.fromkeys(cites))
    result.explanation = "\n".join(lines)
    return result
