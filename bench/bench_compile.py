"""Compile time of the largest charter: warm (in process) and cold (`charter check` in a new process).

Run: .venv/bin/python bench/bench_compile.py [--strict]   (about 30 s on 2 cores)

1. warm: `compile_source` on the largest file of charters/ (by size), in this process, after a
   warm-up (the Lark parser is built once per process and cached): median of 101 runs.
   Target: under 20 ms.
2. cold: `charter check FILE` as a new process, median of 11 runs, next to a cold
   `python -c pass` measured in the same run (the interpreter's own start-up), and their ratio.
   Target: under 400 ms. The package's bytecode is compiled first (`compileall`), as `pip
   install` does for an installed package and as any run after the first finds it: this
   machine sets PYTHONDONTWRITEBYTECODE, so an editable checkout would otherwise recompile every
   module from source at each start. The same check without the package's bytecode (its
   modules compiled from source at each start, the libraries' bytecode kept) is printed beside it.
3. where a cold start goes: one fresh process that times, in order, importing charter_engine,
   importing the CLI module with its extensions (the service's subcommands), building the parser,
   and the first compile.
4. where a warm compile goes: parse (Lark), build the model, check (medians of the same runs).
5. what a lean `charter check` would cost: a fresh process that imports only the compiler (not
   the service's subcommands) and loads the Lark parser from Lark's own cache file (built once,
   in a temporary directory, by the first run), then compiles and prints the diagnostics: the
   cold start `charter check` could have (median of 11).

The load average is printed before and after: on a shared machine, figures taken under a load
above the number of cores are inflated (the minimum is then the better guide).

With --strict the script exits 1 when a target is missed (the figures are printed either way).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WARM_RUNS, WARM_UP = 101, 10
COLD_RUNS = 11
WARM_TARGET_MS, COLD_TARGET_MS = 20.0, 400.0

BREAKDOWN = r"""
import json, sys, time
t0 = time.perf_counter()
import charter_engine
t1 = time.perf_counter()
import charter_engine.cli as cli
cli.build_parser()                     # registers every subcommand, as `charter check` does
t2 = time.perf_counter()
from charter_engine.syntax.parser import parser
parser()
t3 = time.perf_counter()
from charter_engine import compile_source
compile_source(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1])
t4 = time.perf_counter()
print(json.dumps({"import charter_engine": t1 - t0, "import the CLI and its extensions": t2 - t1,
                  "build the Lark parser": t3 - t2, "first compile": t4 - t3}))
"""


def largest_charter() -> Path:
    files = sorted((ROOT / "charters").glob("*.charter"), key=lambda p: (-p.stat().st_size, p.name))
    if not files:
        raise SystemExit("no charter in charters/")
    return files[0]


def charter_command() -> list[str]:
    script = Path(sys.executable).with_name("charter")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "charter_engine.cli"]


def warm_times(text: str, filename: str) -> list[float]:
    from charter_engine import compile_source

    for _ in range(WARM_UP):
        _model, diagnostics = compile_source(text, filename)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise SystemExit(f"{filename} does not compile: {errors[0].message}")
    times = []
    for _ in range(WARM_RUNS):
        start = time.perf_counter()
        compile_source(text, filename)
        times.append(time.perf_counter() - start)
    return times


PACKAGES = ("charter_engine", "api")


def compile_bytecode() -> None:
    """Write the package's .pyc files, as `pip install` does (see 2. above)."""
    import compileall

    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)


def remove_bytecode() -> None:
    import shutil

    for package in PACKAGES:
        for cache in (ROOT / package).rglob("__pycache__"):
            shutil.rmtree(cache)


def cold_times(command: list[str], runs: int = COLD_RUNS, **extra_env: str) -> list[float]:
    env = {**os.environ, **extra_env}
    times = []
    for _ in range(runs + 1):  # the first run warms the OS file cache; it is not counted
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(
                f"`{' '.join(command)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}"
            )
    return times[1:]


LEAN = r"""
import sys
from lark import Lark
import charter_engine.syntax.parser as p
from charter_engine import compile_source

def cached():
    plain = Lark(p.grammar_text(), parser="lalr", lexer="contextual", cache=sys.argv[2] + ".plain")
    return Lark(p.grammar_text(), parser="lalr", lexer="contextual", propagate_positions=True,
                maybe_placeholders=False, cache=sys.argv[2],
                lexer_callbacks={t.name: p._record for t in plain.terminals})

p.parser = cached()
p.parser = (lambda built: (lambda: built))(p.parser)
text = open(sys.argv[1], encoding="utf-8").read()
_model, diagnostics = compile_source(text, sys.argv[1])
for d in diagnostics:
    print(d.render())
print(sys.argv[1] + (": ok" if not any(d.severity == "error" for d in diagnostics) else ": errors"))
"""


def warm_split(text: str) -> dict[str, float]:
    from charter_engine.check import check
    from charter_engine.syntax import compile_tree, parse

    parts: dict[str, list[float]] = {"parse (Lark)": [], "build the model": [], "check": []}
    for _ in range(WARM_RUNS):
        t0 = time.perf_counter()
        tree, _ = parse(text)
        t1 = time.perf_counter()
        model, _ = compile_tree(tree, text)
        t2 = time.perf_counter()
        check(model)
        t3 = time.perf_counter()
        for key, value in zip(parts, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            parts[key].append(value)
    return {key: statistics.median(values) for key, values in parts.items()}


def load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:  # pragma: no cover - not on this platform
        return "unknown"
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:7.1f} ms"


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    path = largest_charter()
    rel = path.relative_to(ROOT)
    text = path.read_text("utf-8")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"largest charter: {rel} ({path.stat().st_size} bytes, {text.count(chr(10))} lines)")
    print(f"load average before: {load()}")

    warm = warm_times(text, str(rel))
    warm_median = statistics.median(warm)
    print(
        f"1. warm compile (median of {WARM_RUNS} after {WARM_UP} warm-up runs): "
        f"{ms(warm_median)}  (min {ms(min(warm)).strip()}, max {ms(max(warm)).strip()})"
        f"  target < {WARM_TARGET_MS:.0f} ms: {'ok' if warm_median * 1e3 < WARM_TARGET_MS else 'MISSED'}"
    )

    compile_bytecode()
    check = cold_times([*charter_command(), "check", str(rel)])
    bare = cold_times([sys.executable, "-c", "pass"])
    check_median, bare_median = statistics.median(check), statistics.median(bare)
    print(
        f"2. cold `charter check {rel}` (median of {COLD_RUNS}): {ms(check_median)}"
        f"  (min {ms(min(check)).strip()})"
        f"  target < {COLD_TARGET_MS:.0f} ms: "
        f"{'ok' if check_median * 1e3 < COLD_TARGET_MS else 'MISSED'}"
    )
    print(f"   cold `python -c pass` (median of {COLD_RUNS}):          {ms(bare_median)}")
    print(f"   ratio charter check / python -c pass:            {check_median / bare_median:7.1f}")
    remove_bytecode()
    try:
        source = cold_times([*charter_command(), "check", str(rel)], PYTHONDONTWRITEBYTECODE="1")
    finally:
        compile_bytecode()
    print(
        f"   the same, the package compiled from source at each start (median of {COLD_RUNS}): "
        f"{ms(statistics.median(source))}  (min {ms(min(source)).strip()})"
    )

    done = subprocess.run(
        [sys.executable, "-c", BREAKDOWN, str(rel)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    parts = json.loads(done.stdout)
    print("3. where a cold start goes (one fresh process):")
    for label, seconds in parts.items():
        print(f"   {label:<36} {ms(seconds)}")
    print(f"   {'total after interpreter start-up':<36} {ms(sum(parts.values()))}")

    try:
        split = warm_split(text)
    except TypeError:  # the compiler's signature changed: the split is only informative
        split = {}
    if split:
        print(f"4. where a warm compile goes (medians of {WARM_RUNS} runs):")
        for label, seconds in split.items():
            print(f"   {label:<36} {ms(seconds)}")
    with tempfile.TemporaryDirectory() as tmp:
        lean = cold_times([sys.executable, "-c", LEAN, str(rel), str(Path(tmp) / "lark.cache")])
    print(
        f"5. lean cold check (compiler only, cached Lark parser; median of {COLD_RUNS}): "
        f"{ms(statistics.median(lean))}  (min {ms(min(lean)).strip()})"
    )
    print(f"load average after: {load()}")

    missed = warm_median * 1e3 >= WARM_TARGET_MS or check_median * 1e3 >= COLD_TARGET_MS
    return 1 if strict and missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
