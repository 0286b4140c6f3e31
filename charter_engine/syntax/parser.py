"""Text -> Lark tree, with located, worded syntax errors and recovery to report several at once."""

from __future__ import annotations

import difflib
import functools
import threading
from importlib import resources

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from ..diagnostics import Diagnostic
from .terminals import describe

MAX_SYNTAX_ERRORS = 20
# After an error the parser drops tokens until it can go on; errors found before this many
# tokens were read again are echoes of the first one, not new faults.
RESYNC_TOKENS = 4
# Keywords that open a block: met where a `}` was expected, a brace is probably missing.
BLOCK_KEYWORDS = {"BODY", "CIRCLE", "BUDGET", "RULE", "COLLEGES", "PARAMETER", "AMENDMENTS",
                  "ATTRIBUTES"}


@functools.cache
def grammar_text() -> str:
    return resources.files("charter_engine.syntax").joinpath("charter.lark").read_text("utf-8")


_reading = threading.local()  # the tokens read by the parse under way in this thread


def _record(token: Token) -> Token:
    _reading.tokens.append(token)
    return token


@functools.cache
def parser() -> Lark:
    terminals = Lark(grammar_text(), parser="lalr", lexer="contextual").terminals
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        lexer_callbacks={t.name: _record for t in terminals},
    )


def terminal_words(names: set[str]) -> list[str]:
    by_name = {t.name: t for t in parser().terminals}
    words = set()
    for name in names:
        term = by_name.get(name)
        pattern = term.pattern.value if term and isinstance(term.pattern, PatternStr) else None
        words.add(describe(name, pattern))
    return sorted(words)


def _expected_phrase(expected: set[str]) -> str:
    words = terminal_words(expected)
    if len(words) == 1:
        return words[0]
    if len(words) <= 6:
        return ", ".join(words[:-1]) + " or " + words[-1]
    return "one of " + ", ".join(words[:8]) + ", …"


def _keyword_suggestion(value: str, expected: set[str]) -> str | None:
    keywords = [w.strip("`") for w in terminal_words(expected) if w.startswith("`")]
    close = difflib.get_close_matches(value, keywords, n=1, cutoff=0.7)
    return f"did you mean `{close[0]}`?" if close else None


def _open_braces(tokens: list[Token]) -> list[Token]:
    stack: list[Token] = []
    for tok in tokens:
        if tok.type == "LBRACE":
            stack.append(tok)
        elif tok.type == "RBRACE" and stack:
            stack.pop()
    return stack


def _unexpected_token(err: UnexpectedToken, seen: list[Token]) -> Diagnostic:
    tok = err.token
    expected = set(err.expected)
    if tok.type == "$END":
        open_braces = _open_braces(seen)
        last = seen[-1] if seen else None
        line = last.end_line if last else 1
        column = last.end_column if last else 1
        help_ = (
            f"the `{{` on line {open_braces[-1].line} is never closed; add `}}`"
            if open_braces and "RBRACE" in expected
            else None
        )
        return Diagnostic(
            "error", "syntax.unexpected_end",
            f"the charter ends too early; expected {_expected_phrase(expected)}",
            help_, line=line, column=column,
        )
    shown = str(tok)
    help_ = None
    if tok.type == "NAME":
        help_ = _keyword_suggestion(shown, expected)
    if help_ is None and "COLON" in expected and len(expected) == 1:
        help_ = "a clause is written `keyword: value`"
    if help_ is None and "RBRACE" in expected and tok.type in BLOCK_KEYWORDS:
        opened = _open_braces(seen[:-1])
        if opened:
            help_ = f"a `}}` is probably missing: the block opened on line {opened[-1].line} is not closed"
    if help_ is None and tok.type == "RBRACE":
        help_ = "this `}` closes a block too early, or a value is missing before it"
    return Diagnostic(
        "error", "syntax.unexpected",
        f"unexpected `{shown}`; expected {_expected_phrase(expected)}",
        help_, line=tok.line, column=tok.column, end_line=tok.end_line, end_column=tok.end_column,
    )


def _unexpected_characters(err: UnexpectedCharacters, text: str) -> Diagnostic:
    char = text[err.pos_in_stream] if err.pos_in_stream < len(text) else ""
    help_ = None
    if char == '"':
        help_ = "a text must close its double quote on the same line"
    elif char in "'«»“”":
        help_ = 'texts are written in straight double quotes: "like this"'
    return Diagnostic(
        "error", "syntax.character",
        f"unexpected character `{char}`",
        help_, line=err.line, column=err.column, end_line=err.line, end_column=err.column + 1,
    )


def parse(text: str) -> tuple[Tree | None, list[Diagnostic]]:
    """Parse a charter. Returns the tree (None when the text has syntax errors) and the errors.

    On an unexpected token the parser drops it and goes on from the same state, so that several
    faults are reported at once; an error less than RESYNC_TOKENS tokens after the previous one is
    an echo of it and is not reported.
    """
    diagnostics: list[Diagnostic] = []
    seen: list[Token] = []
    _reading.tokens = seen
    last_error_at = -RESYNC_TOKENS

    def on_error(err: UnexpectedInput) -> bool:
        nonlocal last_error_at
        if isinstance(err, UnexpectedToken):
            if len(seen) - last_error_at >= RESYNC_TOKENS:
                diagnostics.append(_unexpected_token(err, seen))
            last_error_at = len(seen)
            return err.token.type != "$END" and len(diagnostics) < MAX_SYNTAX_ERRORS
        return False

    tree: Tree | None = None
    try:
        tree = parser().parse(text, on_error=on_error)
    except UnexpectedCharacters as err:
        diagnostics.append(_unexpected_characters(err, text))
    except UnexpectedToken as err:
        if not diagnostics or len(seen) - last_error_at >= RESYNC_TOKENS:
            diagnostics.append(_unexpected_token(err, seen))
    except UnexpectedInput as err:  # any other input error of Lark's: still located, in words
        diagnostics.append(Diagnostic(
            "error", "syntax.invalid", "the charter cannot be read here",
            line=getattr(err, "line", None), column=getattr(err, "column", None)))
    finally:
        _reading.tokens = []
    return (tree if not diagnostics else None), diagnostics
