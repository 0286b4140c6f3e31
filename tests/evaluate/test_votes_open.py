"""An open vote (design §4): `pending`, unless no ballot still possible can change the outcome.
Changeable ballots (the default) keep almost every open vote pending; with `ballots: final` only
missing ballots can change it."""

from __future__ import annotations

import charter_engine

CHARTER = charter_engine.load("""charter "T" {
  version "1"
  body assembly {
    members: everyone
    decides: *
    rule default {
      voters: members
      for: more than 1/2 of members
    }
    rule final {
      voters: members
      for: more than 1/2 of members
      ballots: final
    }
    rule consent: consent of members
    rule consentfinal {
      voters: members
      objections: none
      ballots: final
    }
    rule quorate {
      voters: members
      quorum: at least 1/2 of members
      for: more than 1/2 of expressed
      ballots: final
    }
  }
}""")
MEMBERS = [{"id": f"m{i}"} for i in range(10)]
OPEN = {"opens": "2024-03-01T00:00:00Z", "closes": "2024-03-08T00:00:00Z"}
ASKED = "2024-03-04T00:00:00Z"


def run(subject, votes, at=ASKED, objections=()):
    ballots, i = [], 0
    for choice, n in votes.items():
        for _ in range(n):
            ballots.append({"voter": f"m{i}", "choice": choice})
            i += 1
    return CHARTER.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": subject, **OPEN},
            "at": at,
            "ballots": ballots,
            "objections": list(objections),
        }
    )


def test_changeable_ballots_keep_an_open_vote_pending():
    d = run("default", {"for": 9})
    assert d.outcome == "pending" and d.certain is False
    assert "can still vote or change their ballot" in d.explanation
    assert d.counts["for"] == 9  # the count so far is reported


def test_the_same_vote_closed_is_decided():
    d = run("default", {"for": 9}, at="2024-03-09T00:00:00Z")
    assert d.outcome == "adopted" and d.certain is True


def test_final_ballots_certain_adoption():
    d = run("final", {"for": 6})  # 6 of 10 > 5: no missing ballot can undo it
    assert d.outcome == "adopted" and d.certain is True
    assert "already certain" in d.explanation


def test_final_ballots_certain_rejection():
    d = run("final", {"for": 2, "against": 4})  # at most 6 for: 2 + 4 missing... not 6
    assert d.outcome == "pending"
    d = run("final", {"for": 1, "against": 5})  # at most 5 for of 10: never more than half
    assert d.outcome == "rejected" and d.certain is True
    assert "even if" in d.explanation


def test_final_ballots_still_open():
    d = run("final", {"for": 4, "against": 2})
    assert d.outcome == "pending" and d.certain is False


def test_consent_open_vote_with_final_ballots():
    # everyone has voted for: no objection can come any more
    assert run("consentfinal", {"for": 10}).outcome == "adopted"
    # one member has not voted yet and could object
    assert run("consentfinal", {"for": 9}).outcome == "pending"
    # a standing objection can still be withdrawn before the close
    d = run("consentfinal", {"for": 9, "object": 1})
    assert d.outcome == "pending"


def test_changeable_consent_with_everyone_for_is_still_pending():
    assert run("consent", {"for": 10}).outcome == "pending"


def test_quorum_can_still_be_reached_or_missed():
    assert run("quorate", {"for": 3}).outcome == "pending"
    d = run("quorate", {"for": 5})  # quorum reached, 5 of 5 expressed; 5 more could vote against
    assert d.outcome == "pending"
    d = run("quorate", {"for": 6})  # 6 for: even 4 against cannot make it fail
    assert d.outcome == "adopted" and d.certain
