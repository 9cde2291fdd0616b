r"""Alliance-portfolio similarity: Kendall's tau-b and Signorino–Ritter S-scores.

Each state :math:`i` has a *portfolio*: its ordinal obligation level :math:`a_{ik}` towards
every member :math:`k` of the system in a year (:math:`i` and :math:`j` included; a state's
tie to itself is the highest level). foedus's ATOP-style levels are 3 = defence (or
offence) obligation, 2 = neutrality or non-aggression, 1 = consultation only, 0 = none
(mirroring the COW defence/neutrality/entente order; the mapping is a foedus choice).

**Kendall's tau-b** (Bueno de Mesquita 1975, 1981) over the :math:`N` members:

.. math:: \tau_b = \frac{C - D}{\sqrt{(n_0 - n_1)(n_0 - n_2)}}

with :math:`C`, :math:`D` the concordant and discordant pairs of members, :math:`n_0 =
N(N-1)/2`, and :math:`n_1`, :math:`n_2` the pairs tied in :math:`i`'s and in :math:`j`'s
portfolio. It is NaN when either portfolio is constant, and it measures association, not
identity: two portfolios that differ by a constant shift have :math:`\tau_b = 1`
(Signorino & Ritter's critique).

**S-score** (Signorino & Ritter 1999): with levels rescaled to :math:`[0, 1]`
(divided by the top level),

.. math:: S_{ij} = 1 - 2\,\frac{\sum_k w_k\, \delta(a_{ik}, a_{jk})}{\sum_k w_k \Delta_k},

:math:`\delta = |a_{ik} - a_{jk}|` (or its square with ``squared=True``) and
:math:`\Delta_k = 1` the largest possible distance. Unweighted: :math:`w_k = 1`;
weighted: :math:`w_k` = capability share of :math:`k` (e.g. CINC) in the year. S runs from
-1 (opposite extremes everywhere) to 1 (identical portfolios).

The matrix functions compute every dyad of a states x members table at once with
matrix products (no Python loop over dyads). Häge (2011) proposes chance-corrected
variants (Cohen's kappa, Scott's pi), not implemented here.

References
----------
Bueno de Mesquita (1975) ``bdm_1975``; Bueno de Mesquita (1981) ``bdm_1981``; Signorino
& Ritter (1999) ``signorino_ritter_1999``; Häge (2011) ``hage_2011``.

Examples
--------
>>> tau_b([3, 2, 0, 0], [3, 1, 0, 0])
1.0
>>> s_score([3, 2, 0, 0], [3, 1, 0, 0])
0.8333333333333334
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from foedus.errors import InputError

__all__ = [
    "CITATIONS",
    "DEFAULT_MAX_LEVEL",
    "dyads",
    "portfolio_table",
    "s_score",
    "s_score_matrix",
    "tau_b",
    "tau_b_matrix",
]

DEFAULT_MAX_LEVEL = 3
"""Top obligation level (defence) of the foedus ordinal scale 0..3."""

CITATIONS = ("bdm_1975", "bdm_1981", "signorino_ritter_1999")


def _pair(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    try:
        x = np.asarray(a, dtype=float).ravel()
        y = np.asarray(b, dtype=float).ravel()
    except (TypeError, ValueError):
        raise InputError("a, b: expected vectors of numeric obligation levels") from None
    if x.shape != y.shape:
        raise InputError(
            f"a, b: the two portfolios must cover the same members, got lengths {x.size} and {y.size}"
        )
    keep = np.isfinite(x) & np.isfinite(y)  # members missing from either portfolio drop out
    return x[keep], y[keep]


def _weights(weights: Any, size: int, what: str = "weights") -> np.ndarray:
    if weights is None:
        return np.ones(size)
    w = np.asarray(weights, dtype=float).ravel()
    if w.shape != (size,):
        raise InputError(f"{what}: expected {size} weights (one per member), got {w.size}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise InputError(f"{what}: expected finite non-negative weights (capability shares)")
    if w.sum() <= 0:
        raise InputError(f"{what}: the weights sum to zero")
    return w


def tau_b(a: Any, b: Any) -> float:
    r"""Kendall's :math:`\tau_b` between two portfolios (NaN if either is constant).

    Members missing (NaN) in either portfolio are left out.

    Examples
    --------
    >>> tau_b([0, 1, 2, 3], [3, 2, 1, 0])
    -1.0
    >>> import math; math.isnan(tau_b([1, 1, 1], [0, 1, 2]))
    True
    """
    x, y = _pair(a, b)
    n = x.size
    if n < 2:
        return float("nan")
    i, j = np.triu_indices(n, 1)
    sx = np.sign(x[i] - x[j])
    sy = np.sign(y[i] - y[j])
    n0 = n * (n - 1) // 2
    n1 = int((sx == 0).sum())
    n2 = int((sy == 0).sum())
    if n1 == n0 or n2 == n0:
        return float("nan")
    num = float((sx * sy).sum())  # concordant minus discordant
    return num / float(np.sqrt((n0 - n1) * (n0 - n2)))


def s_score(
    a: Any,
    b: Any,
    weights: Any = None,
    squared: bool = False,
    max_level: float = DEFAULT_MAX_LEVEL,
) -> float:
    r"""Signorino–Ritter S between two portfolios of levels ``0..max_level``.

    Parameters
    ----------
    a, b : array_like
        Obligation levels of the two states towards every member (same order).
    weights : array_like, optional
        Weight of each member (capability shares for weighted S); default 1 each.
    squared : bool
        Squared instead of absolute distances.
    max_level : float
        Top of the scale; levels are divided by it.

    Examples
    --------
    >>> s_score([3, 3, 0], [0, 0, 3])
    -1.0
    >>> s_score([3, 0], [3, 3], weights=[0.9, 0.1])
    0.8
    """
    if not max_level > 0:
        raise InputError(f"max_level: expected a positive top level, got {max_level}")
    x0 = np.asarray(a, dtype=float).ravel()
    w_all = _weights(weights, x0.size)
    y0 = np.asarray(b, dtype=float).ravel()
    if x0.shape != y0.shape:
        raise InputError(
            f"a, b: the two portfolios must cover the same members, got lengths {x0.size} and {y0.size}"
        )
    keep = np.isfinite(x0) & np.isfinite(y0)
    x, y, w = x0[keep] / max_level, y0[keep] / max_level, w_all[keep]
    if x.size == 0 or w.sum() == 0:
        return float("nan")
    if np.any((x < 0) | (x > 1) | (y < 0) | (y > 1)):
        raise InputError(f"a, b: levels must lie in [0, {max_level}]")
    d = np.abs(x - y)
    if squared:
        d = d * d
    return float(1.0 - 2.0 * (w * d).sum() / w.sum())


# --------------------------------------------------------------------------------------
# every dyad at once
# --------------------------------------------------------------------------------------


def _table(table: pd.DataFrame | np.ndarray) -> tuple[np.ndarray, list[Any], list[Any]]:
    if isinstance(table, pd.DataFrame):
        values = table.to_numpy(dtype=float)
        rows, cols = list(table.index), list(table.columns)
    else:
        values = np.asarray(table, dtype=float)
        if values.ndim != 2:
            raise InputError(f"table: expected a 2-D states x members table, got {values.ndim}-D")
        rows, cols = list(range(values.shape[0])), list(range(values.shape[1]))
    if not np.all(np.isfinite(values)):
        r, c = np.argwhere(~np.isfinite(values))[0]
        raise InputError(
            f"table[{rows[r]}, {cols[c]}]: missing obligation level",
            hint="a member of the system with no tie has level 0; drop states outside the system",
        )
    return values, rows, cols


def tau_b_matrix(table: pd.DataFrame | np.ndarray) -> pd.DataFrame:
    r"""Kendall's :math:`\tau_b` for every pair of rows of a states x members table.

    Built from the contingency tables of all dyads at once: with :math:`E_x` the 0/1
    indicator of level :math:`x`, the counts :math:`T_{xy} = E_x E_y^\top` give
    :math:`C = \sum_{x<x', y<y'} T_{xy} T_{x'y'}` and :math:`D` likewise with
    :math:`y > y'` (exact integer arithmetic).

    Returns
    -------
    DataFrame
        Symmetric, rows and columns = the table's rows; diagonal 1 (NaN for constant rows).
    """
    values, rows, _ = _table(table)
    levels = np.unique(values)
    k = values.shape[1]
    ind = [(values == lv).astype(np.float64) for lv in levels]
    counts = np.array([e.sum(axis=1) for e in ind])  # (L, N)
    L = len(levels)
    T = np.empty((L, L, values.shape[0], values.shape[0]))
    for x in range(L):
        for y in range(L):
            T[x, y] = ind[x] @ ind[y].T
    # cumulative sums give, for each (x, y), the counts strictly above in both / in x only
    above = np.zeros_like(T)  # sum_{x'>x, y'>y} T[x', y']
    below = np.zeros_like(T)  # sum_{x'>x, y'<y} T[x', y']
    for x in range(L):
        for y in range(L):
            above[x, y] = T[x + 1 :, y + 1 :].sum(axis=(0, 1))
            below[x, y] = T[x + 1 :, :y].sum(axis=(0, 1))
    C = (T * above).sum(axis=(0, 1))
    D = (T * below).sum(axis=(0, 1))
    n0 = k * (k - 1) / 2
    ties = (counts * (counts - 1) / 2).sum(axis=0)  # per state
    denom = np.sqrt(np.outer(n0 - ties, n0 - ties))
    with np.errstate(invalid="ignore", divide="ignore"):
        tau = np.where(denom > 0, (C - D) / np.where(denom > 0, denom, 1), np.nan)
    return pd.DataFrame(tau, index=rows, columns=rows)


def s_score_matrix(
    table: pd.DataFrame | np.ndarray,
    weights: Any = None,
    squared: bool = False,
    max_level: float = DEFAULT_MAX_LEVEL,
) -> pd.DataFrame:
    r"""Signorino–Ritter S for every pair of rows of a states x members table.

    Distances come from matrix products: for absolute distances
    :math:`|a - b| = \sum_t g_t\, |1[a \ge l_t] - 1[b \ge l_t]|` over the levels
    :math:`l_t` present (gaps :math:`g_t`), and :math:`|u - v| = u + v - 2uv` for 0/1
    indicators; for squared distances :math:`(a-b)^2 = a^2 + b^2 - 2ab`.

    Parameters
    ----------
    table : DataFrame or array, shape (states, members)
    weights : array_like, shape (members,), optional
        Capability shares of the members for weighted S.
    squared : bool
    max_level : float

    Returns
    -------
    DataFrame
        Symmetric, rows and columns = the table's rows, diagonal 1.
    """
    if not max_level > 0:
        raise InputError(f"max_level: expected a positive top level, got {max_level}")
    values, rows, _ = _table(table)
    w = _weights(weights, values.shape[1])
    x = values / max_level
    if np.any((x < 0) | (x > 1)):
        raise InputError(f"table: levels must lie in [0, {max_level}]")
    if squared:
        sq = (x * x) @ w
        dist = sq[:, None] + sq[None, :] - 2.0 * ((x * w) @ x.T)
    else:
        levels = np.unique(x)
        dist = np.zeros((x.shape[0], x.shape[0]))
        for lo, hi in itertools.pairwise(levels):
            e = (x >= hi).astype(np.float64)
            ew = e @ w
            dist += (hi - lo) * (ew[:, None] + ew[None, :] - 2.0 * ((e * w) @ e.T))
    dist = np.maximum(dist, 0.0)  # rounding can leave -0.0 on the diagonal
    s = 1.0 - 2.0 * dist / w.sum()
    np.fill_diagonal(s, 1.0)
    return pd.DataFrame(s, index=rows, columns=rows)


def dyads(
    table: pd.DataFrame,
    weights: Any = None,
    squared: bool = False,
    max_level: float = DEFAULT_MAX_LEVEL,
) -> pd.DataFrame:
    """Tidy undirected dyads ``state1 < state2`` with ``tau_b``, ``s`` and (if weights)
    ``s_weighted``.

    Parameters
    ----------
    table : DataFrame
        States x members, index = state codes (e.g. COW ``ccode``), each row a portfolio.
    weights : array_like, optional
        Members' capability shares for ``s_weighted``.
    squared, max_level
        As in :func:`s_score_matrix`.
    """
    _, rows, _ = _table(table)
    tau = tau_b_matrix(table).to_numpy()
    s = s_score_matrix(table, squared=squared, max_level=max_level).to_numpy()
    i, j = np.triu_indices(len(rows), 1)
    keys = np.array(rows, dtype=object)
    swap = np.array([not (a < b) for a, b in zip(keys[i], keys[j], strict=True)], dtype=bool)
    first = np.where(swap, j, i)
    second = np.where(swap, i, j)
    out = pd.DataFrame({"state1": keys[first], "state2": keys[second], "tau_b": tau[i, j], "s": s[i, j]})
    if weights is not None:
        sw = s_score_matrix(table, weights, squared=squared, max_level=max_level).to_numpy()
        out["s_weighted"] = sw[i, j]
    out.attrs["citations"] = CITATIONS
    return out.sort_values(["state1", "state2"], ignore_index=True)


def portfolio_table(
    ties: pd.DataFrame,
    states: Iterable[Any],
    level: str = "level",
    self_level: float = DEFAULT_MAX_LEVEL,
) -> pd.DataFrame:
    """States x members table of obligation levels from undirected dyad records.

    Parameters
    ----------
    ties : DataFrame
        Columns ``ccode1, ccode2`` and ``level``: the highest obligation between the two
        in the year. Dyads not listed have level 0; several rows for a dyad keep the
        highest level.
    states : iterable
        The system members that year (rows and columns, in this order).
    self_level : float
        A state's tie to itself (the top level).
    """
    states = list(states)
    pos = {s: k for k, s in enumerate(states)}
    for col in ("ccode1", "ccode2", level):
        if col not in ties.columns:
            raise InputError(f"ties: missing column {col!r}", hint="columns: ccode1, ccode2, level")
    out = np.zeros((len(states), len(states)))
    for a, b, lv in ties[["ccode1", "ccode2", level]].itertuples(index=False):
        if a in pos and b in pos:
            i, j = pos[a], pos[b]
            out[i, j] = out[j, i] = max(out[i, j], float(lv))
    np.fill_diagonal(out, self_level)
    return pd.DataFrame(out, index=states, columns=states)


# --------------------------------------------------------------------------------------
# From a World: ATOP obligations as ordinal portfolio levels
# --------------------------------------------------------------------------------------


def atop_levels(world: Any) -> pd.DataFrame:
    """Undirected ATOP obligation levels between the World's states (for tau-b and S).

    3 = defence or offence, 2 = neutrality or non-aggression, 1 = consultation only,
    0 = none (pairs not listed). This ordering mirrors COW's defence / neutrality /
    entente and is a foedus choice, stated in every result.

    Returns
    -------
    DataFrame
        ``ccode1 < ccode2, level`` for every pair with an obligation in either direction.
    """
    d = world.dyads
    level = np.select(
        [
            (d.atop_defense.fillna(0) > 0) | (d.atop_offense.fillna(0) > 0),
            (d.atop_neutral.fillna(0) > 0) | (d.atop_nonagg.fillna(0) > 0),
            d.atop_consul.fillna(0) > 0,
        ],
        [3, 2, 1],
        0,
    )
    out = pd.DataFrame({"ccode1": d.ccode1.to_numpy(), "ccode2": d.ccode2.to_numpy(), "level": level})
    return out[out.level > 0].reset_index(drop=True)


def world_similarity(world: Any) -> pd.DataFrame:
    """tau-b, S and capability-weighted S for every dyad of ``world`` from its ATOP ties.

    Portfolios run over all of the World's states (build the World with
    ``region="world"`` for the whole system, as S-scores assume); weights are CINC
    shares (missing CINC counts as 0).
    """
    states = [int(c) for c in world.states.ccode]
    table = portfolio_table(atop_levels(world), states)
    weights = world.states.set_index("ccode").cinc.reindex(states).fillna(0.0).to_numpy()
    return dyads(table, weights=weights)
