"""Approval: speed of tally + rank, exactness against pref_voting, linear growth.

Run: .venv/bin/python bench/bench_approval.py   (a few seconds on 2 cores)

Prints the tally+rank time for 20 options x 100,000 ballots next to a plain numpy column sum of
the same ballots, a cross-check against pref_voting's approval (its winners, all tied for the
most approvals, must be our first tie group) on thousands of random profiles, the time ratio to
pref_voting at 10,000 voters, and the cost at 10^3 .. 10^6 voters.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from charter_engine.methods import approval  # noqa: E402

N_OPTIONS = 20
SEED = 20240502


def ballots(rng: np.random.Generator, n_voters: int, n_options: int = N_OPTIONS) -> np.ndarray:
    """Random approval ballots (bool), options approved with probabilities 0.2 .. 0.6."""
    return rng.random((n_voters, n_options)) < np.linspace(0.2, 0.6, n_options)


def median_time(fn, repeats: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def tally_and_rank(matrix: np.ndarray, winners: int = 3) -> approval.ApprovalResult:
    counts = approval.tally(matrix)
    return approval.rank({f"o{j}": c for j, c in enumerate(counts.tolist())}, winners)


def pref_voting_profile(matrix: np.ndarray):
    from pref_voting.grade_profiles import GradeProfile

    return GradeProfile(
        [dict(enumerate(row.astype(int).tolist())) for row in matrix],
        [0, 1],
        candidates=list(range(matrix.shape[1])),
    )


def main() -> None:
    from pref_voting.grade_methods import approval as pv_approval

    rng = np.random.default_rng(SEED)
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}")

    matrix = ballots(rng, 100_000)
    ours = median_time(lambda: tally_and_rank(matrix), repeats=31)
    base = median_time(lambda: matrix.sum(axis=0), repeats=31)
    print("1. speed, 20 options x 100,000 ballots (bool matrix), winners: 3")
    print(f"   tally+rank (median of 31 warm runs): {ours * 1e3:8.3f} ms")
    print(f"   plain numpy column sum:             {base * 1e3:8.3f} ms")
    print(f"   ratio tally+rank / sum:             {ours / base:8.2f}")

    rnd = random.Random(SEED)
    profiles = agree = disagree = single = 0
    start = time.perf_counter()
    for _ in range(3000):
        n_voters, n_options = rnd.randint(1, 30), rnd.randint(2, 8)
        small = np.array([[rnd.random() < 0.4 for _ in range(n_options)] for _ in range(n_voters)])
        theirs = {f"o{j}" for j in pv_approval(pref_voting_profile(small))}
        result = tally_and_rank(small, winners=1)
        profiles += 1
        single += len(theirs) == 1
        if set(result.ranking[0]) == theirs and (result.winners == tuple(theirs)) == (
            len(theirs) == 1
        ):
            agree += 1
        else:
            disagree += 1
    elapsed = time.perf_counter() - start
    print("2. cross-check against pref_voting.grade_methods.approval")
    print(
        f"   profiles: {profiles} (1-30 voters, 2-8 options) in {elapsed:.1f} s; "
        f"single winner in {single}"
    )
    print(f"   agreements {agree}, disagreements {disagree}")
    if disagree:
        raise SystemExit("DISAGREEMENT with pref_voting")

    matrix = ballots(rng, 10_000)
    ours = median_time(lambda: tally_and_rank(matrix), repeats=31)
    gprofile = pref_voting_profile(matrix)
    theirs = median_time(lambda: pv_approval(gprofile), repeats=3, warmup=1)
    print("3. against pref_voting, 20 options x 10,000 ballots")
    print(f"   ours tally+rank:             {ours * 1e3:9.3f} ms")
    print(f"   pref_voting approval:        {theirs * 1e3:9.3f} ms (profile built)")
    print(f"   ratio pref_voting / ours:    {theirs / ours:9.0f}x")

    print("4. cost against electorate size, 20 options")
    print("   voters       tally+rank     ns per ballot cell   ratio to previous")
    previous = None
    for n_voters in (1_000, 10_000, 100_000, 1_000_000):
        matrix = ballots(rng, n_voters)
        repeats = 51 if n_voters <= 100_000 else 11
        seconds = median_time(lambda matrix=matrix: tally_and_rank(matrix), repeats=repeats)
        per = seconds / (n_voters * N_OPTIONS) * 1e9
        ratio = f"{seconds / previous:8.1f}" if previous else "       -"
        print(f"   {n_voters:>9,d}   {seconds * 1e3:9.3f} ms   {per:12.3f}   {ratio}")
        previous = seconds


if __name__ == "__main__":
    main()
