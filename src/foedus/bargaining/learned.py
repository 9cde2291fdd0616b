r"""A learned correction of the compromise model, fitted on the training half of DEU III.

Theory
------
No single model beats the compromise model on EU legislation by much (Thomson et al.
2006, ch. 10), but the models err differently, and the procedure adds information
that the compromise model ignores: under co-decision the Parliament can veto, the
reference point constrains qualified-majority outcomes. Stacking (Wolpert 1992;
Breiman 1996) learns how much each such signal should move the forecast. Here the
learner corrects the compromise forecast :math:`m` (on [0, 1]) by a linear
combination of *deviations from it*,

.. math::

    \hat{y} = m + \sum_k \beta_k z_k, \qquad
    z = (f_{median} - m,\; f_{nash} - m,\; f_{bdm} - m,\; f_{procedural} - m,\;
         f_{exchange} - m,\; x_{com} - m,\; (x_{EP} - m) \cdot COD,\;
         (x_{EP} - m) \cdot (1 - COD),\; \bar{x}_{Council} - m,\; SQ - m),

where :math:`f_\cdot` are the own models' forecasts, :math:`x_{com}` and
:math:`x_{EP}` the Commission's and Parliament's positions, :math:`\bar x_{Council}`
the c·s-weighted mean of the member states and SQ the reference point (a missing
actor or reference point contributes 0). Every feature is 0 when all actors agree,
so the correction keeps every property the members share (unanimity, invariance to
the units of capability, zero-salience actors neutral). The coefficients minimise
the mean absolute error, the DEU error metric, with an L1 penalty,

.. math:: \min_\beta \frac{1}{N}\sum_i |y_i - m_i - z_i^\top \beta| + \alpha \lVert\beta\rVert_1,

a median (quantile 0.5) regression without intercept (:class:`sklearn.linear_model.QuantileRegressor`,
HiGHS). The forecast is clipped to the range of the positions and the reference point.

Which features
--------------
:func:`feature_matrix` computes all ten; the shipped model uses :data:`USED`, only
:math:`(x_{EP} - m) \cdot COD` with α = 0: under co-decision the forecast moves a third of
the way from the compromise towards the Parliament's position (β = 0.329), the
Parliament's veto that the compromise model's weights understate. This was chosen on
the training half by cross-validation grouped by proposal, repeated over six fold
assignments: all ten features with α chosen by inner CV from :data:`ALPHAS_ALL` scored
0.220 on average (nested), the Parliament feature alone 0.211, and no second feature
added to it helped (0.212 to 0.216); the compromise model scores 0.221. The penalty
then has nothing to choose (``ALPHAS = (0.0,)``). ``refit(..., features=FEATURES,
alphas=ALPHAS_ALL)`` refits the ten-feature variant.

Parameters shipped
------------------
``learned_params.json`` beside this module holds the features, α, the coefficients and
the training files' SHA-256; :func:`refit` recomputes it from ``deu3_train_issues.csv``
and ``deu3_train_outcomes.csv`` (the training half of DEU III, Arregui & Perarnaud
2021) and a test checks that the shipped file is what refitting gives. Only the
training half was used: for fitting and for choosing the features. Its out-of-sample
error (grouped cross-validation; nested when α is tuned) is in
``docs/models/forecast-evaluation.md``, made by ``benchmarks/eval_models.py``.

Complexity: O(n) per issue for the shipped model (the compromise and the Parliament's
position); with every feature, that of the members, dominated by BDM's O(n^3) per round
(10 rounds) and the exchange model's O(n^2 m^2) over a proposal's m issues.

References
----------
Wolpert (1992) (``wolpert_1992``); Breiman (1996) (``breiman_1996``); Koenker-style
median regression via scikit-learn (``pedregosa_etal_2011``); Thomson et al. (2006)
(``thomson_etal_2006``); Arregui & Perarnaud (2021) (``arregui_perarnaud_2021``).

Examples
--------
>>> import numpy as np
>>> from foedus.bargaining import BargainingProblem, forecast
>>> p = BargainingProblem(("pcom", "pep", "A", "B"), [1, 1, 1, 1], [100, 100, 0, 40],
...                       [0.5, 0.5, 0.5, 0.5], reference_point=[0], voting_rule="QMV",
...                       procedure="COD")
>>> res = forecast(p, "learned")
>>> m = float(res.rounds["compromise"][0])  # the Parliament (100) pulls it up a third of the way
>>> bool(np.isclose(float(res.outcome[0]), m + 0.3288177716 * (100 - m)))
True
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from foedus.bargaining._common import group_folds, one_shot_result, provenance
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.procedural import COMMISSION, PARLIAMENT, find_role
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike

__all__ = [
    "ALPHAS",
    "ALPHAS_ALL",
    "FEATURES",
    "MEMBERS",
    "PARAMS_FILE",
    "USED",
    "choose_alpha",
    "feature_matrix",
    "fit",
    "forecast",
    "load_params",
    "refit",
    "select",
]

CITATIONS = (
    "wolpert_1992",
    "breiman_1996",
    "pedregosa_etal_2011",
    "thomson_etal_2006",
    "arregui_perarnaud_2021",
)
MEMBERS = ("median", "nash", "bdm", "procedural", "exchange")
FEATURES = (
    *MEMBERS,
    "commission",
    "parliament_cod",
    "parliament_other",
    "council_mean",
    "reference_point",
)
USED: tuple[str, ...] = ("parliament_cod",)
"""The features the shipped model uses (chosen by repeated grouped CV on the training half; see
the module docstring)."""
ALPHAS: tuple[float, ...] = (0.0,)
"""The L1 penalties cross-validation chooses from for the shipped model (one feature: none)."""
ALPHAS_ALL = (0.003, 0.005, 0.01, 0.02, 0.03, 0.05)
"""The penalty grid for the variant with every feature (``refit(..., features=FEATURES,
alphas=ALPHAS_ALL)``)."""
PARAMS_FILE = "learned_params.json"


# --------------------------------------------------------------------------- features


def _member_outcomes(
    problem: BargainingProblem, linked: Sequence[BargainingProblem], seed: SeedLike, needed: set[str]
) -> dict:
    """The compromise and the member forecasts that ``needed`` features ask for (NaN for the rest)."""
    from foedus.bargaining import forecast as run

    out = {"mean": run(problem, "mean", seed=seed).outcome}
    for m in MEMBERS:
        if m not in needed:
            out[m] = np.full(problem.n_dims, np.nan)
        else:
            out[m] = run(problem, m, seed=seed, **({"linked": linked} if m == "exchange" else {})).outcome
    return out


def feature_matrix(
    problem: BargainingProblem,
    *,
    linked: Sequence[BargainingProblem] = (),
    seed: SeedLike = None,
    features: Sequence[str] = FEATURES,
) -> tuple[np.ndarray, np.ndarray]:
    """The compromise forecast ``m`` (d,) and the features ``z`` (d, 10), both on [0, 1].

    Columns follow :data:`FEATURES`; member models whose feature is not in ``features`` are
    not run and their columns are NaN (the shipped model needs none of them).

    Examples
    --------
    >>> p = BargainingProblem(("A", "B"), [1, 1], [20, 20], [1, 1])
    >>> m, z = feature_matrix(p)
    >>> m.tolist(), bool((z == 0).all())
    ([0.2], True)
    """
    lo, hi = problem.scale
    outcomes = _member_outcomes(problem, linked, seed, set(features))
    members = {k: (v - lo) / (hi - lo) for k, v in outcomes.items()}
    m = members["mean"]
    x = (problem.position - lo) / (hi - lo)
    active = problem.salience > 0
    z = np.zeros((problem.n_dims, len(FEATURES)))
    for d in range(problem.n_dims):
        names = [a if ok else "" for a, ok in zip(problem.actors, active[:, d], strict=True)]
        com, ep = find_role(names, COMMISSION), find_role(names, PARLIAMENT)
        council = [i for i in range(problem.n_actors) if i not in (com, ep)]
        w = problem.capability[council] * problem.salience[council, d]
        row = [members[k][d] - m[d] for k in MEMBERS]
        row.append(0.0 if com is None else x[com, d] - m[d])
        ep_dev = 0.0 if ep is None else x[ep, d] - m[d]
        cod = problem.procedure == "COD"
        row += [ep_dev if cod else 0.0, 0.0 if cod else ep_dev]
        row.append(float(w @ x[council, d] / w.sum()) - m[d] if w.sum() > 0 else 0.0)
        ref = problem.reference_point
        known = ref is not None and np.isfinite(ref[d])
        row.append((float(ref[d]) - lo) / (hi - lo) - m[d] if known else 0.0)
        z[d] = row
    return m, z


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
    alphas: Sequence[float] = ALPHAS,
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


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def select(z: np.ndarray, features: Sequence[str]) -> np.ndarray:
    """The columns of a feature matrix (columns in :data:`FEATURES` order) for ``features``."""
    unknown = [f for f in features if f not in FEATURES]
    if unknown or not features:
        raise InputError(
            f"learned: unknown feature(s) {unknown or '(none given)'}",
            hint=f"use some of {', '.join(FEATURES)}",
        )
    return z[:, [FEATURES.index(f) for f in features]]


def refit(
    issues_csv: str | Path,
    outcomes_csv: str | Path,
    *,
    features: Sequence[str] = USED,
    alphas: Sequence[float] = ALPHAS,
    seed: int = 0,
) -> dict[str, Any]:
    """Refit the shipped parameters from the DEU III training files.

    Chooses α among ``alphas`` by 5-fold CV grouped by proposal, then fits the coefficients
    of ``features`` on every training issue. Returns the mapping that
    ``learned_params.json`` holds (with the defaults, the shipped one).
    """
    from foedus.bargaining.evaluation import load_training

    data = load_training(issues_csv, outcomes_csv)
    rows = [feature_matrix(p, linked=data.linked(p), features=features) for p in data.problems]
    m = np.array([r[0][0] for r in rows])
    z = select(np.vstack([r[1] for r in rows]), features)
    alpha, scores = choose_alpha(z, data.y - m, data.groups, alphas=alphas, seed=seed)
    beta = fit(z, data.y - m, alpha)
    return {
        "model": "learned/median_regression_on_deviations",
        "features": list(features),
        "coefficients": [round(float(b), 10) for b in beta],
        "alpha": alpha,
        "cv_mae_by_alpha": {str(a): round(s, 10) for a, s in scores.items()},
        "ensemble_weights": _ensemble_weights(data, m),
        "training": {
            "issues": Path(issues_csv).name,
            "outcomes": Path(outcomes_csv).name,
            "issues_sha256": _sha256(Path(issues_csv)),
            "outcomes_sha256": _sha256(Path(outcomes_csv)),
            "n_issues": len(data.problems),
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
    feats = params.get("features")
    if not feats or set(feats) - set(FEATURES) or len(feats) != len(params.get("coefficients", ())):
        raise InputError(
            f"learned parameters: features {feats} are not some of {list(FEATURES)}, one coefficient each",
            hint="refit them with foedus.bargaining.learned.refit(issues_csv, outcomes_csv)",
        )
    return params


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
        ``rounds`` holds the compromise forecast (``compromise``) and the
        ``correction``; ``diagnostics["features"]`` each feature's value (scale units).

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("A", "B"), [1, 1], [30, 30], [1, 1])
    >>> float(forecast(p).outcome[0])
    30.0
    """
    params = load_params() if params is None else params
    beta = np.asarray(params["coefficients"], dtype=float)
    lo, hi = problem.scale
    m, z = feature_matrix(problem, linked=linked, seed=seed, features=params["features"])
    correction = select(z, params["features"]) @ beta
    raw = m + correction
    ref = problem.reference_point
    low = problem.position.min(axis=0)
    high = problem.position.max(axis=0)
    if ref is not None:
        low = np.where(np.isfinite(ref), np.fmin(low, ref), low)
        high = np.where(np.isfinite(ref), np.fmax(high, ref), high)
    outcome = np.clip(lo + (hi - lo) * raw, low, high)
    prov = provenance(
        "learned/median_regression_on_deviations",
        CITATIONS,
        {"alpha": params["alpha"], "coefficients": dict(zip(params["features"], beta.tolist(), strict=True))},
        seed,
        problem,
    )
    features = {f: (hi - lo) * z[:, FEATURES.index(f)] for f in params["features"]}
    columns = {"compromise": lo + (hi - lo) * m, "correction": (hi - lo) * correction}
    return one_shot_result(problem, "learned", outcome, prov, columns, {"features": features})
