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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

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
    "shapley_shubik",
]

CITATIONS = ("shapley_shubik_1954", "banzhaf_1965", "penrose_1946")

MAX_DECIMALS = 6
"""Most decimal places accepted in weights and quota (the tables grow with 10**decimals)."""

MAX_TABLE_WIDTH = 50_000_000
"""Largest integer quota accepted: the tables hold one entry per weight below the quota."""


def _as_decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, bool):
        raise InputError(f"{what}: expected a number, got the boolean {value!r}")
    try:
        if isinstance(value, (float, np.floating)):
            if not math.isfinite(float(value)):
                raise InputError(f"{what}: expected a finite number, got {value!r}")
            # repr gives the shortest decimal that round-trips, e.g. 0.1 -> "0.1".
            dec = Decimal(repr(float(value)))
        else:
            dec = Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(f"{what}: expected a number, got {value!r}") from None
    if not dec.is_finite():
        raise InputError(f"{what}: expected a finite number, got {value!r}")
    return dec


def _decimals(dec: Decimal) -> int:
    exponent = dec.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


@dataclass(frozen=True, eq=False)
class WeightedVotingGame:
    """A weighted voting game :math:`[q; w_1, \\dots, w_n]`: a coalition wins iff its weight
    reaches the quota.

    Parameters
    ----------
    quota : int, float, str or Decimal
        The least total weight that wins; ``0 < quota <= sum(weights)``.
    weights : sequence of numbers
        Non-negative voting weights, one per player. Decimals are scaled to integers
        (see :attr:`scale`).
    names : sequence of str, optional
        Player names, unique; default ``P1 .. Pn``.

    Attributes
    ----------
    int_quota : int
        ``quota * scale``, the integer quota the algorithms use.
    int_weights : tuple of int
        ``weights * scale``.
    scale : int
        The power of ten the inputs were multiplied by to make them integers (1 when they
        already were). Indices do not depend on it.

    Raises
    ------
    InputError
        Negative, non-numeric or non-finite weights; a quota that is not positive or
        exceeds the total weight; more than six decimal places; duplicate names or a
        length mismatch; no players.

    Examples
    --------
    >>> g = WeightedVotingGame(12, [4, 4, 4, 2, 2, 1], ["FRA", "FRG", "ITA", "BEL", "NTH", "LUX"])
    >>> g.n, g.total_weight
    (6, 17)
    >>> WeightedVotingGame("2.5", [1.5, 1, 0.25]).scale
    100
    """

    quota: Any
    weights: tuple[Any, ...]
    names: tuple[str, ...] = ()
    int_quota: int = field(init=False)
    int_weights: tuple[int, ...] = field(init=False)
    scale: int = field(init=False)

    def __init__(self, quota: Any, weights: Sequence[Any], names: Sequence[str] | None = None) -> None:
        if isinstance(weights, (str, bytes)) or not hasattr(weights, "__len__"):
            raise InputError(
                f"weights: expected a sequence of numbers, got {type(weights).__name__}",
                hint="pass a list such as [4, 4, 4, 2, 2, 1]",
            )
        weights = tuple(np.asarray(weights, dtype=object).ravel().tolist())
        n = len(weights)
        if n == 0:
            raise InputError("weights: expected at least one player, got none")
        if names is None:
            names = tuple(f"P{i + 1}" for i in range(n))
        else:
            names = tuple(str(x) for x in names)
        if len(names) != n:
            raise InputError(f"names: expected {n} names (one per weight), got {len(names)}")
        if len(set(names)) != n:
            dup = sorted({x for x in names if names.count(x) > 1})
            raise InputError(f"names: expected unique player names, {dup} repeated")
        dec_w = []
        for name, w in zip(names, weights, strict=True):
            d = _as_decimal(w, f"weights[{name}]")
            if d < 0:
                raise InputError(
                    f"weights[{name}]: expected a non-negative weight, got {w}",
                    hint="a player without a vote has weight 0",
                )
            dec_w.append(d)
        dec_q = _as_decimal(quota, "quota")
        digits = max(_decimals(d) for d in [*dec_w, dec_q])
        if digits > MAX_DECIMALS:
            raise InputError(
                f"weights/quota: at most {MAX_DECIMALS} decimal places are supported, got {digits}",
                hint="round the weights (indices depend only on which coalitions win)",
            )
        scale = 10**digits
        int_w = tuple(int(d * scale) for d in dec_w)
        int_q = int(dec_q * scale)
        total = sum(int_w)
        if dec_q <= 0:
            raise InputError(
                f"quota: expected a positive quota, got {quota}",
                hint="with quota <= 0 every coalition, even the empty one, wins",
            )
        if int_q > total:
            raise InputError(
                f"quota: {quota} exceeds the total weight {total / scale:g}, so no coalition can win",
                hint="use a quota between 0 and the sum of the weights",
            )
        if int_q > MAX_TABLE_WIDTH:
            raise InputError(
                f"quota: the integer quota {int_q} (after scaling by {scale}) is above "
                f"{MAX_TABLE_WIDTH}; the exact tables would not fit in memory",
                hint="express weights in coarser units (e.g. thousands) or round them",
            )
        object.__setattr__(self, "quota", quota)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "int_quota", int_q)
        object.__setattr__(self, "int_weights", int_w)
        object.__setattr__(self, "scale", scale)

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.int_weights)

    @property
    def total_weight(self) -> float | int:
        """Sum of the weights, in the input units."""
        total = sum(self.int_weights)
        return total if self.scale == 1 else total / self.scale

    def is_winning(self, coalition: Sequence[str] | Sequence[int]) -> bool:
        """Whether ``coalition`` (names or 0-based indices) reaches the quota."""
        idx = [self.names.index(c) if isinstance(c, str) else int(c) for c in coalition]
        return sum(self.int_weights[i] for i in set(idx)) >= self.int_quota

    def _parameters(self) -> dict[str, Any]:
        return {
            "quota": str(self.quota),
            "weights": [str(w) for w in self.weights],
            "names": list(self.names),
            "scale": self.scale,
        }


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


def _criteria(game: Any) -> tuple[WeightedVotingGame, ...]:
    if isinstance(game, WeightedVotingGame):
        return (game,)
    if isinstance(game, MultiCriteriaGame):
        return game.criteria
    raise InputError(
        f"game: expected a WeightedVotingGame or MultiCriteriaGame, got {type(game).__name__}",
        hint="build one with WeightedVotingGame(quota, weights, names)",
    )


def _check_method(method: str, n_samples: int) -> None:
    if method not in ("exact", "monte_carlo"):
        raise InputError(f"method: expected 'exact' or 'monte_carlo', got {method!r}")
    if method == "monte_carlo" and int(n_samples) < 1:
        raise InputError(f"n_samples: expected a positive number of samples, got {n_samples}")


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

MAX_ENUMERATION_N = 22
"""Most players for exact indices of a :class:`MultiCriteriaGame` (2**n coalitions)."""


@dataclass(frozen=True, eq=False)
class MultiCriteriaGame:
    """A game won by coalitions that meet *every* criterion: an intersection of weighted
    voting games on the same players.

    Typical rules: a majority of members that also holds a majority of military spending
    (``[n//2+1; 1, ..., 1]`` and ``[S/2; spend_1, ...]``), or the EU's double majority.

    Parameters
    ----------
    criteria : sequence of WeightedVotingGame
        The weighted games; the same players (names) in the same order.
    name : str, optional

    Raises
    ------
    InputError
        No criteria, or criteria whose player names differ.

    Examples
    --------
    >>> members = WeightedVotingGame(2, [1, 1, 1], ["USA", "JPN", "AUS"])
    >>> spending = WeightedVotingGame(50, [70, 20, 10], ["USA", "JPN", "AUS"])
    >>> game = MultiCriteriaGame([members, spending])
    >>> game.is_winning(["JPN", "AUS"]), game.is_winning(["USA", "AUS"])
    (False, True)
    >>> [str(x) for x in shapley_shubik(game).exact]
    ['2/3', '1/6', '1/6']
    """

    criteria: tuple[WeightedVotingGame, ...]
    name: str = "multi-criteria game"

    def __init__(self, criteria: Sequence[WeightedVotingGame], name: str = "multi-criteria game") -> None:
        criteria = tuple(criteria)
        if not criteria:
            raise InputError("criteria: expected at least one WeightedVotingGame")
        for k, g in enumerate(criteria):
            if not isinstance(g, WeightedVotingGame):
                raise InputError(f"criteria[{k}]: expected a WeightedVotingGame, got {type(g).__name__}")
            if g.names != criteria[0].names:
                raise InputError(
                    f"criteria[{k}]: its players {list(g.names)} differ from criteria[0]'s "
                    f"{list(criteria[0].names)}",
                    hint="give every criterion the same names in the same order",
                )
        object.__setattr__(self, "criteria", criteria)
        object.__setattr__(self, "name", str(name))

    @property
    def names(self) -> tuple[str, ...]:
        """Player names."""
        return self.criteria[0].names

    @property
    def n(self) -> int:
        """Number of players."""
        return self.criteria[0].n

    def is_winning(self, coalition: Sequence[str] | Sequence[int]) -> bool:
        """Whether ``coalition`` (names or 0-based indices) meets every criterion."""
        return all(g.is_winning(coalition) for g in self.criteria)

    def _parameters(self) -> dict[str, Any]:
        return {"name": self.name, "criteria": [g._parameters() for g in self.criteria]}


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


def _mc_shapley_shubik(
    criteria: tuple[WeightedVotingGame, ...], n_samples: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    W, q = _weights_matrix(criteria)
    n = W.shape[1]
    pivots = np.zeros(n, dtype=np.int64)
    chunk = max(1, 2_000_000 // max(n * W.shape[0], 1))
    done = 0
    while done < n_samples:
        m = min(chunk, n_samples - done)
        order = rng.permuted(np.tile(np.arange(n), (m, 1)), axis=1)
        met = np.ones((m, n), dtype=bool)
        for c in range(W.shape[0]):
            met &= np.cumsum(W[c][order], axis=1) >= q[c]
        first = met.argmax(axis=1)  # the grand coalition always wins, so one exists
        pivots += np.bincount(order[np.arange(m), first], minlength=n)
        done += m
    p = pivots / n_samples
    return p, np.sqrt(p * (1 - p) / n_samples)


def _mc_banzhaf(
    criteria: tuple[WeightedVotingGame, ...], n_samples: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    W, q = _weights_matrix(criteria)
    n = W.shape[1]
    swings = np.zeros(n, dtype=np.int64)
    chunk = max(1, 2_000_000 // max(n * W.shape[0], 1))
    done = 0
    while done < n_samples:
        m = min(chunk, n_samples - done)
        x = rng.integers(0, 2, size=(m, n), dtype=np.int8).astype(bool)
        win_with = np.ones((m, n), dtype=bool)
        win_without = np.ones((m, n), dtype=bool)
        for c in range(W.shape[0]):
            total = x @ W[c]  # (m,)
            without = total[:, None] - x * W[c][None, :]  # the others' weight
            win_with &= without + W[c][None, :] >= q[c]
            win_without &= without >= q[c]
        swings += (win_with & ~win_without).sum(axis=0)
        done += m
    p = swings / n_samples  # absolute Banzhaf: P(i swings | others vote at random)
    return p, np.sqrt(p * (1 - p) / n_samples)


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
    seed : int, Generator, SeedSequence or None
        Monte Carlo only; recorded in the provenance.

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
    criteria = _criteria(game)
    _check_method(method, n_samples)
    index = "banzhaf_normalised" if normalised else "banzhaf_absolute"
    citations = ("banzhaf_1965", "penrose_1946", "matsui_matsui_2000")
    if method == "monte_carlo":
        seq = as_seed_sequence(seed)
        p, se = _mc_banzhaf(criteria, int(n_samples), as_generator(seq))
        if normalised:
            total = p.sum()
            if total == 0:
                raise InputError("game: no swing was sampled; raise n_samples")
            p, se = p / total, se / total
        return PowerIndexResult(
            index=index,
            names=criteria[0].names,
            exact=(),
            values=p,
            swings=None,
            provenance=_provenance(
                game,
                f"power/{index}/monte_carlo",
                citations,
                seed_entropy(seq),
                {"n_samples": int(n_samples)},
            ),
            method="monte_carlo",
            standard_error=se,
            n_samples=int(n_samples),
            **_result_fields(game),
        )
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
    return PowerIndexResult(
        index=index,
        names=criteria[0].names,
        exact=exact,
        values=np.array([float(x) for x in exact]),
        swings=tuple(swings),
        provenance=_provenance(game, f"power/{index}", citations),
        **_result_fields(game),
    )


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
    seed : int, Generator, SeedSequence or None
        Monte Carlo only; recorded in the provenance.

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
    criteria = _criteria(game)
    _check_method(method, n_samples)
    citations = ("shapley_shubik_1954", "matsui_matsui_2000")
    if method == "monte_carlo":
        seq = as_seed_sequence(seed)
        p, se = _mc_shapley_shubik(criteria, int(n_samples), as_generator(seq))
        return PowerIndexResult(
            index="shapley_shubik",
            names=criteria[0].names,
            exact=(),
            values=p,
            swings=None,
            provenance=_provenance(
                game,
                "power/shapley_shubik/monte_carlo",
                citations,
                seed_entropy(seq),
                {"n_samples": int(n_samples)},
            ),
            method="monte_carlo",
            standard_error=se,
            n_samples=int(n_samples),
            **_result_fields(game),
        )
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
    return PowerIndexResult(
        index="shapley_shubik",
        names=criteria[0].names,
        exact=tuple(exact),
        values=np.array([float(x) for x in exact]),
        swings=None,
        provenance=_provenance(game, "power/shapley_shubik", citations),
        **_result_fields(game),
    )


def _shapley_shubik_weighted(game: WeightedVotingGame) -> list[Fraction]:
    weights, quota, n = game.int_weights, game.int_quota, game.n
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


def decision_game(treaty: Any, names: Mapping[int, str] | None = None) -> WeightedVotingGame | None:
    """The weighted voting game of a treaty's collective decision rule.

    ``consensus`` is unanimity, :math:`[n; 1, \\dots, 1]` (every member a veto player);
    ``qualified_majority`` uses the rule's weights and quota; ``each_member`` (each
    decides for itself, as in bilateral treaties) is no collective game: ``None``.
    """
    names = dict(names or {})
    members = list(treaty.member_codes())
    labels = [names.get(c, str(c)) for c in members]
    rule = treaty.decision_rule
    if rule.kind == "consensus":
        return WeightedVotingGame(len(members), [1] * len(members), labels)
    if rule.kind == "qualified_majority":
        weights = [rule.weights.get(c, 0) for c in members]
        return WeightedVotingGame(rule.quota, weights, labels)
    return None
