"""Search a design space for the Pareto front of deterrence, acceptance, cost and entrapment.

:func:`search` evaluates designs with :class:`~foedus.design.objectives.Objectives` and keeps
every evaluation in an archive; the front is the archive's non-dominated feasible designs
(:func:`non_dominated`), so whatever the method, a returned design is dominated by no other
evaluated one.

- ``method="exhaustive"`` evaluates every feasible canonical point of the space
  (:meth:`DesignSpace.points`); it refuses a space with more points than ``budget``.
- ``method="nsga2"`` runs NSGA-II (Deb et al. 2002) from pymoo (Blank & Deb 2020) on the
  integer encoding of :meth:`DesignSpace.decode` (simulated binary crossover and polynomial
  mutation with rounding, the library's recipe for integer variables), the space's constraints
  as one inequality (the number of rules a design breaks, so infeasible designs lose every
  tournament against feasible ones), and duplicates eliminated. A design met twice is looked up,
  not simulated again; the search stops before the number of distinct designs evaluated would
  pass ``budget``.
- ``method="auto"`` (the default) is exhaustive when the space holds at most ``budget``
  designs, NSGA-II otherwise.

**Reproducibility.** The crisis simulations of every design use the same seed (common random
numbers), pymoo's generator is seeded with it too, and the evaluations do not depend on the
executor, so one seed gives the same front bit for bit, with one worker or many.

Examples
--------
>>> from foedus.scenario import load_scenario, shipped_scenario
>>> from foedus.design.space import DesignSpace
>>> space = DesignSpace.model_validate({
...     "name": "tiny", "base": "hub_and_spoke", "members": {"candidates": ["USA", "JPN", "AUL"]},
...     "obligations": ["defence", "consultation"],
...     "scopes": {"territory": {"location": ["member_territory", "administered_territory"]}},
...     "constraints": {"min_members": 3},
...     "acceptance": {"actors": {"JPN": ["JPN-PM", "JPN-MOFA", "JPN-Komeito"]}}})
>>> r = search(load_scenario(shipped_scenario()), space, seed=1, draws=128, events=["korea"])
>>> r.method, r.evaluated, len(r.front) >= 1
('exhaustive', 2, True)
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import numpy as np

from foedus.design.checkpoint import Checkpoint
from foedus.design.objectives import CITATIONS as OBJECTIVE_CITATIONS
from foedus.design.objectives import NAMES, Evaluation, Objectives, make_executor
from foedus.design.result import DesignResult, Entry
from foedus.design.space import DesignPoint, DesignSpace
from foedus.errors import InputError
from foedus.provenance import Provenance
from foedus.scenario import Scenario

__all__ = ["CITATIONS", "dominates", "non_dominated", "search"]

CITATIONS = ("deb_etal_2002", "blank_deb_2020")
METHODS = ("auto", "exhaustive", "nsga2")
Progress = Callable[[int, int], None]


def dominates(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether ``a`` Pareto-dominates ``b`` (both vectors to minimise): no worse anywhere,
    better somewhere.

    >>> dominates(np.array([0, 1]), np.array([0, 2])), dominates(np.array([0, 1]), np.array([1, 0]))
    (True, False)
    """
    return bool(np.all(a <= b) and np.any(a < b))


def non_dominated(f: np.ndarray) -> np.ndarray:
    """Indices of the rows of ``f`` (to minimise) that no other row dominates, in order.

    >>> non_dominated(np.array([[0, 1], [1, 0], [1, 1], [0, 1]])).tolist()
    [0, 1, 3]
    """
    f = np.asarray(f, dtype=float)
    keep = []
    for i in range(len(f)):
        le = np.all(f <= f[i], axis=1)
        lt = np.any(f < f[i], axis=1)
        if not np.any(le & lt):
            keep.append(i)
    return np.array(keep, dtype=int)


class _Archive:
    """Every design evaluated, by canonical point, in the order first met; with a checkpoint,
    each batch is kept on disk and a design kept there is read back, not simulated."""

    def __init__(
        self,
        space: DesignSpace,
        objectives: Objectives,
        progress: Progress | None,
        total: int,
        checkpoint: Checkpoint | None = None,
    ) -> None:
        self.space, self.objectives = space, objectives
        self.evals: dict[DesignPoint, Evaluation] = {}
        self.progress, self.total = progress, total
        self.checkpoint = checkpoint
        self.kept = checkpoint.load() if checkpoint is not None else {}
        self.resumed = 0

    def evaluate(self, points: Sequence[DesignPoint]) -> list[Evaluation]:
        new = list(dict.fromkeys(p for p in points if p not in self.evals and self.space.feasible(p)))
        for p in [p for p in new if p in self.kept]:
            objectives, intervals, details, notes = self.kept.pop(p)
            self.evals[p] = Evaluation(self.space.treaty(p), objectives, intervals, details)
            self.objectives.notes.extend(notes)
            self.resumed += 1
            if self.progress is not None:
                self.progress(min(len(self.evals), self.total), self.total)
        new = [p for p in new if p not in self.evals]
        if new:
            treaties = [self.space.treaty(p) for p in new]

            def tick(k: int) -> None:
                if self.progress is not None:
                    self.progress(min(len(self.evals) + k, self.total), self.total)

            done = [0]

            def step(k: int) -> None:
                done[0] += k
                tick(done[0])

            before = len(self.objectives.notes)
            evals = self.objectives.evaluate(treaties, step)
            notes = self.objectives.notes[before:]
            for p, ev in zip(new, evals, strict=True):
                self.evals[p] = ev
            if self.checkpoint is not None:
                self.checkpoint.append(
                    [
                        (p, ev.objectives, ev.intervals, ev.details, notes)
                        for p, ev in zip(new, evals, strict=True)
                    ]
                )
        return [self.evals[p] for p in points if p in self.evals]


def _exhaustive(archive: _Archive, space: DesignSpace, budget: int) -> None:
    points = space.points(limit=budget)
    archive.total = len(points)
    archive.evaluate(points)


def _nsga2(archive: _Archive, space: DesignSpace, budget: int, seed: int, pop_size: int) -> dict[str, Any]:
    try:
        from pymoo.algorithms.moo.nsga2 import NSGA2
        from pymoo.core.evaluator import Evaluator
        from pymoo.core.problem import Problem
        from pymoo.operators.crossover.sbx import SBX
        from pymoo.operators.mutation.pm import PM
        from pymoo.operators.repair.rounding import RoundingRepair
        from pymoo.problems.static import StaticProblem
    except ImportError:  # pragma: no cover - pymoo is in the design extra
        raise InputError(
            "the evolutionary design search needs pymoo", hint="pip install 'foedus[design]'"
        ) from None
    lo, hi = space.bounds()
    problem = Problem(n_var=space.n_genes, n_obj=len(NAMES), n_ieq_constr=1, xl=lo, xu=hi, vtype=int)
    algorithm = NSGA2(
        pop_size=pop_size,
        sampling=_feasible_start(space, pop_size, seed),
        crossover=SBX(prob=0.9, eta=15, vtype=float, repair=RoundingRepair()),
        mutation=PM(eta=20, vtype=float, repair=RoundingRepair()),
        eliminate_duplicates=True,
    )
    algorithm.setup(problem, termination=("n_gen", 10_000), seed=int(seed) % (2**32), verbose=False)
    generations = 0
    worst = np.full(len(NAMES), 1e6)
    while algorithm.has_next():
        if generations and len(archive.evals) + pop_size > budget:
            break
        pop = algorithm.ask()
        x = np.rint(pop.get("X")).astype(int)
        points = [space.decode(row) for row in x]
        archive.evaluate(points)
        f = np.array([archive.evals[p].minimised() if p in archive.evals else worst for p in points])
        g = np.array([[float(len(space.violations(p)))] for p in points])
        Evaluator().eval(StaticProblem(problem, F=f, G=g), pop)
        algorithm.tell(infills=pop)
        generations += 1
    return {"generations": generations, "pop_size": pop_size}


def _feasible_start(space: DesignSpace, n: int, seed: int) -> np.ndarray:
    """A first population of ``n`` distinct feasible designs drawn at random (uniform genes),
    topped up with infeasible ones if the space will not give ``n`` in a thousand tries each:
    random genes alone rarely meet constraints such as "Japan only with its clauses"."""
    rng = np.random.default_rng(seed)
    lo, hi = space.bounds()
    found: dict[DesignPoint, np.ndarray] = {}
    spare = []
    for _ in range(1000 * n):
        x = rng.integers(lo, hi + 1)
        p = space.decode(x)
        if space.feasible(p):
            found.setdefault(p, space.encode(p))
        elif len(spare) < n:
            spare.append(x)
        if len(found) >= n:
            break
    rows = [*found.values(), *spare][:n]
    return np.array(rows, dtype=float)


def _handwritten(scenario: Scenario, space: DesignSpace) -> list[tuple[str, str, Any]]:
    """The scenario's own designs that add one treaty to the base: (name, label, treaty)."""
    base_ids = {t.id for t in scenario.design(space.base).treaties}
    out = []
    for name, d in scenario.designs.items():
        added = [t for t in d.treaties if t.id not in base_ids]
        if name != space.base and len(added) == 1:
            out.append((name, d.label, added[0]))
    return out


def search(
    scenario: Scenario,
    space: DesignSpace,
    *,
    method: str = "auto",
    budget: int = 100,
    seed: int = 0,
    draws: int = 1024,
    workers: int = 1,
    events: Sequence[str] | None = None,
    pop_size: int = 20,
    adoption: str | Path | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
    checkpoint: str | Path | None = None,
) -> DesignResult:
    """The Pareto front of ``space``'s designs added to ``scenario``'s base design.

    Parameters
    ----------
    scenario : Scenario
    space : DesignSpace
    method : {"auto", "exhaustive", "nsga2"}
        See the module docstring.
    budget : int
        Most distinct designs evaluated (exhaustive: most designs the space may hold).
    seed : int
        One seed: the crisis draws (common to every design) and the evolutionary search.
    draws : int
        Crisis Monte Carlo draws per flashpoint and design.
    workers : int
        Processes for the crisis simulations (the result does not depend on it).
    events : sequence of str, optional
        The flashpoints (default: all of the scenario's).
    pop_size : int
        NSGA-II population.
    adoption : path, optional
        The adoption issue (default: the space's ``acceptance.issue``).
    progress : callable, optional
        Called with ``(done, total)`` as designs are evaluated.
    executor : Executor, optional
        Runs the crisis simulations instead of ``workers`` processes: any
        ``concurrent.futures``-style executor, e.g. a Dask client's ``get_executor()`` (the
        result does not depend on it either).
    checkpoint : path, optional
        A folder that keeps every evaluation (:mod:`foedus.design.checkpoint`): run again with
        the same folder and inputs to resume an interrupted search, with the same front.

    Returns
    -------
    DesignResult
    """
    _check(scenario, space, method, budget)
    objectives = Objectives(scenario, space, seed=seed, draws=draws, events=events, adoption=adoption)
    own = executor is None
    if own:
        executor = make_executor(workers, objectives)
        objectives.primed = True
    objectives.executor = executor
    try:
        kept = (
            None
            if checkpoint is None
            else Checkpoint.open(checkpoint, _manifest(scenario, space, objectives))
        )
        archive = _Archive(space, objectives, progress, budget, kept)
        if method == "auto":
            method = "exhaustive" if space.size <= budget and len(space.points()) <= budget else "nsga2"
        info: dict[str, Any] = {}
        if method == "exhaustive":
            _exhaustive(archive, space, budget)
        else:
            info = _nsga2(archive, space, budget, seed, max(4, min(pop_size, budget)))
        hand = _handwritten(scenario, space)
        hand_evals = objectives.evaluate([t for _, _, t in hand])
        base = objectives.deterrence([None])[0]
    finally:
        if own and executor is not None:
            executor.shutdown()
    if checkpoint is not None:
        info = {**info, "checkpoint": str(checkpoint), "resumed": archive.resumed}
    points, front, dominated, handwritten = _sort(archive, hand, hand_evals)
    prov = _provenance(scenario, space, objectives, method, budget, draws, seed, info)
    notes = list(dict.fromkeys(objectives.notes))
    return DesignResult(
        front=tuple(front),
        dominated=tuple(dominated),
        handwritten=tuple(handwritten),
        evaluated=len(points),
        method=method,
        base_deterrence=float(np.mean(base["p"])),
        names=objectives.names,
        notes=tuple(notes),
        provenance=prov,
    )


def _check(scenario: Scenario, space: DesignSpace, method: str, budget: int) -> None:
    """Refuse a search that cannot run, before anything is evaluated."""
    if method not in METHODS:
        raise InputError(f"unknown search method {method!r}", hint=f"use one of {', '.join(METHODS)}")
    if budget < 1:
        raise InputError(f"budget must be at least 1, got {budget}")
    if space.base not in scenario.designs:
        raise InputError(
            f"{space.source}: base design {space.base!r} is not in {scenario.source}",
            hint=f"known designs: {', '.join(scenario.designs)}",
        )


def _manifest(scenario: Scenario, space: DesignSpace, objectives: Objectives) -> dict[str, Any]:
    """What an evaluation depends on (a checkpoint of other inputs is refused)."""
    from foedus.version import __version__

    return {
        "foedus": __version__,
        "scenario_hash": scenario.hash,
        "space_sha256": hashlib.sha256(space.model_dump_json().encode()).hexdigest(),
        "adoption_sha256": hashlib.sha256(Path(objectives.adoption_file).read_bytes()).hexdigest(),
        "seed": objectives.seed,
        "draws": objectives.draws,
        "events": list(objectives.events),
    }


def _sort(
    archive: _Archive, hand: list[tuple[str, str, Any]], hand_evals: list[Evaluation]
) -> tuple[list[Any], list[Entry], list[Entry], list[Entry]]:
    """The evaluated points; the front (in display order); the dominated designs and the
    hand-written ones, each with the front designs that beat it."""
    points = list(archive.evals)
    evals = [archive.evals[p] for p in points]
    f = np.array([e.minimised() for e in evals]) if evals else np.zeros((0, len(NAMES)))
    front_idx = set(non_dominated(f).tolist()) if len(f) else set()
    entries = [Entry(p.label(), e, p) for p, e in zip(points, evals, strict=True)]
    front = [entries[i] for i in sorted(front_idx, key=lambda i: _order(evals[i], points[i]))]
    front_f = {id(e): e.evaluation.minimised() for e in front}

    def beaten_by(ev: Evaluation) -> tuple[str, ...]:
        v = ev.minimised()
        return tuple(e.evaluation.treaty.id for e in front if dominates(front_f[id(e)], v))

    dominated = [
        Entry(e.name, e.evaluation, e.point, beaten_by(e.evaluation))
        for i, e in enumerate(entries)
        if i not in front_idx
    ]
    handwritten = [
        Entry(f"{name}: {label}", ev, None, beaten_by(ev))
        for (name, label, _), ev in zip(hand, hand_evals, strict=True)
    ]
    return points, front, dominated, handwritten


def _provenance(
    scenario: Scenario,
    space: DesignSpace,
    objectives: Objectives,
    method: str,
    budget: int,
    draws: int,
    seed: int,
    info: dict[str, Any],
) -> Provenance:
    """What produced the front: the models, their sources, the data, every setting and the seed."""
    return Provenance(
        models=(
            "design/search/" + method,
            *(objectives.crisis_provenance.models if objectives.crisis_provenance else ()),
            *(f"bargaining/{m}" for m in objectives.forecast_models),
            "obligations",
        ),
        citations=(
            *CITATIONS,
            *(objectives.crisis_provenance.citations if objectives.crisis_provenance else ()),
            *OBJECTIVE_CITATIONS,
        ),
        data=tuple(scenario.world.provenance.data),
        parameters={
            "space": space.name,
            "space_file": Path(space.source).name,
            "base": space.base,
            "method": method,
            "budget": budget,
            "draws": draws,
            "events": list(objectives.events),
            "adoption": Path(objectives.adoption_file).name,
            "acceptance": space.acceptance.model_dump(mode="json"),
            "positions": space.position_table(),
            "cost": space.cost.model_dump(mode="json"),
            **info,
        },
        seed=int(seed),
        scenario_hash=scenario.hash,
    )


def _order(ev: Evaluation, p: DesignPoint) -> tuple[float, ...]:
    o = ev.objectives
    return (-round(o["deterrence"], 12), -round(o["acceptance"], 12), o["cost"], o["entrapment"],
            math.inf if p is None else 0.0, ev.treaty.id)  # type: ignore[return-value]  # fmt: skip
