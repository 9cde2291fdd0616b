r"""Voting power in weighted voting games: exact Shapley–Shubik and Banzhaf indices.

A weighted voting game :math:`[q; w_1, \dots, w_n]` lets a coalition :math:`S` win iff
:math:`w(S) = \sum_{i \in S} w_i \ge q`. Player :math:`i` *swings* for a coalition
:math:`S \not\ni i` iff :math:`w(S) < q \le w(S) + w_i`.

- **Banzhaf (Penrose–Banzhaf) absolute index** :math:`\beta'_i = \eta_i / 2^{n-1}`, with
  :math:`\eta_i` the number of swings of :math:`i` (Penrose 1946; Banzhaf 1965).
- **Banzhaf normalised index** :math:`\beta_i = \eta_i / \sum_j \eta_j`.
- **Shapley–Shubik index** (Shapley & Shubik 1954)
  :math:`\phi_i = \sum_{S \text{ swing for } i} |S|!\,(n - |S| - 1)!/n!`; it sums to one.

Algorithm (generating functions; Matsui & Matsui 2000, Felsenthal & Machover 1998)
-------------------------------------------------------------------------------
Count all coalitions by weight, :math:`A[w]`, and by size and weight, :math:`B[k][w]`, by
the 0/1-knapsack recurrence :math:`A[w] \mathrel{+}= A[w - w_j]`, keeping only
:math:`w < q` (no entry below the quota ever uses a larger one). Removing player
:math:`i` is the inverse recurrence :math:`A_i[w] = A[w] - A_i[w - w_i]`, whose solution is
the alternating sum :math:`A_i[w] = \sum_{t \ge 0} (-1)^t A[w - t w_i]`. The swings of
:math:`i` are the coalitions of the others with weight in :math:`[q - w_i, q - 1]`, so with
prefix sums :math:`C` of :math:`A` along the weight axis

.. math:: \eta_i = \sum_{t \ge 0} (-1)^t \bigl(C[q - t w_i] - C[q - (t+1) w_i]\bigr)

(indices clamped at zero), and likewise row by row of :math:`B` for Shapley–Shubik with
:math:`B_i[k][w] = \sum_t (-1)^t B[k-t][w - t w_i]`. Building the tables costs
:math:`O(nq)` (Banzhaf) and :math:`O(n^2 q)` (Shapley–Shubik) additions; each player then
costs :math:`O(q / w_i)` and :math:`O(n \min(n, q / w_i))`. Counts are Python integers
(they pass :math:`2^{63}` for :math:`n > 63`), so the indices are exact fractions, given as
:class:`fractions.Fraction` and as floats.

Multi-criteria rules (a coalition must meet several weighted criteria at once, e.g. a
majority of members that also holds a majority of military spending) are
:class:`MultiCriteriaGame`; their exact indices enumerate all :math:`2^n` coalitions
(:math:`n \le` ``MAX_ENUMERATION_N``). For larger games both indices have a seeded Monte
Carlo estimate (``method="monte_carlo"``): random orderings for Shapley–Shubik, random
coalitions for Banzhaf, with binomial standard errors.

Weights and quota must be integers for the tables; decimal inputs (``0.5``, ``"12.25"``)
are multiplied by the smallest power of ten that makes them all integers, which leaves
every index unchanged. The factor is recorded as :attr:`WeightedVotingGame.scale`.

References
----------
Shapley & Shubik (1954); Banzhaf (1965); Penrose (1946); Felsenthal & Machover (1998);
Matsui & Matsui (2000). Keys ``shapley_shubik_1954``, ``banzhaf_1965``, ``penrose_1946``,
``felsenthal_machover_1998``, ``matsui_matsui_2000`` in ``references.bib``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from foedus import limits
from foedus.coalitions.games import (
    MAX_ENUMERATION_N,
    MultiCriteriaGame,
    WeightedVotingGame,
    criteria_of,
    decision_game,
)
from foedus.errors import InputError
from foedus.provenance import Provenance
from foedus.seeds import SeedLike, as_generator, as_seed_sequence, seed_entropy

__all__ = [
    "CITATIONS",
    "MAX_ENUMERATION_N",
    "MultiCriteriaGame",
    "PowerIndexResult",
    "WeightedVotingGame",
    "banzhaf",
    "decision_game",
    "power_index",
    "shapley_shubik",
]

CITATIONS = ("shapley_shubik_1954", "banzhaf_1965", "penrose_1946")


@dataclass(frozen=True, eq=False)
class PowerIndexResult:
    """A power index for every player of a voting game.

    Attributes
    ----------
    index : str
        ``"shapley_shubik"``, ``"banzhaf_normalised"`` or ``"banzhaf_absolute"``.
    names : tuple of str
    weights : tuple
        The weights as given.
    quota
        The quota as given.
    exact : tuple of fractions.Fraction
        The exact index of each player (empty for Monte Carlo estimates).
    values : numpy.ndarray of float
        The index as floats (the estimate, for Monte Carlo).
    swings : tuple of int or None
        Banzhaf: the number of swings :math:`\\eta_i` of each player (coalitions of the
        others that the player turns from losing to winning). ``None`` for Shapley–Shubik.
    scale : int
        The power of ten the weights and quota were multiplied by (1 if integers).
    provenance : Provenance
    method : {"exact", "monte_carlo"}
    standard_error : numpy.ndarray or None
        Monte Carlo standard errors (``None`` when exact).
    n_samples : int
        Monte Carlo samples (0 when exact).

    For a :class:`MultiCriteriaGame`, ``weights`` holds one tuple of weights per
    criterion and ``quota`` one quota per criterion.
    """

    index: str
    names: tuple[str, ...]
    weights: tuple[Any, ...]
    quota: Any
    exact: tuple[Fraction, ...]
    values: np.ndarray
    swings: tuple[int, ...] | None
    scale: int
    provenance: Provenance
    method: str = "exact"
    standard_error: np.ndarray | None = None
    n_samples: int = 0

    def __getitem__(self, name: str) -> float:
        """The index of the player called ``name``."""
        return float(self.values[self.names.index(name)])

    def to_frame(self) -> pd.DataFrame:
        """Tidy table, one row per player: ``player, weight, index, value, standard_error,
        swings, method``.

        ``swings`` is ``<NA>`` for Shapley–Shubik and Monte Carlo; ``standard_error`` is
        NaN when exact. A multi-criteria game has one ``weight_<k>`` column per criterion
        (``k`` = 1, 2, ...) instead of ``weight``.
        """
        n = len(self.names)
        swings = (
            pd.array(list(self.swings), dtype="object")
            if self.swings is not None
            else pd.array([pd.NA] * n, dtype="object")
        )
        columns: dict[str, Any] = {"player": list(self.names)}
        if isinstance(self.quota, tuple):
            for k, weights in enumerate(self.weights, start=1):
                columns[f"weight_{k}"] = [float(w) for w in weights]
        else:
            columns["weight"] = [float(w) for w in self.weights]
        se = self.standard_error if self.standard_error is not None else np.full(n, np.nan)
        columns |= {
            "index": self.index,
            "value": self.values.astype(float),
            "standard_error": se,
            "swings": swings,
            "method": self.method,
        }
        return pd.DataFrame(columns)


def _coalitions_by_weight(weights: Sequence[int], quota: int) -> np.ndarray:
    """``A[w]`` = number of coalitions of weight ``w`` (``0 <= w < quota``), Python ints."""
    table = np.zeros(quota, dtype=object)
    table[:] = 0
    table[0] = 1
    for w in weights:
        if w == 0:
            table *= 2
        elif w < quota:
            # numpy copies an overlapping right-hand side, so every coalition adds w once.
            table[w:] += table[: quota - w]
    return table


def _coalitions_by_size_and_weight(weights: Sequence[int], quota: int) -> np.ndarray:
    """``B[k, w]`` = number of coalitions of ``k`` players and weight ``w < quota``."""
    n = len(weights)
    table = np.zeros((n + 1, quota), dtype=object)
    table[:] = 0
    table[0, 0] = 1
    for j, w in enumerate(weights):
        top = j + 1  # at most j+1 players among the first j+1
        if w == 0:
            table[1 : top + 1] += table[0:top]
        elif w < quota:
            table[1 : top + 1, w:] += table[0:top, : quota - w]
    return table


def _prefix(table: np.ndarray) -> np.ndarray:
    """Prefix sums along the last axis with a leading zero: ``C[..., w] = sum_{v<w}``."""
    shape = (*table.shape[:-1], table.shape[-1] + 1)
    out = np.zeros(shape, dtype=object)
    out[:] = 0
    out[..., 1:] = np.cumsum(table, axis=-1)
    return out


def _window_terms(w_i: int, quota: int) -> list[tuple[int, int]]:
    """``(lo, hi)`` of the t-th alternating term: weights ``[q-(t+1)w_i, q-t*w_i)`` clamped."""
    terms = []
    t = 0
    while quota - t * w_i > 0:
        terms.append((max(0, quota - (t + 1) * w_i), quota - t * w_i))
        t += 1
    return terms


def _banzhaf_swings(game: WeightedVotingGame) -> list[int]:
    weights, quota = game.int_weights, game.int_quota
    limits.POWER_CELLS.check(quota + 1, "the integer quota (table cells)")
    prefix = _prefix(_coalitions_by_weight(weights, quota))
    cache: dict[int, int] = {}
    swings = []
    for w_i in weights:
        if w_i == 0:
            swings.append(0)
            continue
        if w_i not in cache:
            eta = 0
            for t, (lo, hi) in enumerate(_window_terms(w_i, quota)):
                term = int(prefix[hi]) - int(prefix[lo])
                eta += -term if t % 2 else term
            cache[w_i] = eta
        swings.append(cache[w_i])
    return swings


def _check_method(method: str, n_samples: int) -> None:
    if method not in ("exact", "monte_carlo"):
        raise InputError(f"method: expected 'exact' or 'monte_carlo', got {method!r}")
    if method == "monte_carlo":
        limits.SAMPLES.check(n_samples, "n_samples")


def _provenance(
    game: WeightedVotingGame | MultiCriteriaGame,
    model: str,
    citations: tuple[str, ...],
    seed: int | None = None,
    extra: dict[str, Any] | None = None,
) -> Provenance:
    return Provenance(
        models=(model,),
        citations=citations,
        parameters={**game._parameters(), **(extra or {})},
        seed=seed,
    )


def _sampled(
    game: WeightedVotingGame | MultiCriteriaGame, index: str, values: np.ndarray, se: np.ndarray,
    citations: tuple[str, ...], seq: Any, n_samples: int,
) -> PowerIndexResult:  # fmt: skip
    """A Monte Carlo estimate of ``index``, with its standard errors and seed."""
    return PowerIndexResult(
        index=index,
        names=criteria_of(game)[0].names,
        exact=(),
        values=values,
        swings=None,
        provenance=_provenance(
            game, f"power/{index}/monte_carlo", citations, seed_entropy(seq), {"n_samples": n_samples}
        ),
        method="monte_carlo",
        standard_error=se,
        n_samples=n_samples,
        **_result_fields(game),
    )


def _exact(
    game: WeightedVotingGame | MultiCriteriaGame, index: str, exact: tuple[Fraction, ...],
    swings: tuple[int, ...] | None, citations: tuple[str, ...],
) -> PowerIndexResult:  # fmt: skip
    """An exact index, as fractions and as floats."""
    return PowerIndexResult(
        index=index,
        names=criteria_of(game)[0].names,
        exact=exact,
        values=np.array([float(x) for x in exact]),
        swings=swings,
        provenance=_provenance(game, f"power/{index}", citations),
        **_result_fields(game),
    )


def _result_fields(game: WeightedVotingGame | MultiCriteriaGame) -> dict[str, Any]:
    if isinstance(game, WeightedVotingGame):
        return {"weights": game.weights, "quota": game.quota, "scale": game.scale}
    return {
        "weights": tuple(g.weights for g in game.criteria),
        "quota": tuple(g.quota for g in game.criteria),
        "scale": max(g.scale for g in game.criteria),
    }


# --------------------------------------------------------------------------------------
# multi-criteria games: exact by enumeration of coalitions
# --------------------------------------------------------------------------------------


def _winning_table(game: MultiCriteriaGame) -> np.ndarray:
    """``win[mask]`` for all 2**n coalitions (bit i = player i)."""
    n = game.n
    win = np.ones(1 << n, dtype=bool)
    for g in game.criteria:
        if sum(g.int_weights) >= 2**62:
            raise InputError("weights: too large for exact enumeration; use smaller units")
        sums = np.zeros(1, dtype=np.int64)
        for w in g.int_weights:
            sums = np.concatenate([sums, sums + w])
        win &= sums >= g.int_quota
    return win


def _enumerated_swings(game: MultiCriteriaGame) -> np.ndarray:
    """``counts[i, k]``: coalitions of k other players for which player i swings."""
    n = game.n
    if n > MAX_ENUMERATION_N:
        raise InputError(
            f"game: exact indices of a multi-criteria game enumerate 2**{n} coalitions; the "
            f"limit is n = {MAX_ENUMERATION_N}",
            hint="use method='monte_carlo' with a seed",
        )
    win = _winning_table(game)
    size = np.zeros(1, dtype=np.int64)
    for _ in range(n):
        size = np.concatenate([size, size + 1])
    counts = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        # masks split by bit i: [..., 0, ...] without i, [..., 1, ...] with i
        w = win.reshape(1 << (n - 1 - i), 2, 1 << i)
        sz = size.reshape(1 << (n - 1 - i), 2, 1 << i)[:, 0, :]
        swing = w[:, 1, :] & ~w[:, 0, :]
        counts[i] = np.bincount(sz[swing], minlength=n)[:n]
    return counts


# --------------------------------------------------------------------------------------
# Monte Carlo estimates (any game size)
# --------------------------------------------------------------------------------------


def _weights_matrix(criteria: tuple[WeightedVotingGame, ...]) -> tuple[np.ndarray, np.ndarray]:
    W = np.array([g.int_weights for g in criteria], dtype=float)  # (c, n)
    q = np.array([g.int_quota for g in criteria], dtype=float)
    return W, q


def _batches(n_samples: int, width: int) -> Iterator[int]:
    """Sizes of consecutive batches of samples, about two million cells of ``width`` each."""
    chunk = max(1, 2_000_000 // max(width, 1))
    for done in range(0, n_samples, chunk):
        yield min(chunk, n_samples - done)


def _monte_carlo(
    criteria: tuple[WeightedVotingGame, ...], n_samples: int, rng: np.random.Generator, counts: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Share of ``n_samples`` samples in which each player counts, with binomial standard errors;
    ``counts(W, q, m, rng)`` draws ``m`` samples and returns each player's count."""
    W, q = _weights_matrix(criteria)
    total = np.zeros(W.shape[1], dtype=np.int64)
    for m in _batches(n_samples, W.size):
        total += counts(W, q, m, rng)
    p = total / n_samples
    return p, np.sqrt(p * (1 - p) / n_samples)


def _pivots(W: np.ndarray, q: np.ndarray, m: int, rng: np.random.Generator) -> np.ndarray:
    """Shapley-Shubik: in ``m`` random orderings, who brings the coalition to every quota."""
    n = W.shape[1]
    order = rng.permuted(np.tile(np.arange(n), (m, 1)), axis=1)
    met = np.ones((m, n), dtype=bool)
    for c in range(W.shape[0]):
        met &= np.cumsum(W[c][order], axis=1) >= q[c]
    first = met.argmax(axis=1)  # the grand coalition always wins, so one exists
    return np.bincount(order[np.arange(m), first], minlength=n)


def _swings(W: np.ndarray, q: np.ndarray, m: int, rng: np.random.Generator) -> np.ndarray:
    """Banzhaf (absolute): in ``m`` coalitions of the others voting at random, who swings."""
    n = W.shape[1]
    x = rng.integers(0, 2, size=(m, n), dtype=np.int8).astype(bool)
    win_with = np.ones((m, n), dtype=bool)
    win_without = np.ones((m, n), dtype=bool)
    for c in range(W.shape[0]):
        without = (x @ W[c])[:, None] - x * W[c][None, :]  # the others' weight
        win_with &= without + W[c][None, :] >= q[c]
        win_without &= without >= q[c]
    return (win_with & ~win_without).sum(axis=0)


# --------------------------------------------------------------------------------------
# the indices
# --------------------------------------------------------------------------------------


def banzhaf(
    game: WeightedVotingGame | MultiCriteriaGame,
    normalised: bool = True,
    *,
    method: str = "exact",
    n_samples: int = 100_000,
    seed: SeedLike = None,
) -> PowerIndexResult:
    r"""Banzhaf index of every player (Penrose 1946; Banzhaf 1965).

    Parameters
    ----------
    game : WeightedVotingGame or MultiCriteriaGame
    normalised : bool, default True
        ``True``: :math:`\beta_i = \eta_i / \sum_j \eta_j` (sums to one). ``False``: the
        absolute (Penrose–Banzhaf) index :math:`\beta'_i = \eta_i / 2^{n-1}`, the
        probability that :math:`i` is decisive when the others vote at random.
    method : {"exact", "monte_carlo"}
        ``"exact"``: generating functions for a weighted game (any n), enumeration of
        the :math:`2^n` coalitions for a multi-criteria game (:math:`n \le`
        ``MAX_ENUMERATION_N``). ``"monte_carlo"``: ``n_samples`` uniformly random
        coalitions (seeded); each gives every player an unbiased swing indicator.
    n_samples : int
        Random coalitions to draw (Monte Carlo only; at most ``FOEDUS_MAX_SAMPLES``).
    seed : int, Generator, SeedSequence or None
        The coalitions' seed (Monte Carlo only); recorded in the provenance.

    Returns
    -------
    PowerIndexResult
        Exact: with the swing counts :math:`\eta_i` as Python integers. Monte Carlo: the
        estimate with binomial standard errors (for the normalised index, the absolute
        standard errors divided by the sum of the absolute estimates, a first-order
        approximation).

    Notes
    -----
    Generating-function algorithm in :math:`O(nq)` (module docstring). Players of
    weight zero never swing.

    Examples
    --------
    >>> g = WeightedVotingGame(6, [3, 2, 2, 1, 1])
    >>> r = banzhaf(g)
    >>> r.swings
    (9, 5, 5, 3, 3)
    >>> [str(x) for x in r.exact]
    ['9/25', '1/5', '1/5', '3/25', '3/25']
    >>> float(banzhaf(g, normalised=False).exact[0])
    0.5625
    """
    criteria = criteria_of(game)
    _check_method(method, n_samples)
    index = "banzhaf_normalised" if normalised else "banzhaf_absolute"
    citations = ("banzhaf_1965", "penrose_1946", "matsui_matsui_2000")
    if method == "monte_carlo":
        seq = as_seed_sequence(seed)
        p, se = _monte_carlo(criteria, int(n_samples), as_generator(seq), _swings)
        if normalised:
            total = p.sum()
            if total == 0:
                raise InputError("game: no swing was sampled; raise n_samples")
            p, se = p / total, se / total
        return _sampled(game, index, p, se, citations, seq, int(n_samples))
    if isinstance(game, WeightedVotingGame):
        swings = _banzhaf_swings(game)
    else:
        swings = [int(x) for x in _enumerated_swings(game).sum(axis=1)]
    if normalised:
        total = sum(swings)
        if total == 0:  # pragma: no cover - impossible when 0 < quota <= total weight
            raise InputError("game: no player ever swings, the normalised index is 0/0")
        exact = tuple(Fraction(s, total) for s in swings)
    else:
        exact = tuple(Fraction(s, 2 ** (len(swings) - 1)) for s in swings)
    return _exact(game, index, exact, tuple(swings), citations)


def shapley_shubik(
    game: WeightedVotingGame | MultiCriteriaGame,
    *,
    method: str = "exact",
    n_samples: int = 100_000,
    seed: SeedLike = None,
) -> PowerIndexResult:
    r"""Shapley–Shubik index of every player (Shapley & Shubik 1954).

    :math:`\phi_i` is the share of the :math:`n!` orderings of the players in which
    :math:`i` is pivotal (brings the coalition formed so far to the quota):

    .. math:: \phi_i = \sum_{k=0}^{n-1} \frac{k!\,(n-k-1)!}{n!}
              \#\{S \not\ni i : |S| = k,\ q - w_i \le w(S) < q\}.

    Parameters
    ----------
    game : WeightedVotingGame or MultiCriteriaGame
    method : {"exact", "monte_carlo"}
        ``"exact"``: generating functions (weighted game) or enumeration (multi-criteria,
        :math:`n \le` ``MAX_ENUMERATION_N``). ``"monte_carlo"``: ``n_samples`` random
        orderings (seeded), counting who is pivotal.
    n_samples : int
        Random orderings of the players to draw (Monte Carlo only; at most
        ``FOEDUS_MAX_SAMPLES``).
    seed : int, Generator, SeedSequence or None
        The orderings' seed (Monte Carlo only); recorded in the provenance.

    Returns
    -------
    PowerIndexResult
        Exact fractions summing to one, or estimates with binomial standard errors.

    Notes
    -----
    Generating-function algorithm in :math:`O(n^2 q)` (module docstring), exact with
    Python integers; a 193-player game with an integer quota in the thousands takes
    seconds.

    Examples
    --------
    >>> g = WeightedVotingGame(12, [4, 4, 4, 2, 2, 1])
    >>> [str(x) for x in shapley_shubik(g).exact]
    ['7/30', '7/30', '7/30', '3/20', '3/20', '0']
    """
    criteria = criteria_of(game)
    _check_method(method, n_samples)
    citations = ("shapley_shubik_1954", "matsui_matsui_2000")
    if method == "monte_carlo":
        seq = as_seed_sequence(seed)
        p, se = _monte_carlo(criteria, int(n_samples), as_generator(seq), _pivots)
        return _sampled(game, "shapley_shubik", p, se, citations, seq, int(n_samples))
    if isinstance(game, WeightedVotingGame):
        exact = _shapley_shubik_weighted(game)
    else:
        n = game.n
        counts = _enumerated_swings(game)
        factor = [math.factorial(k) * math.factorial(n - k - 1) for k in range(n)]
        n_fact = math.factorial(n)
        exact = [
            Fraction(sum(int(c) * f for c, f in zip(row, factor, strict=True)), n_fact) for row in counts
        ]
    return _exact(game, "shapley_shubik", tuple(exact), None, citations)


def _shapley_shubik_weighted(game: WeightedVotingGame) -> list[Fraction]:
    weights, quota, n = game.int_weights, game.int_quota, game.n
    limits.POWER_CELLS.check((n + 1) * (quota + 1), "players x integer quota (table cells)")
    prefix = _prefix(_coalitions_by_size_and_weight(weights, quota))  # (n+1, q+1)
    # k!(n-k-1)! for k = 0..n-1; the sum over k is divided by n! at the end.
    factor = np.array([math.factorial(k) * math.factorial(n - k - 1) for k in range(n)], dtype=object)
    n_fact = math.factorial(n)
    cache: dict[int, Fraction] = {}
    exact = []
    for w_i in weights:
        if w_i == 0:
            exact.append(Fraction(0))
            continue
        if w_i not in cache:
            # swing counts by size k of the others' coalition, k = 0..n-1
            counts = np.zeros(n, dtype=object)
            counts[:] = 0
            for t, (lo, hi) in enumerate(_window_terms(w_i, quota)):
                if t >= n:
                    break
                # row k - t of the full table contributes to size k (k >= t)
                term = prefix[0 : n - t, hi] - prefix[0 : n - t, lo]
                if t % 2:
                    counts[t:] -= term
                else:
                    counts[t:] += term
            cache[w_i] = Fraction(int(np.dot(counts, factor)), n_fact)
        exact.append(cache[w_i])
    return exact


def power_index(
    game: WeightedVotingGame | MultiCriteriaGame, index: str = "shapley_shubik", **options: Any
) -> PowerIndexResult:
    """One power index of every player: ``shapley_shubik`` (default), ``banzhaf`` (normalised)
    or ``banzhaf_absolute``; ``options`` are :func:`shapley_shubik`'s or :func:`banzhaf`'s.

    Examples
    --------
    >>> g = WeightedVotingGame(6, [3, 2, 2, 1, 1])
    >>> [round(float(v), 4) for v in power_index(g, "banzhaf").values]
    [0.36, 0.2, 0.2, 0.12, 0.12]
    """
    if index == "shapley_shubik":
        return shapley_shubik(game, **options)
    if index in ("banzhaf", "banzhaf_absolute"):
        return banzhaf(game, normalised=index == "banzhaf", **options)
    raise InputError(f"unknown power index {index!r}", hint="use shapley_shubik, banzhaf or banzhaf_absolute")
