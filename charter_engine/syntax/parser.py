"""Text -> Lark tree, with located, worded syntax errors and recovery to report several at once."""

from __future__ import annotations

import difflib
import functools
import threading
from copy import copy
from typing import cast

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from ..diagnostics import Diagnostic
from .grammar import grammar_text
from .terminal_names import TERMINAL_NAMES
from .terminals import describe

MAX_SYNTAX_ERRORS = 20
# After an error the parser drops tokens until it can go on; errors found before this many
# tokens were read again are echoes of the first one, not new faults.
RESYNC_TOKENS = 4
# Keywords that open a block: met where a `}` was expected, a brace is probably missing.
BLOCK_KEYWORDS = {
    "BODY",
    "CIRCLE",
    "BUDGET",
    "RULE",
    "COLLEGES",
    "PARAMETER",
    "AMENDMENTS",
    "ATTRIBUTES",
}


_reading = threading.local()  # the tokens read by the parse under way in this thread


def _record(token: Token) -> Token:
    _reading.tokens.append(token)
    return token


@functools.cache
def parser() -> Lark:
    # cache=True keeps Lark's grammar analysis in a temporary file: a cold `charter check`
    # then loads the tables instead of recomputing them.
    lark = Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        lexer_callbacks={name: _record for name in TERMINAL_NAMES},
        cache=True,
    )
    _use_one_scanner(lark)
    return lark


def _use_one_scanner(lark: Lark) -> None:
    """Lex with one scanner, as the contextual lexer would.

    Lark's contextual lexer compiles a scanner per parser state (about 70 regular expressions for
    a real charter, ~200 ms of a cold start). Here the scanner of all terminals reads each token;
    when the parser's state does not accept it, a keyword read where a name is expected becomes a
    NAME (what the contextual lexer does), and anything else is read again by that state's own
    scanner — built only for the rare states that need it — so the tokens are exactly the
    contextual lexer's.
    """
    contextual = lark.parser.lexer
    root = contextual.root_lexer
    accepts = {
        state: set(actions)
        for state, actions in lark.parser.parser.parser.parse_table.states.items()
    }
    keywords = {
        t.name
        for t in lark.terminals
        if isinstance(t.pattern, PatternStr) and t.pattern.value.isidentifier()
    }

    def lex(lexer_state, parser_state):
        try:
            while True:
                accepted = accepts[parser_state.position]
                before = copy(lexer_state.line_ctr)
                token = root.next_token(lexer_state, parser_state)
                if token.type in accepted:
                    yield token
                elif token.type in keywords and "NAME" in accepted:
                    token.type = "NAME"
                    yield token
                else:  # read it again as the contextual lexer would in this state
                    recorded = bool(_reading.tokens) and _reading.tokens[-1] is token
                    if recorded:
                        _reading.tokens.pop()
                    after, lexer_state.line_ctr = lexer_state.line_ctr, before
                    try:
                        token = contextual.lexers[parser_state.position].next_token(
                            lexer_state, parser_state
                        )
                    except UnexpectedCharacters:
                        # as the contextual lexer does: the token read by the scanner of all
                        # terminals is the one the parser reports as unexpected
                        lexer_state.line_ctr = after
                        if recorded:
                            _reading.tokens.append(token)
                    yield token
        except EOFError:
            pass

    contextual.lex = lex


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
            "error",
            "syntax.unexpected_end",
            f"the charter ends too early; expected {_expected_phrase(expected)}",
            help_,
            line=line,
            column=column,
        )
    shown = str(tok)
    if expected <= {"SEMICOLON", "_SEMICOLON", "$END"}:
        closing = [t for t in seen[:-1] if t.type == "RBRACE"]
        where = f" on line {closing[-1].line}" if closing else ""
        return Diagnostic(
            "error",
            "syntax.after_end",
            f"unexpected `{shown}` after the end of the charter",
            f"the charter is closed by the `}}`{where}: is it a `}}` too many? Everything "
            'belongs inside `charter "…" { … }`',
            line=tok.line,
            column=tok.column,
            end_line=tok.end_line,
            end_column=tok.end_column,
        )
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
        "error",
        "syntax.unexpected",
        f"unexpected `{shown}`; expected {_expected_phrase(expected)}",
        help_,
        line=tok.line,
        column=tok.column,
        end_line=tok.end_line,
        end_column=tok.end_column,
    )


def _position(err: UnexpectedCharacters) -> int:
    """Where the unexpected character stands. Lark declares `pos_in_stream` as None on its base
    class; an UnexpectedCharacters always sets it, to the lexer's position."""
    return cast(int, err.pos_in_stream)


def _unexpected_characters(err: UnexpectedCharacters, text: str) -> Diagnostic:
    pos = _position(err)
    char = text[pos] if pos < len(text) else ""
    help_ = None
    if char == '"':
        help_ = "a text must close its double quote on the same line"
    elif char in "'«»“”":
        help_ = 'texts are written in straight double quotes: "like this"'
    return Diagnostic(
        "error",
        "syntax.character",
        f"unexpected character `{char}`",
        help_,
        line=err.line,
        column=err.column,
        end_line=err.line,
        end_column=err.column + 1,
    )


def _keyword_terminals() -> dict[str, str]:
    """Keyword text -> its terminal name (`body` -> BODY), for repairs after a misspelling."""
    return {
        t.pattern.value: t.name for t in parser().terminals if isinstance(t.pattern, PatternStr)
    }


def _try_feed(err: UnexpectedToken, tokens: list[Token]) -> bool:
    """Feed `tokens` in place of the unexpected one if the parser accepts them all."""
    trial = err.interactive_parser.copy()
    try:
        for tok in tokens:
            trial.feed_token(tok)
    except UnexpectedInput:
        return False
    for tok in tokens:
        err.interactive_parser.feed_token(tok)
    return True


def _repair(err: UnexpectedToken, seen: list[Token]) -> bool:
    """Go on from the likely intended text: a misspelt keyword read as the keyword, a missing `}`
    or `:` inserted. Without a repair (False), the unexpected token is dropped."""
    tok = err.token
    expected = set(err.expected)
    if tok.type == "NAME":
        word = _keyword_suggestion(str(tok), expected)
        if word is not None:
            name = _keyword_terminals().get(word[len("did you mean `") : -2])
            if name and _try_feed(err, [Token.new_borrow_pos(name, str(tok), tok)]):
                return True
    if (
        "RBRACE" in expected
        and tok.type in BLOCK_KEYWORDS
        and _open_braces(seen[:-1])
        and _try_feed(err, [Token.new_borrow_pos("RBRACE", "}", tok), tok])
    ):
        return True
    return "COLON" in expected and _try_feed(err, [Token.new_borrow_pos("COLON", ":", tok), tok])


def _skip_string(err: UnexpectedCharacters, text: str) -> None:
    """An unclosed `"`: read the rest of the line as the text, so that the next line parses."""
    try:
        accepts = err.interactive_parser.accepts()
    except Exception:  # noqa: BLE001 - a repair is best effort; without it the char is skipped
        return
    if "STRING" not in accepts:
        return
    end = text.find("\n", err.pos_in_stream)
    end = len(text) if end < 0 else end
    state = err.interactive_parser.lexer_thread.state
    if state is None:  # no text being read: nothing to repair
        return
    value = text[err.pos_in_stream : end].rstrip() + '"'
    err.interactive_parser.feed_token(
        Token("STRING", value, err.pos_in_stream, err.line, err.column)
    )
    state.line_ctr.feed(text[err.pos_in_stream : end])


def parse(text: str) -> tuple[Tree | None, list[Diagnostic]]:
    """Parse a charter. Returns the tree (None when the text has syntax errors) and the errors.

    On an unexpected token the parser repairs the likely slip (a misspelt keyword, a missing `}`
    or `:`) or drops the token, and goes on, so that several faults are reported at once; an error
    less than RESYNC_TOKENS tokens after the previous one is an echo of it and is not reported.
    """
    diagnostics: list[Diagnostic] = []
    seen: list[Token] = []
    _reading.tokens = seen
    last_error_at = -RESYNC_TOKENS

    def on_error(err: UnexpectedInput) -> bool:
        nonlocal last_error_at
        if len(diagnostics) >= MAX_SYNTAX_ERRORS:
            return False
        echo = len(seen) - last_error_at < RESYNC_TOKENS
        last_error_at = len(seen)
        if isinstance(err, UnexpectedToken):
            if not echo:
                diagnostics.append(_unexpected_token(err, seen))
            if err.token.type == "$END":
                return False
            if _repair(err, seen):
                last_error_at = -RESYNC_TOKENS  # the text reads on as intended: no echo to hide
            return True
        if isinstance(err, UnexpectedCharacters):
            if not echo:
                diagnostics.append(_unexpected_characters(err, text))
            pos = _position(err)
            if pos < len(text) and text[pos] == '"':
                _skip_string(err, text)
            return True
        return False

    tree: Tree | None = None
    try:
        tree = parser().parse(text, on_error=on_error)
    except UnexpectedCharacters as err:
        if not diagnostics:
            diagnostics.append(_unexpected_characters(err, text))
    except UnexpectedToken as err:
        if not diagnostics or len(seen) - last_error_at >= RESYNC_TOKENS:
            diagnostics.append(_unexpected_token(err, seen))
    except UnexpectedInput as err:  # any other input error of Lark's: still located, in words
        diagnostics.append(
            Diagnostic(
                "error",
                "syntax.invalid",
                "the charter cannot be read here",
                line=getattr(err, "line", None),
                column=getattr(err, "column", None),
            )
        )
    finally:
        _reading.tokens = []
    return (tree if not diagnostics else None), diagnostics
