"""Member records: the bulk fast path (plain dicts) judges exactly as the model path, and every
fault still comes back as a CaseError with its JSON path."""

from __future__ import annotations

import pytest

import charter_engine
from charter_engine.evaluate.case import Member, MemberTable, parse_case

CHARTER = charter_engine.load('''charter "m" {
  version "1"
  attributes { role: text }
  body assembly { members: everyone; decides: *; rule default: majority of members }
  body council under assembly { decides: budget; rule default: majority of members }
}''')


def ballots(*pairs):
    return [{"voter": v, "choice": c} for v, c in pairs]


def test_ids_only_take_the_table_and_decide_like_models():
    members = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    case = {"members": members, "proposal": {"subject": "x"},
            "ballots": ballots(("a", "for"), ("b", "for"), ("c", "against"))}
    assert isinstance(parse_case(case).members, MemberTable)
    fast = CHARTER.evaluate(case)
    # a `name` forces per-member records; the decision must not change
    slow = CHARTER.evaluate({**case, "members": [{"id": "a", "name": "A"}, {"id": "b"},
                                                  {"id": "c"}]})
    assert fast.outcome == slow.outcome == "adopted"
    assert fast.counts == slow.counts and fast.counts["for"] == 2


def test_seats_and_attributes_still_count_on_the_fast_path():
    members = [{"id": "a", "bodies": ["council"], "attributes": {"role": "x"}}, {"id": "b"}]
    case = parse_case({"members": members, "competence": {"subject": "x"}})
    assert not isinstance(case.members[0], Member)  # a plain record, not a model
    result = CHARTER.evaluate({"members": members, "proposal": {"subject": "budget"},
                               "ballots": ballots(("a", "for"), ("b", "for"))})
    assert result.body == "council" and result.counts["for"] == 1
    assert [r.voter for r in result.rejected_ballots] == ["b"]


@pytest.mark.parametrize("members, path", [
    ([{"id": "a"}, {"id": "a"}], "$.members"),                      # listed twice
    ([{"id": "a"}, {"idd": "b"}], "$.members[1].id"),                # missing id
    ([{"id": "a"}, {"id": "b", "bodis": []}], "$.members[1].bodis"),  # unknown key
    ([{"id": "a", "bodies": "council"}], "$.members[0].bodies"),     # not a list
    ([{"id": "a", "attributes": {"rol": "x"}}], "$.members[0].attributes.rol"),
    ([{"id": "a", "bodies": ["concil"]}], "$.members[0].bodies[0]"),
])
def test_faults_keep_their_path(members, path):
    with pytest.raises(charter_engine.CaseError) as err:
        CHARTER.evaluate({"members": members, "competence": {"subject": "x"}})
    assert path in [d.path for d in err.value.diagnostics]
