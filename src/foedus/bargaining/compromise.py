r"""The compromise model: the capability-and-salience weighted mean of positions.

Theory
------
Each actor i pulls the outcome towards its position x_i with a force proportional to
its clout c_i and to how much it cares, its salience s_i. The outcome is the point at
which the pulls balance,

.. math::

    \hat{x} = \frac{\sum_i c_i s_i x_i}{\sum_i c_i s_i},

which is also the minimiser of the weighted squared loss
:math:`\sum_i c_i s_i (x - x_i)^2`. Achen (2006; also his chapter 4 of the same book)
derives it as an approximation to a power-weighted Nash bargaining solution with
quadratic losses (see :mod:`foedus.bargaining.nash`). In *The European Union Decides*
(Thomson et al. 2006) this simple model forecast EU legislative outcomes about as
well as any of the elaborate game-theoretic models compared there, which is why it is
the baseline every other model must beat.

Conventions
-----------
- Weights ``w_i = c_i * s_i`` (``weights="capability_salience"``, default);
  ``weights="capability"`` or ``"salience"`` use one factor only, ``"equal"`` neither.
  Saliences on 0-100 and 0-1 give the same outcome (the factor cancels).
- Actors with zero weight (zero salience) have no influence; if every weight on a
  dimension is zero the outcome is undefined and an :class:`~foedus.errors.InputError`
  is raised.
- Each dimension is forecast on its own.
- One shot: the result's path holds only round 0 and ``final_positions`` are the
  initial positions.

Complexity: O(n) per dimension for n actors, one round.

References
----------
Thomson, Stokman, Achen & König (eds) (2006), *The European Union Decides*
(``thomson_etal_2006``); Achen (2006), "Evaluating political decision-making models"
(``achen_2006``).

Examples
--------
>>> from foedus.bargaining import BargainingProblem
>>> from foedus.bargaining.compromise import forecast
>>> p = BargainingProblem(("A", "B"), [1, 3], [0, 100], [1.0, 1.0])
>>> float(forecast(p).outcome[0])
75.0
"""

from __future__ import annotations

import numpy as np

from foedus.bargaining._common import check_choice, one_shot_result, provenance, where
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike

CITATIONS = ("thomson_etal_2006", "achen_2006")
WEIGHTS = ("capability_salience", "capability", "salience", "equal")


def actor_weights(
    problem: BargainingProblem, weights: str = "capability_salience", statistic: str | None = None
) -> np.ndarray:
    """Weights of shape ``(n_actors, n_dims)`` for the ``weights`` rule.

    With ``statistic`` (what the weights are for, e.g. ``"weighted median"``), a dimension on
    which every actor has zero weight is refused: the statistic is undefined there.

    Raises
    ------
    InputError
        With ``statistic``, if the weights of some dimension sum to zero.
    """
    c = problem.capability[:, None]
    s = problem.salience
    if weights == "capability_salience":
        w = c * s
    elif weights == "capability":
        w = np.broadcast_to(c, s.shape).astype(float)
    elif weights == "salience":
        w = np.array(s, dtype=float)
    else:
        w = np.ones_like(s, dtype=float)
    total = w.sum(axis=0)
    if statistic is not None and (total <= 0).any():
        dims = ", ".join(d for d, t in zip(problem.dimensions, total, strict=True) if t <= 0)
        raise InputError(
            f"{where(problem)}every actor has zero weight on {dims}, so the {statistic} is undefined",
            hint="give at least one actor a positive salience",
        )
    return w


def weighted_mean(problem: BargainingProblem, weights: str = "capability_salience") -> np.ndarray:
    """The weighted mean position on each dimension, shape ``(n_dims,)``.

    Raises
    ------
    InputError
        If the weights of some dimension sum to zero.
    """
    w = actor_weights(problem, weights, "weighted mean")
    total = w.sum(axis=0)
    return (w * problem.position).sum(axis=0) / total


def forecast(
    problem: BargainingProblem,
    *,
    seed: SeedLike = None,
    weights: str = "capability_salience",
) -> ForecastResult:
    """Forecast the outcome as the weighted mean of the actors' positions.

    Parameters
    ----------
    problem : BargainingProblem
    seed : int, Generator, SeedSequence or None
        Unused: the weighted mean is deterministic. Recorded in the provenance.
    weights : {"capability_salience", "capability", "salience", "equal"}
        What each actor's pull is proportional to.

    Returns
    -------
    ForecastResult
        ``outcome`` is the weighted mean; ``rounds`` has one row per dimension with
        the ``total_weight``.

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("A", "B", "C"), [1, 1, 2], [0, 50, 100], [1, 0.5, 0.5])
    >>> float(forecast(p).outcome[0])
    50.0
    """
    check_choice("mean", "weights", weights, WEIGHTS)
    outcome = weighted_mean(problem, weights)
    prov = provenance("compromise/weighted_mean", CITATIONS, {"weights": weights}, seed, problem)
    total = actor_weights(problem, weights).sum(axis=0)
    return one_shot_result(problem, "mean", outcome, prov, {"total_weight": total})
