"""KTAB's SMP behind foedus's bargaining interface: :func:`forecast`."""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pandas as pd

from foedus.bargaining._common import path_frame, provenance, where
from foedus.bargaining.ktab.solver import CITATIONS, SALIENCE_HINT, SMPRun, smp
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike

__all__ = ["SMP_OPTIONS", "forecast"]

SMP_OPTIONS = tuple(
    name
    for name, p in inspect.signature(smp).parameters.items()
    if p.kind is p.KEYWORD_ONLY and name != "seed"
)
"""The options :func:`forecast` passes on to :func:`~foedus.bargaining.ktab.solver.smp`."""


def _distinct_frame(run: SMPRun, problem: BargainingProblem, states: np.ndarray) -> pd.DataFrame:
    """The final distinct positions with their win probabilities and the actors holding them."""
    final = list(run.distinct[-1])
    holders = [
        [a for a, h in zip(problem.actors, run.holders[-1], strict=True) if h == k] for k in range(len(final))
    ]
    distinct = pd.DataFrame(states[-1][final], columns=list(problem.dimensions))
    distinct.insert(0, "win_prob", run.final_probabilities)
    distinct.insert(1, "actors", [", ".join(h) for h in holders])
    return distinct


def _rounds_frame(run: SMPRun, problem: BargainingProblem) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Per round and dimension: expected and modal position, top win probability, distinct
    positions and the stopping rule's ratio; also the expected and modal positions (rounds, d)."""
    lo, hi = problem.scale
    scale = hi - lo
    n_rounds, d = run.n_states, problem.n_dims
    expected = np.array([run.expected_position(t) for t in range(n_rounds)]) * scale + lo
    modal = np.array([run.modal_position(t) for t in range(n_rounds)]) * scale + lo
    ratios = np.concatenate([[np.nan], run.change_ratios])
    rounds = pd.DataFrame(
        {
            "round": np.repeat(np.arange(n_rounds), d),
            "dimension": np.tile(np.asarray(problem.dimensions, dtype=object), n_rounds),
            "outcome": expected.ravel(),
            "modal": modal.ravel(),
            "max_win_prob": np.repeat([p.max() for p in run.position_probabilities], d),
            "n_distinct": np.repeat([len(u) for u in run.distinct], d),
            "change_ratio": np.repeat(ratios, d),
        }
    )
    return rounds, expected, modal


def forecast(problem: BargainingProblem, *, seed: SeedLike = None, **options: Any) -> ForecastResult:
    """Forecast an issue with KTAB's spatial model of politics.

    Positions are mapped from ``problem.scale`` onto [0, 1] (so ``pos_tol`` = 0.001 is
    0.1 points on a 0-100 scale), :func:`smp` runs, and the states are mapped back.

    The **outcome** is the expected final position: the mean of the distinct positions
    of the final state weighted by their PCE win probabilities. The most probable single
    position is ``diagnostics["modal_outcome"]``.

    Parameters
    ----------
    problem : BargainingProblem
        Each actor's saliences must sum to at most 1 across the dimensions.
    seed : int, Generator, SeedSequence or None
        Used with ``state_transitions="Stochastic"``; recorded in the provenance.
    **options
        The keyword options of :func:`smp` (``victory_prob_model``, ``voting_rule``,
        ``pce_model``, ``state_transitions``, ``big_r_range``, ``big_r_adjust``,
        ``third_party_commit``, ``inter_vec_bargain``, ``bargain_model``, ``min_iter``,
        ``max_iter``, ``min_delta_ratio``, ``min_sig_delta``, ``pos_tol``,
        ``capability_scale``); the defaults are those of KTAB's ``smpc``. Any other
        name is an error.

    Returns
    -------
    ForecastResult
        ``path`` holds every state; ``rounds`` has, per round and dimension, the expected
        ``outcome``, the ``modal`` position, ``max_win_prob``, ``n_distinct`` and the
        stopping rule's ``change_ratio``. ``diagnostics`` holds ``win_probability``
        (final, per actor: the probability that the position it holds wins),
        ``distinct_positions`` (a frame of the final distinct positions with their
        probabilities and holders), ``risk_attitude`` (initial and final, per actor),
        ``modal_outcome`` and ``challenges`` (per round).

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("A", "B", "C"), [1, 1, 2], [20, 50, 90], [0.8, 0.8, 0.8])
    >>> r = forecast(p)
    >>> r.n_iter >= 2, 20 <= float(r.outcome[0]) <= 90
    (True, True)
    """
    lo, hi = problem.scale
    sums = problem.salience.sum(axis=1)
    if not (sums > 0).any():
        raise InputError(
            f"{where(problem)}every actor has zero salience, so no one cares how the issue "
            "is settled and KTAB's SMP has nothing to model",
            hint="give at least one actor a positive salience",
        )
    if (sums > 1 + 1e-9).any():
        who = [a for a, s in zip(problem.actors, sums, strict=True) if s > 1 + 1e-9]
        raise InputError(
            f"{where(problem)}ktab: saliences must sum to at most 1 across the dimensions; "
            f"not so for {', '.join(who)}",
            hint=SALIENCE_HINT,
        )
    unknown = sorted(set(options) - set(SMP_OPTIONS))
    if unknown:
        raise InputError(
            f"model 'ktab': unknown option(s) {', '.join(unknown)}",
            hint=f"options it accepts: {', '.join(SMP_OPTIONS)}",
        )
    run = smp(problem.capability, (problem.position - lo) / (hi - lo), problem.salience, seed=seed, **options)
    scale = hi - lo
    states = np.stack(run.states) * scale + lo
    rounds, expected, modal = _rounds_frame(run, problem)
    distinct = _distinct_frame(run, problem, states)
    params = {**run.parameters, "scale": [lo, hi]}
    return ForecastResult(
        model="ktab",
        issue=problem.name,
        actors=problem.actors,
        dimensions=problem.dimensions,
        outcome=expected[-1],
        final_positions=states[-1],
        path=path_frame(problem, states),
        rounds=rounds,
        converged=run.converged,
        n_iter=run.n_states - 1,
        provenance=provenance("ktab/smp", CITATIONS, params, seed, problem),
        diagnostics={
            "win_probability": dict(zip(problem.actors, run.win_probabilities[-1].tolist(), strict=True)),
            "distinct_positions": distinct,
            "modal_outcome": modal[-1],
            "risk_attitude": {
                "initial": dict(zip(problem.actors, run.risk_attitudes[0].tolist(), strict=True)),
                "final": dict(zip(problem.actors, run.risk_attitudes[-1].tolist(), strict=True)),
            },
            "challenges": [
                [(problem.actors[i], problem.actors[j], p, g) for i, j, p, g in step]
                for step in run.challenges
            ],
            "n_states": run.n_states,
        },
    )
