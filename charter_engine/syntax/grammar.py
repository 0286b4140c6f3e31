"""The grammar's text, shipped inside the package (grammar/charter.lark is linked here)."""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def grammar_text() -> str:
    return resources.files("charter_engine.syntax").joinpath("charter.lark").read_text("utf-8")
