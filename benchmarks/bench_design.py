"""Benchmark: the design search of the shipped space, from scratch and resumed from a checkpoint.

Run from the repository root::

    .venv/bin/python benchmarks/bench_design.py [--runs N] [--seed S]

Times the whole command ``foedus design search scenarios/asian-nato.yaml --seed S --format json``
as a user runs it (a fresh process each time, wall seconds; median, minimum and maximum of
``--runs``): once without a checkpoint, and once resumed from a checkpoint folder that a first
run filled (every design read back, none simulated). Issue 18's goal is under five minutes on 2
cores; it also checks that the resumed run prints the same front as the fresh one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOEDUS = [sys.executable, "-m", "foedus"]


def run(args: list[str]) -> tuple[float, dict]:
    start = time.perf_counter()
    out = subprocess.run([*FOEDUS, *args], check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return time.perf_counter() - start, json.loads(out)


def summary(name: str, times: list[float]) -> str:
    spread = f"min {min(times):.1f}, max {max(times):.1f}; {len(times)} runs"
    return f"{name}: median {statistics.median(times):.1f} s ({spread})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    command = ["design", "search", "scenarios/asian-nato.yaml", "--seed", str(args.seed), "--format", "json"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = str(Path(tmp) / "checkpoint")
        fresh, fronts = [], []
        for _ in range(args.runs):
            t, doc = run(command)
            fresh.append(t)
            fronts.append(doc["front"])
        run([*command, "--checkpoint", folder])  # fills the folder
        resumed = []
        for _ in range(args.runs):
            t, doc = run([*command, "--checkpoint", folder])
            resumed.append(t)
            fronts.append(doc["front"])
    same = all(json.dumps(f, sort_keys=True) == json.dumps(fronts[0], sort_keys=True) for f in fronts)
    print(summary("fresh", fresh))
    print(summary("resumed from its checkpoint", resumed))
    print(f"designs on the front: {len(fronts[0])}; every run the same front: {same}")


if __name__ == "__main__":
    main()
