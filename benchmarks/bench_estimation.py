"""Benchmark: the estimated models inside a Monte Carlo, and the time to fit them.

Run from the repository root::

    .venv/bin/python benchmarks/bench_estimation.py [--draws N] [--calibrate]

1. **member decisions per second with drawn coefficients.** For ``--draws`` coefficient
   draws of the shipped joining model (multinomial: two linear predictors per member) and
   honouring model, and a design matrix of 45 members (one event's candidates), compute
   ``X @ beta_draws`` and the probabilities, then draw each member's decision with a
   uniform: one *member decision* is one member in one draw. The goal is at least ten
   million per second per core.
2. **the outcome model on 100,000 rows** (probabilities of A wins, B wins, stalemate), with
   and without 1,000 coefficient draws summarised.
3. with ``--calibrate`` (needs ``FOEDUS_DATA_DIR``): the wall time of
   :func:`foedus.estimation.calibrate` and :func:`foedus.estimation.backtest`.

Times are CPU seconds of this process with BLAS held to one thread (per core).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from bench_crisis import best_of  # noqa: E402  (the benchmarks run as scripts from this folder)

from foedus.estimation import Estimates  # noqa: E402

MEMBERS = 45


def decisions(model, X: np.ndarray, draws: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each member's choice in each draw: 0 stays out, j > 0 outcome j (shape draws x members)."""
    P = model.probabilities(X, draws)  # (draws, members, outcomes + 1)
    u = rng.random(P.shape[:2])
    choice = np.zeros(P.shape[:2], dtype=np.int8)
    edge = P[..., 0].copy()
    for j in range(1, P.shape[-1]):
        choice += u >= edge
        edge += P[..., j]
    return choice


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--calibrate", action="store_true")
    args = ap.parse_args()
    est = Estimates.shipped()
    rng = np.random.default_rng(0)
    for name in ("joining", "honouring"):
        m = est.models[name]
        X = rng.normal(size=(MEMBERS, len(m.features))) * 0.3
        X[:, 0] = 1.0
        beta = m.draw(args.draws, rng)
        t = best_of(lambda m=m, X=X, beta=beta: decisions(m, X, beta, rng), repeat=3)
        t_draw = best_of(lambda m=m: m.draw(args.draws, rng), repeat=3)
        rate = args.draws * MEMBERS / t
        print(
            f"{name}: {rate / 1e6:.1f} million member decisions/s per core "
            f"({args.draws:,} draws x {MEMBERS} members in {t:.3f} s; coefficient draws {t_draw:.3f} s)"
        )
    out = est.models["outcome"]
    X = rng.normal(size=(100_000, len(out.features))) * 0.3
    X[:, 0] = 1.0
    t = best_of(lambda: out.probabilities(X))
    print(f"outcome: 100,000 rows in {t * 1000:.1f} ms")
    few = out.draw(1000, rng)
    t = best_of(lambda: out.probabilities(X[:1000], few).mean(axis=0), repeat=3)
    print(f"outcome: 1,000 rows x 1,000 coefficient draws in {t * 1000:.1f} ms")
    if args.calibrate:
        from foedus.estimation import backtest, calibrate

        start = time.perf_counter()
        calibrate()
        print(f"calibrate: {time.perf_counter() - start:.1f} s wall")
        start = time.perf_counter()
        backtest()
        print(f"backtest: {time.perf_counter() - start:.1f} s wall")


if __name__ == "__main__":
    main()
