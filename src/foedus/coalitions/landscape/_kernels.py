"""Kernels for landscape search: a numba version and a numpy version with identical results.

Both kernels work on the *coupling matrix* ``W[i, j] = s_i s_j p_ij`` (symmetric, zero
diagonal) with spins ``sigma_i = +1`` (side A) or ``-1`` (side B). For a configuration,

- the field ``g_i = sum_j W[i, j] sigma_j``,
- ``D_i = sigma_i g_i``: moving actor ``i`` to the other side changes the ordered energy by
  ``2 D_i``, so the configuration is a local minimum iff ``min_i D_i >= -tol``,
- the ordered energy ``E = (sum_{i != j} W[i, j] - sum_i D_i) / 2`` (the kernels return
  only the minima; their energies are recomputed directly by the caller, so both engines
  report the same numbers whatever rounding the incremental updates carry).

Flipping actor ``k`` updates every field in O(n): ``g_i -= 2 W[i, k] sigma_k``.

Configurations are indexed canonically: actor 0 is on side A and bit ``i - 1`` of the index
``c`` is 1 iff actor ``i`` is on side B, so ``c`` runs over ``0 .. 2**(n-1) - 1``.

Exhaustive enumeration is split into ``2**m`` blocks (``m = min(n - 1, BLOCK_BITS)``): block
``b`` holds the indices whose high bits are ``b``; inside a block the low ``L = n - 1 - m``
bits follow the reflected Gray code, so consecutive configurations differ by one actor.
Each block starts from a field computed directly (sum over ``j`` in ascending order) and
then updates it incrementally. For a float instance the incremental fields drift by
rounding only (far below the default tolerance: every block restarts from exact sums and
runs at most ``2**L`` steps). The numba kernel runs the blocks in parallel; the numpy
kernel runs them in lockstep, vectorised across blocks. Because both perform the same
floating-point operations in the same order for every block (sums in ascending index,
products of the same operands, ``argmin`` taking the first minimum), they return
bit-identical results; with integer couplings (``int64``) the arithmetic is exact.
"""

from __future__ import annotations

import numpy as np

BLOCK_BITS = 12
"""log2 of the number of blocks of the exhaustive enumeration (fixed so engines agree)."""

try:  # numba is the optional ``fast`` extra
    import numba  # noqa: F401

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover - exercised in a subprocess by the tests
    HAVE_NUMBA = False


def block_layout(n: int) -> tuple[int, int]:
    """``(m, L)``: ``2**m`` blocks of ``2**L`` configurations each, for ``n`` actors."""
    m = min(n - 1, BLOCK_BITS)
    return m, n - 1 - m


# --------------------------------------------------------------------------------------
# numpy kernels
# --------------------------------------------------------------------------------------


def _initial_fields_numpy(W: np.ndarray, sig: np.ndarray) -> np.ndarray:
    rows, n = sig.shape
    g = np.zeros((rows, n), dtype=W.dtype)
    for j in range(n):
        g += W[None, :, j] * sig[:, j : j + 1]
    return g


def _enumerate_numpy(
    W: np.ndarray, W2: np.ndarray, tol: float, n: int, L: int, blocks: np.ndarray, want_succ: bool,
    succ: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """The blocks in lockstep, vectorised across them (see :func:`enumerate_minima`)."""
    c = blocks << L
    full = (1 << (n - 1)) - 1
    sig = np.ones((blocks.size, n), dtype=W.dtype)
    for i in range(1, n):
        sig[:, i] = 1 - 2 * ((c >> (i - 1)) & 1)
    g = _initial_fields_numpy(W, sig)
    found_c: list[np.ndarray] = []
    for t in range(1 << L):
        if t:
            k = ((t & -t).bit_length() - 1) + 1  # actor whose bit flips: ctz(t) + 1
            sk = sig[:, k].copy()
            g -= W2[None, :, k] * sk[:, None]
            sig[:, k] = -sk
            c ^= 1 << (k - 1)
        D = sig * g
        mn = D.min(axis=1)
        is_min = mn >= -tol
        if is_min.any():
            found_c.append(c[is_min].copy())
        if want_succ:
            arg = D.argmin(axis=1)
            shift = np.maximum(arg - 1, 0)
            nxt = np.where(arg == 0, c ^ full, c ^ (np.int64(1) << shift))
            succ[c] = np.where(is_min, c, nxt)
    if not found_c:  # pragma: no cover - the global minimum is always a local minimum
        return np.empty(0, np.int64)
    return np.concatenate(found_c)


def descend_numpy(
    W: np.ndarray, W2: np.ndarray, tol: float, sig0: np.ndarray, max_steps: int
) -> tuple[np.ndarray, np.ndarray]:
    """Steepest descent from each row of ``sig0`` (spins ±1); return final spins and steps.

    At each step the actor with the most negative ``D_i`` moves (ties: lowest index); the
    descent stops when no move lowers the energy by more than ``tol``.
    """
    sig = sig0.astype(W.dtype, copy=True)
    g = _initial_fields_numpy(W, sig)
    steps = np.zeros(sig.shape[0], dtype=np.int64)
    active = np.arange(sig.shape[0])
    while active.size:
        D = sig[active] * g[active]
        mn = D.min(axis=1)
        arg = D.argmin(axis=1)
        go = (mn < -tol) & (steps[active] < max_steps)
        active, arg = active[go], arg[go]
        if not active.size:
            break
        sk = sig[active, arg]
        g[active] -= W2[:, arg].T * sk[:, None]
        sig[active, arg] = -sk
        steps[active] += 1
    return sig, steps


def resolve_roots_numpy(succ: np.ndarray) -> np.ndarray:
    """Follow successor pointers to their fixed points by pointer doubling (in place)."""
    while True:
        nxt = succ[succ]
        if np.array_equal(nxt, succ):
            return succ
        succ[:] = nxt


# --------------------------------------------------------------------------------------
# numba kernels (same arithmetic, per block / per start, parallel over blocks / starts)
# --------------------------------------------------------------------------------------

if HAVE_NUMBA:
    from numba import njit, prange

    @njit(cache=True, parallel=True)
    def _enumerate_blocks_numba(W, W2, tol, n, L, blocks, cap, want_succ, succ):  # pragma: no cover
        nb = blocks.shape[0]
        min_c = np.empty((nb, cap), np.int64)
        counts = np.zeros(nb, np.int64)
        full = (np.int64(1) << (n - 1)) - 1
        steps = np.int64(1) << L
        for bi in prange(nb):
            c = np.int64(blocks[bi]) << L
            sig = np.ones(n, W.dtype)
            for i in range(1, n):
                sig[i] = 1 - 2 * ((c >> (i - 1)) & 1)
            g = np.zeros(n, W.dtype)
            for i in range(n):
                for j in range(n):
                    g[i] += W[i, j] * sig[j]
            cnt = 0
            for t in range(steps):
                if t > 0:
                    k = 1
                    tt = t
                    while (tt & 1) == 0:
                        tt >>= 1
                        k += 1
                    sk = sig[k]
                    sig[k] = -sk
                    c ^= np.int64(1) << (k - 1)
                    # update the fields and find the cheapest move in one pass
                    g[0] -= W2[0, k] * sk
                    mn = sig[0] * g[0]
                    arg = 0
                    for i in range(1, n):
                        g[i] -= W2[i, k] * sk
                        d = sig[i] * g[i]
                        if d < mn:
                            mn = d
                            arg = i
                else:
                    mn = sig[0] * g[0]
                    arg = 0
                    for i in range(1, n):
                        d = sig[i] * g[i]
                        if d < mn:
                            mn = d
                            arg = i
                if mn >= -tol:
                    if cnt < cap:
                        min_c[bi, cnt] = c
                    cnt += 1
                    if want_succ:
                        succ[c] = c
                elif want_succ:
                    if arg == 0:
                        succ[c] = c ^ full
                    else:
                        succ[c] = c ^ (np.int64(1) << (arg - 1))
            counts[bi] = cnt
        return min_c, counts

    @njit(cache=True, parallel=True)
    def _descend_numba(W, W2, tol, sig0, max_steps):  # pragma: no cover
        rows, n = sig0.shape
        sig = sig0.copy()
        steps = np.zeros(rows, np.int64)
        for r in prange(rows):
            g = np.zeros(n, W.dtype)
            for i in range(n):
                for j in range(n):
                    g[i] += W[i, j] * sig[r, j]
            while True:
                mn = sig[r, 0] * g[0]
                arg = 0
                for i in range(1, n):
                    d = sig[r, i] * g[i]
                    if d < mn:
                        mn = d
                        arg = i
                if mn >= -tol or steps[r] >= max_steps:
                    break
                sk = sig[r, arg]
                for i in range(n):
                    g[i] -= W2[i, arg] * sk
                sig[r, arg] = -sk
                steps[r] += 1
        return sig, steps

    @njit(cache=True)
    def _resolve_roots_numba(succ):  # pragma: no cover
        for c in range(succ.shape[0]):
            r = succ[c]
            while succ[r] != r:
                r = succ[r]
            x = c
            while succ[x] != r:  # path compression
                nxt = succ[x]
                succ[x] = r
                x = nxt
        return succ


def _enumerate_numba(
    W: np.ndarray, W2: np.ndarray, tol: float, n: int, L: int, blocks: np.ndarray, want_succ: bool,
    succ: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """The blocks in parallel, each with a small buffer of minima (see :func:`enumerate_minima`)."""
    cap = 8
    min_c, counts = _enumerate_blocks_numba(W, W2, tol, n, L, blocks, cap, want_succ, succ)
    out_c = [min_c[b, : counts[b]] for b in range(blocks.size) if 0 < counts[b] <= cap]
    over = np.flatnonzero(counts > cap)
    if over.size:  # rerun the blocks whose buffer overflowed with room for all their minima
        big = int(counts[over].max())
        dummy = np.empty(1, np.int32)
        c2, k2 = _enumerate_blocks_numba(W, W2, tol, n, L, blocks[over], big, False, dummy)
        out_c += [c2[r, : k2[r]] for r in range(over.size)]
    if not out_c:  # pragma: no cover
        return np.empty(0, np.int64)
    return np.concatenate(out_c)


# --------------------------------------------------------------------------------------
# the entry points: one per operation, the engine a switch
# --------------------------------------------------------------------------------------


def enumerate_minima(
    W: np.ndarray, tol: float, n: int, want_succ: bool, succ: np.ndarray, engine: str = "numpy"
) -> np.ndarray:
    """Enumerate all ``2**(n-1)`` configurations; return the local minima.

    Returns the canonical index ``c`` of every local minimum (unsorted). When ``want_succ`` the
    steepest-descent successor of every configuration is written to ``succ[c]``
    (``succ[c] = c`` at a local minimum). ``engine`` is ``"numpy"`` or ``"numba"``
    (parallel over blocks); the results are identical.
    """
    m, L = block_layout(n)
    blocks = np.arange(1 << m, dtype=np.int64)
    kernel = _enumerate_numba if engine == "numba" else _enumerate_numpy
    return kernel(W, 2 * W, tol, n, L, blocks, want_succ, succ)


def descend(
    W: np.ndarray, tol: float, sig0: np.ndarray, max_steps: int, engine: str = "numpy"
) -> tuple[np.ndarray, np.ndarray]:
    """Steepest descent from each row of ``sig0`` (:func:`descend_numpy`; numba: parallel over starts)."""
    if engine == "numba":
        return _descend_numba(W, 2 * W, tol, np.ascontiguousarray(sig0.astype(W.dtype)), max_steps)
    return descend_numpy(W, 2 * W, tol, sig0, max_steps)


def resolve_roots(succ: np.ndarray, engine: str = "numpy") -> np.ndarray:
    """Each configuration's minimum from successor pointers (:func:`resolve_roots_numpy`;
    numba: path compression), in place."""
    return _resolve_roots_numba(succ) if engine == "numba" else resolve_roots_numpy(succ)
