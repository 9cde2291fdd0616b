r"""Scoring bargaining models against observed outcomes, as the DEU literature does.

The error of a forecast :math:`\hat y` of an issue with outcome y, both on the issue's
scale [lo, hi], is :math:`|\hat y - y| / (hi - lo)` (Thomson et al. 2006, ch. 10;
Achen 2006). A model is summarised by its mean absolute error (MAE) on all issues and
on the *non-binary* ones (issues whose actors do not all sit at the two ends of the
scale), and by the share of issues it forecasts within 0.1 of the outcome.

Intervals come from the bootstrap over proposals (Efron & Tibshirani 1993): the issues
of one proposal share actors and informants, so whole proposals are resampled. A
model is compared with the compromise model by the *paired* difference of their mean
errors on the same resampled issues; the difference is significant at 95 % when its
interval excludes zero.

Out-of-sample scores of the learned model come from nested cross-validation grouped by
proposal (:func:`learned_cv`): outer folds score, inner folds choose the penalty, and
no issue of a scored proposal is ever used to fit. The other models have nothing to
fit, so their errors on the training issues are already out of sample.

:func:`~foedus.bargaining.training.load_training` reads DEU III's training half
(``deu3_train_issues.csv``, ``deu3_train_outcomes.csv``; Arregui & Perarnaud 2021) from
wherever it lies; foedus ships no copy of it.

References
----------
Thomson et al. (2006) (``thomson_etal_2006``); Achen (2006) (``achen_2006``); Efron &
Tibshirani (1993) (``efron_tibshirani_1993``); Arregui & Perarnaud (2021)
(``arregui_perarnaud_2021``).

Examples
--------
>>> err = np.array([0.1, 0.3, 0.0, 0.2])
>>> base = np.array([0.2, 0.3, 0.1, 0.2])
>>> groups = np.array(["p1", "p1", "p2", "p3"])
>>> d, lo, hi = paired_difference(err, base, groups, reps=200, seed=1)
>>> round(d, 6), lo <= d <= hi
(-0.05, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.bargaining._common import group_folds
from foedus.bargaining.training import TrainingData, is_binary, load_training

if TYPE_CHECKING:
    from foedus.bargaining.learned import Design, TrainingMatrix

__all__ = [
    "TrainingData",
    "group_bootstrap",
    "is_binary",
    "learned_cv",
    "load_training",
    "paired_difference",
    "pool_cv",
    "score_table",
    "selection_cv",
]


# --------------------------------------------------------------------------- bootstrap


def group_bootstrap(
    statistic: Callable[[np.ndarray], float],
    groups: Sequence[str],
    *,
    reps: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float, float]:
    """``statistic(rows)`` on all rows, with a percentile interval from resampling whole groups.

    ``statistic`` receives an array of row indices (with repeats) and returns a number.
    """
    g = np.asarray(groups)
    uniq, inverse = np.unique(g, return_inverse=True)
    rows_of = [np.flatnonzero(inverse == k) for k in range(uniq.size)]
    rng = np.random.default_rng(seed)
    stats = np.empty(reps)
    for r in range(reps):
        stats[r] = statistic(np.concatenate([rows_of[k] for k in rng.integers(0, uniq.size, uniq.size)]))
    tail = (1.0 - level) / 2.0
    lo, hi = np.nanquantile(stats, [tail, 1.0 - tail])
    return float(statistic(np.arange(g.size))), float(lo), float(hi)


def paired_difference(
    errors: np.ndarray, baseline: np.ndarray, groups: Sequence[str], *, reps: int = 2000, seed: int = 0
) -> tuple[float, float, float]:
    """Mean error minus the baseline's on the same resampled issues: (difference, low, high)."""
    diff = np.asarray(errors, dtype=float) - np.asarray(baseline, dtype=float)
    return group_bootstrap(lambda rows: float(diff[rows].mean()), groups, reps=reps, seed=seed)


def _subset_mean(values: np.ndarray, keep: np.ndarray) -> Callable[[np.ndarray], float]:
    def stat(rows: np.ndarray) -> float:
        rows = rows[keep[rows]]
        return float(values[rows].mean()) if rows.size else float("nan")

    return stat


def score_table(
    forecasts: dict[str, np.ndarray],
    data: TrainingData,
    *,
    baseline: str = "mean",
    reps: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """One row per model: MAE (all, non-binary), share within 0.1, each with a 95 % interval,
    and the paired difference from ``baseline`` (all, non-binary) with its interval.

    ``forecasts`` maps a model to its forecast of every issue on [0, 1].
    """
    base = np.abs(forecasts[baseline] - data.y)
    every, nonbinary = np.ones(data.y.size, dtype=bool), ~data.binary
    rows = []
    for name, pred in forecasts.items():
        err = np.abs(np.asarray(pred) - data.y)
        row: dict[str, float | str | int] = {"model": name, "n": int(err.size)}
        for label, keep in (("all", every), ("nonbinary", nonbinary)):
            mae = group_bootstrap(_subset_mean(err, keep), data.groups, reps=reps, seed=seed)
            diff = group_bootstrap(_subset_mean(err - base, keep), data.groups, reps=reps, seed=seed)
            row.update({f"mae_{label}": mae[0], f"mae_{label}_low": mae[1], f"mae_{label}_high": mae[2]})
            row.update(
                {f"diff_{label}": diff[0], f"diff_{label}_low": diff[1], f"diff_{label}_high": diff[2]}
            )
        within = group_bootstrap(
            _subset_mean((err < 0.1).astype(float), every), data.groups, reps=reps, seed=seed
        )
        row.update({"within_0.1": within[0], "within_0.1_low": within[1], "within_0.1_high": within[2]})
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- nested CV


def candidate_designs() -> list[Design]:
    """The learned-model designs compared on the training half.

    See :func:`foedus.bargaining.learned.candidate_designs`; :func:`selection_cv` re-runs their
    comparison inside each fold.
    """
    from foedus.bargaining.learned import candidate_designs as designs

    return designs()


def learned_cv(
    data: TrainingData,
    *,
    features: Sequence[str] | None = None,
    alphas: Sequence[float] | None = None,
    folds: int = 5,
    inner_folds: int = 5,
    seed: int = 0,
    design: Design | None = None,
) -> tuple[np.ndarray, list[float]]:
    """Out-of-fold forecasts (on [0, 1]) of the learned model by nested CV grouped by proposal.

    Scores one fixed design: ``design`` (a :class:`~foedus.bargaining.learned.Design`), or
    ``features`` with the penalty grid ``alphas`` (no binary rule), or by default the shipped
    model's design (if the shipped model is a design average, its pool, refitted in every
    fold, the pool's name standing in for α). Inner folds choose α when there is a grid.
    Returns the forecasts and the α chosen in each outer fold. This does *not* score the
    choice of the design or pool: see :func:`selection_cv` and :func:`pool_cv`.
    """
    from foedus.bargaining import learned

    shipped = learned.load_params() if design is None and features is None else {}
    if "designs" in shipped:
        name = shipped["pool"]
        pred, _ = pool_cv(
            data, {name: learned.pools()[name]}, folds=folds, inner_folds=inner_folds, seed=seed
        )
        return pred, [name] * folds  # type: ignore[list-item]
    if design is None and features is None:
        design = learned.Design.from_dict(shipped["design"])
    elif design is None:
        design = learned.Design(tuple(features or ()), tuple(alphas or (0.0,)))

    def step(issues: TrainingMatrix, train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, Any]:
        params = learned.fit_design(design, *issues.rows(train).fit_inputs(), folds=inner_folds, seed=seed)
        return learned.design_forecast(params, issues.rows(test)), params["alpha"]

    return _outer_cv(data, folds, seed, step)


def selection_cv(
    data: TrainingData,
    designs: Sequence[Design | tuple[Any, Any]] | None = None,
    *,
    folds: int = 5,
    inner_folds: int = 5,
    seed: int = 0,
) -> tuple[np.ndarray, list[int]]:
    """Out-of-fold forecasts of the whole procedure that *chooses* the learned model's design.

    In each outer fold, every design is scored by grouped CV on the other folds only (with
    its own penalty chosen inside), the best is refitted there and forecasts the held-out
    proposals. Returns the forecasts and the design chosen per fold (index into ``designs``,
    default :func:`candidate_designs`): the score of the selection, not of one selected design,
    and the honest score of the shipped model, which :func:`foedus.bargaining.learned.refit`
    chooses the same way on every training issue.
    """
    from foedus.bargaining import learned

    pool = [learned._as_design(d) for d in (designs or candidate_designs())]

    def step(issues: TrainingMatrix, train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, int]:
        inner, held = issues.rows(train), issues.rows(test)
        best, _ = learned.select_design(pool, inner, folds=inner_folds, seed=seed)
        params = learned.fit_design(pool[best], *inner.fit_inputs(), folds=inner_folds, seed=seed)
        return learned.design_forecast(params, held), best

    return _outer_cv(data, folds, seed, step)


def pool_cv(
    data: TrainingData,
    candidates: dict[str, list[Design]] | None = None,
    *,
    folds: int = 5,
    inner_folds: int = 5,
    seed: int = 0,
) -> tuple[np.ndarray, list[str]]:
    """Out-of-fold forecasts of the whole procedure that makes the shipped learned model.

    In each outer fold, every pool of designs (default
    :func:`foedus.bargaining.learned.pools`) is scored by grouped CV on the other folds only,
    the best pool's designs are refitted there and their average forecasts the held-out
    proposals. Returns the forecasts and the pool chosen per fold: the honest score of
    :func:`foedus.bargaining.learned.refit`, which chooses and fits the same way on every
    training issue.
    """
    from foedus.bargaining import learned

    candidates = learned.pools() if candidates is None else candidates

    def step(issues: TrainingMatrix, train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, str]:
        inner = issues.rows(train)
        best = next(iter(candidates))
        if len(candidates) > 1:
            best, _ = learned.select_pool(inner, candidates=candidates, folds=inner_folds, seed=seed)
        fitted = learned.fit_pool(candidates[best], *inner.fit_inputs())
        return learned.pool_forecast(fitted, issues.rows(test)), best

    return _outer_cv(data, folds, seed, step)


def _outer_cv(
    data: TrainingData,
    folds: int,
    seed: int,
    step: Callable[[TrainingMatrix, np.ndarray, np.ndarray], tuple[np.ndarray, Any]],
) -> tuple[np.ndarray, list[Any]]:
    """The outer loop every nested score shares: folds of whole proposals; in each,
    ``step(issues, train, test)`` fits on the training rows only and returns its forecasts of
    the test rows and what it chose (α, a design, a pool)."""
    from foedus.bargaining import learned

    issues = learned.training_matrix(data)
    fold = group_folds(data.groups, folds, seed)
    pred = np.empty(data.y.size)
    chosen = []
    for f in range(folds):
        test, train = fold == f, fold != f
        pred[test], pick = step(issues, train, test)
        chosen.append(pick)
    return pred, chosen
