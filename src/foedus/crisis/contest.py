r"""Who prevails: capability over distance and the contest between the two sides.

:class:`OutcomeModel` is the seam: a model says how much strength each state delivers at the
place in each draw (:meth:`~OutcomeModel.strength`) and how likely the defenders are to prevail
given the strength each side brings (:meth:`~OutcomeModel.prevail`). The simulation sums the
strength of the states that came (or, for the aggressor's anticipation, their expected
strength), so any model whose sides add up plugs in. :class:`TullockContest` is the model of
the first version, with assumed coefficients.

**Loss-of-strength gradient** (Boulding 1962) in the form Bueno de Mesquita (1981) used and
EUGene implements (Bennett & Stam 2000): a state's capability share :math:`C \in (0, 1)`
delivered at a place :math:`\text{miles}` away from its capital is

.. math:: C' = C^{\log_{10}(\text{miles} / \text{miles\_per\_day} + (10 - e))}

The exponent is :math:`\log_{10}(10 - e) \approx 0.862` at distance 0 (a slight boost), 1 at
``miles / miles_per_day = e`` and grows with distance (``miles_per_day`` = 250 by default).

**Contest success** (Tullock 1980): side :math:`D` prevails over side :math:`A` with

.. math:: P_D = \frac{D^m}{D^m + A^m}, \qquad D = \sum_{k \in D} C'_k

(``m = 1`` the ratio form; :math:`m \to \infty` winner-take-all).

References: Boulding (1962) ``boulding_1962``; Bueno de Mesquita (1981) ``bdm_1981``; Bennett &
Stam (2000) ``bennett_stam_2000``; Tullock (1980) ``tullock_1980``.

Examples
--------
>>> round(float(gradient_exponent(0.0)), 3)
0.862
>>> round(float(contest_success(0.3, 0.1)), 12)
0.75
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple, Protocol

import numpy as np

from foedus.crisis.draws import Draws
from foedus.crisis.problem import CrisisModel, CrisisProblem
from foedus.data.geography import KM_PER_MILE

__all__ = [
    "OUTCOME_MODELS",
    "OutcomeModel",
    "Strength",
    "TullockContest",
    "contest_success",
    "discounted_capability",
    "gradient_exponent",
    "km_to_miles",
]


_TEN_MINUS_E = 10.0 - math.e


def km_to_miles(km: Any) -> np.ndarray:
    """Statute miles from kilometres."""
    return np.asarray(km, dtype=float) / KM_PER_MILE


def gradient_exponent(miles: Any, miles_per_day: Any = 250.0) -> np.ndarray:
    """``log10(miles / miles_per_day + 10 - e)``: the BdM (1981) loss-of-strength exponent."""
    return np.log10(np.asarray(miles, dtype=float) / np.asarray(miles_per_day, dtype=float) + _TEN_MINUS_E)


def discounted_capability(capability: Any, miles: Any, miles_per_day: Any = 250.0) -> np.ndarray:
    """Capability share delivered ``miles`` from the capital: ``C ** gradient_exponent``.

    ``capability`` must be a share in [0, 1] (CINC, or military expenditure divided by a
    total); arrays broadcast.

    Examples
    --------
    >>> round(float(discounted_capability(0.1, 250 * math.e)), 6)
    0.1
    """
    c = np.asarray(capability, dtype=float)
    return np.power(c, gradient_exponent(miles, miles_per_day))


def contest_success(d: Any, a: Any, m: Any = 1.0) -> np.ndarray:
    """Tullock contest: probability that the side with strength ``d`` prevails over ``a``.

    ``d ** m / (d ** m + a ** m)``; two empty sides tie at 1/2.
    """
    d = np.asarray(d, dtype=float)
    a = np.asarray(a, dtype=float)
    m = np.asarray(m, dtype=float)
    dm = np.power(d, m)
    am = np.power(a, m)
    tot = dm + am
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(tot > 0, dm / np.where(tot > 0, tot, 1.0), 0.5)


class Strength(NamedTuple):
    """What each candidate brings to the place if it comes ``(n, S, C)``, the target's
    ``(n, C)`` and the aggressors' together ``(n, C)``: ``C`` components (1 for a single
    capability index; the estimated outcome model reads six)."""

    states: np.ndarray
    target: np.ndarray
    aggressors: np.ndarray


class OutcomeModel(CrisisModel, Protocol):
    """Who prevails, given the strength each side brings (sides add up component by component);
    its provenance reads ``crisis/outcome/<name>``."""

    def strength(self, problem: CrisisProblem, draws: Draws) -> Strength:
        """What each state (and the target, the aggressors) brings to the place, per draw."""
        ...

    def prevail(
        self, problem: CrisisProblem, defenders: np.ndarray, aggressors: np.ndarray, draws: Draws
    ) -> np.ndarray:
        """P(defenders prevail) when the sides bring these strengths (arrays ``(..., C)``,
        the draw axis first; a stalemate counts half)."""
        ...

    def aggressor_odds(
        self, problem: CrisisProblem, defenders: np.ndarray, aggressors: np.ndarray, draws: Draws
    ) -> np.ndarray:
        """The aggressor's chance in the War Trap's sense (a stalemate counts half): the
        :math:`P_i` of :func:`foedus.crisis.deterrence.war_trap_eu`."""
        ...


class TullockContest:
    """The loss-of-strength gradient on capability shares and a Tullock contest between sides.

    Its parameters (``deterrence.miles_per_day``, ``deterrence.contest.m``) are assumptions
    with ranges (docs/models/deterrence.md). Capability is the problem's measure (CINC or
    military spending), which is why the two measures give different verdicts.
    """

    name = "tullock"
    citations = ("boulding_1962", "bdm_1981", "bennett_stam_2000", "tullock_1980")

    def strength(self, problem: CrisisProblem, draws: Draws) -> Strength:
        mpd = draws.miles_per_day
        # C' = C ** exponent, as exp(ln C * exponent): zero capability stays zero
        with np.errstate(divide="ignore"):
            states = np.exp(np.log(problem.cap) * gradient_exponent(problem.miles, mpd))
            target = np.exp(np.log(problem.target_cap) * gradient_exponent(problem.target_miles, mpd))
            aggr = np.exp(np.log(problem.aggressor_cap) * gradient_exponent(problem.aggressor_miles, mpd))
        return Strength(states[..., None], target, aggr.sum(axis=1, keepdims=True))

    def prevail(
        self, problem: CrisisProblem, defenders: np.ndarray, aggressors: np.ndarray, draws: Draws
    ) -> np.ndarray:
        """:func:`contest_success`, fast: ``1 / (1 + (a / d) ** m)`` (two empty sides: 1/2)."""
        d, a = defenders[..., 0], aggressors[..., 0]
        m = draws.contest_m if d.ndim == 2 else draws.contest_m[:, 0]
        unit = bool(np.all(m == 1.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = a / d
            out = 1.0 / (1.0 + (r if unit else np.power(r, m)))
        empty = d == 0
        if empty.any():
            out = np.where(empty, np.where(a == 0, 0.5, 0.0), out)
        return out

    def aggressor_odds(
        self, problem: CrisisProblem, defenders: np.ndarray, aggressors: np.ndarray, draws: Draws
    ) -> np.ndarray:
        return self.prevail(problem, aggressors, defenders, draws)


OUTCOME_MODELS: dict[str, OutcomeModel | str] = {
    "tullock": TullockContest(),
    "estimated": "foedus.crisis.estimated:EstimatedOutcome",
}
"""Outcome models by name, or ``"module:class"`` built on first use (:func:`foedus.crisis.simulate`
takes a name or a model)."""
