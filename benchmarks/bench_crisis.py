"""Benchmark: crisis Monte Carlo speed, in member decisions per second per core, and the time of
a full design comparison on the shipped scenario.

Run from the repository root::

    .venv/bin/python benchmarks/bench_crisis.py [--draws N]

A *member decision* is one state's draw (respond with force or not) in one Monte Carlo draw,
with everything that goes with it in the engine: the parameter draw it depends on, its legal
limit, the delivered capability, the contest, the aggressor's anticipated expected utility
and the swing statistics. Times are CPU seconds of this process (``time.process_time``) with
BLAS held to one thread, so the figures are per core even on a shared machine.

1. the engine alone: one chunk of draws for one design of the shipped scenario (Senkaku,
   status quo), set-up excluded, with the assumed models (the baseline: the design's members
   are the candidates) and with the estimated models (the politically relevant states are
   the candidates; coefficients drawn per group of 64 draws, ``uncertainty=True``);
2. ``simulate`` end to end (set-up included) with ``--draws`` draws, both model sets;
3. ``compare``: every design for every event of ``scenarios/asian-nato.yaml`` at the
   default 10,000 draws, and at ``--draws``, with the default (estimated) models.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from foedus import crisis  # noqa: E402
from foedus.crisis import montecarlo  # noqa: E402
from foedus.crisis.contest import TullockContest  # noqa: E402
from foedus.crisis.estimated import EstimatedOutcome, EstimatedResponse  # noqa: E402
from foedus.crisis.problem import CrisisProblem  # noqa: E402
from foedus.crisis.response import AssumedResponse  # noqa: E402
from foedus.parameters import resolve  # noqa: E402
from foedus.scenario import load_scenario  # noqa: E402
from foedus.seeds import spawn  # noqa: E402

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "asian-nato.yaml"


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=200_000)
    args = ap.parse_args()
    scenario = load_scenario(SCENARIO)
    setup = CrisisProblem.from_scenario(scenario, "senkaku", "hub_and_spoke")
    params = resolve()
    models = (AssumedResponse(), TullockContest())
    n_states = len(setup.states)
    (child,) = spawn(1, 1)

    t = best_of(lambda: montecarlo._chunk([setup], params, child, crisis.CHUNK, True, *models))
    per_s = crisis.CHUNK * n_states / t
    print(
        f"engine, assumed models: one chunk of {crisis.CHUNK} draws x {n_states} states (senkaku, status quo)"
    )
    print(f"  {t * 1e3:8.2f} ms   {per_s / 1e6:6.1f} million member decisions per second (one core)")

    learned = (EstimatedResponse(), EstimatedOutcome())
    relevant = learned[0].prepare(
        CrisisProblem.from_scenario(scenario, "senkaku", "hub_and_spoke", candidates="relevant")
    )
    t = best_of(lambda: montecarlo._chunk([relevant], params, child, crisis.CHUNK, True, *learned))
    n_rel = len(relevant.states)
    print(
        f"engine, estimated models (drawn coefficients): one chunk of {crisis.CHUNK} draws x {n_rel} states"
    )
    print(f"  {t * 1e3:8.2f} ms   {crisis.CHUNK * n_rel / t / 1e6:6.1f} million member decisions per second")

    setups = [CrisisProblem.from_scenario(scenario, "senkaku", d) for d in scenario.designs]
    total = crisis.CHUNK * sum(len(s.states) for s in setups)
    t = best_of(lambda: montecarlo._chunk(setups, params, child, crisis.CHUNK, True, *models))
    print(f"engine, {len(setups)} designs sharing one chunk's random numbers (compare):")
    print(f"  {t * 1e3:8.2f} ms   {total / t / 1e6:6.1f} million member decisions per second (one core)")

    for name, n in (("assumed", n_states), ("estimated", n_rel)):
        opts = crisis.model_set(name)
        t = best_of(
            lambda o=opts: crisis.simulate(scenario, "senkaku", draws=args.draws, seed=1, **o), repeat=3
        )
        print(f"simulate(senkaku, status quo, draws={args.draws}, {name} models), set-up included:")
        print(f"  {t:8.3f} s   {args.draws * n / t / 1e6:6.1f} million member decisions per second")

    for draws in (10_000, args.draws):
        start = time.process_time()
        for ev in scenario.events:
            crisis.compare(scenario, ev, draws=draws, seed=1)
        t = time.process_time() - start
        print(
            f"compare: {len(scenario.designs)} designs x {len(scenario.events)} events, draws={draws}: "
            f"{t:8.3f} s ({t / len(scenario.events):.3f} s per event)"
        )


if __name__ == "__main__":
    main()
