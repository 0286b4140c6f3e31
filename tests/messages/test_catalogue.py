"""Every reason code of the engine, rendered in English and in French from real decisions: the
seed charters' scenario suites and tests/messages/coverage.scenarios.yaml (worked by hand), plus
the two codes only a hand-made model can reach. A code without a sentence in one language, a
sentence that needs an argument the reason does not carry, an English word left in French (or a
French one in English) fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import charter_engine
from charter_engine.messages import LANGUAGES, WORDS, catalogue
from charter_engine.scenarios import SCENARIO_KEYS, check_expectations, read_scenario

ROOT = Path(__file__).resolve().parents[2]
SUITES = [
    *sorted((ROOT / "charters").glob("*.scenarios.yaml")),
    ROOT / "tests/messages/coverage.scenarios.yaml",
]

# Words of one language that the other never uses (the charter's own words are quoted in
# backticks, someone's words in quotes: both are taken out before looking)
ENGLISH = set(
    [
        "the",
        "of",
        "and",
        "is",
        "are",
        "not",
        "when",
        "was",
        "were",
        "with",
        "without",
        "has",
        "have",
        "been",
        "this",
        "that",
        "which",
        "who",
        "only",
        "already",
        "needed",
        "allowed",
        "required",
        "met",
        "least",
        "more",
        "fewer",
        "most",
        "voters",
        "ballot",
        "ballots",
        "member",
        "members",
        "proxy",
        "proxies",
        "counted",
        "until",
        "from",
        "by",
        "for",
        "against",
        "every",
        "each",
        "chair",
        "rule",
        "body",
        "proposal",
        "refused",
        "invalid",
        "adopted",
        "rejected",
        "pending",
        "college",
        "weighted",
        "tie",
        "support",
        "supporters",
        "claim",
        "envelope",
        "goal",
        "project",
        "round",
        "open",
        "closed",
        "window",
        "reimburse",
        "none",
        "all",
        "cast",
        "nobody",
    ]
)
FRENCH = set(
    [
        "les",
        "des",
        "est",
        "pas",
        "une",
        "à",
        "du",
        "aux",
        "sont",
        "qui",
        "où",
        "été",
        "par",
        "pour",
        "contre",
        "sur",
        "dans",
    ]
)


def results(language: str):
    """(the result, the citations of its charter) of every case of every suite, in `language`."""
    out = []
    for path in SUITES:
        charter, members, cases = read_scenario(str(path))
        for case in cases:
            data = {k: v for k, v in case.items() if k not in SCENARIO_KEYS}
            data["members"] = members
            result = charter.evaluate(data, language)
            if path.parent.name == "messages":  # the coverage suite's own expectations hold
                failures = check_expectations(
                    case.get("expect") or {}, result.model_dump(mode="json")
                )
                assert not failures, (case["name"], failures)
            out.append(result)
    out += forged(language)
    return out


def forged(language: str):
    """The two reasons a compiled charter cannot reach (the checker refuses what they say): an
    unknown voting method and a vote weighted by college without colleges."""
    charter = charter_engine.load(ROOT / "tests/messages/coverage.charter")
    out = []
    for change in ("method", "colleges"):
        model = charter.model.model_copy(deep=True)
        rules = {r.name: r for r in model.bodies[0].rules}
        if change == "method":
            rules["election"].method = "plurality"
            case = {"proposal": {"subject": "election", "options": ["x"]}}
        else:
            model.colleges = []
            case = {"proposal": {"subject": "weighted"}}
        forged_charter = charter_engine.Charter(model, charter.source)
        out.append(forged_charter.evaluate({"members": [{"id": "ada"}], **case}, language))
    return out


def rendered(result) -> list[tuple[str, str]]:
    """(code, text) of every reason, rejected ballot and refusal of a result."""
    out = [(r.code, r.text) for r in result.reasons]
    out += [(b.code, b.reason) for b in getattr(result, "rejected_ballots", None) or []]
    for name in ("rejected_projects", "rejected_allocations", "rejected_supports"):
        out += [(r.code, r.reason) for r in getattr(result, name, None) or []]
    out += [(r.code, r.reason) for r in getattr(result, "rejected_claims", None) or []]
    return out


@pytest.fixture(scope="module", params=LANGUAGES)
def language_results(request):
    return request.param, results(request.param)


def test_both_languages_say_every_code():
    assert set(catalogue("en")) == set(catalogue("fr"))
    assert len(catalogue("en")) > 130


def test_every_code_is_said_by_a_real_decision(language_results):
    language, found = language_results
    produced = {code for r in found for code, _text in rendered(r)}
    assert set(catalogue(language)) - produced == set()
    assert produced - set(catalogue(language)) == set()  # nothing falls back to its code


def test_every_text_is_a_whole_sentence(language_results):
    language, found = language_results
    for result in found:
        for code, text in rendered(result):
            assert text and not text.startswith(code), (code, text)
            assert "{" not in text and "}" not in text.replace("`}`", ""), (code, text)
        for test in getattr(result, "tests", None) or []:
            assert test.text.startswith((test.name, f"`{test.name}`")), test.text


def _words(text: str) -> set[str]:
    text = re.sub(r"`[^`]*`", " ", text)  # the charter's own text
    text = re.sub(r"«[^»]*»|“[^”]*”", " ", text)  # someone's words
    text = re.sub(r"\([^()]*\)$", " ", text)  # a citation at the end of a line
    return set(re.findall(r"[a-zà-ÿ]+", text.lower()))


def test_french_is_french_and_english_is_english(language_results):
    language, found = language_results
    foreign = ENGLISH if language == "fr" else FRENCH
    for result in found:
        lines = [t for _code, t in rendered(result)] + [
            t.text for t in getattr(result, "tests", None) or []
        ]
        for cite in result.citations:
            lines = [line.replace(f"({cite})", " ") for line in lines]
        for line in lines:
            leftovers = _words(line) & foreign
            assert not leftovers, (language, sorted(leftovers), line)


def test_every_seed_explanation_is_in_the_language_asked():
    for result in results("fr"):
        assert result.language == "fr"
        explanation = result.explanation
        for cite in result.citations:
            explanation = explanation.replace(f"({cite})", " ")
        for line in explanation.splitlines():
            assert not _words(line) & ENGLISH, line


def test_a_reason_carries_values_not_words():
    """No argument is text in a language: no twin argument (`*_fr`, `*_en`), and the JSON of a
    reason's arguments holds only values."""
    for result in results("en"):
        dumped = result.model_dump(mode="json")
        for reason in dumped.get("reasons", []):
            assert not any(k.endswith(("_fr", "_en")) for k in reason["args"]), reason
        for ballot in dumped.get("rejected_ballots", []):
            assert not any(k.endswith(("_fr", "_en")) for k in ballot["args"]), ballot


def test_each_language_formats_its_values():
    from fractions import Fraction

    from charter_engine.model import Comparator, Duration, Money, Population, PopulationBase

    en, fr = WORDS["en"], WORDS["fr"]
    assert (en.value(Comparator.AT_LEAST), fr.value(Comparator.AT_LEAST)) == (
        "at least",
        "au moins",
    )
    assert (
        en.value(Duration(amount=1, unit="month")),
        fr.value(Duration(amount=2, unit="month")),
    ) == (
        "1 month",
        "2 mois",
    )
    assert en.value(Fraction(133, 200), "%") == "66.5%"
    assert en.value(Money(cents=1250, currency="EUR")) == "12.50 EUR"
    everyone = Population(base=PopulationBase.EVERYONE)
    assert (en.value(everyone), fr.value(everyone)) == ("everyone", "tous les membres")
    assert (en.value(1, "|ballot|ballots"), en.value(2, "|ballot|ballots")) == (
        "1 ballot",
        "2 ballots",
    )
    assert (fr.value(0, "|voix|voix"), fr.value(0, "|bulletin|bulletins")) == (
        "0 voix",
        "0 bulletin",
    )
