"""Every budget message is produced by some case, and renders in English and in French.

The cases are hand-worked: meeting 2024-07-01, proposals 2024-06-17 .. 2024-06-24,
allocations 2024-06-24 .. 2024-07-01 (bounds included).
"""

from __future__ import annotations

import pytest

import charter_engine
from charter_engine.messages import catalogue

CHARTER = """
charter "Messages" {
  version "1"
  attributes {
    associate: bool
    voter: bool
  }
  body council "Council" {
    members: everyone
    decides: *
    rule default: majority of members
  }
  budget alloc "Allocation" {
    envelope: 10 EUR per member where associate                         cite "Art. 1"
    voters: everyone where voter                                        cite "Art. 2"
    may propose: everyone where associate                               cite "Art. 3"
    proposers: at least 1 where associate                               cite "Art. 4"
    proposals: from 2 weeks before meeting until 1 week before meeting  cite "Art. 5"
    allocations: from 1 week before meeting until meeting               cite "Art. 6"
    funded: allocated at least 100% of goal                             cite "Art. 7"
    overfunding: no                                                     cite "Art. 8"
  }
  budget perm "Permanent" {
    envelope: 10 EUR per member
    round: permanent
  }
  budget supp "Support" {
    total: 80 EUR                                                       cite "Art. 10"
    voters: everyone where associate                                    cite "Art. 11"
    support: approval                                                   cite "Art. 12"
    fundable: supporters at least 2                                     cite "Art. 13"
    reimburse: up to goal per supporter                                 cite "Art. 14"
  }
  budget noref "No reimbursement" {
    support: approval
  }
}
"""

MEMBERS = [
    {"id": "ann", "attributes": {"associate": True, "voter": True}},
    {"id": "bob", "attributes": {"associate": True, "voter": True}},
    {"id": "cid", "attributes": {"associate": False, "voter": True}},
    {"id": "dan", "attributes": {"associate": True, "voter": False}},
]


def a(member, project, amount, at="2024-06-25"):
    return {"member": member, "project": project, "amount": amount, "at": at}


ALLOC = {
    "budget": "alloc",
    "round": {"meeting": "2024-07-01"},
    "at": "2024-06-30",
    "projects": [
        {"id": "p", "goal": "15 EUR", "proposers": ["ann"], "proposed": "2024-06-20"},
        {"id": "q", "goal": "5 EUR", "proposers": ["bob"], "proposed": "2024-06-20"},
        {"id": "p", "goal": "1 EUR", "proposers": ["ann"], "proposed": "2024-06-20"},
        {"id": "zero", "goal": "0 EUR", "proposers": ["ann"], "proposed": "2024-06-20"},
        {"id": "usd", "goal": "5 USD", "proposers": ["ann"], "proposed": "2024-06-20"},
        {"id": "nobody", "goal": "5 EUR", "proposed": "2024-06-20"},
        {"id": "ghost", "goal": "5 EUR", "proposers": ["zed"], "proposed": "2024-06-20"},
        {"id": "cids", "goal": "5 EUR", "proposers": ["cid"], "proposed": "2024-06-20"},
        {"id": "late", "goal": "5 EUR", "proposers": ["ann"], "proposed": "2024-06-30"},
    ],
    "allocations": [
        a("zed", "p", "1 EUR"),  # unknown_member
        a("ann", "p", "1 EUR", "2024-06-01"),  # outside_window
        a("ann", "nowhere", "1 EUR"),  # unknown_project
        a("ann", "late", "1 EUR"),  # rejected_project
        a("cid", "p", "1 EUR"),  # no_envelope (not an associate)
        a("dan", "p", "1 EUR"),  # not_voter
        a("ann", "p", "5 USD"),  # currency
        a("ann", "p", "0 EUR"),  # not_positive
        a("ann", "p", "8 EUR"),  # p 8, ann 2 left
        a("ann", "p", "5 EUR"),  # cut_envelope to 2: p 10
        a("ann", "q", "1 EUR"),  # envelope_spent
        a("bob", "p", "8 EUR"),  # cut_goal to 5: p 15
        a("bob", "p", "1 EUR"),  # goal_reached
    ],
    "supports": [{"voter": "ann", "project": "p"}],  # not_support_budget
    "claims": [{"by": "ann", "project": "p", "amount": "1 EUR"}],
}

PERM = {
    "budget": "perm",
    "projects": [{"id": "p", "goal": "5 EUR", "proposers": ["ann"], "proposed": "2024-06-20"}],
    "allocations": [a("ann", "p", "1 EUR", "2024-06-19")],  # before_proposed
}


def c(by, project, amount):
    return {"by": by, "project": project, "amount": amount}


SUPP = {
    "budget": "supp",
    "projects": [
        {"id": "s1", "goal": "50 EUR", "proposers": ["ann"]},
        {"id": "s2", "goal": "50 EUR", "proposers": ["bob"]},
        {"id": "rej", "goal": "50 USD", "proposers": ["bob"]},
    ],
    "supports": [
        {"voter": "ann", "project": "s1"},
        {"voter": "bob", "project": "s1"},
        {"voter": "ann", "project": "s1"},  # repeated
        {"voter": "cid", "project": "s1"},  # not_voter
        {"voter": "zed", "project": "s1"},  # unknown_member
        {"voter": "ann", "project": "nowhere"},  # unknown_project
        {"voter": "ann", "project": "rej"},  # rejected_project
        {"voter": "ann", "project": "s2"},  # s2: 1 < 2, not fundable
    ],
    "claims": [
        c("ann", "s1", "50 EUR"),  # valid: 30 left of 80
        c("ann", "s1", "0.01 EUR"),  # over_goal
        c("bob", "s1", "40 EUR"),  # total_exhausted
        c("bob", "s1", "30 EUR"),  # valid, fits exactly
        c("cid", "s1", "5 EUR"),  # not_supporter
        c("ann", "s2", "5 EUR"),  # not_fundable
        c("ann", "nowhere", "5 EUR"),  # unknown_project
        c("ann", "rej", "5 EUR"),  # rejected_project
        c("bob", "s1", "5 USD"),  # currency
        c("bob", "s1", "0 EUR"),  # not_positive
    ],
    "allocations": [a("ann", "s1", "1 EUR")],  # not_allocation_budget
}

NOREF = {
    "budget": "noref",
    "projects": [{"id": "s", "goal": "5 EUR"}],
    "supports": [{"voter": "cid", "project": "s"}],
    "claims": [c("cid", "s", "1 EUR")],  # no_reimbursement
}


@pytest.fixture(scope="module")
def charter():
    return charter_engine.load(CHARTER)


def test_the_hand_worked_figures(charter):
    r = charter.evaluate({"members": MEMBERS, **ALLOC}, "en")
    assert r.funded == ["p"] and r.not_funded == ["q"]
    assert [(x.id, x.cut_to) for x in r.rejected_allocations if x.cut_to] == [
        ("ann", "2 EUR"),
        ("bob", "5 EUR"),
    ]
    # dan is an associate but not among `voters:`: he does not allocate, no envelope listed.
    assert r.envelopes == {"ann": "0 EUR", "bob": "5 EUR"}
    s = charter.evaluate({"members": MEMBERS, **SUPP}, "en")
    assert s.fundable == ["s1"] and s.valid_claims == ["ann", "bob"]
    assert {p.id: p.reimbursed for p in s.projects} == {"s1": "80 EUR", "s2": "0 EUR"}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_budget_message_is_used_and_rendered(charter, language):
    produced: dict[str, str] = {}
    for case in (ALLOC, PERM, SUPP, NOREF):
        r = charter.evaluate({"members": MEMBERS, **case}, language)
        for x in (
            *r.rejected_projects,
            *r.rejected_allocations,
            *r.rejected_supports,
            *r.rejected_claims,
        ):
            produced[x.code] = x.reason
        for x in r.reasons:
            produced[x.code] = x.text
    codes = {code for code in catalogue("en") if code.startswith("budget.")}
    assert codes - set(produced) == set()
    for code, text in produced.items():
        assert text and not text.startswith("budget."), (code, text)
    if language == "fr":
        assert "réduite à 2 EUR" in produced["budget.allocation.cut_envelope"]
        assert "(Art. 10)" in produced["budget.claim.total_exhausted"]
