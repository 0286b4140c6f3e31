"""The voting methods, as registered parts.

Each method is one module that defines a `Method` (methods/base.py: its name, its options, the
ballot field it reads, its checks, its ballot judgement, its count, its sentences) and is listed
once below. The rest of the engine asks the registry: `get(key)`, `ballot_fields()`,
`messages()`; an unknown method is an error, never a fall-through to another's branch.
docs/extending.md walks through adding one.
"""

from __future__ import annotations

from typing import Any

from .approval import Approval
from .base import Counted, Method, OptionSpec
from .instant_runoff import InstantRunoff
from .majority_judgment import MajorityJudgment
from .score import ScoreVoting
from .vote import Vote

METHODS: dict[str, Method] = {
    m.key: m
    for m in (
        Vote(),
        MajorityJudgment(),
        Approval(),
        ScoreVoting(),
        InstantRunoff(),
    )
}


def get(key: str) -> Method | None:
    """The method of that key (`majority_judgment`), or None when no method has it."""
    return METHODS.get(key)


def ballot_fields() -> dict[str, tuple[Any, str]]:
    """The ballot fields the methods read: field -> (its type, its description)."""
    return {m.ballot_field: (m.ballot_type, m.ballot_description) for m in METHODS.values()}


def messages() -> dict[str, dict[str, Any]]:
    """Every method's sentences: code -> language -> template."""
    out: dict[str, dict[str, Any]] = {}
    for m in METHODS.values():
        out.update(m.messages)
    return out


__all__ = ["METHODS", "Counted", "Method", "OptionSpec", "ballot_fields", "get", "messages"]
