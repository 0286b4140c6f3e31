"""What a voting method is: the one object the rest of the engine asks about a method.

A method declares its name in the language, its options (what `method: NAME { … }` may say, with
the shape of each value), the field of a ballot it reads and that field's type, its checks of a
rule, how it judges one ballot's content, how it counts, and its sentences. The compiler, the
checker, the case model, ballot collection, the decision and the renderers read these; nobody
branches on a method's name outside its own module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

from pydantic import Field

from ..decision import OptionResult, Reason, RoundResult
from ..diagnostics import Severity
from ..model import MethodOption, Name, NumberLit, OptionOrder, OptionRange, Rule, Span, TextLit

# how a check reports: (severity, code, message, span, help)
Report = Callable[[Severity, str, str, Span | None, str | None], None]
Template = str | Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class OptionSpec:
    """One option a method takes. `shape` says how its value is written:

    - `whole number`: `winners: 3`
    - `range`: `range: 0 to 10` (two numbers, the lower first)
    - `order`: `grades: "Bad" < "Fair" < "Good"` (texts, from the lowest)
    - `word`: `ranking: mean` (one of `words`)
    - `words`: `ties: backward, lot` (one or more of `words`, in order)
    """

    name: str
    shape: str
    words: tuple[str, ...] = ()
    default: Any = None
    help: str = ""

    def example(self) -> str:
        return {
            "whole number": f"`{self.name}: 3`",
            "range": f"`{self.name}: 0 to 10`",
            "order": f'`{self.name}: "Bad" < "Fair" < "Good"`',
            "word": f"`{self.name}: {self.words[0] if self.words else 'WORD'}`",
            "words": f"`{self.name}: {', '.join(self.words[:2]) or 'WORD'}`",
        }[self.shape]

    def read(self, option: MethodOption) -> tuple[Any, str | None]:
        """The option's value, or (None, why it cannot be read)."""
        values = option.values
        want = f"`{self.name}:` takes {self.shape_words()}"
        if self.shape == "whole number":
            if len(values) == 1 and isinstance(values[0], NumberLit):
                value = values[0].value
                if value.denominator == 1 and not values[0].percent:
                    return int(value), None
            return None, want
        if self.shape == "range":
            if len(values) == 1 and isinstance(values[0], OptionRange):
                low, high = values[0].low.value, values[0].high.value
                if low < high:
                    return (low, high), None
                return None, f"the range of `{self.name}:` goes from the lower to the higher"
            return None, want
        if self.shape == "order":
            if len(values) == 1 and isinstance(values[0], OptionOrder):
                return [t.value for t in values[0].items], None
            if values and all(isinstance(v, TextLit) for v in values):
                return [v.value for v in values if isinstance(v, TextLit)], None
            return None, want
        words = [v.name for v in values if isinstance(v, Name)]
        if len(words) != len(values):
            return None, want
        unknown = [w for w in words if w not in self.words]
        if unknown:
            return None, f"`{unknown[0]}` is not a value of `{self.name}:`; " + (
                "it takes " + ", ".join(f"`{w}`" for w in self.words)
            )
        if self.shape == "word":
            return (words[0], None) if len(words) == 1 else (None, want)
        return tuple(words), None

    def shape_words(self) -> str:
        if self.shape in ("word", "words"):
            listed = " or ".join(f"`{w}`" for w in self.words)
            return ("one of " if self.shape == "word" else "one or more of ") + listed
        return {"whole number": "a whole number", "range": "a range", "order": "texts"}[self.shape]


@dataclass
class Counted:
    """What a method's count says: every option ranked (tie groups in `detail` share a rank),
    the winners, a tie at the top or at the cut, and the reasons."""

    ranking: list[str]
    detail: list[OptionResult]
    winners: list[str]
    tied: list[str]
    reasons: list[Reason]
    rounds: list[RoundResult] | None = None
    counts: dict[str, int] = field(default_factory=dict)  # figures it adds (`exhausted`)


class Method:
    """A voting method. Subclasses set the class attributes and override what they need."""

    key: ClassVar[str]  # the id in the model and the JSON: `majority_judgment`
    ballot_field: ClassVar[str]  # the ballot's key this method reads: `grades`
    ballot_type: ClassVar[Any]  # that field's type in the case model
    ballot_description: ClassVar[str]
    options: ClassVar[tuple[OptionSpec, ...]] = ()
    ranks_options: ClassVar[bool] = True  # the proposal lists options; the method ranks them
    # the outcome may be certain while voters can still act (the tests' exact argument applies)
    certain_early: ClassVar[bool] = False
    messages: ClassVar[dict[str, dict[str, Template]]] = {}

    @property
    def words(self) -> str:
        """As the charter writes it: `majority judgment`."""
        return self.key.replace("_", " ")

    # ------------------------------------------------------------------ the charter
    def settings(self, rule: Rule) -> dict[str, Any]:
        """The rule's options as values (each option's default when not given). Unreadable
        options are the checker's to report: here they take their default."""
        out = {spec.name: spec.default for spec in self.options}
        specs = {spec.name: spec for spec in self.options}
        for option in rule.method_options:
            spec = specs.get(option.name)
            if spec is not None:
                value, problem = spec.read(option)
                if problem is None:
                    out[spec.name] = value
        return out

    def check(self, rule: Rule, settings: dict[str, Any], owner: str, report: Report) -> None:
        """Checks of a rule beyond the shapes of its options (`owner` names the rule in
        words: "rule `x` of `c`")."""

    # ------------------------------------------------------------------ a ballot
    def ballot_problem(
        self, value: Any, options: set[str], settings: dict[str, Any]
    ) -> tuple[str, dict[str, Any]] | None:
        """Why a ballot's content does not fit the method (a message code and its arguments),
        or None. `value` is the ballot's `ballot_field`, None when the ballot lacks it."""
        return None

    # ------------------------------------------------------------------ the count
    def count(
        self, values: Sequence[Any], options: list[str], settings: dict[str, Any], rule: Rule
    ) -> Counted:
        """Rank the options from the counted ballots' contents (`rule` for its citations)."""
        raise NotImplementedError

    @staticmethod
    def cite(rule: Rule, option: str | None = None) -> str | None:
        """The citation of an option, else of the `method:` clause, else of the rule."""
        for o in rule.method_options:
            if o.name == option and o.cite:
                return o.cite
        return rule.cites.get("method") or rule.cite


# A ballot that lists options (approval's `approve`, instant runoff's `ranking`). The bounds of
# its JSON Schema are the service's; the library does not enforce them.
OptionList = Annotated[
    list[str],
    Field(
        json_schema_extra={
            "maxItems": 100,
            "items": {"type": "string", "minLength": 1, "maxLength": 128},
        }
    ),
]


def repeated_or_unknown(
    listed: Sequence[str], options: set[str], repeated: str
) -> tuple[str, dict[str, Any]] | None:
    """The first option a ballot lists that the proposal does not (`ballot.unknown_option`),
    or lists twice (the method's code `repeated`), or None."""
    seen: set[str] = set()
    for option in listed:
        if option not in options:
            return ("ballot.unknown_option", {"option": option})
        if option in seen:
            return (repeated, {"option": option})
        seen.add(option)
    return None
