"""Votes, coalitions and the probabilistic Condorcet election (PCE) of KTAB.

The building blocks shared by every stage of the SMP (see :mod:`foedus.bargaining.ktab`):
``vote`` (KTAB's ``Model::vote``), ``coalitions``, ``victory_probabilities``
(``Model::vProb``), ``pce`` (``Model::condPCE``, ``markovUniformPCE``,
``markovIncentivePCE``), ``risk_attitudes`` (``Model::bigRfromProb``) and
``perceived_risk`` (``Model::estNRA``).

Examples
--------
>>> import numpy as np
>>> u = np.array([[1.0, 0.2], [0.4, 1.0], [0.9, 0.5]])  # utility to actor k of option i
>>> scalar_pce(np.array([1.0, 1.0, 1.0]), u, "Proportional", "Linear", "Conditional").round(4)
array([0.6667, 0.3333])
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from foedus.bargaining.ktab import _fast

__all__ = [
    "coalitions",
    "conditional_pce_batch",
    "pce",
    "perceived_risk",
    "risk_attitudes",
    "scalar_pce",
    "victory_probabilities",
    "vote",
]

MIN_COALITION = 1e-8
"""KTAB's floor on a coalition's strength in a PCE (avoids 0/0)."""


def vote(rule: str, w: npt.ArrayLike, du: np.ndarray) -> np.ndarray:
    """KTAB's ``Model::vote``: the vote of weight ``w`` given utility difference ``du``."""
    w = np.asarray(w, dtype=float)
    if rule == "Proportional":
        return w * du
    binary = np.clip(du / 1e-8, -1.0, 1.0)
    if rule == "Binary":
        return w * binary
    if rule == "PropBin":
        return w * (0.8 * du + 0.2 * binary)
    if rule == "PropCbc":
        return w * (0.5 * du + 0.5 * du**3)
    if rule == "Cubic":
        return w * du**3
    # ASymProsp: gains count two thirds as much as losses
    return np.where(du < 0.0, w * du, np.where(du > 0.0, 2.0 * w * du / 3.0, 0.0))


def coalitions(rule: str, w: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``C[..., i, j]``, the strength of the coalition for option i against j.

    ``u[..., k, i]`` is the utility to voter k of option i; leading axes are separate
    elections (batched). Only the votes v_k(i:j) with i > j are cast (as KTAB does);
    their negative parts make up the coalition for j against i.
    """
    if rule == "Proportional" and u.ndim == 2 and _fast.active():
        return _fast.coalitions(w, u, MIN_COALITION)
    m = u.shape[-1]
    diff = u[..., :, :, None] - u[..., :, None, :]  # (..., k, i, j)
    v = vote(rule, w.reshape((*w.shape, 1, 1)), diff)
    # summed voter by voter, in order (a running sum is sequential by definition; numpy's
    # reductions may reorder the terms), so the compiled kernel (foedus[fast]) gives the same bits
    pos = np.add.accumulate(np.where(v > 0.0, v, 0.0), axis=-3)[..., -1, :, :]
    neg = np.add.accumulate(np.where(v < 0.0, -v, 0.0), axis=-3)[..., -1, :, :]
    lower = np.tril(np.ones((m, m), dtype=bool), -1)
    return MIN_COALITION + np.where(lower, pos, 0.0) + np.where(lower.T, np.swapaxes(neg, -1, -2), 0.0)


def victory_probabilities(model: str, c: np.ndarray) -> np.ndarray:
    """``P[..., i, j]`` = probability that option i defeats j (diagonal 1/2)."""
    ct = np.swapaxes(c, -1, -2)
    if model == "Binary":
        # certain beyond a 10% edge, linear in the share of strength below it
        between = (c / (c + ct) * 2.1 - 1.0) / 0.1
        x = np.where(c >= 1.1 * ct, 1.0, np.where(ct >= 1.1 * c, 1e-6, between))
    else:
        power = {"Linear": 1, "Square": 2, "Quartic": 4, "Octic": 8}[model]
        x = c**power
    p = x / (x + np.swapaxes(x, -1, -2))
    idx = np.arange(c.shape[-1])
    p[..., idx, idx] = 0.5
    return p


def conditional_pce_batch(victory_model: str, c: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Conditional PCE of many elections at once: ``c`` (K, L, L), ``valid`` (K, L) options.

    Padding options (``valid`` False) neither win nor affect the others: the contest
    against them counts as won (a factor 1 in the product) and their probability is 0.
    """
    pv = victory_probabilities(victory_model, c)
    pv = np.where(valid[:, None, :], pv, 1.0)
    p = np.where(valid, np.prod(pv, axis=-1), 0.0)
    total = p.sum(axis=-1, keepdims=True)
    bad = ~((total > 0) & np.isfinite(total))[:, 0]
    if bad.any():  # underflow with many options: use logs
        logp = np.where(valid[bad], np.log(pv[bad]).sum(axis=-1), -np.inf)
        p[bad] = np.exp(logp - logp.max(axis=-1, keepdims=True))
        total = p.sum(axis=-1, keepdims=True)
    return p / total


def pce(model: str, victory_model: str, c: np.ndarray) -> np.ndarray:
    """Probabilistic Condorcet election over options with coalition matrix ``c``.

    ``Conditional``: p_i is proportional to prod_j P[i > j], the chance that i beats every
    rival in one round of pairwise contests, conditional on some option doing so.
    ``MarkovUniform`` / ``MarkovIncentive``: the stationary distribution of a chain in
    which the current favourite is challenged by a uniformly chosen option, or by one
    chosen in proportion to the incentive C[i, j] P[i, j] to challenge.
    """
    pv = victory_probabilities(victory_model, c)
    m = c.shape[0]
    if model == "Conditional":
        p = np.prod(pv, axis=1)
        total = p.sum()
        if not (total > 0 and np.isfinite(total)):  # underflow with many options: use logs
            logp = np.log(pv).sum(axis=1)
            p = np.exp(logp - logp.max())
            total = p.sum()
        return p / total
    p = np.full(m, 1.0 / m)
    if model == "MarkovUniform":
        tol, step = 1e-6, lambda p: (pv * (p[:, None] + p[None, :])).sum(axis=1) / m
    else:  # MarkovIncentive: challenges in proportion to the incentive to make them
        incentive = c * pv + np.eye(m) * 1e-10
        challenge = incentive / incentive.sum(axis=0, keepdims=True)  # P[i challenges j]
        tol = 1e-8

        def step(p: np.ndarray) -> np.ndarray:
            ct = p[:, None] * challenge.T
            return (pv * (ct + ct.T)).sum(axis=1)

    for _ in range(1000):
        q = step(p)
        change = np.abs(q - p).max()
        p = (p + q) / 2.0
        if change <= tol:
            return p
    raise RuntimeError("ktab: the Markov PCE did not converge in 1000 iterations")


def scalar_pce(w: np.ndarray, u: np.ndarray, rule: str, victory_model: str, pce_model: str) -> np.ndarray:
    """Win probabilities of options (columns of ``u``) voted on by actors of weight ``w``.

    ``u[k, i]`` is the utility to actor k of option i (KTAB's ``Model::scalarPCE``).
    """
    return pce(pce_model, victory_model, coalitions(rule, w, u))


def risk_attitudes(p: np.ndarray, rng: str) -> np.ndarray:
    """Risk attitudes from the actors' win probabilities (KTAB's ``bigRfromProb``).

    The least likely position maps to -1/2 (``Mid``), 0 (``Min``) or -1 (``Max``), the
    most likely to +1, linearly in between. When all are equally likely (KTAB divides by
    zero) every actor is risk neutral.
    """
    lo, hi = p.min(), p.max()
    if hi - lo <= 1e-12 * max(hi, 1e-300):  # all options equally likely: risk neutral
        return np.zeros_like(p)
    if rng == "Min":
        return (p - lo) / (hi - lo)
    if rng == "Mid":
        return (3.0 * p - (hi + 2.0 * lo)) / (2.0 * (hi - lo))
    return (2.0 * p - (hi + lo)) / (hi - lo)


def perceived_risk(r: np.ndarray, adjust: str) -> np.ndarray:
    """``out[h, i]``: h's estimate of i's risk attitude (KTAB's ``estNRA``).

    ``OneThird`` anchors on h's own attitude: (2 r_h + r_i) / 3; ``Full`` takes r_i,
    ``None`` takes r_h, ``Half`` and ``TwoThirds`` lie between.
    """
    rh, ri = r[:, None], r[None, :]
    if adjust == "Full":
        return np.broadcast_to(ri, (r.size, r.size)).copy()
    if adjust == "TwoThirds":
        return (rh + 2.0 * ri) / 3.0
    if adjust == "Half":
        return (rh + ri) / 2.0
    if adjust == "OneThird":
        return (2.0 * rh + ri) / 3.0
    return np.broadcast_to(rh, (r.size, r.size)).copy()
