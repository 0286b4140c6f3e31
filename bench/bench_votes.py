"""Benchmark of a majority proposal through `charter.evaluate(case_dict)` (issue 3, Performance).

Prints, for 10^3 .. 10^6 ballots (one member per ballot, choices for/against/abstain drawn with
a fixed seed):

* the warm median of the whole `charter.evaluate(case)` and of its phases: `parse_case` (the
  case's validation: members and ballots), `Context` (typing member attributes), and the vote
  itself (`decide` + explanation);
* the time per ballot (linear growth shows as a flat column);
* a plain `numpy.bincount` tally of the same ballots, measured in the same run, in two forms:
  over a ready int8 array of choice codes, and from the ballot dicts (codes built in Python
  first), with the ratio of `charter.evaluate` to each;
* peak memory of one evaluation at the largest size (tracemalloc, and the process's max RSS).

    .venv/bin/python bench/bench_votes.py            # 10^3 .. 10^6
    .venv/bin/python bench/bench_votes.py --max 5    # 10^3 .. 10^5
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
import tracemalloc

import numpy as np

import charter_engine
from charter_engine.case import _plain_ballots, parse_case
from charter_engine.evaluate.context import Context
from charter_engine.evaluate.votes import decide

CHARTER = charter_engine.load("""charter "Bench" {
  version "1"
  body assembly {
    members: everyone
    decides: *
    rule default {
      voters: members
      quorum: at least 1/4 of members
      for: more than 1/2 of expressed
    }
  }
}""")
CHOICES = ("for", "against", "abstain")


def make_case(n: int, seed: int = 3) -> tuple[dict, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes = rng.choice(3, size=n, p=[0.5, 0.4, 0.1]).astype(np.int8)
    members = [{"id": f"m{i}"} for i in range(n)]
    ballots = [{"voter": f"m{i}", "choice": CHOICES[c]} for i, c in enumerate(codes.tolist())]
    return {"members": members, "proposal": {"subject": "budget"}, "ballots": ballots}, codes


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max", type=int, default=6, help="largest power of ten")
    args = parser.parse_args()
    code_of = {c: i for i, c in enumerate(CHOICES)}
    rows = []
    for power in range(3, args.max + 1):
        n = 10**power
        case, codes = make_case(n)
        repeat = {3: 41, 4: 21, 5: 7, 6: 5}.get(power, 3)
        decision = CHARTER.evaluate(case)  # warm up, and check the count
        expected = np.bincount(codes, minlength=3)
        assert [decision.counts[c] for c in CHOICES] == expected.tolist(), decision.counts
        total = median_time(lambda case=case: CHARTER.evaluate(case), repeat)
        parse = median_time(lambda case=case: parse_case(case), repeat)
        columns = median_time(lambda case=case: _plain_ballots(case["ballots"]), repeat)
        parsed = parse_case(case)
        context = median_time(lambda parsed=parsed: Context(CHARTER, parsed), repeat)
        ctx = Context(CHARTER, parsed)
        vote = median_time(lambda ctx=ctx: decide(ctx), repeat)
        pure = median_time(lambda codes=codes: np.bincount(codes, minlength=3), max(repeat, 11))
        ballots = case["ballots"]
        from_dicts = median_time(
            lambda ballots=ballots: np.bincount(
                np.fromiter(
                    (code_of[b["choice"]] for b in ballots), dtype=np.int8, count=len(ballots)
                ),
                minlength=3,
            ),
            repeat,
        )
        rows.append((n, total, parse, columns, context, vote, pure, from_dicts))
        print(
            f"10^{power}: evaluate {total * 1e3:9.2f} ms  (parse {parse * 1e3:8.2f} of which "
            f"ballots {columns * 1e3:8.2f}, context {context * 1e3:8.2f}, vote "
            f"{vote * 1e3:8.2f})  bincount {pure * 1e3:7.3f} ms, from dicts "
            f"{from_dicts * 1e3:8.2f} ms",
            flush=True,
        )
        del case, parsed, ctx, decision
        gc.collect()

    print()
    print(
        "| ballots | evaluate (ms) | µs/ballot | parse_case | of which ballots | Context "
        "| vote (decide) | ballots + vote, µs/ballot | bincount (ms) | ratio "
        "| bincount from dicts (ms) | ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, total, parse, columns, context, vote, pure, from_dicts in rows:
        print(
            f"| {n:,} | {total * 1e3:.2f} | {total / n * 1e6:.2f} | {parse * 1e3:.2f} | "
            f"{columns * 1e3:.2f} | {context * 1e3:.2f} | {vote * 1e3:.2f} | "
            f"{(columns + vote) / n * 1e6:.2f} | {pure * 1e3:.3f} | {total / pure:,.0f} | "
            f"{from_dicts * 1e3:.2f} | {total / from_dicts:.1f} |"
        )

    n = 10**args.max
    case, _ = make_case(n)
    gc.collect()
    tracemalloc.start()
    CHARTER.evaluate(case)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ctx = Context(CHARTER, parse_case(case))
    gc.collect()
    tracemalloc.start()
    _plain_ballots(case["ballots"])
    decide(ctx)
    _, vote_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(
        f"peak memory of one evaluation of {n:,} ballots: {peak / 2**20:.0f} MiB allocated "
        f"(tracemalloc, above the case dict itself); of the ballots' columns and the vote "
        f"alone: {vote_peak / 2**20:.0f} MiB; process max RSS {rss:.0f} MiB "
        "(includes the case dict and the runs above)"
    )


if __name__ == "__main__":
    main()
