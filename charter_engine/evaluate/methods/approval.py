"""Approval voting, exact and engine-independent.

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

import numpy as np

__all__ = ["ApprovalResult", "rank", "tally"]


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
