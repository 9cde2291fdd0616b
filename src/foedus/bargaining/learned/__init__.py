r"""A learned correction of the compromise model, fitted on the training half of DEU III.

Theory
------
No single model beats the compromise model on EU legislation by much (Thomson et al.
2006, ch. 10), but the models err differently, and the procedure adds information
that the compromise model ignores: under co-decision the Parliament can veto, the
reference point constrains qualified-majority outcomes. Stacking (Wolpert 1992;
Breiman 1996) learns how much each such signal should move the forecast. Here the
learner corrects the compromise forecast :math:`m` (on [0, 1]) by a linear
combination of features, most of them *deviations from it*,

.. math::

    \hat{y} = m + \sum_k \beta_k z_k, \qquad
    z \subseteq (f_{median} - m,\; f_{nash} - m,\; f_{bdm} - m,\; f_{procedural} - m,\;
         f_{exchange} - m,\; x_{com} - m,\; (x_{EP} - m) \cdot COD,\;
         (x_{EP} - m) \cdot (1 - COD),\; \bar{x}_{Council} - m,\; SQ - m,\;
         \sigma,\; S_{net},\; (SQ - m) \cdot QMV,\; 1),

where :math:`f_\cdot` are the own models' forecasts, :math:`x_{com}` and
:math:`x_{EP}` the Commission's and Parliament's positions, :math:`\bar x_{Council}`
the c·s-weighted mean of the member states, SQ the reference point (a missing actor or
reference point contributes 0), :math:`\sigma = (\sum_i w_i (x_i - m)^2 / \sum_i w_i)^{1/2}`
the c·s-weighted dispersion of the positions, :math:`S_{net}` the share of the Council's
c·s weight strictly above SQ minus the share strictly below it (the side on which a
qualified majority could form), QMV 1 under qualified-majority voting, and 1 an
intercept; the pools below add the four actor-role features of :data:`ROLES`. The
coefficients minimise the mean absolute error, the DEU error metric,
with an L1 penalty,

.. math:: \min_\beta \frac{1}{N}\sum_i |y_i - m_i - z_i^\top \beta| + \alpha \lVert\beta\rVert_1,

a median (quantile 0.5) regression (Koenker & Bassett 1978;
:class:`sklearn.linear_model.QuantileRegressor`, HiGHS).

*The binary rule.* On a binary issue (every actor with a stake at one of the two ends
of the scale) the outcome is often at an end, and the forecast that minimises the
expected absolute error is the median of the outcome's distribution, not a point in
between. A design with the binary rule forecasts such issues by a regression stump on
the compromise forecast (CART with absolute loss; Breiman et al. 1984,
:class:`sklearn.tree.DecisionTreeRegressor`, at least ``BINARY_MIN_LEAF`` issues per
leaf): :math:`\hat y = b_{below}` if :math:`m \le \tau`, else :math:`b_{above}`, the
threshold and the two leaf medians fitted on the training half's binary issues; the
regression is then fitted on the other issues only. The forecast is clipped to the range
of the positions and the reference point.

*Domain.* The corrections are learned from EU legislative issues, on DEU's coding (the
low end mostly the status quo). An issue without a legislative ``procedure`` is outside
that domain, and the model forecasts it by the compromise model, uncorrected.

Which model: an average of designs
----------------------------------
A *design* is one choice of features, with or without the binary rule. Selecting one design
by cross-validation among many picks noise as often as signal on 168 issues (the previous
version of this module did so among 30 designs; nested CV put it at 0.207 against the
compromise model's 0.221, an interval spanning zero). The shipped model instead forecasts
the **equal-weight mean** of a pool of D designs, each clipped to the range of the positions
and the reference point first,

.. math:: \hat{y} = \frac{1}{D} \sum_{k=1}^{D} \operatorname{clip}(\hat{y}^{(k)}),

forecast combination with equal weights, which is hard to beat when the weights would
have to be estimated (Bates & Granger 1969; Smith & Wallis 2009). Half of every pool's
designs carry the binary rule and half do not, so a binary issue is forecast halfway
between the rule's end of the scale and the corrected compromise: most of the rule's
gain, half its loss when it picks the wrong end. :func:`pools` lists three pools; all
keep the Parliament's pull under co-decision:

- ``fixed`` (28): the Parliament feature alone or with one of the 13 other features of
  :data:`SINGLE_FEATURES` (the single designs of :func:`candidate_designs` without L1);
- ``roles`` (36): ``fixed`` and the Parliament with one of the actor-role features
  :data:`ROLES`: the c·s-weighted share of actors at the ends of the scale, the
  member states' c·s-weighted median, the Commission's position under co-decision, and
  the Council's pivot towards the reference point under its voting rule (0.71 of the
  capability for QMV, all of it for unanimity; Thomson et al. 2006, ch. 3);
- ``structure`` (32): the Parliament with none, one or two of :data:`STRUCTURE`
  (dispersion, share at the extremes, net support, (SQ - m)·QMV, intercept).

:func:`refit` chooses the pool of least 5-fold CV error grouped by proposal on the
training half and fits its designs on every training issue; ``benchmarks/eval_models.py``
scores that *whole procedure*, the choice of pool included, by nested cross-validation
(:func:`foedus.bargaining.evaluation.pool_cv`), the model's honest score.

Parameters shipped
------------------
``learned_params.json`` beside this module holds the pool chosen, every design's
coefficients and binary rule, every pool's CV error and the training files' SHA-256;
:func:`refit` recomputes it from ``deu3_train_issues.csv`` and ``deu3_train_outcomes.csv``
(the training half of DEU III, Arregui & Perarnaud 2021) and a test checks that the
shipped file is what refitting gives. Only the training half was used.

The shipped pool is ``structure``: the Parliament's coefficient is 0.31 to 0.35 in every
design, the binary rule forecasts the low end if m <= 0.664, else 0.925. Its nested score
on the training half is 0.199 on all issues against the compromise model's 0.221, an
interval that excludes zero, and 0.178 against 0.191 on the non-binary issues, one that
does not (see ``docs/models/forecast-evaluation.md``).

Complexity: O(n) per issue for n actors with the shipped pool (the compromise, the
Parliament's and Commission's positions, sums over the actors and one weighted median
and pivot, O(n log n) for its sort), times D = 32 dot products; the ``fixed`` pool adds its
members' time (BDM's O(n^3) per round over 10 rounds, the exchange model's O(n^2 m^2)
over a proposal's m issues). Fitting costs D median regressions on the 168 training
issues; choosing the pool 5 folds x (28 + 36 + 32) of them (about 15 s).

References
----------
Wolpert (1992) (``wolpert_1992``); Breiman (1996) (``breiman_1996``); Bates & Granger
(1969) (``bates_granger_1969``); Smith & Wallis (2009) (``smith_wallis_2009``); Koenker & Bassett
(1978) (``koenker_bassett_1978``); Breiman et al. (1984) (``breiman_etal_1984``);
scikit-learn (``pedregosa_etal_2011``); Thomson et al. (2006) (``thomson_etal_2006``);
Arregui & Perarnaud (2021) (``arregui_perarnaud_2021``).

Examples
--------
>>> from foedus.bargaining import BargainingProblem, forecast
>>> p = BargainingProblem(("pcom", "pep", "A", "B"), [1, 1, 1, 1], [100, 100, 0, 40],
...                       [0.5, 0.5, 0.5, 0.5], reference_point=[0], voting_rule="QMV",
...                       procedure="COD")
>>> res = forecast(p, "learned")  # about 0.33 x (100 - 60) towards the Parliament, less the rest
>>> res.rounds[["compromise", "correction", "binary_rule"]].round(2).to_dict("records")
[{'compromise': 60.0, 'correction': 11.92, 'binary_rule': False}]
>>> yes = BargainingProblem(("pcom", "A", "B"), [1, 1, 2], [100, 0, 100], [1, 1, 1], procedure="CNS")
>>> no = BargainingProblem(("pcom", "A", "B"), [1, 2, 1], [100, 0, 100], [1, 1, 1], procedure="CNS")
>>> # m = 75 and 50: half the designs say 92.5 and 0, the other half correct the compromise
>>> round(float(forecast(yes, "learned").outcome[0]), 1), round(float(forecast(no, "learned").outcome[0]), 1)
(81.6, 22.7)
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from foedus.bargaining._common import group_folds, one_shot_result, provenance
from foedus.bargaining.learned.features import (
    ALL_FEATURES,
    FEATURES,
    MEMBERS,
    ROLES,
    SINGLE_FEATURES,
    TrainingMatrix,
    _range01,
    binary_dims,
    design_matrix,
    feature_matrix,
    training_matrix,
)
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike

__all__ = [
    "ALL_FEATURES",
    "ALPHAS_ALL",
    "FEATURES",
    "MEMBERS",
    "PARAMS_FILE",
    "TrainingMatrix",
    "binary_dims",
    "choose_alpha",
    "design_forecast",
    "design_matrix",
    "feature_matrix",
    "fit",
    "fit_pool",
    "forecast",
    "load_params",
    "pool_errors",
    "pool_forecast",
    "pools",
    "predict_pool",
    "refit",
    "select",
    "select_pool",
    "training_matrix",
]

CITATIONS = (
    "wolpert_1992",
    "breiman_1996",
    "bates_granger_1969",
    "smith_wallis_2009",
    "koenker_bassett_1978",
    "breiman_etal_1984",
    "pedregosa_etal_2011",
    "thomson_etal_2006",
    "arregui_perarnaud_2021",
)
STRUCTURE = ("dispersion", "extremes", "support_net", "reference_qmv", "intercept")
"""The features the ``structure`` pool combines with the Parliament's, up to two at a time."""
BASE = ("parliament_cod",)
"""The feature every design keeps (the Parliament's veto under co-decision)."""
ALPHAS_ALL = (0.003, 0.005, 0.01, 0.02, 0.03, 0.05)
"""The L1 penalty grid of the designs with every feature."""
BINARY_MIN_LEAF = 8
"""Fewest training issues in each leaf of the binary rule's stump (a sixth of DEU's 48)."""
PARAMS_FILE = "learned_params.json"


@dataclass(frozen=True)
class Design:
    """One candidate form of the correction: its features, penalty grid and binary rule.

    Examples
    --------
    >>> Design(("parliament_cod", "dispersion"), binary_rule=True).name
    'parliament_cod+dispersion, binary rule'
    """

    features: tuple[str, ...]
    alphas: tuple[float, ...] = (0.0,)
    binary_rule: bool = False

    @property
    def name(self) -> str:
        """A short label: the features (or their number, under L1) and the binary rule."""
        text = "+".join(self.features) if len(self.alphas) == 1 else f"all {len(self.features)}, L1"
        return text + (", binary rule" if self.binary_rule else "")

    def as_dict(self) -> dict[str, Any]:
        return {"features": list(self.features), "alphas": list(self.alphas), "binary_rule": self.binary_rule}

    @classmethod
    def from_dict(cls, spec: dict[str, Any]) -> Design:
        """The design that :meth:`as_dict` (and ``learned_params.json``'s ``design``) describes."""
        return cls(tuple(spec["features"]), tuple(spec["alphas"]), bool(spec["binary_rule"]))


def candidate_designs() -> list[Design]:
    """The 30 designs compared on the training half (see the module docstring).

    Examples
    --------
    >>> designs = candidate_designs()
    >>> len(designs), designs[0].name, designs[-1].name
    (30, 'parliament_cod', 'all 13, L1, binary rule')
    """
    every = tuple(f for f in SINGLE_FEATURES if f != "intercept")
    out = []
    for rule in (False, True):
        out.append(Design(BASE, binary_rule=rule))
        out += [Design((*BASE, f), binary_rule=rule) for f in SINGLE_FEATURES if f not in BASE]
        out.append(Design(every, ALPHAS_ALL, rule))
    return out


# --------------------------------------------------------------------------- fitting


def fit(z: np.ndarray, residual: np.ndarray, alpha: float) -> np.ndarray:
    """Coefficients of the L1-penalised median regression of ``residual`` on ``z`` (no intercept).

    Examples
    --------
    >>> z = np.array([[1.0], [2.0], [3.0], [-1.0]])
    >>> fit(z, 0.5 * z[:, 0], alpha=0.0).round(6).tolist()
    [0.5]
    """
    from sklearn.linear_model import QuantileRegressor

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn's notices about solver defaults
        model = QuantileRegressor(quantile=0.5, alpha=float(alpha), fit_intercept=False, solver="highs")
        model.fit(np.asarray(z, dtype=float), np.asarray(residual, dtype=float))
    return np.asarray(model.coef_, dtype=float)


def choose_alpha(
    z: np.ndarray,
    residual: np.ndarray,
    groups: np.ndarray,
    *,
    alphas: Sequence[float] = ALPHAS_ALL,
    folds: int = 5,
    seed: int = 0,
    rule: str = "min",
) -> tuple[float, dict[float, float]]:
    """The penalty chosen by grouped CV, and each candidate's CV mean absolute error.

    ``rule="min"`` (default) takes the α of least error; ``"one_se"`` the largest α whose
    error is within one standard error (across folds) of the least, the usual guard
    against choosing a penalty by noise (Hastie, Tibshirani & Friedman 2009, 7.10).
    """
    fold = group_folds(np.asarray(groups), folds, seed)
    scores, fold_scores = {}, {}
    for alpha in alphas:
        err = np.empty(len(residual))
        for f in range(folds):
            test = fold == f
            beta = fit(z[~test], residual[~test], alpha)
            err[test] = np.abs(residual[test] - z[test] @ beta)
        scores[float(alpha)] = float(err.mean())
        fold_scores[float(alpha)] = [float(err[fold == f].mean()) for f in range(folds)]
    best = min(scores, key=lambda a: (round(scores[a], 12), -a))
    if rule == "min":
        return best, scores
    se = float(np.std(fold_scores[best], ddof=1) / np.sqrt(folds))
    return max(a for a in scores if scores[a] <= scores[best] + se), scores


def select(z: np.ndarray, features: Sequence[str]) -> np.ndarray:
    """The columns of a feature matrix (columns in :data:`FEATURES` order) for ``features``.

    ``z`` from :func:`design_matrix` (columns in :data:`ALL_FEATURES` order) may also give the
    :data:`EXTRA` features.
    """
    names = ALL_FEATURES if z.shape[1] == len(ALL_FEATURES) else FEATURES
    unknown = [f for f in features if f not in names]
    if unknown or not features:
        raise InputError(
            f"learned: unknown feature(s) {unknown or '(none given)'}",
            hint=f"use some of {', '.join(names)}",
        )
    return z[:, [names.index(f) for f in features]]


def _fit_binary_rule(m: np.ndarray, y: np.ndarray) -> dict[str, float] | None:
    """The stump ``m <= threshold -> below, else above`` of least absolute error (None if no split)."""
    from sklearn.tree import DecisionTreeRegressor

    if m.size < 2 * BINARY_MIN_LEAF:
        return None
    tree = DecisionTreeRegressor(
        criterion="absolute_error", max_depth=1, min_samples_leaf=BINARY_MIN_LEAF, random_state=0
    ).fit(m[:, None], y)
    t = tree.tree_
    if t.node_count < 3:
        return None
    below, above = (float(t.value[k].ravel()[0]) for k in (t.children_left[0], t.children_right[0]))
    threshold = round(float(t.threshold[0]), 10)
    return {"threshold": threshold, "below": round(below, 10), "above": round(above, 10)}


def fit_design(
    design: Design,
    m: np.ndarray,
    z: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    binary: np.ndarray,
    *,
    folds: int = 5,
    seed: int = 0,
) -> dict[str, Any]:
    """Fit one design on the given issues: α by grouped CV (if it has a grid), β, the binary rule.

    ``m``, ``y`` on [0, 1]; ``z`` with the :data:`ALL_FEATURES` columns. With the binary rule,
    the regression is fitted on the non-binary issues and the stump on the binary ones.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> m = rng.uniform(size=40); z = np.zeros((40, len(ALL_FEATURES)))
    >>> z[:, ALL_FEATURES.index("parliament_cod")] = rng.normal(size=40)
    >>> y = m + 0.4 * z[:, ALL_FEATURES.index("parliament_cod")]
    >>> fit_design(Design(BASE), m, z, y, np.arange(40) // 2, np.zeros(40, bool))["coefficients"]
    [0.4]
    """
    zs = select(z, design.features)
    rows = ~binary if design.binary_rule else np.ones(y.size, dtype=bool)
    r = y - m
    if len(design.alphas) > 1:
        alpha, _ = choose_alpha(zs[rows], r[rows], groups[rows], alphas=design.alphas, folds=folds, seed=seed)
    else:
        alpha = float(design.alphas[0])
    beta = fit(zs[rows], r[rows], alpha)
    rule = _fit_binary_rule(m[binary], y[binary]) if design.binary_rule else None
    return {
        "features": list(design.features),
        "coefficients": [round(float(b), 10) for b in beta],
        "alpha": alpha,
        "binary_rule": rule,
    }


def predict(params: dict[str, Any], m: np.ndarray, z: np.ndarray, binary: np.ndarray) -> np.ndarray:
    """Forecasts on [0, 1], before the clip, from fitted parameters (as :func:`fit_design` returns).

    Examples
    --------
    >>> params = {"features": ["intercept"], "coefficients": [0.1], "alpha": 0.0,
    ...           "binary_rule": {"threshold": 0.5, "below": 0.0, "above": 1.0}}
    >>> z = np.ones((3, len(ALL_FEATURES)))
    >>> predict(params, np.array([0.2, 0.2, 0.7]), z, np.array([False, True, True])).round(3).tolist()
    [0.3, 0.0, 1.0]
    """
    raw = m + select(z, params["features"]) @ np.asarray(params["coefficients"], dtype=float)
    rule = params.get("binary_rule")
    if rule:
        raw = np.where(binary, np.where(m <= rule["threshold"], rule["below"], rule["above"]), raw)
    return raw


def design_errors(design: Design, issues: TrainingMatrix, *, folds: int = 5, seed: int = 0) -> np.ndarray:
    """Out-of-fold absolute errors of one design by CV grouped by proposal (α chosen inside each fold).

    ``issues`` is :func:`training_matrix`'s (or rows of it).
    """

    def fit_predict(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        params = fit_design(design, *issues.rows(train).fit_inputs(), folds=folds, seed=seed)
        return design_forecast(params, issues.rows(test))

    return _out_of_fold(fit_predict, issues, folds=folds, seed=seed)


def design_forecast(params: dict[str, Any], issues: TrainingMatrix) -> np.ndarray:
    """:func:`predict` on training issues (or rows of them), clipped to each issue's range."""
    return issues.clip(predict(params, issues.m, issues.z, issues.binary))


def _out_of_fold(
    fit_predict: Callable[[np.ndarray, np.ndarray], np.ndarray], issues: Any, *, folds: int, seed: int
) -> np.ndarray:
    """Absolute errors of every issue forecast by ``fit_predict(train, test)`` (boolean masks), which
    fits on the other folds of whole proposals only: the loop that scores a design and a pool alike.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> issues = SimpleNamespace(y=np.array([0.0, 1.0, 0.0, 1.0]), groups=np.array(["a", "a", "b", "b"]))
    >>> _out_of_fold(lambda train, test: np.full(test.sum(), issues.y[train].mean()), issues,
    ...              folds=2, seed=0).tolist()
    [0.5, 0.5, 0.5, 0.5]
    """
    fold = group_folds(issues.groups, folds, seed)
    err = np.empty(issues.y.size)
    for f in range(folds):
        test = fold == f
        err[test] = np.abs(fit_predict(~test, test) - issues.y[test])
    return err


def _least(scores: Sequence[float]) -> int:
    """Index of the least score, ties (to 1e-12, so that rounding noise does not decide) to the first."""
    return min(range(len(scores)), key=lambda k: (round(scores[k], 12), k))


def select_design(
    designs: Sequence[Design], issues: TrainingMatrix, *, folds: int = 5, seed: int = 0
) -> tuple[int, list[float]]:
    """The design of least grouped-CV mean absolute error (index; ties to the first), and every score."""
    scores = [float(design_errors(d, issues, folds=folds, seed=seed).mean()) for d in designs]
    return _least(scores), scores


# --------------------------------------------------------------------------- the design average


def pools() -> dict[str, list[Design]]:
    """The three pools of designs whose forecasts :func:`fit_pool` averages (see the module docstring).

    Examples
    --------
    >>> {k: len(v) for k, v in pools().items()}
    {'fixed': 28, 'roles': 36, 'structure': 32}
    """
    fixed = [d for d in candidate_designs() if len(d.alphas) == 1]
    roles = fixed + [Design((*BASE, f), binary_rule=r) for r in (False, True) for f in ROLES]
    combos = (
        [()]
        + [(f,) for f in STRUCTURE]
        + [(a, b) for i, a in enumerate(STRUCTURE) for b in STRUCTURE[i + 1 :]]
    )
    structure = [Design((*BASE, *c), binary_rule=r) for r in (False, True) for c in combos]
    return {"fixed": fixed, "roles": roles, "structure": structure}


def fit_pool(
    designs: Sequence[Design],
    m: np.ndarray,
    z: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    binary: np.ndarray,
) -> list[dict[str, Any]]:
    """Fit every design of a pool on the given issues (:func:`fit_design`, each tagged with its design)."""
    return [{"design": d.as_dict(), **fit_design(d, m, z, y, groups, binary)} for d in designs]


def predict_pool(
    fitted: Sequence[dict[str, Any]],
    m: np.ndarray,
    z: np.ndarray,
    binary: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
) -> np.ndarray:
    """The equal-weight mean of the fitted designs' forecasts, each clipped to [low, high] first.

    Examples
    --------
    >>> a = {"features": ["intercept"], "coefficients": [0.2], "alpha": 0.0, "binary_rule": None}
    >>> b = {"features": ["intercept"], "coefficients": [0.0], "alpha": 0.0,
    ...      "binary_rule": {"threshold": 0.5, "below": 0.0, "above": 1.0}}
    >>> z = np.ones((2, len(ALL_FEATURES)))
    >>> predict_pool([a, b], np.array([0.4, 0.4]), z, np.array([False, True]), np.zeros(2),
    ...              np.ones(2)).round(3).tolist()
    [0.5, 0.3]
    """
    preds = [np.clip(predict(p, m, z, binary), low, high) for p in fitted]
    return np.mean(preds, axis=0)


def pool_errors(
    designs: Sequence[Design], issues: TrainingMatrix, *, folds: int = 5, seed: int = 0
) -> np.ndarray:
    """Out-of-fold absolute errors of a pool's design average by CV grouped by proposal."""

    def fit_predict(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        return pool_forecast(fit_pool(designs, *issues.rows(train).fit_inputs()), issues.rows(test))

    return _out_of_fold(fit_predict, issues, folds=folds, seed=seed)


def pool_forecast(fitted: Sequence[dict[str, Any]], issues: TrainingMatrix) -> np.ndarray:
    """:func:`predict_pool` on training issues (or rows of them)."""
    return predict_pool(fitted, issues.m, issues.z, issues.binary, issues.low, issues.high)


def select_pool(
    issues: TrainingMatrix,
    *,
    candidates: dict[str, list[Design]] | None = None,
    folds: int = 5,
    seed: int = 0,
) -> tuple[str, dict[str, float]]:
    """The pool of least grouped-CV mean absolute error (ties to the first), and every pool's score."""
    candidates = pools() if candidates is None else candidates
    scores = {k: float(pool_errors(v, issues, folds=folds, seed=seed).mean()) for k, v in candidates.items()}
    return list(scores)[_least(list(scores.values()))], scores


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _as_design(design: Design | Sequence[Any]) -> Design:
    """A :class:`Design`, also from the older ``(features, alphas)`` pair."""
    if isinstance(design, Design):
        return design
    features, alphas = design
    return Design(tuple(features), tuple(alphas))


def refit(
    issues_csv: str | Path,
    outcomes_csv: str | Path,
    *,
    features: Sequence[str] | None = None,
    alphas: Sequence[float] | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Refit the shipped parameters from the DEU III training files.

    Without ``features``, chooses the pool among :func:`pools` by 5-fold CV grouped by
    proposal, then fits each of its designs on every training issue: the shipped
    parameters (the forecast is their designs' average). With ``features`` (and optionally a
    penalty grid ``alphas``), fits that one design, without the binary rule. Returns the
    mapping that ``learned_params.json`` holds.
    """
    from foedus.bargaining.training import load_training

    data = load_training(issues_csv, outcomes_csv)
    issues = training_matrix(data)
    if features is None:
        name, scores = select_pool(issues, seed=seed)
        fitted = fit_pool(pools()[name], *issues.fit_inputs())
        used = sorted({f for p in fitted for f in p["features"]}, key=ALL_FEATURES.index)
        body: dict[str, Any] = {
            "model": "learned/design_average",
            "pool": name,
            "features": used,
            "designs": fitted,
            "cv_mae_by_pool": {k: round(v, 10) for k, v in scores.items()},
        }
    else:
        design = Design(tuple(features), tuple(alphas or (0.0,)))
        body = {
            "model": "learned/median_regression_on_deviations",
            "design": design.as_dict(),
            **fit_design(design, *issues.fit_inputs(), seed=seed),
        }
    return {
        **body,
        "ensemble_weights": _ensemble_weights(data, issues.m),
        "training": {
            "issues": Path(issues_csv).name,
            "outcomes": Path(outcomes_csv).name,
            "issues_sha256": _sha256(Path(issues_csv)),
            "outcomes_sha256": _sha256(Path(outcomes_csv)),
            "n_issues": len(data.problems),
            "n_binary": int(issues.binary.sum()),
            "n_proposals": int(np.unique(data.groups).size),
            "cv_seed": seed,
        },
    }


def _ensemble_weights(data: Any, m: np.ndarray) -> dict[str, float]:
    """Default ensemble weights on (mean, bdm): least absolute deviation on the training issues."""
    from foedus.bargaining import forecast as run
    from foedus.bargaining.ensemble import DEFAULT_MEMBERS, fit_weights

    cols = [m if k == "mean" else _scaled(data.problems, run, k) for k in DEFAULT_MEMBERS]
    w = fit_weights(np.column_stack(cols), data.y)
    return {k: round(float(v), 4) for k, v in zip(DEFAULT_MEMBERS, w, strict=True)}


def _scaled(problems: Sequence[BargainingProblem], run: Any, model: str) -> np.ndarray:
    return np.array([(run(p, model).outcome[0] - p.scale[0]) / (p.scale[1] - p.scale[0]) for p in problems])


def load_params(path: str | Path | None = None) -> dict[str, Any]:
    """The shipped parameters (or those of ``path``)."""
    if path is None:
        text = resources.files("foedus.bargaining").joinpath(PARAMS_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    params = json.loads(text)
    for single in params.get("designs") or [params]:
        _check_single(single)
    return params


def _check_single(params: dict[str, Any]) -> None:
    """Refuse one design's parameters unless its features are known, one coefficient each, rule whole."""
    feats = params.get("features")
    if not feats or set(feats) - set(ALL_FEATURES) or len(feats) != len(params.get("coefficients", ())):
        raise InputError(
            f"learned parameters: features {feats} are not some of {list(ALL_FEATURES)}, "
            "one coefficient each",
            hint="refit them with foedus.bargaining.learned.refit(issues_csv, outcomes_csv)",
        )
    rule = params.setdefault("binary_rule", None)
    if rule is not None and not (isinstance(rule, dict) and {"threshold", "below", "above"} <= set(rule)):
        raise InputError(
            f"learned parameters: binary_rule {rule!r} needs threshold, below and above",
            hint="refit them with foedus.bargaining.learned.refit(issues_csv, outcomes_csv)",
        )


# --------------------------------------------------------------------------- the model


def forecast(
    problem: BargainingProblem,
    *,
    seed: SeedLike = None,
    linked: Sequence[BargainingProblem] = (),
    params: dict[str, Any] | None = None,
) -> ForecastResult:
    """Forecast with the compromise model corrected by the coefficients learned on DEU III.

    Parameters
    ----------
    problem : BargainingProblem
    seed : int, Generator, SeedSequence or None
        Passed to the members (all deterministic); recorded in the provenance.
    linked : sequence of BargainingProblem
        The other issues of the proposal, for the exchange model member.
    params : mapping, optional
        Parameters as :func:`refit` returns them; default the shipped ones.

    Returns
    -------
    ForecastResult
        ``rounds`` holds the compromise forecast (``compromise``), the ``correction`` (scale
        units) and whether the ``binary_rule`` decided the dimension; ``diagnostics["features"]``
        each used feature's value (on [0, 1]).

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("A", "B"), [1, 1], [30, 30], [1, 1])
    >>> float(forecast(p).outcome[0])
    30.0
    >>> q = BargainingProblem(("A", "B"), [1, 1], [10, 70], [1, 1])  # no procedure: the compromise
    >>> float(forecast(q).outcome[0])
    40.0
    """
    params = load_params() if params is None else params
    lo, hi = problem.scale
    singles = params.get("designs") or [params]
    m, z, binary = design_matrix(problem, linked=linked, seed=seed, features=params["features"])
    low, high = _range01(problem)
    if "designs" in params:
        raw = predict_pool(singles, m, z, binary, low, high)
        detail = {
            "pool": params.get("pool"),
            "designs": [
                {
                    "features": p["features"],
                    "coefficients": p["coefficients"],
                    "binary_rule": p["binary_rule"],
                }
                for p in singles
            ],
        }
    else:
        raw = predict(params, m, z, binary)
        beta = dict(zip(params["features"], params["coefficients"], strict=True))
        detail = {"alpha": params["alpha"], "coefficients": beta, "binary_rule": params.get("binary_rule")}
    if problem.procedure is None:  # not a legislative issue: outside the training domain, no correction
        raw, binary = m.copy(), np.zeros_like(binary)
    outcome = lo + (hi - lo) * np.clip(raw, low, high)
    for d in range(problem.n_dims):  # unanimous actors get their common position whatever the features
        x = problem.position[problem.salience[:, d] > 0, d]
        if x.size and np.ptp(x) == 0:
            outcome[d] = x[0]
    prov = provenance(params.get("model", "learned/design_average"), CITATIONS, detail, seed, problem)
    ruled = np.mean([bool(p.get("binary_rule")) for p in singles])
    columns = {
        "compromise": lo + (hi - lo) * m,
        "correction": (hi - lo) * (raw - m),
        "binary_rule": binary & (ruled > 0),
        "binary_rule_share": np.where(binary, ruled, 0.0),
    }
    features = {f: select(z, [f])[:, 0] for f in params["features"]}
    return one_shot_result(problem, "learned", outcome, prov, columns, {"features": features})
