"""Majority judgment and approval through a charter (design §8)."""

from __future__ import annotations

import charter_engine

CHARTER = charter_engine.load("""charter "T" {
  version "1"
  body assembly {
    members: everyone
    decides: *
    rule election {
      method: majority judgment
      grades: "À rejeter" < "Insuffisant" < "Passable" < "Bien" < "Excellent"
      voters: members
    }
    rule priorities { method: approval; winners: 2 }
  }
}""")
GRADES = ["À rejeter", "Insuffisant", "Passable", "Bien", "Excellent"]
MEMBERS = [{"id": f"v{i}"} for i in range(10)]


def mj(ballots, options=("a", "b")):
    return CHARTER.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": "election", "options": list(options)},
            "ballots": ballots,
        }
    )


def test_design_example_majority_values_break_the_tie():
    # counts per grade: a [1,2,3,2,2], b [2,1,3,2,2]: same majority grade, a ranks above b
    a = [0, 1, 1, 2, 2, 2, 3, 3, 4, 4]
    b = [0, 0, 1, 2, 2, 2, 3, 3, 4, 4]
    ballots = [
        {"voter": f"v{i}", "grades": {"a": GRADES[a[i]], "b": GRADES[b[i]]}} for i in range(10)
    ]
    d = mj(ballots, options=("b", "a"))
    assert d.outcome == "adopted" and d.method == "majority_judgment"
    assert d.ranking == ["a", "b"] and d.winners == ["a"]
    assert [(o.option, o.rank, o.majority_grade) for o in d.ranking_detail] == [
        ("a", 1, "Passable"),
        ("b", 2, "Passable"),
    ]


def test_missing_grade_counts_as_the_lowest():
    ballots = [
        {"voter": "v0", "grades": {"a": "Bien", "b": "Bien"}},
        {"voter": "v1", "grades": {"a": "Bien"}},
        {"voter": "v2", "grades": {"a": "Bien"}},
    ]
    d = mj(ballots)
    assert d.ranking == ["a", "b"]
    assert d.ranking_detail[1].majority_grade == "À rejeter"


def test_unknown_grade_or_option_is_a_rejected_ballot():
    ballots = [
        {"voter": "v0", "grades": {"a": "Superbe"}},
        {"voter": "v1", "grades": {"z": "Bien"}},
        {"voter": "v2", "choice": "for"},
        {"voter": "v3", "grades": {"b": "Bien"}},
    ]
    d = mj(ballots)
    assert {(r.voter, r.code) for r in d.rejected_ballots} == {
        ("v0", "ballot.unknown_grade"),
        ("v1", "ballot.unknown_option"),
        ("v2", "ballot.no_grades"),
    }
    assert d.ranking == ["b", "a"]


def test_identical_grades_stay_tied():
    d = mj([{"voter": "v0", "grades": {"a": "Bien", "b": "Bien"}}])
    assert d.winners == ["a", "b"] and d.tied_at_cut == ["a", "b"]
    assert {o.rank for o in d.ranking_detail} == {1}


def test_no_options_is_invalid():
    d = CHARTER.evaluate({"members": MEMBERS, "proposal": {"subject": "election"}, "ballots": []})
    assert d.outcome == "invalid" and "no options" in d.explanation


def approval(ballots):
    return CHARTER.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": "priorities", "options": ["a", "b", "c", "d"]},
            "ballots": ballots,
        }
    )


def test_approval_winners_and_tie_at_the_cut():
    # approvals a:5 b:3 c:3 d:1, two winners: a, then b and c tied for the last seat
    sets = [["a", "b", "c", "d"], ["a", "b", "c"], ["a", "b", "c"], ["a"], ["a"]]
    d = approval([{"voter": f"v{i}", "approve": s} for i, s in enumerate(sets)])
    assert d.method == "approval"
    assert d.winners == ["a"] and d.tied_at_cut == ["b", "c"]
    assert d.ranking[0] == "a" and d.ranking[-1] == "d"
    assert "tie at the cut" in d.explanation
    assert {o.option: o.approvals for o in d.ranking_detail} == {"a": 5, "b": 3, "c": 3, "d": 1}


def test_approval_clear_winners():
    sets = [["a", "b"], ["a", "b"], ["a", "c"]]
    d = approval([{"voter": f"v{i}", "approve": s} for i, s in enumerate(sets)])
    assert d.winners == ["a", "b"] and d.tied_at_cut == []


def test_approval_unknown_option_rejected():
    d = approval([{"voter": "v0", "approve": ["a", "zz"]}, {"voter": "v1", "approve": ["b"]}])
    assert [(r.voter, r.code) for r in d.rejected_ballots] == [("v0", "ballot.unknown_option")]
    assert d.ranking[0] == "b"


def test_method_explanations_in_french():
    d = CHARTER.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": "priorities", "options": ["a", "b"]},
            "ballots": [{"voter": "v0", "approve": ["a"]}],
        },
        language="fr",
    )
    assert "approbation" in d.explanation and d.language == "fr"
