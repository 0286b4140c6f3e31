"""The counts a test can name (design §4 "Ballots and counts"), from the counted ballots.

| count | what it counts |
| `for`, `against`, `abstain`, `blocks` | counted ballots of that choice from the electorate |
| `objections` | objections still standing (not withdrawn, not ruled invalid) |
| `participation` | electorate members who cast any counted ballot (in person or by proxy) |
| `present` | electorate members recorded present, plus those represented by a counted proxy; with
  no attendance recorded, the electorate members whose ballot is counted (in person or proxy) |
| `expressed` | for + against |
| `cast` | for + against + abstain |
| `voters` | the electorate's size; `members` the deciding body's (without the concerned when the
  rule excludes them) |
"""

from __future__ import annotations

from collections.abc import Iterable

COUNT_KEYS = (
    "for",
    "against",
    "abstain",
    "objections",
    "blocks",
    "participation",
    "present",
    "expressed",
    "cast",
    "voters",
    "members",
)
CHOICE_COUNT = {
    "for": "for",
    "against": "against",
    "abstain": "abstain",
    "object": "objections",
    "block": "blocks",
}


def count_choices(
    choices: Iterable[str | None],
    objections_not_standing: int,
    *,
    present: int,
    voters: int,
    members: int,
) -> dict[str, int]:
    values = choices if isinstance(choices, list) else list(choices)
    counts = {key: 0 for key in COUNT_KEYS}
    # list.count per choice: a C loop per choice, several times faster than a Counter
    for choice, key in CHOICE_COUNT.items():
        counts[key] = values.count(choice)
    participation = len(values)  # MJ / approval ballots carry no choice but take part
    counts["objections"] -= objections_not_standing
    counts["participation"] = participation
    counts["expressed"] = counts["for"] + counts["against"]
    counts["cast"] = counts["expressed"] + counts["abstain"]
    counts["present"] = present
    counts["voters"] = voters
    counts["members"] = members
    return counts
