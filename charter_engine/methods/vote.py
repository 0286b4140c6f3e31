"""`method: vote`, the default: each voter says `for`, `against`, `abstain`, `object` or `block`,
and the rule's tests decide (§8, §9). Its counting is the tally of the rule's tests
(model/words.py); the decision's exact certainty argument applies to it, since every test is a
linear inequality over the counts (evaluate/votes/certainty.py)."""

from __future__ import annotations

from typing import Any, ClassVar

from ..model import Choice
from .base import Method


class Vote(Method):
    key = "vote"
    ballot_field = "choice"
    ballot_type = Choice
    ballot_description = "for, against, abstain, object or block"
    ranks_options = False
    certain_early = True
    messages: ClassVar[dict[str, Any]] = {
        "ballot.no_choice": {
            "en": "ballot of `{voter}` not counted: it states no choice (for, against, abstain, "
            "object or block)",
            "fr": "bulletin de `{voter}` non compté : il n'exprime aucun choix (pour, contre, "
            "abstention, objection ou blocage)",
        },
    }

    def ballot_problem(self, value, options, settings):
        return None if value is not None else ("ballot.no_choice", {})
