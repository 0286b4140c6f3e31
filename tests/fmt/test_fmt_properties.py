"""Property tests (Hypothesis).

Round trip, on random valid charters (fmt_strategies.charters): the text compiles without error;
formatting is idempotent; formatting keeps the meaning (the compiled models, positions removed,
are equal).

Fuzz: `charter_engine.syntax.parse` and `charter_engine.compile_source` never raise on any text
(arbitrary text, and valid charters with characters and tokens deleted, inserted, swapped); every
diagnostic they return has a line, a column and a message in words, with no internal token name.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from fmt_design_blocks import BLOCKS
from fmt_strategies import charters, meaning
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter_engine import CharterError, compile_source
from charter_engine.fmt import format_source
from charter_engine.syntax import parse
from charter_engine.syntax.parser import parser

ROOT = Path(__file__).resolve().parents[2]
# At least 200 examples per property; a profile asking for more gets more.
EXAMPLES = max(200, settings().max_examples)
ROUND_TRIP = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# ---------------------------------------------------------------------- round trip


@ROUND_TRIP
@given(charters())
def test_generated_charters_compile(text):
    model, errors = meaning(text)
    assert model is not None and errors == [], errors


@ROUND_TRIP
@given(charters())
def test_fmt_is_idempotent(text):
    once = format_source(text)
    assert format_source(once) == once


@ROUND_TRIP
@given(charters())
def test_fmt_keeps_the_meaning(text):
    assert meaning(format_source(text)) == meaning(text)


# ---------------------------------------------------------------------- fuzz


@functools.cache
def internal_names() -> re.Pattern:
    names = {t.name for t in parser().terminals} | {"$END"}
    words = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"__ANON|\$END|(?<![\w$])(?:{words})(?!\w)")


def assert_diagnostics_in_words(diagnostics) -> None:
    for d in diagnostics:
        assert d.line is not None and d.column is not None, d
        assert d.line >= 1 and d.column >= 1, d
        words = re.sub(r"`[^`]*`", "", d.message)  # the user's own text is quoted in backticks
        assert not internal_names().search(words), d.message
        assert not internal_names().search(re.sub(r"`[^`]*`", "", d.help or "")), d.help


def never_raises(text: str) -> None:
    tree, diagnostics = parse(text)
    assert (tree is None) == bool(diagnostics)
    assert_diagnostics_in_words(diagnostics)
    model, diagnostics = compile_source(text)
    if tree is None:
        assert model is None
    assert_diagnostics_in_words(diagnostics)
    try:
        out = format_source(text)
    except CharterError as err:
        assert tree is None and err.diagnostics
        assert_diagnostics_in_words(err.diagnostics)
        return
    # a mutation that is still a charter: one more round trip, on a layout nobody would write
    assert format_source(out) == out
    assert meaning(out) == meaning(text)


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
SEEDS = [
    *(p.read_text("utf-8") for p in sorted((ROOT / "charters").glob("*.charter"))),
    *(
        'charter "x" {\n  version "1"\n' + b.replace("{ ... }", "{ }") + "\n}\n"
        for b in BLOCKS
        if not b.startswith("charter")
    ),
]
PIECES = [
    '"',
    "{",
    "}",
    ":",
    ";",
    "#",
    "§",
    ",",
    ".",
    "%",
    "/",
    "-",
    "(",
    ")",
    "[",
    "]",
    "\n",
    " ",
    "\\",
    "é",
    "0",
    "7",
    "EUR",
    "days",
    "of",
    "rule",
    "body",
    "cite",
    "at least",
    "1/2",
    "50%",
    "2023-02-30",
    "9999-99-99",
    "\t",
    "\r",
    "\x00",
    "\u2028",
    "'",
]


@FUZZ
@given(st.text(max_size=300))
def test_parser_never_raises_on_any_text(text):
    never_raises(text)


@FUZZ
@given(
    st.text(alphabet="".join(set("".join(PIECES))) + "abcz019 ", max_size=200).map(
        lambda t: 'charter "x" { version "1" ' + t
    )
)
def test_parser_never_raises_inside_a_charter(text):
    never_raises(text)


@st.composite
def mutated(draw) -> str:
    """A valid charter with characters and tokens deleted, inserted, swapped or repeated."""
    text = draw(st.sampled_from(SEEDS)) if draw(st.integers(0, 9)) else draw(charters())
    for _ in range(draw(st.integers(1, 4))):
        tokens = re.findall(r'"(?:[^"\\\n]|\\.)*"|\w+|\s+|.', text)
        i = draw(st.integers(0, max(len(tokens) - 1, 0)))
        op = draw(
            st.sampled_from(
                ["del_char", "ins", "swap_char", "del_tok", "dup_tok", "swap_tok", "ins_tok"]
            )
        )
        pos = sum(len(t) for t in tokens[:i])
        if op == "del_char":
            text = text[:pos] + text[pos + 1 :]
        elif op == "ins":
            text = text[:pos] + draw(st.sampled_from(PIECES)) + text[pos:]
        elif op == "swap_char" and pos + 1 < len(text):
            text = text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
        elif op == "del_tok" and tokens:
            text = "".join(tokens[:i] + tokens[i + 1 :])
        elif op == "dup_tok" and tokens:
            text = "".join(tokens[: i + 1] + tokens[i:])
        elif op == "swap_tok" and i + 2 < len(tokens):
            tokens[i], tokens[i + 2] = tokens[i + 2], tokens[i]
            text = "".join(tokens)
        elif op == "ins_tok" and tokens:
            text = "".join(tokens[:i] + [draw(st.sampled_from(tokens)), " "] + tokens[i:])
    return text


@FUZZ
@given(mutated())
def test_parser_never_raises_on_mutated_charters(text):
    never_raises(text)
