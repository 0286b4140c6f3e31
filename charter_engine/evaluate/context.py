"""The facts of one case bound to one charter: typed member attributes, who sits where, the
parameters in force, and populations (design §4 "Populations")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from fractions import Fraction
from typing import Any, Generic, TypeVar

from .. import model as m
from ..case import BudgetCase, CaseBase, Member, MemberRecord, MemberTable, ProposalCase
from ..diagnostics import CaseError, Diagnostic, did_you_mean
from .expressions import Cash, Reading, Scope, holds, literal_value


def _typed(value: Any, type_: str, path: str) -> Any:
    """A member attribute from JSON/YAML, as the type the charter declares."""

    def fail(expected: str) -> CaseError:
        return CaseError(
            [Diagnostic("error", "case.attribute_type", f"`{value}` is not {expected}", path=path)]
        )

    if value is None:
        return None
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        raise fail("true or false")
    if type_ == "number":
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise fail("a number")
        try:
            return Fraction(str(value))
        except ValueError:
            raise fail("a number") from None
    if type_ == "text":
        if isinstance(value, str):
            return value
        raise fail("a text")
    if type_ == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise fail("a date (YYYY-MM-DD)") from None
    if type_ == "money":
        try:
            money = m.Money.parse(str(value))
            return Cash(Fraction(money.cents), money.currency)
        except (ValueError, ZeroDivisionError):
            raise fail('an amount such as "430 EUR"') from None
    if type_ == "duration":
        try:
            return m.Duration.parse(str(value))
        except (ValueError, TypeError):
            raise fail('a duration such as "15 days"') from None
    return value


def _in_force(history: list, moment: dt.date, path: str) -> tuple[Any, Diagnostic | None]:
    """The value of a parameter's history in force at `moment` (None before the first)."""
    current, since_current = None, None
    for i, entry in enumerate(history):
        where = f"{path}[{i}]"
        if not isinstance(entry, dict) or set(entry) != {"value", "since"}:
            return None, Diagnostic(
                "error",
                "case.parameter_history",
                "each entry of a parameter's history is `{value: …, since: YYYY-MM-DD}`",
                path=where,
            )
        since = entry["since"]
        if isinstance(since, dt.datetime):
            since = since.date()
        if not isinstance(since, dt.date):
            try:
                since = dt.date.fromisoformat(str(since))
            except ValueError:
                return None, Diagnostic(
                    "error",
                    "case.parameter_history",
                    f"`{entry['since']}` is not a date (YYYY-MM-DD)",
                    path=f"{where}.since",
                )
        if since <= moment and (since_current is None or since >= since_current):
            current, since_current = entry["value"], since
    return current, None


def parameter_value(raw: Any, declared: m.Parameter | None) -> Any:
    """A parameter given in a case (`parameters: {threshold: 3}`), typed like its declaration."""
    if declared is None:
        return raw
    type_ = declared.value.kind
    if type_ == "number":
        return _typed(raw, "number", "$.parameters")
    if type_ in ("money", "duration", "date", "bool", "text"):
        return _typed(raw, type_, "$.parameters")
    return raw


CaseT = TypeVar("CaseT", bound=CaseBase)


class Context(Generic[CaseT]):
    """The facts of one case bound to one charter; typed by the question the case asks (the
    judges of a proposal read a `ProposalContext`, those of a budget round a `BudgetContext`)."""

    def __init__(self, charter, case: CaseT):
        self.charter = charter
        self.case = case
        model = charter.model
        self.attribute_types = {a.name: a.type for a in model.attributes}
        # id -> the member's record; only its `bodies` and `attributes` are read from it.
        self.members: Mapping[str, Member | MemberRecord] = (
            case.members.by_id
            if isinstance(case.members, MemberTable)
            else {mem.id: mem for mem in case.members}
        )
        self.attributes: dict[str, dict[str, Any]] = {}
        errors = []
        bulk = isinstance(case.members, MemberTable)  # ids only: nothing to type or check
        for i, mem in enumerate(() if bulk else case.members):
            if not mem.attributes and not mem.bodies:
                continue  # nothing to type or check: the bulk shape `{id: …}` costs nothing
            typed = {}
            for name, value in mem.attributes.items():
                path = f"$.members[{i}].attributes.{name}"
                if name not in self.attribute_types:
                    errors.append(
                        Diagnostic(
                            "error",
                            "case.unknown_attribute",
                            f"attribute `{name}` is not declared in the charter",
                            did_you_mean(name, self.attribute_types)
                            or "declare it in `attributes { … }` or remove it",
                            path=path,
                        )
                    )
                    continue
                try:
                    typed[name] = _typed(value, self.attribute_types[name], path)
                except CaseError as err:
                    errors.extend(err.diagnostics)
            for j, body in enumerate(mem.bodies):
                if body not in charter.bodies:
                    errors.append(
                        Diagnostic(
                            "error",
                            "case.unknown_body",
                            f"there is no body `{body}`",
                            did_you_mean(body, charter.bodies),
                            path=f"$.members[{i}].bodies[{j}]",
                        )
                    )
            if typed:
                self.attributes[mem.id] = typed  # read with .get(id, {}): absent means none
        if errors:
            raise CaseError(errors)
        self.today = self._today()
        self.parameters = self._parameters_in_force()
        self._sits: dict[tuple[str, str], bool] = {}

    def _parameters_in_force(self) -> dict[str, Any]:
        """The charter's parameter values, replaced by the case's. A case may give one value, or
        the history of a parameter (`[{value: 20, since: 2020-01-01}, {value: 15, since: …}]`):
        then the value in force when the proposal opened (else at the date of the question) is
        used, as the design says (§7)."""
        declared = {p.name: p for p in self.charter.model.parameters}
        values = {p.name: literal_value(p.value) for p in self.charter.model.parameters}
        proposal = getattr(self.case, "proposal", None)
        moment = proposal.opens.date() if proposal is not None and proposal.opens else self.today
        errors = []
        for name, raw in self.case.parameters.items():
            path = f"$.parameters.{name}"
            if isinstance(raw, list):
                raw, problem = _in_force(raw, moment, path)
                if problem is not None:
                    errors.append(problem)
                    continue
                if raw is None:
                    continue  # no value in force yet: the charter's own value stands
            try:
                values[name] = parameter_value(raw, declared.get(name))
            except CaseError as err:
                errors.extend(
                    Diagnostic(d.severity, d.code, d.message, path=path) for d in err.diagnostics
                )
        if errors:
            raise CaseError(errors)
        return values

    def _today(self) -> dt.date:
        case = self.case
        for moment in (
            case.at,
            case.proposal.closes if isinstance(case, ProposalCase) else None,
            case.round.meeting if isinstance(case, BudgetCase) and case.round else None,
        ):
            if moment:
                return moment.date()
        return dt.datetime.now(dt.UTC).date()

    def require_member(self, member_id: str, path: str) -> None:
        if member_id not in self.members:
            raise CaseError(
                [
                    Diagnostic(
                        "error",
                        "case.unknown_member",
                        f"`{member_id}` is not among the case's members",
                        did_you_mean(member_id, self.members),
                        path=path,
                    )
                ]
            )

    # ------------------------------------------------------------------ conditions
    def scope(self, member_id: str) -> Scope:
        return Scope(
            self.attributes.get(member_id, {}),
            self.parameters,
            self.today,
            lambda body: self.sits(member_id, body),
            set(self.attribute_types),
        )

    def holds(self, expr, member_id: str, reading: Reading | None = None) -> bool:
        return holds(expr, self.scope(member_id), reading)

    # ------------------------------------------------------------------ membership
    def sits(self, member_id: str, body_id: str) -> bool:
        """Whether the member sits in the body: an explicit seat, or the body's `members:`."""
        key = (member_id, body_id)
        if key in self._sits:
            return self._sits[key]
        self._sits[key] = False  # guards `members of X` loops while computing
        member = self.members.get(member_id)
        body = self.charter.bodies.get(body_id)
        result = False
        if member is not None and body is not None:
            result = body_id in member.bodies
            if not result and body.members is not None:
                result = self.in_population(body.members, member_id, body_id)
        self._sits[key] = result
        return result

    def members_of(self, body_id: str) -> list[str]:
        return [mid for mid in self.members if self.sits(mid, body_id)]

    def in_population(
        self,
        pop: m.Population,
        member_id: str,
        deciding_body: str | None,
        present: set[str] | None = None,
        concerned: AbstractSet[str] = frozenset(),
    ) -> bool:
        if pop.except_concerned and member_id in concerned:
            return False
        if pop.base == "everyone":
            base = member_id in self.members
        elif pop.base == "present":
            base = present is not None and member_id in present
        elif pop.of_body is not None:
            base = self.sits(member_id, pop.of_body)
        else:
            base = deciding_body is not None and self.sits(member_id, deciding_body)
        return base and (pop.where is None or self.holds(pop.where, member_id))

    def population(
        self,
        pop: m.Population,
        deciding_body: str | None,
        present: set[str] | None = None,
        concerned: AbstractSet[str] = frozenset(),
    ) -> list[str]:
        return [
            mid
            for mid in self.members
            if self.in_population(pop, mid, deciding_body, present, concerned)
        ]


ProposalContext = Context[ProposalCase]
BudgetContext = Context[BudgetCase]
