"""Approval voting: the method (`method: approval`, its `winners:` option, its ballots
`approve: [options]`), and its exact counting kernel.

Semantics (design document, language.md §8): options are ranked by their number of approvals;
``winners: N`` keeps the top N; ties at the cut are reported as ties, never broken silently.

Example: approvals a:5 b:3 c:3 d:1 with ``winners=2`` gives winners ``(a,)`` and
``tied_at_cut == (b, c)`` competing for ``seats_left == 1`` seat. Breaking such a tie is the
business of whoever calls this module (a rule of the charter, a second round, a draw), not of
the count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from ..decision import Ids, OptionResult, Reason
from .base import Counted, Method, OptionList, OptionSpec, repeated_or_unknown

# numpy is imported inside the kernels that count with it: every command, `charter check` too,
# loads the methods' declarations, and importing numpy would add about 90 ms to its cold start.
if TYPE_CHECKING:
    import numpy as np

__all__ = ["Approval", "ApprovalResult", "rank", "tally"]


@dataclass(frozen=True)
class ApprovalResult:
    """Outcome of an approval count.

    ``ranking``: every option, most approved first, as tie groups (equal approval counts; inside
    a group, options keep the order of the input mapping).
    ``approvals``: option -> number of approvals.
    ``seats``: the ``winners`` asked for (``None``: ranking only, no cut).
    ``winners``: options certainly elected (all groups that fit entirely within the seats).
    ``tied_at_cut``: the group straddling the cut (empty when the cut falls between groups).
    ``seats_left``: seats still to fill from ``tied_at_cut`` (0 when it is empty), always
    fewer than ``len(tied_at_cut)``.
    """

    ranking: tuple[tuple[str, ...], ...]
    approvals: Mapping[str, int]
    seats: int | None
    winners: tuple[str, ...]
    tied_at_cut: tuple[str, ...]
    seats_left: int

    @property
    def order(self) -> tuple[str, ...]:
        """All options, most approved first (ties adjacent, in input order)."""
        return tuple(option for group in self.ranking for option in group)

    @property
    def decided(self) -> bool:
        """True when the seats are filled without a tie at the cut."""
        return not self.tied_at_cut


def tally(approval_matrix: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
    """Approvals per option (int64) from a ``voters x options`` matrix of 0/1 or booleans.

    Any value other than 0/1 (or False/True) raises ``ValueError``.
    """
    import numpy as np

    matrix = np.asarray(approval_matrix)
    if matrix.ndim != 2:
        raise ValueError(
            f"approval_matrix must be 2-D (voters x options), got shape {matrix.shape}"
        )
    if matrix.dtype.kind == "b":
        return np.count_nonzero(matrix, axis=0).astype(np.int64)
    if matrix.dtype.kind not in "iuf":
        raise ValueError(f"approvals must be 0/1 or booleans, got dtype {matrix.dtype}")
    if matrix.size and not np.isin(matrix, (0, 1)).all():
        raise ValueError("approvals must be 0 or 1")
    return np.count_nonzero(matrix, axis=0).astype(np.int64)


def rank(approvals: Mapping[str, int], winners: int | None = None) -> ApprovalResult:
    """Rank options by approvals and, when ``winners`` is given, cut after that many seats.

    Exactly the top ``winners`` options are elected when the cut falls between two approval
    counts; otherwise the options above the tied group are elected and the tied group is reported
    in ``tied_at_cut`` with the number of seats it competes for. ``winners`` larger than the
    number of options elects them all.
    """
    counts: dict[str, int] = {}
    for option, value in approvals.items():
        number = int(value)
        if number != value or number < 0:
            raise ValueError(f"approvals for {option!r} must be a non-negative integer: {value!r}")
        counts[option] = number
    if winners is not None:
        if int(winners) != winners or winners < 0:
            raise ValueError(f"winners must be a non-negative integer, got {winners!r}")
        winners = int(winners)

    ordered = sorted(counts, key=counts.__getitem__, reverse=True)  # stable: ties keep input order
    groups: list[tuple[str, ...]] = []
    for option in ordered:
        if groups and counts[groups[-1][0]] == counts[option]:
            groups[-1] = (*groups[-1], option)
        else:
            groups.append((option,))

    elected: list[str] = []
    tied: tuple[str, ...] = ()
    seats_left = 0
    if winners is not None:
        for group in groups:
            room = winners - len(elected)
            if room <= 0:
                break
            if len(group) <= room:
                elected.extend(group)
            else:
                tied, seats_left = group, room
                break

    return ApprovalResult(
        ranking=tuple(groups),
        approvals=MappingProxyType(counts),
        seats=winners,
        winners=tuple(elected),
        tied_at_cut=tied,
        seats_left=seats_left,
    )


# ---------------------------------------------------------------------- the method
class Approval(Method):
    """Each voter approves any number of options, each once; options are ranked by approvals,
    and `winners: N` keeps the first N. A tie at the cut is reported, never broken."""

    key = "approval"
    ballot_field = "approve"
    ballot_type = OptionList
    ballot_description = "the options approved"
    options = (OptionSpec("winners", "whole number", help="how many options to elect"),)
    messages: ClassVar[dict[str, Any]] = {
        "approval.ranking": {"en": "approval: {ranking}", "fr": "approbation : {ranking}"},
        "approval.winners": {
            "en": "{seats} to elect: {winners}",
            "fr": "{seats} à élire : {winners}",
        },
        "approval.tie_at_cut": {
            "en": "tie at the cut: {options} have the same approvals for {seats} remaining "
            "seat(s); the count does not break it",
            "fr": "égalité au seuil : {options} ont autant d'approbations pour {seats} siège(s) "
            "restant(s) ; le décompte ne la tranche pas",
        },
        "ballot.no_approvals": {
            "en": "ballot of `{voter}` not counted: an approval ballot lists the options approved "
            "(`approve`)",
            "fr": "bulletin de `{voter}` non compté : un bulletin d'approbation liste les options "
            "approuvées (`approve`)",
        },
        "ballot.duplicate_option": {
            "en": "ballot of `{voter}` not counted: it approves `{option}` twice",
            "fr": "bulletin de `{voter}` non compté : il approuve `{option}` deux fois",
        },
    }

    def check(self, rule, settings, owner, report):
        winners = settings["winners"]
        if winners is not None and winners < 1:
            report(
                "error",
                "threshold.winners",
                f"`winners: {winners}` in {owner} keeps no option",
                next((o.pos for o in rule.method_options if o.name == "winners"), rule.pos),
                "keep at least one winner, e.g. `winners: 1`",
            )
        if rule.weighted_by_college:
            report(
                "error",
                "threshold.approval_weighted",
                f"`method: approval` cannot be `weighted by college` in {owner}",
                rule.spans.get("weighted") or rule.pos,
                "approvals are counted per option, not per college: "
                "remove `weighted by college` or use `method: vote`",
            )

    def ballot_problem(self, value, options, settings):
        if value is None:
            return ("ballot.no_approvals", {})
        return repeated_or_unknown(value, options, "ballot.duplicate_option")

    def count(self, values, options, settings, rule):
        cite = self.cite(rule)
        seats = settings["winners"]
        approvals = {o: 0 for o in options}
        for approved in values:
            for option in approved:
                approvals[option] += 1
        result = rank(approvals, seats)
        detail = [
            OptionResult(option=option, rank=position, approvals=result.approvals[option])
            for position, group in enumerate(result.ranking, 1)
            for option in group
        ]
        reasons = [
            Reason(
                code="approval.ranking",
                cite=cite,
                args={"ranking": detail},
            )
        ]
        if seats is not None:
            reasons.append(
                Reason(
                    code="approval.winners",
                    cite=self.cite(rule, "winners"),
                    args={"seats": seats, "winners": Ids(result.winners)},
                )
            )
        if result.tied_at_cut:
            reasons.append(
                Reason(
                    code="approval.tie_at_cut",
                    cite=self.cite(rule, "winners"),
                    args={"options": Ids(result.tied_at_cut), "seats": result.seats_left},
                )
            )
        winners = (
            list(result.winners)
            if seats is not None
            else list(result.ranking[0] if result.ranking else [])
        )
        return Counted(
            ranking=list(result.order),
            detail=detail,
            winners=winners,
            tied=list(result.tied_at_cut),
            reasons=reasons,
        )
