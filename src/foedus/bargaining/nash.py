r"""A Nash bargaining solution for the spatial setting (one issue line at a time).

Theory
------
Nash (1950) characterised the agreement that rational bargainers reach from a
disagreement point d as the feasible outcome maximising the product of their utility
gains over d. With bargaining power the solution is the *asymmetric* (generalised) Nash
solution: maximise :math:`\prod_i (u_i(x) - d_i)^{\omega_i}` with power exponents
:math:`\omega_i` (Kalai 1977). It is the bargaining model behind the compromise model of
*The European Union Decides* (Thomson et al. 2006): Achen's chapter 4 there
("Institutional realism and bargaining models") derives the capability-and-salience
weighted mean as an approximation to a power-weighted Nash solution with quadratic
losses, and his chapter 10 (``achen_2006``) compares the models on the DEU data;
Schneider, Finke & Bailer (2010) test salience- and capability-weighted Nash variants
on EU legislation. The exact assumptions of Achen's derivation are not restated here;
what foedus guarantees is the limit stated under "Known relations", checked in tests.

foedus solves, on each dimension of the issue scale [lo, hi] of width W,

.. math::

    \hat{x} = \arg\max_{x \in F} \sum_i \omega_i \log\big(u_i(x) - d_i\big),
    \qquad u_i(x) = -s_i \left(\frac{|x - x_i|}{W}\right)^p,

over the feasible set :math:`F = \{x \in [lo, hi] : u_i(x) \ge d_i \ \forall i\}`.
For p >= 1 every ``log(u_i - d_i)`` is concave, so the maximiser is unique, lies in
the range of the positions, and is where the derivative changes sign; it is found by
bisection to machine precision.

Choices (all parameters, all recorded in the provenance)
--------------------------------------------------------
``power`` (the exponents ω_i)
    ``"capability"`` (default; Achen's institutional realism: power is clout, salience
    enters through the utility), ``"capability_salience"``, ``"equal"`` (Nash's
    symmetric solution).
``utility_exponent`` p
    2 (default, quadratic loss, as in Achen) or any p >= 1 (p = 1: linear loss).
``disagreement``
    ``"common"`` (default): breakdown is worth ``disagreement_utility`` (default -1,
    the loss a fully salient actor suffers at the far end of the scale) to everyone;
    ``"worst"``: each actor's worst point of the scale,
    :math:`d_i = -s_i (D_i/W)^p` with D_i the distance to the farther end;
    ``"status_quo"``: :math:`d_i = u_i(q)` for the reversion point ``status_quo=q``.

Known relations (checked in the tests)
--------------------------------------
The first-order condition for p = 2 reads :math:`\hat x = \sum_i \lambda_i x_i /
\sum_i \lambda_i` with :math:`\lambda_i = \omega_i s_i / (u_i(\hat x) - d_i)`: the
solution is a weighted mean whose weights fall as an actor's gain rises. With a common
disagreement utility far below every u_i (``disagreement_utility -> -inf``) the gains
become equal and, with ``power="capability"``, :math:`\hat{x} \to \sum_i c_i s_i x_i /
\sum_i c_i s_i`, the compromise model of :mod:`foedus.bargaining.compromise`: Achen's
derivation of that model as an approximate Nash solution. Two symmetric actors give the
midpoint; unanimous actors give their position. With ``disagreement="worst"`` and
``power="capability"`` the saliences cancel for p = 2.

Actors with zero salience (or zero power) have a constant factor and drop out; if none
is left the solution is undefined (an :class:`~foedus.errors.InputError`). If the
feasible set is empty (a ``disagreement_utility`` so high that no point is better than
breakdown for everyone) an InputError is raised too; if it is a single point (an actor
with positive salience sits at the status quo) that point is the solution. Several
dimensions are solved one at a time (utilities are assumed separable by dimension).

Complexity: a one-dimensional concave maximisation per dimension, each evaluation of
the Nash product O(n) for n actors; one round.

References
----------
Nash, J.F. (1950) "The bargaining problem" (``nash_1950``); Achen (2006) in Thomson et
al. (eds) *The European Union Decides* (``achen_2006``, ``thomson_etal_2006``);
Schneider, Finke & Bailer (2010) "Bargaining power in the European Union", *Political
Studies* 58(1): 85-103; Kalai (1977) on the asymmetric solution.

Examples
--------
>>> from foedus.bargaining import BargainingProblem
>>> from foedus.bargaining.nash import forecast
>>> p = BargainingProblem(("A", "B"), [1, 1], [20, 80], [0.5, 0.5])
>>> round(float(forecast(p).outcome[0]), 9)
50.0
"""

from __future__ import annotations

import numpy as np

from foedus.bargaining._common import check_choice, one_shot_result, provenance, where
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike

CITATIONS = ("nash_1950", "achen_2006", "thomson_etal_2006")
POWERS = ("capability", "capability_salience", "equal")
DISAGREEMENTS = ("common", "worst", "status_quo")
_BISECTIONS = 200


def _power(problem: BargainingProblem, power: str) -> np.ndarray:
    c = problem.capability[:, None]
    s = problem.salience
    if power == "capability":
        return np.broadcast_to(c, s.shape).astype(float)
    if power == "capability_salience":
        return c * s
    return np.ones_like(s, dtype=float)


def solve_1d(
    x: np.ndarray,
    s: np.ndarray,
    omega: np.ndarray,
    scale: tuple[float, float],
    *,
    p: float = 2.0,
    disagreement: str = "common",
    disagreement_utility: float = -1.0,
    status_quo: float | None = None,
) -> tuple[float, dict]:
    """Asymmetric Nash bargaining solution on one dimension.

    Returns the solution and a dict with the feasible interval and the solved gains.
    Assumes validated inputs with at least one active actor (s > 0 and omega > 0).
    """
    lo, hi = scale
    width = hi - lo
    active = (s > 0) & (omega > 0)
    x, s, omega = x[active], s[active], omega[active]
    if disagreement == "common":
        d = np.full(len(x), float(disagreement_utility))
        reach = width * (-d / s) ** (1.0 / p)
    elif disagreement == "worst":
        far = np.maximum(x - lo, hi - x)
        d = -s * (far / width) ** p
        reach = far
    else:
        assert status_quo is not None
        reach = np.abs(status_quo - x)
        d = -s * (reach / width) ** p
    left = max(lo, float(np.max(x - reach)))
    right = min(hi, float(np.min(x + reach)))
    # the argmax of a concave objective lies between the extreme ideal points
    left_b, right_b = max(left, float(x.min())), min(right, float(x.max()))
    info = {"feasible": (left, right)}
    if left > right:
        return float("nan"), info
    if left_b >= right_b:
        # F meets the hull of the ideal points in a single point (F always meets it)
        return float(left_b), info

    def slope(y: float) -> float:
        gap = y - x
        dist = np.abs(gap) / width
        gain = -s * dist**p - d
        du = -s * p * dist ** (p - 1.0) * np.sign(gap) / width
        return float(np.sum(omega * du / gain))

    a, b = left_b, right_b
    for _ in range(_BISECTIONS):
        mid = 0.5 * (a + b)
        if mid <= a or mid >= b:
            break
        g = slope(mid)
        if g > 0:
            a = mid
        elif g < 0:
            b = mid
        else:
            a = b = mid
            break
    sol = 0.5 * (a + b)
    info["gains"] = -s * (np.abs(sol - x) / width) ** p - d
    return sol, info


def _check_options(
    problem: BargainingProblem,
    power: str,
    utility_exponent: float,
    disagreement: str,
    disagreement_utility: float,
    status_quo: float | None,
) -> float:
    """Check the options; returns the utility exponent p."""
    check_choice("nash", "power", power, POWERS)
    check_choice("nash", "disagreement", disagreement, DISAGREEMENTS)
    p = float(utility_exponent)
    if not np.isfinite(p) or p < 1:
        raise InputError(
            f"model 'nash': utility_exponent={utility_exponent!r} must be a number >= 1 "
            "(below 1 the Nash product is not concave and the solution not unique)",
            hint="use 2 (quadratic loss) or 1 (linear loss)",
        )
    if disagreement == "common" and not (np.isfinite(disagreement_utility) and disagreement_utility < 0):
        raise InputError(
            f"model 'nash': disagreement_utility={disagreement_utility!r} must be a number < 0 "
            "(utilities run from 0 at an actor's ideal point down to -salience)",
            hint="use the default -1, or a lower value for a costlier breakdown",
        )
    lo, hi = problem.scale
    if disagreement == "status_quo":
        if status_quo is None or not np.isfinite(status_quo) or not lo <= status_quo <= hi:
            raise InputError(
                f"model 'nash': disagreement='status_quo' needs status_quo= a number on the "
                f"scale [{lo:g}, {hi:g}], got {status_quo!r}",
                hint="pass the reversion point, e.g. status_quo=0",
            )
    return p


def forecast(
    problem: BargainingProblem,
    *,
    seed: SeedLike = None,
    power: str = "capability",
    utility_exponent: float = 2.0,
    disagreement: str = "common",
    disagreement_utility: float = -1.0,
    status_quo: float | None = None,
) -> ForecastResult:
    """Forecast the outcome as the asymmetric Nash bargaining solution.

    Parameters
    ----------
    problem : BargainingProblem
    seed : int, Generator, SeedSequence or None
        Unused: the Nash solution is found by a deterministic optimiser. Recorded in the provenance.
    power : {"capability", "capability_salience", "equal"}
        The exponents ω_i of the Nash product.
    utility_exponent : float
        p >= 1 in ``u_i(x) = -s_i (|x - x_i| / W)^p``.
    disagreement : {"common", "worst", "status_quo"}
        The disagreement point (see the module docstring).
    disagreement_utility : float
        For ``"common"``: the utility of breakdown, < 0 (default -1).
    status_quo : float, optional
        For ``"status_quo"``: the reversion point on the scale (all dimensions).

    Returns
    -------
    ForecastResult
        ``rounds`` adds the feasible interval (``feasible_low``, ``feasible_high``).

    Raises
    ------
    InputError
        On bad options, zero total salience or an empty feasible set.

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("A", "B", "C"), [1, 1, 2], [0, 50, 100], [1, 1, 1])
    >>> 50 < float(forecast(p).outcome[0]) < 100
    True
    """
    p = _check_options(problem, power, utility_exponent, disagreement, disagreement_utility, status_quo)
    lo, hi = problem.scale
    omega = _power(problem, power)
    outcome = np.empty(problem.n_dims)
    feasible = np.empty((problem.n_dims, 2))
    for k in range(problem.n_dims):
        s_k = problem.salience[:, k]
        if not ((s_k > 0) & (omega[:, k] > 0)).any():
            raise InputError(
                f"{where(problem)}every actor has zero salience on {problem.dimensions[k]}, "
                "so the Nash bargaining solution is undefined",
                hint="give at least one actor a positive salience",
            )
        sol, info = solve_1d(
            problem.position[:, k],
            s_k,
            omega[:, k],
            (lo, hi),
            p=p,
            disagreement=disagreement,
            disagreement_utility=float(disagreement_utility),
            status_quo=status_quo,
        )
        if not np.isfinite(sol):
            raise InputError(
                f"{where(problem)}no point of dimension {problem.dimensions[k]} is better than "
                f"disagreement (utility {disagreement_utility}) for every actor",
                hint="lower disagreement_utility (e.g. -1) or use disagreement='worst'",
            )
        outcome[k] = sol
        feasible[k] = info["feasible"]
    parameters = {
        "power": power,
        "utility_exponent": p,
        "disagreement": disagreement,
        "disagreement_utility": float(disagreement_utility) if disagreement == "common" else None,
        "status_quo": None if status_quo is None else float(status_quo),
        "scale": list(problem.scale),
        "multi_dimension": "each dimension solved independently",
    }
    prov = provenance("nash/asymmetric", CITATIONS, parameters, seed, problem)
    return one_shot_result(
        problem,
        "nash",
        outcome,
        prov,
        {"feasible_low": feasible[:, 0], "feasible_high": feasible[:, 1]},
    )
