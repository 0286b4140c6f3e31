"""Instant runoff (ranked choice, vote alternatif): `method: instant runoff { ties: backward }`.

Each voter ranks the options, most preferred first (`ranking: [a, c, b]`); a ballot may rank
only some of them. The count goes in rounds. In each round every ballot counts for its
highest-ranked option still in the count; a ballot whose ranked options are all out is exhausted
(reported each round, never counted again); a ballot that ranks nothing is refused. An option with
more than half of the ballots still counted in a round wins. Otherwise the option with the fewest votes is eliminated, and the next
round begins. One winner.

Several options with the fewest votes: the rule's `ties:` says which goes, in order:

- `backward`: the one with the fewest votes in the latest earlier round where they differ;
- `order`: the one listed last among the proposal's options;
- `all` (the default): all of them at once, as pref_voting's instant runoff for truncated
  ballots does (which the tests compare with).

When the declared rules leave several tied, all of them go, and the reasons say so. When every
option left is tied, they tie for the win: reported, never broken. The ranking is the winner,
then the options by the round they were eliminated in (the later, the better); options out in
the same round tie.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..decision import Ids, OptionResult, Reason, RoundResult
from .base import Counted, Method, OptionList, OptionSpec, repeated_or_unknown

TIES = ("backward", "order", "all")


class InstantRunoff(Method):
    key = "instant_runoff"
    ballot_field = "ranking"
    ballot_type = OptionList
    ballot_description = "the options in order of preference, the most preferred first"
    options = (OptionSpec("ties", "words", words=TIES, default=("all",)),)
    messages: ClassVar[dict[str, Any]] = {
        "irv.round": {
            "en": lambda a, w: (
                f"round {a['round']}: "
                + ", ".join(f"`{o}` {n}" for o, n in a["votes"].items())
                + (
                    f"; {w.value(a['exhausted'], '|ballot|ballots')} exhausted"
                    if a["exhausted"]
                    else ""
                )
            ),
            "fr": lambda a, w: (
                f"tour {a['round']} : "
                + ", ".join(f"`{o}` {n}" for o, n in a["votes"].items())
                + (
                    f" ; {w.value(a['exhausted'], '|bulletin épuisé|bulletins épuisés')}"
                    if a["exhausted"]
                    else ""
                )
            ),
        },
        "irv.eliminated": {
            "en": lambda a, w: (
                w.value(a["options"])
                + (" is" if len(a["options"]) == 1 else " are")
                + w.fill(" eliminated, with the fewest votes ({votes})", **a)
            ),
            "fr": lambda a, w: (
                w.value(a["options"])
                + (" est éliminée" if len(a["options"]) == 1 else " sont éliminées")
                + w.fill(", avec le moins de voix ({votes})", **a)
            ),
        },
        "irv.tie_broken": {
            "en": lambda a, w: (
                w.fill("{options} have the fewest votes: ", **a)
                + {
                    "backward": "the one with fewer votes in an earlier round is eliminated",
                    "order": "the one listed last among the options is eliminated",
                    "all": "all of them are eliminated",
                }[a["by"]]
                + f" (`ties: {a['by']}`)"
            ),
            "fr": lambda a, w: (
                w.fill("{options} ont le moins de voix : ", **a)
                + {
                    "backward": "celle qui en avait le moins à un tour précédent est éliminée",
                    "order": "la dernière dans l'ordre des options est éliminée",
                    "all": "toutes sont éliminées",
                }[a["by"]]
                + f" (`ties: {a['by']}`)"
            ),
        },
        "irv.winner": {
            "en": "`{winner}` wins with {votes} of the {counted} ballots still counted, more than "
            "half",
            "fr": "`{winner}` l'emporte avec {votes} des {counted} bulletins encore comptés, plus "
            "de la moitié",
        },
        "irv.tie": {
            "en": "{options} are the last options and stay tied for the win",
            "fr": "{options} sont les dernières options et restent à égalité pour l'emporter",
        },
        "ballot.no_ranking": {
            "en": "ballot of `{voter}` not counted: a ranked ballot lists the options in order of "
            "preference (`ranking`)",
            "fr": "bulletin de `{voter}` non compté : un bulletin préférentiel classe les options "
            "par ordre de préférence (`ranking`)",
        },
        "ballot.repeated_option": {
            "en": "ballot of `{voter}` not counted: it ranks `{option}` twice",
            "fr": "bulletin de `{voter}` non compté : il classe `{option}` deux fois",
        },
    }

    def ballot_problem(self, value, options, settings):
        if not value:  # a ballot that ranks nothing says nothing
            return ("ballot.no_ranking", {})
        return repeated_or_unknown(value, options, "ballot.repeated_option")

    def count(self, values, options, settings, rule):
        ties = tuple(settings["ties"]) or ("all",)
        cite = self.cite(rule)
        continuing = list(options)
        rounds: list[RoundResult] = []
        reasons: list[Reason] = []
        out_in: dict[str, int] = {}  # option -> the round it was eliminated in
        last_votes: dict[str, int] = {}
        winners: list[str] = []
        while continuing:
            number = len(rounds) + 1
            votes = {o: 0 for o in continuing}
            exhausted = 0
            for ranking in values:
                top = next((o for o in ranking if o in votes), None)
                if top is None:
                    exhausted += 1
                else:
                    votes[top] += 1
            counted = len(values) - exhausted
            current = RoundResult(round=number, votes=votes, exhausted=exhausted)
            rounds.append(current)
            last_votes.update(votes)
            reasons.append(
                Reason(
                    code="irv.round",
                    cite=cite,
                    args={"round": number, "votes": votes, "exhausted": exhausted},
                )
            )
            if counted == 0:  # cannot happen: a counted ballot ranks an option, and the count
                break  # stops before the last options go
            leader = max(continuing, key=votes.__getitem__)
            if 2 * votes[leader] > counted:
                winners = [leader]
                reasons.append(
                    Reason(
                        code="irv.winner",
                        args={"winner": leader, "votes": votes[leader], "counted": counted},
                    )
                )
                break
            fewest = min(votes.values())
            tied = [o for o in continuing if votes[o] == fewest]
            if len(tied) == len(continuing):  # every option left is tied: they tie for the win
                winners = tied
                reasons.append(Reason(code="irv.tie", args={"options": Ids(tied)}))
                break
            out = tied
            if len(tied) > 1:
                out, by = self._break(tied, ties, rounds, options)
                current.tie_broken_by = by
                reasons.append(Reason(code="irv.tie_broken", args={"options": Ids(tied), "by": by}))
            current.eliminated = list(out)
            reasons.append(
                Reason(code="irv.eliminated", args={"options": Ids(out), "votes": fewest})
            )
            for o in out:
                out_in[o] = number
            continuing = [o for o in continuing if o not in out]
        # the ranking: the winner(s); the options still in the count, by their last votes; the
        # others by the round they went out in, the latest first. Equal keys are ties.
        final = rounds[-1].votes if rounds else {}

        def key(o: str) -> tuple[int, int]:
            if o in winners:
                return (0, 0)
            if o in final and o not in out_in:
                return (1, -final[o])
            return (2, -out_in.get(o, 0))

        order = sorted(options, key=key)
        rank_of: dict[str, int] = {}
        for position, option in enumerate(order, 1):
            previous = order[position - 2] if position > 1 else None
            rank_of[option] = (
                rank_of[previous]
                if previous is not None and key(previous) == key(option)
                else position
            )
        detail = [
            OptionResult(option=o, rank=rank_of[o], value=str(last_votes.get(o, 0))) for o in order
        ]
        return Counted(
            ranking=order,
            detail=detail,
            winners=winners,
            tied=winners if len(winners) > 1 else [],
            reasons=reasons,
            rounds=rounds,
            counts={"exhausted": rounds[-1].exhausted if rounds else 0},
        )

    @staticmethod
    def _break(
        tied: list[str], ties: tuple[str, ...], rounds: list[RoundResult], options: list[str]
    ) -> tuple[list[str], str]:
        """Which of the options tied with the fewest votes go, and the rule that said so."""
        for rule in ties:
            if rule == "all":
                return tied, "all"
            if rule == "backward":
                candidates = list(tied)
                for earlier in reversed(rounds[:-1]):
                    fewest = min(earlier.votes.get(o, 0) for o in candidates)
                    candidates = [o for o in candidates if earlier.votes.get(o, 0) == fewest]
                    if len(candidates) == 1:
                        return candidates, "backward"
                tied = candidates  # the next rule chooses among those still tied
            if rule == "order":
                return [max(tied, key=options.index)], "order"
        return tied, "all"
