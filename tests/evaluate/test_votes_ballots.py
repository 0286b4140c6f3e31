"""Which ballots count (design §4): outsiders and non-members rejected with the reason,
advisory ballots apart, the latest ballot replaces earlier ones, late ballots, `ballots: final`,
`except concerned`, proxies."""

from __future__ import annotations

import charter_engine

CHARTER = charter_engine.load("""charter "T" {
  version "1"
  attributes { role: text }
  body assembly {
    members: everyone
    decides: *
    rule default: majority of members
    rule exclusion: consent of present except concerned     cite "Sorties"
    rule motion {
      voters: members except concerned
      for: at least 1/2 of members
    }
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
    decides: finance
    rule default {
      voters: members
      quorum: at least 1/2 of members
      for: more than 1/2 of expressed
      proxies: at most 2 per voter
    }
  }
}""")

COUNCIL = ["c1", "c2", "c3"]
MEMBERS = (
    [{"id": c, "bodies": ["council"]} for c in COUNCIL]
    + [{"id": a, "bodies": ["ag"]} for a in ("a1", "a2", "a3", "a4", "a5", "a6")]
    + [{"id": "x1"}, {"id": "x2"}]
)


def run(subject, ballots, **more):
    return CHARTER.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": subject, **more.pop("proposal", {})},
            "ballots": ballots,
            **more,
        }
    )


def rejected(d):
    """(whose vote was not counted, why): a set-aside proxy is its represented person's."""
    return {(r.represented or r.voter, r.code) for r in d.rejected_ballots}


def test_outsiders_are_rejected_with_the_reason():
    d = run(
        "strategy.final",
        [
            {"voter": "c1", "choice": "for"},
            {"voter": "x1", "choice": "against"},
            {"voter": "x2", "choice": "against"},
        ],
    )
    assert d.outcome == "adopted"
    assert d.counts["for"] == 1 and d.counts["against"] == 0
    assert rejected(d) == {("x1", "ballot.outside"), ("x2", "ballot.outside")}
    assert "not in the electorate" in d.rejected_ballots[0].reason


def test_non_members_are_rejected():
    d = run("strategy", [{"voter": "nobody", "choice": "for"}, {"voter": "c1", "choice": "for"}])
    assert rejected(d) == {("nobody", "ballot.not_member")}
    assert d.counts["for"] == 1
    assert "not a member" in d.explanation


def test_advisory_ballots_are_counted_apart_and_never_decide():
    d = run(
        "strategy",
        [
            {"voter": "c1", "choice": "for"},
            {"voter": "c2", "choice": "for"},
            {"voter": "c3", "choice": "against"},
            *({"voter": v, "choice": "against"} for v in ("a1", "a2", "a3", "x1")),
        ],
    )
    assert d.outcome == "adopted"
    assert d.counts["against"] == 1
    assert d.advisory["against"] == 4 and d.advisory["participation"] == 4
    assert not d.rejected_ballots
    assert "advisory" in d.explanation


def test_latest_ballot_replaces_earlier_ones():
    d = run("strategy", [{"voter": "c1", "choice": "against"}, {"voter": "c1", "choice": "for"}])
    assert d.counts["for"] == 1 and d.counts["against"] == 0 and d.outcome == "adopted"
    # order is the cast time first, then the position in the list
    d = run(
        "strategy",
        [
            {"voter": "c1", "choice": "against", "at": "2024-01-01T12:00:00Z"},
            {"voter": "c1", "choice": "for", "at": "2024-01-01T11:00:00Z"},
        ],
    )
    assert d.counts["against"] == 1 and d.outcome == "rejected"


def test_ballots_after_the_close_are_rejected():
    d = run(
        "strategy",
        [
            {"voter": "c1", "choice": "for", "at": "2024-01-01T10:00:00Z"},
            {"voter": "c2", "choice": "against", "at": "2024-01-01T19:00:00Z"},
            {"voter": "c1", "choice": "against", "at": "2024-01-01T18:30:00Z"},
        ],
        proposal={"closes": "2024-01-01T18:00:00Z"},
    )
    assert rejected(d) == {("c2", "ballot.late"), ("c1", "ballot.late")}
    assert d.counts["for"] == 1 and d.counts["against"] == 0 and d.outcome == "adopted"
    assert "after the vote closed" in d.explanation


def test_final_ballots_reject_a_second_ballot():
    d = run(
        "strategy.final", [{"voter": "c1", "choice": "for"}, {"voter": "c1", "choice": "against"}]
    )
    assert rejected(d) == {("c1", "ballot.final")}
    assert d.counts["for"] == 1 and d.counts["against"] == 0


def test_except_concerned_removes_them_from_the_electorate():
    d = run(
        "exclusion",
        [
            {"voter": "c1", "choice": "for"},
            {"voter": "x1", "choice": "object", "reason": "je conteste"},
        ],
        proposal={"concerns": ["x1"]},
        present=["c1", "c2", "x1"],
    )
    assert d.outcome == "adopted"
    assert d.counts["objections"] == 0 and d.counts["voters"] == 2 and d.counts["present"] == 2
    assert rejected(d) == {("x1", "ballot.concerned")}


def test_except_concerned_removes_them_from_members():
    # 11 members, one concerned: "at least 1/2 of members" is 5 of 10, not 6 of 11
    ballots = [{"voter": v, "choice": "for"} for v in ("c1", "c2", "c3", "a1", "a2")]
    d = run("motion", ballots, proposal={"concerns": ["x1"]})
    assert d.counts["members"] == 10 and d.tests[0].needed == 5 and d.outcome == "adopted"
    assert run("motion", ballots).outcome == "rejected"  # nobody concerned: 6 of 11


def test_proxies_count_as_ballots_and_present_up_to_the_limit():
    d = run(
        "finance", [{"voter": "a1", "choice": "for", "proxies": ["a2", "a3", "a4"]}], present=["a1"]
    )
    assert d.counts["for"] == 3 and d.counts["present"] == 3
    assert rejected(d) == {("a4", "proxy.too_many")}
    (proxy,) = d.rejected_ballots  # the ballot was cast by a1, the proxy was for a4
    assert (proxy.voter, proxy.represented) == ("a1", "a4")
    assert d.tests[0].name == "quorum" and d.tests[0].passed  # 3 of 6 members
    assert d.outcome == "adopted"


def test_proxy_for_someone_who_voted_in_person_is_rejected():
    d = run(
        "finance",
        [{"voter": "a1", "choice": "for", "proxies": ["a2"]}, {"voter": "a2", "choice": "against"}],
        present=["a1", "a2"],
    )
    assert rejected(d) == {("a2", "proxy.voted_in_person")}
    assert d.counts["for"] == 1 and d.counts["against"] == 1


def test_proxies_without_a_proxies_clause_or_from_outside_are_rejected():
    d = run("strategy", [{"voter": "c1", "choice": "for", "proxies": ["c2"]}])
    assert rejected(d) == {("c2", "proxy.not_allowed")}
    d = run("finance", [{"voter": "a1", "choice": "for", "proxies": ["x1"]}])
    assert rejected(d) == {("x1", "proxy.outside")}


def test_proxy_carrier_must_be_present():
    d = run("finance", [{"voter": "a1", "choice": "for", "proxies": ["a2"]}], present=["a3"])
    assert rejected(d) == {("a2", "proxy.carrier_absent")}


def test_unknown_member_in_attendance_is_a_case_error():
    import pytest

    with pytest.raises(charter_engine.CaseError) as err:
        run("finance", [], present=["ghost"])
    assert err.value.diagnostics[0].path == "$.present[0]"
