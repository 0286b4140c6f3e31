"""Majority judgment: speed of tally + rank, exactness against pref_voting, linear growth.

Run: .venv/bin/python bench/bench_majority_judgment.py   (about a minute on 2 cores)

Prints:
1. tally+rank time for 20 options x 100,000 voters (median of warm repeated runs) next to a
   plain numpy bincount tally of the same grades, and their ratio;
2. a cross-check against pref_voting's majority_judgement on thousands of random profiles
   (pref_voting breaks median ties by the majority gauge only: where it names a single winner,
   ours must be that winner; where it reports a tie, our winners must be among its winners);
3. the time ratio to pref_voting at 10,000 voters;
4. the cost at 10^3 .. 10^6 voters (linear growth).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from charter_engine.methods import majority_judgment as mj  # noqa: E402

N_OPTIONS = 20
N_GRADES = 7
SEED = 20240501


def grade_matrix(rng: np.random.Generator, n_voters: int, n_options: int = N_OPTIONS):
    """Random grades (int8), about 5% missing (-1); options differ in mean grade."""
    bias = np.linspace(-1.5, 1.5, n_options)
    raw = rng.normal(loc=3 + bias, scale=1.6, size=(n_voters, n_options))
    grades = np.clip(np.rint(raw), 0, N_GRADES - 1).astype(np.int8)
    grades[rng.random((n_voters, n_options)) < 0.05] = -1
    return grades


def median_time(fn, repeats: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def tally_and_rank(grades: np.ndarray) -> mj.MJRanking:
    counts = mj.tally(grades, N_GRADES)
    return mj.rank({f"o{j}": row for j, row in enumerate(counts.tolist())})


def plain_bincount(grades: np.ndarray) -> np.ndarray:
    """The baseline: one bincount of (grade + 1) offset by option, no checks, no ranking."""
    width = N_GRADES + 1
    offsets = np.arange(grades.shape[1]) * width + 1
    codes = grades + offsets  # int8 + int64 -> int64
    return np.bincount(codes.ravel(), minlength=grades.shape[1] * width)


def section_speed(rng: np.random.Generator) -> None:
    grades = grade_matrix(rng, 100_000)
    ours = median_time(lambda: tally_and_rank(grades), repeats=31)
    base = median_time(lambda: plain_bincount(grades), repeats=31)
    counts = mj.tally(grades, N_GRADES)
    mapping = {f"o{j}": row for j, row in enumerate(counts.tolist())}
    rank_only = median_time(lambda: mj.rank(mapping), repeats=101)
    print("1. speed, 20 options x 100,000 voters, 7 grades, 5% missing (int8 matrix)")
    print(f"   tally+rank (median of 31 warm runs): {ours * 1e3:8.2f} ms")
    print(f"   plain numpy bincount tally:         {base * 1e3:8.2f} ms")
    print(f"   ratio tally+rank / bincount:        {ours / base:8.2f}")
    print(f"   rank alone (on the counts):         {rank_only * 1e3:8.3f} ms")


def pref_voting_profile(grades: np.ndarray):
    from pref_voting.grade_profiles import GradeProfile

    return GradeProfile(
        [dict(enumerate(np.maximum(row, 0).tolist())) for row in grades],
        list(range(N_GRADES)),
        candidates=list(range(grades.shape[1])),
    )


def section_cross_check() -> None:
    from pref_voting.grade_methods import majority_judgement

    rnd = random.Random(SEED)
    stats = dict(profiles=0, single=0, agree=0, disagree=0, tie=0, inside=0, separated=0, outside=0)
    start = time.perf_counter()
    shapes = [(1, 30)] * 4000 + [(100, 2000)] * 150
    for low, high in shapes:
        n_voters = rnd.randint(low, high)
        n_options = rnd.randint(2, 6)
        n_grades = rnd.randint(2, N_GRADES)
        grades = np.array(
            [[rnd.randint(-1, n_grades - 1) for _ in range(n_options)] for _ in range(n_voters)]
        )
        gprofile = pref_voting_profile(grades)
        theirs = tuple(f"o{j}" for j in majority_judgement(gprofile))
        counts = mj.tally(grades, n_grades)
        ours = mj.rank({f"o{j}": row for j, row in enumerate(counts.tolist())}).winners
        stats["profiles"] += 1
        if len(theirs) == 1:
            stats["single"] += 1
            stats["agree" if ours == theirs else "disagree"] += 1
        else:
            stats["tie"] += 1
            if set(ours) <= set(theirs):
                stats["inside"] += 1
                stats["separated"] += len(ours) < len(theirs)
            else:
                stats["outside"] += 1
    elapsed = time.perf_counter() - start
    print("2. cross-check against pref_voting.grade_methods.majority_judgement")
    print(
        f"   profiles: {stats['profiles']} (4000 with 1-30 voters, 150 with 100-2000; "
        f"2-6 options, 2-7 grades, missing = lowest) in {elapsed:.1f} s"
    )
    print(
        f"   pref_voting single winner: {stats['single']:5d}  agreements {stats['agree']}, "
        f"disagreements {stats['disagree']}"
    )
    print(
        f"   pref_voting tie:           {stats['tie']:5d}  ours among its winners "
        f"{stats['inside']} (of which separated by majority values: {stats['separated']}), "
        f"outside {stats['outside']}"
    )
    if stats["disagree"] or stats["outside"]:
        raise SystemExit("DISAGREEMENT with pref_voting")


def section_vs_pref_voting(rng: np.random.Generator) -> None:
    from pref_voting.grade_methods import majority_judgement

    grades = grade_matrix(rng, 10_000)
    ours = median_time(lambda: tally_and_rank(grades), repeats=31)
    gprofile = pref_voting_profile(grades)
    build = median_time(lambda: pref_voting_profile(grades), repeats=3, warmup=0)
    theirs = median_time(lambda: majority_judgement(gprofile), repeats=3, warmup=1)
    same = majority_judgement(gprofile) == [int(o[1:]) for o in tally_and_rank(grades).winners]
    print("3. against pref_voting, 20 options x 10,000 voters, 7 grades")
    print(f"   ours tally+rank:                     {ours * 1e3:10.2f} ms")
    print(f"   pref_voting majority_judgement:      {theirs * 1e3:10.2f} ms (profile built)")
    print(f"   pref_voting building its profile:    {build * 1e3:10.2f} ms")
    print(f"   ratio pref_voting / ours (method):   {theirs / ours:10.0f}x")
    print(f"   ratio incl. profile building:        {(theirs + build) / ours:10.0f}x")
    print(f"   same winner: {same}")


def section_scaling(rng: np.random.Generator) -> None:
    print("4. cost against electorate size, 20 options, 7 grades")
    print("   voters       tally+rank     ns per grade   ratio to previous")
    previous = None
    for n_voters in (1_000, 10_000, 100_000, 1_000_000):
        grades = grade_matrix(rng, n_voters)
        repeats = 51 if n_voters <= 10_000 else (21 if n_voters <= 100_000 else 7)
        seconds = median_time(lambda grades=grades: tally_and_rank(grades), repeats=repeats)
        per = seconds / (n_voters * N_OPTIONS) * 1e9
        ratio = f"{seconds / previous:8.1f}" if previous else "       -"
        print(f"   {n_voters:>9,d}   {seconds * 1e3:9.3f} ms   {per:10.2f}   {ratio}")
        previous = seconds


def main() -> None:
    rng = np.random.default_rng(SEED)
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}")
    section_speed(rng)
    section_cross_check()
    section_vs_pref_voting(rng)
    section_scaling(rng)


if __name__ == "__main__":
    main()
