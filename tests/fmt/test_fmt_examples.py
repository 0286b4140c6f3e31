"""`charter fmt` on the design document's examples, the charters of charters/, and the cases of
the canonical form: spacing, `;`, citations, texts, numbers, comments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fmt_design_blocks import BLOCKS
from fmt_strategies import meaning

from charter_engine import CharterError
from charter_engine.fmt import format_source

ROOT = Path(__file__).resolve().parents[2]
DESIGN = ROOT.parent / "shared" / "design" / "language.md"

ATTRIBUTES = """  attributes {
    employee: bool
    contractor: bool
    list_member: bool
    candidate: bool
    certified: bool
    role: text
    college: text
    joined: date
  }
"""


def wrap(block: str) -> str:
    """A design fragment inside a minimal charter."""
    block = block.replace("{ ... }", "{ }")
    if block.startswith("charter"):
        return block
    if block.startswith("rule"):
        block = "body assembly {\n" + block + "}\n"
    extra = "" if "body council" in block else "  body council { members: everyone }\n"
    return 'charter "Example" {\n  version "1"\n' + ATTRIBUTES + extra + block + "}\n"


def assert_canonical(text: str) -> str:
    before = meaning(text)
    assert before[0] is not None, before
    out = format_source(text)
    assert format_source(out) == out, "formatting twice changes the text again"
    assert meaning(out) == before, "formatting changed the meaning"
    return out


def test_design_blocks_are_the_documents():
    if not DESIGN.exists():
        pytest.skip("the design folder is not next to this checkout")
    assert re.findall(r"```\n(.*?)```", DESIGN.read_text("utf-8"), re.S) == BLOCKS


@pytest.mark.parametrize("block", BLOCKS, ids=[b.split("\n")[0][:40] for b in BLOCKS])
def test_design_example(block):
    out = assert_canonical(wrap(block))
    for line in out.splitlines():
        assert not line.endswith(" ") and "\t" not in line


def charter_files():
    return sorted((ROOT / "charters").glob("*.charter"))


@pytest.mark.parametrize("path", charter_files(), ids=lambda p: p.name)
def test_charter_file(path: Path):
    text = path.read_text("utf-8")
    out = assert_canonical(text)
    comments = [c.rstrip() for c in re.findall(r"#[^\n]*", text)]
    assert sorted(comments) == sorted(re.findall(r"#[^\n]*", out)), "a comment was lost"


def test_every_charter_file_is_tested():
    assert charter_files(), "charters/*.charter is empty"


# ---------------------------------------------------------------------- the canonical form

MESSY = """charter   "Demo"{version "1";language   fr
attributes{role:text;joined:date}
body   assembly "A"{members:everyone;decides:budget ,  communication . web,*
rule default:consent   of members;rule budget{quorum:at   least 1/2 of members;for:more than 66.5% of expressed
notice : at least 15   days}}
budget fund{envelope:430   EUR per member where role="x";funded:allocated at least 0.9 of goal}
parameter threshold:20 set by assembly}
"""

CANONICAL = """charter "Demo" {
  version "1"
  language fr

  attributes {
    role: text
    joined: date
  }

  body assembly "A" {
    members: everyone
    decides: budget, communication.web, *
    rule default: consent of members
    rule budget {
      quorum: at least 1/2 of members
      for: more than 66.5% of expressed
      notice: at least 15 days
    }
  }

  budget fund {
    envelope: 430 EUR per member where role = "x"
    funded: allocated at least 0.9 of goal
  }

  parameter threshold: 20 set by assembly
}
"""


def test_messy_charter_gets_the_canonical_form():
    assert assert_canonical(MESSY) == CANONICAL
    assert format_source(CANONICAL) == CANONICAL


def fmt_body(clauses: str) -> str:
    """Format a body holding `clauses`; return its inside, dedented."""
    text = f'charter "x" {{\n  version "1"\n  attributes {{ role: text; active: bool; age: number }}\n  body b {{\n{clauses}\n  }}\n}}\n'
    out = assert_canonical(text)
    inner = out.split("  body b {\n", 1)[1].rsplit("  }\n}", 1)[0]
    return "\n".join(line[4:] for line in inner.splitlines())


def test_short_forms_stay_short():
    assert (
        fmt_body("rule default :  2/3   majority of  members")
        == "rule default: 2/3 majority of members"
    )
    assert (
        fmt_body("rule x: consensus of present except concerned")
        == "rule x: consensus of present except concerned"
    )


def test_semicolons_split_clauses():
    assert fmt_body(
        "meets: yearly; decides: a, b;; rule default { voters: members; for: "
        "more than 1/2 of expressed; }"
    ) == (
        "meets: yearly\ndecides: a, b\nrule default {\n  voters: members\n"
        "  for: more than 1/2 of expressed\n}"
    )


def test_numbers_keep_their_notation():
    out = fmt_body(
        "rule a { quorum: at least 2/4 of members; for: at least 0.50 of expressed; "
        "against: fewer than 33.0% of cast; abstain: at most 007 }"
    )
    assert "2/4" in out and "0.50" in out and "33.0%" in out and "007" in out


def test_expressions_keep_their_parentheses_and_get_canonical_spacing():
    out = fmt_body(
        'seat: not(active)and( role="a"or role!="b" )and age*(2+1)>=max( 1,age )'
        ' and role in["a" ,"b"] and role in []'
    )
    assert out == (
        'seat: not (active) and (role = "a" or role != "b") and age * (2 + 1) >= '
        'max(1, age) and role in ["a", "b"] and role in []'
    )


def test_texts_are_re_escaped():
    text = 'charter "a\\é \\"q\\" \\\\ \ttab" { version "1\\n2" }\n'
    assert assert_canonical(text) == 'charter "aé \\"q\\" \\\\ \\ttab" {\n  version "1\\n2"\n}\n'


def test_money_and_durations_get_one_space():
    out = fmt_body("rule a { notice: at least 15\t days; duration: at least 1    week }")
    assert "15 days" in out and "1 week" in out


# ---------------------------------------------------------------------- citations


def test_citation_on_the_clause_line_stays_at_its_end():
    assert (
        fmt_body('meets: yearly      cite   "Art. 1"\ndecides: x  §  "Art. 2"')
        == 'meets: yearly cite "Art. 1"\ndecides: x § "Art. 2"'
    )


def test_citation_on_its_own_line_stays_on_its_own_line():
    out = fmt_body('rule budget {\n  for: more than 1/2 of expressed\n  cite "Art. 12"\n}')
    assert out == 'rule budget {\n  for: more than 1/2 of expressed\n  cite "Art. 12"\n}'


def test_citation_clause_after_a_semicolon_keeps_its_semicolon():
    out = fmt_body('rule budget { for: more than 1/2 of expressed; cite "Art. 12" }')
    assert out == 'rule budget {\n  for: more than 1/2 of expressed;\n  cite "Art. 12"\n}'


def test_block_citation_after_the_brace():
    out = fmt_body('rule budget { for: more than 1/2 of expressed }   cite "Art. 12"')
    assert out.endswith('} cite "Art. 12"')


# ---------------------------------------------------------------------- comments

COMMENTED = """# file comment

# about the charter
charter "x" {   # the charter
  version "1"      # trailing on version
      # before attributes, badly indented
  attributes { role: text }
  body a {
        # own line, before decides
    decides: x,   # inside the clause
      y
    rule default {
      voters: members
      # end of the rule block
    }
    # end of the body block
  }
  # before the charter's brace
}
# after everything
"""

COMMENTED_OUT = """# file comment

# about the charter
charter "x" {  # the charter
  version "1"  # trailing on version

  # before attributes, badly indented
  attributes {
    role: text
  }

  body a {
    # own line, before decides
    decides: x, y  # inside the clause
    rule default {
      voters: members
      # end of the rule block
    }
    # end of the body block
  }
  # before the charter's brace
}
# after everything
"""


def test_comments_are_kept_in_place():
    assert assert_canonical(COMMENTED) == COMMENTED_OUT


def test_trailing_comment_after_a_dropped_semicolon():
    assert (
        fmt_body("meets: yearly;   # why\ndecides: x ; # what")
        == "meets: yearly  # why\ndecides: x  # what"
    )


def test_comment_inside_a_clause_moves_before_it():
    assert fmt_body("decides: x,\n  # in the middle\n  y") == "# in the middle\ndecides: x, y"


def test_blank_lines_between_clauses_are_kept_once():
    assert (
        fmt_body("meets: yearly\n\n\n\n decides: x\n seat: active")
        == "meets: yearly\n\ndecides: x\nseat: active"
    )


def test_empty_blocks():
    assert (
        format_source('charter "x" { version "1" attributes { } }')
        == 'charter "x" {\n  version "1"\n\n  attributes {\n  }\n}\n'
    )


# ---------------------------------------------------------------------- errors


def test_syntax_errors_are_not_formatted():
    with pytest.raises(CharterError) as err:
        format_source('charter "x" {\n  version "1"\n  body { }\n}\n', "x.charter")
    d = err.value.diagnostics[0]
    assert d.line == 3 and d.file == "x.charter" and "a name" in d.message


def test_empty_text_is_an_error():
    with pytest.raises(CharterError):
        format_source("")
