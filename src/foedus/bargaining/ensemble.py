r"""A calibrated combination of the bargaining models, and the honest way to score it.

Theory
------
Each model here reads the same inputs differently: the compromise model averages
(:mod:`~foedus.bargaining.compromise`), the median voter model takes the pivotal
position (:mod:`~foedus.bargaining.median`), the Nash solution discounts actors by their
gains (:mod:`~foedus.bargaining.nash`), Bueno de Mesquita's model lets actors move under
threat (:mod:`~foedus.bargaining.bdm`), KTAB adds coalitions and risk attitudes
(``foedus.bargaining.ktab``). Where their errors are not perfectly correlated, a
weighted average of their forecasts can beat each of them; that is the old result of
forecast combination (Bates & Granger 1969; Clemen 1989). The ensemble forecast is

.. math::

    \hat{x} = \sum_m w_m \hat{x}_m, \qquad w_m \ge 0, \quad \sum_m w_m = 1,

a convex combination, so it inherits every property the members share: it lies within
the range of the positions when they all do, gives the common position of unanimous
actors, and is invariant to rescaling capabilities when they all are.

Weights
-------
*Default* (``members=("mean", "bdm")``, ``weights=None``): the least-absolute-deviation
weights fitted on the training half of DEU III (168 issues of 70 proposals; Arregui &
Perarnaud 2021), shipped in ``learned_params.json`` (key ``ensemble_weights``) and
recomputed by :func:`foedus.bargaining.learned.refit`: about 0.71 ``mean`` and 0.29
``bdm``. **Out of sample this combination does not beat the compromise model**: by
nested cross-validation grouped by proposal its mean error is 0.224 against the
compromise model's 0.221 (``benchmarks/eval_models.py`` and
``docs/models/forecast-evaluation.md`` give the numbers with their intervals), as the
"forecast combination puzzle" leads one to expect (Clemen 1989; Smith & Wallis 2009).
The learned correction (:mod:`foedus.bargaining.learned`) is the model that uses the
same data better. With other ``members`` and ``weights=None`` the weights are equal,
the standard choice without data.

*Fitted weights* (:func:`fit_weights`): with forecasts F (issues x members) and outcomes
y, both divided by the width of the issue's scale, minimise the mean absolute error
(the error metric of Thomson et al. 2006's DEU comparisons) plus an L1 pull towards prior weights p (equal
weights, or all weight on the compromise-model baseline),

.. math::

    \min_{w \in \Delta} \frac{1}{N}\sum_i |F_i w - y_i| + \lambda \sum_m |w_m - p_m|,

a linear programme (solved with HiGHS through :func:`scipy.optimize.linprog`). With
``lambda = 0`` this is least-absolute-deviation stacking (Breiman 1996 stacks with
least squares); a large ``lambda`` returns the prior. ``lambda`` is chosen by
cross-validation inside the training data.

Scoring (:func:`nested_cv`)
---------------------------
The score of a fitted combination must come from issues its weights never saw. The
outer folds split the issues (grouped, so that the issues of one legislative proposal
are never split between training and test: they share actors and informants); within
each outer training set, inner folds choose ``lambda``; the weights are then fitted on
the whole outer training set and forecast the outer test fold. Every issue gets one
out-of-fold forecast and the reported error is computed from those only. Members need
no fitting, so their errors are plain. :func:`bootstrap_difference` resamples groups to
give an interval for the difference of mean errors between two models.

Complexity: the sum of its members' (``mean`` O(n); ``bdm`` O(n^3) per round, 10
rounds by default) plus O(M) for M members.

References
----------
Bates, J.M. & Granger, C.W.J. (1969) "The combination of forecasts", *Operational
Research Quarterly* 20(4): 451-468. Clemen, R.T. (1989) "Combining forecasts: a review
and annotated bibliography", *International Journal of Forecasting* 5(4): 559-583.
Breiman, L. (1996) "Stacked regressions", *Machine Learning* 24(1): 49-64. Smith, J. &
Wallis, K.F. (2009) "A simple explanation of the forecast combination puzzle", *Oxford
Bulletin of Economics and Statistics* 71(3): 331-355. Arregui, J. & Perarnaud, C. (2021)
"A new dataset on legislative decision-making in the European Union: the DEU III
dataset", *Journal of European Public Policy*, doi:10.1080/13501763.2021.1991983 (data:
doi:10.34810/data53, CC BY 4.0). The error metric and the
compromise-model baseline: Thomson et al. (2006) (``thomson_etal_2006``), Achen (2006)
(``achen_2006``).

Examples
--------
>>> from foedus.bargaining import BargainingProblem, forecast
>>> p = BargainingProblem(("A", "B", "C"), [1, 1, 2], [0, 40, 100], [1, 1, 0.5])
>>> res = forecast(p, "ensemble", members=("mean", "median"))
>>> float(res.outcome[0]) == (140 / 3 + 40) / 2
True
>>> res = forecast(p, "ensemble", members=("mean", "median"), weights={"mean": 1.0})
>>> float(res.outcome[0]) == 140 / 3
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from foedus.bargaining._common import group_folds, one_shot_result, provenance
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike, as_generator

__all__ = [
    "DEFAULT_MEMBERS",
    "DEFAULT_WEIGHTS",
    "CVReport",
    "bootstrap_difference",
    "error_summary",
    "fit_weights",
    "forecast",
    "member_forecasts",
    "nested_cv",
]

CITATIONS = ("thomson_etal_2006", "achen_2006")
DEFAULT_MEMBERS: tuple[str, ...] = ("mean", "bdm")


def _shipped_weights() -> dict[str, float]:
    import json
    from importlib import resources

    text = resources.files("foedus.bargaining").joinpath("learned_params.json").read_text(encoding="utf-8")
    return {k: float(v) for k, v in json.loads(text)["ensemble_weights"].items()}


DEFAULT_WEIGHTS: dict[str, float] = _shipped_weights()
"""Fitted on DEU III's training half (see the module docstring); used when ``members`` are the defaults."""
DEFAULT_SHRINKAGES: tuple[float, ...] = (0.0, 0.003, 0.01, 0.03, 0.1, 0.3)


# --------------------------------------------------------------------------- weights


def _check_members(members: Sequence[str]) -> tuple[str, ...]:
    from foedus.bargaining import MODELS

    members = tuple(members)
    if not members:
        raise InputError("ensemble: members must name at least one model")
    bad = [m for m in members if m not in MODELS or m == "ensemble"]
    if bad:
        raise InputError(
            f"ensemble: unknown member model(s) {', '.join(map(repr, bad))}",
            hint=f"use some of {', '.join(n for n in MODELS if n != 'ensemble')}",
        )
    if len(set(members)) != len(members):
        raise InputError(f"ensemble: members repeat a model: {members}")
    return members


def _weight_vector(members: tuple[str, ...], weights: Mapping[str, float] | str | None) -> np.ndarray:
    if weights is None:
        weights = DEFAULT_WEIGHTS if set(members) == set(DEFAULT_WEIGHTS) else "equal"
    if weights == "equal":
        return np.full(len(members), 1.0 / len(members))
    if isinstance(weights, str) or not isinstance(weights, Mapping):
        raise InputError(f"ensemble: weights must be 'equal' or a mapping model -> weight, got {weights!r}")
    unknown = sorted(set(weights) - set(members))
    if unknown:
        raise InputError(
            f"ensemble: weights name model(s) that are not members: {', '.join(unknown)}",
            hint=f"members are {', '.join(members)}",
        )
    w = np.array([float(weights.get(m, 0.0)) for m in members])
    if not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise InputError(f"ensemble: weights must be finite, >= 0 and not all 0, got {dict(weights)}")
    return w / w.sum()


def fit_weights(
    forecasts: np.ndarray,
    outcomes: np.ndarray,
    *,
    shrinkage: float = 0.0,
    prior: np.ndarray | None = None,
) -> np.ndarray:
    """Convex weights minimising mean absolute error plus ``shrinkage`` x L1 distance to ``prior``.

    Parameters
    ----------
    forecasts : array_like, shape (N, M)
        Member forecasts, best on a common 0-1 scale (divide by the scale width).
    outcomes : array_like, shape (N,)
    shrinkage : float
        The penalty lambda >= 0 on ``sum_m |w_m - prior_m|``.
    prior : array_like, shape (M,), optional
        The weights to shrink towards (default equal weights ``1/M``); normalised.

    Returns
    -------
    numpy.ndarray, shape (M,)
        Non-negative weights summing to one.

    Examples
    --------
    >>> F = np.array([[0.2, 0.6], [0.5, 0.1], [0.9, 0.3]])
    >>> fit_weights(F, F[:, 0]).round(6).tolist()
    [1.0, 0.0]
    >>> fit_weights(F, F[:, 0], shrinkage=10.0).round(6).tolist()
    [0.5, 0.5]
    """
    F = np.asarray(forecasts, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if F.ndim != 2 or y.shape != (F.shape[0],) or F.shape[0] == 0:
        raise InputError(f"fit_weights: need forecasts (N, M) and outcomes (N,), got {F.shape} and {y.shape}")
    if not (np.isfinite(F).all() and np.isfinite(y).all()):
        raise InputError("fit_weights: forecasts and outcomes must be finite")
    if not np.isfinite(shrinkage) or shrinkage < 0:
        raise InputError(f"fit_weights: shrinkage must be >= 0, got {shrinkage}")
    n, m = F.shape
    prior = _prior_vector(prior, m)
    # variables: w (m), e (n) absolute errors, t (m) absolute distances to the prior
    c = np.concatenate([np.zeros(m), np.full(n, 1.0 / n), np.full(m, float(shrinkage))])
    eye_n, eye_m = np.eye(n), np.eye(m)
    zeros_nm, zeros_mn = np.zeros((n, m)), np.zeros((m, n))
    a_ub = np.block(
        [
            [F, -eye_n, zeros_nm],  # F w - y <= e
            [-F, -eye_n, zeros_nm],  # y - F w <= e
            [eye_m, zeros_mn, -eye_m],  # w - prior <= t
            [-eye_m, zeros_mn, -eye_m],  # prior - w <= t
        ]
    )
    b_ub = np.concatenate([y, -y, prior, -prior])
    a_eq = np.concatenate([np.ones(m), np.zeros(n + m)])[None, :]
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=(0, None), method="highs")
    if not res.success:  # pragma: no cover - the programme is always feasible and bounded
        raise InputError(f"fit_weights: the linear programme failed: {res.message}")
    w = np.clip(res.x[:m], 0.0, None)
    return w / w.sum()


def _prior_vector(prior: np.ndarray | None, m: int) -> np.ndarray:
    if prior is None:
        return np.full(m, 1.0 / m)
    p = np.asarray(prior, dtype=float)
    if p.shape != (m,) or not np.isfinite(p).all() or (p < 0).any() or p.sum() <= 0:
        raise InputError(f"prior: need {m} non-negative weights, not all 0, got {prior!r}")
    return p / p.sum()


# --------------------------------------------------------------------------- the model


def member_forecasts(
    problems: Sequence[BargainingProblem],
    members: Sequence[str] = DEFAULT_MEMBERS,
    *,
    seed: SeedLike = None,
    member_options: Mapping[str, Mapping[str, Any]] | None = None,
    normalise: bool = True,
) -> np.ndarray:
    """Forecasts of every member for every issue and dimension, shape ``(rows, M)``.

    Rows run over issues and, within an issue, its dimensions. With ``normalise`` the
    forecasts are mapped to [0, 1] by the issue's scale, the form :func:`fit_weights`
    and :func:`nested_cv` expect.
    """
    from foedus.bargaining import forecast as run

    members = _check_members(members)
    member_options = member_options or {}
    rows: list[np.ndarray] = []
    for p in problems:
        lo, hi = p.scale
        cols = [run(p, m, seed=seed, **dict(member_options.get(m, {}))).outcome for m in members]
        block = np.column_stack(cols)
        rows.append((block - lo) / (hi - lo) if normalise else block)
    return np.vstack(rows) if rows else np.empty((0, len(members)))


def forecast(
    problem: BargainingProblem,
    *,
    seed: SeedLike = None,
    members: Sequence[str] = DEFAULT_MEMBERS,
    weights: Mapping[str, float] | str | None = None,
    member_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> ForecastResult:
    """Forecast the outcome as a convex combination of the member models' forecasts.

    Parameters
    ----------
    problem : BargainingProblem
    seed : int, Generator, SeedSequence or None
        Passed to every member (as :func:`~foedus.bargaining.forecast_all` does).
    members : sequence of str
        Registered model names to combine (default mean and bdm).
    weights : None, "equal" or mapping
        ``None`` (default): :data:`DEFAULT_WEIGHTS` if ``members`` are mean and bdm,
        else equal weights; ``"equal"``; or model -> weight (normalised to sum to one;
        members not named get 0), e.g. weights from :func:`fit_weights` on your data.
    member_options : mapping, optional
        Model name -> that model's options.

    Returns
    -------
    ForecastResult
        One-shot result; ``rounds`` has one column per member forecast;
        ``diagnostics`` holds ``members`` (each member's outcome) and ``weights``.

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("A", "B"), [1, 3], [0, 100], [1, 1])
    >>> float(forecast(p, members=("mean", "median")).outcome[0])
    87.5
    >>> res = forecast(p)
    >>> res.diagnostics["weights"] == DEFAULT_WEIGHTS
    True
    """
    from foedus.bargaining import forecast as run

    members = _check_members(members)
    w = _weight_vector(members, weights)
    member_options = dict(member_options or {})
    unknown = sorted(set(member_options) - set(members))
    if unknown:
        raise InputError(f"ensemble: member_options for non-members: {', '.join(unknown)}")
    results = {m: run(problem, m, seed=seed, **dict(member_options.get(m, {}))) for m in members}
    table = np.column_stack([results[m].outcome for m in members])  # (d, M)
    outcome = table @ w
    citations = tuple(
        dict.fromkeys(CITATIONS + tuple(c for r in results.values() for c in r.provenance.citations))
    )
    params = {
        "members": list(members),
        "weights": {m: float(v) for m, v in zip(members, w, strict=True)},
        "member_models": [r.provenance.models[0] for r in results.values() if r.provenance.models],
        "member_options": {m: dict(o) for m, o in member_options.items()},
    }
    prov = provenance("ensemble/convex_combination", citations, params, seed, problem)
    res = one_shot_result(
        problem,
        "ensemble",
        outcome,
        prov,
        {m: table[:, k] for k, m in enumerate(members)},
        {
            "members": {m: r.outcome for m, r in results.items()},
            "weights": params["weights"],
        },
    )
    return dataclasses.replace(res, converged=all(r.converged for r in results.values()))


# --------------------------------------------------------------------------- scoring


def error_summary(predictions: np.ndarray, outcomes: np.ndarray) -> dict[str, float]:
    """The DEU error metrics (Thomson et al. 2006) for forecasts and outcomes on a 0-1 scale.

    Examples
    --------
    >>> error_summary(np.array([0.25, 0.5]), np.array([0.25, 1.0]))
    {'n': 2, 'mean_error': 0.25, 'median_error': 0.25, 'share_below_0.1': 0.5}
    """
    err = np.abs(np.asarray(predictions, dtype=float) - np.asarray(outcomes, dtype=float))
    return {
        "n": int(err.size),
        "mean_error": float(err.mean()),
        "median_error": float(np.median(err)),
        "share_below_0.1": float((err < 0.1).mean()),
    }


def _choose_shrinkage(
    F: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    k: int,
    grid: Sequence[float],
    rng: np.random.Generator,
    prior: np.ndarray,
) -> tuple[float, dict[float, float]]:
    k = min(k, np.unique(groups).size)
    folds = group_folds(groups, k, rng)
    errors = {}
    for lam in grid:
        err = np.empty(y.size)
        for f in range(k):
            test = folds == f
            w = fit_weights(F[~test], y[~test], shrinkage=lam, prior=prior)
            err[test] = np.abs(F[test] @ w - y[test])
        errors[float(lam)] = float(err.mean())
    best = min(errors, key=lambda lam: (errors[lam], -lam))  # ties: the stronger pull to the prior
    return best, errors


@dataclass(frozen=True)
class CVReport:
    """What :func:`nested_cv` found.

    Attributes
    ----------
    members : tuple of str
    predictions : numpy.ndarray, shape (N,)
        The ensemble's out-of-fold forecast of every row (0-1 scale).
    folds : numpy.ndarray, shape (N,)
        The outer fold of every row.
    weights : numpy.ndarray, shape (K, M)
        The weights fitted in each outer fold.
    shrinkage : numpy.ndarray, shape (K,)
        The lambda chosen by the inner folds in each outer fold.
    scores : pandas.DataFrame
        One row per member plus ``"ensemble (nested CV)"`` and ``"equal weights"``:
        n, mean_error, median_error, share_below_0.1.
    """

    members: tuple[str, ...]
    predictions: np.ndarray
    folds: np.ndarray
    weights: np.ndarray
    shrinkage: np.ndarray
    scores: pd.DataFrame
    settings: dict[str, Any] = field(default_factory=dict)


def nested_cv(
    forecasts: np.ndarray,
    outcomes: np.ndarray,
    members: Sequence[str],
    groups: Sequence[Any] | None = None,
    *,
    outer_folds: int = 5,
    inner_folds: int = 5,
    shrinkages: Sequence[float] = DEFAULT_SHRINKAGES,
    prior: str | Sequence[float] = "equal",
    seed: SeedLike = 0,
) -> CVReport:
    """Score the fitted combination by nested, grouped cross-validation.

    Parameters
    ----------
    forecasts : array_like, shape (N, M)
        Member forecasts (0-1 scale), e.g. from :func:`member_forecasts`.
    outcomes : array_like, shape (N,)
        Observed outcomes on the same scale.
    members : sequence of str
        The member names, in the column order of ``forecasts``.
    groups : sequence, optional
        Group label per row (e.g. the legislative proposal); rows of one group are
        always in the same fold. Default: every row its own group.
    outer_folds, inner_folds : int
        Outer folds score; inner folds (within each outer training set) choose lambda.
    shrinkages : sequence of float
        The lambda grid.
    prior : "equal", a member name, or weights
        What the weights are shrunk towards: equal weights, all weight on one member
        (e.g. ``"mean"``, the compromise-model baseline), or explicit weights.
    seed : int, Generator, SeedSequence or None
        Fixes the fold assignment.

    Returns
    -------
    CVReport

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> F = rng.uniform(size=(60, 2))
    >>> y = np.clip(0.8 * F[:, 0] + 0.2 * F[:, 1] + rng.normal(0, 0.02, 60), 0, 1)
    >>> rep = nested_cv(F, y, ["a", "b"], outer_folds=3, inner_folds=3)
    >>> bool(rep.scores.loc["ensemble (nested CV)", "mean_error"] < rep.scores.loc["a", "mean_error"])
    True
    """
    F = np.asarray(forecasts, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    members = tuple(members)
    if F.ndim != 2 or F.shape != (y.size, len(members)):
        raise InputError(
            f"nested_cv: forecasts {F.shape} do not match {y.size} outcomes x {len(members)} members"
        )
    g = np.arange(y.size) if groups is None else np.asarray(list(groups))
    if g.shape != y.shape:
        raise InputError(f"nested_cv: {g.size} group labels for {y.size} rows")
    if isinstance(prior, str):
        if prior != "equal" and prior not in members:
            raise InputError(f"nested_cv: prior {prior!r} is neither 'equal' nor a member")
        prior_w = (
            np.full(len(members), 1.0 / len(members))
            if prior == "equal"
            else np.array([float(m == prior) for m in members])
        )
    else:
        prior_w = _prior_vector(np.asarray(prior, dtype=float), len(members))
    rng = as_generator(seed)
    folds = group_folds(g, outer_folds, rng)
    pred = np.empty(y.size)
    weights = np.empty((outer_folds, len(members)))
    lams = np.empty(outer_folds)
    for f in range(outer_folds):
        test = folds == f
        lam, _ = _choose_shrinkage(F[~test], y[~test], g[~test], inner_folds, shrinkages, rng, prior_w)
        w = fit_weights(F[~test], y[~test], shrinkage=lam, prior=prior_w)
        pred[test] = F[test] @ w
        weights[f], lams[f] = w, lam
    rows = {m: error_summary(F[:, k], y) for k, m in enumerate(members)}
    rows["equal weights"] = error_summary(F.mean(axis=1), y)
    rows["ensemble (nested CV)"] = error_summary(pred, y)
    scores = pd.DataFrame.from_dict(rows, orient="index")
    settings = {
        "outer_folds": outer_folds,
        "inner_folds": inner_folds,
        "shrinkages": [float(s) for s in shrinkages],
        "grouped": groups is not None,
        "prior": dict(zip(members, prior_w.tolist(), strict=True)),
    }
    return CVReport(members, pred, folds, weights, lams, scores, settings)


def bootstrap_difference(
    errors_a: np.ndarray,
    errors_b: np.ndarray,
    groups: Sequence[Any] | None = None,
    *,
    reps: int = 2000,
    level: float = 0.95,
    seed: SeedLike = 0,
    statistic: Callable[[np.ndarray], float] = np.mean,
) -> tuple[float, float, float]:
    """``statistic(errors_a) - statistic(errors_b)`` with a group-bootstrap interval.

    Groups (e.g. proposals) are resampled with replacement, keeping their rows
    together. Returns ``(difference, lower, upper)``.

    Examples
    --------
    >>> a, b = np.array([0.1, 0.2, 0.3, 0.4]), np.array([0.2, 0.3, 0.4, 0.5])
    >>> d, lo, hi = bootstrap_difference(a, b, reps=200)
    >>> round(d, 6), round(lo, 6), round(hi, 6)
    (-0.1, -0.1, -0.1)
    """
    a = np.asarray(errors_a, dtype=float)
    b = np.asarray(errors_b, dtype=float)
    g = np.arange(a.size) if groups is None else np.asarray(list(groups))
    uniq, inverse = np.unique(g, return_inverse=True)
    members_of = [np.flatnonzero(inverse == k) for k in range(uniq.size)]
    rng = as_generator(seed)
    stats = np.empty(reps)
    for r in range(reps):
        pick = np.concatenate([members_of[k] for k in rng.integers(0, uniq.size, uniq.size)])
        stats[r] = statistic(a[pick]) - statistic(b[pick])
    tail = (1.0 - level) / 2.0
    lo, hi = np.quantile(stats, [tail, 1.0 - tail])
    return float(statistic(a) - statistic(b)), float(lo), float(hi)
