"""Compiled kernel for KTAB's challenge estimates, used when numba is installed (``foedus[fast]``).

:func:`contest_all` is the loop form of :func:`foedus.bargaining.ktab.solver._contest_all`
for the ``Proportional`` voting rule: the same operations in the same order (no fast-math),
so the results are bit for bit those of the numpy path, which stays the reference and
the fallback without numba; :func:`coalitions` and :func:`distinct` likewise for
:func:`~foedus.bargaining.ktab.election.coalitions` (``Proportional``) and the merging of
close positions. ``KERNELS`` is None when numba is missing.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

_COMMITS = {"SemiCommit": 0, "FullCommit": 1, "NoCommit": 2}


def _contest_all(
    util: np.ndarray, w: np.ndarray, commit: int, floor: float
) -> np.ndarray:  # pragma: no cover
    n = util.shape[0]
    out = np.empty((n, n))
    for h in range(n):
        for j in range(n):
            ci = w[h] * (util[h, h, h] - util[h, h, j])
            cj = w[j] * (util[h, j, h] - util[h, j, j])
            fi = floor + max(ci, 0.0) + max(cj, 0.0)
            fj = floor - min(ci, 0.0) - min(cj, 0.0)
            s_pos = 0.0
            s_neg = 0.0
            for m in range(n):
                if m == h or m == j:
                    continue
                uni = util[h, m, h]
                unj = util[h, m, j]
                unn = util[h, m, m]
                own = w[m] * (uni - unj)
                po = max(own, 0.0)
                no = min(own, 0.0)
                pin = (fi + po) / (fi + po + fj - no)
                pjn = 1.0 - pin
                a = 3 * uni if commit == 1 else 2 * uni + unn
                b = 2 * unj + unn if commit == 2 else 3 * unj
                c = 2 * uni + unn if commit == 2 else 3 * uni
                d = 3 * unj if commit == 1 else 2 * unj + unn
                tv = w[m] * ((pin * a + pjn * b) - (pin * c + pjn * d))
                if tv > 0:
                    s_pos += tv
                elif tv < 0:
                    s_neg += tv
            fi = fi + s_pos
            fj = fj - s_neg
            out[h, j] = fi / (fi + fj)
    return out


def _coalitions(w: np.ndarray, u: np.ndarray, floor: float) -> np.ndarray:  # pragma: no cover
    """Proportional coalitions: votes v_k(i:j) = w_k (u_ki - u_kj) cast for i > j only."""
    m, L = u.shape
    pos = np.zeros((L, L))
    neg = np.zeros((L, L))
    for k in range(m):
        for i in range(L):
            for j in range(i):
                v = w[k] * (u[k, i] - u[k, j])
                if v > 0.0:
                    pos[i, j] += v
                elif v < 0.0:
                    neg[i, j] += -v
    out = np.full((L, L), floor)
    for i in range(L):
        for j in range(i):
            out[i, j] = floor + pos[i, j]
            out[j, i] = floor + neg[i, j]
    return out


def _distinct(pos: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
    n, d = pos.shape
    gap = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            acc = 0.0
            for k in range(d):
                acc += (pos[i, k] - pos[j, k]) ** 2
            gap[i, j] = np.sqrt(acc)
    unique = np.empty(n, dtype=np.int64)
    count = 0
    for i in range(n):
        new = True
        for u in range(count):
            if gap[i, unique[u]] < tol:
                new = False
                break
        if new:
            unique[count] = i
            count += 1
    holder = np.empty(n, dtype=np.int64)
    for i in range(n):
        for u in range(count - 1, -1, -1):
            if gap[i, unique[u]] < tol:
                holder[i] = u
                break
    return unique[:count], holder


def _compile() -> dict[str, Callable[..., object]] | None:
    try:
        import numba
    except ImportError:
        return None
    jit = numba.njit(cache=True)
    return {"contest_all": jit(_contest_all), "coalitions": jit(_coalitions), "distinct": jit(_distinct)}


KERNELS = _compile()
ENABLED = True
"""Set to False to run the numpy path even where numba is installed (tests compare the two)."""


def active() -> bool:
    """Whether the compiled kernels are used."""
    return ENABLED and KERNELS is not None


def contest_all(util: np.ndarray, w: np.ndarray, commit: str, floor: float) -> np.ndarray:
    """``P[i, j]``, challenger i's estimate that it defeats j (``Proportional`` votes)."""
    assert KERNELS is not None
    return KERNELS["contest_all"](  # type: ignore[return-value]
        np.ascontiguousarray(util), np.ascontiguousarray(w, dtype=float), _COMMITS[commit], floor
    )


def coalitions(w: np.ndarray, u: np.ndarray, floor: float) -> np.ndarray:
    """KTAB's coalition matrix for ``Proportional`` votes (as ``election.coalitions``)."""
    assert KERNELS is not None
    return KERNELS["coalitions"](  # type: ignore[return-value]
        np.ascontiguousarray(w, dtype=float), np.ascontiguousarray(u, dtype=float), floor
    )


def distinct(pos: np.ndarray, tol: float) -> tuple[list[int], np.ndarray]:
    """Distinct positions and each actor's (see :func:`~foedus.bargaining.ktab.solver._distinct`)."""
    assert KERNELS is not None
    unique, holder = KERNELS["distinct"](np.ascontiguousarray(pos, dtype=float), float(tol))  # type: ignore[misc]
    return [int(u) for u in unique], np.asarray(holder, dtype=np.intp)
