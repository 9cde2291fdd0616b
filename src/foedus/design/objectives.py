r"""The four objectives of a pact design, each a function of a treaty under a scenario.

A pact is judged as an addition to the space's base design (the status quo's treaties stay in
force). :class:`Objectives` holds what the scenario fixes once (the base treaties, the events,
the bargaining forecasts, the seed) and :meth:`Objectives.evaluate` scores treaties:

**deterrence** — P(aggressor deterred) from the crisis package's estimated models
(:func:`foedus.crisis.montecarlo.simulate_problems`, the War Trap rule of
:mod:`foedus.crisis.deterrence`), for every flashpoint of the scenario, averaged over them
(``deterrence``) and at the worst of them (``deterrence_worst``). **Common random numbers**:
every design is simulated with the same seed and draws, and the crisis Monte Carlo keys each
state's uniforms by its COW code, so a state decides alike in draw *t* under every design and
differences between designs are not noise. Interval: the mean over flashpoints of the ends of
each crisis result's 95% Monte Carlo interval (for the estimated models, across groups of 64
draws that share a coefficient draw, so fewer than 128 draws give the uninformative [0, 1]).

**acceptance** — the probability that every member ratifies. The pact sits at a position on
the adoption issue's 0-100 scale (:meth:`DesignSpace.position`: its strongest obligation, a
constitutional-process response, an integrated command). Each member's position is its final
position in each bargaining model's forecast of the adoption issue
(``scenarios/asian-nato-adoption.*``; :func:`foedus.bargaining.forecast`); a member that needs
several actors' assent (Japan: Prime Minister, Foreign Ministry, Komeito) needs them all; a
member the issue does not code takes the model's forecast outcome. **Rule** (spatial voting
against a reversion point, as in Romer & Rosenthal's setter model): actor *i* at :math:`x_i`
compares the pact at :math:`x` with no pact (the status quo :math:`q`, 0 on the issue's scale)
and ratifies with probability :math:`1 / (1 + \exp(-(|x_i - q| - |x_i - x| + \tau) / s))`: a
member whose position is far from the design, farther than from no pact at all, refuses. The
slack :math:`\tau` (``acceptance.tolerance``, default 10) is what an ally will swallow rather
than say no to its partners; :math:`s` (``acceptance.softness``, default 5) blurs the verdict.
Actors decide independently, so P(all ratify) is the product. The point value is the mean over
the bargaining models; the interval their minimum and maximum.

**cost** — the expected contribution demanded relative to means: for each member the pact
binds to defend, the rise in military spending (share of GDP, SIPRI, the coalitions package's
burden columns) needed to reach the pact's target (its spending commitment, or the space's
``cost.defence_target`` for a defence pact without one), relative to what it spends now,
:math:`\max(0, t - b_i) / b_i`; averaged over the members (those not bound demand nothing;
those without SIPRI data are left out and named in the notes). Deterministic.

**entrapment** — P(a member is obliged to fight in a crisis it has no stake in), for a crisis
drawn at random among the scenario's flashpoints. A member has a stake when it is the target or
an aggressor, administers or owns the place, or holds a territorial dispute with an aggressor
(the gazetteer's claimants). In each flashpoint each member without a stake that the pact binds
(:func:`foedus.obligations.obligations`) is obliged with probability 1 (``defend``) or 1/2
(``defend_if``: conditions the data leave open), times the probability its reservation lets it
use force; P(entrapped) is one minus the product of the complements. Deterministic.

Examples
--------
>>> from foedus.scenario import load_scenario, shipped_scenario
>>> from foedus.design.space import load_space
>>> sc = load_scenario(shipped_scenario())
>>> space = load_space(shipped_scenario("asian-nato-space.yaml"))
>>> obj = Objectives(sc, space, seed=1, draws=256, events=["korea"])
>>> ev = obj.evaluate([sc.design("design_a").treaties[-1]])[0]
>>> sorted(ev.objectives)
['acceptance', 'cost', 'deterrence', 'entrapment']
>>> 0 <= ev.objectives["acceptance"] <= 1
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from foedus.design.space import DesignSpace
from foedus.errors import InputError
from foedus.scenario import Scenario
from foedus.treaty import Treaty

__all__ = ["NAMES", "SENSES", "Evaluation", "Objectives"]

NAMES = ("deterrence", "acceptance", "cost", "entrapment")
"""The objectives, in the order of every table."""
SENSES = {"deterrence": "max", "acceptance": "max", "cost": "min", "entrapment": "min"}
CITATIONS = (
    "bdm_1981",
    "romer_rosenthal_1978",
    "olson_zeckhauser_1966",
    "sipri_milex_2025",
    "leeds_2022_atop_codebook",
)


@dataclass(frozen=True)
class Evaluation:
    """A treaty's objectives, their intervals and the details behind them."""

    treaty: Treaty
    objectives: Mapping[str, float]
    intervals: Mapping[str, tuple[float, float]]
    details: Mapping[str, Any] = field(default_factory=dict)

    def minimised(self) -> np.ndarray:
        """The objectives as a vector to minimise (maximised ones negated)."""
        return np.array([(-1.0 if SENSES[k] == "max" else 1.0) * self.objectives[k] for k in NAMES])


def _ratify(margin: float, s: float) -> float:
    """P(ratify) for an actor whose gain from the pact over no pact, plus the slack, is ``margin``."""
    z = margin / s
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


# ----------------------------------------------------------------------------- deterrence (workers)
_SHARED: dict[str, Any] = {}


def _init_worker(scenario: Scenario, base: tuple[Treaty, ...], events: tuple[str, ...], draws: int,
                 seed: int) -> None:  # fmt: skip
    _SHARED.update(scenario=scenario, base=base, events=events, draws=draws, seed=seed)


def _deterrence_task(args: tuple[Any, ...]) -> dict[str, Any]:
    """P(deterred) in one flashpoint for the base treaties plus each treaty (``None``: the base
    alone), simulated together with common random numbers (run in a worker). A third item,
    when given, is the state of :func:`_init_worker` (for executors without an initializer)."""
    from threadpoolctl import threadpool_limits

    from foedus.crisis.montecarlo import simulate_problems
    from foedus.crisis.problem import CrisisProblem

    ev_id, treaties = args[0], args[1]
    if len(args) > 2 and args[2] is not None:
        _init_worker(*args[2])
    sc: Scenario = _SHARED["scenario"]
    ev = sc.event(ev_id)
    problems = []
    for t in treaties:
        design = "base" if t is None else t.id
        pact = () if t is None else (t,)
        problems.append(
            CrisisProblem.build(
                sc.world, (*_SHARED["base"], *pact), ev, sc.places, "cinc", None, design, design, "relevant"
            )
        )
    with threadpool_limits(1):  # small matrices: BLAS threads only fight over the cores
        rs = simulate_problems(problems, draws=_SHARED["draws"], seed=_SHARED["seed"], scenario_hash=sc.hash)
    return {
        "p": [float(r.p_deterred) for r in rs],
        "low": [float(r.p_deterred_ci[0]) for r in rs],
        "high": [float(r.p_deterred_ci[1]) for r in rs],
        "notes": sorted({n for r in rs for n in r.notes}),
        "provenance": rs[0].provenance,
    }


class Objectives:
    """What a scenario fixes for the objectives, and the evaluation of treaties.

    Parameters
    ----------
    scenario : Scenario
    space : DesignSpace
        Its ``base`` design, ``positions``, ``acceptance`` and ``cost`` parameters.
    seed : int
        The one seed of every crisis simulation (common random numbers across designs).
    draws : int
        Crisis Monte Carlo draws per flashpoint and design.
    events : sequence of str, optional
        The flashpoints (default: every event of the scenario).
    adoption : path, optional
        The adoption issue file (default: the space's ``acceptance.issue``, else the scenario's
        ``<stem>-adoption`` file).
    executor : Executor, optional
        Runs the crisis simulations of a batch, one task per flashpoint: any
        ``concurrent.futures``-style executor (a Dask client's ``get_executor()``), whose tasks
        then carry the scenario; :func:`make_executor`'s process pool is primed once instead.
        Default serial.
    """

    def __init__(
        self,
        scenario: Scenario,
        space: DesignSpace,
        *,
        seed: int = 0,
        draws: int = 2048,
        events: Sequence[str] | None = None,
        adoption: str | Path | None = None,
        executor: Executor | None = None,
    ) -> None:
        self.scenario = scenario
        self.space = space
        self.seed = int(seed)
        self.draws = int(draws)
        self.events = tuple(events) if events is not None else tuple(scenario.events)
        if not self.events:
            raise InputError(f"{scenario.source}: the scenario has no events to deter")
        for e in self.events:
            scenario.event(e)
        self.base = scenario.design(space.base).treaties
        self.executor = executor
        self.primed = executor is None  # a pool from make_executor is primed by its initializer
        self.names = scenario.names()
        self.codes = {abb: code for code, abb in self.names.items()}
        self.notes: list[str] = []
        self._positions, self.adoption_file, self.forecast_models = self._forecast_positions(adoption)
        _init_worker(scenario, self.base, self.events, self.draws, self.seed)
        self.crisis_provenance: Any = None

    # ------------------------------------------------------------------ acceptance inputs
    def _forecast_positions(
        self, adoption: str | Path | None
    ) -> tuple[dict[str, dict[str, float]], Path, tuple]:
        from foedus.bargaining import available_models, forecast, read_problems
        from foedus.study import adoption_file

        path: Path | None
        if adoption is not None:
            path = Path(adoption)
        elif self.space.acceptance.issue is not None:
            path = Path(self.space.source).parent / self.space.acceptance.issue
        else:
            path = adoption_file(self.scenario)
        if path is None:
            raise InputError(
                f"{self.space.source}: no adoption issue to read acceptance from",
                hint="set acceptance.issue in the space file or give --adoption",
            )
        problem = read_problems(path)[0]
        positions: dict[str, dict[str, float]] = {}
        for m in available_models():
            r = forecast(problem, m, seed=self.seed)
            pos = {a: float(r.final_positions[i, 0]) for i, a in enumerate(r.actors)}
            pos["__outcome__"] = float(r.outcome[0])
            positions[m] = pos
        self._actors = set(problem.actors)
        return positions, path, tuple(positions)

    def actors_of(self, member: str) -> tuple[str, ...]:
        """The actors of the adoption issue whose assent ``member`` needs (empty: not coded)."""
        mapped = self.space.acceptance.actors.get(member)
        if mapped is not None:
            return tuple(a for a in mapped if a in self._actors)
        return (member,) if member in self._actors else ()

    # ------------------------------------------------------------------ the objectives
    def acceptance(self, treaty: Treaty) -> tuple[float, tuple[float, float], dict[str, float]]:
        """P(every member ratifies): mean over the bargaining models, their min and max, and
        each member's P(ratify) averaged over the models."""
        x = self.space.position(treaty)
        tau, s = self.space.acceptance.tolerance, self.space.acceptance.softness
        q = self.space.acceptance.status_quo
        members = [self.names.get(c, str(c)) for c in treaty.member_codes()]
        per_model = []
        per_member = {m: 0.0 for m in members}
        for pos in self._positions.values():
            total = 1.0
            for m in members:
                actors = self.actors_of(m)
                xs = [pos[a] for a in actors] if actors else [pos["__outcome__"]]
                p = math.prod(_ratify(abs(xi - q) - abs(xi - x) + tau, s) for xi in xs)
                per_member[m] += p / len(self._positions)
                total *= p
            per_model.append(total)
        return float(np.mean(per_model)), (float(min(per_model)), float(max(per_model))), per_member

    def cost(self, treaty: Treaty) -> tuple[float, dict[str, float]]:
        """Mean relative rise in military spending the pact demands of its members."""
        w = self.scenario.world.states.set_index("ccode")
        members = treaty.member_codes()
        target = treaty.commitments.defence_spending_share_of_gdp
        bound = {c for ob in treaty.obligations if ob.kind in ("defence", "offence") for c in treaty.owes(ob)}
        if target is None and bound:
            target = self.space.cost.defence_target
        demands = {}
        for c in members:
            b = w.sipri_milex_share_gdp.get(c, np.nan) if "sipri_milex_share_gdp" in w else np.nan
            name = self.names.get(c, str(c))
            if c not in bound or target is None:
                demands[name] = 0.0
            elif b is None or not np.isfinite(b) or b <= 0:
                continue
            else:
                demands[name] = max(0.0, target - float(b)) / float(b)
        return (float(np.mean(list(demands.values()))) if demands else 0.0), demands

    def stakes(self, event_id: str) -> set[int]:
        """The states with a stake in a flashpoint (see the module docstring)."""
        ev = self.scenario.event(event_id)
        out = {ev.target, *ev.aggressor}
        place = self.scenario.places.get(ev.place) if ev.place is not None else None
        if place is not None:
            for attr in ("administered_by_ccode", "in_territory_of_ccode"):
                v = getattr(place, attr, None)
                if v is not None:
                    out.add(int(v))
        for p in self.scenario.places.values():
            claim = {int(c) for c in getattr(p, "claimant_ccodes", ()) or ()}
            adm = getattr(p, "administered_by_ccode", None)
            if adm is not None:
                claim.add(int(adm))
            if len(claim) >= 2 and claim & set(ev.aggressor):
                out |= claim
        return out

    def entrapment(self, treaty: Treaty) -> tuple[float, dict[str, float]]:
        """Mean over flashpoints of P(some member without a stake is obliged to fight)."""
        from foedus.obligations import obligations

        per_event = {}
        for ev_id in self.events:
            ev = self.scenario.event(ev_id)
            table = obligations([treaty], ev, self.scenario.places, self.names).table
            stake = self.stakes(ev_id)
            none = 1.0
            for r in table.itertuples():
                if r.status not in ("defend", "defend_if") or int(r.ccode) in stake:
                    continue
                q = 1.0 if r.status == "defend" else 0.5
                lawful = getattr(r, "p_force_lawful", None)
                if lawful is not None and np.isfinite(lawful):
                    q *= float(lawful)
                none *= 1.0 - q
            per_event[ev_id] = 1.0 - none
        return float(np.mean(list(per_event.values()))), per_event

    def deterrence(self, treaties: Sequence[Treaty | None], progress: Callable[[int], None] | None = None
                   ) -> list[dict[str, Any]]:  # fmt: skip
        """P(deterred) per flashpoint for each treaty (``None``: the base design alone).

        One task per flashpoint simulates every treaty of the batch together (one set of
        coefficient draws, the same uniforms for every state): the result of each equals its
        own single run with the seed (:func:`~foedus.crisis.montecarlo.simulate_problems`).
        """
        state = None if self.primed else (self.scenario, self.base, self.events, self.draws, self.seed)
        tasks = [(e, tuple(treaties), state) for e in self.events]
        if self.executor is None:
            _init_worker(self.scenario, self.base, self.events, self.draws, self.seed)
            results = map(_deterrence_task, tasks)
        else:
            results = self.executor.map(_deterrence_task, tasks)
        per_event = []
        n = len(treaties)
        for i, r in enumerate(results):
            per_event.append(r)
            if progress:
                progress(n * (i + 1) // len(tasks) - n * i // len(tasks))
        if per_event and self.crisis_provenance is None:
            self.crisis_provenance = per_event[0]["provenance"]
        for r in per_event:
            self.notes.extend(r["notes"])
        return [{k: [r[k][j] for r in per_event] for k in ("p", "low", "high")} for j in range(n)]

    def evaluate(self, treaties: Sequence[Treaty], progress: Callable[[int], None] | None = None
                 ) -> list[Evaluation]:  # fmt: skip
        """Score each treaty on the four objectives (see the module docstring)."""
        dets = self.deterrence(list(treaties), progress)
        out = []
        for t, d in zip(treaties, dets, strict=True):
            acc, acc_iv, per_member = self.acceptance(t)
            cost, demands = self.cost(t)
            ent, per_event = self.entrapment(t)
            p = np.array(d["p"])
            worst = int(np.argmin(p))
            objectives = {
                "deterrence": float(p.mean()),
                "acceptance": acc,
                "cost": cost,
                "entrapment": ent,
            }
            intervals = {
                "deterrence": (float(np.mean(d["low"])), float(np.mean(d["high"]))),
                "acceptance": acc_iv,
                "cost": (cost, cost),
                "entrapment": (ent, ent),
            }
            details = {
                "deterrence_worst": float(p[worst]),
                "worst_event": self.events[worst],
                "deterrence_by_event": dict(zip(self.events, (float(v) for v in p), strict=True)),
                "position": self.space.position(t),
                "ratify": per_member,
                "spending_rise": demands,
                "entrapment_by_event": per_event,
            }
            out.append(Evaluation(t, objectives, intervals, details))
        return out


def make_executor(workers: int, objectives: Objectives) -> Executor | None:
    """A process pool of ``workers`` processes primed with the objectives' scenario (``None``
    for one worker: serial). Results do not depend on the number of workers."""
    if workers <= 1:
        return None
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(  # the platform's default start method, as cli/common.py's pool
        max_workers=workers,
        initializer=_init_worker,
        initargs=(objectives.scenario, objectives.base, objectives.events, objectives.draws, objectives.seed),
    )
