"""The shipped list of terminal names is the grammar's, and every terminal is said in words."""

from charter_engine.syntax.parser import parser, terminal_words
from charter_engine.syntax.terminal_names import TERMINAL_NAMES, from_grammar


def test_terminal_names_match_the_grammar():
    assert list(TERMINAL_NAMES) == from_grammar()


def test_every_terminal_is_described_without_its_internal_name():
    for term in parser().terminals:
        words = terminal_words({term.name})
        assert words and term.name not in words[0] and "__ANON" not in words[0], term.name
