r"""The exchange model: actors trade support across the linked issues of one proposal.

Theory
------
Issues of one legislative proposal are decided together, so an actor can give way on an
issue it cares little about in return for support on one it cares about more. The
exchange model of Stokman & Van Oosten (1994), applied to EU legislation by Arregui,
Stokman & Thomson (2004; 2006, ch. 5 of Thomson et al. 2006), finds the exchanges of
voting positions that make both partners better off and forecasts each issue with the
compromise model (:mod:`foedus.bargaining.compromise`) on the positions after the
exchanges.

Positions are mapped to [0, 1] on each issue's scale. With weights
:math:`w_{ia} = c_i s_{ia}` and :math:`W_a = \sum_i w_{ia}`, the expected outcome of
issue a is the compromise :math:`O_a = \sum_i w_{ia} x_{ia} / W_a`; actor i values
issue a at :math:`-s_{ia} |x_{ia} - O_a|` (linear loss weighted by salience).

*Possible exchange* between actors i and j on issues a and b: i and j lie on opposite
sides of :math:`O_a` and of :math:`O_b`, and i cares relatively more about a,
:math:`s_{ia} s_{jb} > s_{ib} s_{ja}`. Then j shifts its position on a towards i
(moving :math:`O_a` by u towards i) and i shifts on b towards j (moving :math:`O_b` by
v towards j). The gains are :math:`G_i = u s_{ia} - v s_{ib}`, :math:`G_j = v s_{jb} - u s_{ja}`.

*Exchange rate*: both gain equally (Stokman & Van Oosten's rule),
:math:`v = u (s_{ia} + s_{ja}) / (s_{ib} + s_{jb})`, and so
:math:`G = u (s_{ia} s_{jb} - s_{ib} s_{ja}) / (s_{ib} + s_{jb})`.

*Size*: an actor shifts at most to the expected outcome (it does not cross it), so
:math:`u \le w_{ja} |x_{ja} - O_a| / W_a` and :math:`v \le w_{ib} |x_{ib} - O_b| / W_b`;
u is the largest value meeting both.

*Realisation*: the possible exchanges are taken in order of decreasing gain G (ties: in
order of actors and issues); each actor shifts its position on an issue at most once a
round, so an exchange that needs a shift already made is skipped. Positions then move,
outcomes are recomputed and, if ``max_rounds > 1``, the next round starts from them.

The forecast is :math:`O_a` after the last round. An issue without a partner issue
(one dimension, nothing ``linked``) gets the compromise forecast.

Linking. A problem's dimensions are the linked issues. Separate problems (DEU's
issues of one proposal) are linked with ``linked=``: the actors are united, an actor
absent from an issue has zero salience there (no weight, nothing to trade), and the
forecast is returned for the problem's own dimensions. :func:`proposal_of` gives a
problem's proposal (its ``proposal``, or DEU's issue id without its ``i<k>`` suffix)
and :func:`~foedus.bargaining.forecast_table` links every proposal's issues.

Complexity: O(n^2 m^2 log(n m)) per round for n actors and m linked issues (all pairs of
actors and of issues, sorted by gain); one round by default.

References
----------
Stokman & Van Oosten (1994) (``stokman_van_oosten_1994``); Arregui, Stokman & Thomson
(2004) (``arregui_stokman_thomson_2004``); Arregui, Stokman & Thomson (2006)
(``arregui_stokman_thomson_2006``) in Thomson et al. (2006) (``thomson_etal_2006``).

Examples
--------
>>> from foedus.bargaining import BargainingProblem, forecast
>>> p = BargainingProblem(("A", "B"), [1, 1], [[0, 0], [100, 100]], [[0.9, 0.1], [0.1, 0.9]],
...                       dimensions=("a", "b"))
>>> forecast(p, "mean").outcome.tolist()
[10.0, 90.0]
>>> forecast(p, "exchange").outcome.round(6).tolist()  # B moves to 10 on a, A to 90 on b
[1.0, 99.0]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from foedus import limits
from foedus.bargaining._common import one_shot_result, provenance, where
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike

__all__ = ["CITATIONS", "exchange_round", "forecast", "link", "proposal_of"]

CITATIONS = (
    "stokman_van_oosten_1994",
    "arregui_stokman_thomson_2004",
    "arregui_stokman_thomson_2006",
    "thomson_etal_2006",
)
_MIN_GAIN = 1e-12
_DEU_ISSUE = re.compile(r"^(?P<proposal>.+?)i\d+$")


def proposal_of(problem: BargainingProblem) -> str:
    """The proposal an issue belongs to: ``problem.proposal``, else DEU's id prefix, else its name.

    Examples
    --------
    >>> p = BargainingProblem(("A", "B"), [1, 1], [0, 1], [1, 1], name="d00032i2")
    >>> proposal_of(p)
    'd00032'
    """
    if problem.proposal:
        return problem.proposal
    match = _DEU_ISSUE.match(problem.name)
    return match.group("proposal") if match else problem.name


def link(problems: Sequence[BargainingProblem]) -> tuple[tuple[str, ...], np.ndarray, np.ndarray, np.ndarray]:
    """Unite the actors of several issues: (actors, capability, position on [0, 1], salience).

    Columns run over the problems' dimensions in order. An actor absent from an issue
    gets salience 0 and the issue's mean position there; an actor's capability is the
    first one given.
    """
    actors: dict[str, float] = {}
    for p in problems:
        for a, c in zip(p.actors, p.capability, strict=True):
            actors.setdefault(a, float(c))
    index = {a: k for k, a in enumerate(actors)}
    cols = sum(p.n_dims for p in problems)
    pos = np.zeros((len(actors), cols))
    sal = np.zeros((len(actors), cols))
    col = 0
    for p in problems:
        lo, hi = p.scale
        rows = [index[a] for a in p.actors]
        scaled = (p.position - lo) / (hi - lo)
        pos[:, col : col + p.n_dims] = scaled.mean(axis=0)
        pos[rows, col : col + p.n_dims] = scaled
        sal[rows, col : col + p.n_dims] = p.salience
        col += p.n_dims
    return tuple(actors), np.array(list(actors.values())), pos, sal


def _outcomes(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return (w * x).sum(axis=0) / w.sum(axis=0)


def _candidates(
    x: np.ndarray, s: np.ndarray, w: np.ndarray
) -> list[tuple[float, int, int, int, int, float, float]]:
    """Every possible exchange ``(gain, i, j, a, b, u, v)``: j shifts on a, i shifts on b."""
    total = w.sum(axis=0)
    out = _outcomes(w, x)
    side = np.sign(x - out)  # (n, m)
    room = w * np.abs(x - out) / total  # how far each actor's shift can move each outcome
    found = []
    n, m = x.shape
    for a in range(m):
        for b in range(m):
            if a == b:
                continue
            # i on one side, j on the other, on both issues; i cares relatively more about a
            opposite = (side[:, None, a] * side[None, :, a] < 0) & (side[:, None, b] * side[None, :, b] < 0)
            keen = s[:, None, a] * s[None, :, b] - s[:, None, b] * s[None, :, a]
            rate = (s[:, None, a] + s[None, :, a]) / np.maximum(s[:, None, b] + s[None, :, b], 1e-300)
            u = np.minimum(room[None, :, a], room[:, None, b] / np.maximum(rate, 1e-300))
            gain = u * keen / np.maximum(s[:, None, b] + s[None, :, b], 1e-300)
            # (i, j, a, b) and (j, i, b, a) are one trade: keep the first
            ok = opposite & (keen > 0) & (gain > _MIN_GAIN) & np.triu(np.ones((n, n), dtype=bool), 1)
            for i, j in zip(*np.nonzero(ok), strict=True):
                found.append(
                    (float(gain[i, j]), int(i), int(j), a, b, float(u[i, j]), float(u[i, j] * rate[i, j]))
                )
    found.sort(key=lambda e: (-e[0], e[1], e[2], e[3], e[4]))
    return found


def exchange_round(
    x: np.ndarray, s: np.ndarray, c: np.ndarray
) -> tuple[np.ndarray, list[tuple[int, int, int, int, float]]]:
    """One round of exchanges; returns the new positions and the exchanges made ``(i, j, a, b, gain)``.

    ``x`` and ``s`` are (n, m) on [0, 1]; ``c`` is (n,).
    """
    w = c[:, None] * s
    total = w.sum(axis=0)
    out = _outcomes(w, x)
    new = x.copy()
    used = np.zeros(x.shape, dtype=bool)
    made = []
    for gain, i, j, a, b, u, v in _candidates(x, s, w):
        if used[j, a] or used[i, b]:
            continue
        # a shift of the outcome by u needs a shift of the position by u * W / w
        new[j, a] += np.sign(x[i, a] - out[a]) * u * total[a] / w[j, a]
        new[i, b] += np.sign(x[j, b] - out[b]) * v * total[b] / w[i, b]
        used[j, a] = used[i, b] = True
        made.append((i, j, a, b, gain))
    return new, made


def forecast(
    problem: BargainingProblem,
    *,
    seed: SeedLike = None,
    linked: Sequence[BargainingProblem] = (),
    max_rounds: int = 1,
) -> ForecastResult:
    """Forecast with the compromise model after the exchanges of support across linked issues.

    Parameters
    ----------
    problem : BargainingProblem
        Its dimensions are linked issues.
    seed : int, Generator, SeedSequence or None
        Unused (the model is deterministic); recorded in the provenance.
    linked : sequence of BargainingProblem
        Other issues of the same proposal to trade across (e.g. from
        :func:`proposal_of`); the forecast covers ``problem``'s dimensions only.
    max_rounds : int
        Rounds of exchange (default 1); stops early when no exchange is possible.

    Returns
    -------
    ForecastResult
        ``rounds`` holds the compromise ``before`` the exchanges; ``diagnostics``
        the exchanges made (``actor``, ``partner``, the issue the partner gave way on,
        the issue the actor gave way on, the gain) and ``linked_issues``.

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> a = BargainingProblem(("A", "B"), [1, 1], [0, 100], [0.9, 0.1], name="p1i1")
    >>> b = BargainingProblem(("A", "B"), [1, 1], [0, 100], [0.1, 0.9], name="p1i2")
    >>> round(float(forecast(a, linked=[b]).outcome[0]), 6)  # B gave way on p1i1
    1.0
    """
    if isinstance(max_rounds, bool) or not isinstance(max_rounds, (int, np.integer)) or max_rounds < 1:
        raise InputError(f"model 'exchange': max_rounds={max_rounds!r} is not a positive integer")
    limits.ROUNDS.check(max_rounds, "max_rounds")
    group = [problem, *[p for p in linked if p is not problem]]
    if any(not isinstance(p, BargainingProblem) for p in group):
        raise InputError("model 'exchange': linked must be a sequence of BargainingProblem")
    actors, cap, x, s = link(group)
    w = cap[:, None] * s
    if (w.sum(axis=0) <= 0).any():
        raise InputError(
            f"{where(problem)}every actor has zero salience on some issue, so no one can trade on it",
            hint="give at least one actor a positive salience on every issue",
        )
    before = _outcomes(w, x)
    names = [f"{p.name}:{d}" if p.n_dims > 1 else p.name for p in group for d in p.dimensions]
    trades = []
    for rnd in range(1, int(max_rounds) + 1):
        x, made = exchange_round(x, s, cap)
        trades += [(rnd, actors[i], actors[j], names[a], names[b], g) for i, j, a, b, g in made]
        if not made:
            break
    lo, hi = problem.scale
    own = slice(0, problem.n_dims)
    outcome = lo + (hi - lo) * _outcomes(w, x)[own]
    params = {"max_rounds": int(max_rounds), "linked_issues": names}
    prov = provenance("exchange/stokman_van_oosten", CITATIONS, params, seed, problem)
    extra = {"before": lo + (hi - lo) * before[own]}
    diagnostics = {"exchanges": trades, "linked_issues": names}
    return one_shot_result(problem, "exchange", outcome, prov, extra, diagnostics)
