"""Benchmark: KTAB per issue, and every model over every DEU III training issue (issue 19's targets).

Two figures, on the training half of DEU III (``deu3_train_issues.csv``, 168 issues, up
to 30 actors; read from ``--cases``, default ``../shared/cases``):

1. **KTAB per issue**: milliseconds of ``forecast(problem, "ktab")`` per issue, on the
   issues with at least ``--min-actors`` actors (default 25, i.e. "about 28") and on all
   issues; each issue is timed ``--repeats`` times and its fastest run kept (the
   machine is shared). Target: at most 25 ms per issue of ~28 actors (50 times
   KAPSARC's C++ ``smpc``, which issue 19 puts at 115-310 ms / 4-11 = about 1.25 s).
2. **The whole batch**: ``forecast_table(problems, "all")`` (what ``foedus forecast FILE
   --model all`` runs), wall time for all issues and every model. Target: under 30 s.

Run::

    .venv/bin/python benchmarks/bench_forecast.py
    .venv/bin/python benchmarks/bench_forecast.py --repeats 5 --min-actors 27
    .venv/bin/python benchmarks/bench_forecast.py --no-numba   # without foedus[fast]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from foedus.bargaining import available_models, forecast, forecast_table, read_problems

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CASES = REPO.parent / "shared" / "cases"


def ktab_ms(problems, repeats: int) -> np.ndarray:
    """Fastest of ``repeats`` runs of KTAB on each issue, in milliseconds."""
    out = []
    for p in problems:
        best = np.inf
        for _ in range(repeats):
            start = time.perf_counter()
            forecast(p, "ktab")
            best = min(best, time.perf_counter() - start)
        out.append(1000 * best)
    return np.array(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--min-actors", type=int, default=25)
    parser.add_argument("--no-numba", action="store_true", help="time the pure-numpy path")
    args = parser.parse_args()
    from foedus.bargaining.ktab import _fast

    _fast.ENABLED = not args.no_numba
    print(f"KTAB kernels: {'numba' if _fast.active() else 'numpy only'}")

    problems = read_problems(args.cases / "deu3_train_issues.csv")
    forecast(problems[0], "ktab")  # imports and first-call costs are not the model's
    big = [p for p in problems if p.n_actors >= args.min_actors]
    ms_big = ktab_ms(big, args.repeats)
    sizes = [p.n_actors for p in big]
    print(
        f"KTAB, {len(big)} issues with {min(sizes)}-{max(sizes)} actors (mean {np.mean(sizes):.1f}): "
        f"mean {ms_big.mean():.1f} ms, median {np.median(ms_big):.1f} ms, max {ms_big.max():.1f} ms per issue"
    )
    ms_all = ktab_ms(problems, 1)
    print(
        f"KTAB, all {len(problems)} issues: mean {ms_all.mean():.1f} ms per issue, "
        f"total {ms_all.sum() / 1000:.1f} s"
    )

    models = available_models()
    start = time.perf_counter()
    table = forecast_table(problems, "all", seed=0)
    elapsed = time.perf_counter() - start
    print(
        f"forecast_table(all): {len(problems)} issues x {len(models)} models ({', '.join(models)}) "
        f"= {len(table)} rows in {elapsed:.1f} s"
    )


if __name__ == "__main__":
    main()
