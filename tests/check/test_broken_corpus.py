"""The corpus of broken charters (issue 2, "Done when"): each file has one fault and says on its
first line where the diagnostic must point and what it must say:

    # expect: LINE:COLUMN CODE WORDS THE MESSAGE OR HELP CONTAINS
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from charter_engine import compile_source, load
from charter_engine.diagnostics import CharterError
from charter_engine.syntax.parser import parser

BROKEN = sorted((Path(__file__).parent / "broken").glob("*.charter"))
EXPECT = re.compile(r"^# expect: (\d+):(\d+) ([a-z_]+(?:\.[a-z_]+)+) (.+)$")
# Internal names that must never reach a user: every terminal of the grammar, Lark's own.
INTERNAL = {t.name for t in parser().terminals} | {"$END"}
INTERNAL_PATTERN = re.compile(r"__ANON|_SEP\b|\$END|\b[A-Z][A-Z_]*_[A-Z_]+\b")


def expectation(path: Path) -> tuple[int, int, str, str]:
    first = path.read_text("utf-8").splitlines()[0]
    match = EXPECT.match(first)
    assert match, f"{path.name}: the first line must be `# expect: LINE:COL CODE WORDS`"
    line, column, code, words = match.groups()
    return int(line), int(column), code, words.strip()


def test_the_corpus_is_large_enough():
    assert len(BROKEN) >= 35


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_charter_gives_the_expected_located_message(path: Path):
    line, column, code, words = expectation(path)
    text = path.read_text("utf-8")
    model, diagnostics = compile_source(text, path.name)
    errors = [d for d in diagnostics if d.severity == "error"]
    assert errors, f"{path.name}: no error reported"
    located = [d for d in errors if d.code == code and (d.line, d.column) == (line, column)]
    assert located, f"{path.name}: expected {code} at {line}:{column}, got " + "; ".join(
        f"{d.code} at {d.line}:{d.column}" for d in errors
    )
    d = located[0]
    assert words in f"{d.message} {d.help or ''}", d.render()
    assert d.file == path.name and d.source_line == text.splitlines()[line - 1]
    assert d.message == d.message[0].lower() + d.message[1:], "messages start in lowercase"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_charter_raises_only_charter_error(path: Path):
    with pytest.raises(CharterError) as info:
        load(path)
    assert info.value.diagnostics
    assert all(d.severity == "error" for d in info.value.diagnostics)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_no_internal_token_name_reaches_the_user(path: Path):
    _, diagnostics = compile_source(path.read_text("utf-8"), path.name)
    for d in diagnostics:
        words = f"{d.message}\n{d.help or ''}"
        assert not INTERNAL_PATTERN.search(words), d.render()
        for token in re.findall(r"\b[A-Z_$][A-Z_]+\b", words):
            assert token not in INTERNAL, f"internal name `{token}` in: {d.render()}"


# ---------------------------------------------------------------------- recovery
SEVERAL = """charter "Several faults" {
  versoin "1"
  body assembly {
    members: everyone
    decides *
    rul default: majority of present
  }
  body council under assembly {
    decides: budget
    rule default: consent of memebrs
    seat: role = «x»
  }
}
"""


def test_several_syntax_errors_in_one_file_are_all_reported():
    _, diagnostics = compile_source(SEVERAL, "several.charter")
    got = [(d.line, d.column, d.code) for d in diagnostics]
    assert got == [
        (2, 3, "syntax.unexpected"),  # `versoin`: did you mean `version`?
        (5, 13, "syntax.unexpected"),  # `decides *`: a `:` is missing
        (6, 5, "syntax.unexpected"),  # `rul`: did you mean `rule`?
        (10, 30, "syntax.unexpected"),  # `memebrs`: did you mean `members`?
        (11, 18, "syntax.character"),  # `«`: straight double quotes
    ], "\n\n".join(d.render() for d in diagnostics)
    assert diagnostics[0].help == "did you mean `version`?"


def test_a_missing_brace_is_repaired_and_later_faults_still_reported():
    text = (
        'charter "x" {\n  version "1"\n  body a {\n    decides: *\n\n'
        "  body b under a {\n    meets: sometimes\n    rul default: majority of members\n"
        "  }\n}\n"
    )
    _, diagnostics = compile_source(text)
    assert [(d.line, d.code) for d in diagnostics] == [
        (6, "syntax.unexpected"),
        (8, "syntax.unexpected"),
    ]
    assert "line 3" in diagnostics[0].help


@pytest.mark.parametrize(
    "text",
    [
        "",
        "charter",
        "{}",
        'charter "x" {',
        '"',
        'charter "x" { version "1" \x00 }',
        'charter "x" { body a { rule b { for: more than } } }',
        "}}}}",
        'charter "x" { """ }',
    ],
)
def test_odd_texts_give_diagnostics_not_exceptions(text):
    model, diagnostics = compile_source(text)
    assert diagnostics and model is None
    for d in diagnostics:
        assert d.line is not None and d.message
