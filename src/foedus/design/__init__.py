"""Pact design search: which design deters most while being accepted?

The inverse of evaluating a hand-written design: a :class:`DesignSpace` (read from YAML with
:func:`load_space`; ``scenarios/asian-nato-space.yaml`` is the shipped example) names the
members, obligations, scopes, clauses and constraints a pact may have; every point of it is a
:class:`~foedus.treaty.Treaty`. :class:`Objectives` scores a treaty, added to the scenario's
base design, on four objectives computed by the existing models (deterrence from the estimated
crisis models with common random numbers, acceptance from the bargaining forecasts of the
adoption issue, cost from the members' military spending, entrapment from the obligations
engine), and :func:`search` returns the Pareto front as a :class:`DesignResult`: exhaustive
over small spaces, NSGA-II (Deb et al. 2002, through pymoo) over large ones.

============== =========================================================
module         job
============== =========================================================
``space``      the design space, its points, constraints and treaties
``objectives`` deterrence, acceptance, cost, entrapment of a treaty
``search``     exhaustive and NSGA-II search, Pareto dominance
``result``     the front, the dominated designs, the hand-written ones
============== =========================================================

References: Deb, Pratap, Agarwal & Meyarivan (2002); Blank & Deb (2020).
"""

from foedus.design.objectives import NAMES, Evaluation, Objectives
from foedus.design.result import DesignResult
from foedus.design.search import dominates, non_dominated, search
from foedus.design.space import DesignPoint, DesignSpace, load_space

__all__ = [
    "NAMES",
    "DesignPoint",
    "DesignResult",
    "DesignSpace",
    "Evaluation",
    "Objectives",
    "dominates",
    "load_space",
    "non_dominated",
    "search",
]
