"""OPTEOS (seed 004): a permanent fund, "chaque membre dispose d'une enveloppe annuelle de
100€, et tout le monde peut proposer un projet et distribuer son « crédit » dés qu'il le
souhaite", and the idea of "augmenter l'enveloppe détenue à ceux qui contribuent beaucoup",
written here as an envelope computed from a `contribution` attribute.
"""

from __future__ import annotations

import pytest

import charter_engine

OPTEOS = """
charter "OPTEOS" {
  version "2018"
  language fr
  attributes {
    contribution: money
    big: bool
  }
  body membres "Membres" {
    members: everyone
    decides: *
    rule default: majority of present
  }
  budget bourse "Bourse permanente" {
    envelope: 100 EUR per member per year                 cite "enveloppe annuelle de 100€"
    round: permanent                                      cite "bourse permanente"
    may propose: everyone                                 cite "tout le monde peut proposer"
    funded: allocated at least 100% of goal
    overfunding: no
  }
  budget contributeurs "Bourse avec enveloppes selon la contribution" {
    envelope: 100 EUR + contribution * 10% per member per year    cite "augmenter l'enveloppe"
    round: permanent
    funded: allocated at least 100% of goal
  }
  budget gros "Enveloppe plus grande pour les gros contributeurs" {
    envelope: max(100 EUR, contribution * 10%) per member per year where big
    round: permanent
  }
  budget mensuelle "Enveloppe mensuelle" {
    envelope: 10 EUR per member per month
    round: permanent
  }
}
"""

MEMBERS = [
    {"id": "simon", "attributes": {"contribution": "40 EUR", "big": False}},
    {"id": "olivier", "attributes": {"contribution": "5000 EUR", "big": True}},
    {"id": "lea", "attributes": {"contribution": "33.35 EUR", "big": True}},
    {"id": "marc"},  # no contribution recorded
]


@pytest.fixture(scope="module")
def charter():
    return charter_engine.load(OPTEOS)


def run(charter, budget, allocations, goal="10000 EUR", **extra):
    return charter.evaluate(
        {
            "members": MEMBERS,
            "budget": budget,
            "projects": [{"id": "p", "goal": goal, "proposers": ["simon"]}],
            "allocations": allocations,
            **extra,
        },
        "en",
    )


def test_hundred_euros_a_year_for_everyone_without_a_meeting(charter):
    r = run(
        charter,
        "bourse",
        [
            {"member": "marc", "project": "p", "amount": "100 EUR", "at": "2018-04-12"},
            {"member": "olivier", "project": "p", "amount": "150 EUR", "at": "2018-05-01"},
            {"member": "marc", "project": "p", "amount": "100 EUR", "at": "2019-01-02"},
        ],
        goal="300 EUR",
    )
    # olivier's 150 is cut to his 100; marc spends 2018's and 2019's envelopes.
    assert [(x.id, x.cut_to) for x in r.rejected_allocations] == [("olivier", "100 EUR")]
    assert r.funded == ["p"]
    assert r.envelopes == {"marc 2018": "0 EUR", "olivier 2018": "0 EUR", "marc 2019": "0 EUR"}


def test_envelope_by_expression_for_big_contributors(charter):
    # 100 EUR + 10 % of the contribution: simon 104, olivier 600, lea 103.335 -> 103.33
    # (rounded down to the cent); marc has no contribution recorded: no envelope.
    r = run(
        charter,
        "contributeurs",
        [
            {"member": "olivier", "project": "p", "amount": "700 EUR", "at": "2018-06-01"},
            {"member": "simon", "project": "p", "amount": "4 EUR", "at": "2018-06-01"},
            {"member": "marc", "project": "p", "amount": "1 EUR", "at": "2018-06-01"},
        ],
        at="2018-07-01",
    )
    assert [(x.id, x.code, x.cut_to) for x in r.rejected_allocations] == [
        ("olivier", "budget.allocation.cut_envelope", "600 EUR"),
        ("marc", "budget.allocation.no_envelope", None),
    ]
    assert "no value for `contribution`" in r.rejected_allocations[1].reason
    assert r.envelopes == {
        "olivier 2018": "0 EUR",
        "simon 2018": "100 EUR",
        "lea 2018": "103.33 EUR",
    }
    assert r.projects[0].allocated == "604 EUR"


def test_envelope_with_where_and_max(charter):
    # only big contributors: olivier max(100, 500) = 500; lea max(100, 3.335) = 100.
    r = run(
        charter,
        "gros",
        [
            {"member": "olivier", "project": "p", "amount": "500 EUR", "at": "2018-06-01"},
            {"member": "lea", "project": "p", "amount": "101 EUR", "at": "2018-06-01"},
            {"member": "simon", "project": "p", "amount": "1 EUR", "at": "2018-06-01"},
        ],
    )
    assert [(x.id, x.cut_to) for x in r.rejected_allocations] == [
        ("lea", "100 EUR"),
        ("simon", None),
    ]


def test_monthly_envelope(charter):
    r = run(
        charter,
        "mensuelle",
        [
            {"member": "simon", "project": "p", "amount": "10 EUR", "at": "2018-01-31T23:59:59Z"},
            {"member": "simon", "project": "p", "amount": "10 EUR", "at": "2018-02-01"},
            {"member": "simon", "project": "p", "amount": "1 EUR", "at": "2018-02-28"},
        ],
    )
    assert [(x.id, x.code) for x in r.rejected_allocations] == [
        ("simon", "budget.allocation.envelope_spent")
    ]
    assert r.envelopes == {"simon 2018-01": "0 EUR", "simon 2018-02": "0 EUR"}


def test_an_allocation_before_the_project_exists_is_refused(charter):
    r = charter.evaluate(
        {
            "members": MEMBERS,
            "budget": "bourse",
            "projects": [
                {"id": "p", "goal": "100 EUR", "proposers": ["simon"], "proposed": "2018-04-10"}
            ],
            "allocations": [
                {"member": "marc", "project": "p", "amount": "50 EUR", "at": "2018-04-09"},
                {"member": "lea", "project": "p", "amount": "50 EUR", "at": "2018-04-10"},
            ],
        },
        "en",
    )
    assert [(x.id, x.code) for x in r.rejected_allocations] == [
        ("marc", "budget.allocation.before_proposed")
    ]


def test_french_explanation(charter):
    r = charter.evaluate(
        {
            "members": MEMBERS,
            "budget": "bourse",
            "projects": [{"id": "p", "goal": "150 EUR", "proposers": ["simon"]}],
            "allocations": [
                {"member": "simon", "project": "p", "amount": "100 EUR", "at": "2018-04-12"},
                {"member": "lea", "project": "p", "amount": "100 EUR", "at": "2018-04-15"},
            ],
        }
    )
    assert "réduite à 50 EUR" in r.explanation
    assert "tour permanent" in r.explanation
    assert "projet `p` : 150 EUR affectés sur un objectif de 150 EUR (100%)" in r.explanation
