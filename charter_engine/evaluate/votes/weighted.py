"""Votes weighted by college (design §5).

A member's college is its `college` attribute. For a test on a share (`for: more than 1/2 of
expressed`), each college's own share (for / expressed within the college) is multiplied by the
college's weight and the products are summed; a college whose base is empty (no expressed vote)
drops out and the weights of the others are scaled up to 100 %. Exact (`Fraction`) throughout.

Choices where the design is silent:
* only tests with a base are weighted; quorum (`present`) and `participation` tests are head
  counts and are never weighted (a quorum counts people, not shares of colleges);
* a test over `members`, `voters`, `present` or `cast` is weighted the same way with that base
  taken within each college;
* a ballot from an electorate member without a declared college cannot be weighted and is
  rejected with that reason (ballots.py);
* when every college drops out, the base is empty and the test fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ...model import Choice


@dataclass
class CollegeShare:
    college: str
    weight: Fraction  # as written (sums to 1 over all colleges)
    count: int
    base: int
    share: Fraction | None  # None: dropped out (empty base)
    scaled_weight: Fraction = Fraction(0)


def college_counts(
    ctx,
    colleges: list[str],
    *,
    choices: dict[str, str | None],
    electorate: set[str],
    members: set[str],
    present: set[str],
) -> dict[str, dict[str, int]]:
    per = {
        c: {
            "for": 0,
            "against": 0,
            "abstain": 0,
            "objections": 0,
            "blocks": 0,
            "participation": 0,
            "present": 0,
            "voters": 0,
            "members": 0,
        }
        for c in colleges
    }
    attrs = ctx.attributes

    def college(mid: str) -> str | None:
        return attrs.get(mid, {}).get("college")

    for key, people in (
        ("voters", electorate),
        ("members", members),
        ("present", present & electorate),
    ):
        for mid in people:
            c = college(mid)
            if c in per:
                per[c][key] += 1
    for mid, choice in choices.items():
        c = college(mid)
        if c not in per:
            continue
        per[c]["participation"] += 1
        if choice is not None:
            per[c][Choice(choice).counted_as] += 1
    for counts in per.values():
        counts["expressed"] = counts["for"] + counts["against"]
        counts["cast"] = counts["expressed"] + counts["abstain"]
    return per


def weighted_share(
    per: dict[str, dict[str, int]], weights: dict[str, Fraction], count: str, base: str
) -> tuple[Fraction | None, list[CollegeShare]]:
    shares = []
    for college, weight in weights.items():
        c = per[college]
        b = c[base]
        shares.append(
            CollegeShare(college, weight, c[count], b, Fraction(c[count], b) if b else None)
        )
    active = [s for s in shares if s.share is not None]
    total_weight = sum((s.weight for s in active), Fraction(0))
    if not active or total_weight == 0:
        return None, shares
    for s in active:
        s.scaled_weight = s.weight / total_weight
    total = sum(
        (s.scaled_weight * s.share for s in active if s.share is not None),  # (all of `active`)
        Fraction(0),
    )
    return total, shares


def adjust_objections(per: dict[str, dict[str, int]], ctx, not_standing: list[str]) -> None:
    for mid in not_standing:
        c = ctx.attributes.get(mid, {}).get("college")
        if c in per:
            per[c]["objections"] -= 1
