"""The single-scanner lexing of syntax/parser.py reads exactly what Lark's contextual lexer
reads: same trees for every charter we have, same first error for every broken one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark
from lark.exceptions import UnexpectedInput

from charter_engine.syntax.parser import grammar_text, parser

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(ROOT.glob("charters/*.charter")) + sorted(ROOT.glob("tests/check/broken/*.charter"))
CONTEXTUAL = Lark(
    grammar_text(),
    parser="lalr",
    lexer="contextual",
    propagate_positions=True,
    maybe_placeholders=False,
)


def outcome(lark: Lark, text: str):
    try:
        return ("tree", lark.parse(text))
    except UnexpectedInput as err:
        return ("error", type(err).__name__, err.line, err.column)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_reading_as_the_contextual_lexer(path):
    text = path.read_text("utf-8")
    assert outcome(parser(), text) == outcome(CONTEXTUAL, text)


SEED = (ROOT / "charters" / "espace_partage.charter").read_text("utf-8")


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(SEED) - 1), st.integers(1, 40), st.text(max_size=12))
def test_same_reading_on_mutated_charters(start, length, insert):
    text = SEED[:start] + insert + SEED[start + length :]
    assert outcome(parser(), text) == outcome(CONTEXTUAL, text)
