"""The KTAB SMP solver: states, challenges, bargains and the stopping rule.

See :mod:`foedus.bargaining.ktab` for the model; :func:`smp` is the entry point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from foedus.bargaining.ktab import _fast
from foedus.bargaining.ktab.election import (
    coalitions,
    conditional_pce_batch,
    pce,
    perceived_risk,
    risk_attitudes,
    scalar_pce,
    vote,
)
from foedus.errors import InputError
from foedus.seeds import SeedLike, as_generator

__all__ = ["CITATIONS", "SMPRun", "smp"]

CITATIONS = ("wise_lester_efird_2015", "kapsarc_ktab")

_MIN_CONTEST = 1e-10  # floor on coalition strength in a challenge estimate
_MIN_BARGAIN_WEIGHT = 1e-6  # S^n P^m interpolation: keeps b = own position when no one cares
_MIN_GAIN = 1e-5  # smallest expected gain worth a challenge


def _choices(*names: str, **aliases: str) -> dict[str, str]:
    return {**{k: k for k in names}, **aliases}


# Option values as KTAB's smpc spells them, and accepted aliases.
_OPTIONS: dict[str, dict[str, str]] = {
    "victory_prob_model": _choices("Linear", "Square", "Quartic", "Octic", "Binary"),
    "voting_rule": _choices(
        "Proportional", "Binary", "PropBin", "PropCbc", "Cubic", "ASymProsp", Prop="Proportional"
    ),
    "pce_model": _choices("Conditional", "MarkovUniform", "MarkovIncentive"),
    "state_transitions": _choices("Deterministic", "Stochastic"),
    "big_r_range": _choices("Mid", "Min", "Max"),
    "big_r_adjust": _choices(
        "OneThird",
        "Full",
        "TwoThirds",
        "Half",
        "None",
        OneThirdRA="OneThird",
        FullRA="Full",
        TwoThirdsRA="TwoThirds",
        HalfRA="Half",
        NoRA="None",
    ),
    "third_party_commit": _choices("SemiCommit", "FullCommit", "NoCommit"),
    "inter_vec_bargain": _choices("S2P2", "S1P1", "S2PMax"),
    "bargain_model": _choices("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"),
}


_NUMERIC_OPTIONS = ("min_iter", "max_iter", "min_delta_ratio", "min_sig_delta", "pos_tol", "capability_scale")

SALIENCE_HINT = (
    "KTAB reads saliences as shares of an actor's attention across the dimensions; "
    "divide each actor's saliences by their sum (or by the number of dimensions)"
)


def _option(name: str, value: str) -> str:
    choices = _OPTIONS[name]
    if value not in choices:
        raise InputError(
            f"ktab: {name}={value!r} is not implemented",
            hint="use one of " + ", ".join(sorted(set(choices.values()))),
        )
    return choices[value]


# --------------------------------------------------------------------------- primitives


def _distance(ref: np.ndarray, sal: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """``out[i, j]``: salience-weighted distance from ``ref[i]`` to ``pos[j]`` (i's saliences)."""
    diff = (ref[:, None, :] - pos[None, :, :]) * sal[:, None, :]
    num = (diff**2).sum(axis=2)
    den = np.broadcast_to((sal**2).sum(axis=1)[:, None], num.shape)
    # an actor with no salience anywhere is indifferent: every position is at distance 0
    return np.sqrt(np.divide(num, den, out=np.zeros_like(num), where=den > 0))


def _utility(d: np.ndarray, r: npt.ArrayLike) -> np.ndarray:
    r = np.asarray(r, dtype=float)
    u = (1.0 - d) * (1.0 + d * r)
    far = d > 1.0  # only off the [0, 1] scale; computed only where it happens
    if far.any():
        u = np.where(far, (1.0 - d) * (1.0 + r), u)
    return u


def _round4(x: np.ndarray) -> np.ndarray:
    return np.trunc(0.5 + x * 10000.0) / 10000.0


def _interpolate(
    kind: str, xi: np.ndarray, si: np.ndarray, pi: float, xj: np.ndarray, sj: np.ndarray, pj: float
) -> tuple[np.ndarray, np.ndarray]:
    """The bargain (b_i, b_j) the positions xi, xj settle on, dimension by dimension."""
    if kind == "S2PMax":
        di, dj = np.maximum(pj - pi, 0.0), np.maximum(pi - pj, 0.0)
        si2, sj2 = si**2, sj**2
        ai = di * sj2 / (di * sj2 + _MIN_BARGAIN_WEIGHT + (1 - di) * si2)
        aj = dj * si2 / (dj * si2 + _MIN_BARGAIN_WEIGHT + (1 - dj) * sj2)
        return xi + ai * (xj - xi), xj + aj * (xi - xj)
    n = 1 if kind == "S1P1" else 2
    wi, wj = si**n * pi**n, sj**n * pj**n
    total = wi + _MIN_BARGAIN_WEIGHT + wj
    bi = _round4(((wi + _MIN_BARGAIN_WEIGHT) * xi + wj * xj) / total)
    bj = _round4((wi * xi + (_MIN_BARGAIN_WEIGHT + wj) * xj) / total)
    return bi, bj


# --------------------------------------------------------------------------- one state


@dataclass
class _Setup:
    cap: np.ndarray
    sal: np.ndarray
    sal_sum: np.ndarray
    opts: dict[str, str]
    pos_tol: float


def _distinct(pos: np.ndarray, tol: float) -> tuple[list[int], np.ndarray]:
    """Indices of distinct positions, and for each actor the index (into that list) of
    the distinct position it holds (KTAB: the last equivalent one)."""
    if _fast.active() and pos.shape[1] < 8:  # below 8 terms numpy sums in order, as the kernel does
        return _fast.distinct(pos, tol)
    gap = np.linalg.norm(pos[:, None, :] - pos[None, :, :], axis=2)
    unique: list[int] = []
    for i in range(len(pos)):
        if not any(gap[i, u] < tol for u in unique):
            unique.append(i)
    close = gap[:, unique] < tol
    holder = close.shape[1] - 1 - np.argmax(close[:, ::-1], axis=1)
    return unique, holder


def _assess(pos: np.ndarray, st: _Setup) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Risk attitudes R (n,), distances D (n, n) and perceived utilities U[h] (n, n, n)."""
    o = st.opts
    dist = _distance(pos, st.sal, pos)
    neutral = _utility(dist, 0.0)
    p = scalar_pce(st.cap, neutral, o["voting_rule"], o["victory_prob_model"], o["pce_model"])
    risk = risk_attitudes(p, o["big_r_range"])
    perceived = perceived_risk(risk, o["big_r_adjust"])  # (h, i)
    util = _utility(dist[None, :, :], perceived[:, :, None])  # util[h, i, j]
    return risk, dist, util


def _third_party_votes(
    rule: str,
    commit: str,
    w: np.ndarray,
    pin: np.ndarray,
    uni: np.ndarray,
    unj: np.ndarray,
    unn: np.ndarray,
) -> np.ndarray:
    """A third party's vote in the contest i:j, by the utility of the states its joining
    either side leads to (``ThirdPartyCommit``); ``pin`` is its estimate that i wins."""
    pjn = 1.0 - pin
    uik_def_j = 3 * uni if commit == "FullCommit" else 2 * uni + unn
    uj_def_ik = 2 * unj + unn if commit == "NoCommit" else 3 * unj
    ui_def_jk = 2 * uni + unn if commit == "NoCommit" else 3 * uni
    ujk_def_i = 3 * unj if commit == "FullCommit" else 2 * unj + unn
    return vote(rule, w, (pin * uik_def_j + pjn * uj_def_ik) - (pin * ui_def_jk + pjn * ujk_def_i))


def _contest(u: np.ndarray, which: Sequence[int], st: _Setup) -> np.ndarray:
    """``P[r, j]``: an estimator's probability that ``which[r]`` defeats j if it challenges j.

    ``u`` is the estimator's utility matrix u[i, j] (utility to i of j's position).
    """
    rule = st.opts["voting_rule"]
    w = st.sal_sum * st.cap
    n = u.shape[0]
    rows = np.asarray(which, dtype=np.intp)
    diag = np.diag(u)
    # the principals' own votes, i for itself and j against i
    ci = vote(rule, w[rows, None], diag[rows, None] - u[rows, :])
    cj = vote(rule, w[None, :], u.T[rows, :] - diag[None, :])
    for_i = _MIN_CONTEST + np.maximum(ci, 0.0) + np.maximum(cj, 0.0)
    for_j = _MIN_CONTEST - np.minimum(ci, 0.0) - np.minimum(cj, 0.0)
    # third parties n (axis 0) first weigh the little contest i:j with their own vote ...
    uni = u[:, rows][:, :, None]
    unj = u[:, None, :]
    unn = diag[:, None, None]
    own = vote(rule, w[:, None, None], uni - unj)
    pin = (for_i + np.maximum(own, 0.0)) / (for_i + np.maximum(own, 0.0) + for_j - np.minimum(own, 0.0))
    # ... then vote by the utility of the states their joining either side leads to
    third_vote = _third_party_votes(rule, st.opts["third_party_commit"], w[:, None, None], pin, uni, unj, unn)
    third = np.ones((n, rows.size, n), dtype=np.bool_)
    third[rows, np.arange(rows.size), :] = False
    third[np.arange(n), :, np.arange(n)] = False
    third_vote = np.where(third, third_vote, 0.0)
    for_i = for_i + np.where(third_vote > 0, third_vote, 0.0).sum(axis=0)
    for_j = for_j - np.where(third_vote < 0, third_vote, 0.0).sum(axis=0)
    return for_i / (for_i + for_j)


def _contest_all(util: np.ndarray, st: _Setup) -> np.ndarray:
    """``P[i, j]``: challenger i's own estimate that it defeats j (estimator = challenger).

    The same arithmetic as :func:`_contest` with ``u = util[i]`` and ``which = [i]``, done for
    every i at once on (challenger, third party, target) arrays, O(n^3) memory.
    """
    rule = st.opts["voting_rule"]
    w = st.sal_sum * st.cap
    if rule == "Proportional" and _fast.active():
        return _fast.contest_all(util, w, st.opts["third_party_commit"], _MIN_CONTEST)
    n = util.shape[0]
    idx = np.arange(n)
    own_u = util[idx, idx, :]  # own_u[i, j] = U^i_{ij}
    diag = util[:, idx, idx]  # diag[h, k] = U^h_{kk}
    u_hjh = util[idx, :, idx]  # u_hjh[h, j] = U^h_{jh}
    ci = vote(rule, w[:, None], np.diag(own_u)[:, None] - own_u)
    cj = vote(rule, w[None, :], u_hjh - diag)
    for_i = _MIN_CONTEST + np.maximum(ci, 0.0) + np.maximum(cj, 0.0)
    for_j = _MIN_CONTEST - np.minimum(ci, 0.0) - np.minimum(cj, 0.0)
    uni = u_hjh[:, :, None]  # (h, n, 1): U^h_{n h}
    unj = util  # (h, n, j)
    unn = diag[:, :, None]
    own = vote(rule, w[None, :, None], uni - unj)
    fi, fj = for_i[:, None, :], for_j[:, None, :]
    pin = (fi + np.maximum(own, 0.0)) / (fi + np.maximum(own, 0.0) + fj - np.minimum(own, 0.0))
    third_vote = _third_party_votes(rule, st.opts["third_party_commit"], w[None, :, None], pin, uni, unj, unn)
    third = np.ones((n, n, n), dtype=np.bool_)
    third[idx, idx, :] = False  # the challenger is not a third party
    third[:, idx, idx] = False  # nor is the target
    third_vote = np.where(third, third_vote, 0.0)
    # third parties added in order (a running sum), as the compiled kernel adds them
    s_pos = np.add.accumulate(np.where(third_vote > 0, third_vote, 0.0), axis=1)[:, -1, :]
    s_neg = np.add.accumulate(np.where(third_vote < 0, third_vote, 0.0), axis=1)[:, -1, :]
    for_i = for_i + s_pos
    for_j = for_j - s_neg
    return for_i / (for_i + for_j)


def _gain(u: np.ndarray, p_win: float, k: int, i: int, j: int, sal_j: float) -> float:
    """Expected change in utility to k (by u's estimator) when i challenges j.

    ``p_win`` is the estimator's probability that i wins; j resists with probability
    equal to its total salience, otherwise it gives in.
    """
    win, lose = 2 * u[k, i], 2 * u[k, j]
    contest = p_win * win + (1 - p_win) * lose
    return float((1 - sal_j) * win + sal_j * contest - (u[k, i] + u[k, j]))


def _challenges(util: np.ndarray, st: _Setup) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each actor's best target (-1: none), its estimated win probability and expected gain."""
    n = util.shape[0]
    idx = np.arange(n)
    p_win = _contest_all(util, st)
    u_ii = util[idx, idx, idx][:, None]
    u_ij = util[idx, idx, :]
    s_j = st.sal_sum[None, :]
    gains = (1 - s_j) * 2 * u_ii + s_j * (p_win * 2 * u_ii + (1 - p_win) * 2 * u_ij) - (u_ii + u_ij)
    gains[idx, idx] = -np.inf
    best = np.argmax(gains, axis=1)  # the first of equal gains, as KTAB's loop keeps it
    best_gain = gains[idx, best]
    best = np.where(best_gain > _MIN_GAIN, best, -1)
    return best, p_win[idx, np.maximum(best, 0)], best_gain


def _bargains(
    pos: np.ndarray, util: np.ndarray, best: np.ndarray, p_best: np.ndarray, st: _Setup
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The bargains the challenges lead to, in challenger order: initiators, receivers, and
    the initiators' and receivers' positions, arrays of shape (B,), (B,), (B, d), (B, d)."""
    o = st.opts
    kind = o["inter_vec_bargain"]
    ini = np.flatnonzero(best >= 0)
    rcv = best[ini]
    p = p_best[ini][:, None]
    b_i, b_j = _interpolate(kind, pos[ini], st.sal[ini], p, pos[rcv], st.sal[rcv], 1 - p)
    if o["bargain_model"] == "InitOnlyInterp":
        return ini, rcv, b_i, b_j
    out = []
    for k, (i, j) in enumerate(zip(ini, rcv, strict=True)):
        # KTAB passes j's estimated utility change where a probability is meant
        q = _gain(util[j], _contest(util[j], [i], st)[0, j], i, i, j, st.sal_sum[j])
        c_i, c_j = _interpolate(kind, pos[i], st.sal[i], q, pos[j], st.sal[j], 1 - q)
        if o["bargain_model"] == "InitRcvrInterp":
            out += [(i, j, b_i[k], b_j[k]), (i, j, c_i, c_j)]
        else:  # PWCompInterp, with KTAB's weights c_i S_i and c_i S_j
            wi, wj = st.cap[i] * st.sal_sum[i], st.cap[i] * st.sal_sum[j]
            out.append((i, j, (wi * b_i[k] + wj * c_i) / (wi + wj), (wi * b_j[k] + wj * c_j) / (wi + wj)))
    d = pos.shape[1]
    return (
        np.array([r[0] for r in out], dtype=np.intp),
        np.array([r[1] for r in out], dtype=np.intp),
        np.array([r[2] for r in out]).reshape(-1, d),
        np.array([r[3] for r in out]).reshape(-1, d),
    )


def _choose(
    member: np.ndarray, values: np.ndarray, st: _Setup, rng: np.random.Generator | None
) -> np.ndarray:
    """For each actor k, the option (column of ``values``; 0 = status quo) its PCE picks
    among the status quo and the bargains ``member[k]`` marks.

    Every election is over a subset of the same options, listed in the same order, and a
    coalition's strength depends only on the two options (and, for ``ASymProsp``, their
    order, which the subsets keep), so the coalitions are computed once for all options
    and each election takes its sub-matrix. With the ``Conditional`` PCE the elections
    then run as one batch (lists padded to equal length, the padding masked out).
    """
    o = st.opts
    n = member.shape[0]
    strength = coalitions(o["voting_rule"], st.cap, values)
    counts = member.sum(axis=1) + 1
    size = int(counts.max())
    order = np.argsort(~member, axis=1, kind="stable")[:, : size - 1] + 1  # marked bargains first
    cols = np.concatenate([np.zeros((n, 1), dtype=np.intp), order], axis=1)
    valid = np.arange(size)[None, :] < counts[:, None]
    cols = np.where(valid, cols, 0)
    if o["pce_model"] == "Conditional":
        probs = conditional_pce_batch(
            o["victory_prob_model"], strength[cols[:, :, None], cols[:, None, :]], valid
        )
    else:
        probs = np.zeros((n, size))
        for k in range(n):
            opt = cols[k, : counts[k]]
            probs[k, : counts[k]] = pce(o["pce_model"], o["victory_prob_model"], strength[np.ix_(opt, opt)])
    if o["state_transitions"] == "Deterministic":
        return cols[np.arange(n), np.argmax(probs, axis=1)]
    assert rng is not None
    picks = [rng.choice(int(c), p=p[:c] / p[:c].sum()) for c, p in zip(counts, probs, strict=True)]
    return cols[np.arange(n), np.array(picks, dtype=np.intp)]


def _step(
    pos: np.ndarray,
    risk: np.ndarray,
    util: np.ndarray,
    st: _Setup,
    rng: np.random.Generator | None,
) -> tuple[np.ndarray, list[tuple[int, int, float, float]]]:
    """One round of challenges, bargains and choices; returns the next positions."""
    n = len(pos)
    best, p_best, best_gain = _challenges(util, st)
    made = np.flatnonzero(best >= 0)
    challenges = [(int(i), int(best[i]), float(p_best[i]), float(best_gain[i])) for i in made]
    ini, rcv, b_i, b_j = _bargains(pos, util, best, p_best, st)
    own = np.einsum("mmn->mn", util)  # own[m, n] = U^m_{mn}
    own_total = own.sum(axis=1)
    # every actor m values each bargain once: the mean utility of the positions it leaves
    values = np.empty((n, ini.size + 1))
    values[:, 0] = own_total
    if ini.size:
        moved = np.stack([b_i, b_j], axis=1).reshape(-1, pos.shape[1])
        u_moved = _utility(_distance(pos, st.sal, moved), risk[:, None]).reshape(n, ini.size, 2).sum(axis=2)
        values[:, 1:] = u_moved + own_total[:, None] - own[:, ini] - own[:, rcv]
    values /= n
    actors = np.arange(n)[:, None]
    member = (ini[None, :] == actors) | (rcv[None, :] == actors)  # bargains on each actor's list
    pick = _choose(member, values, st, rng)
    new = pos.copy()
    for k in np.flatnonzero(pick):
        b = pick[k] - 1
        new[k] = b_i[b] if ini[b] == k else b_j[b]
    return new, challenges


def _win_probabilities(
    pos: np.ndarray, risk: np.ndarray, dist: np.ndarray, st: _Setup
) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Distinct positions, each actor's distinct position, and their PCE win probabilities.

    Each actor values positions with its own risk attitude; votes are ``Proportional``
    whatever the voting rule (as in KTAB's ``SMPState::pDist``).
    """
    unique, holder = _distinct(pos, st.pos_tol)
    own = _utility(dist, risk[:, None])  # u[i, j] = U^i_{ij}
    p = scalar_pce(
        st.cap, own[:, unique], "Proportional", st.opts["victory_prob_model"], st.opts["pce_model"]
    )
    return unique, holder, p


# --------------------------------------------------------------------------- solver


@dataclass(frozen=True, eq=False)
class SMPRun:
    """The states of one KTAB SMP run, on the [0, 1] scale.

    Attributes
    ----------
    states : tuple of numpy.ndarray, each (n, d)
        Positions in each state; ``states[0]`` is the input.
    distinct : tuple of tuple of int
        Per state, the index of one actor holding each distinct position.
    holders : numpy.ndarray of int, shape (n_states, n)
        Per state and actor, which distinct position (index into ``distinct[t]``) the
        actor holds.
    position_probabilities : tuple of numpy.ndarray
        Per state, the PCE win probability of each distinct position (sums to 1).
    win_probabilities : numpy.ndarray, shape (n_states, n)
        Per state and actor, the win probability of the position the actor holds.
    risk_attitudes : numpy.ndarray, shape (n_states, n)
        The risk attitudes R_i inferred in each state.
    challenges : tuple of tuple
        Per step, the challenges made as ``(challenger, target, p_win, expected_gain)``.
    change_ratios : numpy.ndarray
        Per step t >= 1, dist(s_t, s_{t-1}) / (dist(s_0, s_1) + 1e-4).
    converged : bool
        Whether the stopping rule (rather than ``max_iter``) ended the run.
    parameters : dict
        The options used.
    """

    states: tuple[np.ndarray, ...]
    distinct: tuple[tuple[int, ...], ...]
    holders: np.ndarray
    position_probabilities: tuple[np.ndarray, ...]
    win_probabilities: np.ndarray
    risk_attitudes: np.ndarray
    challenges: tuple[tuple[tuple[int, int, float, float], ...], ...]
    change_ratios: np.ndarray
    converged: bool
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def n_states(self) -> int:
        return len(self.states)

    @property
    def final_positions(self) -> np.ndarray:
        return self.states[-1]

    @property
    def final_probabilities(self) -> np.ndarray:
        """Win probabilities of the distinct final positions (see ``distinct[-1]``)."""
        return self.position_probabilities[-1]

    def expected_position(self, t: int = -1) -> np.ndarray:
        """The probability-weighted mean of the distinct positions of state ``t``."""
        idx = list(self.distinct[t])
        return self.position_probabilities[t] @ self.states[t][idx]

    def modal_position(self, t: int = -1) -> np.ndarray:
        """The distinct position of state ``t`` most likely to win."""
        idx = self.distinct[t][int(np.argmax(self.position_probabilities[t]))]
        return self.states[t][idx]


def _inputs(
    capability: npt.ArrayLike,
    ideal: npt.ArrayLike,
    salience: npt.ArrayLike,
    capability_scale: float | None,
    min_iter: int,
    max_iter: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Checked arrays: capability (rescaled), positions, saliences, and each actor's salience sum."""
    cap = np.asarray(capability, dtype=float)
    pos = np.asarray(ideal, dtype=float)
    sal = np.asarray(salience, dtype=float)
    if pos.ndim == 1:
        pos = pos[:, None]
    if sal.ndim == 1:
        sal = sal[:, None]
    n = cap.size
    if cap.ndim != 1 or n < 2 or pos.shape[0] != n or sal.shape != pos.shape:
        raise InputError(
            f"ktab: shapes disagree: capability {cap.shape}, ideal {pos.shape}, "
            f"salience {sal.shape} (need (n,), (n, d), (n, d) with n >= 2)"
        )
    if not (np.isfinite(cap).all() and np.isfinite(pos).all() and np.isfinite(sal).all()):
        raise InputError("ktab: capability, ideal and salience must be finite numbers")
    if (cap <= 0).any():
        raise InputError("ktab: capability must be > 0 for every actor")
    if ((pos < 0) | (pos > 1)).any() or ((sal < 0) | (sal > 1)).any():
        raise InputError("ktab: ideal and salience must lie in [0, 1] (divide 0-100 values by 100)")
    sal_sum = sal.sum(axis=1)
    if (sal_sum > 1 + 1e-9).any():
        bad = [int(i) for i in np.flatnonzero(sal_sum > 1 + 1e-9)]
        raise InputError(
            f"ktab: each actor's saliences must sum to at most 1; not so for actors {bad}",
            hint=SALIENCE_HINT,
        )
    if capability_scale is not None:
        if not (np.isfinite(capability_scale) and capability_scale > 0):
            raise InputError(f"ktab: capability_scale must be > 0 or None, got {capability_scale}")
        cap = cap * capability_scale / cap.max()
    if min_iter < 1 or max_iter < min_iter:
        raise InputError(f"ktab: need 1 <= min_iter <= max_iter, got {min_iter}, {max_iter}")
    return cap, pos, sal, sal_sum


def _iterate(
    pos: np.ndarray,
    st: _Setup,
    rng: np.random.Generator | None,
    min_iter: int,
    max_iter: int,
    min_delta_ratio: float,
    min_sig_delta: float,
) -> tuple[list[np.ndarray], tuple[list, ...], bool]:
    """Run states until the stopping rule or ``max_iter``; returns states, per-state records, converged."""
    states = [pos.copy()]
    risks, distinct, holders, pprobs, wins, chall, ratios = [], [], [], [], [], [], []
    risk, dist, util = _assess(pos, st)
    converged = False
    while True:
        unique, holder, p = _win_probabilities(states[-1], risk, dist, st)
        risks.append(risk)
        distinct.append(tuple(unique))
        holders.append(holder)
        pprobs.append(p)
        wins.append(p[holder])
        if len(states) > 1:
            t = len(states) - 1
            d01 = _state_distance(states[0], states[1]) + min_sig_delta
            ratio = _state_distance(states[t], states[t - 1]) / d01
            ratios.append(ratio)
            if t >= min_iter and ratio < min_delta_ratio:
                converged = True
                break
            if t >= max_iter:
                break
        new, made = _step(states[-1], risk, util, st, rng)
        states.append(new)
        chall.append(tuple(made))
        risk, dist, util = _assess(new, st)

    return states, (risks, distinct, holders, pprobs, wins, chall, ratios), converged


def smp(
    capability: npt.ArrayLike,
    ideal: npt.ArrayLike,
    salience: npt.ArrayLike,
    *,
    victory_prob_model: str = "Linear",
    voting_rule: str = "Proportional",
    pce_model: str = "Conditional",
    state_transitions: str = "Deterministic",
    big_r_range: str = "Mid",
    big_r_adjust: str = "OneThird",
    third_party_commit: str = "SemiCommit",
    inter_vec_bargain: str = "S2P2",
    bargain_model: str = "InitOnlyInterp",
    min_iter: int = 2,
    max_iter: int = 100,
    min_delta_ratio: float = 0.02,
    min_sig_delta: float = 1e-4,
    pos_tol: float = 1e-3,
    capability_scale: float | None = 100.0,
    seed: SeedLike = None,
) -> SMPRun:
    """Run KTAB's spatial model of politics (``smpc``) from the given initial state.

    Parameters
    ----------
    capability : array_like, shape (n,)
        Positive capabilities (any scale; only ratios matter).
    ideal : array_like, shape (n, d)
        Initial positions, in [0, 1].
    salience : array_like, shape (n, d)
        Saliences in [0, 1]; each actor's sum must be at most 1. An actor with no
        salience at all is indifferent (every position is at distance 0 from it; KTAB
        rejects such actors).
    victory_prob_model : {"Linear", "Square", "Quartic", "Octic", "Binary"}
    voting_rule : {"Proportional", "Binary", "PropBin", "PropCbc", "Cubic", "ASymProsp"}
        Voting rule of the coalitions (the final win probabilities always use
        ``Proportional``, as KTAB does).
    pce_model : {"Conditional", "MarkovUniform", "MarkovIncentive"}
    state_transitions : {"Deterministic", "Stochastic"}
        Pick the most probable bargain, or draw one (uses ``seed``).
    big_r_range : {"Mid", "Min", "Max"}
    big_r_adjust : {"OneThird", "Full", "TwoThirds", "Half", "None"}
    third_party_commit : {"SemiCommit", "FullCommit", "NoCommit"}
    inter_vec_bargain : {"S2P2", "S1P1", "S2PMax"}
    bargain_model : {"InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"}
    min_iter, max_iter : int
        Bounds on the number of steps (KTAB: 2 and 100).
    min_delta_ratio, min_sig_delta : float
        Stopping rule: stop when dist(s_t, s_{t-1}) / (dist(s_0, s_1) + min_sig_delta)
        < min_delta_ratio.
    pos_tol : float
        Positions closer than this (Euclidean, on [0, 1]) count as one.
    capability_scale : float or None
        Rescale capabilities so that the largest equals this before the run; ``None``
        uses them as given, exactly as KTAB does. KTAB's floors on coalition strength
        (1e-8, 1e-10) are absolute, so its results depend slightly on the units of
        capability (near-ties can round differently); rescaling makes the model
        invariant to them. 100 matches the scale of KTAB's own examples and leaves its
        reference runs unchanged.
    seed : int, Generator, SeedSequence or None
        Used only with ``state_transitions="Stochastic"``.

    Returns
    -------
    SMPRun

    Raises
    ------
    InputError
        On bad shapes, values outside [0, 1], non-positive capability, a salience sum
        above 1, or an option value that is not implemented.
    """
    given = locals()
    opts = {name: _option(name, given[name]) for name in _OPTIONS}
    cap, pos, sal, sal_sum = _inputs(capability, ideal, salience, capability_scale, min_iter, max_iter)
    rng = as_generator(seed) if opts["state_transitions"] == "Stochastic" else None
    st = _Setup(cap=cap, sal=sal, sal_sum=sal_sum, opts=opts, pos_tol=pos_tol)

    states, records, converged = _iterate(pos, st, rng, min_iter, max_iter, min_delta_ratio, min_sig_delta)
    risks, distinct, holders, pprobs, wins, chall, ratios = records
    for s in states:
        s.setflags(write=False)
    return SMPRun(
        states=tuple(states),
        distinct=tuple(distinct),
        holders=np.array(holders),
        position_probabilities=tuple(pprobs),
        win_probabilities=np.array(wins),
        risk_attitudes=np.array(risks),
        challenges=tuple(chall),
        change_ratios=np.array(ratios),
        converged=converged,
        parameters={**opts, **{k: given[k] for k in _NUMERIC_OPTIONS}},
    )


def _state_distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b, axis=1).sum())
