"""Budgets (design §7): allocation rounds and support budgets, judged on the facts of a case.

`judge(ctx)` picks the budget the case names and hands it to allocation.py (envelopes,
windows, overfunding, the `funded:` test) or support.py (supports, the `fundable:` test,
reimbursement claims). This module holds what both share: windows, the review of projects,
the order of events, money as text, and the message catalogue.

Choices where the design is silent (also in docs/language.md §14 and §20):

- Windows. Both ends are inclusive. A bound given as a day (a date, or a meeting given without a
  time of day, i.e. at 00:00 UTC) covers that whole day; a bound with a time of day is exact.
  So with `meeting: 2018-12-15`, `allocations: from 14 days before meeting until meeting`
  accepts allocations from 2018-12-01 00:00 to 2018-12-15 23:59:59, and a project proposed on
  2018-12-01 is still within `proposals: … until 14 days before meeting`. A bound relative to
  the meeting needs `round.meeting`; without it the case is refused (CaseError at
  `$.round.meeting`), also for `round: permanent`, which normally declares no window.
- Order. Allocations, supports and claims are taken in the order of `at`, then of their place in
  the list; an item without `at` takes the time of the item before it in the list (so a list
  without times is taken as written).
- Unknown people (not among the case's members) are refused with a reason, like ballots from
  outside the electorate (design §4): a proposer, an allocating member, a supporter, a claimant.
  Malformed facts (a bad amount, a bad date, an unknown key, an unknown budget, a missing date
  that a window or a yearly envelope needs) are a CaseError with the JSON path.
- A project id given twice: the first stands, the later ones are refused.
- `may propose:` absent: any member may propose. `members` in a budget's population (which has
  no body) means every member.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ... import model as m
from ...decision import BudgetResult, Reason, Rejection
from ...diagnostics import CaseError, Diagnostic, did_you_mean
from ...messages import register
from ..case import Project
from ..context import Context
from ..expressions import text as expr_text

DAY = dt.timedelta(days=1)


# ---------------------------------------------------------------------- messages
def _cited(template: str):
    """A template whose sentence ends with the clause it rests on, when there is one."""

    def render(args: dict[str, Any]) -> str:
        out = template.format(**args)
        return out + (f" ({args['cite']})" if args.get("cite") else "")

    return render


def _pair(en: str, fr: str) -> dict[str, Any]:
    return {"en": _cited(en), "fr": _cited(fr)}


register(
    {
        # ------------------------------------------------------------------ the round
        "budget.round": {
            "en": "budget `{budget}`: {kind} budget",
            "fr": "budget `{budget}` : budget {kind_fr}",
        },
        "budget.window": {
            "en": "{clause}: from {start} until {end}, both included",
            "fr": "{clause} : du {start} au {end} inclus",
        },
        "budget.permanent": {
            "en": "permanent round: no meeting, proposals and allocations at any time",
            "fr": "tour permanent : pas de réunion, propositions et affectations à tout moment",
        },
        "budget.provisional": {
            "en": "allocations are still open until {end}: the funding shown is provisional",
            "fr": "les affectations restent ouvertes jusqu'au {end} : le financement indiqué est "
            "provisoire",
        },
        # ------------------------------------------------------------------ projects
        "budget.project.duplicate": _pair(
            "project `{id}` is refused: another project with the same id comes first",
            "le projet `{id}` est refusé : un autre projet du même identifiant le précède",
        ),
        "budget.project.goal_not_positive": _pair(
            "project `{id}` is refused: its goal {goal} is not more than zero",
            "le projet `{id}` est refusé : son objectif {goal} n'est pas supérieur à zéro",
        ),
        "budget.project.currency": _pair(
            "project `{id}` is refused: its goal is in {currency}, the budget counts in {expected}",
            "le projet `{id}` est refusé : son objectif est en {currency}, le budget compte en "
            "{expected}",
        ),
        "budget.project.no_proposer": _pair(
            "project `{id}` is refused: it names no proposer",
            "le projet `{id}` est refusé : il n'a aucun porteur",
        ),
        "budget.project.unknown_proposer": _pair(
            "project `{id}` is refused: its proposer `{proposer}` is not a member",
            "le projet `{id}` est refusé : son porteur `{proposer}` n'est pas membre",
        ),
        "budget.project.may_not_propose": _pair(
            "project `{id}` is refused: `{proposer}` may not propose (may propose: {who})",
            "le projet `{id}` est refusé : `{proposer}` ne peut pas proposer (may propose : {who})",
        ),
        "budget.project.proposers": _pair(
            "project `{id}` is refused: {count} of its proposers meet `{where}`, {rule} needed",
            "le projet `{id}` est refusé : {count} de ses porteurs remplissent `{where}`, il en "
            "faut {rule_fr}",
        ),
        "budget.project.outside_window": _pair(
            "project `{id}` is refused: proposed on {at}, outside the proposals window "
            "({start} – {end})",
            "le projet `{id}` est refusé : proposé le {at}, hors de la période de propositions "
            "({start} – {end})",
        ),
        "budget.project.funded": {
            "en": "project `{project}`: {allocated} allocated of a {goal} goal ({share}); "
            "{rule} of goal needs {needed}: funded",
            "fr": "projet `{project}` : {allocated} affectés sur un objectif de {goal} ({share}) ; "
            "{rule_fr} de l'objectif demande {needed} : financé",
        },
        "budget.project.not_funded": {
            "en": "project `{project}`: {allocated} allocated of a {goal} goal ({share}); "
            "{rule} of goal needs {needed}: not funded",
            "fr": "projet `{project}` : {allocated} affectés sur un objectif de {goal} ({share}) ; "
            "{rule_fr} de l'objectif demande {needed} : non financé",
        },
        "budget.project.fundable": {
            "en": "action `{project}`: {supporters} distinct supporters, {rule} needed: fundable; "
            "each supporter is committed to run it ({who})",
            "fr": "action `{project}` : {supporters} soutiens distincts, {rule_fr} requis : "
            "finançable ; chaque soutien s'engage à la mener ({who})",
        },
        "budget.project.not_fundable": {
            "en": "action `{project}`: {supporters} distinct supporters, {rule} needed: "
            "not fundable",
            "fr": "action `{project}` : {supporters} soutiens distincts, {rule_fr} requis : "
            "non finançable",
        },
        # ------------------------------------------------------------------ allocations
        "budget.allocation.unknown_member": _pair(
            "allocation by `{id}` to `{project}` refused: `{id}` is not a member",
            "affectation de `{id}` à `{project}` refusée : `{id}` n'est pas membre",
        ),
        "budget.allocation.not_allocation_budget": _pair(
            "allocation by `{id}` to `{project}` refused: `{budget}` is a support budget, "
            "nobody allocates in it",
            "affectation de `{id}` à `{project}` refusée : `{budget}` est un budget de soutiens, "
            "on n'y affecte pas",
        ),
        "budget.allocation.outside_window": _pair(
            "allocation by `{id}` to `{project}` on {at} refused: outside the allocations window "
            "({start} – {end})",
            "affectation de `{id}` à `{project}` le {at} refusée : hors de la période "
            "d'affectation ({start} – {end})",
        ),
        "budget.allocation.unknown_project": _pair(
            "allocation by `{id}` refused: there is no project `{project}`",
            "affectation de `{id}` refusée : il n'y a pas de projet `{project}`",
        ),
        "budget.allocation.rejected_project": _pair(
            "allocation by `{id}` to `{project}` refused: the project was refused",
            "affectation de `{id}` à `{project}` refusée : le projet a été refusé",
        ),
        "budget.allocation.before_proposed": _pair(
            "allocation by `{id}` to `{project}` on {at} refused: the project was only proposed "
            "on {proposed}",
            "affectation de `{id}` à `{project}` le {at} refusée : le projet n'a été proposé que "
            "le {proposed}",
        ),
        "budget.allocation.no_envelope": _pair(
            "allocation by `{id}` to `{project}` refused: `{id}` holds no envelope "
            "(envelope: {envelope}){missing}",
            "affectation de `{id}` à `{project}` refusée : `{id}` n'a pas d'enveloppe "
            "(envelope : {envelope}){missing_fr}",
        ),
        "budget.allocation.not_voter": _pair(
            "allocation by `{id}` to `{project}` refused: `{id}` is not among those who allocate "
            "({who})",
            "affectation de `{id}` à `{project}` refusée : `{id}` ne fait pas partie de ceux qui "
            "affectent ({who})",
        ),
        "budget.allocation.currency": _pair(
            "allocation by `{id}` to `{project}` refused: {amount} is not in {expected}, the "
            "envelope's currency",
            "affectation de `{id}` à `{project}` refusée : {amount} n'est pas en {expected}, la "
            "monnaie de l'enveloppe",
        ),
        "budget.allocation.not_positive": _pair(
            "allocation by `{id}` to `{project}` refused: {amount} is not more than zero",
            "affectation de `{id}` à `{project}` refusée : {amount} n'est pas supérieur à zéro",
        ),
        "budget.allocation.envelope_spent": _pair(
            "allocation by `{id}` of {amount} to `{project}` refused: the envelope of {envelope}"
            "{period} is spent, nothing is left",
            "affectation de `{id}` de {amount} à `{project}` refusée : l'enveloppe de {envelope}"
            "{period_fr} est épuisée",
        ),
        "budget.allocation.cut_envelope": _pair(
            "allocation by `{id}` of {amount} to `{project}` cut to {cut_to}: only {left} was left "
            "of the envelope of {envelope}{period}, which is never overspent",
            "affectation de `{id}` de {amount} à `{project}` réduite à {cut_to} : il ne restait que "
            "{left} de l'enveloppe de {envelope}{period_fr}, qui n'est jamais dépassée",
        ),
        "budget.allocation.goal_reached": _pair(
            "allocation by `{id}` of {amount} to `{project}` refused: the project has reached its "
            "goal of {goal} and overfunding is not allowed",
            "affectation de `{id}` de {amount} à `{project}` refusée : le projet a atteint son "
            "objectif de {goal} et le surfinancement n'est pas permis",
        ),
        "budget.allocation.cut_goal": _pair(
            "allocation by `{id}` of {amount} to `{project}` cut to {cut_to}, what the goal of "
            "{goal} still missed: overfunding is not allowed",
            "affectation de `{id}` de {amount} à `{project}` réduite à {cut_to}, ce qui manquait "
            "pour l'objectif de {goal} : le surfinancement n'est pas permis",
        ),
        # ------------------------------------------------------------------ supports
        "budget.support.not_support_budget": {
            "en": "support by `{voter}` for `{project}` refused: `{budget}` is an allocation "
            "budget, it takes no supports",
            "fr": "soutien de `{voter}` à `{project}` refusé : `{budget}` est un budget "
            "d'affectation, il ne reçoit pas de soutiens",
        },
        "budget.support.unknown_project": {
            "en": "support by `{voter}` refused: there is no action `{project}`",
            "fr": "soutien de `{voter}` refusé : il n'y a pas d'action `{project}`",
        },
        "budget.support.rejected_project": {
            "en": "support by `{voter}` for `{project}` refused: the action was refused",
            "fr": "soutien de `{voter}` à `{project}` refusé : l'action a été refusée",
        },
        "budget.support.unknown_member": {
            "en": "support by `{voter}` for `{project}` refused: `{voter}` is not a member",
            "fr": "soutien de `{voter}` à `{project}` refusé : `{voter}` n'est pas membre",
        },
        "budget.support.not_voter": {
            "en": "support by `{voter}` for `{project}` refused: `{voter}` is not among the "
            "supporters ({who})",
            "fr": "soutien de `{voter}` à `{project}` refusé : `{voter}` ne fait pas partie de ceux "
            "qui soutiennent ({who})",
        },
        "budget.support.repeated": {
            "en": "support by `{voter}` for `{project}` refused: `{voter}` already supports it "
            "(one support each)",
            "fr": "soutien de `{voter}` à `{project}` refusé : `{voter}` la soutient déjà (un "
            "soutien chacun)",
        },
        # ------------------------------------------------------------------ claims
        "budget.claim.not_support_budget": _pair(
            "claim `{id}` refused: `{budget}` is an allocation budget, it reimburses nothing",
            "demande `{id}` refusée : `{budget}` est un budget d'affectation, il ne rembourse rien",
        ),
        "budget.claim.no_reimbursement": _pair(
            "claim `{id}` refused: budget `{budget}` has no `reimburse:` clause",
            "demande `{id}` refusée : le budget `{budget}` n'a pas de clause `reimburse:`",
        ),
        "budget.claim.unknown_project": _pair(
            "claim `{id}` refused: there is no action `{project}`",
            "demande `{id}` refusée : il n'y a pas d'action `{project}`",
        ),
        "budget.claim.rejected_project": _pair(
            "claim `{id}` refused: the action `{project}` was refused",
            "demande `{id}` refusée : l'action `{project}` a été refusée",
        ),
        "budget.claim.not_supporter": _pair(
            "claim `{id}` refused: `{by}` does not (validly) support `{project}`, so it is not "
            "committed to run it",
            "demande `{id}` refusée : `{by}` ne soutient pas (valablement) `{project}` et ne s'est "
            "donc pas engagé à la mener",
        ),
        "budget.claim.not_fundable": _pair(
            "claim `{id}` refused: the action `{project}` is not fundable ({supporters} "
            "supporters, {rule} needed)",
            "demande `{id}` refusée : l'action `{project}` n'est pas finançable ({supporters} "
            "soutiens, {rule_fr} requis)",
        ),
        "budget.claim.currency": _pair(
            "claim `{id}` refused: {amount} is not in {expected}",
            "demande `{id}` refusée : {amount} n'est pas en {expected}",
        ),
        "budget.claim.not_positive": _pair(
            "claim `{id}` refused: {amount} is not more than zero",
            "demande `{id}` refusée : {amount} n'est pas supérieur à zéro",
        ),
        "budget.claim.over_goal": _pair(
            "claim `{id}` of {amount} refused: `{by}` already claimed {claimed} on `{project}`, "
            "and a supporter is reimbursed up to the action's goal of {goal} ({left} left)",
            "demande `{id}` de {amount} refusée : `{by}` a déjà demandé {claimed} pour "
            "`{project}`, et un soutien est remboursé dans la limite du budget de l'action, {goal} "
            "(reste {left})",
        ),
        "budget.claim.total_exhausted": _pair(
            "claim `{id}` of {amount} refused whole: only {left} is left of the budget's total of "
            "{total}",
            "demande `{id}` de {amount} refusée en entier : il ne reste que {left} sur le total "
            "de {total} du budget",
        ),
    }
)

COMPARATOR_EN = {
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "fewer_than": "fewer than",
    "none": "none",
    "all": "all",
}
COMPARATOR_FR = {
    "at_least": "au moins",
    "more_than": "plus de",
    "at_most": "au plus",
    "fewer_than": "moins de",
    "none": "aucun",
    "all": "tous",
}


# ---------------------------------------------------------------------- money and time as text
def money_text(cents: int | Fraction, currency: str) -> str:
    """`430 EUR`, `12.50 EUR`; a fraction of a cent is shown exactly when it is a decimal."""
    if isinstance(cents, int) or cents.denominator == 1:
        units, rest = divmod(abs(int(cents)), 100)
        sign = "-" if cents < 0 else ""
        return f"{sign}{units}{f'.{rest:02d}' if rest else ''} {currency}"
    units = Fraction(cents) / 100
    for digits in range(3, 9):
        scaled = units * 10**digits
        if scaled.denominator == 1:
            return f"{units.numerator / units.denominator:.{digits}f} {currency}"
    return f"{units.numerator}/{units.denominator} {currency}"


def share_text(value: Fraction) -> str:
    pct = value * 100
    if pct.denominator == 1:
        return f"{pct.numerator}%"
    return f"{float(pct):.4g}%"


def moment_text(moment: dt.datetime) -> str:
    if moment.time() == dt.time(0) and moment.utcoffset() == dt.timedelta(0):
        return moment.date().isoformat()
    return moment.isoformat().replace("+00:00", "Z")


# ---------------------------------------------------------------------- windows
@dataclass(frozen=True)
class Window:
    """A resolved window: `start <= t <= end`, or `< end + 1 day` when the end is a day."""

    start: dt.datetime
    end: dt.datetime
    end_is_day: bool
    cite: str | None
    texts: dict[str, str] = field(init=False, repr=False, compare=False)  # the bounds as text

    @property
    def last(self) -> dt.datetime:
        """The first moment after the window."""
        return self.end + DAY if self.end_is_day else self.end

    def contains(self, moment: dt.datetime) -> bool:
        if moment < self.start:
            return False
        return moment < self.end + DAY if self.end_is_day else moment <= self.end

    def args(self) -> dict[str, str]:
        return {"start": moment_text(self.start), "end": moment_text(self.end)}

    def __post_init__(self) -> None:
        object.__setattr__(self, "texts", self.args())


def _is_day(moment: dt.datetime) -> bool:
    return moment.time() == dt.time(0)


def resolve_window(window: m.Window | None, meeting: dt.datetime | None) -> Window | None:
    if window is None:
        return None
    bounds = []
    for bound in (window.start, window.end):
        if bound.kind == "date":
            moment = dt.datetime(bound.date.year, bound.date.month, bound.date.day, tzinfo=dt.UTC)
        else:
            if meeting is None:
                raise CaseError(
                    [
                        Diagnostic(
                            "error",
                            "case.missing_meeting",
                            "this budget's windows are counted from the meeting, and the case gives "
                            "no meeting date",
                            "give the round's meeting date: `round: {meeting: YYYY-MM-DD}`",
                            path="$.round.meeting",
                        )
                    ]
                )
            moment = meeting
            if bound.kind == "relative":
                sign = -1 if bound.direction == "before" else 1
                moment = bound.offset.add_to(meeting, sign)
        bounds.append(moment)
    return Window(bounds[0], bounds[1], _is_day(bounds[1]), window.cite)


# ---------------------------------------------------------------------- order of events
def in_order(items: Sequence[Any]) -> list[int]:
    """Indices in the order of `at`, then list position; an item without `at` takes the time
    of the item before it (the first ones: before everything). Linear when the items are
    already in order (as a service that appends them as they come records them)."""
    floor = dt.datetime.min.replace(tzinfo=dt.UTC)
    keys: list[dt.datetime] = []
    last = floor
    ordered = True
    for item in items:
        at = item.at
        if at is not None:
            if at < last:
                ordered = False
            last = at
        keys.append(last)
    if ordered:
        return list(range(len(items)))
    return sorted(range(len(items)), key=keys.__getitem__)  # stable: ties keep list order


def missing_date(path: str, what: str) -> CaseError:
    return CaseError(
        [
            Diagnostic(
                "error",
                "case.missing_date",
                f"{what} needs a date here",
                "give `at:` (or `proposed:` for a project) as YYYY-MM-DD",
                path=path,
            )
        ]
    )


# ---------------------------------------------------------------------- populations
def population_text(pop: m.Population) -> str:
    out = pop.base if pop.of_body is None else f"members of {pop.of_body}"
    if pop.where is not None:
        out += f" where {expr_text(pop.where)}"
    return out


class Eligible:
    """Membership of a budget population, computed once per member (a budget has no body:
    `members` means every member)."""

    def __init__(self, ctx: Context, pop: m.Population | None):
        self.ctx = ctx
        if pop is not None and pop.base == "members" and pop.of_body is None:
            pop = pop.model_copy(update={"base": "everyone"})
        self.pop = pop
        self._cache: dict[str, bool] = {}

    def __contains__(self, member_id: str) -> bool:
        hit = self._cache.get(member_id)
        if hit is None:
            if member_id not in self.ctx.members:
                hit = False
            elif self.pop is None:
                hit = True
            else:
                hit = self.ctx.in_population(self.pop, member_id, None)
            self._cache[member_id] = hit
        return hit

    def size(self) -> int:
        return sum(1 for mid in self.ctx.members if mid in self)

    def text(self) -> str:
        return population_text(self.pop) if self.pop is not None else "everyone"


# ---------------------------------------------------------------------- comparisons
def compare(comparator: str, value: Fraction | int, bound: Fraction | int) -> bool:
    if comparator == "at_least":
        return value >= bound
    if comparator == "more_than":
        return value > bound
    if comparator == "at_most":
        return value <= bound
    if comparator == "fewer_than":
        return value < bound
    if comparator == "none":
        return value == 0
    return value >= bound  # "all": the whole base


def parameter_number(ctx: Context, name: str) -> Fraction:
    """A parameter's value in force (the case's, else the charter's), as an exact number."""
    if name not in ctx.parameters:
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.missing_parameter",
                    f"the parameter `{name}` has no value: the charter declares none and the case "
                    "gives none",
                    f"give it in `parameters: {{{name}: …}}`",
                    path=f"$.parameters.{name}",
                )
            ]
        )
    value = ctx.parameters[name]
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.parameter_type",
                    f"the parameter `{name}` must be a number here, not `{value}`",
                    path=f"$.parameters.{name}",
                )
            ]
        )
    return Fraction(value)


def needed_integer(comparator: str, bound: Fraction | int) -> int:
    """The smallest (at least / more than) or largest (at most / fewer than) integer that
    passes: what the explanation states."""
    bound = Fraction(bound)
    floor = bound.numerator // bound.denominator
    ceil = -((-bound.numerator) // bound.denominator)
    return {
        "at_least": ceil,
        "all": ceil,
        "more_than": floor + 1,
        "at_most": floor,
        "fewer_than": ceil - 1,
        "none": 0,
    }[comparator]


def rule_words(comparator: str, figure: str) -> tuple[str, str]:
    if comparator == "none":
        return "none", "aucun"
    return f"{COMPARATOR_EN[comparator]} {figure}", f"{COMPARATOR_FR[comparator]} {figure}"


# ---------------------------------------------------------------------- projects
@dataclass
class ProjectState:
    project: Project
    index: int
    goal: int  # cents
    allocated: int = 0
    supporters: set | None = None
    reimbursed: int = 0


def review_projects(
    ctx: Context,
    budget: m.Budget,
    currency: str | None,
    window: Window | None,
    result: BudgetResult,
) -> dict[str, ProjectState]:
    """Accepted projects by id; refusals go to result.rejected_projects (every failing
    condition is listed, so a project may appear more than once)."""
    cites = budget.cites
    may_propose = Eligible(ctx, budget.may_propose)
    rule = budget.proposers
    counted: dict[str, bool] = {}
    accepted: dict[str, ProjectState] = {}
    seen: set[str] = set()
    for i, project in enumerate(ctx.case.projects):
        refusals: list[tuple[str, dict[str, Any]]] = []
        pid = project.id
        if pid in seen:
            refusals.append(("budget.project.duplicate", {"position": i}))
        else:
            seen.add(pid)
            goal = project.goal
            if goal.cents <= 0:
                refusals.append(("budget.project.goal_not_positive", {"goal": str(goal)}))
            if currency is not None and goal.currency != currency:
                refusals.append(
                    (
                        "budget.project.currency",
                        {
                            "currency": goal.currency,
                            "expected": currency,
                            "cite": cites.get("envelope") or cites.get("total"),
                        },
                    )
                )
            proposers = list(dict.fromkeys(project.proposers))
            if not proposers and (budget.may_propose is not None or rule is not None):
                refusals.append(
                    (
                        "budget.project.no_proposer",
                        {"cite": cites.get("proposers") or cites.get("may_propose")},
                    )
                )
            for who in proposers:
                if who not in ctx.members:
                    refusals.append(
                        (
                            "budget.project.unknown_proposer",
                            {"proposer": who, "cite": cites.get("may_propose")},
                        )
                    )
                elif who not in may_propose:
                    refusals.append(
                        (
                            "budget.project.may_not_propose",
                            {
                                "proposer": who,
                                "who": may_propose.text(),
                                "cite": cites.get("may_propose"),
                            },
                        )
                    )
            if rule is not None:
                count = 0
                for who in proposers:
                    if who not in ctx.members:
                        continue
                    if rule.where is None:
                        count += 1
                        continue
                    if who not in counted:
                        counted[who] = ctx.holds(rule.where, who)
                    count += counted[who]
                if not compare(rule.comparator, count, rule.count):
                    en, fr = rule_words(rule.comparator, str(rule.count))
                    refusals.append(
                        (
                            "budget.project.proposers",
                            {
                                "count": count,
                                "rule": en,
                                "rule_fr": fr,
                                "where": expr_text(rule.where)
                                if rule.where is not None
                                else "true",
                                "cite": cites.get("proposers"),
                            },
                        )
                    )
            if window is not None:
                if project.proposed is None:
                    raise missing_date(
                        f"$.projects[{i}].proposed", "the proposals window (`proposals:`)"
                    )
                if not window.contains(project.proposed):
                    refusals.append(
                        (
                            "budget.project.outside_window",
                            {
                                "at": moment_text(project.proposed),
                                **window.args(),
                                "cite": cites.get("proposals"),
                            },
                        )
                    )
        for code, args in refusals:
            result.rejected_projects.append(rejection(pid, pid, code, args))
        if not refusals:
            accepted[pid] = ProjectState(project, i, project.goal.cents)
    return accepted


def rejection(id_: str, project: str | None, code: str, args: dict[str, Any]) -> Rejection:
    """A refused project, allocation or claim; the project is also an argument of the
    sentence."""
    # model_construct: the fields are ours and already valid; this runs once per refused item
    return Rejection.model_construct(
        id=id_,
        project=project,
        code=code,
        reason="",
        args={"project": project, **args},
        cut_to=None,
    )


def rejected_ids(result: BudgetResult) -> set[str]:
    return {r.id for r in result.rejected_projects}


# ---------------------------------------------------------------------- entry point
def find_budget(ctx: Context) -> m.Budget:
    budgets = {b.id: b for b in ctx.charter.model.budgets}
    name = ctx.case.budget
    if name not in budgets:
        raise CaseError(
            [
                Diagnostic(
                    "error",
                    "case.unknown_budget",
                    f"the charter has no budget `{name}`",
                    did_you_mean(name, budgets)
                    or (
                        "the charter's budgets are " + ", ".join(f"`{b}`" for b in budgets)
                        if budgets
                        else "the charter declares no budget"
                    ),
                    path="$.budget",
                )
            ]
        )
    return budgets[name]


def judge(ctx: Context) -> BudgetResult:
    budget = find_budget(ctx)
    kind = budget.kind
    result = BudgetResult(budget=budget.id, budget_kind=kind)
    result.reasons.append(
        Reason(
            code="budget.round",
            cite=budget.cite,
            args={
                "budget": budget.id,
                "kind": kind,
                "kind_fr": "d'affectation" if kind == "allocation" else "de soutiens",
            },
        )
    )
    if kind == "allocation":
        from .allocation import judge_allocations

        judge_allocations(ctx, budget, result)
    else:
        from .support import judge_support

        judge_support(ctx, budget, result)
    return result


def window_reason(name: str, window: Window | None) -> Iterable[Reason]:
    if window is not None:
        yield Reason(code="budget.window", cite=window.cite, args={"clause": name, **window.args()})
