"""`load()` and the compiled `Charter`: the library's front door.

charter = charter_engine.load("charters/action_commune.charter")
decision = charter.evaluate({"members": [...], "proposal": {...}, "ballots": [...]})
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from pathlib import Path
from typing import Any

from .compile import compile_source
from .diagnostics import CharterError, Diagnostic
from .model import Body, CharterModel


class Charter:
    """A compiled, checked charter, with its source and the SHA-256 that decisions record."""

    def __init__(
        self,
        model: CharterModel,
        source: str,
        filename: str | None = None,
        warnings: list[Diagnostic] | None = None,
    ):
        self.model = model
        self.source = source
        self.filename = filename
        self.warnings = warnings or []
        self.sha256 = hashlib.sha256(source.encode("utf-8")).hexdigest()
        self.bodies: dict[str, Body] = {b.id: b for b in model.bodies}

    # ------------------------------------------------------------------ identity
    @property
    def name(self) -> str:
        return self.model.name

    @property
    def version(self) -> str | None:
        return self.model.version

    @property
    def effective(self) -> dt.date | None:
        return self.model.effective

    @property
    def language(self) -> str:
        return self.model.language

    def to_json(self) -> dict[str, Any]:
        return self.model.model_dump(mode="json", exclude_none=True)

    # ------------------------------------------------------------------ the tree of bodies
    def parent(self, body_id: str) -> str | None:
        body = self.bodies.get(body_id)
        return body.parent if body else None

    def ancestors(self, body_id: str) -> list[str]:
        """The body itself, then its parent, up to the root."""
        chain: list[str] = []
        current: str | None = body_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent(current)
        return chain

    @functools.cached_property
    def root(self) -> str | None:
        roots = [b.id for b in self.model.bodies if b.parent is None]
        return roots[0] if roots else None

    # ------------------------------------------------------------------ questions
    def evaluate(self, case: dict[str, Any], language: str | None = None):
        """Judge one case (the scenario format, with its `members`): a Decision for a proposal,
        a Competence, an Eligibility or a BudgetResult for the other questions."""
        from .evaluate import engine
        from .messages import choose_language, explain

        return explain(engine.evaluate(self, case), choose_language(language, self.language))

    def judge_ballot(self, case: dict[str, Any], voter: str, language: str | None = None):
        """Whether the last ballot of `voter` in `case` would count, and if not why (a
        BallotJudgement): the case needs only what that ballot's fate depends on — see
        evaluate/votes/judge.py."""
        from .evaluate.votes.judge import judge_ballot
        from .messages import choose_language, explain

        judgement = judge_ballot(self, case, voter)
        return explain(judgement, choose_language(language, self.language))

    def competent_body(self, subject: str, language: str | None = None):
        return self.evaluate({"competence": {"subject": subject}}, language)

    def may_sit(self, member: dict[str, Any], body: str, language: str | None = None):
        return self._member_question("seat", member, body, language)

    def may_propose(self, member: dict[str, Any], body: str, language: str | None = None):
        return self._member_question("propose", member, body, language)

    def may_vote(self, member: dict[str, Any], body: str, language: str | None = None):
        return self._member_question("vote", member, body, language)

    def _member_question(self, question, member, body, language):
        member = dict(member)
        member.setdefault("id", "member")
        return self.evaluate(
            {"members": [member], question: {"member": member["id"], "body": body}}, language
        )


def _read(path_or_text: str | os.PathLike) -> tuple[str, str | None]:
    if isinstance(path_or_text, os.PathLike):
        return Path(path_or_text).read_text("utf-8"), os.fspath(path_or_text)
    if "\n" not in path_or_text and "{" not in path_or_text:
        path = Path(path_or_text)
        if not path.is_file():
            raise CharterError(
                [
                    Diagnostic(
                        "error",
                        "io.not_found",
                        f"no charter file at `{path_or_text}`",
                        "give a path to a .charter file, or the text itself",
                    )
                ]
            )
        try:
            return path.read_text("utf-8"), str(path)
        except UnicodeDecodeError:
            raise CharterError(
                [Diagnostic("error", "io.encoding", f"`{path_or_text}` is not UTF-8 text")]
            ) from None
    return path_or_text, None


def load(
    path_or_text: str | os.PathLike | None = None,
    *,
    text: str | None = None,
    filename: str | None = None,
) -> Charter:
    """Compile a charter from a path or from its text; raise CharterError on any error.

    A string with a newline or a `{` is charter text; any other string is a path to read. Text
    from an untrusted source must be passed as `text=`, which is never read as a path.
    """
    if text is not None:
        if path_or_text is not None:
            raise TypeError("give a path or `text=`, not both")
        path = None
    elif path_or_text is None:
        raise TypeError("load() needs a path or `text=`")
    else:
        text, path = _read(path_or_text)
    filename = filename or path
    model, diagnostics = compile_source(text, filename)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors or model is None:
        raise CharterError(errors or diagnostics)
    return Charter(model, text, filename, [d for d in diagnostics if d.severity == "warning"])
