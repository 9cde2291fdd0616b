r"""Landscape theory of aggregation (Axelrod & Bennett 1993): who aligns with whom.

Actors :math:`i = 1..n` have sizes :math:`s_i > 0` and symmetric pairwise propensities
:math:`p_{ij}` (:math:`p_{ii} = 0`; :math:`p_{ij} > 0`: i and j prefer to be together). A
*configuration* :math:`X` puts every actor on one of two sides; :math:`d_{ij}(X) = 0` if
i and j are on the same side and 1 otherwise. Actor i's *frustration* and the system's
*energy* are

.. math::

    F_i(X) = \sum_{j \ne i} s_j\, p_{ij}\, d_{ij}(X), \qquad
    E(X) = \sum_i s_i F_i(X) = \sum_{i \ne j} s_i s_j p_{ij} d_{ij}(X).

Actors are myopic: one at a time, an actor switches sides if that lowers its frustration,
which (propensities being symmetric) lowers the energy; the system settles in a *local
minimum*, a configuration that no single move makes strictly lower (ties count as minima,
as in Furnas's code). The *basin of attraction* of a minimum is the set of configurations
from which steepest descent (move the actor whose move lowers :math:`E` most, ties by
lowest index) ends there; its share of all configurations measures how likely and how
robust that alignment is.

Conventions
-----------
``convention="ordered"`` (default) sums over ordered pairs, as A&B write it and as
Furnas's R code computes it; ``"unordered"`` sums over :math:`i < j` (half the ordered
value), as many re-implementations do. Minima and basins do not depend on it. Sides are
unlabelled: actor 0 is always put on side A, so there are :math:`2^{n-1}` configurations.

Search
------
``method="exhaustive"`` visits every configuration in reflected-Gray-code order, so that
consecutive configurations differ by one actor and the fields
:math:`g_i = \sum_j s_i s_j p_{ij}\sigma_j` (:math:`\sigma = \pm 1` for the sides) are
updated in :math:`O(n)` per step; a configuration's energy and its n move costs
:math:`2\sigma_i g_i` follow from the fields. A numba kernel (parallel over blocks of the
enumeration; the ``fast`` extra) and a numpy kernel (vectorised across the same blocks)
give bit-identical results; integer couplings :math:`s_i s_j p_{ij}` use exact integer
arithmetic. Basins are exact (every configuration's steepest-descent successor, resolved to
its minimum by pointer jumping) up to ``max_exact_basins`` configurations, and estimated by
steepest descent from uniformly sampled configurations beyond (stated in the result).
``method="heuristic"`` runs seeded multi-start steepest descent for any n: it reports the
lowest energy found, with no guarantee that it is the global minimum.

Multi-coalition extension
-------------------------
A&B's theory allows more than two coalitions: with ``groups=k``, :math:`d_{ij} = 1` iff i
and j are in different groups, and a move takes one actor to another (possibly empty)
group. Exhaustive search then enumerates the set partitions into at most k blocks
(restricted growth strings, :math:`\sum_{j \le k} S(n, j)` of them); the heuristic
runs multi-start descent. With ``groups=2`` both reduce to the two-sided search.

Propensities from data
----------------------
:func:`propensities_from_factors` builds :math:`p_{ij}` as A&B did, as a sum of dyadic
factors (shared attributes such as religion or regime; pair lists such as border disputes
or past wars). It takes plain DataFrames, so World-based measures (UNGA ideal-point
distance, ATOP ties, contiguity) slot in as further factors.

References
----------
Axelrod, R. & Bennett, D.S. (1993) "A landscape theory of aggregation", *British Journal
of Political Science* 23(2): 211-233 (``axelrod_bennett_1993``). Axelrod, R. (1997) *The
Complexity of Cooperation*, ch. 4 (``axelrod_1997``). Furnas, A. (2016) Landscape_Theory,
R code and Syria data (``furnas_2016``).

Examples
--------
>>> ls = Landscape(["A", "B", "C"], [1, 1, 2], [[0, 1, -1], [1, 0, -1], [-1, -1, 0]])
>>> r = search(ls)
>>> r.sides, r.energy
((('A', 'B'), ('C',)), -8.0)

The package: :mod:`~.spec` (the landscape and its energy), :mod:`~.search` (exhaustive and
heuristic search of two sides), :mod:`~.groups` (more than two), :mod:`~.result`.
"""

from __future__ import annotations

from foedus.coalitions.landscape.groups import MAX_PARTITIONS
from foedus.coalitions.landscape.result import LandscapeResult
from foedus.coalitions.landscape.search import DEFAULT_MAX_EXACT_BASINS, MAX_EXHAUSTIVE_N, search
from foedus.coalitions.landscape.spec import (
    CITATIONS,
    Convention,
    Landscape,
    energy,
    frustration,
    propensities_from_factors,
)

__all__ = [
    "CITATIONS",
    "DEFAULT_MAX_EXACT_BASINS",
    "MAX_EXHAUSTIVE_N",
    "MAX_PARTITIONS",
    "Convention",
    "Landscape",
    "LandscapeResult",
    "energy",
    "frustration",
    "propensities_from_factors",
    "search",
]
