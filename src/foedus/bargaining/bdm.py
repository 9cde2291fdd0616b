r"""Bueno de Mesquita's expected-utility model, as specified by Scholz, Calbert & Smith (2011).

Theory
------
Actors hold positions x_i on one issue line, with capability c_i and salience s_i in
[0, 1]. Each round every actor weighs, for every other actor j, what it expects from
challenging j and from being challenged by j; the resulting offers move positions, and
the capability-and-salience weighted mean of the positions after the last round is the
forecast (Bueno de Mesquita 1994, 1997; Scholz, Calbert & Smith 2011). Notation:
``R = max x - min x`` over the **initial** positions, fixed for the
run, ``w_k = c_k s_k``.

*Votes.* Actor k's vote for position a over b with risk exponent r:
:math:`v_k(a, b; r) = w_k ((|x_k - x_b|/R)^r - (|x_k - x_a|/R)^r)`.

*Median.* The Condorcet winner among the distinct positions with r = 1, found by
letting each position (in ascending order) challenge the incumbent; with r = 1 it is the
w-weighted median. *Mean:* :math:`\sum_i w_i x_i / \sum_i w_i` (the forecast).

*Probability that position a beats b* (0 if x_a = x_b), each voter with its own r_k:

- ``variant="scholz_code"`` (default; what the reference code does, needed for EC10):
  :math:`P(a,b) = \sum_k \max(0, v_k(a,b)) / D` with
  :math:`D = \sum_k \sum_{a'} \sum_{b'} |v_k(a', b')|` over all ordered actor pairs.
- ``variant="bdm_normalised"`` (the papers): divide by :math:`\sum_k |v_k(a,b)|` so that
  P(a, b) + P(b, a) = 1 (P = 1/2 if no voter cares).

*Utilities* from the perspective of actor p (exponent r_p), challenger a against b,
:math:`\delta = |x_a - x_b|/R`: :math:`U_s = 2 - 4(1/2 - \delta/2)^{r_p}`,
:math:`U_f = 2 - 4(1/2 + \delta/2)^{r_p}`, :math:`U_{sq} = 2 - 4 (1/2)^{r_p}`.

*Expected utility of a challenge:*
:math:`EU_p(a \to b) = s_b (P(a,b) U_s + (1 - P(a,b)) U_f) + (1 - s_b) U_s - Q U_{sq}`.

*Risk exponents*, recomputed at the start of each round: with every r = 1 compute the
danger :math:`S_i = \sum_{k \ne i} EU_i(k \to i)`, then
:math:`R_i = (2 S_i - \max S - \min S) / (\max S - \min S)` and
:math:`r_i = (1 - R_i/3)/(1 + R_i/3)`. The reference compares i's danger with the other
actors' (BDM's text compares positions i could hold); foedus follows the reference.
If every S is equal (the reference divides by zero) all r stay 1.

*Offers* to receiver i from each j with x_j != x_i, from i's perspective:
``e_ij = EU_i(i -> j)``, ``e_ji = EU_i(j -> i)``.
Confrontation (i loses to j) if ``e_ji > e_ij > 0``: move to x_j. Compromise if
``e_ji > 0 > e_ij`` and ``e_ji > |e_ij|``: move to ``x_i + (x_j - x_i) |e_ij / e_ji|``.
Capitulation if ``e_ji > 0 > e_ij`` and ``e_ji < |e_ij|``: move to x_j. Confrontations
are preferred to compromises, compromises to capitulations; among confrontations and
capitulations i takes the one nearest x_i, ties by input order.

Reference-code quirks exposed as options
----------------------------------------
- ``variant``: the large denominator above (``"scholz_code"``) or the papers'
  normalised P (``"bdm_normalised"``).
- ``compromise_choice="reference"`` (default) picks the compromise minimising
  ``(|e_ij| x_i + |e_ji| x_j) / (|e_ij| + |e_ji|)``, as the code does;
  ``"least_move"`` picks the one that moves i least, as the papers say (on EC10 the two
  part from round 4: mean 7.60386 instead of 7.35813).
- ``fix_capitulation=False`` (default): the reference's capitulation test reads
  ``e_ji < |e_ji|`` and never holds, so nobody capitulates; ``True`` applies the papers'
  test (EC10 is unchanged).
- ``max_rounds=10`` (default) because the reference runs a fixed 10 rounds on EC10;
  the model need not converge (EC10's Belgium oscillates). ``early_stop=True`` stops
  once no actor moves more than ``1e-9 * R``; the result's ``converged`` is then True.
- ``q`` (probability that the status quo holds if i does not challenge) must be 1, the
  value of the reference and of Scholz et al.'s EC10 run. The Q < 1 terms (things get
  better or worse, weighted by T) are not implemented; other values are rejected.

Updates are synchronous: all risk exponents, then all best offers from the round-start
positions, then every move at once.

Computation
-----------
One round costs O(n^3) for the probabilities of all n^2 pairs (each a sum over n
voters), done with numpy broadcasting in chunks of voters so memory stays near
``4e6`` floats whatever n; D is computed once per set of exponents (twice a round: with
r = 1 for the dangers, with the new r for the offers) by sorting, in O(n^2 log n). The
reference recomputes D for every pair, O(n^5) a round.

Multi-dimensional problems
--------------------------
The model is one-dimensional. On a problem with several dimensions each dimension is
run on its own (its own R, risk exponents and offers), as if they were separate
issues; the ``rounds`` and ``offers`` tables carry a ``dimension`` column.

References
----------
Scholz, Calbert & Smith (2011), *Journal of Theoretical Politics* 23(4): 510-531
(``scholz_calbert_smith_2011``); Bueno de Mesquita (1994) (``bdm_1994``);
Bueno de Mesquita (1997) (``bdm_1997``). Reference code: dmasad/bdm-scholz-expected-
utility-model (Python 3 port of jmckib's code).

Examples
--------
>>> from foedus.bargaining import BargainingProblem
>>> from foedus.bargaining.bdm import forecast
>>> p = BargainingProblem(
...     ("A", "B", "C", "D"), [1.0, 0.5, 0.8, 0.3], [2, 4, 8, 10], [0.9, 0.4, 0.6, 0.5],
...     scale=(0, 10))
>>> res = forecast(p, max_rounds=3)
>>> res.n_iter, list(res.rounds.columns[:4])
(3, ['round', 'dimension', 'outcome', 'mean'])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from foedus import limits
from foedus.bargaining._common import check_choice, path_frame, provenance, where
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike

CITATIONS = ("scholz_calbert_smith_2011", "bdm_1994", "bdm_1997")
VARIANTS = ("scholz_code", "bdm_normalised")
COMPROMISE_CHOICES = ("reference", "least_move")
OFFER_TYPES = ("confrontation", "compromise", "capitulation")
_CHUNK_ELEMENTS = 4_000_000  # floats per broadcast block (about 32 MB)


# --------------------------------------------------------------------------- maths


def _distance_powers(x: np.ndarray, r: np.ndarray, spread: float) -> np.ndarray:
    """``A[k, a] = (|x_k - x_a| / R) ** r_k``: how far voter k sees position a."""
    return (np.abs(x[:, None] - x[None, :]) / spread) ** r[:, None]


def win_probabilities(
    x: np.ndarray, w: np.ndarray, r: np.ndarray, spread: float, variant: str = "scholz_code"
) -> np.ndarray:
    """``P[a, b]``: probability that actor a's position beats actor b's.

    Parameters
    ----------
    x, w, r : numpy.ndarray, shape (n,)
        Positions, vote weights ``c * s`` and risk exponents of the voters.
    spread : float
        R, the range of the initial positions.
    variant : {"scholz_code", "bdm_normalised"}

    Examples
    --------
    >>> P = win_probabilities(np.array([0.0, 1.0]), np.ones(2), np.ones(2), 1.0,
    ...                       "bdm_normalised")
    >>> P.tolist()
    [[0.0, 0.5], [0.5, 0.0]]
    """
    n = len(x)
    A = _distance_powers(x, r, spread)
    support = np.zeros((n, n))
    total_abs = np.zeros((n, n)) if variant == "bdm_normalised" else None
    chunk = max(1, _CHUNK_ELEMENTS // max(1, n * n))
    for k0 in range(0, n, chunk):
        block = A[k0 : k0 + chunk]
        # diff[k, a, b] = A[k, b] - A[k, a]: voter k's vote for a over b, before weighting
        diff = block[:, None, :] - block[:, :, None]
        wk = w[k0 : k0 + chunk]
        support += np.tensordot(wk, np.maximum(diff, 0.0), axes=1)
        if total_abs is not None:
            total_abs += np.tensordot(wk, np.abs(diff), axes=1)
    if total_abs is None:
        # sum_{a,b} |y_a - y_b| = 2 sum_j y_(j) (2j - n + 1) over the sorted row y
        coef = 2.0 * np.arange(n) - n + 1.0
        denom = float(2.0 * (w @ (np.sort(A, axis=1) @ coef)))
        prob = support / denom if denom > 0 else np.zeros((n, n))
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            prob = np.where(total_abs > 0, support / total_abs, 0.5)
    prob[x[:, None] == x[None, :]] = 0.0
    return prob


def _utilities(delta: np.ndarray, r_persp: np.ndarray) -> tuple[np.ndarray, ...]:
    """U_s, U_f, U_sq for distances ``delta[i, j]`` seen from perspective i."""
    rp = r_persp[:, None]
    u_success = 2.0 - 4.0 * (0.5 - 0.5 * delta) ** rp
    u_failure = 2.0 - 4.0 * (0.5 + 0.5 * delta) ** rp
    u_status_quo = 2.0 - 4.0 * 0.5**rp
    return u_success, u_failure, u_status_quo


def challenge_utilities(
    x: np.ndarray,
    s: np.ndarray,
    r: np.ndarray,
    prob: np.ndarray,
    spread: float,
    q: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected utilities of challenges, from each receiver's perspective.

    Returns ``(e_ij, e_ji)`` with ``e_ij[i, j] = EU_i(i -> j)`` and
    ``e_ji[i, j] = EU_i(j -> i)``, both with i's risk exponent.
    """
    delta = np.abs(x[:, None] - x[None, :]) / spread
    u_s, u_f, u_sq = _utilities(delta, r)
    s_target_j = s[None, :]
    s_target_i = s[:, None]
    e_ij = s_target_j * (prob * u_s + (1.0 - prob) * u_f) + (1.0 - s_target_j) * u_s - q * u_sq
    p_ji = prob.T
    e_ji = s_target_i * (p_ji * u_s + (1.0 - p_ji) * u_f) + (1.0 - s_target_i) * u_s - q * u_sq
    return e_ij, e_ji


def risk_exponents(
    x: np.ndarray,
    w: np.ndarray,
    s: np.ndarray,
    spread: float,
    variant: str = "scholz_code",
    q: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Risk exponents r_i from the actors' dangers (all computed with r = 1).

    Returns ``(r, danger)``.
    """
    n = len(x)
    ones = np.ones(n)
    prob = win_probabilities(x, w, ones, spread, variant)
    _, e_ji = challenge_utilities(x, s, ones, prob, spread, q)
    np.fill_diagonal(e_ji, 0.0)
    danger = e_ji.sum(axis=1)
    hi, lo = danger.max(), danger.min()
    if hi == lo:
        return ones, danger
    rel = (2.0 * danger - hi - lo) / (hi - lo)
    return (1.0 - rel / 3.0) / (1.0 + rel / 3.0), danger


def condorcet_median(x: np.ndarray, w: np.ndarray, spread: float) -> float:
    """The position that survives pairwise challenges (r = 1), candidates in ascending order.

    A challenger a unseats the incumbent b when ``sum_k v_k(a, b; 1) > 0``, i.e. when
    ``L(a) < L(b)`` with ``L(y) = sum_k w_k |x_k - y| / R``. Walking the distinct positions
    in ascending order therefore ends at the smallest minimiser of L; that is computed
    directly, counting values of L within 1e-12 (relative) of the minimum as ties, so an
    exact half-weight gap gives the lower weighted median whatever the rounding.
    """
    candidates = np.unique(x)
    loss = w @ (np.abs(x[:, None] - candidates[None, :]) / spread)
    best = loss.min()
    return float(candidates[np.argmax(loss <= best + 1e-12 * abs(best))])


@dataclass
class _Offers:
    kind: np.ndarray  # -1 none, else index into OFFER_TYPES
    counterpart: np.ndarray
    e_ij: np.ndarray
    e_ji: np.ndarray
    new_position: np.ndarray


def best_offers(
    x: np.ndarray,
    s: np.ndarray,
    r: np.ndarray,
    prob: np.ndarray,
    spread: float,
    *,
    compromise_choice: str = "reference",
    fix_capitulation: bool = False,
    q: float = 1.0,
) -> _Offers:
    """Classify all offers and pick each receiver's best one (vectorised)."""
    n = len(x)
    e_ij, e_ji = challenge_utilities(x, s, r, prob, spread, q)
    differ = x[:, None] != x[None, :]
    confront = differ & (e_ji > e_ij) & (e_ij > 0)
    concede = differ & (e_ji > 0) & (e_ij < 0)
    compromise = concede & (e_ji > np.abs(e_ij))
    if fix_capitulation:
        capitulate = concede & (e_ji < np.abs(e_ij))
    else:
        capitulate = np.zeros((n, n), dtype=bool)  # the reference's test never holds
    xi, xj = x[:, None], x[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        comp_pos = xi + (xj - xi) * np.abs(e_ij / e_ji)
    move = np.abs(xj - xi)
    if compromise_choice == "reference":
        a_ij, a_ji = np.abs(e_ij), np.abs(e_ji)
        with np.errstate(invalid="ignore", divide="ignore"):
            comp_key = (a_ij * xi + a_ji * xj) / (a_ij + a_ji)
    else:
        comp_key = np.abs(comp_pos - xi)

    kind = np.full(n, -1)
    counterpart = np.full(n, -1)
    rows = np.arange(n)
    for code, mask, key in (
        (2, capitulate, move),
        (1, compromise, comp_key),
        (0, confront, move),
    ):  # lowest priority first, so higher-priority types overwrite
        has = mask.any(axis=1)
        pick = np.argmin(np.where(mask, key, np.inf), axis=1)
        kind = np.where(has, code, kind)
        counterpart = np.where(has, pick, counterpart)
    chosen = counterpart >= 0
    cp = np.where(chosen, counterpart, 0)
    new_position = np.where(kind == 1, comp_pos[rows, cp], np.where(chosen, x[cp], x))
    return _Offers(
        kind=kind,
        counterpart=counterpart,
        e_ij=np.where(chosen, e_ij[rows, cp], np.nan),
        e_ji=np.where(chosen, e_ji[rows, cp], np.nan),
        new_position=new_position,
    )


# ------------------------------------------------------------------------ the model


def _run_dimension(
    x0: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    *,
    variant: str,
    compromise_choice: str,
    fix_capitulation: bool,
    max_rounds: int,
    early_stop: bool,
    q: float,
) -> dict:
    """Run the model on one dimension; returns the per-round history."""
    n = len(x0)
    w = c * s
    x = np.array(x0, dtype=float)
    spread = float(x.max() - x.min())
    positions = [x.copy()]
    medians = [float(x[0]) if spread == 0 else condorcet_median(x, w, spread)]
    means = [float(w @ x / w.sum())]
    risks: list[np.ndarray] = [np.ones(n)]
    offers: list[tuple[int, _Offers]] = []
    n_moves = [0]
    max_moves = [0.0]
    converged = spread == 0  # unanimity: nothing can move
    for rnd in range(1, max_rounds + 1):
        if converged:
            break
        r, _ = risk_exponents(x, w, s, spread, variant, q)
        prob = win_probabilities(x, w, r, spread, variant)
        best = best_offers(
            x,
            s,
            r,
            prob,
            spread,
            compromise_choice=compromise_choice,
            fix_capitulation=fix_capitulation,
            q=q,
        )
        step = np.abs(best.new_position - x)
        x = best.new_position.copy()
        positions.append(x.copy())
        risks.append(r)
        offers.append((rnd, best))
        medians.append(condorcet_median(x, w, spread))
        means.append(float(w @ x / w.sum()))
        n_moves.append(int((step > 0).sum()))
        max_moves.append(float(step.max()))
        if early_stop and step.max() <= 1e-9 * spread:
            converged = True
    return {
        "positions": np.array(positions),
        "medians": medians,
        "means": means,
        "risks": np.array(risks),
        "offers": offers,
        "n_moves": n_moves,
        "max_moves": max_moves,
        "converged": converged,
    }


def _check_options(
    problem: BargainingProblem, variant: str, compromise_choice: str, max_rounds: object, q: float
) -> None:
    check_choice("bdm", "variant", variant, VARIANTS)
    check_choice("bdm", "compromise_choice", compromise_choice, COMPROMISE_CHOICES)
    if isinstance(max_rounds, bool) or not isinstance(max_rounds, (int, np.integer)) or max_rounds < 0:
        raise InputError(
            f"model 'bdm': max_rounds={max_rounds!r} is not a non-negative integer",
            hint="pass e.g. max_rounds=10",
        )
    limits.ROUNDS.check(max_rounds, "max_rounds", low=0)
    if float(q) != 1.0:
        raise InputError(
            f"model 'bdm': q={q!r} is not supported; only q=1 (the status quo holds for sure "
            "without a challenge) is implemented, as in Scholz et al. (2011) and the reference",
            hint="use q=1",
        )
    w_all = problem.capability[:, None] * problem.salience
    if (w_all.sum(axis=0) <= 0).any():
        raise InputError(
            f"{where(problem)}every actor has zero salience, so the model has no votes",
            hint="give at least one actor a positive salience",
        )


def _stacked_positions(runs: list[dict], problem: BargainingProblem) -> np.ndarray:
    """Positions (rounds, actors, dimensions); a dimension that stopped early keeps its last ones."""
    n_rounds = max(len(run["means"]) for run in runs)
    positions = np.empty((n_rounds, problem.n_actors, problem.n_dims))
    for d, run in enumerate(runs):
        pos = run["positions"]
        positions[:, :, d] = np.vstack([pos, np.repeat(pos[-1:], n_rounds - len(pos), axis=0)])
    return positions


OFFER_COLUMNS = (
    "round",
    "dimension",
    "actor",
    "offer_type",
    "counterpart",
    "eu_actor_challenges_counterpart",
    "eu_counterpart_challenges_actor",
    "new_position",
)


def _offer_rows(run: dict, dim: str, actors: tuple[str, ...]) -> list[tuple]:
    return [
        (
            rnd,
            dim,
            actors[i],
            OFFER_TYPES[best.kind[i]],
            actors[best.counterpart[i]],
            float(best.e_ij[i]),
            float(best.e_ji[i]),
            float(best.new_position[i]),
        )
        for rnd, best in run["offers"]
        for i in np.flatnonzero(best.kind >= 0)
    ]


def _tables(runs: list[dict], problem: BargainingProblem) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The rounds, risk-exponent and offer tables of all dimensions."""
    round_frames, risk_frames, offer_rows = [], [], []
    actor_names = np.asarray(problem.actors, dtype=object)
    for dim, run in zip(problem.dimensions, runs, strict=True):
        n_k = len(run["means"])
        round_frames.append(
            pd.DataFrame(
                {
                    "round": np.arange(n_k),
                    "dimension": dim,
                    "outcome": run["means"],
                    "mean": run["means"],
                    "median": run["medians"],
                    "n_moves": run["n_moves"],
                    "max_move": run["max_moves"],
                }
            )
        )
        risk_frames.append(
            pd.DataFrame(
                {
                    "round": np.repeat(np.arange(n_k), problem.n_actors),
                    "dimension": dim,
                    "actor": np.tile(actor_names, n_k),
                    "r": run["risks"].reshape(-1),
                }
            )
        )
        offer_rows += _offer_rows(run, dim, problem.actors)
    return (
        pd.concat(round_frames, ignore_index=True),
        pd.concat(risk_frames, ignore_index=True),
        pd.DataFrame(offer_rows, columns=list(OFFER_COLUMNS)),
    )


def forecast(
    problem: BargainingProblem,
    *,
    seed: SeedLike = None,
    variant: str = "scholz_code",
    compromise_choice: str = "reference",
    fix_capitulation: bool = False,
    max_rounds: int = 10,
    early_stop: bool = False,
    q: float = 1.0,
) -> ForecastResult:
    """Run Bueno de Mesquita's expected-utility model (Scholz et al. 2011).

    Parameters
    ----------
    problem : BargainingProblem
    seed : int, Generator, SeedSequence or None
        Unused: the rounds are deterministic. Recorded in the provenance.
    variant : {"scholz_code", "bdm_normalised"}
        Denominator of the probability of success (see the module docstring).
    compromise_choice : {"reference", "least_move"}
        Which compromise an actor accepts when it has several.
    fix_capitulation : bool
        Apply the papers' capitulation test (the reference never capitulates).
    max_rounds : int
        Rounds to run (default 10, the reference's EC10 run).
    early_stop : bool
        Stop before ``max_rounds`` once no actor moves more than ``1e-9 * R``.
    q : float
        Probability the status quo holds if no challenge; only 1 is implemented.

    Returns
    -------
    ForecastResult
        ``outcome``: the weighted mean after the last round. ``rounds``: one row per
        round and dimension with ``outcome`` (= ``mean``), ``mean``, ``median``,
        ``n_moves``, ``max_move``. ``diagnostics["offers"]``: every accepted offer
        (``round, dimension, actor, offer_type, counterpart,
        eu_actor_challenges_counterpart, eu_counterpart_challenges_actor,
        new_position``); ``diagnostics["risk_exponents"]``: r_i per round.

    Raises
    ------
    InputError
        On an unknown option value, ``q != 1`` or a negative ``max_rounds``.

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("A", "B", "C"), [1, 1, 1], [0, 50, 100], [1, 1, 1])
    >>> forecast(p, max_rounds=2).rounds["round"].tolist()
    [0, 1, 2]
    """
    _check_options(problem, variant, compromise_choice, max_rounds, q)
    runs = [
        _run_dimension(
            problem.position[:, d],
            problem.capability,
            problem.salience[:, d],
            variant=variant,
            compromise_choice=compromise_choice,
            fix_capitulation=bool(fix_capitulation),
            max_rounds=int(max_rounds),
            early_stop=bool(early_stop),
            q=float(q),
        )
        for d in range(problem.n_dims)
    ]
    positions = _stacked_positions(runs, problem)
    rounds, risks, offers = _tables(runs, problem)
    parameters = {
        "variant": variant,
        "compromise_choice": compromise_choice,
        "fix_capitulation": bool(fix_capitulation),
        "max_rounds": int(max_rounds),
        "early_stop": bool(early_stop),
        "q": float(q),
        "multi_dimension": "each dimension run independently",
    }
    prov = provenance(f"bdm/{variant}", CITATIONS, parameters, seed, problem)
    return ForecastResult(
        model="bdm",
        issue=problem.name,
        actors=problem.actors,
        dimensions=problem.dimensions,
        outcome=np.array([run["means"][-1] for run in runs]),
        final_positions=positions[-1].copy(),
        path=path_frame(problem, positions),
        rounds=rounds,
        converged=all(run["converged"] for run in runs),
        n_iter=positions.shape[0] - 1,
        provenance=prov,
        diagnostics={
            "offers": offers,
            "risk_exponents": risks,
            "initial_median": np.array([run["medians"][0] for run in runs]),
            "spread": np.array([float(np.ptp(problem.position[:, d])) for d in range(problem.n_dims)]),
        },
    )
