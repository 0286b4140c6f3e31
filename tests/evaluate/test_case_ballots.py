"""The ballots of a case: plain ballots are read as columns (case.py, for speed), and every bad
ballot is still a CaseError with its JSON path; unknown keys are still errors."""

from __future__ import annotations

import pytest

import charter_engine
from charter_engine.case import Ballot, BallotColumns, parse_case

CHARTER = charter_engine.load("""charter "T" {
  version "1"
  body assembly {
    members: everyone
    decides: *
    rule default: majority of members
  }
}""")
MEMBERS = [{"id": f"m{i}"} for i in range(5)]


def paths(ballots) -> list[str]:
    with pytest.raises(charter_engine.CaseError) as err:
        CHARTER.evaluate({"members": MEMBERS, "proposal": {"subject": "x"}, "ballots": ballots})
    return [d.path for d in err.value.diagnostics]


def plain(n=4):
    return [{"voter": f"m{i}", "choice": "for"} for i in range(n)]


def test_bad_choice_has_its_json_path():
    ballots = plain()
    ballots[3]["choice"] = "maybe"
    assert paths(ballots) == ["$.ballots[3].choice"]


def test_unknown_key_is_an_error():
    ballots = plain()
    ballots[2]["chioce"] = "for"
    assert "$.ballots[2].chioce" in paths(ballots)


def test_missing_voter_and_bad_time():
    ballots = plain()
    del ballots[1]["voter"]
    ballots[0]["at"] = "yesterday"
    assert set(paths(ballots)) == {"$.ballots[1].voter", "$.ballots[0].at"}


def test_ballots_not_a_list():
    assert paths({"voter": "m0"}) == ["$.ballots"]


def test_plain_ballots_read_as_columns_and_as_ballots():
    case = parse_case(
        {
            "members": MEMBERS,
            "proposal": {"subject": "x"},
            "ballots": [
                {"voter": "m0", "choice": "for"},
                {"voter": "m1", "choice": "object", "reason": "no", "at": "2024-01-01"},
            ],
        }
    )
    assert isinstance(case.ballots, BallotColumns)
    assert len(case.ballots) == 2
    assert case.ballots[1] == Ballot.model_validate(
        {"voter": "m1", "choice": "object", "reason": "no", "at": "2024-01-01"}
    )
    assert [b.voter for b in case.ballots] == ["m0", "m1"]


def test_numeric_voter_ids_take_the_model_path_and_still_count():
    d = CHARTER.evaluate(
        {
            "members": [{"id": "1"}, {"id": "2"}],
            "proposal": {"subject": "x"},
            "ballots": [{"voter": 1, "choice": "for"}],
        }
    )
    assert d.counts["for"] == 1 and d.outcome == "adopted"


def test_columns_and_models_decide_the_same():
    ballots = [
        {"voter": "m0", "choice": "for"},
        {"voter": "m1", "choice": "against"},
        {"voter": "m0", "choice": "against"},
        {"voter": "m2", "choice": "for"},
        {"voter": "zz", "choice": "for"},
    ]
    fast = CHARTER.evaluate({"members": MEMBERS, "proposal": {"subject": "x"}, "ballots": ballots})
    # a ballot with proxies takes the model path; an empty proxy list changes nothing
    slow = CHARTER.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": "x"},
            "ballots": [{**b, "proxies": []} for b in ballots],
        }
    )
    assert fast.model_dump() == slow.model_dump()


def test_fast_and_general_paths_agree_on_repeated_voters():
    ballots = [
        {"voter": f"m{i % 5}", "choice": ("for", "against", "abstain")[i % 3]} for i in range(12)
    ]
    fast = CHARTER.evaluate({"members": MEMBERS, "proposal": {"subject": "x"}, "ballots": ballots})
    slow = CHARTER.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": "x"},
            "ballots": [{**b, "proxies": []} for b in ballots],
        }
    )
    assert fast.model_dump() == slow.model_dump()
    assert fast.counts["participation"] == 5
    assert "7 earlier ballot(s) replaced" in fast.explanation
