r"""Scores for out-of-sample predictions, and their intervals by a bootstrap over clusters.

- **AUC**: the probability that a random positive row is ranked above a random negative
  one (ties count half), computed from ranks (Mann-Whitney), with row weights so that a
  bootstrap replicate is a reweighting of the scored rows;
- **per-cluster AUC** (:func:`within_aucs`): the mean of the AUCs within each dispute (or war) that has both a
  positive and a negative row: ranking the candidates of one dispute, without the credit
  a pooled AUC gives for telling violent disputes from quiet ones;
- **Brier score**: the mean squared error of the probability;
- **PRL**, the proportional reduction in log loss against the sample's class frequencies,
  :math:`1 - LL_{model}/LL_{null}` (Carroll & Kenkel 2019);
- a **calibration table**: rows grouped by predicted probability, with the mean
  prediction and the observed rate in each group.

Intervals are percentile intervals of :func:`cluster_bootstrap`: disputes (wars, dyads) are
resampled with replacement, ``B`` times, and the score recomputed on the replicate; the
predictions stay fixed (the interval is the sampling uncertainty of the *test* set).

References: Carroll & Kenkel (2019); Cameron, Gelbach & Miller (2008).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

Score = Callable[[np.ndarray], float]  # row weights -> score


def auc(y: np.ndarray, p: np.ndarray, w: np.ndarray | None = None) -> float:
    """Weighted area under the ROC curve (ties count half).

    Examples
    --------
    >>> auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    0.75
    """
    y = np.asarray(y).astype(bool)
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=float)
    order = np.argsort(p, kind="mergesort")
    ps, ys, ws = np.asarray(p)[order], y[order], w[order]
    # group ties: each tie block contributes its negatives below and half within
    starts = np.r_[True, ps[1:] != ps[:-1]]
    block = np.cumsum(starts) - 1
    neg_w = np.bincount(block, weights=ws * ~ys)
    pos_w = np.bincount(block, weights=ws * ys)
    below = np.cumsum(neg_w) - neg_w
    total_pos, total_neg = pos_w.sum(), neg_w.sum()
    if total_pos == 0 or total_neg == 0:
        return float("nan")
    return float((pos_w * (below + 0.5 * neg_w)).sum() / (total_pos * total_neg))


def brier(y: np.ndarray, p: np.ndarray, w: np.ndarray | None = None) -> float:
    """Weighted mean squared error of the probabilities."""
    return float(np.average((np.asarray(p) - np.asarray(y)) ** 2, weights=w))


def log_loss(y: np.ndarray, P: np.ndarray, w: np.ndarray | None = None) -> float:
    """Weighted mean negative log-likelihood of class labels ``y`` under probabilities ``P``."""
    p = np.clip(P[np.arange(len(y)), y], 1e-15, 1.0)
    return float(-np.average(np.log(p), weights=w))


def prl(y: np.ndarray, P: np.ndarray, w: np.ndarray | None = None) -> float:
    """Proportional reduction in log loss against the (weighted) class frequencies of ``y``."""
    w = np.ones(len(y)) if w is None else w
    freq = np.bincount(y, weights=w, minlength=P.shape[1]) / w.sum()
    null = np.tile(freq, (len(y), 1))
    return 1.0 - log_loss(y, P, w) / log_loss(y, null, w)


def within_aucs(y: np.ndarray, p: np.ndarray, groups: np.ndarray) -> pd.Series:
    """The AUC within each cluster that has both outcomes, indexed by cluster.

    Their mean is the per-dispute (per-war) ranking AUC; a bootstrap reweights them.
    """
    df = pd.DataFrame({"y": np.asarray(y).astype(int), "p": p, "g": groups})
    mixed = df.groupby("g").y.transform(lambda s: 0 < s.sum() < len(s))
    out = {g: auc(d.y.to_numpy(), d.p.to_numpy()) for g, d in df[mixed].groupby("g", sort=True)}
    return pd.Series(out, dtype=float)


def calibration_table(y: np.ndarray, p: np.ndarray, bins: tuple[float, ...]) -> pd.DataFrame:
    """Rows grouped by predicted probability (``bins`` are the edges): ``bin, n, predicted, observed``."""
    cut = pd.cut(p, list(bins), include_lowest=True)
    df = pd.DataFrame({"bin": cut, "y": y, "p": p})
    out = df.groupby("bin", observed=True).agg(
        n=("y", "size"), predicted=("p", "mean"), observed=("y", "mean")
    )
    out = out.reset_index()
    out["bin"] = out.bin.astype(str)
    return out


def cluster_bootstrap(
    score: Score, groups: np.ndarray, *, reps: int, rng: np.random.Generator, level: float = 0.9
) -> tuple[float, float]:
    """Percentile interval of ``score(weights)`` over replicates that resample clusters.

    ``score`` receives a row-weight vector (how often each row's cluster was drawn).
    """
    codes, uniq = pd.factorize(np.asarray(groups))
    scores = []
    for _ in range(reps):
        counts = np.bincount(rng.integers(0, len(uniq), len(uniq)), minlength=len(uniq))
        scores.append(score(counts[codes].astype(float)))
    vals = np.asarray(scores, dtype=float)
    vals = vals[np.isfinite(vals)]
    a = (1 - level) / 2
    return float(np.quantile(vals, a)), float(np.quantile(vals, 1 - a))
