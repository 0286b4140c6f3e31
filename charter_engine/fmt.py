"""The canonical printer behind `charter fmt`: one clause per line, comments kept, meaning kept.

    text = format_source(open("charters/anis.charter").read())

The canonical form:

- one clause per line; two spaces of indentation per block; `{` ends the line of the clause that
  opens the block, `}` stands on its own line (followed by the block's citation, if any:
  `} cite "Art. 3"`); an empty block is printed `{` newline `}` like any other;
- a blank line between top-level blocks (attributes, bodies, colleges, budgets, amendments in
  long form) and between a block and the header clauses or parameters around it; blank lines the
  author put between two clauses (or comments) are kept, at most one; blank lines just after a
  `{` or just before a `}` are dropped;
- canonical spacing: one space between words, none before `:`, `,`, `)`, `]`, none after `(` and
  `[`, none around the `.` of a dotted subject, none between `min`/`max` and `(`;
- every token is printed as written (numbers keep their notation, `2/3`, `0.9`, `50%`; `cite` and
  `§` both stay as written; short forms stay short forms; parentheses stay), except: texts are
  re-escaped (`\\"`, `\\\\`, `\\n`, `\\t`; `"\\é"` becomes `"é"`), money and durations get one
  space between amount and unit (`430 EUR`, `15 days`), and `;` separators are dropped because
  each clause gets its own line;
- citations: `cite "…"` (or `§ "…"`, kept as written) ends its clause's line after one space.
  Where a citation stands decides what it cites (design §2, compiler `claim_detached`), so the
  formatter keeps that: a citation written on a line of its own (it cites the enclosing block)
  stays on a line of its own, at the indentation of the clause before it; a stand-alone
  `cite "…"` clause that follows a clause without citation keeps a `;` at the end of that
  clause's line (without it, it would become that clause's citation);
- a comment on its own line stays on its own line, before the clause that followed it, at that
  clause's indentation (inside the block when it is followed by `}`); a trailing comment stays at
  the end of its clause's line, after two spaces. A comment inside a clause that spans several
  lines moves before the clause (own line) or to the end of its line (trailing; two such
  comments are joined on that line).

A charter with syntax errors is not formatted: `format_source` raises CharterError with the
parser's diagnostics.
"""

from __future__ import annotations

import bisect
import functools
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from lark import Lark, Token, Tree

from .diagnostics import CharterError, Diagnostic
from .syntax.compiler import unquote
from .syntax.grammar import grammar_text
from .syntax.parser import parse

INDENT = "  "
EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2

NO_SPACE_BEFORE = {"COLON", "COMMA", "RPAR", "RSQB", "DOT"}
NO_SPACE_AFTER = {"LPAR", "LSQB", "DOT"}
SEPARATORS = {"_SEMICOLON", "SEMICOLON"}  # `;` (named either way by the grammar)
CITATION_STARTS = {"CITE", "SECTION"}
FUNCTIONS = {"min", "max"}
# Top-level one-line clauses that are printed together, without a blank line between them.
HEADER = {"version", "effective", "language", "legal_form", "citation_clause"}
# Clauses after which a stand-alone `cite` cannot be read as their own citation.
NO_TRAILING_CITATION = {"attributes", "citation_clause"}

_collecting = threading.local()


def _collect_comment(token: Token) -> Token:
    _collecting.comments.append(token)
    return token


@functools.cache
def _printer_parser() -> Lark:
    """The charter grammar, every token kept in the tree (keywords, braces, parentheses)."""
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        keep_all_tokens=True,
        lexer_callbacks={"COMMENT": _collect_comment},
    )


# ---------------------------------------------------------------------- tokens


def escape(value: str) -> str:
    """A text value as a canonical string literal (the inverse of the compiler's `unquote`)."""
    out = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{out}"'


def token_text(token: Token) -> str:
    if token.type == "STRING":
        return escape(unquote(token))
    if token.type in ("MONEY", "TIMESPAN"):
        return " ".join(str(token).split())
    return str(token)


def join_tokens(tokens: list[Token]) -> str:
    out: list[str] = []
    prev: Token | None = None
    for tok in tokens:
        if tok.type in SEPARATORS:
            continue
        if prev is not None and not (
            tok.type in NO_SPACE_BEFORE
            or prev.type in NO_SPACE_AFTER
            or (tok.type == "LPAR" and str(prev) in FUNCTIONS)
        ):
            out.append(" ")
        out.append(token_text(tok))
        prev = tok
    return "".join(out)


def flatten(node) -> list[Token]:
    if isinstance(node, Token):
        return [node]
    out: list[Token] = []
    for child in node.children:
        out.extend(flatten(child))
    return out


# ---------------------------------------------------------------------- lines


def _start(token: Token) -> int:
    """Where a token starts in the text (lark types a token's positions as optional: the
    printer's parser, which propagates positions, always sets them)."""
    return cast(int, token.start_pos)


def _end(token: Token) -> int:
    return cast(int, token.end_pos)


@dataclass
class Line:
    indent: int
    kind: str  # "open" (ends with `{`), "clause", "close" (starts with `}`), "comment"
    tokens: list[Token] = field(default_factory=list)  # `;` included, never printed
    top: int | None = None  # which top-level clause of the charter the line belongs to
    group: str | None = None  # top-level clauses of one group need no blank line between them
    semicolon: bool = False
    comment: str | None = None
    trailing: list[Token] = field(default_factory=list)

    def extent(self) -> tuple[int, int]:
        items = [*self.tokens, *self.trailing]
        return min(_start(t) for t in items), max(_end(t) for t in items)

    def render(self) -> str:
        if self.kind == "comment":
            return INDENT * self.indent + cast(str, self.comment)  # a comment line has its text
        text = INDENT * self.indent + join_tokens(self.tokens) + (";" if self.semicolon else "")
        if self.trailing:
            text += "  " + " ".join(str(c).rstrip() for c in self.trailing)
        return text


def _is_block(tree: Tree) -> bool:
    return any(isinstance(c, Token) and c.type == "LBRACE" for c in tree.children)


def _ends_with_citation(tree: Tree) -> bool:
    last = tree.children[-1] if tree.children else None
    return isinstance(last, Tree) and last.data == "citation"


class _Layout:
    """Walks the tree and lays out its tokens, one clause per line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[Line] = []
        self.top: int | None = None
        self.group: str | None = None

    def own_line(self, token: Token) -> bool:
        start = self.text.rfind("\n", 0, token.start_pos) + 1
        return not self.text[start : token.start_pos].strip()

    def line(self, indent: int, kind: str, tokens: list[Token]) -> None:
        """One line; a citation written on a line of its own (it cites the enclosing block, not
        the clause before it) is kept on a line of its own."""
        cut = [
            i for i, t in enumerate(tokens) if i and t.type in CITATION_STARTS and self.own_line(t)
        ]
        for a, b in zip([0, *cut], [*cut, len(tokens)], strict=True):
            self.lines.append(
                Line(indent, kind if a == 0 else "clause", tokens[a:b], self.top, self.group)
            )

    def clause(self, node, indent: int) -> None:
        if isinstance(node, Tree) and _is_block(node):
            self.block(node, indent)
        else:
            self.line(indent, "clause", flatten(node))

    def block(self, tree: Tree, indent: int, top_level: bool = False) -> None:
        children = tree.children
        lbrace = next(
            i for i, c in enumerate(children) if isinstance(c, Token) and c.type == "LBRACE"
        )
        rbrace = max(
            i for i, c in enumerate(children) if isinstance(c, Token) and c.type == "RBRACE"
        )
        head: list[Token] = []
        for child in children[: lbrace + 1]:
            head.extend(flatten(child))
        self.line(indent, "open", head)
        inner = children[lbrace + 1 : rbrace]
        if tree.data == "second_call":  # `second call { quorum: … }`: one clause inside
            self.line(indent + 1, "clause", [t for c in inner for t in flatten(c)])
            inner = []
        previous: Tree | None = None
        k = 0
        for child in inner:
            if isinstance(child, Token):  # a `;`: no line of its own, drawn with its clause
                self.lines[-1].tokens.append(child)
                continue
            if (
                child.data == "citation_clause"
                and previous is not None
                and previous.data not in NO_TRAILING_CITATION
                and not _ends_with_citation(previous)
            ):
                self.lines[-1].semicolon = True  # else it would cite the clause before it
            if top_level:
                self.top = k
                self.group = (
                    None if _is_block(child) else "header" if child.data in HEADER else child.data
                )
            self.clause(child, indent + 1)
            previous = child
            k += 1
        if top_level:
            self.top = self.group = None
        tail: list[Token] = []
        for child in children[rbrace:]:
            tail.extend(flatten(child))
        self.line(indent, "close", tail)


def _place_comments(lines: list[Line], comments: list[Token]) -> list[Line]:
    """Put each comment on the line it trails, or on its own line before the clause after it."""
    index: list[tuple[Token, int]] = [(t, i) for i, line in enumerate(lines) for t in line.tokens]
    index.sort(key=lambda pair: _start(pair[0]))
    starts = [_start(t) for t, _ in index]
    before: dict[int, list[Line]] = {}
    after_all: list[Line] = []
    for comment in comments:
        k = bisect.bisect_left(starts, _start(comment))
        if k > 0 and index[k - 1][0].end_line == comment.line:
            lines[index[k - 1][1]].trailing.append(comment)
            continue
        while k < len(index) and index[k][0].type in SEPARATORS:
            k += 1
        text = str(comment).rstrip()
        if k == len(index):
            after_all.append(Line(0, "comment", [comment], comment=text))
            continue
        target = lines[index[k][1]]
        indent = target.indent + (1 if target.kind == "close" else 0)
        before.setdefault(index[k][1], []).append(
            Line(indent, "comment", [comment], target.top, target.group, comment=text)
        )
    out: list[Line] = []
    for i, line in enumerate(lines):
        out.extend(before.get(i, []))
        out.append(line)
    return out + after_all


def _blank_between(a: Line, b: Line, text: str) -> bool:
    if a.kind == "open" or b.kind == "close":
        return False
    if (
        a.top is not None
        and b.top is not None
        and a.top != b.top
        and (a.group is None or a.group != b.group)
    ):
        return True
    a_end, b_start = a.extent()[1], b.extent()[0]
    gap = text[a_end:b_start] if a_end <= b_start else "x"
    return not gap.strip() and gap.count("\n") >= 2


def format_source(text: str, filename: str | None = None) -> str:
    """The canonical form of a charter. Raises CharterError when the text has syntax errors."""
    comments: list[Token] = []
    _collecting.comments = comments
    try:
        full = _printer_parser().parse(text)
    except Exception:  # the shared parser says what is wrong, in words and with positions
        full = None
    finally:
        _collecting.comments = []
    if full is None:
        _tree, diagnostics = parse(text)
        raise CharterError(
            [d.locate(text, filename) for d in diagnostics]
            or [Diagnostic("error", "syntax.invalid", "the charter cannot be read", file=filename)]
        )
    charter = cast(Tree, full.children[0])  # the start rule's one child: the charter's tree
    layout = _Layout(text)
    layout.block(charter, 0, top_level=True)
    lines = _place_comments(layout.lines, comments)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and _blank_between(lines[i - 1], line, text):
            out.append("")
        out.append(line.render().rstrip())
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------- the command


def cmd_fmt(args) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            print(
                f"error: cannot read `{path}`: {getattr(err, 'strerror', None) or err}",
                file=sys.stderr,
            )
            return EXIT_USAGE
        try:
            formatted = format_source(text, path)
        except CharterError as err:
            for d in err.diagnostics:
                print(d.render(), file=sys.stderr)
                print(file=sys.stderr)
            print(f"{path}: not formatted (syntax errors)", file=sys.stderr)
            status = EXIT_FOUND
            continue
        if args.check:
            if formatted != text:
                print(f"{path}: not formatted")
                status = EXIT_FOUND
        elif args.write:
            if formatted != text:
                Path(path).write_text(formatted, "utf-8")
                print(f"{path}: reformatted")
        else:
            sys.stdout.write(formatted)
    return status


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "fmt",
        help="print charters in the canonical form (or rewrite / check them)",
        description="Print each charter in its canonical form: one clause per line, comments "
        "and meaning kept. Exit codes: 0 ok, 1 not formatted or syntax errors, "
        "2 usage error.",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--write",
        action="store_true",
        help="rewrite the files in place; print the ones that changed",
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 and name the files that are not formatted",
    )
    p.set_defaults(func=cmd_fmt)


__all__ = ["format_source", "register"]
