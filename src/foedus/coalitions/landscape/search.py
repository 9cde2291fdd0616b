"""Searching a landscape for its local minima: exhaustive (Gray code) or heuristic (multi-start).

See :mod:`foedus.coalitions.landscape` for the method; :func:`search` is the entry point.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from foedus.coalitions.landscape import _kernels as _k
from foedus.coalitions.landscape.groups import search_groups
from foedus.coalitions.landscape.result import LandscapeResult, entropy_of
from foedus.coalitions.landscape.spec import Convention, Landscape, _check_convention, _energies
from foedus.errors import InputError
from foedus.seeds import SeedLike, as_generator, as_seed_sequence

__all__ = ["DEFAULT_MAX_EXACT_BASINS", "MAX_EXHAUSTIVE_N", "search"]

MAX_EXHAUSTIVE_N = 32
"""Largest n for ``method="exhaustive"`` (2**31 configurations; beyond, use the heuristic)."""

DEFAULT_MAX_EXACT_BASINS = 2**25
"""Default cap on configurations for exact basins (one int32 each: 128 MB at the cap)."""


def _prepare(landscape: Landscape, tol: float | None) -> tuple[np.ndarray, float]:
    """Couplings as int64 when they are all integers (exact arithmetic), else float64."""
    W = landscape.couplings()
    total = float(np.abs(W).sum())
    if np.all(W == np.round(W)) and total < 2**53:
        Wk: np.ndarray = W.astype(np.int64)
        auto_tol = 0.0
    else:
        Wk = np.ascontiguousarray(W, dtype=np.float64)
        # rounding in the incremental field updates stays far below this
        auto_tol = 1e-9 * float(np.abs(W).sum(axis=1).max())
    if tol is None:
        tol = auto_tol
    elif not (np.isfinite(tol) and tol >= 0):
        raise InputError(f"tol: expected a non-negative number, got {tol}")
    return Wk, float(tol)


def _engine(engine: str) -> str:
    if engine == "auto":
        return "numba" if _k.HAVE_NUMBA else "numpy"
    if engine == "numba" and not _k.HAVE_NUMBA:
        raise InputError(
            "engine: 'numba' was asked for but numba is not installed",
            hint="pip install 'foedus[fast]', or use engine='numpy'",
        )
    if engine not in ("numba", "numpy"):
        raise InputError(f"engine: expected 'auto', 'numba' or 'numpy', got {engine!r}")
    return engine


def _bits_to_index(configs: np.ndarray) -> np.ndarray:
    """Canonical index of 0/1 rows (actor 0 on side A): bit i-1 = side of actor i."""
    n = configs.shape[1]
    weights = np.left_shift(np.int64(1), np.arange(n - 1, dtype=np.int64))
    return configs[:, 1:].astype(np.int64) @ weights


def _index_to_bits(c: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((c.size, n), dtype=np.int8)
    for i in range(1, n):
        out[:, i] = (c >> (i - 1)) & 1
    return out


def _canonical(sig: np.ndarray) -> np.ndarray:
    """0/1 rows from spins, relabelled so that actor 0 is on side A (0)."""
    x = (sig < 0).astype(np.int8)
    flip = x[:, 0] == 1
    x[flip] = 1 - x[flip]
    return x


def _descend(engine: str, W, tol, sig0, max_steps):
    return _k.descend(W, tol, sig0, max_steps, engine)


def _random_spins(rng: np.random.Generator, rows: int, n: int, dtype) -> np.ndarray:
    sig = 1 - 2 * rng.integers(0, 2, size=(rows, n), dtype=np.int64)
    sig[:, 0] = 1
    return sig.astype(dtype)


def search(
    landscape: Landscape,
    method: Literal["exhaustive", "heuristic"] = "exhaustive",
    convention: Convention = "ordered",
    *,
    engine: Literal["auto", "numba", "numpy"] = "auto",
    basins: Literal["auto", "exact", "sampled", "none"] = "auto",
    n_samples: int = 100_000,
    n_starts: int = 1_000,
    max_exact_basins: int = DEFAULT_MAX_EXACT_BASINS,
    tol: float | None = None,
    seed: SeedLike = None,
    groups: int = 2,
) -> LandscapeResult:
    r"""Find the local minima of a landscape, with their energies and basins of attraction.

    Parameters
    ----------
    landscape : Landscape
    method : {"exhaustive", "heuristic"}
        ``"exhaustive"`` examines all :math:`2^{n-1}` configurations (Gray-code order,
        :math:`O(n)` per configuration; :math:`n \le` ``MAX_EXHAUSTIVE_N``) and finds
        every local minimum. ``"heuristic"``: steepest descent from ``n_starts`` seeded random
        configurations, any n; basins are the shares of starts reaching each minimum.
    convention : {"ordered", "unordered"}
        Energy over ordered pairs (A&B, Furnas) or over :math:`i < j` (half).
    engine : {"auto", "numba", "numpy"}
        Kernel; ``"auto"`` uses numba when installed; results are identical.
    basins : {"auto", "exact", "sampled", "none"}
        Exhaustive method only. ``"exact"``: every configuration's steepest-descent
        successor is stored (4 bytes each) and resolved to its minimum;
        ``"sampled"``: steepest descent from ``n_samples`` uniformly drawn configurations
        (seeded), shares with binomial standard errors; ``"auto"``: exact up to
        ``max_exact_basins`` configurations, sampled beyond.
    n_samples, n_starts : int
        Descents for sampled basins; for the heuristic.
    max_exact_basins : int
        Most configurations for which ``basins="auto"`` computes exact basins.
    tol : float, optional
        A move must lower the energy by more than ``2 * tol`` (steepest descent, ties by
        lowest index; ties count as minima, as in Furnas 2016). Default: 0 for integer couplings
        :math:`s_i s_j p_{ij}` (exact arithmetic), else ``1e-9`` times the largest row sum
        of :math:`|s_i s_j p_{ij}|`.
    seed : int, Generator, SeedSequence or None
        For the heuristic and sampled basins; recorded in the provenance.
    groups : int, default 2
        Most sides allowed. Above 2 this is A&B's multi-coalition extension (the module
        docstring): exhaustive over set partitions up to ``MAX_PARTITIONS``, with exact
        basins, or multi-start descent; numpy only (``engine`` is ignored).

    Returns
    -------
    LandscapeResult

    Raises
    ------
    InputError
        ``n > MAX_EXHAUSTIVE_N`` with ``method="exhaustive"`` (use the heuristic), an
        unknown option, ``basins="exact"`` above ``max_exact_basins``, or
        ``engine="numba"`` without numba.

    Examples
    --------
    >>> ls = Landscape.from_furnas_scale(["a", "b", "c", "d"], [1, 2, 3, 4],
    ...     [[None, 5, 1, 1], [5, None, 1, 2], [1, 1, None, 4], [1, 2, 4, None]])
    >>> r = search(ls)
    >>> r.sides, r.energy, r.n_minima, r.n_configurations
    ((('a', 'b'), ('c', 'd')), -68.0, 1, 8)
    """
    _check_options(landscape, convention, method, basins, n_samples, n_starts, groups)
    engine_used = _engine(engine)
    W, tol = _prepare(landscape, tol)
    max_steps = 100 * landscape.n + 100
    params: dict[str, Any] = {
        "method": method,
        "convention": convention,
        "tol": tol,
        "integer_arithmetic": bool(W.dtype == np.int64),
        "actors": list(landscape.actors),
    }
    if groups > 2:
        return search_groups(landscape, W, tol, int(groups), params, int(n_starts), seed, max_steps)
    if method == "heuristic":
        return _heuristic(landscape, W, tol, engine_used, int(n_starts), seed, max_steps, convention, params)
    return _exhaustive(
        landscape,
        W,
        tol,
        engine_used,
        basins,
        int(n_samples),
        max_exact_basins,
        seed,
        max_steps,
        convention,
        params,
    )


def _check_options(
    landscape: Any, convention: str, method: str, basins: str, n_samples: int, n_starts: int, groups: Any
) -> None:
    if not isinstance(landscape, Landscape):
        raise InputError(
            f"landscape: expected a Landscape, got {type(landscape).__name__}",
            hint="build one with Landscape(actors, sizes, propensities)",
        )
    _check_convention(convention)
    if method not in ("exhaustive", "heuristic"):
        raise InputError(f"method: expected 'exhaustive' or 'heuristic', got {method!r}")
    if basins not in ("auto", "exact", "sampled", "none"):
        raise InputError(f"basins: expected 'auto', 'exact', 'sampled' or 'none', got {basins!r}")
    for label, value in (("n_samples", n_samples), ("n_starts", n_starts)):
        if int(value) < 1:
            raise InputError(f"{label}: expected a positive number of descents, got {value}")
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups < 2:
        raise InputError(f"groups: expected an integer >= 2, got {groups!r}")


def _heuristic(
    landscape: Landscape, W: np.ndarray, tol: float, engine: str, n_starts: int, seed: SeedLike,
    max_steps: int, convention: str, params: dict[str, Any],
) -> LandscapeResult:  # fmt: skip
    """Seeded multi-start steepest descent; basins are the shares of starts."""
    seq = as_seed_sequence(seed)
    sig0 = _random_spins(as_generator(seq), n_starts, landscape.n, W.dtype)
    sig, steps = _descend(engine, W, tol, sig0, max_steps)
    uniq, hits = np.unique(_canonical(sig), axis=0, return_counts=True)
    e = _energies(landscape.couplings(), uniq)
    order = np.lexsort((np.arange(e.size), e))
    shares = hits / n_starts
    return LandscapeResult.ranked(
        landscape, uniq, e, order, shares=shares, se=np.sqrt(shares * (1 - shares) / n_starts),
        hits=hits.astype(np.int64), basin_method="sampled", method="heuristic", exact=False,
        convention=convention, engine=engine, n_configurations=n_starts, n_samples=n_starts,
        model="landscape/heuristic_multistart_descent", params={**params, "n_starts": n_starts},
        seed=entropy_of(seq),
        diagnostics={"mean_steps": float(steps.mean()), "hit_step_limit": int((steps >= max_steps).sum())},
    )  # fmt: skip


def _exhaustive(
    landscape: Landscape, W: np.ndarray, tol: float, engine: str, basins: str, n_samples: int,
    max_exact_basins: int, seed: SeedLike, max_steps: int, convention: str, params: dict[str, Any],
) -> LandscapeResult:  # fmt: skip
    """Every configuration in Gray-code order; basins exact, sampled or none."""
    n = landscape.n
    if n > MAX_EXHAUSTIVE_N:
        raise InputError(
            f"method: exhaustive search over {n} actors means 2**{n - 1} configurations; the "
            f"limit is n = {MAX_EXHAUSTIVE_N}",
            hint="use method='heuristic' (seeded multi-start descent) for large n",
        )
    n_configs = 1 << (n - 1)
    if basins == "auto":
        basins = "exact" if n_configs <= max_exact_basins else "sampled"
    if basins == "exact" and n_configs > max_exact_basins:
        raise InputError(
            f"basins: exact basins for n = {n} need {n_configs} configurations x 4 bytes, "
            f"above max_exact_basins = {max_exact_basins}",
            hint="use basins='sampled', or raise max_exact_basins if memory allows",
        )
    want_succ = basins == "exact"
    succ = np.empty(n_configs if want_succ else 1, dtype=np.int32)
    c_min = np.sort(_k.enumerate_minima(W, tol, n, want_succ, succ, engine))
    configs = _index_to_bits(c_min, n)
    e = _energies(landscape.couplings(), configs)
    k = c_min.size
    hits = np.zeros(k, dtype=np.int64)
    seed_used = None
    diagnostics: dict[str, Any] = {}
    if basins == "exact":
        roots = _k.resolve_roots(succ, engine)
        counts = np.zeros(k, dtype=np.int64)
        for start in range(0, n_configs, 1 << 22):
            pos = np.searchsorted(c_min, roots[start : start + (1 << 22)])
            counts += np.bincount(pos, minlength=k)[:k]
        shares, se = counts / n_configs, np.zeros(k)
    elif basins == "sampled":
        seq = as_seed_sequence(seed)
        seed_used = entropy_of(seq)
        sig, _steps = _descend(
            engine, W, tol, _random_spins(as_generator(seq), n_samples, n, W.dtype), max_steps
        )
        ends = _bits_to_index(_canonical(sig))
        pos = np.minimum(np.searchsorted(c_min, ends), k - 1)
        matched = c_min[pos] == ends
        hits = np.bincount(pos[matched], minlength=k).astype(np.int64)
        shares = hits / n_samples
        se = np.sqrt(shares * (1 - shares) / n_samples)
        diagnostics["unmatched_samples"] = int((~matched).sum())
        params["n_samples"] = n_samples
    else:
        shares, se = np.full(k, np.nan), np.full(k, np.nan)
    return LandscapeResult.ranked(
        landscape, configs, e, np.lexsort((c_min, e)), shares=shares, se=se, hits=hits,
        basin_method=basins, method="exhaustive", exact=True, convention=convention, engine=engine,
        n_configurations=n_configs, n_samples=n_samples if basins == "sampled" else 0,
        model="landscape/exhaustive_gray_code", params={**params, "basins": basins}, seed=seed_used,
        diagnostics=diagnostics,
    )  # fmt: skip
