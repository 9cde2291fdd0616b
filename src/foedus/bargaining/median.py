r"""The weighted median (median-voter) model.

Theory
------
If actors vote sincerely over the points of one issue line, each with a vote
proportional to its weight ``w_i = c_i * s_i`` and single-peaked preferences, the
position of the weighted median actor beats every other position in a pairwise vote
(Black 1948): it is the Condorcet winner. Equivalently it minimises the weighted
absolute loss :math:`L(y) = \sum_i w_i |x_i - y|`, which is why the median in
Bueno de Mesquita's model (:mod:`foedus.bargaining.bdm`) is the same point.

Definition used here (as in Thomson et al. 2006's comparisons): sort the actors by position, pool the
weights of actors holding the same position, and take the **smallest** position whose
cumulative weight is at least half the total (the *lower* weighted median,
``tie="lower"``). When the cumulative weight at some position equals exactly half of the
total, every point between it and the next position minimises L; ``tie="midpoint"``
then returns the midpoint of that gap instead. "Exactly" allows for rounding: a
relative tolerance of 1e-12 of the total weight.

Actors with zero weight (zero salience) have no influence; a dimension whose weights
sum to zero is an error. Each dimension is forecast on its own.

Complexity: O(n log n) per dimension for n actors (one sort), one round.

References
----------
Black, D. (1948) "On the rationale of group decision-making" (``black_1948``);
Thomson et al. (2006), *The European Union Decides* (``thomson_etal_2006``).

Examples
--------
>>> from foedus.bargaining import BargainingProblem
>>> from foedus.bargaining.median import forecast
>>> p = BargainingProblem(("A", "B", "C"), [1, 1, 1], [0, 30, 100], [1, 1, 1])
>>> float(forecast(p).outcome[0])
30.0
>>> q = BargainingProblem(("A", "B"), [1, 1], [20, 60], [1, 1])
>>> float(forecast(q).outcome[0]), float(forecast(q, tie="midpoint").outcome[0])
(20.0, 40.0)
"""

from __future__ import annotations

import numpy as np

from foedus.bargaining._common import check_choice, one_shot_result, provenance
from foedus.bargaining.compromise import WEIGHTS, actor_weights
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.seeds import SeedLike

CITATIONS = ("black_1948", "thomson_etal_2006")
TIES = ("lower", "midpoint")
_REL_TOL = 1e-12


def weighted_median_1d(x: np.ndarray, w: np.ndarray, tie: str = "lower") -> float:
    """Weighted median of positions ``x`` with non-negative weights ``w``.

    Examples
    --------
    >>> weighted_median_1d(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 3.0]))
    3.0
    """
    keep = w > 0
    values, inverse = np.unique(x[keep], return_inverse=True)
    pooled = np.bincount(inverse, weights=w[keep], minlength=len(values))
    cum = np.cumsum(pooled)
    total = cum[-1]
    half = total / 2.0
    tol = _REL_TOL * total
    k = int(np.argmax(cum >= half - tol))
    if tie == "midpoint" and abs(cum[k] - half) <= tol and k + 1 < len(values):
        return float((values[k] + values[k + 1]) / 2.0)
    return float(values[k])


def forecast(
    problem: BargainingProblem,
    *,
    seed: SeedLike = None,
    tie: str = "lower",
    weights: str = "capability_salience",
) -> ForecastResult:
    """Forecast the outcome as the weighted median of the actors' positions.

    Parameters
    ----------
    problem : BargainingProblem
    seed : int, Generator, SeedSequence or None
        Unused: the weighted median is deterministic. Recorded in the provenance.
    tie : {"lower", "midpoint"}
        What to return when exactly half the weight lies at or below a position.
    weights : {"capability_salience", "capability", "salience", "equal"}
        What each actor's voting weight in the median is proportional to (as in
        :func:`foedus.bargaining.compromise.forecast`).

    Returns
    -------
    ForecastResult

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("A", "B", "C"), [5, 1, 1], [10, 50, 90], [1, 1, 1])
    >>> float(forecast(p).outcome[0])
    10.0
    """
    check_choice("median", "tie", tie, TIES)
    check_choice("median", "weights", weights, WEIGHTS)
    w = actor_weights(problem, weights, "weighted median")
    outcome = np.array(
        [weighted_median_1d(problem.position[:, d], w[:, d], tie) for d in range(problem.n_dims)]
    )
    prov = provenance("median/weighted_median", CITATIONS, {"tie": tie, "weights": weights}, seed, problem)
    return one_shot_result(problem, "median", outcome, prov)
