"""Rule clauses (design §4): the short forms against their long forms, consent, consensus,
unanimity, blocks, objections and their rulings, silence is consent, `tie: chair decides`,
`otherwise: refer to`, `second call:`."""

from __future__ import annotations

import pytest

import charter_engine


def charter(rules: str) -> charter_engine.Charter:
    return charter_engine.load(f"""charter "T" {{
  version "1"
  attributes {{ role: text }}
  body assembly {{
    members: everyone
    decides: *
    {rules}
  }}
}}""")


MEMBERS = [
    {"id": "ana", "attributes": {"role": "facilitator"}},
    {"id": "bob"},
    {"id": "cy"},
    {"id": "dee"},
    {"id": "eve"},
    {"id": "fay"},
]


def run(c, ballots, subject="anything", **more):
    proposal = {"subject": subject, **more.pop("proposal", {})}
    return c.evaluate(
        {
            "members": MEMBERS,
            "proposal": proposal,
            "ballots": [
                {"voter": v, "choice": ch, **({"reason": "r"} if ch == "object" else {})}
                for v, ch in ballots
            ],
            **more,
        }
    )


SHORT_AND_LONG = [
    ("consent of members", "voters: members\nobjections: none"),
    (
        "consensus of members",
        "voters: members\nparticipation: all of voters\nagainst: none\nobjections: none",
    ),
    ("unanimity of members", "voters: members\nfor: all of voters"),
    ("majority of members", "voters: members\nfor: more than 1/2 of expressed"),
    ("2/3 majority of members", "voters: members\nfor: at least 2/3 of expressed"),
    ("consent of present", "voters: present\nobjections: none"),
]
PROFILES = [
    [("ana", "for"), ("bob", "for"), ("cy", "against")],
    [("ana", "for"), ("bob", "for"), ("cy", "for"), ("dee", "for"), ("eve", "for"), ("fay", "for")],
    [
        ("ana", "for"),
        ("bob", "object"),
        ("cy", "for"),
        ("dee", "for"),
        ("eve", "for"),
        ("fay", "abstain"),
    ],
    [("ana", "for"), ("bob", "for"), ("cy", "for"), ("dee", "against"), ("eve", "against")],
    [("ana", "for"), ("bob", "for"), ("cy", "against")],
    [("ana", "abstain")],
    [],
]


@pytest.mark.parametrize(("short", "long"), SHORT_AND_LONG)
@pytest.mark.parametrize("profile", range(len(PROFILES)))
def test_short_form_decides_as_its_long_form(short, long, profile):
    a = run(charter(f"rule default: {short}"), PROFILES[profile])
    b = run(charter(f"rule default {{\n{long}\n}}"), PROFILES[profile])
    assert a.outcome == b.outcome
    assert a.counts == b.counts
    strip = [(t.name, t.count, t.comparator, t.needed, t.reached, t.passed) for t in a.tests]
    assert strip == [
        (t.name, t.count, t.comparator, t.needed, t.reached, t.passed) for t in b.tests
    ]


def test_consent_passes_when_no_objection_stands_and_silence_is_consent():
    c = charter("rule default: consent of members")
    d = run(c, [("ana", "for")])
    assert d.outcome == "adopted"
    assert "silence is consent" in d.explanation
    assert run(c, [("ana", "for"), ("bob", "object")]).outcome == "rejected"


def test_consensus_needs_everyone_and_no_against():
    c = charter("rule default: consensus of members")
    everyone = [(m["id"], "for") for m in MEMBERS]
    assert run(c, everyone).outcome == "adopted"
    assert run(c, everyone[:-1]).outcome == "rejected"  # one did not take part
    assert run(c, everyone[:-1] + [("fay", "abstain")]).outcome == "adopted"
    assert run(c, everyone[:-1] + [("fay", "against")]).outcome == "rejected"


def test_unanimity_needs_every_voter_for():
    c = charter("rule default: unanimity of members")
    everyone = [(m["id"], "for") for m in MEMBERS]
    assert run(c, everyone).outcome == "adopted"
    assert run(c, everyone[:-1] + [("fay", "abstain")]).outcome == "rejected"


def test_blocks():
    c = charter("rule default {\nfor: more than 1/2 of expressed\nblocks: none\n}")
    assert run(c, [("ana", "for"), ("bob", "for")]).outcome == "adopted"
    d = run(c, [("ana", "for"), ("bob", "for"), ("cy", "block")])
    assert d.outcome == "rejected" and d.counts["blocks"] == 1


JUDGED = charter("rule default {\nvoters: members\nobjections: none, judged by facilitator\n}")


def statuses(d):
    return {(o.voter, o.status, o.ruled_by) for o in d.objections}


def test_objection_withdrawn_by_its_author():
    d = run(
        JUDGED,
        [("ana", "for"), ("bob", "object")],
        objections=[{"voter": "bob", "status": "withdrawn"}],
    )
    assert d.outcome == "adopted" and d.counts["objections"] == 0
    assert statuses(d) == {("bob", "withdrawn", "bob")}
    assert "withdrawn" in d.explanation


def test_objection_ruled_invalid_by_the_judge_role():
    d = run(
        JUDGED,
        [("ana", "for"), ("bob", "object")],
        objections=[
            {"voter": "bob", "status": "invalid", "by": "ana", "reason": "not about this proposal"}
        ],
    )
    assert d.outcome == "adopted"
    assert statuses(d) == {("bob", "invalid", "ana")}
    assert d.objections[0].ruling_reason == "not about this proposal"


def test_objection_ruled_invalid_by_someone_else_is_ignored():
    d = run(
        JUDGED,
        [("ana", "for"), ("bob", "object")],
        objections=[{"voter": "bob", "status": "invalid", "by": "cy", "reason": "no"}],
    )
    assert d.outcome == "rejected" and d.counts["objections"] == 1
    assert statuses(d) == {("bob", "standing", None)}
    assert "ignored" in d.explanation


def test_judge_named_chair_is_the_proposals_chair():
    c = charter("rule default {\nvoters: members\nobjections: none, judged by chair\n}")
    ruling = [{"voter": "bob", "status": "invalid", "by": "dee", "reason": "off topic"}]
    d = run(c, [("bob", "object")], objections=ruling, proposal={"chair": "dee"})
    assert d.outcome == "adopted"
    d = run(c, [("bob", "object")], objections=ruling, proposal={"chair": "eve"})
    assert d.outcome == "rejected"


def test_withdrawal_by_another_member_is_ignored():
    d = run(
        JUDGED,
        [("bob", "object")],
        objections=[{"voter": "bob", "status": "withdrawn", "by": "cy"}],
    )
    assert d.outcome == "rejected"


TIE = charter(
    "rule default {\nvoters: members\nfor: more than 1/2 of expressed\n"
    'tie: chair decides cite "Art. 9"\n}'
)


def test_tie_chair_for_decides():
    d = run(
        TIE,
        [("ana", "for"), ("bob", "for"), ("cy", "against"), ("dee", "against")],
        proposal={"chair": "ana"},
    )
    assert d.outcome == "adopted"
    assert "chair" in d.explanation and "Art. 9" in d.citations


def test_tie_chair_against_decides():
    d = run(
        TIE,
        [("ana", "for"), ("bob", "for"), ("cy", "against"), ("dee", "against")],
        proposal={"chair": "cy"},
    )
    assert d.outcome == "rejected"


def test_tie_stands_without_a_chair_or_when_the_chair_abstained():
    ballots = [("ana", "for"), ("bob", "against"), ("cy", "abstain")]
    d = run(TIE, ballots)
    assert d.outcome == "rejected" and "no chair" in d.explanation
    d = run(TIE, ballots, proposal={"chair": "cy"})
    assert d.outcome == "rejected" and "tie stands" in d.explanation


def test_tie_rule_does_not_rescue_another_failing_test():
    c = charter(
        "rule default {\nvoters: members\nquorum: at least 5\n"
        "for: more than 1/2 of expressed\ntie: chair decides\n}"
    )
    d = run(c, [("ana", "for"), ("bob", "against")], proposal={"chair": "ana"})
    assert d.outcome == "rejected"


def test_otherwise_refer_to():
    c = charter_engine.load("""charter "T" {
  version "1"
  attributes { role: text }
  body reunion { members: everyone
    rule default: majority of present }
  body remote under reunion {
    decides: *
    rule default {
      voters: members of reunion
      participation: at least 1/2 of voters
      blocks: none
      otherwise: refer to reunion       cite "Art. 4"
    }
  }
}""")
    d = run(c, [("ana", "for"), ("bob", "for"), ("cy", "block")])
    assert d.outcome == "referred" and d.referred_to == "reunion"
    assert "referred to `reunion`" in d.explanation
    d = run(c, [("ana", "for"), ("bob", "for"), ("cy", "for")])
    assert d.outcome == "adopted" and d.referred_to is None


SECOND = charter(
    "rule default {\nvoters: members\nquorum: at least 1/2 of members\n"
    "for: more than 1/2 of expressed\nsecond call: no quorum\n}\n"
    "rule budget {\nvoters: members\nquorum: at least 1/2 of members\n"
    "for: more than 1/2 of expressed\n"
    "second call { quorum: at least 1/4 of members }\n}"
)


def test_second_call_no_quorum():
    ballots = [("ana", "for")]
    first = run(SECOND, ballots, present=["ana"])
    assert first.outcome == "rejected" and first.tests[0].name == "quorum"
    second = run(SECOND, ballots, present=["ana"], proposal={"call": 2})
    assert second.outcome == "adopted"
    assert [t.name for t in second.tests] == ["for"]
    assert "second call" in second.explanation


def test_second_call_with_its_own_quorum():
    ballots = [("ana", "for")]
    d = run(SECOND, ballots, "budget", present=["ana"], proposal={"call": 2})
    assert d.outcome == "rejected"  # 1 of 6 present, 2 needed (at least 1/4 of 6)
    quorum = [t for t in d.tests if t.name == "quorum"][0]
    assert quorum.needed == 2
    d = run(
        SECOND,
        [("ana", "for"), ("bob", "for")],
        "budget",
        present=["ana", "bob"],
        proposal={"call": 2},
    )
    assert d.outcome == "adopted"


def test_the_bodys_standing_chair_breaks_a_tie_when_the_proposal_names_none():
    charter = charter_engine.load("""charter "c" {
      version "1"
      body board {
        members: everyone
        decides: *
        chair: ada
        rule default { for: more than 1/2 of expressed; tie: chair decides }
      }
    }""")
    members = [{"id": m} for m in ("ada", "bob", "cy", "dee")]
    ballots = [
        {"voter": "ada", "choice": "for"},
        {"voter": "bob", "choice": "for"},
        {"voter": "cy", "choice": "against"},
        {"voter": "dee", "choice": "against"},
    ]
    case = {"members": members, "proposal": {"subject": "x"}, "ballots": ballots}
    assert charter.evaluate(case).outcome == "adopted"  # 2 - 2, ada (chair) voted for
    named = {**case, "proposal": {"subject": "x", "chair": "cy"}}
    assert charter.evaluate(named).outcome == "rejected"  # the proposal's own chair voted against
