"""The three example budgets of design §7 (profits, fund, national), hand-worked.

Round used for `profits`: meeting 2024-06-30.
  proposals:   from 30 days before (2024-05-31) until 14 days before (2024-06-16)
  allocations: from 14 days before (2024-06-16) until the meeting (2024-06-30)
Window bounds are inclusive; a bound that is a day covers the whole day (documented in
charter_engine/evaluate/budgets/ and docs/language.md).
"""

from __future__ import annotations

import pytest

import charter_engine
from charter_engine import CaseError

DESIGN = """
charter "Design examples" {
  version "1"
  attributes {
    role: text
    certified: bool
  }
  body council "Council" {
    members: everyone
    decides: *
    rule default: majority of members
  }
  budget profits "Affectation des bénéfices" {
    envelope: 430 EUR per member where role = "associate"                cite "Cagnotte"
    may propose: everyone
    proposers: at least 2 where role = "entrepreneur"                    cite "Porteurs"
    proposals: from 30 days before meeting until 14 days before meeting  cite "Dépôt"
    allocations: from 14 days before meeting until meeting               cite "Affectation"
    funded: allocated at least 100% of goal                              cite "Financement"
    overfunding: no                                                      cite "Plafond"
  }
  budget fund "Bourse permanente" {
    envelope: 100 EUR per member per year
    round: permanent
    funded: allocated at least 100% of goal
  }
  budget national "Budget participatif" {
    total: 200000 EUR
    voters: everyone where certified
    may propose: everyone where certified
    support: approval
    fundable: supporters at least threshold
    reimburse: up to goal per supporter
  }
  parameter threshold: 20 set by council
}
"""

MEMBERS = [
    {"id": "ann", "attributes": {"role": "associate"}},
    {"id": "bob", "attributes": {"role": "associate"}},
    {"id": "cat", "attributes": {"role": "associate"}},
    {"id": "eve", "attributes": {"role": "entrepreneur"}},
    {"id": "fred", "attributes": {"role": "entrepreneur"}},
    {"id": "gus"},
]
GROUPS = [{"id": f"g{i:02d}", "attributes": {"certified": True}} for i in range(1, 26)]
GROUPS.append({"id": "gx", "attributes": {"certified": False}})


@pytest.fixture(scope="module")
def charter():
    return charter_engine.load(DESIGN)


def profits(charter, allocations, projects=None, meeting="2024-06-30", **extra):
    projects = projects or [
        {"id": "roof", "goal": "1000 EUR", "proposers": ["eve", "fred"], "proposed": "2024-06-01"}
    ]
    return charter.evaluate(
        {
            "members": MEMBERS,
            "budget": "profits",
            "round": {"meeting": meeting},
            "projects": projects,
            "allocations": allocations,
            **extra,
        }
    )


def ids(rejections):
    return sorted(r.id for r in rejections)


# ---------------------------------------------------------------------- profits
def test_profits_round_funded_with_cut_and_envelopes_left(charter):
    # roof 1000: ann 430 + bob 430 = 860, cat's 430 is cut to the 140 missing -> 1000 = 100 %.
    # eve is an entrepreneur, not an associate: no envelope.
    r = profits(
        charter,
        [
            {"member": "ann", "project": "roof", "amount": "430 EUR", "at": "2024-06-20"},
            {"member": "bob", "project": "roof", "amount": "430 EUR", "at": "2024-06-21"},
            {"member": "cat", "project": "roof", "amount": "430 EUR", "at": "2024-06-22"},
            {"member": "eve", "project": "roof", "amount": "10 EUR", "at": "2024-06-22"},
        ],
    )
    assert r.funded == ["roof"] and r.not_funded == []
    assert ids(r.rejected_allocations) == ["cat", "eve"]
    cut = next(x for x in r.rejected_allocations if x.id == "cat")
    assert cut.code == "budget.allocation.cut_goal" and cut.cut_to == "140 EUR"
    assert "cut to 140 EUR" in cut.reason and "overfunding is not allowed" in cut.reason
    assert "Plafond" in cut.reason
    refused = next(x for x in r.rejected_allocations if x.id == "eve")
    assert refused.code == "budget.allocation.no_envelope" and "Cagnotte" in refused.reason
    # Unallocated money stays in the envelope; only associates hold one.
    assert r.envelopes == {"ann": "0 EUR", "bob": "0 EUR", "cat": "290 EUR"}
    assert r.projects[0].allocated == "1000 EUR"


def test_profits_one_cent_short_of_the_goal_is_not_funded(charter):
    r = profits(
        charter,
        [
            {"member": "ann", "project": "roof", "amount": "430 EUR", "at": "2024-06-20"},
            {"member": "bob", "project": "roof", "amount": "430 EUR", "at": "2024-06-21"},
            {"member": "cat", "project": "roof", "amount": "139.99 EUR", "at": "2024-06-22"},
        ],
    )
    assert r.funded == [] and r.not_funded == ["roof"]
    assert r.rejected_allocations == []
    assert "999.99 EUR allocated" in r.explanation and "needs 1000 EUR" in r.explanation


def test_profits_envelope_never_overspent(charter):
    # ann: 300 to p1, then 200 to p2 -> only 130 left -> cut to 130; then 50 -> nothing left.
    projects = [
        {"id": "p1", "goal": "5000 EUR", "proposers": ["eve", "fred"], "proposed": "2024-06-01"},
        {"id": "p2", "goal": "5000 EUR", "proposers": ["eve", "fred"], "proposed": "2024-06-02"},
    ]
    r = profits(
        charter,
        [
            {"member": "ann", "project": "p1", "amount": "300 EUR", "at": "2024-06-20"},
            {"member": "ann", "project": "p2", "amount": "200 EUR", "at": "2024-06-21"},
            {"member": "ann", "project": "p1", "amount": "50 EUR", "at": "2024-06-22"},
        ],
        projects,
    )
    codes = [(x.code, x.cut_to) for x in r.rejected_allocations]
    assert codes == [
        ("budget.allocation.cut_envelope", "130 EUR"),
        ("budget.allocation.envelope_spent", None),
    ]
    assert "only 130 EUR was left of the envelope of 430 EUR" in r.rejected_allocations[0].reason
    allocated = {p.id: p.allocated for p in r.projects}
    assert allocated == {"p1": "300 EUR", "p2": "130 EUR"}
    assert r.envelopes["ann"] == "0 EUR"


def test_profits_allocations_in_order_of_time_not_of_the_list(charter):
    # Listed first but made last: bob's allocation is the one cut.
    r = profits(
        charter,
        [
            {"member": "bob", "project": "roof", "amount": "430 EUR", "at": "2024-06-25"},
            {"member": "ann", "project": "roof", "amount": "430 EUR", "at": "2024-06-20"},
            {"member": "cat", "project": "roof", "amount": "430 EUR", "at": "2024-06-21"},
        ],
    )
    assert [(x.id, x.cut_to) for x in r.rejected_allocations] == [("bob", "140 EUR")]


def test_profits_project_rules(charter):
    # one entrepreneur only; an associate is not an entrepreneur; unknown proposer; a
    # duplicate id (the first stands); a project with no proposer.
    projects = [
        {"id": "solo", "goal": "100 EUR", "proposers": ["eve"], "proposed": "2024-06-01"},
        {"id": "mixed", "goal": "100 EUR", "proposers": ["eve", "ann"], "proposed": "2024-06-01"},
        {
            "id": "ghost",
            "goal": "100 EUR",
            "proposers": ["eve", "fred", "zed"],
            "proposed": "2024-06-01",
        },
        {
            "id": "ok",
            "goal": "100 EUR",
            "proposers": ["eve", "fred", "ann"],
            "proposed": "2024-06-01",
        },
        {"id": "ok", "goal": "900 EUR", "proposers": ["eve", "fred"], "proposed": "2024-06-01"},
        {"id": "nobody", "goal": "100 EUR", "proposed": "2024-06-01"},
        {
            "id": "dollars",
            "goal": "100 USD",
            "proposers": ["eve", "fred"],
            "proposed": "2024-06-01",
        },
    ]
    r = profits(
        charter,
        [
            {"member": "ann", "project": "ok", "amount": "100 EUR", "at": "2024-06-20"},
            {"member": "bob", "project": "solo", "amount": "100 EUR", "at": "2024-06-20"},
            {"member": "cat", "project": "nowhere", "amount": "100 EUR", "at": "2024-06-20"},
        ],
        projects,
    )
    codes = {(x.id, x.code) for x in r.rejected_projects}
    assert codes == {
        ("solo", "budget.project.proposers"),
        ("mixed", "budget.project.proposers"),
        ("ghost", "budget.project.unknown_proposer"),
        ("ok", "budget.project.duplicate"),
        ("nobody", "budget.project.no_proposer"),
        ("nobody", "budget.project.proposers"),
        ("dollars", "budget.project.currency"),
    }
    assert r.funded == ["ok"]  # the first `ok` (goal 100) with ann's 100
    solo = next(x for x in r.rejected_projects if x.id == "solo")
    assert '1 of its proposers meet `role = "entrepreneur"`, at least 2 needed' in solo.reason
    assert "Porteurs" in solo.reason
    alloc = {x.id: x.code for x in r.rejected_allocations}
    assert alloc == {
        "bob": "budget.allocation.rejected_project",
        "cat": "budget.allocation.unknown_project",
    }


@pytest.mark.parametrize(
    ("proposed", "accepted"),
    [
        ("2024-05-30", False),
        ("2024-05-31", True),
        ("2024-05-31T00:00:00Z", True),
        ("2024-06-16", True),
        ("2024-06-16T23:59:59Z", True),
        ("2024-06-17", False),
    ],
)
def test_profits_proposals_window_edges(charter, proposed, accepted):
    projects = [{"id": "p", "goal": "10 EUR", "proposers": ["eve", "fred"], "proposed": proposed}]
    r = profits(charter, [], projects)
    assert (r.rejected_projects == []) is accepted
    if not accepted:
        assert r.rejected_projects[0].code == "budget.project.outside_window"
        assert "2024-05-31 – 2024-06-16" in r.rejected_projects[0].reason


@pytest.mark.parametrize(
    ("at", "accepted"),
    [
        ("2024-06-15T23:59:59Z", False),
        ("2024-06-16", True),
        ("2024-06-30", True),
        ("2024-06-30T23:59:59Z", True),
        ("2024-07-01", False),
    ],
)
def test_profits_allocations_window_edges(charter, at, accepted):
    r = profits(charter, [{"member": "ann", "project": "roof", "amount": "1 EUR", "at": at}])
    assert (r.rejected_allocations == []) is accepted
    if not accepted:
        assert r.rejected_allocations[0].code == "budget.allocation.outside_window"


@pytest.mark.parametrize(
    ("at", "accepted"),
    [
        ("2024-06-16T17:59:59Z", False),
        ("2024-06-16T18:00:00Z", True),
        ("2024-06-30T18:00:00Z", True),
        ("2024-06-30T18:00:01Z", False),
    ],
)
def test_profits_meeting_with_a_time_of_day_gives_exact_bounds(charter, at, accepted):
    r = profits(
        charter,
        [{"member": "ann", "project": "roof", "amount": "1 EUR", "at": at}],
        meeting="2024-06-30T18:00:00Z",
    )
    assert (r.rejected_allocations == []) is accepted


def test_profits_needs_the_meeting_date(charter):
    with pytest.raises(CaseError) as err:
        charter.evaluate({"members": MEMBERS, "budget": "profits", "projects": []})
    assert err.value.diagnostics[0].path == "$.round.meeting"


def test_profits_asked_before_allocations_close_is_provisional(charter):
    r = profits(
        charter,
        [{"member": "ann", "project": "roof", "amount": "430 EUR", "at": "2024-06-20"}],
        at="2024-06-21",
    )
    assert r.not_funded == ["roof"]
    assert "provisional" in r.explanation


# ---------------------------------------------------------------------- fund
def fund(charter, allocations, projects=None, **extra):
    projects = projects or [{"id": "p", "goal": "200 EUR", "proposers": ["gus"]}]
    return charter.evaluate(
        {
            "members": MEMBERS,
            "budget": "fund",
            "projects": projects,
            "allocations": allocations,
            **extra,
        }
    )


def test_fund_permanent_one_envelope_per_calendar_year(charter):
    # 100 on 31 Dec 2023 and 100 on 1 Jan 2024: two years, two envelopes -> 200 = goal.
    r = fund(
        charter,
        [
            {"member": "gus", "project": "p", "amount": "100 EUR", "at": "2023-12-31"},
            {"member": "gus", "project": "p", "amount": "100 EUR", "at": "2024-01-01"},
        ],
    )
    assert r.funded == ["p"] and r.rejected_allocations == []
    assert r.envelopes == {"gus 2023": "0 EUR", "gus 2024": "0 EUR"}
    assert "permanent round" in r.explanation


def test_fund_envelope_cut_within_a_year(charter):
    r = fund(
        charter,
        [
            {"member": "ann", "project": "p", "amount": "60 EUR", "at": "2024-02-01"},
            {"member": "ann", "project": "p", "amount": "60 EUR", "at": "2024-11-30"},
        ],
        at="2024-12-01",
    )
    assert [(x.id, x.cut_to) for x in r.rejected_allocations] == [("ann", "40 EUR")]
    assert "envelope of 100 EUR for 2024" in r.rejected_allocations[0].reason
    assert r.not_funded == ["p"]
    # every member holds a 2024 envelope; ann has spent hers.
    assert r.envelopes["ann 2024"] == "0 EUR" and r.envelopes["bob 2024"] == "100 EUR"


def test_fund_anyone_proposes_and_allocates_at_any_time(charter):
    r = fund(
        charter,
        [
            {"member": "eve", "project": "p", "amount": "100 EUR", "at": "1999-03-04"},
            {"member": "fred", "project": "p", "amount": "100 EUR", "at": "2077-08-09T10:11:12Z"},
        ],
        projects=[{"id": "p", "goal": "200 EUR", "proposers": ["gus"]}],
    )
    assert r.funded == ["p"] and r.rejected_allocations == []


def test_fund_yearly_envelope_needs_the_allocation_date(charter):
    with pytest.raises(CaseError) as err:
        fund(charter, [{"member": "ann", "project": "p", "amount": "1 EUR"}])
    assert err.value.diagnostics[0].path == "$.allocations[0].at"


# ---------------------------------------------------------------------- national
def national(charter, supporters, parameters=None, claims=None, goal="500 EUR"):
    case = {
        "members": GROUPS,
        "budget": "national",
        "projects": [{"id": "canteen", "goal": goal, "proposers": ["g01"]}],
        "supports": [{"voter": g, "project": "canteen"} for g in supporters],
        "claims": claims or [],
    }
    if parameters is not None:
        case["parameters"] = parameters
    return charter.evaluate(case)


def test_national_threshold_from_the_charter_default(charter):
    twenty = [f"g{i:02d}" for i in range(1, 21)]
    assert national(charter, twenty).fundable == ["canteen"]  # at least 20
    assert national(charter, twenty[:19]).fundable == []
    # gx is not certified: its support does not count, and is refused with a reason.
    r = national(charter, twenty[:19] + ["gx"])
    assert r.fundable == []
    assert "`gx` is not among the supporters (everyone where certified)" in r.explanation


def test_national_threshold_value_in_force_from_the_case(charter):
    r = national(charter, ["g01", "g02", "g03"], parameters={"threshold": 3})
    assert r.fundable == ["canteen"]
    assert "threshold = 3" in r.explanation
    assert national(charter, ["g01", "g02"], parameters={"threshold": 3}).fundable == []


def test_national_claims_up_to_goal_per_supporter(charter):
    r = national(
        charter,
        ["g01", "g02", "g03"],
        parameters={"threshold": 3},
        claims=[
            {"id": "c1", "by": "g01", "project": "canteen", "amount": "300 EUR"},
            {"id": "c2", "by": "g01", "project": "canteen", "amount": "200 EUR"},
            {"id": "c3", "by": "g01", "project": "canteen", "amount": "0.01 EUR"},
            {"id": "c4", "by": "g02", "project": "canteen", "amount": "500 EUR"},
        ],
    )
    assert r.valid_claims == ["c1", "c2", "c4"]
    assert [(x.id, x.code) for x in r.rejected_claims] == [("c3", "budget.claim.over_goal")]
    assert r.projects[0].reimbursed == "1000 EUR"
    assert r.envelopes == {}  # claims are charged to no envelope
