r"""A fitted binary or multinomial logit, with its cluster-robust covariance, that travels as JSON.

Every estimated crisis model is a logit in a design matrix :math:`X` (a constant first):
for outcomes :math:`j = 1..m` against a base outcome 0,

.. math:: P(y = j \mid x) = \frac{\exp(x'\beta_j)}{1 + \sum_{l=1}^{m} \exp(x'\beta_l)},
          \qquad P(y = 0 \mid x) = \frac{1}{1 + \sum_l \exp(x'\beta_l)}

(:math:`m = 1` is the binary logit). :func:`fit_logit` estimates it by maximum likelihood
with statsmodels (``Logit`` or ``MNLogit``, Newton's method) and the **cluster-robust**
(sandwich) covariance with clusters = disputes, wars or dyads, so that rows of one dispute
are not counted as independent evidence (Cameron, Gelbach & Miller 2008). A feature that
the sample cannot estimate — constant, or non-zero for fewer than ``min_count`` positive
rows (e.g. US troops before 1950, nuclear weapons before 1945) — is *dropped*: its
coefficient is 0 with no variance, and :attr:`Logit.dropped` names it, so an out-of-time
fit never extrapolates a coefficient it had no data for.

:meth:`Logit.draw` draws coefficient vectors from the estimated sampling distribution,
:math:`\beta^{(d)} \sim N(\hat\beta, \hat V)`, so that a simulation can carry estimation
uncertainty into every probability: ``probabilities(X, draws)`` computes them for all draws
at once.

References: Seabold & Perktold (2010), statsmodels; Cameron, Gelbach & Miller (2008).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

_DIGITS = 10  # significant digits kept in JSON: same data, same bytes


def rounded(x: float) -> float:
    """``x`` to 10 significant digits (what the JSON keeps)."""
    return float(f"{x:.{_DIGITS}g}")


@dataclass(frozen=True, eq=False)
class Logit:
    """A fitted logit: coefficients (features x outcomes), covariance and fit statistics.

    Attributes
    ----------
    features : tuple of str
        Columns of the design matrix, constant first.
    outcomes : tuple of str
        The non-base outcomes, one column of :attr:`coef` each.
    base : str
        The reference outcome (probability ``1 / (1 + sum exp)``).
    coef : numpy.ndarray
        Shape ``(len(features), len(outcomes))``; dropped features hold 0.
    cov : numpy.ndarray
        Cluster-robust covariance of ``coef`` flattened outcome by outcome (``coef.T.ravel()``).
    dropped : tuple of str
        Features the sample could not estimate (coefficient fixed at 0).
    stats : dict
        ``n``, ``positives`` (rows per outcome), ``clusters``, ``years``, ``loglik``,
        ``loglik_null``, ``pseudo_r2``, ``aic``, ``converged``, ``cov_type``.
    """

    features: tuple[str, ...]
    outcomes: tuple[str, ...]
    base: str
    coef: np.ndarray
    cov: np.ndarray
    dropped: tuple[str, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ prediction
    def probabilities(self, X: np.ndarray, coef: np.ndarray | None = None) -> np.ndarray:
        """Outcome probabilities, columns ``(base, *outcomes)``.

        ``X`` is ``(n, k)``. With ``coef`` of shape ``(d, k, m)`` (from :meth:`draw`) the
        result is ``(d, n, m + 1)``: one set of probabilities per coefficient draw.
        """
        X = np.asarray(X, dtype=float)
        if coef is None:
            eta = X @ self.coef  # (n, m)
        else:  # one GEMM for all draws, (n, k) @ (k, d*m), kept in that memory order
            d, k, m = coef.shape
            eta = (X @ coef.transpose(1, 0, 2).reshape(k, d * m)).reshape(len(X), d, m)
        # |eta| <= 300 keeps exp finite and changes no probability a model can produce
        num = np.exp(np.clip(eta, -300.0, 300.0))
        total = 1.0 + num.sum(axis=-1, keepdims=True)
        out = np.empty((*eta.shape[:-1], eta.shape[-1] + 1))
        np.divide(1.0, total, out=out[..., :1])
        np.divide(num, total, out=out[..., 1:])
        return out if coef is None else out.transpose(1, 0, 2)  # (d, n, m + 1), a view

    def predict(self, design: pd.DataFrame) -> np.ndarray:
        """Probabilities for a design frame (the model's :attr:`features` are taken by name)."""
        return self.probabilities(design[list(self.features)].to_numpy(dtype=float))

    def draw(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` coefficient draws from :math:`N(\\hat\\beta, \\hat V)`, shape ``(n, k, m)``.

        Dropped features stay at 0. Pass them to :meth:`probabilities`, or compute the
        linear predictor yourself: ``X @ draws[:, :, j].T`` is ``(rows, n)`` for outcome ``j``.
        """
        k, m = self.coef.shape
        mean = self.coef.T.ravel()
        free = np.flatnonzero(np.diag(self.cov) > 0)  # dropped features have no variance: stay 0
        vals, vecs = np.linalg.eigh(self.cov[np.ix_(free, free)])
        root = vecs * np.sqrt(np.clip(vals, 0.0, None))  # clip: rounding may leave tiny negatives
        flat = np.tile(mean, (n, 1))
        flat[:, free] += rng.standard_normal((n, len(free))) @ root.T
        return flat.reshape(n, m, k).transpose(0, 2, 1)

    @property
    def se(self) -> np.ndarray:
        """Cluster-robust standard errors, shaped like :attr:`coef`."""
        k, m = self.coef.shape
        return np.sqrt(np.clip(np.diag(self.cov), 0, None)).reshape(m, k).T

    def table(self) -> pd.DataFrame:
        """The coefficient table: ``outcome, feature, coef, se, z, p`` (dropped features absent)."""
        from scipy.stats import norm

        rows = []
        se = self.se
        for j, out in enumerate(self.outcomes):
            for i, name in enumerate(self.features):
                if name in self.dropped:
                    continue
                b, s = self.coef[i, j], se[i, j]
                z = b / s if s > 0 else np.nan
                rows.append((out, name, b, s, z, 2 * norm.sf(abs(z))))
        return pd.DataFrame(rows, columns=["outcome", "feature", "coef", "se", "z", "p"])

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "outcomes": list(self.outcomes),
            "base": self.base,
            "coef": [[rounded(v) for v in row] for row in self.coef],
            "cov": [[rounded(v) for v in row] for row in self.cov],
            "dropped": list(self.dropped),
            "stats": self.stats,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Logit:
        return cls(
            features=tuple(d["features"]),
            outcomes=tuple(d["outcomes"]),
            base=d["base"],
            coef=np.array(d["coef"], dtype=float),
            cov=np.array(d["cov"], dtype=float),
            dropped=tuple(d["dropped"]),
            stats=dict(d["stats"]),
        )


Tie = dict[str, list[tuple[str, str]]]
"""A tied logit's free parameters: each names the ``(feature, outcome)`` coefficients it sets."""


def estimable(X: pd.DataFrame, y: np.ndarray, min_count: int) -> list[str]:
    """Columns the sample can estimate: varying, and non-zero in at least ``min_count`` rows
    with a non-base outcome (and ``5 * min_count`` rows overall)."""
    keep = []
    for c in X.columns:
        v = X[c].to_numpy()
        if c == "const":
            keep.append(c)
            continue
        nonzero = v != 0
        ok = v.std() > 0 and nonzero.sum() >= 5 * min_count
        ok = ok and (nonzero & (y != 0)).sum() >= min_count
        if ok:
            keep.append(c)
    return keep


def fit_logit(
    X: pd.DataFrame,
    y: np.ndarray,
    groups: np.ndarray,
    outcomes: tuple[str, ...],
    base: str,
    tie: Tie | None = None,
    *,
    min_count: int = 0,
    years: tuple[int, int] | None = None,
) -> Logit:
    r"""Fit a binary (``len(outcomes) == 1``) or multinomial logit with cluster-robust covariance.

    With ``tie``, a conditional logit whose coefficients are tied across outcomes (Notes).

    Parameters
    ----------
    X : DataFrame
        Design matrix, a ``const`` column first.
    y : array of int
        0 for the base outcome, ``j`` for ``outcomes[j - 1]``.
    groups : array
        Cluster of each row (dispute, war, dyad).
    min_count : int
        See :func:`estimable`; 0 keeps every varying column.
    tie : dict, optional
        Free parameter -> the ``(feature, outcome)`` coefficients it sets (Notes).

    Notes
    -----
    *Tied coefficients.* The linear predictor of outcome :math:`j` is :math:`x'\beta_j` with
    :math:`\beta_j = M_j b`: each free parameter :math:`b_q` (a key of ``tie``) sets the
    coefficients of the ``(feature, outcome)`` entries listed for it. With alternative-specific
    columns (a feature describing outcome :math:`j` and one describing outcome :math:`l`)
    and one parameter per *kind* of column, this is McFadden's (1974) conditional logit:
    :math:`P(y = j) = e^{z_j'b} / (1 + \sum_l e^{z_l'b})` with :math:`z_j = M_j'x`.
    Estimated by maximum likelihood with statsmodels (``GenericLikelihoodModel``, Newton's
    method, analytic score and Hessian) and the cluster-robust covariance of ``groups``;
    a parameter that the sample cannot estimate (its column :math:`z_{jq}` constant, or
    non-zero for fewer than ``min_count`` rows on the chosen outcome, or ``5 * min_count``
    rows in all) is dropped (fixed at 0). The returned :class:`Logit` holds the implied
    ``(features, outcomes)`` coefficients and their covariance :math:`M V M'`, so that it
    predicts and draws like any other; ``stats["parameters"]`` lists the free parameters
    with their standard errors.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> X = pd.DataFrame({"const": 1.0, "x": rng.normal(size=400)})
    >>> y = (rng.random(400) < 1 / (1 + np.exp(-(0.5 + 2 * X.x)))).astype(int)
    >>> m = fit_logit(X, y, np.arange(400) // 4, ("event",), "none")
    >>> round(float(m.coef[1, 0]), 1)   # the true slope is 2
    2.0
    >>> m.stats["clusters"], m.table().feature.tolist()
    (100, ['const', 'x'])

    Tied: one slope for "own" columns, each outcome its own column.

    >>> rng = np.random.default_rng(2)
    >>> n = 3000
    >>> X = pd.DataFrame({"const": 1.0, "w_a": rng.normal(size=n), "w_b": rng.normal(size=n)})
    >>> eta = np.c_[-1 + 1.5 * X.w_a, -1 + 1.5 * X.w_b]   # one slope, each outcome its own column
    >>> p = np.exp(eta) / (1 + np.exp(eta).sum(axis=1, keepdims=True))
    >>> y = (rng.random(n)[:, None] > np.c_[1 - p.sum(axis=1), 1 - p[:, 1]]).sum(axis=1)
    >>> tie = {"const": [("const", "a"), ("const", "b")], "own": [("w_a", "a"), ("w_b", "b")]}
    >>> m = fit_logit(X, y, np.arange(n), ("a", "b"), "none", tie)
    >>> round(m.stats["parameters"]["own"]["coef"], 1), bool(m.coef[1, 0] == m.coef[2, 1])
    (1.5, True)
    """
    y = np.asarray(y, dtype=int)
    if tie is None:
        coef, cov, dropped, stats = _fit_free(X, y, groups, len(outcomes), min_count)
    else:
        coef, cov, dropped, stats = _fit_tied(X, y, groups, outcomes, tie, min_count)
    stats = {
        "n": len(y),
        "positives": {o: int((y == j + 1).sum()) for j, o in enumerate(outcomes)},
        "clusters": len(np.unique(groups)),
        "years": list(years) if years else None,
        **stats,
        "cov_type": "cluster-robust",
    }
    if "parameters" in stats:  # the tied fit's free parameters, listed last as they always were
        stats["parameters"] = stats.pop("parameters")
    return Logit(tuple(X.columns), outcomes, base, coef, cov, dropped, stats)


Fit = tuple[np.ndarray, np.ndarray, tuple[str, ...], dict[str, Any]]
"""What a fit gives :func:`fit_logit`: coefficients, their covariance, dropped features, its record."""


def _likelihood(res: Any, llnull: float, aic: float) -> dict[str, Any]:
    """The fit's likelihood record (McFadden's pseudo-R² from ``llnull``)."""
    return {
        "loglik": rounded(res.llf),
        "loglik_null": rounded(llnull),
        "pseudo_r2": rounded(1.0 - res.llf / llnull),
        "aic": rounded(aic),
        "converged": bool(res.mle_retvals.get("converged", True)),
    }


def _fit_free(X: pd.DataFrame, y: np.ndarray, groups: np.ndarray, m: int, min_count: int) -> Fit:
    """A logit (``m == 1``) or multinomial logit with free coefficients, by statsmodels."""
    import statsmodels.api as sm

    keep = estimable(X, y, min_count) if min_count else [c for c in X if c == "const" or X[c].std() > 0]
    model = (sm.Logit if m == 1 else sm.MNLogit)(y, X[keep].to_numpy(dtype=float))
    res = model.fit(
        disp=0, method="newton", maxiter=100, cov_type="cluster", cov_kwds={"groups": np.asarray(groups)}
    )
    k = len(X.columns)
    pos = [list(X.columns).index(c) for c in keep]
    coef = np.zeros((k, m))
    coef[pos, :] = np.asarray(res.params).reshape(len(keep), m)
    flat_pos = [j * k + p for j in range(m) for p in pos]
    cov = np.zeros((k * m, k * m))
    cov[np.ix_(flat_pos, flat_pos)] = np.asarray(res.cov_params())
    dropped = tuple(c for c in X.columns if c not in keep)
    return coef, cov, dropped, _likelihood(res, res.llnull, res.aic)


def _tie_matrices(features: tuple[str, ...], outcomes: tuple[str, ...], tie: Tie) -> np.ndarray:
    """``M`` of shape ``(outcomes, features, parameters)``: ``coef[:, j] = M[j] @ b``."""
    M = np.zeros((len(outcomes), len(features), len(tie)))
    for q, entries in enumerate(tie.values()):
        for feature, outcome in entries:
            M[outcomes.index(outcome), features.index(feature), q] += 1.0
    return M


def _fit_tied(
    X: pd.DataFrame, y: np.ndarray, groups: np.ndarray, outcomes: tuple[str, ...], tie: Tie, min_count: int
) -> Fit:
    """The conditional logit of :func:`fit_logit` with ``tie`` (see its Notes)."""
    features, m = tuple(X.columns), len(outcomes)
    M = _tie_matrices(features, outcomes, tie)
    x = X.to_numpy(dtype=float)
    Z = np.einsum("nk,jkq->njq", x, M)  # (n, outcomes, parameters)
    names = list(tie)
    keep = _estimable(Z, y, names, min_count)
    res = _maximise(Z[:, :, keep], y, groups, [names[q] for q in keep])
    b = np.zeros(len(names))
    b[keep] = np.asarray(res.params)
    V = np.zeros((len(names), len(names)))
    V[np.ix_(keep, keep)] = np.asarray(res.cov_params())
    coef = np.einsum("jkq,q->kj", M, b)
    flatM = M.reshape(m * len(features), len(names))  # rows ordered outcome by outcome, as Logit.cov
    cov = flatM @ V @ flatM.T
    p0 = np.array([(y == j).mean() for j in range(m + 1)])
    llnull = float(len(y) * (p0[p0 > 0] * np.log(p0[p0 > 0])).sum())
    se = np.sqrt(np.clip(np.diag(V), 0, None))
    stats = _likelihood(res, llnull, 2 * len(keep) - 2 * res.llf)
    stats["parameters"] = {
        name: {"coef": rounded(b[q]), "se": rounded(se[q])} for q, name in enumerate(names) if q in keep
    }
    used = np.abs(flatM[:, keep]).sum(axis=1).reshape(m, len(features)).sum(axis=0) > 0
    dropped = tuple(f for f, u in zip(features, used, strict=True) if not u)
    return coef, cov, dropped, stats


def _estimable(Z: np.ndarray, y: np.ndarray, names: list[str], min_count: int) -> list[int]:
    """The free parameters the sample can estimate: their column varies (the constant always
    stays) and, with ``min_count``, is non-zero for enough rows, and for enough rows on the
    outcome chosen."""
    chosen = np.zeros((len(y), len(names)))
    for j in range(Z.shape[1]):
        chosen[y == j + 1] = Z[y == j + 1, j]
    keep = []
    for q, name in enumerate(names):
        col = Z[:, :, q]
        ok = col.std() > 0 or name == "const"
        if min_count and name != "const":
            ok = ok and (col != 0).any(axis=1).sum() >= 5 * min_count
            ok = ok and (chosen[:, q] != 0).sum() >= min_count
        if ok:
            keep.append(q)
    return keep


def _maximise(Zk: np.ndarray, y: np.ndarray, groups: np.ndarray, names: list[str]) -> Any:
    """The conditional logit on ``Zk`` ``(n, outcomes, parameters)`` by Newton's method with the
    analytic score and Hessian, cluster-robust by ``groups`` (a statsmodels result)."""
    from statsmodels.base.model import GenericLikelihoodModel

    m = Zk.shape[1]
    Y = np.zeros((len(y), m))
    Y[y > 0, y[y > 0] - 1] = 1.0

    def probs(b):
        eta = np.clip(Zk @ b, -300.0, 300.0)
        ex = np.exp(eta)
        return ex / (1.0 + ex.sum(axis=1, keepdims=True))

    class _Tied(GenericLikelihoodModel):
        def loglikeobs(self, b):
            eta = np.clip(Zk @ b, -300.0, 300.0)
            return (Y * eta).sum(axis=1) - np.log1p(np.exp(eta).sum(axis=1))

        def loglike(self, b):
            return float(self.loglikeobs(b).sum())

        def score(self, b):
            return self.score_obs(b).sum(axis=0)

        def score_obs(self, b):
            r = Y - probs(b)
            return sum(Zk[:, j] * r[:, j, None] for j in range(m))

        def hessian(self, b):
            p = probs(b)
            zbar = np.einsum("nj,njq->nq", p, Zk)
            second = sum((Zk[:, j] * p[:, j, None]).T @ Zk[:, j] for j in range(m))
            return -(second - zbar.T @ zbar)

    model = _Tied(np.asarray(y, dtype=float), np.zeros((len(y), len(names))), extra_params_names=None)
    model.exog_names[:] = names
    model.df_model, model.k_extra = len(names), 0
    model.df_resid = len(y) - len(names)
    return model.fit(
        start_params=np.zeros(len(names)),
        method="newton",
        maxiter=100,
        disp=0,
        cov_type="cluster",
        cov_kwds={"groups": np.asarray(groups)},
    )
