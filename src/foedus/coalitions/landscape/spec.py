"""The landscape: actors, sizes and propensities, and the energy of a configuration.

See :mod:`foedus.coalitions.landscape` for the theory and the conventions.

Examples
--------
>>> ls = Landscape(["A", "B", "C"], [1, 1, 2], [[0, 1, -1], [1, 0, -1], [-1, -1, 0]])
>>> energy(ls, [0, 0, 1])     # A and B together, C alone
-8.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from foedus import limits
from foedus.errors import InputError

__all__ = ["Convention", "Landscape", "energy", "frustration", "propensities_from_factors"]

Convention = Literal["ordered", "unordered"]
CITATIONS = ("axelrod_bennett_1993", "axelrod_1997", "furnas_2016")


@dataclass(frozen=True, eq=False)
class Landscape:
    """Actors with sizes and pairwise propensities: the input of landscape theory.

    Parameters
    ----------
    actors : sequence of str
        Unique actor names; at least two.
    sizes : array_like, shape (n,)
        Sizes :math:`s_i > 0` (e.g. CINC shares or military spending); any scale.
    propensities : array_like, shape (n, n)
        Symmetric :math:`p_{ij}` with zero diagonal. Asymmetries up to ``1e-9`` of the
        largest entry (rounding) are removed by mirroring the upper triangle.
    name : str
        A label for reports.

    Raises
    ------
    InputError
        Fewer than two actors, duplicate names, a non-positive or non-finite size, a
        non-square, non-finite or asymmetric matrix, or a non-zero diagonal; each message
        names the actor or pair concerned.

    Examples
    --------
    >>> Landscape(["US", "CHN"], [3, 2], [[0, -1], [-1, 0]]).n
    2
    """

    actors: tuple[str, ...]
    sizes: np.ndarray
    propensities: np.ndarray
    name: str = "landscape"

    def __init__(
        self,
        actors: Sequence[str],
        sizes: Any,
        propensities: Any,
        name: str = "landscape",
    ) -> None:
        actors = tuple(str(a) for a in actors)
        n = len(actors)
        if n < 2:
            raise InputError(f"actors: a landscape needs at least two actors, got {n}")
        limits.LANDSCAPE_ACTORS.check(n, "actors", need=8.0 * n * n)  # the actors x actors matrices
        if len(set(actors)) != n:
            dup = sorted({a for a in actors if actors.count(a) > 1})
            raise InputError(f"actors: names must be unique, {dup} repeated")
        try:
            s = np.asarray(sizes, dtype=float).ravel()
            p = np.array(propensities, dtype=float)
        except (TypeError, ValueError) as exc:
            raise InputError(f"sizes/propensities: expected numbers ({exc})") from None
        if s.shape != (n,):
            raise InputError(f"sizes: expected {n} sizes (one per actor), got {s.size}")
        for a, v in zip(actors, s, strict=True):
            if not np.isfinite(v) or v <= 0:
                raise InputError(
                    f"sizes[{a}]: expected a positive size, got {v}",
                    hint="sizes are capabilities or shares and must be > 0",
                )
        if p.shape != (n, n):
            raise InputError(
                f"propensities: expected a {n}x{n} matrix (actors x actors), got shape {p.shape}"
            )
        bad = np.argwhere(~np.isfinite(p))
        if bad.size:
            i, j = bad[0]
            raise InputError(
                f"propensities[{actors[i]}, {actors[j]}]: expected a finite number, got {p[i, j]}",
                hint="a missing propensity is neutral: use 0",
            )
        diag = np.flatnonzero(np.diag(p) != 0)
        if diag.size:
            a = actors[diag[0]]
            raise InputError(f"propensities[{a}, {a}]: the diagonal must be 0, got {p[diag[0], diag[0]]}")
        scale = max(1.0, float(np.abs(p).max()))
        asym = np.abs(p - p.T)
        if asym.max() > 1e-9 * scale:
            i, j = np.unravel_index(int(np.argmax(asym)), asym.shape)
            raise InputError(
                f"propensities: the matrix must be symmetric, but p[{actors[i]}, {actors[j]}] = "
                f"{p[i, j]} and p[{actors[j]}, {actors[i]}] = {p[j, i]}",
                hint="landscape theory needs p_ij = p_ji; average the two, e.g. (P + P.T) / 2",
            )
        iu = np.triu_indices(n, 1)
        p[(iu[1], iu[0])] = p[iu]  # exact symmetry, so both kernels see W[i, j] == W[j, i]
        s.setflags(write=False)
        p.setflags(write=False)
        object.__setattr__(self, "actors", actors)
        object.__setattr__(self, "sizes", s)
        object.__setattr__(self, "propensities", p)
        object.__setattr__(self, "name", str(name))

    @property
    def n(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @classmethod
    def from_frame(
        cls,
        propensities: pd.DataFrame,
        sizes: Mapping[str, float] | pd.Series,
        name: str = "landscape",
    ) -> Landscape:
        """Build from a square DataFrame (actors as index and columns) and a size mapping.

        Missing propensities (NaN, e.g. a blank diagonal) are read as 0.
        """
        if not isinstance(propensities, pd.DataFrame):
            raise InputError("propensities: expected a pandas DataFrame (actors x actors)")
        actors = [str(a) for a in propensities.index]
        if [str(c) for c in propensities.columns] != actors:
            raise InputError(
                "propensities: the columns must name the same actors as the rows, in the "
                f"same order; rows {actors}, columns {list(propensities.columns)}"
            )
        sizes = pd.Series(sizes)
        sizes.index = sizes.index.map(str)
        missing = [a for a in actors if a not in sizes.index]
        if missing:
            raise InputError(f"sizes: no size for {missing}", hint="give every actor a size")
        values = propensities.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
        return cls(actors, sizes.loc[actors].to_numpy(float), np.nan_to_num(values), name)

    @classmethod
    def from_furnas_scale(
        cls, actors: Sequence[str], sizes: Any, scores: Any, name: str = "landscape"
    ) -> Landscape:
        """Build from Furnas's 1-5 scores: ``p = q - 3`` (5 closest friends, 1 enemies).

        Blank (NaN) scores, including the diagonal, become ``p = 0`` (Furnas 2016).
        """
        q = np.asarray(scores, dtype=float)
        finite = q[np.isfinite(q)]
        if finite.size and (finite.min() < 1 or finite.max() > 5):
            raise InputError(
                f"scores: Furnas scores run from 1 to 5, got values in [{finite.min()}, {finite.max()}]"
            )
        return cls(actors, sizes, np.where(np.isfinite(q), q - 3, 0.0), name)

    def couplings(self) -> np.ndarray:
        """:math:`W_{ij} = s_i s_j p_{ij}` (float)."""
        return np.outer(self.sizes, self.sizes) * self.propensities


def propensities_from_factors(
    actors: Sequence[str],
    attributes: pd.DataFrame | None = None,
    pairs: Mapping[str, Iterable[tuple[str, str]]] | None = None,
    weights: Mapping[str, float] | None = None,
    same: float = 1.0,
    different: float = -1.0,
) -> pd.DataFrame:
    r"""Propensities as a weighted sum of dyadic factors (A&B 1993's construction).

    .. math:: p_{ij} = \sum_{a} w_a\, [\text{same if } a_i = a_j \text{ else different}]
              + \sum_{f} w_f\, [\{i, j\} \in f]

    Parameters
    ----------
    actors : sequence of str
    attributes : DataFrame, optional
        Index = actors, one column per categorical attribute (religion, regime type...).
        A missing value contributes 0 to every pair of that actor.
    pairs : mapping of str to iterable of (str, str), optional
        Dyadic factors given as lists of unordered pairs (border disputes, wars...).
    weights : mapping of str to float, optional
        Weight of each attribute column and pair factor (default 1 for attributes and
        -1 for pair factors, i.e. a listed pair pushes the two apart).
    same, different : float
        The score of an attribute shared or not shared.

    Returns
    -------
    DataFrame
        Symmetric, zero diagonal, actors as index and columns.

    Examples
    --------
    >>> att = pd.DataFrame({"regime": ["dem", "dem", "fas"]}, index=["A", "B", "C"])
    >>> propensities_from_factors(["A", "B", "C"], att, {"war": [("A", "C")]}).loc["A"].tolist()
    [0.0, 1.0, -2.0]
    """
    actors = [str(a) for a in actors]
    n = len(actors)
    index = {a: i for i, a in enumerate(actors)}
    weights = dict(weights or {})
    p = np.zeros((n, n))
    if attributes is not None:
        missing = [a for a in actors if a not in attributes.index]
        if missing:
            raise InputError(f"attributes: no row for {missing}")
        for column in attributes.columns:
            values = attributes.loc[actors, column]
            known = values.notna().to_numpy()
            v = values.to_numpy(dtype=object)
            eq = np.equal.outer(v, v)
            score = np.where(eq, same, different) * np.outer(known, known)
            p += float(weights.get(column, 1.0)) * score
    for factor, items in (pairs or {}).items():
        w = float(weights.get(factor, -1.0))
        for a, b in items:
            if a not in index or b not in index:
                raise InputError(f"pairs[{factor}]: unknown actor in ({a!r}, {b!r})")
            if a == b:
                raise InputError(f"pairs[{factor}]: ({a!r}, {b!r}) pairs an actor with itself")
            i, j = index[a], index[b]
            p[i, j] += w
            p[j, i] += w
    np.fill_diagonal(p, 0.0)
    return pd.DataFrame(p, index=actors, columns=actors)


# --------------------------------------------------------------------------------------
# energy of a configuration
# --------------------------------------------------------------------------------------


def _labels(landscape: Landscape, sides: Any) -> np.ndarray:
    """Integer group codes, one per actor, from labels or a mapping actor -> label."""
    if isinstance(sides, Mapping):
        missing = [a for a in landscape.actors if a not in sides]
        if missing:
            raise InputError(f"sides: no side given for {missing}")
        raw = [sides[a] for a in landscape.actors]
    else:
        raw = list(np.asarray(sides, dtype=object).ravel())
    if len(raw) != landscape.n:
        raise InputError(f"sides: expected {landscape.n} labels (one per actor), got {len(raw)}")
    _, codes = np.unique(np.asarray([str(x) for x in raw]), return_inverse=True)
    return codes.astype(np.int64)


def _check_convention(convention: str) -> None:
    if convention not in ("ordered", "unordered"):
        raise InputError(
            f"convention: expected 'ordered' or 'unordered', got {convention!r}",
            hint="ordered = sum over i != j (Axelrod & Bennett, Furnas); unordered = half",
        )


def energy(landscape: Landscape, sides: Any, convention: Convention = "ordered") -> float:
    r"""Energy :math:`E(X) = \sum_{i \ne j} s_i s_j p_{ij} d_{ij}(X)` of a configuration.

    Parameters
    ----------
    landscape : Landscape
    sides : sequence or mapping
        One label per actor (any hashable labels; two sides, or more for the
        multi-coalition energy where :math:`d_{ij} = 1` iff the groups differ), or a
        mapping actor -> label.
    convention : {"ordered", "unordered"}
        ``"unordered"`` halves the ordered sum.

    Examples
    --------
    >>> ls = Landscape(["A", "B"], [2, 3], [[0, -1], [-1, 0]])
    >>> energy(ls, ["x", "y"]), energy(ls, ["x", "x"]), energy(ls, ["x", "y"], "unordered")
    (-12.0, 0.0, -6.0)
    """
    _check_convention(convention)
    codes = _labels(landscape, sides)
    e = float((landscape.couplings() * np.not_equal.outer(codes, codes)).sum())
    return e if convention == "ordered" else e / 2


def frustration(landscape: Landscape, sides: Any) -> pd.Series:
    r"""Each actor's frustration :math:`F_i(X) = \sum_{j \ne i} s_j p_{ij} d_{ij}(X)`."""
    codes = _labels(landscape, sides)
    d = np.not_equal.outer(codes, codes)
    f = (landscape.propensities * landscape.sizes[None, :] * d).sum(axis=1)
    return pd.Series(f, index=list(landscape.actors), name="frustration")


def _energies(W: np.ndarray, configs: np.ndarray) -> np.ndarray:
    """Ordered energies of 0/1 configuration rows, computed directly (chunked)."""
    out = np.empty(configs.shape[0])
    for start in range(0, configs.shape[0], 2048):
        x = configs[start : start + 2048].astype(bool)
        d = x[:, :, None] != x[:, None, :]
        out[start : start + 2048] = (d * W[None]).sum(axis=(1, 2))
    return out
