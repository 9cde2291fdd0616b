"""A&B's multi-coalition extension: more than two groups (exhaustive over set partitions,
or multi-start descent). See :mod:`foedus.coalitions.landscape`."""

from __future__ import annotations

from typing import Any

import numpy as np

from foedus.coalitions.landscape import _kernels as _k
from foedus.coalitions.landscape.result import LandscapeResult, entropy_of
from foedus.coalitions.landscape.spec import Landscape
from foedus.errors import InputError
from foedus.seeds import SeedLike, as_generator, as_seed_sequence

__all__ = ["MAX_PARTITIONS", "search_groups"]


MAX_PARTITIONS = 2_000_000
"""Most set partitions enumerated by the exhaustive multi-coalition search."""


def _n_partitions(n: int, k: int) -> int:
    """Set partitions of n actors into at most k blocks: sum of Stirling numbers S(n, j)."""
    row = [1] + [0] * k  # S(0, j)
    for _ in range(n):
        new = [0] * (k + 1)
        for j in range(1, k + 1):
            new[j] = j * row[j] + row[j - 1]
        row = new
    return sum(row[1:])


def _restricted_growth_strings(n: int, k: int) -> np.ndarray:
    """All labelings with x_0 = 0 and x_i <= 1 + max(x_<i), labels < k (one per partition)."""
    rows = np.zeros((1, 1), dtype=np.int8)
    top = np.zeros(1, dtype=np.int8)
    for _ in range(1, n):
        reps = np.minimum(top + 2, k).astype(np.int64)
        parent = np.repeat(np.arange(rows.shape[0]), reps)
        label = (np.arange(parent.size) - np.repeat(np.cumsum(reps) - reps, reps)).astype(np.int8)
        rows = np.column_stack([rows[parent], label])
        top = np.maximum(top[parent], label)
    return rows


def _canonical_groups(x: np.ndarray) -> np.ndarray:
    """Relabel each row so that groups are numbered in order of first appearance."""
    n = x.shape[1]
    k = int(x.max()) + 1 if x.size else 1
    present = x[:, :, None] == np.arange(k)[None, None, :]
    first = np.where(present.any(axis=1), present.argmax(axis=1), n)  # (rows, k)
    rank = (first[:, None, :] < first[:, :, None]).sum(axis=2)  # labels appearing earlier
    return np.take_along_axis(rank, x.astype(np.int64), axis=1).astype(x.dtype)


def _group_fields(W: np.ndarray, x: np.ndarray, k: int) -> np.ndarray:
    """H[c, i, g] = sum_j W[i, j] [x_cj == g]."""
    onehot = (x[:, :, None] == np.arange(k)[None, None, :]).astype(W.dtype)
    return np.einsum("ij,cjg->cig", W, onehot)


def _group_moves(H: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Half the ordered energy change of moving actor i to group g: H[i, own] - H[i, g]."""
    own = np.take_along_axis(H, x[:, :, None].astype(np.int64), axis=2)
    delta = own - H
    big = np.iinfo(np.int64).max // 4 if H.dtype == np.int64 else np.inf
    np.put_along_axis(delta, x[:, :, None].astype(np.int64), big, axis=2)  # no move to own group
    return delta


def _codes(x: np.ndarray, k: int) -> np.ndarray:
    return x.astype(np.int64) @ (np.int64(k) ** np.arange(x.shape[1], dtype=np.int64))


def search_groups(
    landscape: Landscape, W: np.ndarray, tol: float, k: int, params: dict[str, Any], n_starts: int,
    seed: SeedLike, max_steps: int,
) -> LandscapeResult:  # fmt: skip
    """Local minima with at most ``k`` groups (``search(..., groups=k)`` calls this with its
    ``params``: method, convention, tolerance, actors)."""
    params = {**params, "groups": k}
    if params["method"] == "heuristic":
        return _groups_heuristic(
            landscape, W, tol, k, params["convention"], n_starts, seed, max_steps, params
        )
    return _groups_exhaustive(landscape, W, tol, k, params["convention"], params)


def _energies_groups(Wf: np.ndarray, x: np.ndarray) -> np.ndarray:
    out = np.empty(x.shape[0])
    for start in range(0, x.shape[0], 2048):
        xs = x[start : start + 2048]
        out[start : start + 2048] = ((xs[:, :, None] != xs[:, None, :]) * Wf[None]).sum(axis=(1, 2))
    return out


def _groups_heuristic(
    landscape: Landscape, W: np.ndarray, tol: float, k: int, convention: str, n_starts: int, seed: SeedLike,
    max_steps: int, params: dict[str, Any],
) -> LandscapeResult:  # fmt: skip
    seq = as_seed_sequence(seed)
    x = as_generator(seq).integers(0, k, size=(n_starts, landscape.n)).astype(np.int8)
    H = _group_fields(W, x, k)
    steps = np.zeros(n_starts, dtype=np.int64)
    active = np.arange(n_starts)
    while active.size:
        delta = _group_moves(H[active], x[active]).reshape(active.size, -1)
        best = delta.argmin(axis=1)
        go = (delta[np.arange(active.size), best] < -tol) & (steps[active] < max_steps)
        active, best = active[go], best[go]
        i, g = best // k, best % k
        old = x[active, i].astype(np.int64)
        H[active, :, old] -= W[:, i].T
        H[active, :, g] += W[:, i].T
        x[active, i] = g
        steps[active] += 1
    uniq, hits = np.unique(_canonical_groups(x), axis=0, return_counts=True)
    e = _energies_groups(landscape.couplings(), uniq)
    shares = hits / n_starts
    return LandscapeResult.ranked(
        landscape, uniq, e, np.lexsort((np.arange(e.size), e)), shares=shares,
        se=np.sqrt(shares * (1 - shares) / n_starts), hits=hits.astype(np.int64), basin_method="sampled",
        method="heuristic", exact=False, convention=convention, engine="numpy", n_configurations=n_starts,
        n_samples=n_starts, model="landscape/heuristic_multistart_descent_groups",
        params={**params, "n_starts": n_starts}, seed=entropy_of(seq),
        diagnostics={"hit_step_limit": int((steps >= max_steps).sum())}, groups=k,
    )  # fmt: skip


def _groups_exhaustive(
    landscape: Landscape, W: np.ndarray, tol: float, k: int, convention: str, params: dict[str, Any]
) -> LandscapeResult:
    n = landscape.n
    count = _n_partitions(n, k)
    if count > MAX_PARTITIONS:
        raise InputError(
            f"method: {count} partitions of {n} actors into at most {k} groups exceed the "
            f"exhaustive limit of {MAX_PARTITIONS}",
            hint="use method='heuristic' or fewer groups",
        )
    x = _restricted_growth_strings(n, k)
    codes = _codes(x, k)
    order_codes = np.argsort(codes)
    sorted_codes = codes[order_codes]
    succ = np.empty(x.shape[0], dtype=np.int64)
    is_min = np.empty(x.shape[0], dtype=bool)
    for start in range(0, x.shape[0], 8192):
        xs = x[start : start + 8192]
        delta = _group_moves(_group_fields(W, xs, k), xs).reshape(xs.shape[0], -1)
        best = delta.argmin(axis=1)  # ties: lowest actor, then lowest group label
        mins = delta[np.arange(xs.shape[0]), best] >= -tol
        is_min[start : start + xs.shape[0]] = mins
        moved = xs.copy()
        rows = np.arange(xs.shape[0])
        moved[rows, best // k] = best % k
        nxt = order_codes[np.searchsorted(sorted_codes, _codes(_canonical_groups(moved), k))]
        succ[start : start + xs.shape[0]] = np.where(mins, start + rows, nxt)
    roots = _k.resolve_roots_numpy(succ)
    minima = np.flatnonzero(is_min)
    counts = np.bincount(np.searchsorted(minima, roots), minlength=minima.size)
    configs = x[minima]
    e = _energies_groups(landscape.couplings(), configs)
    return LandscapeResult.ranked(
        landscape, configs, e, np.lexsort((codes[minima], e)),  # ties by canonical index, as 2 groups
        shares=counts / x.shape[0], se=np.zeros(minima.size), hits=np.zeros(minima.size, dtype=np.int64),
        basin_method="exact", method="exhaustive", exact=True, convention=convention, engine="numpy",
        n_configurations=int(x.shape[0]), n_samples=0, model="landscape/exhaustive_partitions",
        params={**params, "basins": "exact"}, seed=None, groups=k,
    )  # fmt: skip
