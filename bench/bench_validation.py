"""Benchmark of request validation (api/validation.py) beside the engine's own work.

Run: .venv/bin/python bench/bench_validation.py   (about 15 s)

For the body of `POST /v1/evaluate` with 100 members and 100 ballots (`evaluate_body(100)` of
bench/bench_service.py), decoded once, in one run (warm medians):

1. the engine's own work: `charter.evaluate(case)` of the compiled charter;
2. our `validate(body, "Evaluate")`: the compiled acceptor proves the body valid, and no
   jsonschema code runs.  `escapes=False`, as `json_body` passes for this body (it holds no
   `\\u0000` or surrogate escape, so its strings need no scan);
3. jsonschema's stock Draft202012Validator on the same (ref-inlined) schema, for reference;

and the ratio validation / engine.  Target: at most 2 (the exit status is 1 otherwise).
Engine and validation are measured in alternation, round after round, so that a change of
load on a shared machine weighs on both alike.

Also printed: the error path, for the same body with one bad ballot (`validate` raises the
Problem: the acceptor answers no, then jsonschema, extended only to skip what the acceptor
proves valid, makes the errors), beside the stock validator on that body; the string scan a
body with a NUL or surrogate escape adds; and the first build of the validator (inlining the
references, checking the schema, compiling the acceptor), in a fresh process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_service import EVAL_CHARTER, evaluate_body  # noqa: E402
from jsonschema import Draft202012Validator  # noqa: E402

import charter_engine  # noqa: E402
from api.errors import Problem  # noqa: E402
from api.validation import decode, format_checker, validate, validator  # noqa: E402

ROUNDS = 401  # engine and validation, alternately
STOCK_RUNS = 41
TARGET = 2.0

FIRST_BUILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from api.validation import validator
t = time.perf_counter()
validator("Evaluate")
print((time.perf_counter() - t) * 1e3)
"""


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def alternating(fns: dict[str, object], rounds: int) -> dict[str, float]:
    """Median seconds of each function, called in turn round after round (after a warm-up)."""
    for fn in fns.values():
        for _ in range(10):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            times[name].append(timed(fn))
    return {name: statistics.median(ts) for name, ts in times.items()}


def median(fn, runs: int) -> float:
    fn()
    return statistics.median(timed(fn) for _ in range(runs))


def refused(body, schema: str, **kw) -> None:
    try:
        validate(body, schema, **kw)
    except Problem:
        return
    raise AssertionError("the bad body was accepted")


def main() -> int:
    raw = evaluate_body(100)
    body = decode(raw)
    case = body["case"]
    charter = charter_engine.load(EVAL_CHARTER)
    result = charter.evaluate(case)
    assert result.outcome is not None, result  # a decision, not an error
    assert b"\\u" not in raw  # what json_body sees: no escape, no string scan

    bad = decode(raw)
    bad["case"]["ballots"][50]["choice"] = "maybe"
    inlined = validator("Evaluate").schema
    stock = Draft202012Validator(inlined, format_checker=format_checker)
    assert not list(stock.iter_errors(body)) and list(stock.iter_errors(bad))
    validate(body, "Evaluate", escapes=False)

    load_before = os.getloadavg()[0]
    warm = alternating(
        {
            "engine": lambda: charter.evaluate(case),
            "validate": lambda: validate(body, "Evaluate", escapes=False),
        },
        ROUNDS,
    )
    engine, ours = warm["engine"], warm["validate"]
    theirs = median(lambda: next(stock.iter_errors(body), None), STOCK_RUNS)
    bad_ours = median(lambda: refused(bad, "Evaluate", escapes=False), ROUNDS // 2)
    bad_theirs = median(lambda: list(stock.iter_errors(bad)), STOCK_RUNS)
    scan = median(lambda: validate(body, "Evaluate", escapes=True), ROUNDS // 2) - ours
    first = float(
        subprocess.run(
            [sys.executable, "-c", FIRST_BUILD, str(ROOT)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    load_after = os.getloadavg()[0]
    ratio = ours / engine

    us = 1e6
    print(
        f"POST /v1/evaluate body: 100 members, 100 ballots, {len(raw):,} bytes "
        f"(load average {load_before:.2f} before, {load_after:.2f} after, "
        f"{os.cpu_count()} cores)"
    )
    print(f"  engine, charter.evaluate(case)           {engine * us:8.1f} µs")
    print(
        f"  validate(body, 'Evaluate')               {ours * us:8.1f} µs   "
        f"ratio validation / engine {ratio:.2f} (target <= {TARGET:g})"
    )
    print(
        f"  jsonschema Draft202012Validator (stock)  {theirs * us:8.1f} µs   "
        f"{theirs / ours:.0f}x ours"
    )
    print("  one bad ballot (ballots[50].choice = 'maybe'):")
    print(f"    validate -> Problem                    {bad_ours * us:8.1f} µs")
    print(
        f"    jsonschema stock, its errors           {bad_theirs * us:8.1f} µs   "
        f"{bad_theirs / bad_ours:.0f}x ours"
    )
    print(f"  + string scan (a \\u0000 or surrogate escape in the body) {scan * us:6.1f} µs")
    print(f"  first build of the Evaluate validator (fresh process)    {first:6.1f} ms")
    print()
    print("| body | engine (µs) | validate (µs) | stock jsonschema (µs) | validate / engine |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| valid, 100 members / 100 ballots | {engine * us:.0f} | {ours * us:.0f} | "
        f"{theirs * us:.0f} | {ratio:.2f} |"
    )
    print(
        f"| one bad ballot (error path) | — | {bad_ours * us:.0f} | {bad_theirs * us:.0f} | "
        f"{bad_ours / engine:.2f} |"
    )
    if ratio > TARGET:
        print(f"\nvalidation costs {ratio:.2f}x the engine's own work: target {TARGET:g}x missed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
