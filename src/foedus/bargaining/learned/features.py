"""The learned model's features: what each training or forecast issue offers the correction
(the member models' forecasts, the actors' roles, the issue's structure), as deviations from the
compromise on [0, 1]. :mod:`foedus.bargaining.learned` fits and applies the correction; this
module only measures.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.procedural import COMMISSION, PARLIAMENT, find_role
from foedus.seeds import SeedLike

_TOL = 1e-9
MEMBERS = ("median", "nash", "bdm", "procedural", "exchange")
FEATURES = (
    *MEMBERS,
    "commission",
    "parliament_cod",
    "parliament_other",
    "council_mean",
    "reference_point",
)
"""The ten deviation features of :func:`feature_matrix`."""
ROLES = ("extremes", "council_median", "commission_cod", "council_pivot")
"""Actor-role features added for the design average (:func:`_role_features`)."""
EXTRA = ("dispersion", "support_net", "reference_qmv", "intercept")
"""Features that are not deviations from the compromise (:func:`design_matrix` adds them)."""
ALL_FEATURES = (*FEATURES, *ROLES, *EXTRA)
SINGLE_FEATURES = (*FEATURES, *EXTRA)
"""The 14 features of the single-design candidates (:func:`candidate_designs`)."""


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


def _council(problem: BargainingProblem, d: int) -> list[int]:
    """Indices of the actors on dimension ``d`` that are neither the Commission nor the Parliament."""
    active = problem.salience[:, d] > 0
    names = [a if ok else "" for a, ok in zip(problem.actors, active, strict=True)]
    roles = (find_role(names, COMMISSION), find_role(names, PARLIAMENT))
    return [i for i in range(problem.n_actors) if i not in roles]


def _extra_features(problem: BargainingProblem, m: np.ndarray) -> np.ndarray:
    """The :data:`EXTRA` columns (d, 4): dispersion, net support, (SQ - m)·QMV, intercept."""
    lo, hi = problem.scale
    x = (problem.position - lo) / (hi - lo)
    ref = problem.reference_point
    out = np.zeros((problem.n_dims, len(EXTRA)))
    for d in range(problem.n_dims):
        w = problem.capability * problem.salience[:, d]
        out[d, 0] = np.sqrt(w @ (x[:, d] - m[d]) ** 2 / w.sum())
        if ref is not None and np.isfinite(ref[d]):
            r = (float(ref[d]) - lo) / (hi - lo)
            council = _council(problem, d)
            wc, xc = w[council], x[council, d]
            if wc.sum() > 0:
                out[d, 1] = (wc[xc > r + _TOL].sum() - wc[xc < r - _TOL].sum()) / wc.sum()
            out[d, 2] = r - m[d] if problem.voting_rule == "QMV" else 0.0
        out[d, 3] = 1.0
    return out


def _role_features(problem: BargainingProblem, m: np.ndarray) -> np.ndarray:
    """The :data:`ROLES` columns (d, 4): extremes, Council median, Commission under COD, Council pivot.

    On [0, 1] scale, for the actors with a stake (positive salience) on each dimension:
    the c·s-weighted share of actors at either end of the scale; the c·s-weighted median
    of the member states (neither Commission nor Parliament) minus m; the Commission's
    position minus m under co-decision (0 otherwise or without a Commission); and the
    Council's pivot minus m: with the member states' capabilities as votes and the
    threshold 0.71 (QMV) or 1 (unanimity), the pivot :math:`p_R` (if m is at or right of
    the reference point) or :math:`p_L` (if left of it; see
    :func:`foedus.bargaining.procedural.pivots`), their midpoint without a reference point.
    """
    from foedus.bargaining.procedural import _weighted_median, pivots

    lo, hi = problem.scale
    x = (problem.position - lo) / (hi - lo)
    ref = problem.reference_point
    out = np.zeros((problem.n_dims, len(ROLES)))
    for d in range(problem.n_dims):
        active = problem.salience[:, d] > 0
        w = problem.capability * problem.salience[:, d]
        ends = (x[:, d] <= _TOL) | (x[:, d] >= 1 - _TOL)
        out[d, 0] = w[ends].sum() / w.sum() if w.sum() > 0 else 0.0
        names = [a if ok else "" for a, ok in zip(problem.actors, active, strict=True)]
        com = find_role(names, COMMISSION)
        if com is not None and problem.procedure == "COD":
            out[d, 2] = x[com, d] - m[d]
        council = [i for i in _council(problem, d) if active[i]]
        if not council:
            continue
        xc, wc, cc = x[council, d], w[council], problem.capability[council]
        out[d, 1] = _weighted_median(xc, wc) - m[d] if wc.sum() > 0 else 0.0
        left, right = pivots(xc, cc, 0.71 if problem.voting_rule == "QMV" else 1.0)
        if ref is not None and np.isfinite(ref[d]):
            r = (float(ref[d]) - lo) / (hi - lo)
            out[d, 3] = (right if m[d] >= r else left) - m[d]
        else:
            out[d, 3] = (left + right) / 2 - m[d]
    return out


def binary_dims(problem: BargainingProblem) -> np.ndarray:
    """Per dimension, whether the actors with a stake sit at the two ends of the scale, both occupied.

    Examples
    --------
    >>> binary_dims(BargainingProblem(("A", "B", "C"), [1, 1, 1], [0, 100, 50], [1, 1, 0])).tolist()
    [True]
    >>> binary_dims(BargainingProblem(("A", "B"), [1, 1], [100, 100], [1, 1])).tolist()  # unanimous
    [False]
    """
    out = []
    for d in range(problem.n_dims):
        x = problem.position[problem.salience[:, d] > 0, d]
        out.append(bool(np.isin(x, problem.scale).all() and np.ptp(x) > 0))
    return np.array(out)


def _range01(problem: BargainingProblem) -> tuple[np.ndarray, np.ndarray]:
    """Per dimension, on [0, 1]: the range of the positions and the reference point (the clip)."""
    lo, hi = problem.scale
    low, high = problem.position.min(axis=0), problem.position.max(axis=0)
    ref = problem.reference_point
    if ref is not None:
        low = np.where(np.isfinite(ref), np.fmin(low, ref), low)
        high = np.where(np.isfinite(ref), np.fmax(high, ref), high)
    return (low - lo) / (hi - lo), (high - lo) / (hi - lo)


def design_matrix(
    problem: BargainingProblem,
    *,
    linked: Sequence[BargainingProblem] = (),
    seed: SeedLike = None,
    features: Sequence[str] = ALL_FEATURES,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The compromise ``m`` (d,), the features ``z`` (d, 18) in :data:`ALL_FEATURES` order, binary flags (d,).

    Member models whose feature is not in ``features`` are not run (their columns are NaN).

    Examples
    --------
    >>> p = BargainingProblem(("A", "B"), [1, 1], [20, 60], [1, 1], reference_point=[0],
    ...                       voting_rule="QMV")
    >>> m, z, binary = design_matrix(p, features=("dispersion", "support_net", "reference_qmv"))
    >>> m.tolist(), z[0, -4:].round(3).tolist(), binary.tolist()
    ([0.4], [0.2, 1.0, -0.4, 1.0], [False])
    """
    m, z = feature_matrix(problem, linked=linked, seed=seed, features=features)
    return m, np.hstack([z, _role_features(problem, m), _extra_features(problem, m)]), binary_dims(problem)


_MATRICES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True, eq=False)
class TrainingMatrix:
    """The training issues as the fitting reads them, one entry per issue: the compromise
    ``m``, every feature ``z`` (columns in :data:`ALL_FEATURES` order), the binary flag, the
    bounds ``low`` and ``high`` forecasts are clipped to, the outcome ``y`` and the proposal
    (``groups``, so that folds keep a proposal's issues together)."""

    m: np.ndarray
    z: np.ndarray
    binary: np.ndarray
    low: np.ndarray
    high: np.ndarray
    y: np.ndarray
    groups: np.ndarray

    def rows(self, mask: np.ndarray) -> TrainingMatrix:
        """The issues selected by ``mask`` (a boolean mask or indices)."""
        return TrainingMatrix(*(getattr(self, f.name)[mask] for f in fields(self)))

    def fit_inputs(self) -> tuple[np.ndarray, ...]:
        """``(m, z, y, groups, binary)``: what the learned model's ``fit_design`` and ``fit_pool`` take."""
        return self.m, self.z, self.y, self.groups, self.binary

    def clip(self, forecast: np.ndarray) -> np.ndarray:
        """``forecast`` (one per issue) clipped to each issue's range."""
        return np.clip(forecast, self.low, self.high)


def training_matrix(data: Any) -> TrainingMatrix:
    """Every training issue as the fitting reads it (:class:`TrainingMatrix`).

    ``data`` is a :class:`~foedus.bargaining.training.TrainingData`; the result is cached per object.
    """
    if data not in _MATRICES:
        rows = [design_matrix(p, linked=data.linked(p)) for p in data.problems]
        bounds = [_range01(p) for p in data.problems]
        _MATRICES[data] = TrainingMatrix(
            m=np.array([r[0][0] for r in rows]),
            z=np.vstack([r[1][:1] for r in rows]),
            binary=np.array([bool(r[2][0]) for r in rows]),
            low=np.array([b[0][0] for b in bounds]),
            high=np.array([b[1][0] for b in bounds]),
            y=np.asarray(data.y),
            groups=np.asarray(data.groups),
        )
    return _MATRICES[data]
