"""The national participatory budget (seed 000): certified groups support actions, each support
a commitment to run it locally; "lorsqu'un certain seuil de nombre de groupes sera dépassé,
l'action sera déclarée finançable"; expenses reimbursed "dans la limite du budget maximal
associée à l'action ... sans être débitée de l'enveloppe du groupe", while the budget lasts.

A small total (1000 EUR) so that it runs out in the cases.
"""

from __future__ import annotations

import pytest

import charter_engine

PB = """
charter "Budget participatif" {
  version "2020"
  attributes { certified: bool }
  body assembly "Assemblée représentative" {
    decides: *
    rule default: majority of members
  }
  budget national "Budget national participatif" {
    total: 1000 EUR                               cite "budget national participatif"
    voters: everyone where certified              cite "Chaque groupe d'action pourra voter"
    may propose: everyone where certified         cite "groupes d'action certifiés"
    support: approval                             cite "Chaque vote sera un engagement"
    fundable: supporters more than threshold      cite "seuil dépassé"
    reimburse: up to goal per supporter           cite "dans la limite du budget maximal"
  }
  budget share "Seuil en part des groupes" {
    voters: everyone where certified
    support: approval
    fundable: supporters at least 50%
    reimburse: up to goal per supporter
  }
  budget no_refund "Sans remboursement" {
    support: approval
    fundable: supporters at least 1
  }
  parameter threshold: 2 set by assembly
}
"""

MEMBERS = [{"id": f"g{i}", "attributes": {"certified": True}} for i in range(1, 5)]
MEMBERS += [{"id": "pau", "attributes": {"certified": False}}, {"id": "sara"}]
FOUR = ["g1", "g2", "g3", "g4"]


@pytest.fixture(scope="module")
def charter():
    return charter_engine.load(PB)


def run(charter, supports, claims=(), budget="national", parameters=None, projects=None):
    case = {
        "members": MEMBERS,
        "budget": budget,
        "projects": projects
        or [
            {"id": "cantine", "goal": "400 EUR", "proposers": ["g1"]},
            {"id": "maraude", "goal": "300 EUR", "proposers": ["g2"]},
        ],
        "supports": [{"voter": v, "project": p} for v, p in supports],
        "claims": list(claims),
    }
    if parameters is not None:
        case["parameters"] = parameters
    return charter.evaluate(case, "en")


def test_threshold_passed_commitments_and_refused_supports(charter):
    # cantine: g1..g4 = 4 distinct > 2 -> fundable; maraude: g1, g2 (g2 twice, pau not
    # certified, sara no record value, zed unknown) = 2, not more than 2 -> not fundable.
    supports = [(g, "cantine") for g in FOUR] + [
        ("g1", "maraude"),
        ("g2", "maraude"),
        ("g2", "maraude"),
        ("pau", "maraude"),
        ("sara", "maraude"),
        ("zed", "maraude"),
        ("g3", "nowhere"),
    ]
    r = run(charter, supports)
    assert r.fundable == ["cantine"]
    counts = {p.id: (p.supporters, p.fundable) for p in r.projects}
    assert counts == {"cantine": (4, True), "maraude": (2, False)}
    refused = [(x.id, x.code) for x in r.rejected_supports]
    assert refused == [
        ("g2", "budget.support.repeated"),
        ("pau", "budget.support.not_voter"),
        ("sara", "budget.support.not_voter"),
        ("zed", "budget.support.unknown_member"),
        ("g3", "budget.support.unknown_project"),
    ]
    assert "each supporter is committed to run it (g1, g2, g3, g4)" in r.explanation
    assert "more than 2 needed: not fundable" not in r.explanation  # figure names the parameter
    assert "more than threshold = 2 needed: not fundable" in r.explanation


def test_threshold_parameter_in_force_overrides_the_default(charter):
    supports = [(g, "maraude") for g in ("g1", "g2")]
    assert run(charter, supports).fundable == []
    assert run(charter, supports, parameters={"threshold": 1}).fundable == ["maraude"]


def test_claims_up_to_the_goal_per_supporter_and_until_the_total_is_spent(charter):
    # cantine fundable (4 > 2), goal 400 per supporter, total 1000:
    #   c1 g1 400 -> valid (used 400); c2 g1 1 -> over the goal for g1;
    #   c3 g2 400 -> valid (800); c4 g3 300 -> refused whole (200 left);
    #   c5 g4 200 -> valid, fits exactly (1000); c6 g3 0.01 -> total spent.
    claims = [
        {"id": "c1", "by": "g1", "project": "cantine", "amount": "400 EUR"},
        {"id": "c2", "by": "g1", "project": "cantine", "amount": "1 EUR"},
        {"id": "c3", "by": "g2", "project": "cantine", "amount": "400 EUR"},
        {"id": "c4", "by": "g3", "project": "cantine", "amount": "300 EUR"},
        {"id": "c5", "by": "g4", "project": "cantine", "amount": "200 EUR"},
        {"id": "c6", "by": "g3", "project": "cantine", "amount": "0.01 EUR"},
    ]
    r = run(charter, [(g, "cantine") for g in FOUR], claims)
    assert r.valid_claims == ["c1", "c3", "c5"]
    assert [(x.id, x.code) for x in r.rejected_claims] == [
        ("c2", "budget.claim.over_goal"),
        ("c4", "budget.claim.total_exhausted"),
        ("c6", "budget.claim.total_exhausted"),
    ]
    assert (
        "refused whole: only 200 EUR is left of the budget's total of 1000 EUR"
        in r.rejected_claims[1].reason
    )
    assert "dans la limite du budget maximal" in r.rejected_claims[0].reason
    assert r.projects[0].reimbursed == "1000 EUR"
    assert r.envelopes == {}


def test_claims_need_a_fundable_action_and_a_supporter(charter):
    supports = [(g, "cantine") for g in FOUR] + [("g1", "maraude"), ("g2", "maraude")]
    claims = [
        {"by": "g1", "project": "maraude", "amount": "10 EUR"},  # not fundable
        {"by": "pau", "project": "cantine", "amount": "10 EUR"},  # not a supporter
        {"by": "g2", "project": "nowhere", "amount": "10 EUR"},  # no such action
        {"by": "g3", "project": "cantine", "amount": "10 USD"},  # wrong currency
        {"by": "g4", "project": "cantine", "amount": "10 EUR"},  # valid
    ]
    r = run(charter, supports, claims)
    assert r.valid_claims == ["g4"]
    assert [(x.id, x.code) for x in r.rejected_claims] == [
        ("g1", "budget.claim.not_fundable"),
        ("pau", "budget.claim.not_supporter"),
        ("g2", "budget.claim.unknown_project"),
        ("g3", "budget.claim.currency"),
    ]


def test_claims_in_order_of_time(charter):
    # Taken by date, not by place in the list: early (g2, 03-01) 400 -> 400 used; mid (g3,
    # 03-05) 400 -> 800; late (g1, 03-10, listed first) 400 > 200 left -> refused.
    claims = [
        {"id": "late", "by": "g1", "project": "cantine", "amount": "400 EUR", "at": "2020-03-10"},
        {"id": "early", "by": "g2", "project": "cantine", "amount": "400 EUR", "at": "2020-03-01"},
        {"id": "mid", "by": "g3", "project": "cantine", "amount": "400 EUR", "at": "2020-03-05"},
    ]
    r = run(charter, [(g, "cantine") for g in FOUR], claims)
    assert r.valid_claims == ["early", "mid"]
    assert [x.id for x in r.rejected_claims] == ["late"]


def test_only_certified_groups_propose(charter):
    r = run(
        charter,
        [],
        projects=[
            {"id": "a", "goal": "10 EUR", "proposers": ["pau"]},
            {"id": "b", "goal": "10 EUR", "proposers": ["sara"]},
            {"id": "c", "goal": "10 EUR", "proposers": ["g3"]},
            {"id": "d", "goal": "10 USD", "proposers": ["g3"]},
        ],
    )
    assert {(x.id, x.code) for x in r.rejected_projects} == {
        ("a", "budget.project.may_not_propose"),
        ("b", "budget.project.may_not_propose"),
        ("d", "budget.project.currency"),
    }


@pytest.mark.parametrize(("supporters", "fundable"), [(1, False), (2, True)])
def test_threshold_as_a_share_of_the_voters(charter, supporters, fundable):
    # 4 certified groups; at least 50 % of 4 = 2.
    r = run(charter, [(g, "cantine") for g in FOUR[:supporters]], budget="share")
    assert (r.fundable == ["cantine"]) is fundable
    assert "at least 50% of 4" in r.explanation


def test_no_reimburse_clause_reimburses_nothing(charter):
    r = run(
        charter,
        [("g1", "cantine")],
        budget="no_refund",
        claims=[{"by": "g1", "project": "cantine", "amount": "1 EUR"}],
    )
    assert r.fundable == ["cantine"]
    assert r.rejected_claims[0].code == "budget.claim.no_reimbursement"
