"""Populations (design §4): members (of the deciding body), present (attendance, or who voted),
everyone, members of X, P where EXPR, P except concerned."""

from __future__ import annotations

import charter_engine

CHARTER = charter_engine.load("""charter "T" {
  version "1"
  attributes { role: text }
  body assembly {
    members: everyone
    decides: *
    rule everyone { voters: everyone; for: at least 1/2 of voters }
    rule present: majority of present
    rule presentconsent: consent of present
    rule associates { voters: everyone where role = "associate"; for: at least 1/2 of voters }
    rule council { voters: members of council; for: at least 1/2 of voters }
  }
  body council under assembly {
    decides: strategy
    rule default { voters: members; for: at least 1/2 of voters }
  }
}""")
MEMBERS = [
    {"id": "ana", "bodies": ["council"], "attributes": {"role": "associate"}},
    {"id": "bob", "bodies": ["council"]},
    {"id": "cy", "attributes": {"role": "associate"}},
    {"id": "dee"},
]


def run(subject, ballots, **more):
    return CHARTER.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": subject},
            "ballots": [{"voter": v, "choice": c} for v, c in ballots],
            **more,
        }
    )


def electorate(d):
    return d.counts["voters"]


def test_members_of_the_deciding_body():
    d = run("strategy", [("ana", "for"), ("cy", "for")])
    assert d.body == "council" and electorate(d) == 2 and d.counts["for"] == 1
    assert [r.voter for r in d.rejected_ballots] == ["cy"]
    assert d.counts["members"] == 2


def test_everyone():
    d = run("everyone", [("ana", "for"), ("dee", "for")])
    assert electorate(d) == 4 and d.outcome == "adopted"


def test_members_of_another_body():
    d = run("council", [("bob", "for"), ("dee", "for")])
    assert electorate(d) == 2 and d.counts["for"] == 1 and d.outcome == "adopted"
    assert d.counts["members"] == 4  # `members` stays the deciding body's


def test_where_condition():
    d = run("associates", [("ana", "for"), ("bob", "for")])
    assert electorate(d) == 2 and d.counts["for"] == 1
    assert [r.voter for r in d.rejected_ballots] == ["bob"]


def test_present_from_attendance():
    d = run("present", [("ana", "for"), ("bob", "against"), ("cy", "for")], present=["ana", "bob"])
    assert electorate(d) == 2 and d.counts["present"] == 2
    assert [r.voter for r in d.rejected_ballots] == ["cy"]
    assert d.outcome == "rejected"  # 1 for, 1 against


def test_present_without_attendance_is_who_voted():
    d = run("present", [("ana", "for"), ("bob", "against"), ("cy", "for")])
    assert electorate(d) == 3 and d.counts["present"] == 3 and d.outcome == "adopted"


def test_consent_of_present_silence_of_the_absent():
    d = run("presentconsent", [("ana", "for")], present=["ana", "bob"])
    assert d.outcome == "adopted" and electorate(d) == 2


def test_present_means_members_of_the_deciding_body_present():
    c = charter_engine.load("""charter "T" {
  version "1"
  body assembly { members: everyone; decides: * ; rule default: majority of members }
  body council under assembly { decides: strategy; rule default: majority of present }
}""")
    members = [
        {"id": "ana", "bodies": ["council"]},
        {"id": "bob", "bodies": ["council"]},
        {"id": "guest"},
    ]
    d = c.evaluate(
        {
            "members": members,
            "proposal": {"subject": "strategy"},
            "present": ["ana", "bob", "guest"],
            "ballots": [
                {"voter": "ana", "choice": "for"},
                {"voter": "guest", "choice": "against"},
                {"voter": "bob", "choice": "against"},
            ],
        }
    )
    assert d.counts["voters"] == 2 and d.counts["present"] == 2
    assert [r.voter for r in d.rejected_ballots] == ["guest"]
    assert d.outcome == "rejected"  # 1 for, 1 against
