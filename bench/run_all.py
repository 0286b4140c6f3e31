"""Run every bench/bench_*.py in turn and print each one's output (`make bench` calls this).

Run: .venv/bin/python bench/run_all.py [NAME ...]   (NAME filters: `compile` runs bench_compile.py)

Each benchmark runs in its own process with this interpreter, so that one benchmark's imports and
caches do not flatter the next. The exit status is 1 if any benchmark failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts(filters: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if filters:
        found = [p for p in found if any(f in p.stem for f in filters)]
    return found


def main(argv: list[str]) -> int:
    chosen = scripts(argv)
    if not chosen:
        print("no benchmark matches", " ".join(argv), file=sys.stderr)
        return 1
    failed: list[str] = []
    summary: list[tuple[str, float, int]] = []
    for script in chosen:
        print(f"=== {script.name} " + "=" * max(0, 70 - len(script.name)), flush=True)
        start = time.perf_counter()
        code = subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode
        elapsed = time.perf_counter() - start
        summary.append((script.name, elapsed, code))
        if code != 0:
            failed.append(script.name)
        print(flush=True)
    print("=== summary " + "=" * 64)
    for name, elapsed, code in summary:
        print(f"{name:<40} {elapsed:7.1f} s   {'ok' if code == 0 else f'FAILED (exit {code})'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
