"""Budgets: the cost of judging a round grows linearly with allocations, supports and claims.

Run: .venv/bin/python bench/bench_budgets.py [--max 1000000] [--repeats 5]
     (about 6 minutes on 2 cores at the default sizes, most of it building the 10^6 cases)

For 10^3 .. 10^6 allocations, listed in random order of time and in time order (an
Artefacts-like round: 430 EUR envelopes for 90 % of the
members, windows from the meeting, 90 % funding, no overfunding, some allocations out of the
window, unknown or cut) and as many supports (a participatory budget: certified groups, a
threshold parameter, claims = 1/10 of the supports), prints the median time of
`budgets.judge(ctx)` over warm repeats (wall clock, and CPU time of the process, which is the
steadier figure on a shared machine), and the CPU time per item, which must stay roughly
constant, next to a bare loop over the same facts in the same order (the memory-access floor:
its per-item time grows too, as the facts outgrow the CPU caches).
Parsing the case (pydantic validation of the JSON-shaped facts) is measured once and shown apart:
it is not part of `judge`, and is linear too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import charter_engine  # noqa: E402
from charter_engine.case import parse_case  # noqa: E402
from charter_engine.evaluate.budgets import judge  # noqa: E402
from charter_engine.evaluate.budgets.facts import in_order  # noqa: E402
from charter_engine.evaluate.context import Context  # noqa: E402

CHARTER = """
charter "Bench" {
  version "1"
  attributes {
    associate: bool
    entrepreneur: bool
    certified: bool
  }
  body council "Council" {
    members: everyone
    decides: *
    rule default: majority of members
  }
  budget round "Round" {
    envelope: 430 EUR per member where associate
    may propose: everyone
    proposers: at least 2 where entrepreneur
    proposals: from 1 month before meeting until 2 weeks before meeting
    allocations: from 2 weeks before meeting until meeting
    funded: allocated at least 90% of goal
    overfunding: no
  }
  budget national "Participatory" {
    total: 100000000 EUR
    voters: everyone where certified
    may propose: everyone where certified
    support: approval
    fundable: supporters more than threshold
    reimburse: up to goal per supporter
  }
  parameter threshold: 20 set by council
}
"""

MEETING = dt.date(2024, 6, 30)
REPEATS = {10**3: 31, 10**4: 11, 10**5: 5, 10**6: 3}
SEED = 20240611


def allocation_case(n: int, rng: random.Random) -> dict:
    n_members = max(100, n // 5)
    n_projects = max(10, n // 100)
    members = [
        {"id": f"m{i}", "attributes": {"associate": rng.random() < 0.9, "entrepreneur": i % 2 == 0}}
        for i in range(n_members)
    ]
    projects = [
        {
            "id": f"p{j}",
            "goal": f"{rng.randint(3000, 6000)} EUR",
            # two entrepreneurs (even ids), except one project in ten: a single one
            "proposers": [
                f"m{2 * rng.randrange(n_members // 2)}",
                f"m{2 * rng.randrange(n_members // 2) + (j % 10 == 0)}",
            ],
            "proposed": str(MEETING - dt.timedelta(days=rng.randint(14, 31))),
        }
        for j in range(n_projects)
    ]
    allocations = []
    for _ in range(n):
        member = f"m{rng.randrange(n_members)}" if rng.random() > 0.01 else "stranger"
        day = MEETING - dt.timedelta(days=rng.randint(0, 14) if rng.random() > 0.02 else 20)
        allocations.append(
            {
                "member": member,
                "project": f"p{rng.randrange(n_projects)}",
                "amount": f"{rng.randint(5, 80)} EUR",
                "at": f"{day}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
            }
        )
    return {
        "members": members,
        "budget": "round",
        "round": {"meeting": str(MEETING)},
        "projects": projects,
        "allocations": allocations,
    }


def chronological_case(n: int, rng: random.Random) -> dict:
    data = allocation_case(n, rng)
    data["allocations"].sort(key=lambda a: a["at"])
    return data


def support_case(n: int, rng: random.Random) -> dict:
    n_members = max(100, n // 10)
    n_projects = max(10, n // 100)
    members = [
        {"id": f"g{i}", "attributes": {"certified": rng.random() < 0.95}} for i in range(n_members)
    ]
    projects = [
        {
            "id": f"a{j}",
            "goal": f"{rng.randint(100, 2000)} EUR",
            "proposers": [f"g{rng.randrange(n_members)}"],
        }
        for j in range(n_projects)
    ]
    supports = [
        {"voter": f"g{rng.randrange(n_members)}", "project": f"a{rng.randrange(n_projects)}"}
        for _ in range(n)
    ]
    claims = []
    for _ in range(n // 10):
        s = supports[rng.randrange(n)]
        claims.append(
            {"by": s["voter"], "project": s["project"], "amount": f"{rng.randint(10, 500)} EUR"}
        )
    return {
        "members": members,
        "budget": "national",
        "projects": projects,
        "supports": supports,
        "claims": claims,
        "parameters": {"threshold": 5},
    }


def bare_loop(ctx) -> None:
    """The reference: the same facts taken in the same order, each amount added to its member's
    total (or each support to its action's count), nothing else."""
    items = ctx.case.allocations or ctx.case.supports
    totals: dict[str, int] = {}
    if ctx.case.allocations:
        for i in in_order(items):
            a = items[i]
            totals[a.member] = totals.get(a.member, 0) + a.amount.cents
    else:
        for i in in_order(items):
            totals[items[i].project] = totals.get(items[i].project, 0) + 1


def measure(charter, data: dict, repeats: int) -> tuple:
    """(median wall time, median and best CPU time of the process, median CPU time of the bare
    loop, parse time, result)."""
    start = time.perf_counter()
    ctx = Context(charter, parse_case(data))
    parse = time.perf_counter() - start
    result = judge(ctx)  # warm-up (and the figures shown)
    wall, cpu, bare = [], [], []
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            judge(ctx)
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start)
            start_cpu = time.process_time()
            bare_loop(ctx)
            bare.append(time.process_time() - start_cpu)
    finally:
        gc.enable()
    return (
        statistics.median(wall),
        statistics.median(cpu),
        min(cpu),
        statistics.median(bare),
        parse,
        result,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max", type=int, default=10**6)
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="runs per size (default: 31, 11, 5, 3 for 10^3 .. 10^6)",
    )
    args = parser.parse_args()
    charter = charter_engine.load(CHARTER)
    sizes = [n for n in (10**3, 10**4, 10**5, 10**6) if n <= args.max]
    print(
        f"Python {sys.version.split()[0]}; judge: median (and best) of warm runs, CPU time of "
        f"the process; parse measured once; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores"
    )
    for label, build in (
        ("allocations, listed in random order of time", allocation_case),
        ("allocations, listed in time order (as the service records them)", chronological_case),
        ("supports (and claims, 1/10 of the supports)", support_case),
    ):
        print(f"\n{label}:")
        print(
            f"{'n':>9} | {'runs':>4} | {'wall ms':>8} | {'CPU ms':>8} | {'µs/item':>7} | "
            f"{'best µs/item':>12} | {'bare µs/item':>12} | {'parse s':>7} | outcome"
        )
        print("-" * 135)
        for n in sizes:
            rng = random.Random(SEED + n)
            data = build(n, rng)
            repeats = REPEATS.get(n, 5) if args.repeats is None else args.repeats
            wall, cpu, best, bare, parse, result = measure(charter, data, repeats)
            items = n + len(data.get("claims", []))
            if label.startswith("allocations"):
                outcome = (
                    f"{len(result.funded)} funded, {len(result.not_funded)} not, "
                    f"{len(result.rejected_allocations)} refused/cut"
                )
            else:
                outcome = (
                    f"{len(result.fundable)} fundable, {len(result.valid_claims)} "
                    f"valid claims, {len(result.rejected_claims)} refused"
                )
            print(
                f"{n:>9} | {repeats:>4} | {wall * 1e3:>8.1f} | {cpu * 1e3:>8.1f} | "
                f"{cpu / items * 1e6:>7.2f} | {best / items * 1e6:>12.2f} | "
                f"{bare / n * 1e6:>12.2f} | {parse:>7.2f} | "
                f"{outcome} [load {os.getloadavg()[0]:.1f}]",
                flush=True,
            )
            del data, result
            gc.collect()


if __name__ == "__main__":
    main()
