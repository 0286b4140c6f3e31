"""Majority judgment (Balinski–Laraki): the method (`method: majority judgment`, its `grades:`
option, its ballots `grades: {option: grade}`), and its exact counting kernel.

Semantics (design document, language.md §8):

* every voter grades every option on an ordered scale, grade ``0`` being the lowest; a missing
  grade counts as the lowest;
* the *majority grade* of an option is the **lower** median of its grades;
* options with the same majority grade are ordered by their *majority values*: remove one
  lower-median grade and take the new lower median, again and again; the sequence of lower
  medians so obtained is compared lexicographically (higher is better);
* two options tie only when their grade counts are identical.

This module works on integer grade counts only (no floating point anywhere), and is pure: no
engine object is involved. ``tally`` turns a ``voters x options`` matrix of grade indices into
counts; ``rank`` orders options given their counts.

How the ranking is computed, and why it is exact
------------------------------------------------

Let an option's grades, sorted ascending, be ``s[0] <= ... <= s[n-1]`` and ``m = (n - 1) // 2``
(so ``s[m]`` is the lower median). Removing lower medians one at a time removes the positions of
``s`` in an order that depends on ``n`` only::

    n odd  (n = 2k+1): m, m-1, m+1, m-2, m+2, ..., 0, n-1
    n even (n = 2k):   m, m+1, m-1, m+2, m-2, ..., 0, n-1

(after removing a block of middle positions, the remaining elements are a lower part and an upper
part; the lower median falls in the lower part when both parts have the same size and in the upper
part when the upper part is one larger, so the removal alternates sides.) Every option has the
same ``n`` (missing grades are filled with the lowest grade), so the *majority-value sequence* of
an option is ``s`` read in that one fixed order. Split it into

* ``D = s[m], s[m-1], ..., s[0]`` (the lower part, read downwards: non-increasing), and
* ``U = s[m+1], ..., s[n-1]`` (the upper part, read upwards: non-decreasing).

The sequence is ``D[0], D[1], U[0], D[2], U[1], ...`` for odd ``n`` and
``D[0], U[0], D[1], U[1], ...`` for even ``n``. Grouping it as ``D[0]`` (odd ``n`` only) followed
by the pairs ``(D[i], U[j])`` gives a sequence of pairs whose lexicographic order (pairs compared
lexicographically) is exactly the lexicographic order of the majority values, because every
option has the same layout. ``D`` and ``U`` are monotone, each has at most one run per grade, so
the pair sequence has at most ``2 * n_grades`` runs, read straight off the counts.

Lexicographic order of equal-length sequences given as maximal runs ``v1^l1 v2^l2 ... vr^lr`` is
captured by the key ``(v1, c1, v2, c2, ..., vr, cr)`` with ``ci = BIG - li`` when the next value
is higher (``v(i+1) > vi``) and ``ci = li`` when it is lower or the run is the last, where
``BIG > 2n``. Proof, at the first run where two keys differ (all earlier runs being identical, so
are the sequences up to there): if the values differ, the sequences first differ there in the same
way. If the values are equal (``v``) and the lengths or the followers differ:

* both runs are followed by higher values: the shorter run reaches its higher value while the
  other still shows ``v``, so the shorter run is the larger sequence; ``BIG - l`` is larger for
  the shorter run;
* both are followed by lower values (or one is last, which forces it to be the longer one, the
  sequences having equal length): the shorter run drops first, so the longer run is larger;
  ``l`` is larger for the longer run;
* one is followed by a higher value, the other by a lower value (or nothing): whatever the
  lengths, at the first position where they differ the first shows a higher value or the second
  a lower one, so the first is larger; ``BIG - l > 2n - l > n >= l'`` agrees.

Hence ``key(a) > key(b)`` iff the majority values of ``a`` are lexicographically larger than those
of ``b``, and ``key(a) == key(b)`` iff the sequences are equal, i.e. iff the counts are identical
(the sequence is a permutation of the sorted grades, which determine the counts). The key costs
``O(n_grades)`` per option whatever the number of voters, and ranking is a plain sort on it. The
test-suite checks it against the literal definition (remove medians one by one) and against the
``O(n)`` byte-string method (``np.repeat(grades, counts)[perm]``).

``tally`` is a ``np.bincount`` over blocks of voters (grade index offset by option), so its cost
is linear in ``voters x options`` and its working memory bounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field

from ..decision import Code, Ids, OptionResult, Reason
from .base import Counted, Method, OptionSpec

# numpy is imported inside the kernels that count with it: every command, `charter check` too,
# loads the methods' declarations, and importing numpy would add about 90 ms to its cold start.
if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "MajorityJudgment",
    "MJRanking",
    "compare",
    "majority_grade",
    "majority_values",
    "rank",
    "sort_key",
    "tally",
]

# Voters handled per np.bincount call in ``tally``: keeps the intp temporaries in cache.
_BLOCK_VOTERS = 8192


@dataclass(frozen=True)
class MJRanking:
    """Outcome of a majority-judgment count.

    ``groups``: the full ranking, best first, as tie groups (options in one group have identical
    grade counts; inside a group, options keep the order of the input mapping).
    ``majority_grades``: option -> majority grade (lower median, grade index, 0 = lowest).
    ``counts``: option -> grade counts used (after filling missing grades with the lowest).
    ``n_voters``: number of grades per option after filling; ``n_grades``: size of the scale.
    """

    groups: tuple[tuple[str, ...], ...]
    majority_grades: Mapping[str, int]
    counts: Mapping[str, tuple[int, ...]]
    n_voters: int
    n_grades: int

    @property
    def order(self) -> tuple[str, ...]:
        """All options, best first (ties adjacent, in input order)."""
        return tuple(option for group in self.groups for option in group)

    @property
    def winners(self) -> tuple[str, ...]:
        """The top tie group (one option unless there is a tie); empty if there are no options."""
        return self.groups[0] if self.groups else ()

    def position(self, option: str) -> int:
        """Index of the tie group holding ``option`` (0 = first place)."""
        for index, group in enumerate(self.groups):
            if option in group:
                return index
        raise KeyError(option)


def tally(grade_matrix: np.ndarray | Sequence[Sequence[int]], n_grades: int) -> np.ndarray:
    """Count grades: ``counts[option, grade]`` (int64, shape ``(options, n_grades)``).

    ``grade_matrix`` is ``voters x options``, each entry a grade index in ``0 .. n_grades - 1``
    or ``-1`` for a missing grade (a float matrix may use NaN, a masked array may mask entries);
    missing grades are counted as grade 0, the lowest. Any other value raises ``ValueError``.
    Every row of the result therefore sums to the number of voters.
    """
    import numpy as np

    n_grades = int(n_grades)
    if n_grades < 1:
        raise ValueError(f"n_grades must be at least 1, got {n_grades}")
    if isinstance(grade_matrix, np.ma.MaskedArray):
        grade_matrix = np.ma.filled(grade_matrix.astype(np.float64), np.nan)
    matrix = np.asarray(grade_matrix)
    if matrix.ndim != 2:
        raise ValueError(f"grade_matrix must be 2-D (voters x options), got shape {matrix.shape}")
    n_voters, n_options = matrix.shape
    if n_options == 0:
        return np.zeros((0, n_grades), dtype=np.int64)
    if matrix.dtype.kind == "f":
        missing = np.isnan(matrix)
        if missing.any():
            matrix = np.where(missing, -1.0, matrix)
        if not np.array_equal(matrix, np.floor(matrix)):
            raise ValueError("grades must be whole numbers")
        matrix = matrix.astype(np.int64)
    elif matrix.dtype.kind == "b":
        matrix = matrix.astype(np.int8)
    elif matrix.dtype.kind not in "iu":
        if matrix.size == 0:
            matrix = matrix.astype(np.int64)
        else:
            raise ValueError(f"grades must be integers, got dtype {matrix.dtype}")

    width = n_grades + 1  # slot 0 of each option counts missing grades
    offsets = np.arange(n_options, dtype=np.intp) * width + 1
    flat = np.zeros(n_options * width, dtype=np.int64)
    block = np.empty((min(_BLOCK_VOTERS, n_voters), n_options), dtype=np.intp)
    for start in range(0, n_voters, _BLOCK_VOTERS):
        rows = matrix[start : start + _BLOCK_VOTERS]
        low, high = rows.min(), rows.max()
        if low < -1 or high >= n_grades:
            bad = low if low < -1 else high
            raise ValueError(f"grade {int(bad)} outside -1 .. {n_grades - 1}")
        codes = block[: len(rows)]
        np.add(rows, offsets, out=codes, casting="unsafe")
        flat += np.bincount(codes.ravel(), minlength=flat.size)
    counts = flat.reshape(n_options, width)
    counts[:, 1] += counts[:, 0]
    return np.ascontiguousarray(counts[:, 1:])


def _as_counts(counts_row: Sequence[int]) -> tuple[int, ...]:
    row = tuple(int(c) for c in counts_row)
    if any(c < 0 for c in row):
        raise ValueError(f"grade counts must be non-negative, got {row}")
    return row


def majority_grade(counts_row: Sequence[int]) -> int:
    """The lower median grade of one option's grade counts (0 when there are no grades at all).

    With ``n`` grades the lower median is the grade at sorted position ``(n - 1) // 2``
    (0-based): for even ``n`` the lower of the two middle grades.
    """
    row = _as_counts(counts_row)
    n = sum(row)
    if n == 0:
        return 0
    m = (n - 1) // 2
    seen = 0
    for grade, count in enumerate(row):
        seen += count
        if seen > m:
            return grade
    raise AssertionError("unreachable")  # pragma: no cover


def _runs(row: tuple[int, ...], n: int) -> tuple[list[list[int]], list[list[int]]]:
    """Runs ``[grade, length]`` of D (lower part, downwards) and U (upper part, upwards)."""
    m = (n - 1) // 2
    lower: list[list[int]] = []
    upper: list[list[int]] = []
    start = 0
    for grade, count in enumerate(row):
        end = start + count
        in_lower = min(end, m + 1) - start
        if in_lower > 0:
            lower.append([grade, in_lower])
        in_upper = end - max(start, m + 1)
        if in_upper > 0:
            upper.append([grade, in_upper])
        start = end
    lower.reverse()
    return lower, upper


def sort_key(counts_row: Sequence[int]) -> tuple[int, ...]:
    """A tuple whose lexicographic order is the majority-judgment order (larger is better).

    Only keys of rows with the same total (number of voters) are comparable; ``rank`` fills
    missing grades first so that this holds. See the module docstring for the proof.
    """
    row = _as_counts(counts_row)
    n = sum(row)
    if n == 0:
        return ()
    lower, upper = _runs(row, n)
    width = len(row)
    key: list[int] = []
    if n % 2 == 1:
        # D[0] stands alone; the pairs are (D[i+1], U[i]).
        key.append(lower[0][0])
        lower[0][1] -= 1
        if lower[0][1] == 0:
            del lower[0]
    # Runs of the pair sequence (D[i], U[i]), pair code = d * width + u (lexicographic).
    runs: list[list[int]] = []
    i = j = 0
    while i < len(lower) and j < len(upper):
        step = min(lower[i][1], upper[j][1])
        code = lower[i][0] * width + upper[j][0]
        if runs and runs[-1][0] == code:  # pragma: no cover - maximal runs never repeat
            runs[-1][1] += step
        else:
            runs.append([code, step])
        lower[i][1] -= step
        upper[j][1] -= step
        if lower[i][1] == 0:
            i += 1
        if upper[j][1] == 0:
            j += 1
    big = 2 * n + 2
    for index, (code, length) in enumerate(runs):
        key.append(code)
        followed_by_higher = index + 1 < len(runs) and runs[index + 1][0] > code
        key.append(big - length if followed_by_higher else length)
    return tuple(key)


def majority_values(counts_row: Sequence[int]) -> list[int]:
    """The full majority-value sequence of one option: its lower median, then the lower median
    of what remains after removing it, and so on (``n`` values). ``O(n)``; meant for explaining
    a result (``rank`` does not need it)."""
    import numpy as np

    row = _as_counts(counts_row)
    n = sum(row)
    ordered = np.repeat(np.arange(len(row)), row)
    return [int(g) for g in ordered[_removal_order(n)]]


def _removal_order(n: int) -> np.ndarray:
    """Positions of the sorted grades in the order the lower medians are removed."""
    import numpy as np

    m = (n - 1) // 2
    order = np.empty(n, dtype=np.intp)
    if n == 0:
        return order
    below = np.arange(m - 1, -1, -1)  # m-1, ..., 0
    above = np.arange(m + 1, n)  # m+1, ..., n-1
    order[0] = m
    if n % 2 == 1:
        order[1::2] = below
        order[2::2] = above
    else:
        order[1::2] = above
        order[2::2] = below
    return order


def compare(counts_a: Sequence[int], counts_b: Sequence[int]) -> int:
    """``1`` if option a ranks above b, ``-1`` if below, ``0`` if they tie (identical counts).

    Rows with different totals are first filled with lowest grades up to the larger total.
    """
    a, b = _as_counts(counts_a), _as_counts(counts_b)
    if len(a) != len(b):
        raise ValueError("both options must be graded on the same scale")
    n = max(sum(a), sum(b))
    a, b = _fill(a, n), _fill(b, n)
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def _fill(row: tuple[int, ...], n: int) -> tuple[int, ...]:
    missing = n - sum(row)
    return row if missing == 0 else (row[0] + missing, *row[1:])


def rank(counts: Mapping[str, Sequence[int]], *, n_voters: int | None = None) -> MJRanking:
    """Rank options by majority judgment.

    ``counts`` maps each option to its grade counts (index = grade, 0 = lowest), all on the same
    scale. An option whose counts sum to less than ``n_voters`` (default: the largest total) has
    its missing grades counted as the lowest grade. The result lists every option, best first, in
    tie groups; two options tie only when their (filled) counts are identical.
    """
    rows = {option: _as_counts(row) for option, row in counts.items()}
    widths = {len(row) for row in rows.values()}
    if len(widths) > 1:
        raise ValueError(f"all options must be graded on the same scale, got sizes {widths}")
    n_grades = widths.pop() if widths else 0
    if rows and n_grades == 0:
        raise ValueError("the grade scale must have at least one grade")
    largest = max((sum(row) for row in rows.values()), default=0)
    if n_voters is None:
        n_voters = largest
    elif n_voters < largest:
        raise ValueError(f"n_voters={n_voters} is less than an option's {largest} grades")
    filled = {option: _fill(row, n_voters) for option, row in rows.items()}
    keys = {option: sort_key(row) for option, row in filled.items()}
    ordered = sorted(filled, key=keys.__getitem__, reverse=True)  # stable: ties keep input order
    groups: list[tuple[str, ...]] = []
    for option in ordered:
        if groups and keys[groups[-1][0]] == keys[option]:
            groups[-1] = (*groups[-1], option)
        else:
            groups.append((option,))
    return MJRanking(
        groups=tuple(groups),
        majority_grades=MappingProxyType(
            {option: majority_grade(row) for option, row in filled.items()}
        ),
        counts=MappingProxyType(filled),
        n_voters=n_voters,
        n_grades=n_grades,
    )


# ---------------------------------------------------------------------- the method
class MajorityJudgment(Method):
    """Each voter grades every option on the rule's scale (`grades:`, worst first); a missing
    grade is the worst. Options are ranked by `rank` above; two options tie only when their
    grades are identical, and ties are reported, never broken."""

    key = "majority_judgment"
    ballot_field = "grades"
    # the bounds of the JSON Schema are the service's; the library does not enforce them
    ballot_type = Annotated[
        dict[str, str],
        Field(
            json_schema_extra={
                "maxProperties": 100,
                "propertyNames": {"minLength": 1, "maxLength": 128},
                "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 100},
            }
        ),
    ]
    ballot_description = "the grade given to each option (option -> grade name)"
    options = (OptionSpec("grades", "order", default=[], help="the scale, worst first"),)
    messages: ClassVar[dict[str, Any]] = {
        "mj.ranking": {
            "en": "majority judgment: {ranking}",
            "fr": "jugement majoritaire : {ranking}",
        },
        "mj.tie": {
            "en": "{options} have identical grades and stay tied",
            "fr": "{options} ont exactement les mêmes mentions et restent à égalité",
        },
        "ballot.no_grades": {
            "en": "ballot of `{voter}` not counted: a majority judgment ballot grades the options "
            "(`grades`)",
            "fr": "bulletin de `{voter}` non compté : un bulletin de jugement majoritaire attribue "
            "des mentions (`grades`)",
        },
        "ballot.unknown_grade": {
            "en": "ballot of `{voter}` not counted: `{grade}` is not a grade of the scale ({scale})",
            "fr": "bulletin de `{voter}` non compté : `{grade}` n'est pas une mention de l'échelle "
            "({scale})",
        },
    }

    def check(self, rule, settings, owner, report):
        grades = settings["grades"]
        span = next((o.pos for o in rule.method_options if o.name == "grades"), None)
        if len(grades) < 2:
            report(
                "error",
                "threshold.grades",
                f"majority judgment in {owner} needs at least 2 grades, "
                f"{'it has none' if not grades else 'it has one'}",
                span or rule.spans.get("method") or rule.pos,
                'list them from worst to best: `grades: "Reject" < "Fair" < "Good"`',
            )
        dupes = sorted({g for g in grades if grades.count(g) > 1})
        if dupes:
            report(
                "error",
                "threshold.grades",
                f"grade `{dupes[0]}` is listed twice in {owner}",
                span,
                "every grade must be different",
            )

    def ballot_problem(self, value, options, settings):
        if value is None:
            return ("ballot.no_grades", {})
        scale = settings["grades"]
        for option, grade in value.items():
            if option not in options:
                return ("ballot.unknown_option", {"option": option})
            if grade not in scale:
                return ("ballot.unknown_grade", {"grade": grade, "scale": Code(" < ".join(scale))})
        return None

    def count(self, values, options, settings, rule):
        cite = self.cite(rule)
        scale = settings["grades"]
        index = {g: i for i, g in enumerate(scale)}
        counts = {o: [0] * len(scale) for o in options}
        for grades in values:
            for option, grade in grades.items():
                counts[option][index[grade]] += 1
        ranking = rank(counts, n_voters=len(values))
        detail = [
            OptionResult(
                option=option,
                rank=position,
                majority_grade=scale[ranking.majority_grades[option]],
            )
            for position, group in enumerate(ranking.groups, 1)
            for option in group
        ]
        reasons = [
            Reason(
                code="mj.ranking",
                cite=cite,
                args={"ranking": detail},
            )
        ]
        reasons += [
            Reason(code="mj.tie", args={"options": Ids(group)})
            for group in ranking.groups
            if len(group) > 1
        ]
        winners = list(ranking.winners)
        return Counted(
            ranking=list(ranking.order),
            detail=detail,
            winners=winners,
            tied=winners if len(winners) > 1 else [],
            reasons=reasons,
        )
