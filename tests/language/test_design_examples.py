"""Every example of the design document (shared/design/language.md) parses and means what the
text says. The examples are copied here verbatim so the tests run without the design folder;
test_examples_match_design_document checks the copies against it when it is present."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

import charter_engine
from charter_engine import methods
from charter_engine import model as m

DESIGN = Path(__file__).resolve().parents[3] / "shared" / "design" / "language.md"

OUTLINE = """charter "Action Commune" {
  version "2020-01"
  effective 2020-01-15
  language fr                    # explanations are written in French (fr) or English (en)
  legal_form association         # association | scic | scop | cooperative | collective

  attributes {                   # what a member record may carry; checked on every request
    employee: bool
    contractor: bool
    list_member: bool
    candidate: bool
    role: text
    college: text
    joined: date
    contribution: number
  }

  body assembly "Assemblée Populaire" { ... }
  body council "Conseil de Coordination" under assembly { ... }
  circle communication "Cercle Communication" under council { ... }

  colleges { ... }               # optional
  budget profits "Affectation des bénéfices" { ... }   # zero or more
  parameter threshold: 20 set by council               # zero or more
  amendments: assembly by { quorum: at least 1/2 of members; for: at least 2/3 of expressed }
}
"""

BODIES = """body assembly "Assemblée Populaire" {
  members: everyone                            # who sits in it
  meets: yearly                                # yearly | monthly | weekly | permanent
  decides: purpose, impact, missions, objectives, statutes, copresidents, governance, *
  rule default: consent of present                         cite "Principes"
  rule admission: consent of present                       cite "Entrées"
  rule exclusion: consent of present except concerned      cite "Sorties"
}

body council "Conseil de Coordination" under assembly {
  meets: monthly
  decides: strategy, operations, budget, recruitment
  seat: not (employee or contractor or list_member or candidate)   cite "Lignes rouges"
  rule default: consent of members
  rule admission: consent of members
  rule exclusion: consent of members except concerned
}

circle communication "Cercle Communication" under council {
  decides: communication                       # covers communication.* as well
}
"""

LONG_RULE = """rule budget {
  voters: members except concerned      # the electorate (default: members)
  advisory: everyone                    # may give an opinion; counted apart, never decides
  quorum: at least 1/2 of members       # participation test
  for: more than 1/2 of expressed       # votes in favour
  blocks: none
  notice: at least 15 days              # announced that long before voting opens
  duration: at least 7 days             # voting stays open at least that long
  consultation: at least 14 days open to everyone
  proxies: at most 2 per voter
  tie: chair decides
  ballots: final                        # changeable (default) | final
  second call: no quorum
  otherwise: refer to assembly          # outcome when a test fails: rejected (default) | refer to BODY
  cite "Art. 12"
}
"""

COLLEGES = """colleges {
  associations "Collège des associations": 30%
  citizens "Collectifs citoyens": 30%
  beneficiaries "Bénéficiaires": 20%
  authorities "Collectivités territoriales": 20%
}
body general_meeting "Assemblée générale" {
  members: everyone
  decides: *
  rule default { voters: members; weighted by college; for: more than 1/2 of expressed }
}
"""

MAY_PROPOSE = """body council { may propose: member of council or role = "copresident" }
"""

BUDGETS = """budget profits "Affectation des bénéfices" {
  envelope: 430 EUR per member where role = "associate"                cite "Cagnotte"
  may propose: everyone
  proposers: at least 2 where role = "entrepreneur"
  proposals: from 30 days before meeting until 14 days before meeting
  allocations: from 14 days before meeting until meeting
  funded: allocated at least 100% of goal
  overfunding: no
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
  support: approval                  # each voter supports any number of actions, once each
  fundable: supporters at least threshold
  reimburse: up to goal per supporter
}
parameter threshold: 20 set by council
"""

METHODS = """rule election {
  method: majority judgment
  grades: "À rejeter" < "Insuffisant" < "Passable" < "Assez bien" < "Bien" < "Très bien" < "Excellent"
  voters: members
}
rule priorities { method: approval; winners: 3 }
"""

ATTRIBUTES = """attributes {
  employee: bool
  contractor: bool
  list_member: bool
  candidate: bool
  role: text
  college: text
  joined: date
  contribution: number
  certified: bool
}
"""


def wrap(fragment: str, extra: str = "") -> str:
    return f'charter "Example" {{\n  version "1"\n{ATTRIBUTES}{extra}{fragment}\n}}\n'


def compile_ok(text: str) -> m.CharterModel:
    model, diagnostics = charter_engine.compile_source(text)
    errors = [d.render() for d in diagnostics if d.severity == "error"]
    assert not errors, "\n".join(errors)
    return model


def body(model: m.CharterModel, ident: str) -> m.Body:
    return next(b for b in model.bodies if b.id == ident)


def rule(b: m.Body, name: str) -> m.Rule:
    return next(r for r in b.rules if r.name == name)


def test_examples_match_design_document():
    if not DESIGN.is_file():
        pytest.skip("the design folder is not beside this checkout")
    blocks = re.findall(r"```\n(.*?)```", DESIGN.read_text("utf-8"), re.S)
    assert blocks == [OUTLINE, BODIES, LONG_RULE, COLLEGES, MAY_PROPOSE, BUDGETS, METHODS]


def test_outline_header_and_amendments():
    text = OUTLINE.replace("{ ... }", "{ }")
    model = compile_ok(text)
    assert model.version == "2020-01"
    assert model.effective.isoformat() == "2020-01-15"
    assert model.language == "fr" and model.legal_form == "association"
    assert [b.id for b in model.bodies] == ["assembly", "council", "communication"]
    assert body(model, "council").parent == "assembly"
    assert body(model, "communication").kind == "circle"
    assert model.parameters[0].value.value == 20 and model.parameters[0].set_by == "council"
    amend = model.amendments
    assert amend.body == "assembly"
    quorum, for_ = amend.rule.tests
    assert (quorum.label, quorum.count, quorum.comparator, quorum.amount, quorum.base) == (
        "quorum",
        "present",
        "at_least",
        Fraction(1, 2),
        "members",
    )
    assert (for_.count, for_.comparator, for_.amount, for_.base) == (
        "for",
        "at_least",
        Fraction(2, 3),
        "expressed",
    )


def test_header_defaults():
    model = compile_ok('charter "x" { version "1" body a { decides: * } }')
    assert model.language == "en" and model.legal_form == "association"


def test_bodies_example():
    model = compile_ok(wrap(BODIES))
    assembly, council, comm = model.bodies
    assert assembly.members.base == "everyone"
    assert assembly.meets == "yearly"
    assert "*" in assembly.decides and "statutes" in assembly.decides
    default = rule(assembly, "default")
    assert default.short_form == "consent" and default.voters.base == "present"
    assert default.cite == "Principes"
    assert [(t.count, t.comparator) for t in default.tests] == [("objections", "none")]
    exclusion = rule(assembly, "exclusion")
    assert exclusion.voters.except_concerned and exclusion.cite == "Sorties"
    assert council.seat.cite == "Lignes rouges"
    assert council.seat.expr.kind == "not"
    assert comm.decides == ["communication"] and comm.parent == "council"
    assert council.members is None  # seats come from member records


def test_long_rule_every_clause():
    model = compile_ok(wrap("body assembly { }\nbody b under assembly {\n" + LONG_RULE + "}"))
    r = rule(body(model, "b"), "budget")
    assert r.voters.base == "members" and r.voters.except_concerned
    assert r.advisory.base == "everyone"
    tests = {t.label: t for t in r.tests}
    assert tests["quorum"].count == "present" and tests["quorum"].amount == Fraction(1, 2)
    assert tests["for"].comparator == "more_than" and tests["for"].base == "expressed"
    assert tests["blocks"].comparator == "none"
    assert r.notice.length == m.Duration(amount=15, unit="day")
    assert r.duration.length == m.Duration(amount=7, unit="day")
    assert r.consultation.length.amount == 14 and r.consultation.open_to.base == "everyone"
    assert r.proxies_per_voter == 2
    assert r.tie_chair_decides and r.ballots_final
    assert r.second_call is not None and r.second_call.quorum is None
    assert r.refer_to == "assembly"
    assert r.cite == "Art. 12"


SHORT_FORMS = [
    ("consent of members", [("objections", "none", None, None)]),
    (
        "consensus of members",
        [
            ("participation", "all", None, "voters"),
            ("against", "none", None, None),
            ("objections", "none", None, None),
        ],
    ),
    ("unanimity of members", [("for", "all", None, "voters")]),
    ("majority of members", [("for", "more_than", Fraction(1, 2), "expressed")]),
    ("2/3 majority of members", [("for", "at_least", Fraction(2, 3), "expressed")]),
    ("60% majority of members", [("for", "at_least", Fraction(3, 5), "expressed")]),
]


@pytest.mark.parametrize(("short", "expected"), SHORT_FORMS)
def test_short_forms_are_their_long_forms(short, expected):
    model = compile_ok(wrap(f"body b {{ decides: *\n rule default: {short} }}"))
    r = model.bodies[0].rules[0]
    assert r.voters.base == "members"
    assert [(t.count, t.comparator, t.amount, t.base) for t in r.tests] == expected


def test_second_call_with_its_own_quorum():
    model = compile_ok(
        wrap("body b { rule x { second call { quorum: at least 1/4 of members } } }")
    )
    sc = model.bodies[0].rules[0].second_call
    assert (sc.quorum.count, sc.quorum.amount, sc.quorum.base) == (
        "present",
        Fraction(1, 4),
        "members",
    )


def test_objections_judged_by():
    model = compile_ok(wrap("body b { rule x { objections: none, judged by facilitator } }"))
    r = model.bodies[0].rules[0]
    assert r.objections_judged_by == "facilitator"
    assert [(t.count, t.comparator) for t in r.tests] == [("objections", "none")]


@pytest.mark.parametrize(
    "population, expected",
    [
        ("members", ("members", None, False, False)),
        ("present", ("present", None, False, False)),
        ("everyone", ("everyone", None, False, False)),
        ("members of council", ("members", "council", False, False)),
        ("everyone where certified", ("everyone", None, True, False)),
        ("members except concerned", ("members", None, False, True)),
    ],
)
def test_populations(population, expected):
    model = compile_ok(wrap(f"body council {{ rule x {{ voters: {population} }} }}"))
    pop = model.bodies[0].rules[0].voters
    assert (pop.base, pop.of_body, pop.where is not None, pop.except_concerned) == expected


def test_citation_forms_are_the_same():
    a = compile_ok(wrap('body b { decides: x cite "Art. 7" }'))
    b = compile_ok(wrap('body b { decides: x § "Art. 7" }'))
    assert a.bodies[0].cites["decides"] == b.bodies[0].cites["decides"] == "Art. 7"


def test_colleges_example():
    model = compile_ok(wrap(COLLEGES))
    assert [c.weight for c in model.colleges] == [
        Fraction(3, 10),
        Fraction(3, 10),
        Fraction(1, 5),
        Fraction(1, 5),
    ]
    assert model.colleges[0].title == "Collège des associations"
    r = model.bodies[0].rules[0]
    assert r.weighted_by_college and r.tests[0].comparator == "more_than"


def test_may_propose_example():
    model = compile_ok(wrap(MAY_PROPOSE))
    pop = model.bodies[0].may_propose
    assert pop.base == "everyone" and pop.where.kind == "or"


def test_expression_example():
    text = wrap(
        'body council { seat: role = "entrepreneur" and joined <= today - 90 days '
        "and not member of council }"
    )
    expr = compile_ok(text).bodies[0].seat.expr
    assert expr.kind == "and" and [a.kind for a in expr.args] == ["compare", "compare", "not"]
    assert expr.args[1].right.kind == "arith" and expr.args[1].right.right.value.amount == 90


def test_budgets_example():
    model = compile_ok(wrap(BUDGETS, "body council { decides: * }\n"))
    profits, fund, national = model.budgets
    assert profits.envelope.amount.value == m.Money(cents=43000, currency="EUR")
    assert profits.envelope.per_member and profits.envelope.where is not None
    assert profits.envelope.cite == "Cagnotte"
    assert profits.proposers.count == 2
    assert (
        profits.proposals.start.offset.amount == 30 and profits.proposals.end.direction == "before"
    )
    assert profits.allocations.end.kind == "meeting"
    assert profits.funded.amount == 1 and not profits.overfunding
    assert profits.kind == "allocation"
    assert fund.round == "permanent" and fund.envelope.period == "year"
    assert national.total == m.Money(cents=20000000, currency="EUR")
    assert national.fundable.parameter == "threshold" and national.reimburse_goal_per_supporter
    assert national.kind == "support"


def test_funded_at_ninety_percent_is_legal():
    model = compile_ok(
        wrap(
            "budget b { envelope: 10 EUR per member\n funded: allocated at least 90% of goal }",
            "body council { decides: * }\n",
        )
    )
    assert model.budgets[0].funded.amount == Fraction(9, 10)


def test_methods_example():
    model = compile_ok(wrap("body b {\n" + METHODS + "}"))
    election, priorities = model.bodies[0].rules
    grades = methods.get(election.method).settings(election)["grades"]
    assert election.method == "majority_judgment" and len(grades) == 7
    assert grades[0] == "À rejeter" and grades[-1] == "Excellent"
    assert priorities.method == "approval"
    assert methods.get(priorities.method).settings(priorities)["winners"] == 3


@pytest.mark.parametrize(
    "literal, value",
    [
        ("12", Fraction(12)),
        ("0.9", Fraction(9, 10)),
        ("2/3", Fraction(2, 3)),
        ("50%", Fraction(1, 2)),
        ("66.5%", Fraction(133, 200)),
    ],
)
def test_numbers_are_exact(literal, value):
    model = compile_ok(wrap(f"parameter p: {literal} set by b\nbody b {{ }}"))
    assert model.parameters[0].value.value == value


def test_lexical_rules():
    text = wrap(
        '# a comment line\nbody b "Assemblée \\"plénière\\" \\\\ x" { decides: '
        "communication.social_media } # trailing"
    )
    b = compile_ok(text).bodies[0]
    assert b.title == 'Assemblée "plénière" \\ x'
    assert b.decides == ["communication.social_media"]
    durations = [
        ("15 days", 15, "day"),
        ("2 weeks", 2, "week"),
        ("1 month", 1, "month"),
        ("1 year", 1, "year"),
    ]
    for text_, amount, unit in durations:
        model = compile_ok(wrap(f"parameter p: {text_} set by b\nbody b {{ }}"))
        assert model.parameters[0].value.value == m.Duration(amount=amount, unit=unit)


def test_unicode_identifiers():
    model = compile_ok(wrap("body conseil_élu { decides: décisions.été }"))
    assert model.bodies[0].id == "conseil_élu" and model.bodies[0].decides == ["décisions.été"]


def test_compiled_charter_round_trips_through_json():
    model = compile_ok(
        wrap(
            BODIES
            + COLLEGES.replace("general_meeting", "gm").replace(
                '"Assemblée générale"', "under assembly"
            )
            + BUDGETS,
            "",
        )
    )
    again = m.CharterModel.model_validate_json(model.model_dump_json())
    assert again == model
