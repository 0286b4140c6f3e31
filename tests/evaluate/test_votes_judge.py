"""One ballot judged as it is cast (`Charter.judge_ballot`): the decision's own rules and reasons,
from a case that holds only what that ballot's fate depends on."""

from __future__ import annotations

import pytest

import charter_engine

CHARTER = charter_engine.load("""charter "J" {
  version "1"
  attributes { college: text }
  colleges {
    workers "Workers": 50%
    users "Users": 50%
  }
  body assembly {
    members: everyone
    decides: *
    rule default: majority of members
    rule exclusion: consent of present except concerned
  }
  body council under assembly {
    decides: strategy
    rule default {
      voters: members
      advisory: everyone
      for: more than 1/2 of expressed
    }
    rule strategy.final {
      voters: members
      for: more than 1/2 of expressed
      ballots: final
    }
  }
  body ag under assembly {
    decides: finance, weighted, picks
    rule default {
      voters: members
      for: more than 1/2 of expressed
      proxies: at most 2 per voter
    }
    rule weighted { voters: members; weighted by college; for: more than 1/2 of expressed }
    rule picks { voters: members; method: approval; winners: 1 }
  }
}""")

MEMBERS = (
    [{"id": c, "bodies": ["council"]} for c in ("c1", "c2", "c3")]
    + [{"id": a, "bodies": ["ag"]} for a in ("a1", "a2", "a3", "a4", "a5")]
    + [{"id": "w1", "bodies": ["ag"], "attributes": {"college": "workers"}}]
    + [{"id": "x1"}, {"id": "x2"}]
)
RECORDS = {m["id"]: m for m in MEMBERS}
AT = "2024-01-01T12:00:00Z"


def case(subject, ballots, members=MEMBERS, **more):
    proposal = {"subject": subject, **more.pop("proposal", {})}
    return {"members": members, "proposal": proposal, "ballots": ballots, "at": AT, **more}


def judge(subject, ballots, voter, **more):
    return CHARTER.judge_ballot(case(subject, ballots, **more), voter)


def codes(judgement):
    """(whose vote would not count, why): the ballot's own fault, then the proxies it carries
    that would be set aside (each the represented person's)."""
    return [
        (r.represented or r.voter, r.code)
        for r in (*judgement.rejected, *judgement.proxies_set_aside)
    ]


def decision_codes(subject, ballots, voter, **more):
    d = CHARTER.evaluate(case(subject, ballots, **more))
    return [(r.voter, r.code) for r in d.rejected_ballots if r.voter == voter and not r.represented]


# one ballot of one voter: the judgement is the decision's rejection of that ballot
SINGLE = [
    ("strategy", {"voter": "c1", "choice": "for"}, []),
    ("strategy", {"voter": "x1", "choice": "for"}, []),  # advisory: counted apart
    ("finance", {"voter": "c1", "choice": "for"}, [("c1", "ballot.outside")]),
    ("finance", {"voter": "zed", "choice": "for"}, [("zed", "ballot.not_member")]),
    ("finance", {"voter": "a1"}, [("a1", "ballot.no_choice")]),
    ("weighted", {"voter": "a1", "choice": "for"}, [("a1", "ballot.no_college")]),
    ("weighted", {"voter": "w1", "choice": "for"}, []),
    ("picks", {"voter": "a1", "approve": ["p", "q"]}, []),
    ("picks", {"voter": "a1", "approve": ["p", "zz"]}, [("a1", "ballot.unknown_option")]),
    ("picks", {"voter": "a1", "choice": "for"}, [("a1", "ballot.no_approvals")]),
]


@pytest.mark.parametrize(("subject", "ballot", "expected"), SINGLE)
def test_a_ballot_is_judged_as_the_decision_judges_it(subject, ballot, expected):
    more = {"proposal": {"options": ["p", "q"]}} if subject == "picks" else {}
    voter = ballot["voter"]
    j = judge(subject, [{**ballot, "at": AT}], voter, **more)
    assert codes(j) == expected
    assert j.counts is (not expected) and j.judged
    assert decision_codes(subject, [{**ballot, "at": AT}], voter, **more) == expected
    assert all(r.reason and voter in r.reason for r in j.rejected)


@pytest.mark.parametrize(("subject", "ballot", "expected"), SINGLE)
def test_the_voters_own_record_is_all_the_members_it_needs(subject, ballot, expected):
    more = {"proposal": {"options": ["p", "q"]}} if subject == "picks" else {}
    voter = ballot["voter"]
    own = [RECORDS[voter]] if voter in RECORDS else []
    j = CHARTER.judge_ballot(case(subject, [{**ballot, "at": AT}], members=own, **more), voter)
    assert codes(j) == expected


def test_the_time_window_is_the_proposals_and_at_is_when_it_is_cast():
    window = {"proposal": {"opens": "2024-01-01T09:00:00Z", "closes": "2024-01-01T18:00:00Z"}}
    late = [{"voter": "c1", "choice": "for", "at": "2024-01-01T19:00:00Z"}]
    j = CHARTER.judge_ballot(case("strategy", late, at="2024-01-01T19:00:00Z", **window), "c1")
    assert codes(j) == [("c1", "ballot.late")] and "after the vote closed" in j.rejected[0].reason
    early = [{"voter": "c1", "choice": "for", "at": "2024-01-01T08:00:00Z"}]
    j = CHARTER.judge_ballot(case("strategy", early, at="2024-01-01T08:00:00Z", **window), "c1")
    assert codes(j) == [("c1", "ballot.early")]
    on_time = [{"voter": "c1", "choice": "for", "at": AT}]
    assert CHARTER.judge_ballot(case("strategy", on_time, **window), "c1").counts


def test_attendance_decides_a_present_electorate():
    ballot = [{"voter": "x1", "choice": "for", "at": AT}]
    proposal = {"concerns": ["x2"]}
    j = judge("exclusion", ballot, "x1", present=["x1", "c1"], proposal=proposal)
    assert j.counts and j.rule == "exclusion"
    j = judge("exclusion", ballot, "x1", present=["c1"], proposal=proposal)
    assert codes(j) == [("x1", "ballot.outside")]
    # the concerned person does not vote on it
    j = judge(
        "exclusion",
        [{"voter": "x2", "choice": "for", "at": AT}],
        "x2",
        present=["x2"],
        proposal=proposal,
    )
    assert codes(j) == [("x2", "ballot.concerned")]


def test_a_replacement_counts_and_a_second_final_ballot_does_not():
    first = {"voter": "c1", "choice": "for", "at": "2024-01-01T10:00:00Z"}
    second = {"voter": "c1", "choice": "against", "at": AT}
    j = judge("strategy", [first, second], "c1")
    assert j.counts and not j.final
    j = judge("strategy.final", [first, second], "c1")
    assert j.final and codes(j) == [("c1", "ballot.final")]
    assert "the first one stands" in j.rejected[0].reason
    assert judge("strategy.final", [second], "c1").counts  # a first ballot counts


def test_replacing_a_ballot_that_carried_proxies():
    first = {"voter": "a1", "choice": "for", "proxies": ["a2"], "at": "2024-01-01T10:00:00Z"}
    second = {"voter": "a1", "choice": "against", "at": AT}
    # the decision sets the first ballot's proxy aside (its ballot no longer counts) ...
    assert ("a2", "proxy.carrier_not_counted") in {
        (r.represented or r.voter, r.code)
        for r in CHARTER.evaluate(case("finance", [first, second])).rejected_ballots
    }
    # ... which is no fault of the new ballot: it counts
    assert judge("finance", [first, second], "a1").counts


def test_the_proxies_a_ballot_carries_are_judged():
    def carried(ballots, voter="a1", subject="finance", **more):
        return codes(judge(subject, [{**b, "at": AT} for b in ballots], voter, **more))

    assert carried([{"voter": "a1", "choice": "for", "proxies": ["a2", "a3"]}]) == []
    assert carried([{"voter": "a1", "choice": "for", "proxies": ["a2", "a3", "a4"]}]) == [
        ("a4", "proxy.too_many")
    ]
    # the ballot itself counts: only that proxy is set aside, as in the decision
    j = judge(
        "finance", [{"voter": "a1", "choice": "for", "proxies": ["a2", "a3", "a4"], "at": AT}], "a1"
    )
    assert j.counts and not j.rejected
    assert [(p.voter, p.represented, p.code) for p in j.proxies_set_aside] == [
        ("a1", "a4", "proxy.too_many")
    ]
    assert carried([{"voter": "a1", "choice": "for", "proxies": ["a1"]}]) == [("a1", "proxy.self")]
    assert carried([{"voter": "a1", "choice": "for", "proxies": ["c1"]}]) == [
        ("c1", "proxy.outside")
    ]
    assert carried([{"voter": "c1", "choice": "for", "proxies": ["c2"]}], "c1", "strategy") == [
        ("c2", "proxy.not_allowed")
    ]
    voted = [
        {"voter": "a2", "choice": "against"},
        {"voter": "a1", "choice": "for", "proxies": ["a2"]},
    ]
    assert carried(voted) == [("a2", "proxy.voted_in_person")]
    twice = [
        {"voter": "a3", "choice": "against", "proxies": ["a2"]},
        {"voter": "a1", "choice": "for", "proxies": ["a2"]},
    ]
    assert carried(twice) == [("a2", "proxy.twice")]
    assert carried([{"voter": "a1", "choice": "for", "proxies": ["a2"]}], present=["a3"]) == [
        ("a2", "proxy.carrier_absent")
    ]
    # a ballot refused on its own is refused for that reason, not for its proxies
    assert carried([{"voter": "c1", "choice": "for", "proxies": ["a2"]}], "c1") == [
        ("c1", "ballot.outside")
    ]


def test_an_in_person_ballot_counts_though_another_carries_the_voters_proxy():
    ballots = [
        {"voter": "a1", "choice": "for", "proxies": ["a2"], "at": "2024-01-01T10:00:00Z"},
        {"voter": "a2", "choice": "against", "at": AT},
    ]
    # the decision sets the proxy aside (a2 voted in person) and counts a2's own ballot
    d = CHARTER.evaluate(case("finance", ballots))
    assert [(r.voter, r.represented, r.code) for r in d.rejected_ballots] == [
        ("a1", "a2", "proxy.voted_in_person")
    ]
    assert d.counts["against"] == 1
    assert judge("finance", ballots, "a2").counts


def test_reasons_are_in_the_language_asked():
    j = CHARTER.judge_ballot(
        case("finance", [{"voter": "c1", "choice": "for", "at": AT}]), "c1", language="fr"
    )
    assert j.language == "fr" and "ne fait pas partie du corps électoral" in j.rejected[0].reason


def test_without_a_competent_body_there_is_nothing_to_judge_by():
    j = judge(
        "finance", [{"voter": "a1", "choice": "for", "at": AT}], "a1", proposal={"body": "council"}
    )
    assert not j.judged and not j.counts and j.rejected == []
    assert [r.code for r in j.reasons] == ["invalid.body"] and "ag" in j.reasons[0].text


def test_a_case_without_the_voters_ballot_or_a_proposal_is_an_error():
    with pytest.raises(charter_engine.CaseError, match="no ballot of `c2`"):
        judge("strategy", [{"voter": "c1", "choice": "for", "at": AT}], "c2")
    with pytest.raises(charter_engine.CaseError, match="proposal"):
        CHARTER.judge_ballot({"members": MEMBERS, "ballots": []}, "c1")
