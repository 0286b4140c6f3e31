"""Diagnostics: errors and warnings as values, with positions, words and a help line.

One exception type, `CharterError`, carries them to the boundary (CLI, HTTP, library); nothing
else escapes to the user. The rendering follows the compilers people already read:

    error: unknown body `concil`
      --> charters/x.charter:12:9
       |
    12 |   rule x under concil
       |                ^^^^^^
       = help: did you mean `council`?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass
class Diagnostic:
    severity: Severity
    code: str  # stable, dotted: "syntax.unexpected", "name.unknown_body", ...
    message: str  # lowercase, the user's input in backticks
    help: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    source_line: str | None = None
    path: str | None = None  # for case input: the JSON path of the fault ("$.ballots[3].voter")

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def locate(self, source: str | None, file: str | None) -> Diagnostic:
        """Fill in the file name and the source line (for the caret) from the charter text."""
        if self.file is None:
            self.file = file
        if source is not None and self.line is not None and self.source_line is None:
            lines = source.split("\n")  # lines as Lark counts them: only at newlines
            if 0 < self.line <= len(lines):
                self.source_line = lines[self.line - 1]
        return self

    def render(self) -> str:
        out = [f"{self.severity}: {self.message}"]
        if self.path:
            out.append(f"  --> {self.file + ': ' if self.file else ''}{self.path}")
        elif self.line is not None:
            out.append(f"  --> {self.file or '<charter>'}:{self.line}:{self.column or 1}")
        if self.source_line is not None and self.line is not None:
            gutter = " " * len(str(self.line))
            column = max(self.column or 1, 1)
            if self.end_line == self.line and self.end_column and self.end_column > column:
                width = self.end_column - column
            else:
                width = 1
            out.append(f"{gutter} |")
            out.append(f"{self.line} | {self.source_line}")
            out.append(f"{gutter} | {' ' * (column - 1)}{'^' * width}")
        if self.help:
            out.append(f"{' ' * len(str(self.line or ''))} = help: {self.help}")
        return "\n".join(out)


class CharterError(Exception):
    """The one error the engine raises for bad input: it carries diagnostics."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        first = next(iter(errors or self.diagnostics), None)
        super().__init__(first.message if first else "invalid charter")

    def render(self) -> str:
        return "\n\n".join(d.render() for d in self.diagnostics)


class CaseError(CharterError):
    """Bad facts of a case (an unknown member, a malformed date): each diagnostic has a path."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The help line for a misspelt name, or None when nothing is close."""
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None
