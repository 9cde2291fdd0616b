r"""A procedural model of EU legislation: the status quo, the Council's voting rule and who sets the agenda.

Theory
------
Procedural (spatial veto-player) models treat a legislative outcome as the equilibrium
of the formal procedure: which actors must agree, which actor proposes, and what
happens if they do not agree (the reference point, or status quo, stays). This module
implements, on each issue line, the one-dimensional models tested by Steunenberg &
Selck (2006, ch. 3 of Thomson et al. 2006), after Steunenberg (1994) and Crombez (1996)
for the consultation procedure and Crombez (1997) and Tsebelis & Garrett (2000) for
co-decision. Actors have single-peaked symmetric preferences around their positions;
saliences play no role except that an actor with zero salience abstains.

Roles. The Commission and the European Parliament are found by name (DEU's ``pcom``
and ``pep``, or ``commission`` / ``com``, ``parliament`` / ``ep``; see the options);
every other actor with positive salience is a Council member, voting with weight
``c_i`` (the capability: the DEU training file carries a GDP-based weight, an
approximation of the Council's voting weights).

*Council pivots.* With the Council's members sorted by position and a decision
threshold ``q`` (share of the Council's weight: ``qmv_threshold`` for QMV, 1 for
unanimity, just over 1/2 for simple majority), the right pivot :math:`p_R` is the
largest position such that members at or right of it hold at least ``q``; the left
pivot :math:`p_L` the smallest such that members at or left of it do. A qualified
majority prefers x > SQ to SQ iff :math:`(x + SQ)/2 \le p_R`, so the Council's winset
of the reference point SQ is :math:`[\min(SQ, 2p_L - SQ), \max(SQ, 2p_R - SQ)]`.

*Acceptable set A.* The Council's winset of SQ; under co-decision (``COD``) also the
Parliament's, :math:`[\min(SQ, 2e - SQ), \max(SQ, 2e - SQ)]` (e its position), since
the Parliament can veto. Both contain SQ, so A is an interval containing SQ.

*Outcome.*

- Consultation (``CNS``, and any other or missing procedure): the Commission proposes
  and the Council accepts by the voting rule or amends by unanimity. The outcome is
  the point of A closest to the Commission's position, kept within the Council's
  unanimity (Pareto) set :math:`[\min_k x_k, \max_k x_k]` where that meets A, since
  a proposal outside it would be amended unanimously (Steunenberg 1994; Crombez 1996).
- Co-decision (``COD``): the Council and the Parliament are co-legislators and the
  Commission loses its agenda power in conciliation (Crombez 1997; Tsebelis & Garrett
  2000). The outcome is the point of A closest to the midpoint of the Parliament's
  position and the Council's weighted median: a symmetric bargain between the two
  chambers (this split of the difference is the assumption made here; the cited
  models leave bargaining power open).
- Without a reference point (it is missing for a third of DEU's issues) there is no
  winset to compute; A is then the Council's core :math:`[\min(p_L, p_R), \max(p_L, p_R)]`,
  the positions no qualifying coalition can beat, and the same proposer rule applies.
- Without a Commission the Council's weighted median proposes; without a Parliament
  co-decision is read as consultation.

Complexity: O(n log n) per dimension (one sort), one round.

Known limits. The literature found procedural models less accurate than the
compromise model on DEU (Thomson et al. 2006, ch. 10); the reason this module exists
is the information it adds (the reference point and the rules) for the learned
combination (:mod:`foedus.bargaining.learned`). GDP-based capabilities only
approximate the Council's votes, and QMV's population and member-state clauses are
not modelled.

References
----------
Steunenberg (1994) (``steunenberg_1994``); Crombez (1996) (``crombez_1996``); Crombez
(1997) (``crombez_1997``); Tsebelis & Garrett (2000) (``tsebelis_garrett_2000``);
Steunenberg & Selck (2006) (``steunenberg_selck_2006``), in Thomson et al. (2006)
(``thomson_etal_2006``).

Examples
--------
>>> from foedus.bargaining import BargainingProblem, forecast
>>> p = BargainingProblem(("pcom", "pep", "A", "B", "C"), [1, 1, 1, 1, 1],
...                       [100, 80, 20, 60, 70], [1, 1, 1, 1, 1],
...                       reference_point=[0], voting_rule="QMV", procedure="CNS")
>>> float(forecast(p, "procedural", qmv_threshold=0.6).outcome[0])  # amendable above C's 70
70.0
>>> float(forecast(p, "procedural").outcome[0])  # q = 0.74 needs A (at 20): at most 2 * 20 - 0
40.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from foedus.bargaining._common import one_shot_result, provenance, where
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike

__all__ = ["CITATIONS", "find_role", "forecast", "pivots"]

CITATIONS = (
    "steunenberg_1994",
    "crombez_1996",
    "crombez_1997",
    "tsebelis_garrett_2000",
    "steunenberg_selck_2006",
    "thomson_etal_2006",
)
COMMISSION = ("pcom", "commission", "com", "ec")
PARLIAMENT = ("pep", "parliament", "ep")
_TOL = 1e-12


def find_role(actors: Sequence[str], names: Sequence[str]) -> int | None:
    """Index of the first actor whose name (case-insensitive) is in ``names``, or None."""
    wanted = {n.lower() for n in names}
    return next((i for i, a in enumerate(actors) if a.strip().lower() in wanted), None)


def pivots(x: np.ndarray, w: np.ndarray, q: float) -> tuple[float, float]:
    """Left and right pivots of a ``q`` rule: (p_L, p_R).

    ``p_L`` is the smallest position whose left side (inclusive) holds a share ``>= q``
    of the weight, ``p_R`` the largest whose right side does.

    Examples
    --------
    >>> pivots(np.array([0.0, 50.0, 100.0]), np.ones(3), 0.6)
    (50.0, 50.0)
    >>> pivots(np.array([0.0, 50.0, 100.0]), np.ones(3), 1.0)
    (100.0, 0.0)
    """
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order] / w.sum()
    left = np.cumsum(ws)
    right = np.cumsum(ws[::-1])[::-1]
    p_left = xs[np.argmax(left >= q - _TOL)]
    p_right = xs[len(xs) - 1 - np.argmax(right[::-1] >= q - _TOL)]
    return float(p_left), float(p_right)


def _weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    order = np.argsort(x, kind="stable")
    cum = np.cumsum(w[order]) / w.sum()
    return float(x[order][np.argmax(cum >= 0.5 - _TOL)])


def _clip(value: float, low: float, high: float) -> float:
    return float(min(max(value, low), high))


def _threshold(rule: str | None, qmv_threshold: float, missing_rule: str) -> float:
    rule = rule or missing_rule
    return {"QMV": qmv_threshold, "unanimity": 1.0, "majority": 0.5 + 1e-9}[rule]


def _solve(
    x: np.ndarray,
    w: np.ndarray,
    roles: dict[str, int | None],
    sq: float | None,
    q: float,
    codecision: bool,
) -> dict[str, float]:
    """The outcome on one dimension, with the pivots and the acceptable interval."""
    council = np.array([i for i in range(len(x)) if i not in roles.values() and w[i] > 0])
    if council.size == 0:  # only the institutions care: they are the whole game
        council = np.flatnonzero(w > 0)
    xc, wc = x[council], w[council]
    p_left, p_right = pivots(xc, wc, q)
    median = _weighted_median(xc, wc)
    com, ep = roles["commission"], roles["parliament"]
    if sq is None:
        low, high = min(p_left, p_right), max(p_left, p_right)
    else:
        low, high = min(sq, 2 * p_left - sq), max(sq, 2 * p_right - sq)
        if codecision and ep is not None:
            low, high = max(low, min(sq, 2 * x[ep] - sq)), min(high, max(sq, 2 * x[ep] - sq))
    if codecision and ep is not None:
        target = 0.5 * (x[ep] + median)
    else:
        target = x[com] if com is not None else median
        pareto_low, pareto_high = max(low, xc.min()), min(high, xc.max())
        if pareto_low <= pareto_high:  # a proposal the Council cannot amend unanimously
            low, high = pareto_low, pareto_high
    return {
        "outcome": _clip(target, low, high),
        "pivot_left": p_left,
        "pivot_right": p_right,
        "council_median": median,
        "acceptable_low": low,
        "acceptable_high": high,
        "proposer_target": float(target),
    }


def forecast(
    problem: BargainingProblem,
    *,
    seed: SeedLike = None,
    qmv_threshold: float = 0.74,
    missing_rule: str = "QMV",
    commission: Sequence[str] = COMMISSION,
    parliament: Sequence[str] = PARLIAMENT,
) -> ForecastResult:
    """Forecast the outcome the legislative procedure leads to from the reference point.

    Parameters
    ----------
    problem : BargainingProblem
        Reads ``reference_point``, ``voting_rule`` and ``procedure`` when present.
    seed : int, Generator, SeedSequence or None
        Unused (the model is deterministic); recorded in the provenance.
    qmv_threshold : float
        Share of the Council's weight a qualified majority needs (default 0.74: the
        Nice Treaty's 255 of 345 votes, 73.9 %; EU-15's 62 of 87 was 71.3 %).
    missing_rule : {"QMV", "unanimity", "majority"}
        The rule assumed when the problem has none.
    commission, parliament : sequence of str
        Actor names (case-insensitive) that identify the Commission and the Parliament.

    Returns
    -------
    ForecastResult
        ``rounds`` holds, per dimension, the pivots, the Council median, the acceptable
        interval and the proposer's target; ``diagnostics["roles"]`` who played which part.

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("pep", "A", "B"), [1, 1, 1], [90, 10, 50], [1, 1, 1],
    ...                       reference_point=[0], voting_rule="unanimity", procedure="COD")
    >>> float(forecast(p).outcome[0])  # midpoint of EP (90) and Council median (10), capped at 2*10-0
    20.0
    """
    if not 0.5 < float(qmv_threshold) <= 1.0:
        raise InputError(f"model 'procedural': qmv_threshold={qmv_threshold!r} must lie in (0.5, 1]")
    if missing_rule not in ("QMV", "unanimity", "majority"):
        raise InputError(
            f"model 'procedural': missing_rule={missing_rule!r} is not known",
            hint="use 'QMV', 'unanimity' or 'majority'",
        )
    weights = problem.capability[:, None] * (problem.salience > 0)
    if (problem.salience.sum(axis=0) <= 0).any():
        raise InputError(
            f"{where(problem)}every actor has zero salience, so no one takes part",
            hint="give at least one actor a positive salience",
        )
    q = _threshold(problem.voting_rule, float(qmv_threshold), missing_rule)
    codecision = problem.procedure == "COD"
    ref = problem.reference_point
    parts = []
    for d in range(problem.n_dims):
        active = problem.salience[:, d] > 0
        roles = {
            "commission": find_role(
                [a if ok else "" for a, ok in zip(problem.actors, active, strict=True)], commission
            ),
            "parliament": find_role(
                [a if ok else "" for a, ok in zip(problem.actors, active, strict=True)], parliament
            ),
        }
        sq = None if ref is None or np.isnan(ref[d]) else float(ref[d])
        parts.append(_solve(problem.position[:, d], weights[:, d], roles, sq, q, codecision))
    outcome = np.array([p["outcome"] for p in parts])
    params = {
        "qmv_threshold": float(qmv_threshold),
        "missing_rule": missing_rule,
        "voting_rule": problem.voting_rule,
        "procedure": problem.procedure,
        "threshold": q,
    }
    prov = provenance("procedural/veto_players", CITATIONS, params, seed, problem)
    columns = {k: np.array([p[k] for p in parts]) for k in parts[0] if k != "outcome"}
    names = {r: (problem.actors[i] if i is not None else None) for r, i in roles.items()}
    return one_shot_result(problem, "procedural", outcome, prov, columns, {"roles": names})
