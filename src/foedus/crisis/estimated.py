r"""The crisis models learned from history: who comes, on which side, and who prevails.

The response and outcome of the first version rest on assumed coefficients (:mod:`.response`,
:mod:`.contest`). These implement the same protocols with the models of
:mod:`foedus.estimation`, fitted on two centuries of disputes and wars and shipped with the
package (``foedus calibrate`` refits them), and they carry their **estimation uncertainty**:
draws come in groups of :data:`~foedus.crisis.result.GROUP`; each group takes one draw of every
model's coefficients from their estimated sampling distribution (cluster-robust covariance),
so the spread across groups is what the estimates leave uncertain.

**Who comes** (:class:`EstimatedResponse`). A state whose casus foederis toward the target the
obligations engine finds met fights for the target with the probability of the *honouring*
model (allies whose conditions were met, COW wars and ATOP), or stays out; one whose conditions
the event leaves open (``defend_if``) does so with probability ``estimated.conditions_met`` (an
assumption) and otherwise behaves as an unbound state. Every other politically relevant state
(contiguous to a party, tied to one by ATOP, a treaty member, a major power) joins the target's
side, the aggressor's, or neither, with the probabilities of the *joining* model (a conditional
logit on militarised disputes whose side choice turns on the state's relations to each side,
with coefficients the same for both), at the event's severity. A state bound to defend the aggressor
honours that pledge if the war reaches the aggressor's territory (``deterrence.counterattack.trigger``).
Legal limits (reservations) apply on top, as in the assumed model.

**Who prevails** (:class:`EstimatedOutcome`). The *outcome* model (after Carroll & Kenkel
2019's DOE) gives P(aggressor wins), P(defenders win) and P(stalemate) from each side's six
NMC components as shares of the system, the year and the severity. The defenders *prevail*
when they win, a stalemate counting half; the aggressor is deterred when its War Trap
expected utility is negative, i.e. when it expects to lose more often than win. Capability is
no longer one index (CINC or military spending) but the six components the model weighs, so
the capability-measure switch does not apply.

References: Carroll & Kenkel (2019); Leeds, Long & Mitchell (2000); Gibler, Miller & Little
(2016); Bueno de Mesquita (1981); and :mod:`foedus.estimation`'s.

Examples
--------
>>> from foedus.crisis import compare
>>> from foedus.scenario import load_scenario, shipped_scenario
>>> c = compare(load_scenario(shipped_scenario()), "korea", draws=640, seed=1,
...             response="estimated", outcome="estimated")
>>> r = c.results["hub_and_spoke"]
>>> lo, hi = r.p_deterred_band
>>> 0.0 <= lo <= r.p_deterred <= hi <= 1.0 or lo <= hi
True
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from foedus.crisis.contest import Strength
from foedus.crisis.draws import Draws
from foedus.crisis.features import COMPONENTS
from foedus.crisis.problem import AGGRESSOR_ALLY, AGGRESSOR_SIDE, DEFENDER, CrisisProblem
from foedus.crisis.response import Sides

__all__ = ["EstimatedOutcome", "EstimatedResponse", "shipped_estimates"]


@cache
def shipped_estimates() -> Any:
    """The estimates shipped with the package (:meth:`foedus.estimation.Estimates.shipped`)."""
    from foedus.estimation import Estimates

    return Estimates.shipped()


def _coefficients(model: Any, rng: np.random.Generator, groups: int, uncertainty: bool) -> np.ndarray:
    """``(groups, features, outcomes)``: draws from the sampling distribution, or the estimates."""
    if uncertainty:
        return model.draw(groups, rng)
    return np.repeat(model.coef[None], groups, axis=0)


def _design(module: Any, model: Any, raw: Any) -> np.ndarray:
    return module.design(raw)[list(model.features)].to_numpy(dtype=float)


class EstimatedResponse:
    """Who comes, on which side: the joining and honouring models (module docstring)."""

    name = "estimated"
    relevant = True

    def __init__(self, estimates: Any = None) -> None:
        self._estimates = estimates

    @property
    def estimates(self) -> Any:
        return self._estimates if self._estimates is not None else shipped_estimates()

    @property
    def citations(self) -> tuple[str, ...]:
        return ("gibler_miller_little_2016", "leeds_etal_2002", "leeds_long_mitchell_2000",
                "berkemeier_fuhrmann_2018", "sarkees_wayman_2010", "lemke_reed_2001",
                "mcfadden_1974")  # fmt: skip

    def draw_coefficients(
        self, rng: np.random.Generator, groups: int, uncertainty: bool
    ) -> dict[str, np.ndarray]:
        m = self.estimates.models
        return {
            "joining": _coefficients(m["joining"], rng, groups, uncertainty),
            "honouring": _coefficients(m["honouring"], rng, groups, uncertainty),
        }

    def probability(self, problem: CrisisProblem, draws: Draws) -> Sides:
        XJ, XH = problem.features["joining_X"], problem.features["honouring_X"]
        eta = _per_group(XJ, draws.coef["joining"], draws.group)  # (n, S, 2): target, aggressor
        ex = np.exp(np.clip(eta, -50, 50))
        pj = ex / (1.0 + ex.sum(axis=2, keepdims=True))
        ph = 1.0 / (
            1.0 + np.exp(-np.clip(_per_group(XH, draws.coef["honouring"], draws.group)[..., 0], -50, 50))
        )
        level = _levels(problem)
        q = draws.extra.get("estimated.conditions_met", np.full((draws.n, 1), 0.5))
        p_def, p_agg = pj[..., 0].copy(), pj[..., 1].copy()
        ally = problem.side == AGGRESSOR_ALLY
        met, open_ = level == 4, level == 3
        # bound to the target, conditions met: honour or stay out
        p_def = np.where(met & ~ally, ph, p_def)
        p_agg = np.where(met & ~ally, 0.0, p_agg)
        # conditions open: honour with probability q, else behave as unbound
        p_def = np.where(open_ & ~ally, q * ph + (1 - q) * pj[..., 0], p_def)
        p_agg = np.where(open_ & ~ally, (1 - q) * pj[..., 1], p_agg)
        # bound to defend the aggressor: its pledge (the trigger is applied by the simulation)
        p_agg = np.where(ally, np.where(met, ph, q * ph + (1 - q) * pj[..., 1]), p_agg)
        p_def = np.where(ally, np.where(met, 0.0, (1 - q) * pj[..., 0]), p_def)
        return Sides(p_def, p_agg)

    def prepare(self, problem: CrisisProblem) -> CrisisProblem:
        """The problem with the models' design matrices, and each unbound candidate on the side
        it most likely takes at the estimates (for display and its swing statistics)."""
        from dataclasses import replace

        from foedus.estimation import honouring, joining

        if "joining" not in problem.features:
            raise ValueError("the estimated response model needs a problem built with candidates='relevant'")
        m = self.estimates.models
        raw = problem.features["joining"].assign(**joining.severity_columns(problem.severity))
        XJ = _design(joining, m["joining"], raw)
        XH = _design(honouring, m["honouring"], problem.features["honouring"])
        eta = XJ @ m["joining"].coef
        unbound = (_levels(problem) < 3) & (problem.side != AGGRESSOR_ALLY)
        side = problem.side.copy()
        side[unbound] = np.where(eta[unbound, 0] >= eta[unbound, 1], DEFENDER, AGGRESSOR_SIDE)
        return replace(problem, side=side, features={**problem.features, "joining_X": XJ, "honouring_X": XH})


def _per_group(X: np.ndarray, coef: np.ndarray, group: int) -> np.ndarray:
    """``X (S, k) @ coef[i] (k, m)`` for every draw ``i``, ``(n, S, m)``: once per group of
    draws sharing coefficients, then repeated."""
    n = coef.shape[0]
    if group > 1 and n % group == 0:
        return np.repeat(np.matmul(X, coef[::group]), group, axis=0)
    return np.matmul(X, coef)


def _per_draw(x: np.ndarray, coef: np.ndarray, group: int) -> np.ndarray:
    """``x (n, ..., k) @ coef (n, k, m)`` draw by draw. Coefficients change only between
    groups of ``group`` draws, so whole groups go through one matrix product."""
    n, k, m = coef.shape
    if group > 1 and n % group == 0:
        out = np.matmul(x.reshape(n // group, -1, k), coef[::group])
    else:
        out = np.matmul(x.reshape(n, -1, k), coef)
    return out.reshape(*x.shape[:-1], m)


def _levels(problem: CrisisProblem) -> np.ndarray:
    """Each candidate's strongest obligation level (4 defend, 3 defend if, ..., 0 none)."""
    return np.maximum.reduceat(problem.row_level, problem.row_starts)


class EstimatedOutcome:
    """Who prevails: the outcome model on the sides' NMC components (module docstring)."""

    name = "estimated"
    reads_components = True
    """It weighs the six NMC components itself: the capability-measure switch does not apply."""
    swing_stride = 8
    """The swing statistics (each state in versus out) are computed on one draw in 8: they
    are summaries for display, and this model costs ten times the contest per evaluation."""

    def __init__(self, estimates: Any = None) -> None:
        self._estimates = estimates
        self._memo: tuple[Any, Any, Any] | None = None
        self._event_memo: tuple[Any, np.ndarray] | None = None

    @property
    def estimates(self) -> Any:
        return self._estimates if self._estimates is not None else shipped_estimates()

    @property
    def citations(self) -> tuple[str, ...]:
        return ("carroll_kenkel_2019", "gibler_miller_little_2016", "singer_bremer_stuckey_1972", "bdm_1981")

    def draw_coefficients(
        self, rng: np.random.Generator, groups: int, uncertainty: bool
    ) -> dict[str, np.ndarray]:
        return {"outcome": _coefficients(self.estimates.models["outcome"], rng, groups, uncertainty)}

    def strength(self, problem: CrisisProblem, draws: Draws) -> Strength:
        f = problem.features["outcome"]
        n = draws.n
        return Strength(
            np.broadcast_to(f["states"][None], (n, *f["states"].shape)),
            np.broadcast_to(f["target"][None], (n, f["target"].size)),
            np.broadcast_to(f["aggressors"][None], (n, f["aggressors"].size)),
        )

    def _event_terms(self, problem: CrisisProblem) -> np.ndarray:
        """The design row of the event's year and severity (the log-share columns 0), coded by
        the outcome model's own ``design`` so that training and simulation agree."""
        memo = self._event_memo
        if memo is not None and memo[0] is problem:
            return memo[1]
        from foedus.estimation import outcome
        from foedus.estimation.joining import severity_columns

        raw = {f"{s}_{c}_share": [0.0] for s in "ab" for c in COMPONENTS}
        raw |= {"year": [problem.year], "hostility": [severity_columns(problem.severity)["hostility"]]}
        row = outcome.design(pd.DataFrame(raw)).iloc[0]
        f = np.array([0.0 if f.startswith("log_") else float(row[f]) for f in self._model.features])
        self._event_memo = (problem, f)
        return f

    def _parts(self, problem: CrisisProblem, draws: Draws) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The linear predictor's parts, per draw: the event's terms ``(n, 2)`` and the
        coefficients of the aggressors' and the defenders' log component shares ``(n, 6, 2)``."""
        memo = self._memo
        if memo is not None and memo[0] is problem and memo[1] is draws:  # same block: reuse
            return memo[2]
        features = self._model.features
        coef = draws.coef["outcome"]
        ia = [features.index(f"log_a_{c}_share") for c in COMPONENTS]
        ib = [features.index(f"log_b_{c}_share") for c in COMPONENTS]
        parts = np.einsum("k,nkm->nm", self._event_terms(problem), coef), coef[:, ia, :], coef[:, ib, :]
        # holding the objects (not their ids) so that a later block cannot be mistaken for this one
        self._memo = (problem, draws, parts)
        return parts

    @property
    def _model(self) -> Any:
        return self.estimates.models["outcome"]

    def probabilities(
        self, problem: CrisisProblem, defenders: np.ndarray, aggressors: np.ndarray, draws: Draws
    ) -> np.ndarray:
        """``(..., 3)``: P(stalemate), P(aggressor wins), P(defenders win); the sides' arrays
        are ``(n, ..., 6)``, the draw axis first."""
        base, ca, cb = self._parts(problem, draws)
        eta = _per_draw(np.log(aggressors + 1e-5), ca, draws.group) + _per_draw(
            np.log(defenders + 1e-5), cb, draws.group
        )
        eta += base.reshape(base.shape[0], *([1] * (eta.ndim - 2)), 2)
        ex = np.exp(np.clip(eta, -50, 50))
        den = 1.0 + ex.sum(axis=-1, keepdims=True)
        return np.concatenate([1.0 / den, ex / den], axis=-1)

    def prevail(
        self, problem: CrisisProblem, defenders: np.ndarray, aggressors: np.ndarray, draws: Draws
    ) -> np.ndarray:
        p = self.probabilities(problem, defenders, aggressors, draws)
        return p[..., 2] + 0.5 * p[..., 0]

    def aggressor_odds(
        self, problem: CrisisProblem, defenders: np.ndarray, aggressors: np.ndarray, draws: Draws
    ) -> np.ndarray:
        p = self.probabilities(problem, defenders, aggressors, draws)
        return p[..., 1] + 0.5 * p[..., 0]
