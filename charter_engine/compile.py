"""Text -> checked model: parse, compile, check. Never raises for bad input: the diagnostics
say what is wrong. The front door (`load`) and the evaluator (an amendment's new text) both
compile through here."""

from __future__ import annotations

from .check import check
from .diagnostics import Diagnostic
from .model import CharterModel
from .syntax import compile_tree, parse


def compile_source(
    text: str, filename: str | None = None
) -> tuple[CharterModel | None, list[Diagnostic]]:
    """Parse, compile and check `text`; the model (None on a syntax error) and every
    diagnostic, located in `filename`."""
    tree, diagnostics = parse(text)
    model = None
    if tree is not None:
        model, diagnostics = compile_tree(tree, text)
        if not any(d.severity == "error" for d in diagnostics):
            diagnostics += check(model)
    for d in diagnostics:
        d.locate(text, filename)
    return model, diagnostics
