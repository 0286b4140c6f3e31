"""Bad input to a budget case: a CaseError with the JSON path of the fault, never a silent
guess; and people who are not members are refused with a reason (like ballots from outside
the electorate, design §4), not treated as an input error."""

from __future__ import annotations

import pytest

import charter_engine
from charter_engine import CaseError
from charter_engine.messages import catalogue

CHARTER = """
charter "Input" {
  version "1"
  attributes { associate: bool }
  body council "Council" {
    members: everyone
    decides: *
    rule default: majority of members
  }
  budget round "Round" {
    envelope: 100 EUR per member where associate
    proposals: from 2 weeks before meeting until 1 week before meeting
    allocations: from 1 week before meeting until meeting
  }
  budget permanent "Permanent with a window" {
    envelope: 100 EUR per member
    round: permanent
    allocations: from 2024-01-01 until 2024-12-31
  }
  budget support "Support" {
    support: approval
    fundable: supporters at least threshold
    reimburse: up to goal per supporter
  }
  parameter threshold: 2 set by council
}
"""

MEMBERS = [{"id": "ann", "attributes": {"associate": True}}, {"id": "bob"}]
PROJECT = {"id": "p", "goal": "100 EUR", "proposers": ["ann"], "proposed": "2024-06-20"}


@pytest.fixture(scope="module")
def charter():
    return charter_engine.load(CHARTER)


def case(**kw):
    base = {
        "members": MEMBERS,
        "budget": "round",
        "round": {"meeting": "2024-07-01"},
        "projects": [PROJECT],
        "allocations": [],
    }
    base.update(kw)
    return base


def paths(charter, data):
    with pytest.raises(CaseError) as err:
        charter.evaluate(data)
    return [d.path for d in err.value.diagnostics]


@pytest.mark.parametrize("amount", ["ten EUR", "10", "10 eur", "10 EURO", "1/0 EUR"])
def test_bad_money_string(charter, amount):
    data = case(
        allocations=[{"member": "ann", "project": "p", "amount": amount, "at": "2024-06-28"}]
    )
    assert paths(charter, data) == ["$.allocations[0].amount"]


def test_bad_goal_and_bad_date(charter):
    data = case(projects=[{"id": "p", "goal": "lots", "proposed": "2024-13-01"}])
    assert sorted(paths(charter, data)) == ["$.projects[0].goal", "$.projects[0].proposed"]


def test_unknown_key(charter):
    data = case(
        allocations=[
            {
                "member": "ann",
                "project": "p",
                "amount": "1 EUR",
                "at": "2024-06-28",
                "ammount": "2 EUR",
            }
        ]
    )
    assert paths(charter, data) == ["$.allocations[0].ammount"]


def test_unknown_budget_with_a_suggestion(charter):
    with pytest.raises(CaseError) as err:
        charter.evaluate(case(budget="rond"))
    [d] = err.value.diagnostics
    assert d.path == "$.budget" and "did you mean `round`" in d.help


def test_missing_meeting(charter):
    assert paths(charter, case(round=None)) == ["$.round.meeting"]
    assert paths(charter, case(round={})) == ["$.round.meeting"]


def test_missing_dates_a_window_needs(charter):
    no_proposed = {"id": "p", "goal": "100 EUR", "proposers": ["ann"]}
    assert paths(charter, case(projects=[no_proposed])) == ["$.projects[0].proposed"]
    undated = [{"member": "ann", "project": "p", "amount": "1 EUR"}]
    assert paths(charter, case(allocations=undated)) == ["$.allocations[0].at"]


def test_threshold_parameter_must_be_a_number(charter):
    data = {
        "members": MEMBERS,
        "budget": "support",
        "parameters": {"threshold": "many"},
        "projects": [{"id": "p", "goal": "1 EUR", "proposers": ["ann"]}],
    }
    assert paths(charter, data) == ["$.parameters.threshold"]


def test_permanent_round_with_a_dated_window_needs_no_meeting(charter):
    r = charter.evaluate(
        {
            "members": MEMBERS,
            "budget": "permanent",
            "projects": [{"id": "p", "goal": "100 EUR", "proposers": ["ann"]}],
            "allocations": [
                {"member": "ann", "project": "p", "amount": "10 EUR", "at": "2024-12-31T23:00:00Z"},
                {"member": "bob", "project": "p", "amount": "10 EUR", "at": "2025-01-01"},
            ],
        },
        "en",
    )
    assert [(x.id, x.code) for x in r.rejected_allocations] == [
        ("bob", "budget.allocation.outside_window")
    ]


def test_unknown_people_are_refused_with_a_reason(charter):
    r = charter.evaluate(
        case(
            projects=[
                PROJECT,
                {"id": "q", "goal": "100 EUR", "proposers": ["zed"], "proposed": "2024-06-20"},
            ],
            allocations=[
                {"member": "zed", "project": "p", "amount": "1 EUR", "at": "2024-06-28"},
                {"member": "ann", "project": "p", "amount": "-1 EUR", "at": "2024-06-28"},
            ],
        ),
        "en",
    )
    assert [(x.id, x.code) for x in r.rejected_projects] == [
        ("q", "budget.project.unknown_proposer")
    ]
    assert [(x.id, x.code) for x in r.rejected_allocations] == [
        ("zed", "budget.allocation.unknown_member"),
        ("ann", "budget.allocation.not_positive"),
    ]
    assert "`zed` is not a member" in r.explanation


def test_every_budget_message_exists_in_both_languages_and_renders(charter):
    codes = [c for c in catalogue("en") if c.startswith("budget.")]
    assert len(codes) > 40
    for language in ("en", "fr"):
        r = charter.evaluate(
            case(
                projects=[
                    PROJECT,
                    PROJECT,
                    {"id": "late", "goal": "1 EUR", "proposers": ["ann"], "proposed": "2024-06-30"},
                ],
                allocations=[
                    {"member": "bob", "project": "p", "amount": "1 EUR", "at": "2024-06-28"},
                    {"member": "ann", "project": "p", "amount": "1 EUR", "at": "2024-06-01"},
                    {"member": "ann", "project": "late", "amount": "1 EUR", "at": "2024-06-28"},
                ],
                supports=[{"voter": "ann", "project": "p"}],
                claims=[{"by": "ann", "project": "p", "amount": "1 EUR"}],
            ),
            language,
        )
        texts = [
            x.reason for x in (*r.rejected_projects, *r.rejected_allocations, *r.rejected_claims)
        ] + [x.text for x in r.reasons]
        assert len(texts) >= 8
        for text in texts:
            assert not text.startswith("budget."), text  # the catalogue's fallback
