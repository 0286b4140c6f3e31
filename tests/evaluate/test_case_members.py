"""Member records: the bulk fast path (plain dicts) judges exactly as the model path, and every
fault still comes back as a CaseError with its JSON path."""

from __future__ import annotations

import pytest

import charter_engine
from charter_engine.case import Member, MemberTable, parse_case

CHARTER = charter_engine.load("""charter "m" {
  version "1"
  attributes { role: text }
  body assembly { members: everyone; decides: *; rule default: majority of members }
  body council under assembly { decides: budget; rule default: majority of members }
}""")


def ballots(*pairs):
    return [{"voter": v, "choice": c} for v, c in pairs]


def test_ids_only_take_the_table_and_decide_like_models():
    members = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    case = {
        "members": members,
        "proposal": {"subject": "x"},
        "ballots": ballots(("a", "for"), ("b", "for"), ("c", "against")),
    }
    assert isinstance(parse_case(case).members, MemberTable)
    fast = CHARTER.evaluate(case)
    # a `name` forces per-member records; the decision must not change
    slow = CHARTER.evaluate(
        {**case, "members": [{"id": "a", "name": "A"}, {"id": "b"}, {"id": "c"}]}
    )
    assert fast.outcome == slow.outcome == "adopted"
    assert fast.counts == slow.counts and fast.counts["for"] == 2


def test_seats_and_attributes_still_count_on_the_fast_path():
    members = [{"id": "a", "bodies": ["council"], "attributes": {"role": "x"}}, {"id": "b"}]
    case = parse_case({"members": members, "competence": {"subject": "x"}})
    assert not isinstance(case.members[0], Member)  # a plain record, not a model
    result = CHARTER.evaluate(
        {
            "members": members,
            "proposal": {"subject": "budget"},
            "ballots": ballots(("a", "for"), ("b", "for")),
        }
    )
    assert result.body == "council" and result.counts["for"] == 1
    assert [r.voter for r in result.rejected_ballots] == ["b"]


@pytest.mark.parametrize(
    "members, path",
    [
        ([{"id": "a"}, {"id": "a"}], "$.members"),  # listed twice
        ([{"id": "a"}, {"idd": "b"}], "$.members[1].id"),  # missing id
        ([{"id": "a"}, {"id": "b", "bodis": []}], "$.members[1].bodis"),  # unknown key
        ([{"id": "a", "bodies": "council"}], "$.members[0].bodies"),  # not a list
        ([{"id": "a", "attributes": {"rol": "x"}}], "$.members[0].attributes.rol"),
        ([{"id": "a", "bodies": ["concil"]}], "$.members[0].bodies[0]"),
    ],
)
def test_faults_keep_their_path(members, path):
    with pytest.raises(charter_engine.CaseError) as err:
        CHARTER.evaluate({"members": members, "competence": {"subject": "x"}})
    assert path in [d.path for d in err.value.diagnostics]


FINAL = charter_engine.load("""charter "f" {
  version "1"
  body assembly {
    members: everyone
    decides: *
    rule default { voters: members; for: more than 1/2 of expressed; ballots: final }
  }
}""")


@pytest.mark.parametrize("charter", [CHARTER, FINAL], ids=["replaceable", "final"])
@pytest.mark.parametrize(
    "pairs",
    [
        (("a", "for"), ("b", "against"), ("c", "for")),  # everyone once
        (("a", "for"), ("a", "against"), ("b", "against")),  # a votes twice
        (("a", "for"), ("zed", "for"), ("b", "against")),  # a non-member
        (("c", "against"), ("b", "for"), ("a", "for"), ("b", "against")),  # order and repeat
    ],
)
def test_ids_only_members_judge_ballots_like_member_records(charter, pairs):
    """Members given by id alone are a set-backed table (no dict of a million ids); ballots
    judged against it must be judged exactly as against per-member records."""
    ids_only = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    named = [{"id": "a", "name": "A"}, {"id": "b"}, {"id": "c"}]
    case = {"members": ids_only, "proposal": {"subject": "x"}, "ballots": ballots(*pairs)}
    assert isinstance(parse_case(case).members, MemberTable)
    fast = charter.evaluate(case)
    slow = charter.evaluate({**case, "members": named})
    assert fast.model_dump() == slow.model_dump()
    if any(v == "zed" for v, _ in pairs):
        assert [r.voter for r in fast.rejected_ballots] == ["zed"]


def test_the_ids_only_table_reads_as_a_map_of_bare_records():
    table = parse_case(
        {"members": [{"id": "b"}, {"id": "a"}], "competence": {"subject": "x"}}
    ).members
    assert isinstance(table, MemberTable)
    by_id = table.by_id
    assert list(by_id) == ["b", "a"] and len(by_id) == 2  # the case's order
    assert "a" in by_id and "z" not in by_id and by_id.get("z") is None
    assert by_id["a"].bodies == [] and not by_id["a"].attributes
    with pytest.raises(KeyError):
        by_id["z"]
    assert by_id.keys() == {"a", "b"}
    assert [mid for mid, _ in by_id.items()] == ["b", "a"]


@pytest.mark.parametrize(
    "charter, expected_for, expected_against, rejected",
    [
        (CHARTER, 1, 2, []),  # replaceable: a's later `against` replaces its `for`
        (FINAL, 2, 1, ["a"]),  # final: a's first `for` stands, the second ballot is refused
    ],
)
def test_a_repeated_voter_among_ids_only_members(charter, expected_for, expected_against, rejected):
    case = {
        "members": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        "proposal": {"subject": "x"},
        "ballots": ballots(("a", "for"), ("b", "against"), ("c", "for"), ("a", "against")),
    }
    result = charter.evaluate(case)
    assert (result.counts["for"], result.counts["against"]) == (expected_for, expected_against)
    assert [r.voter for r in result.rejected_ballots] == rejected
