r"""KTAB's spatial model of politics (SMP), reimplemented in numpy.

The KAPSARC Toolkit for Behavioral Analysis (KTAB; Wise, Lester & Efird 2015; KAPSARC
2016-17) models a negotiation as a sequence of *states*. A state holds every actor's
current position :math:`x_i \in [0,1]^D`; actors carry a scalar capability
:math:`c_i > 0` and per-dimension saliences :math:`s_{id} \ge 0` with
:math:`S_i = \sum_d s_{id} \le 1`. This module follows the ``smpc`` program (the SMP
library under ``examples/smp`` of the KTAB sources) and reproduces its reference runs.

Utility
    Salience-weighted distance from actor *i* to a position *y*,

    .. math:: \delta_i(y) = \sqrt{\frac{\sum_d s_{id}^2 (x_{id} - y_d)^2}{\sum_d s_{id}^2}},

    and utility :math:`u = (1-\delta)(1+\delta R)` with a risk attitude
    :math:`R \in [-1, 1]` (for :math:`\delta > 1`, :math:`u = (1-\delta)(1+R)`).

Votes, coalitions and victory probabilities
    Actor *k* with weight :math:`w_k` votes between options *i* and *j* with
    :math:`v_k(i{:}j) = w_k\, f(u_{ki} - u_{kj})` (``Proportional``: :math:`f(x) = x`).
    The coalition for *i* over *j* is :math:`C_{ij} = 10^{-8} + \sum_k \max(v_k(i{:}j), 0)`
    and (``Linear``) :math:`P[i > j] = C_{ij} / (C_{ij} + C_{ji})`. The ``Conditional``
    probabilistic Condorcet election (PCE) gives option *i* the probability
    :math:`p_i \propto \prod_j P[i > j]`.

Risk attitudes (``BigRRange``, ``BigRAdjust``)
    In every state, a risk-neutral PCE over all actors' positions (weights
    :math:`w_k = c_k`) gives :math:`p_i`; actors whose positions are likely to win are
    risk-acceptant. ``Mid`` maps :math:`[p_{min}, p_{max}]` onto :math:`[-1/2, 1]`:
    :math:`R_i = (3 p_i - p_{max} - 2 p_{min}) / (2 (p_{max} - p_{min}))`
    (``Min``: onto [0, 1]; ``Max``: onto [-1, 1]). Actor *h* perceives *i*'s attitude
    as :math:`R^h_i = (2 R_h + R_i)/3` (``OneThird``; also ``Full``, ``TwoThirds``,
    ``Half``, ``None``), giving *h*'s utility matrix :math:`U^h_{ij}`.

Challenges (``ThirdPartyCommit``)
    Actor *h* estimates the contest of *i* against *j*. The principals contribute
    :math:`S_i c_i (U^h_{ii} - U^h_{ij})` and :math:`S_j c_j (U^h_{ji} - U^h_{jj})`;
    each third party *n* first estimates the little contest
    :math:`p_{in}` with its own vote added, then votes
    :math:`S_n c_n [\,p_{in}(2u_{ni} + u_{nn}) + p_{jn} 3u_{nj}
    - p_{in} 3u_{ni} - p_{jn}(2u_{nj} + u_{nn})]` (``SemiCommit``). With the coalitions
    summed, :math:`P^h[i>j] = C_{ij}/(C_{ij}+C_{ji})`. The expected change of utility to
    *k* is

    .. math:: \Delta^h_k = (1-S_j)\, 2U^h_{ki} + S_j [P\, 2U^h_{ki} + (1-P)\, 2U^h_{kj}]
              - (U^h_{ki} + U^h_{kj}).

    Each actor challenges the *j* with the largest :math:`\Delta^i_i > 10^{-5}` (if any).

Bargains (``InterVecBrgn``, ``BargnModel``)
    With ``InitOnlyInterp`` the challenger proposes, on each dimension *d*, the
    interpolation (``S2P2``) with weights :math:`w_i = s_{id}^2 p^2`,
    :math:`w_j = s_{jd}^2 (1-p)^2`, *p* = the challenger's estimate of winning:
    :math:`b_i = ((w_i + 10^{-6}) x_{id} + w_j x_{jd}) / (w_i + w_j + 10^{-6})` for the
    challenger and :math:`b_j = (w_i x_{id} + (w_j + 10^{-6}) x_{jd}) / (\dots)` for the
    target, both rounded to 4 decimals. The bargain goes on the lists of both actors.

State transition (``StateTransitions``)
    For each actor *k*, every bargain on its list (plus the status quo) is valued by each
    actor *m* as the mean utility of the positions it leaves (the two bargained positions
    valued with :math:`R_m`, the rest from :math:`U^m_{mn}`); a PCE with
    :math:`w_m = c_m` over these bargains picks the most probable one
    (``Deterministic``) or draws one (``Stochastic``), and *k* adopts its side of it.

Stopping and outputs
    With :math:`\operatorname{dist}(s, s') = \sum_i \lVert x_i - x'_i \rVert_2`, the run
    stops after step *t* when :math:`t \ge` ``max_iter``, or when :math:`t \ge` ``min_iter``
    and :math:`\operatorname{dist}(s_t, s_{t-1}) / (\operatorname{dist}(s_0, s_1) + 10^{-4})
    < 0.02`. In each state, positions closer than ``pos_tol`` = 0.001 are one *distinct*
    position; the win probability of each distinct position is the PCE with each actor
    valuing positions with its own risk attitude, :math:`u_{ij} = U^i_{ij}`.

Parameters (``smpc`` defaults first; all are keyword options of :func:`smp` and :func:`forecast`)
    ``victory_prob_model`` Linear | Square | Quartic | Octic | Binary;
    ``voting_rule`` Proportional | Binary | PropBin | PropCbc | Cubic | ASymProsp;
    ``pce_model`` Conditional | MarkovUniform | MarkovIncentive;
    ``state_transitions`` Deterministic | Stochastic (draws with ``seed``);
    ``big_r_range`` Mid | Min | Max; ``big_r_adjust`` OneThird | Full | TwoThirds | Half |
    None; ``third_party_commit`` SemiCommit | FullCommit | NoCommit;
    ``inter_vec_bargain`` S2P2 | S1P1 | S2PMax; ``bargain_model`` InitOnlyInterp |
    InitRcvrInterp | PWCompInterp; ``min_iter`` 2, ``max_iter`` 100,
    ``min_delta_ratio`` 0.02, ``min_sig_delta`` 1e-4, ``pos_tol`` 0.001 (on [0, 1]);
    ``capability_scale`` 100 (see below). Actors' ideals are their current positions
    (KTAB's accommodation matrix is the identity in ``smpc``; other matrices are not
    offered).

Fidelity
    With the defaults this reproduces KTAB's reference runs (``doc/20170530_ref-*.txt``):
    for dummyData_3Dim (7 actors, 3 dimensions) and SOE-Pol-Comp (13 actors, 2
    dimensions) the number of states (11, 28), every actor's position in every state as
    KTAB prints it (one decimal on 0-100) and every win probability (four decimals).
    KTAB's floors on coalition strength (1e-8, 1e-10) are absolute, so KTAB's results
    depend weakly on the units of capability (a near-tie can round the other way);
    ``capability_scale=100`` rescales capabilities so the largest is 100 first, which
    makes the model invariant to those units and leaves both reference runs unchanged
    (``capability_scale=None`` uses them as given, as KTAB does). Ties between equally
    probable bargains go to the first in the list (the status quo, then bargains by
    challenger index); KTAB orders its lists by thread completion, which matters only
    for exact ties. An actor with no salience at all is indifferent (distance 0 to every
    position), where KTAB stops with an assertion.

KTAB rejects issues whose positions are all at the ends of the scale (0 or 100): every
distance is then 0 or 1, so utilities do not depend on risk attitudes, and KTAB's
consistency checks fail. This implementation drops those checks (risk attitudes then
simply have no effect) and, when all positions are equally likely to win so that
:math:`p_{max} = p_{min}`, makes every actor risk-neutral (:math:`R_i = 0`).

Where the KTAB code departs from its own comments, this module follows the code (the
goal is to reproduce ``smpc``): with ``PWCompInterp`` or ``InitRcvrInterp`` the target's
bargain is interpolated with the target's estimated *utility change* in place of a
probability, and the power-weighted compromise weighs the target with the challenger's
capability times the target's salience.

Layout: :mod:`~foedus.bargaining.ktab.election` (votes, coalitions, PCE, risk
attitudes), :mod:`~foedus.bargaining.ktab.solver` (:func:`smp`, :class:`SMPRun`),
:mod:`~foedus.bargaining.ktab.interface` (:func:`forecast`, whose outcome is the expected
final position: the distinct final positions weighted by their win probabilities).

Complexity: O(n^3) per state for n actors (every challenger's estimate of every
contest, each with n third parties; the elections over bargains are O(n^3) too), times
the number of states, which the stopping rule decides (2 to ``max_iter`` = 100; 22 on
average on DEU's issues of 25-30 actors).

References
----------
Wise, B., Lester, L. & Efird, B. (2015), *An introduction to the KAPSARC Toolkit for
Behavioral Analysis (KTAB) using one-dimensional spatial models*, KAPSARC discussion
paper [wise_lester_efird_2015]. KAPSARC (2017), *KTAB*, https://github.com/KAPSARC/KTAB
[kapsarc_ktab].

Examples
--------
>>> import numpy as np
>>> run = smp([1.0, 1.0, 2.0], [[0.2], [0.5], [0.9]], [[0.8], [0.8], [0.8]])
>>> run.n_states >= 3, bool(np.isclose(run.final_probabilities.sum(), 1.0))
(True, True)
"""

from __future__ import annotations

from foedus.bargaining.ktab.interface import forecast
from foedus.bargaining.ktab.solver import CITATIONS, SMPRun, smp

__all__ = ["CITATIONS", "SMPRun", "forecast", "smp"]
