"""Exact thresholds and every test form (design §4 "Ballots and counts", "Semantics to get
exactly right"): the numbered examples, empty bases, `none`, `all of`, parameters, percentages."""

from __future__ import annotations

import pytest

import charter_engine


def charter(rule: str, extra: str = "") -> charter_engine.Charter:
    return charter_engine.load(f"""charter "T" {{
  version "1"
  body assembly {{
    members: everyone
    decides: *
    rule default {{
      {rule}
      cite "Art. 1"
    }}
  }}
  {extra}
}}""")


def case(votes: dict[str, int], members: int = 10, **more) -> dict:
    ballots, i = [], 0
    for choice, number in votes.items():
        for _ in range(number):
            ballots.append({"voter": f"m{i}", "choice": choice})
            i += 1
    return {
        "members": [{"id": f"m{k}"} for k in range(members)],
        "proposal": {"subject": "anything"},
        "ballots": ballots,
        **more,
    }


def test_at_least_two_thirds_of_ten_needs_seven():
    c = charter("for: at least 2/3 of members")
    adopted = c.evaluate(case({"for": 7}))
    assert adopted.outcome == "adopted"
    assert (adopted.tests[0].needed, adopted.tests[0].base_size) == (7, 10)
    assert adopted.tests[0].threshold == "2/3"
    assert c.evaluate(case({"for": 6, "against": 4})).outcome == "rejected"


def test_two_thirds_majority_of_ten_expressed_needs_seven():
    c = charter("voters: members\nfor: at least 2/3 of expressed")
    assert c.evaluate(case({"for": 7, "against": 3})).outcome == "adopted"
    d = c.evaluate(case({"for": 6, "against": 4}))
    assert d.outcome == "rejected" and d.tests[0].needed == 7


def test_more_than_half_of_eight_needs_five():
    c = charter("for: more than 1/2 of expressed")
    tie = c.evaluate(case({"for": 4, "against": 4}))
    assert tie.outcome == "rejected" and tie.tests[0].needed == 5
    assert c.evaluate(case({"for": 5, "against": 3})).outcome == "adopted"


def test_more_than_half_of_seven_needs_four():
    c = charter("for: more than 1/2 of expressed")
    d = c.evaluate(case({"for": 4, "against": 3}))
    assert d.outcome == "adopted" and d.tests[0].needed == 4
    assert c.evaluate(case({"for": 3, "against": 4})).outcome == "rejected"


def test_explanation_states_the_integer_needed():
    d = charter("for: at least 2/3 of members").evaluate(case({"for": 6}))
    assert "7 needed" in d.explanation
    assert (
        "7 requis"
        in charter("for: at least 2/3 of members")
        .evaluate(case({"for": 6}), language="fr")
        .explanation
    )


def test_empty_base_fails():
    c = charter("for: more than 1/2 of expressed")
    d = c.evaluate(case({"abstain": 3}))
    assert d.outcome == "rejected"
    assert d.tests[0].base_size == 0 and not d.tests[0].passed
    # an upper bound over an empty base fails too
    d = charter("against: at most 1/3 of expressed").evaluate(case({"abstain": 3}))
    assert d.outcome == "rejected"


def test_none_means_exactly_zero():
    c = charter("blocks: none")
    assert c.evaluate(case({"for": 5})).outcome == "adopted"
    d = c.evaluate(case({"for": 5, "block": 1}))
    assert d.outcome == "rejected" and d.counts["blocks"] == 1 and d.tests[0].needed == 0


def test_all_of_base_means_equal_to_the_base():
    c = charter("for: all of voters")
    assert c.evaluate(case({"for": 3}, members=3)).outcome == "adopted"
    assert c.evaluate(case({"for": 2}, members=3)).outcome == "rejected"
    assert c.evaluate(case({"for": 2, "abstain": 1}, members=3)).outcome == "rejected"


def test_all_of_an_empty_base_fails():
    d = charter("for: all of expressed").evaluate(case({"abstain": 2}))
    assert d.outcome == "rejected"


@pytest.mark.parametrize(
    ("comparator", "votes", "needed", "passed"),
    [
        ("at most 1/3 of cast", {"for": 7, "against": 2}, 3, True),  # 9 cast: 3 allowed
        ("at most 1/3 of cast", {"for": 5, "against": 4}, 3, False),
        ("fewer than 1/3 of cast", {"for": 7, "against": 2}, 2, True),  # 3 not allowed: 2
        ("fewer than 1/3 of cast", {"for": 6, "against": 3}, 2, False),
        ("fewer than 3", {"for": 6, "against": 2}, 2, True),
        ("at most 2", {"for": 6, "against": 3}, 2, False),
    ],
)
def test_upper_bounds(comparator, votes, needed, passed):
    d = charter(f"against: {comparator}").evaluate(case(votes))
    assert d.tests[0].needed == needed
    assert d.tests[0].passed is passed


def test_quorum_is_the_test_on_present():
    c = charter("quorum: at least 1/2 of members\nfor: more than 1/2 of expressed")
    d = c.evaluate(case({"for": 4}, present=["m0", "m1", "m2", "m3"]))
    assert d.tests[0].name == "quorum" and d.tests[0].count == "present"
    assert d.outcome == "rejected" and d.counts["present"] == 4 and d.tests[0].needed == 5
    d = c.evaluate(case({"for": 4}, present=[f"m{i}" for i in range(5)]))
    assert d.outcome == "adopted"


def test_present_without_attendance_is_who_voted():
    c = charter("quorum: at least 1/2 of members\nfor: more than 1/2 of expressed")
    d = c.evaluate(case({"for": 3, "abstain": 2}))
    assert d.counts["present"] == 5 and d.outcome == "adopted"


def test_percentages_are_exact_and_shown_as_written():
    c = charter("for: at least 66.5% of expressed")
    d = c.evaluate(case({"for": 133, "against": 67}, members=200))
    assert d.tests[0].threshold == "66.5%" and d.tests[0].needed == 133
    assert d.outcome == "adopted"
    assert c.evaluate(case({"for": 132, "against": 68}, members=200)).outcome == "rejected"


def test_parameter_threshold_takes_the_value_in_force():
    c = charter("for: at least minimum", "parameter minimum: 3 set by assembly")
    assert c.evaluate(case({"for": 3})).outcome == "adopted"
    d = c.evaluate(case({"for": 3}, parameters={"minimum": 4}))
    assert d.outcome == "rejected" and d.tests[0].needed == 4


def test_counts_reported():
    d = charter("for: more than 1/2 of expressed").evaluate(
        case({"for": 3, "against": 2, "abstain": 1, "object": 1, "block": 1})
    )
    assert d.counts == {
        "for": 3,
        "against": 2,
        "abstain": 1,
        "objections": 1,
        "blocks": 1,
        "participation": 8,
        "present": 8,
        "expressed": 5,
        "cast": 6,
        "voters": 10,
        "members": 10,
    }
    assert d.tests[0].cite == "Art. 1" and "Art. 1" in d.citations
