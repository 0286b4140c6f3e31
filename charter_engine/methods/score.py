"""Score voting (range voting): `method: score { range: 0 to 10; ranking: mean }`.

Each voter gives each option a number within the declared range (`scores: {option: number}`;
an option left out gets no score from that voter). An option's total is the sum of its scores;
its mean, the total divided by the number of voters who scored it. Options are ranked by mean
(the default) or by total, as the rule declares, exactly (fractions, never floats); an option
nobody scored has neither and ranks last. Options with equal figures are tied, and a tie at the
top is reported, never broken. This is pref_voting's `score_voting` (evaluation "mean" or "sum",
ungraded options left out), which the tests compare with.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field

from ..decision import Ids, OptionResult, Reason
from .base import Counted, Method, OptionSpec


def _exact(value: Any) -> Any:
    """A score as written: `7`, `7.5` (read from its decimal text, never as a binary float),
    `"15/2"`; anything else is left to the type check."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, int | str):
        try:
            return Fraction(str(value).strip())
        except (ValueError, ZeroDivisionError):
            return value
    return value


Score = Annotated[Fraction, BeforeValidator(_exact)]


class ScoreVoting(Method):
    key = "score"
    ballot_field = "scores"
    # the bounds of the JSON Schema are the service's; the library does not enforce them
    ballot_type = Annotated[
        dict[str, Score],
        Field(
            json_schema_extra={
                "maxProperties": 100,
                "propertyNames": {"minLength": 1, "maxLength": 128},
                "additionalProperties": {
                    "type": ["number", "string"],
                    "pattern": r"^-?[0-9]+(\.[0-9]+)?(/[0-9]+)?$",
                },
            }
        ),
    ]
    ballot_description = "the score given to each option (option -> number)"
    options = (
        OptionSpec("range", "range", help="the lowest and the highest score"),
        OptionSpec("ranking", "word", words=("mean", "total"), default="mean"),
    )
    messages: ClassVar[dict[str, Any]] = {
        "score.ranking": {
            "en": lambda a, w: f"score voting, by {a['by']}: " + w.value(a["ranking"]),
            "fr": lambda a, w: (
                "vote par notes, "
                + {"mean": "à la moyenne", "total": "au total"}[a["by"]]
                + " : "
                + w.value(a["ranking"])
            ),
        },
        "score.unscored": {
            "en": "{options} received no score and rank last",
            "fr": "{options} n'ont reçu aucune note et sont classées en dernier",
        },
        "score.tie": {
            "en": "{options} have the same {by} and stay tied",
            "fr": lambda a, w: (
                w.value(a["options"])
                + " ont "
                + {"mean": "la même moyenne", "total": "le même total"}[a["by"]]
                + " et restent à égalité"
            ),
        },
        "ballot.no_scores": {
            "en": "ballot of `{voter}` not counted: a score voting ballot scores the options "
            "(`scores`)",
            "fr": "bulletin de `{voter}` non compté : un bulletin de vote par notes note les "
            "options (`scores`)",
        },
        "ballot.score_out_of_range": {
            "en": "ballot of `{voter}` not counted: its score {score} for `{option}` is outside "
            "the range {low} to {high}",
            "fr": "bulletin de `{voter}` non compté : sa note {score} pour `{option}` est hors de "
            "l'échelle de {low} à {high}",
        },
    }

    def check(self, rule, settings, owner, report):
        if settings["range"] is None:
            report(
                "error",
                "rule.option_missing",
                f"`method: score` in {owner} needs the range of its scores",
                rule.spans.get("method") or rule.pos,
                "for example `method: score { range: 0 to 10 }`",
            )

    def ballot_problem(self, value, options, settings):
        if value is None:
            return ("ballot.no_scores", {})
        low, high = settings["range"] or (None, None)
        for option, score in value.items():
            if option not in options:
                return ("ballot.unknown_option", {"option": option})
            if low is not None and not low <= score <= high:
                return (
                    "ballot.score_out_of_range",
                    {"option": option, "score": score, "low": low, "high": high},
                )
        return None

    def count(self, values, options, settings, rule):
        by = settings["ranking"]
        totals = {o: Fraction(0) for o in options}
        scored = {o: 0 for o in options}
        for scores in values:
            for option, score in scores.items():
                totals[option] += score
                scored[option] += 1
        figures = {
            o: (totals[o] / scored[o] if by == "mean" else totals[o]) for o in options if scored[o]
        }
        ranked: list[list[str]] = []  # tie groups of the scored options, best first
        for option in sorted(figures, key=figures.__getitem__, reverse=True):  # stable
            if ranked and figures[ranked[-1][0]] == figures[option]:
                ranked[-1].append(option)
            else:
                ranked.append([option])
        unscored = [o for o in options if not scored[o]]
        groups = ranked + ([unscored] if unscored else [])
        detail = [
            OptionResult(
                option=o,
                rank=rank,
                value=str(figures[o]) if o in figures else None,
            )
            for rank, group in enumerate(groups, 1)
            for o in group
        ]
        cite = self.cite(rule)
        reasons = [Reason(code="score.ranking", cite=cite, args={"by": by, "ranking": detail})]
        if unscored:
            reasons.append(Reason(code="score.unscored", args={"options": Ids(unscored)}))
        reasons += [
            Reason(code="score.tie", args={"options": Ids(group), "by": by})
            for group in ranked
            if len(group) > 1
        ]
        winners = list(ranked[0]) if ranked else []
        return Counted(
            ranking=[o for group in groups for o in group],
            detail=detail,
            winners=winners,
            tied=winners if len(winners) > 1 else [],
            reasons=reasons,
        )
