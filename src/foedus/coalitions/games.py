r"""Weighted voting games: the decision rules whose voting power :mod:`foedus.coalitions.power` measures.

:class:`WeightedVotingGame` is :math:`[q; w_1, \dots, w_n]` (a coalition wins iff its weight
reaches the quota); :class:`MultiCriteriaGame` requires several weighted criteria at once;
:func:`decision_game` reads a treaty's collective decision rule as a game.

Examples
--------
>>> g = WeightedVotingGame(12, [4, 4, 4, 2, 2, 1], ["FRA", "GER", "ITA", "BEL", "NTH", "LUX"])
>>> g.is_winning(["FRA", "GER", "ITA"]), g.is_winning(["FRA", "GER", "LUX"])
(True, False)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from foedus.errors import InputError

__all__ = ["MAX_ENUMERATION_N", "MultiCriteriaGame", "WeightedVotingGame", "criteria_of", "decision_game"]

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
    >>> from foedus.coalitions.power import shapley_shubik
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


def criteria_of(game: Any) -> tuple[WeightedVotingGame, ...]:
    if isinstance(game, WeightedVotingGame):
        return (game,)
    if isinstance(game, MultiCriteriaGame):
        return game.criteria
    raise InputError(
        f"game: expected a WeightedVotingGame or MultiCriteriaGame, got {type(game).__name__}",
        hint="build one with WeightedVotingGame(quota, weights, names)",
    )


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
