"""Benchmark: exhaustive landscape search for n = 20, 24, 28, 30, and the heuristic.

Run from the repository root::

    .venv/bin/python benchmarks/bench_landscape.py            # all figures
    .venv/bin/python benchmarks/bench_landscape.py --quick    # n = 20, 24 only

Instances are random (seeded): sizes uniform on [0.1, 5], propensities standard normal,
symmetric. Times are wall-clock on whatever machine runs this; the numba kernel uses all
of numba's threads (``NUMBA_NUM_THREADS``), JIT compilation is done before timing.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from foedus.coalitions.landscape import Landscape, search
from foedus.coalitions.landscape import _kernels as kernels


def instance(n: int, seed: int = 0) -> Landscape:
    rng = np.random.default_rng(seed)
    p = np.triu(rng.normal(size=(n, n)), 1)
    return Landscape([f"a{i}" for i in range(n)], rng.uniform(0.1, 5, n), p + p.T)


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only n = 20 and 24")
    args = parser.parse_args()
    sizes = [20, 24] if args.quick else [20, 24, 28, 30]

    threads = None
    if kernels.HAVE_NUMBA:
        import numba

        threads = numba.get_num_threads()
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, numba threads {threads}, "
        f"cpus {os.cpu_count()}"
    )
    search(instance(12), engine="numba" if kernels.HAVE_NUMBA else "numpy")  # JIT warm-up
    search(instance(12), method="heuristic", n_starts=10, seed=0)

    print("\nexhaustive search, minima only (basins='none')")
    print(f"{'n':>3} {'engine':>6} {'configs':>13} {'seconds':>9} {'Mconfigs/s':>11} {'minima':>7}")
    for n in sizes:
        engines = ["numba", "numpy"] if n <= 20 else ["numba"]
        for engine in engines:
            if engine == "numba" and not kernels.HAVE_NUMBA:
                continue
            r, dt = timed(lambda n=n, e=engine: search(instance(n), engine=e, basins="none"))
            print(
                f"{n:>3} {engine:>6} {r.n_configurations:>13,} {dt:>9.2f} "
                f"{r.n_configurations / dt / 1e6:>11.1f} {r.n_minima:>7}"
            )

    print("\nexhaustive search with basins (exact up to 2**25 configurations, else 100,000 sampled descents)")
    print(f"{'n':>3} {'basins':>8} {'seconds':>9} {'minima':>7} {'top basin share':>16}")
    for n in sizes:
        r, dt = timed(lambda n=n: search(instance(n), seed=1))
        print(f"{n:>3} {r.basin_method:>8} {dt:>9.2f} {r.n_minima:>7} {r.basin_shares.max():>16.4f}")

    print("\nheuristic (multi-start steepest descent) against the exact optimum, 20 random instances each")
    print(f"{'n':>3} {'starts':>7} {'found optimum':>14} {'mean s/run':>11}")
    for n, starts in [(16, 10), (16, 100), (22, 10), (22, 100)]:
        found, total_dt = 0, 0.0
        for k in range(20):
            ls = instance(n, seed=100 + k)
            best = search(ls, basins="none").energy
            h, dt = timed(lambda ls=ls, starts=starts, k=k: search(ls, "heuristic", n_starts=starts, seed=k))
            total_dt += dt
            found += bool(np.isclose(h.energy, best, rtol=1e-12, atol=0))
        print(f"{n:>3} {starts:>7} {found:>11} /20 {total_dt / 20:>11.4f}")

    print("\nheuristic beyond exhaustive reach")
    for n, starts in [(60, 2000), (200, 2000)]:
        h, dt = timed(lambda n=n, s=starts: search(instance(n), "heuristic", n_starts=s, seed=3))
        print(
            f"n={n}: {starts} starts in {dt:.2f} s, best energy {h.energy:.4f}, "
            f"{h.n_minima} distinct minima reached, best reached by {h.hits[0]} starts"
        )


if __name__ == "__main__":
    main()
