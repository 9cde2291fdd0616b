"""Every estimated model against its baseline, on data it was not fitted on.

:func:`backtest` returns records ``{"model", "test", "metric", "value", "lower", "upper",
"baseline", "baseline_value", "n"}`` (the joining model's add ``"positives"``):

- ``outcome``: 10-fold cross-validation over the bilateral disputes; PRL against the class
  frequencies, and the ordered logit on the CINC share as the baseline;
- ``joining``: fitted on disputes up to 1945 (1970) and scored on the later ones: pooled
  AUC, per-dispute ranking AUC and Brier score, against a plain logit on obligations,
  distance, major-power status, capability and era; and grouped 10-fold CV by dispute;
- ``honouring``: grouped 12-fold cross-validation by war: AUC against an era-only logit,
  Brier score and calibration error against Berkemeier & Fuhrmann's (2018) published
  aggregate rates by era (0.66 before 1945, 0.22 after) used as the prediction;
- ``deterrence`` (the initiation model): fitted up to 1945 (1970), scored after; AUC
  against the Leeds (2003)-style logit fitted on the same rows.

``value`` and ``baseline_value`` are the scores of the predictions; ``lower`` and
``upper`` a 90 % percentile interval of the model's score from a bootstrap over disputes,
wars or dyads (:func:`~foedus.estimation.metrics.cluster_bootstrap`) with ``reps``
replicates, seeded: same seed, same records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from foedus.data.cache import data_dir
from foedus.estimation import honouring, initiation, joining, outcome
from foedus.estimation.metrics import (
    auc,
    brier,
    calibration_table,
    cluster_bootstrap,
    prl,
    within_aucs,
)
from foedus.seeds import SeedLike, as_seed_sequence

CUTS = (1945, 1970)
PUBLISHED_RATES = {"before 1945": 0.66, "after 1945": 0.22}  # Berkemeier & Fuhrmann (2018), aggregate
HONOURING_BINS = (0.0, 0.05, 0.1, 0.2, 0.4, 0.6, 1.0)
JOINING_BINS = (0.0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 1.0)


@dataclass(frozen=True)
class Scored:
    """Out-of-sample predictions of one test: the model's and the baseline's."""

    y: np.ndarray  # 0/1 (or class labels for the outcome model)
    p: np.ndarray  # the model's probability (or class probabilities)
    base: np.ndarray  # the baseline's
    groups: np.ndarray  # clusters for the bootstrap


# ----------------------------------------------------------------------------- predictions
@cache
def _outcome(_root: str) -> Scored:
    from sklearn.model_selection import KFold

    rows = outcome.training_rows()
    P, B = np.zeros((len(rows), 3)), np.zeros((len(rows), 3))
    for train, test in KFold(10, shuffle=True, random_state=0).split(rows):
        P[test] = outcome.fit(rows.iloc[train]).predict(outcome.design(rows.iloc[test]))
        B[test] = outcome.baseline_probabilities(rows.iloc[train], rows.iloc[test])
    return Scored(rows.y.to_numpy(), P, B, rows.dispnum.to_numpy())


@cache
def _joining(_root: str, cut: int | None) -> Scored:
    from sklearn.model_selection import GroupKFold

    rows = joining.training_rows()
    if cut is not None:
        splits = [(np.flatnonzero(rows.year <= cut), np.flatnonzero(rows.year > cut))]
    else:
        splits = list(GroupKFold(10).split(rows, groups=rows.dispnum))
    p, b, keep = np.zeros(len(rows)), np.zeros(len(rows)), np.zeros(len(rows), bool)
    for train, test in splits:
        fit_rows, score_rows = rows.iloc[train], rows.iloc[test]
        p[test] = joining.p_join(joining.fit(fit_rows), score_rows)
        b[test] = joining.fit_baseline(fit_rows).predict(joining.design(score_rows))[:, 1]
        keep[test] = True
    return Scored((rows.y.to_numpy() > 0)[keep] * 1, p[keep], b[keep], rows.dispnum.to_numpy()[keep])


@cache
def _honouring(_root: str) -> Scored:
    from sklearn.model_selection import GroupKFold

    rows = honouring.training_rows()
    p, b = np.zeros(len(rows)), np.zeros(len(rows))
    for train, test in GroupKFold(12).split(rows, groups=rows.warnum):
        p[test] = honouring.fit(rows.iloc[train]).predict(honouring.design(rows.iloc[test]))[:, 1]
        b[test] = honouring.fit(rows.iloc[train], ("const", "after_1945")).predict(
            honouring.design(rows.iloc[test])
        )[:, 1]
    return Scored(rows.y.to_numpy(), p, b, rows.warnum.to_numpy())


def published_rates(years: np.ndarray) -> np.ndarray:
    """Berkemeier & Fuhrmann's (2018) aggregate honour rates by era, as a prediction."""
    return np.where(np.asarray(years) > 1945, PUBLISHED_RATES["after 1945"], PUBLISHED_RATES["before 1945"])


@cache
def _deterrence(_root: str, cut: int) -> Scored:
    rows = initiation.training_rows()
    train, test = rows[rows.year <= cut], rows[rows.year > cut]
    X = initiation.design(test)
    p = initiation.fit(train).predict(X)[:, 1]
    b = initiation.fit(train, initiation.BASELINE).predict(X)[:, 1]
    return Scored(test.y.to_numpy(), p, b, test.dyad.to_numpy())


# ----------------------------------------------------------------------------- records
def _record(model: str, test: str, metric: str, s: Scored, score: Callable, baseline: str, reps, rng) -> dict:
    """One record: the score of the model and of the baseline, the model's bootstrap interval."""
    lo, hi = cluster_bootstrap(lambda w: score(s.p, w), s.groups, reps=reps, rng=rng)
    return {
        "model": model,
        "test": test,
        "metric": metric,
        "value": float(score(s.p, None)),
        "lower": lo,
        "upper": hi,
        "baseline": baseline,
        "baseline_value": float(score(s.base, None)),
        "n": len(s.y),
    }


def _per_dispute(s: Scored) -> Callable:
    """Per-cluster AUC as a score of (probabilities, row weights): weights pick clusters."""
    cache_: dict[int, tuple[pd.Series, np.ndarray]] = {}

    def score(p: np.ndarray, w: np.ndarray | None) -> float:
        if id(p) not in cache_:
            per = within_aucs(s.y, p, s.groups)
            first = pd.Series(np.arange(len(s.groups)), index=s.groups).groupby(level=0).first()
            cache_[id(p)] = (per, first.reindex(per.index).to_numpy())
        per, rows = cache_[id(p)]
        return float(np.average(per.to_numpy(), weights=None if w is None else w[rows]))

    return score


def _ece(y: np.ndarray, bins: tuple[float, ...]) -> Callable:
    """Expected calibration error: row-weighted mean |mean predicted - observed| over bins."""

    def score(p: np.ndarray, w: np.ndarray | None) -> float:
        w = np.ones(len(y)) if w is None else w
        which = np.digitize(p, bins[1:-1])
        total = 0.0
        for k in np.unique(which):
            m = which == k
            if w[m].sum() > 0:
                total += abs(np.average(p[m], weights=w[m]) - np.average(y[m], weights=w[m])) * w[m].sum()
        return total / w.sum()

    return score


Rng = Callable[[], np.random.Generator]


def _outcome_records(root: str, reps: int, rng: Rng) -> list[dict]:
    s = _outcome(root)
    score = lambda p, w: prl(s.y, p, w)  # noqa: E731
    return [_record("outcome", "10-fold CV", "prl", s, score, "ordered logit on the CINC share", reps, rng())]


def _joining_records(root: str, reps: int, rng: Rng) -> list[dict]:
    out = []
    base = "logit on obligations, distance, major power, capability, era"
    for cut in (*CUTS, None):
        s = _joining(root, cut)
        test = f"fit<={cut}, score>{cut}" if cut else "grouped 10-fold CV by dispute"
        metrics = {
            "auc": lambda p, w, s=s: auc(s.y, p, w),
            "auc_per_dispute": _per_dispute(s),
            "brier": lambda p, w, s=s: brier(s.y, p, w),
        }
        for metric, score in metrics.items():
            record = _record("joining", test, metric, s, score, base, reps, rng())
            out.append(record | {"positives": int(s.y.sum())})
    return out


def _honouring_records(root: str, reps: int, rng: Rng) -> list[dict]:
    s = _honouring(root)
    test = "grouped 12-fold CV by war"
    published = Scored(s.y, s.p, published_rates(honouring.training_rows().year.to_numpy()), s.groups)
    base = "Berkemeier & Fuhrmann (2018) aggregate rates by era"
    return [
        _record("honouring", test, "auc", s, lambda p, w: auc(s.y, p, w), "era-only logit", reps, rng()),
        _record("honouring", test, "brier", published, lambda p, w: brier(s.y, p, w), base, reps, rng()),
        _record("honouring", test, "ece", published, _ece(s.y, HONOURING_BINS), base, reps, rng()),
    ]


def _deterrence_records(root: str, reps: int, rng: Rng) -> list[dict]:
    out = []
    for cut in CUTS:
        s = _deterrence(root, cut)
        score = lambda p, w, s=s: auc(s.y, p, w)  # noqa: E731
        out.append(_record("deterrence", f"fit<={cut}, score>{cut}", "auc", s, score, LEEDS, reps, rng()))
    return out


LEEDS = "Leeds (2003)-style logit"


def backtest(*, reps: int = 200, seed: SeedLike = 0) -> list[dict]:
    """Score every model out of sample against its baseline (see the module docstring).

    Parameters
    ----------
    reps : int
        Bootstrap replicates per interval.
    seed : int, optional
        Seeds the bootstrap (one child seed per record): same seed, same records.

    Returns
    -------
    list of dict
        One record per (model, test, metric), in the order of the module docstring.
    """
    from threadpoolctl import threadpool_limits

    root = str(data_dir())
    children = iter(as_seed_sequence(seed).spawn(64))

    def rng() -> np.random.Generator:
        return np.random.default_rng(next(children))

    with threadpool_limits(limits=1):
        parts = (_outcome_records, _joining_records, _honouring_records, _deterrence_records)
        return [record for part in parts for record in part(root, reps, rng)]


def gains(*, reps: int = 200, seed: SeedLike = 0) -> pd.DataFrame:
    """The AUC gain over the baseline of each out-of-time test, with a *paired* bootstrap
    interval (model and baseline scored on the same replicate): ``model, test, gain, lower, upper``."""
    root = str(data_dir())
    rng = np.random.default_rng(as_seed_sequence(seed))
    tests = [("joining", f"fit<={c}, score>{c}", _joining(root, c)) for c in CUTS]
    tests += [("deterrence", f"fit<={c}, score>{c}", _deterrence(root, c)) for c in CUTS]
    rows = []
    for model, test, s in tests:

        def gain(w: np.ndarray | None, s: Scored = s) -> float:
            return auc(s.y, s.p, w) - auc(s.y, s.base, w)

        lo, hi = cluster_bootstrap(gain, s.groups, reps=reps, rng=rng)
        rows.append((model, test, gain(None), lo, hi))
    return pd.DataFrame(rows, columns=["model", "test", "gain", "lower", "upper"])


def calibration_tables() -> dict[str, pd.DataFrame]:
    """Calibration of the out-of-sample predictions: ``joining`` (fitted up to 1945, scored
    after) and ``honouring`` (grouped CV by war, with the published rates beside)."""
    root = str(data_dir())
    j = _joining(root, 1945)
    h = _honouring(root)
    table = calibration_table(h.y, h.p, HONOURING_BINS)
    years = honouring.training_rows().year.to_numpy()
    pub = published_rates(years)
    return {
        "joining": calibration_table(j.y, j.p, JOINING_BINS),
        "honouring": table,
        "honouring_published": pd.DataFrame(
            {
                "era": ["before 1945", "after 1945"],
                "n": [int((years <= 1945).sum()), int((years > 1945).sum())],
                "published": [pub[years <= 1945][0], pub[years > 1945][0]],
                "model_mean": [h.p[years <= 1945].mean(), h.p[years > 1945].mean()],
                "observed": [h.y[years <= 1945].mean(), h.y[years > 1945].mean()],
            }
        ),
    }
