"""The semantic checker, one check at a time, written from the design text (design §2–§10)."""

from __future__ import annotations

import pytest

from charter_engine import compile_source
from charter_engine.check import check

VALID = """charter "Valid" {
  version "2024-01"
  language en
  legal_form association
  attributes {
    role: text
    employee: bool
    joined: date
    contribution: number
    college: text
  }
  body assembly "Assembly" {
    members: everyone
    decides: statutes, *
    rule default: majority of present
  }
  body council under assembly {
    decides: budget, operations
    seat: not employee and joined <= today - 90 days
    may propose: member of council or role = "copresident"
    rule default: consent of members
    rule budget { quorum: at least 1/2 of members; for: more than 1/2 of expressed }
  }
  amendments: assembly by { quorum: at least 1/2 of members; for: at least 2/3 of expressed }
}
"""


def charter(body: str = "", header: str = 'version "1"', attributes: str = "role: text") -> str:
    return (
        f'charter "T" {{\n  {header}\n  attributes {{ {attributes} }}\n'
        f"  body assembly {{ members: everyone; decides: *; rule default: majority of "
        f"present }}\n{body}\n}}\n"
    )


def codes(text: str, severity: str | None = None) -> list[str]:
    model, diagnostics = compile_source(text)
    assert model is not None, [d.render() for d in diagnostics]
    return [d.code for d in diagnostics if severity is None or d.severity == severity]


def only(text: str, code: str):
    model, diagnostics = compile_source(text)
    found = [d for d in diagnostics if d.code == code]
    assert found, [d.render() for d in diagnostics]
    return found[0]


# ---------------------------------------------------------------------- a valid charter
def test_a_valid_charter_gives_no_diagnostic():
    assert codes(VALID) == []


def test_check_returns_diagnostics_in_source_order():
    model, _ = compile_source(charter("  body a under nowhere { }\n  body b under gone { }"))
    lines = [d.line for d in check(model)]
    assert lines == sorted(lines)


# ---------------------------------------------------------------------- header (§2)
def test_version_is_required():
    d = only(charter(header="language en"), "header.version_missing")
    assert d.severity == "error" and d.line == 1 and "version" in d.help


def test_language_must_be_fr_or_en():
    d = only(charter(header='version "1"\n  language fre'), "header.language")
    assert "`fre`" in d.message and "`fr`" in d.help and d.line == 3


def test_legal_form_must_be_known():
    d = only(charter(header='version "1"\n  legal_form asociation'), "header.legal_form")
    assert d.help == "did you mean `association`?"


@pytest.mark.parametrize("form", ["association", "scic", "scop", "cooperative", "collective"])
def test_every_legal_form_of_the_design_is_accepted(form):
    assert codes(charter(header=f'version "1"\n  legal_form {form}')) == []


def test_meets_takes_a_known_rhythm():
    d = only(charter("  body b under assembly { meets: montly }"), "value.meets")
    assert d.help == "did you mean `monthly`?"


# ---------------------------------------------------------------------- names (§10)
def test_unknown_parent_with_did_you_mean():
    d = only(charter("  body council under asembly { }"), "name.unknown_body")
    assert "`asembly`" in d.message and d.help == "did you mean `assembly`?"
    assert (d.line, d.column, d.end_column) == (5, 22, 29)


@pytest.mark.parametrize(
    "clause",
    [
        "members: members of concil",
        "may propose: member of concil",
        "rule x { voters: members of concil }",
        "rule default { objections: none; otherwise: refer to concil }",
    ],
)
def test_unknown_bodies_in_populations_expressions_and_referrals(clause):
    text = charter(f"  body council under assembly {{ decides: x; {clause} }}")
    d = only(text, "name.unknown_body")
    assert "`concil`" in d.message and d.help == "did you mean `council`?"


def test_unknown_body_in_set_by_and_amendments():
    text = charter(
        "  parameter threshold: 20 set by asembly\n  amendments: asembly by majority of members"
    )
    found = [c for c in codes(text) if c == "name.unknown_body"]
    assert len(found) == 2


def test_judged_by_names_a_member_or_role_and_is_not_checked():
    text = charter(
        "  body b under assembly { decides: x; rule x { objections: none, judged by facilitator } }"
    )
    assert codes(text) == []


def test_unknown_parameter_in_a_test():
    text = charter(
        "  parameter threshold: 20 set by assembly\n"
        "  budget b { voters: everyone; support: approval; "
        "fundable: supporters at least treshold }"
    )
    d = only(text, "name.unknown_parameter")
    assert d.help == "did you mean `threshold`?"


def test_a_parameter_used_as_threshold_must_be_a_number():
    text = charter(
        '  parameter threshold: "twenty" set by assembly\n'
        "  budget b { voters: everyone; support: approval; "
        "fundable: supporters at least threshold }"
    )
    assert "type.parameter" in codes(text)


def test_undeclared_attribute_is_an_error_with_did_you_mean_over_attributes_and_parameters():
    d = only(charter('  body b under assembly { seat: rol = "x" }'), "name.unknown_attribute")
    assert d.severity == "error" and d.help == "did you mean `role`?"
    text = charter(
        "  parameter threshold: 20 set by assembly\n  body b under assembly { seat: treshold > 3 }",
        attributes="n: number",
    )
    assert only(text, "name.unknown_attribute").help == "did you mean `threshold`?"


def test_a_parameter_is_a_name_in_expressions():
    text = charter(
        "  parameter limit: 3 set by assembly\n  body b under assembly { seat: n < limit }",
        attributes="n: number",
    )
    assert codes(text) == []


def test_attribute_types_must_be_known():
    d = only(charter(attributes="certified: boolean"), "type.unknown_attribute_type")
    assert d.help == "did you mean `bool`?"
    d = only(charter(attributes="name: string"), "type.unknown_attribute_type")
    assert d.help == "did you mean `text`?"


@pytest.mark.parametrize(
    "text, code",
    [
        (charter("  body assembly { }"), "name.duplicate_body"),
        (charter(attributes="role: text; role: bool"), "name.duplicate_attribute"),
        (
            charter("  parameter p: 1 set by assembly\n  parameter p: 2 set by assembly"),
            "name.duplicate_parameter",
        ),
        (
            charter(
                "  budget b { envelope: 1 EUR per member }\n  budget b { envelope: 2 EUR per member }"
            ),
            "name.duplicate_budget",
        ),
    ],
)
def test_duplicate_declarations(text, code):
    d = only(text, code)
    assert d.severity == "error" and "twice" in d.message and "line" in d.help


def test_a_rule_given_three_times_points_each_repeat_at_the_first():
    text = charter(
        "  body council under assembly {\n"
        "    decides: budget\n"
        "    rule budget: consent of members\n"
        "    rule budget: majority of members\n"
        "    rule budget: unanimity of members\n"
        "  }"
    )
    _, diagnostics = compile_source(text)
    repeats = [d for d in diagnostics if d.code == "structure.duplicate_rule"]
    # the council opens on line 5: its first `rule budget` is on line 7, the repeats on 8 and 9
    assert [d.line for d in repeats] == [8, 9]
    assert [d.help for d in repeats] == ["the first is on line 7"] * 2


def test_duplicate_college():
    text = charter(
        "  colleges { a: 50%; a: 50% }", header='version "1"', attributes="college: text"
    )
    assert "name.duplicate_college" in codes(text)


def test_a_parameter_named_like_an_attribute_is_a_warning():
    text = charter("  parameter role: 1 set by assembly")
    assert codes(text, "warning") == ["name.shadowed"]


# ---------------------------------------------------------------------- the tree (§3)
def test_a_cycle_in_under_is_named():
    text = charter("  body a under b { }\n  body b under a { }")
    d = only(text, "tree.cycle")
    assert "`a` → `b` → `a`" in d.message and d.line == 5


def test_a_body_under_itself_is_a_cycle():
    d = only(charter("  body a under a { }"), "tree.cycle")
    assert "`a` → `a`" in d.message


def test_two_roots_are_an_error_naming_them():
    d = only(charter("  body council { decides: x }"), "tree.roots")
    assert "`assembly` and `council`" in d.message and "under assembly" in d.help
    assert d.line == 5


def test_a_charter_needs_a_body():
    assert "tree.no_body" in codes('charter "T" { version "1" }')


# ---------------------------------------------------------------------- types (§6)
@pytest.mark.parametrize(
    "expr, code",
    [
        ("role > 3", "type.mismatch"),
        ('role > "a"', "type.order"),
        ('n and role = "x"', "type.operand"),
        ("not n", "type.operand"),
        ("role + 1 = 2", "type.arithmetic"),
        ("joined = 3", "type.mismatch"),
        ("joined < 2024-01-01 + 1", "type.arithmetic"),
        ('role in ["a", 2]', "type.list_item"),
        ('n in [1, "b"]', "type.list_item"),
        ("n + 1", "type.condition"),
        ("role", "type.condition"),
        ("max(n, role) > 1", "type.call"),
    ],
)
def test_type_errors_in_expressions(expr, code):
    text = charter(
        f"  body b under assembly {{ seat: {expr} }}",
        attributes="role: text; n: number; joined: date",
    )
    d = only(text, code)
    assert d.severity == "error" and d.help


@pytest.mark.parametrize(
    "expr",
    [
        'role = "entrepreneur" and joined <= today - 90 days and not member of assembly',
        "n * 2 >= max(1, 2/3) or n in [1, 2, 3]",
        "fee + 10 EUR > 20 EUR and fee * 2 < 100 EUR",
        "joined + 1 month < 2024-01-01",
        "min(joined, today) = today",
    ],
)
def test_well_typed_expressions(expr):
    text = charter(
        f"  body b under assembly {{ seat: {expr} }}",
        attributes="role: text; n: number; joined: date; fee: money",
    )
    assert codes(text) == []


def test_envelope_must_be_money():
    text = charter("  budget b { envelope: 430 per member }")
    assert "type.envelope" in codes(text)


def test_where_conditions_must_be_conditions():
    text = charter("  body b under assembly { members: everyone where role }")
    assert "type.condition" in codes(text)


# ---------------------------------------------------------------------- competence (§3)
def test_two_bodies_claiming_one_subject_is_a_warning_naming_the_judge():
    text = charter(
        "  body c under assembly { decides: ops }\n"
        "  circle x under c { decides: web }\n  circle y under c { decides: web }"
    )
    d = only(text, "competence.in_doubt")
    assert d.severity == "warning" and "`x` and `y`" in d.message and "`c`" in d.message


def test_a_deeper_subject_is_not_in_doubt():
    text = charter(
        "  body c under assembly { decides: web }\n  circle x under c { decides: web.social }"
    )
    assert codes(text) == []


def test_two_residual_bodies_warn():
    d = only(charter("  body b under assembly { decides: * }"), "competence.residual_twice")
    assert "`assembly` (the first)" in d.message


def test_subjects_named_in_rules_that_nobody_decides_when_no_star():
    text = (
        'charter "T" { version "1"\n  body a { decides: x\n    rule y: majority of members\n  }\n}'
    )
    d = only(text, "competence.undecided")
    assert "`y`" in d.message and d.severity == "warning" and d.line == 3


def test_a_rule_outside_its_body_perimeter_never_applies():
    text = charter("  body c under assembly { decides: ops\n    rule budgt: majority of members }")
    d = only(text, "rule.never_applies")
    assert d.severity == "warning" and "`budgt`" in d.message


def test_rules_on_children_or_parents_of_the_perimeter_apply():
    text = charter(
        "  body c under assembly { decides: web.social\n"
        "    rule web: majority of members\n    rule web.social.x: majority of members }"
    )
    assert codes(text) == []


def test_a_rule_of_a_referral_target_may_apply():
    text = charter(
        "  body c under assembly { decides: ops\n"
        "    rule default { objections: none; otherwise: refer to d } }\n"
        "  body d under assembly { rule ops: majority of members }"
    )
    assert codes(text) == []


def test_a_rule_amendment_beside_an_amendments_clause_never_applies():
    text = charter(
        "  body c under assembly { rule amendment: majority of members }\n"
        "  amendments: assembly by majority of members"
    )
    assert "rule.never_applies" in codes(text)


def test_a_body_cannot_be_its_own_members():
    assert "population.body_members" in codes(
        charter("  body c under assembly { members: members }")
    )


# ---------------------------------------------------------------------- thresholds (§4, §8)
@pytest.mark.parametrize(
    "test",
    [
        "for: more than 100% of expressed",
        "for: more than 1 of expressed",
        "quorum: at least 3/2 of members",
        "for: at least 2 of voters",
        "participation: fewer than 0",
        "against: fewer than 0% of cast",
    ],
)
def test_thresholds_that_can_never_be_met(test):
    text = charter(f"  body c under assembly {{ decides: x; rule x {{ {test} }} }}")
    d = only(text, "threshold.never_met")
    assert d.severity == "error" and "never be met" in d.message


@pytest.mark.parametrize(
    "test",
    [
        "for: at least 100% of expressed",
        "for: all of voters",
        "proxies: at most 0 per voter",
        "blocks: none",
        "quorum: at least 12",
        "for: at most 0",
    ],
)
def test_thresholds_that_can_be_met(test):
    text = charter(f"  body c under assembly {{ decides: x; rule x {{ {test} }} }}")
    assert codes(text) == []


def test_second_call_quorum_is_checked_too():
    text = charter(
        "  body c under assembly { decides: x; rule x { quorum: at least 1/2 of members;"
        " second call { quorum: more than 100% of members } } }"
    )
    assert "threshold.never_met" in codes(text)


def test_contradictory_tests():
    text = charter(
        "  body c under assembly { decides: x; rule x { for: at least 2/3 of expressed;"
        " for: fewer than 1/2 of expressed } }"
    )
    assert "threshold.contradictory" in codes(text)


def test_winners_zero_and_grades():
    text = charter(
        "  body c under assembly { decides: x; rule x { method: approval; winners: 0 } }"
    )
    assert "threshold.winners" in codes(text)
    text = charter(
        "  body c under assembly { decides: x; rule x { method: majority judgment; "
        'grades: "bad" < "bad" } }'
    )
    assert "threshold.grades" in codes(text)
    text = charter("  body c under assembly { decides: x; rule x { method: majority judgment } }")
    assert "threshold.grades" in codes(text)


def test_approval_weighted_by_college():
    text = charter(
        "  colleges { a: 50%; b: 50% }\n  body c under assembly { decides: x; "
        "rule x { method: approval; weighted by college } }",
        attributes="college: text",
    )
    assert "threshold.approval_weighted" in codes(text)


def test_tie_chair_decides_on_consent_is_a_warning():
    text = charter(
        "  body c under assembly { decides: x; rule x { objections: none; tie: chair decides } }"
    )
    assert codes(text) == ["threshold.tie_without_vote"]
    text = charter(
        "  body c under assembly { decides: x; rule x { for: more than 1/2 of "
        "expressed; tie: chair decides } }"
    )
    assert codes(text) == []


def test_a_parameter_threshold_out_of_reach_is_a_warning():
    text = charter(
        "  parameter share: 3 set by assembly\n  body c under assembly { decides: x;"
        " rule x { for: at least share of expressed } }"
    )
    assert codes(text) == ["threshold.parameter_never_met"]


# ---------------------------------------------------------------------- colleges (§5)
def colleges(weights: list[str], form: str = "association", attributes="college: text") -> str:
    block = "; ".join(f"c{i}: {w}" for i, w in enumerate(weights))
    return charter(
        f"  colleges {{ {block} }}",
        header=f'version "1"\n  legal_form {form}',
        attributes=attributes,
    )


def test_weights_must_sum_to_100_percent():
    d = only(colleges(["30%", "30%", "20%", "19%"]), "college.weights_sum")
    assert "99%" in d.message and "1%" in d.help
    assert codes(colleges(["30%", "30%", "20%", "20%"])) == []


def test_weights_are_exact_fractions():
    assert codes(colleges(["1/3", "1/3", "1/3"])) == []
    assert codes(colleges(["33.33%", "33.33%", "33.34%"])) == []
    assert "college.weights_sum" in codes(colleges(["0.33", "0.33", "0.33"]))


def test_scic_needs_3_to_10_colleges():
    d = only(colleges(["50%", "50%"], "scic"), "college.scic_count")
    assert "19 octies" in d.help and "47-1775" in d.help
    assert "college.scic_count" in codes(colleges(["10%"] * 11, "scic"))
    assert codes(colleges(["10%"] * 10, "scic")) == []


def test_scic_weights_between_10_and_50_percent_inclusive():
    assert codes(colleges(["50%", "40%", "10%"], "scic")) == []
    d = only(colleges(["51%", "40%", "9%"], "scic"), "college.scic_weight")
    assert "19 octies" in d.help
    assert codes(colleges(["51%", "40%", "9%"], "scic")).count("college.scic_weight") == 2
    assert codes(colleges(["11%", "39%", "50%"], "scic")) == []


def test_the_scic_bounds_do_not_bind_an_association():
    assert codes(colleges(["60%", "40%"])) == []


def test_weighted_by_college_needs_colleges():
    text = charter(
        "  body c under assembly { decides: x; rule x { weighted by college } }",
        attributes="college: text",
    )
    assert "college.missing" in codes(text)


def test_colleges_need_a_text_college_attribute():
    assert "college.attribute" in codes(colleges(["50%", "50%"], attributes="role: text"))
    assert "college.attribute" in codes(colleges(["50%", "50%"], attributes="college: number"))


def test_a_seat_naming_an_unknown_college_is_a_warning():
    text = charter(
        '  colleges { a: 50%; b: 50% }\n  body c under assembly { seat: college in ["a", "bb"] }',
        attributes="college: text",
    )
    assert codes(text) == ["college.unknown"]


# ---------------------------------------------------------------------- budgets (§7)
def budget(clauses: str) -> str:
    return charter(f"  budget b {{ envelope: 10 EUR per member; {clauses} }}")


def test_a_window_that_ends_before_it_starts():
    d = only(
        budget("proposals: from 14 days before meeting until 30 days before meeting"),
        "window.reversed",
    )
    assert d.severity == "error" and "`proposals`" in d.message


def test_windows_compare_dates_and_units():
    assert "window.reversed" in codes(budget("allocations: from 2024-03-01 until 2024-02-01"))
    assert "window.empty" in codes(budget("allocations: from meeting until meeting"))
    assert (
        codes(budget("proposals: from 1 month before meeting until 2 weeks before meeting")) == []
    )
    assert "window.reversed" in codes(budget("proposals: from 1 week after meeting until meeting"))
    # a month is 28 to 31 days: against 30 days the order is not known, so no error
    assert (
        codes(budget("proposals: from 1 month before meeting until 30 days before meeting")) == []
    )


def test_proposals_closing_after_allocations_is_a_warning():
    text = budget(
        "proposals: from 30 days before meeting until meeting; "
        "allocations: from 30 days before meeting until 7 days before meeting"
    )
    assert codes(text) == ["window.order"]


def test_funded_needs_an_envelope():
    text = charter("  budget b { funded: allocated at least 100% of goal }")
    assert "budget.funded_without_envelope" in codes(text)


def test_fundable_needs_support_or_voters_and_reimburse_needs_fundable():
    text = charter("  budget b { total: 100 EUR; fundable: supporters at least 3 }")
    assert "budget.fundable_without_support" in codes(text)
    text = charter(
        "  budget b { total: 100 EUR; voters: everyone; reimburse: up to goal per supporter }"
    )
    assert "budget.reimburse_without_fundable" in codes(text)


def test_overfunding_on_a_support_budget_is_a_warning():
    text = charter(
        "  budget b { voters: everyone; support: approval; fundable: supporters at "
        "least 2; overfunding: no }"
    )
    assert codes(text) == ["budget.overfunding_support"]


def test_funded_above_the_goal_without_overfunding_is_never_met():
    assert "threshold.never_met" in codes(
        budget("funded: allocated at least 110% of goal; overfunding: no")
    )
    assert codes(budget("funded: allocated at least 110% of goal")) == []
    assert codes(budget("funded: allocated at least 90% of goal; overfunding: no")) == []


def test_a_budget_has_no_members():
    assert "population.budget_members" in codes(budget("voters: members"))


def test_a_perimeter_naming_an_unknown_parameter_is_a_warning():
    text = charter(
        "  parameter threshold: 20 set by c\n"
        "  body c under assembly { decides: parameters.treshold }"
    )
    d = only(text, "name.unknown_parameter")
    assert d.severity == "warning" and d.help == "did you mean `threshold`?"


def test_a_perimeter_disagreeing_with_set_by_is_a_warning():
    text = charter(
        "  parameter threshold: 20 set by assembly\n"
        "  body c under assembly { decides: parameters.threshold }"
    )
    d = only(text, "competence.parameter")
    assert "`assembly`" in d.message


def test_the_seed_budget_parameter_pattern_is_clean():
    text = charter(
        "  parameter threshold: 20 set by c\n"
        "  body c under assembly { decides: parameters.threshold }"
    )
    assert codes(text) == []
