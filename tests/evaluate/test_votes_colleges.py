"""Weighted voting by college (design §5), with the design's example colleges."""

from __future__ import annotations

from fractions import Fraction

import charter_engine

CHARTER = charter_engine.load("""charter "T" {
  version "1"
  attributes { college: text }
  colleges {
    associations "Collège des associations": 30%
    citizens "Collectifs citoyens": 30%
    beneficiaries "Bénéficiaires": 20%
    authorities "Collectivités territoriales": 20%
  }
  body general_meeting "Assemblée générale" {
    members: everyone
    decides: *
    rule default { voters: members; weighted by college; for: more than 1/2 of expressed }
  }
}""")

MEMBERS = (
    [{"id": f"as{i}", "attributes": {"college": "associations"}} for i in range(3)]
    + [{"id": f"ci{i}", "attributes": {"college": "citizens"}} for i in range(2)]
    + [{"id": f"be{i}", "attributes": {"college": "beneficiaries"}} for i in range(2)]
    + [{"id": f"au{i}", "attributes": {"college": "authorities"}} for i in range(2)]
    + [{"id": "nocollege"}]
)


def run(ballots):
    return CHARTER.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": "anything"},
            "ballots": [{"voter": v, "choice": c} for v, c in ballots],
        }
    )


def test_each_college_share_times_its_weight():
    # raw count 3 for / 3 against would fail; weighted: 0·30% + 1·30% + 1·20% + 1·20% = 70%
    d = run(
        [
            ("as0", "against"),
            ("as1", "against"),
            ("as2", "against"),
            ("ci0", "for"),
            ("be0", "for"),
            ("au0", "for"),
        ]
    )
    assert d.outcome == "adopted"
    assert d.counts["for"] == 3 and d.counts["against"] == 3
    assert d.weighted["associations"] == "0" and d.weighted["citizens"] == "1"
    assert Fraction(d.weighted["total"]) == Fraction(7, 10)


def test_shares_within_a_college():
    # associations 1/3 for, citizens 1/2, beneficiaries 0, authorities 1
    d = run(
        [
            ("as0", "for"),
            ("as1", "against"),
            ("as2", "against"),
            ("ci0", "for"),
            ("ci1", "against"),
            ("be0", "against"),
            ("au0", "for"),
        ]
    )
    expected = (
        Fraction(3, 10) * Fraction(1, 3)
        + Fraction(3, 10) * Fraction(1, 2)
        + Fraction(2, 10) * 0
        + Fraction(2, 10) * 1
    )
    assert Fraction(d.weighted["total"]) == expected  # 9/20 < 1/2
    assert d.outcome == "rejected"


def test_a_college_with_no_expressed_vote_drops_out_and_the_others_scale_up():
    # authorities only abstain: weights 30/30/20 scaled to 100%: (30 + 20) / 80 = 5/8 > 1/2,
    # whereas the unscaled sum 30% + 20% = 1/2 would not be "more than 1/2"
    d = run([("as0", "for"), ("ci0", "against"), ("be0", "for"), ("au0", "abstain")])
    assert d.weighted["authorities"] == "dropped out"
    assert Fraction(d.weighted["total"]) == Fraction(5, 8)
    assert d.outcome == "adopted"
    assert "drops out" in d.explanation


def test_every_college_dropping_out_is_an_empty_base():
    d = run([("as0", "abstain")])
    assert d.outcome == "rejected"


def test_ballot_without_a_college_is_rejected():
    d = run([("as0", "for"), ("nocollege", "against")])
    assert [(r.voter, r.code) for r in d.rejected_ballots] == [("nocollege", "ballot.no_college")]
    assert d.outcome == "adopted"


def test_weighted_test_reports_its_exact_share_not_a_head_count():
    # §5: the college shares decide, so no integer is "needed"; the test says the share.
    # for: associations (30 %) and beneficiaries (20 %); against: citizens and authorities.
    d = CHARTER.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": "x"},
            "ballots": [
                {"voter": "as0", "choice": "for"},
                {"voter": "ci0", "choice": "against"},
                {"voter": "be0", "choice": "for"},
                {"voter": "au0", "choice": "against"},
            ],
        },
        "en",
    )
    test = next(t for t in d.tests if t.name == "for")
    # 30 % + 20 % = 1/2, and `more than 1/2` is not met
    assert test.needed is None and test.weighted_share == "1/2" and test.passed is False
    assert "weighted share 1/2 ≈ 50.00 % of votes expressed" in test.text
    assert "None" not in test.text
