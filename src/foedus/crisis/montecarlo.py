"""The Monte Carlo: member decisions and parameter uncertainty, drawn jointly, in chunks.

For each draw the parameters are sampled within their ranges (:class:`~foedus.crisis.draws.Draws`),
each candidate state comes with the response model's probability times the probability that
force is lawful for it (its reservations, sampled within their ranges), the aggressor's allies
only if the war reaches the aggressor's territory; the outcome model gives P(defenders
prevail) for the coalition that came, and the aggressor, weighing each state's *probability*
of coming, is deterred when its War Trap expected utility of attacking is negative
(:mod:`foedus.crisis.deterrence`).

**Seeds.** Draws are split into chunks of :data:`CHUNK` draws; chunk ``c`` takes its random
numbers from child seed ``c`` of the run's seed (:func:`foedus.seeds.spawn`), and within a
chunk the uniforms are drawn in a fixed order for *every* state, keyed by its COW code, so
(1) a serial run, a process pool or any ``concurrent.futures`` executor give identical
numbers, and (2) designs compared with :func:`compare` use common random numbers: state
:math:`k`'s decision in draw :math:`t` uses the same uniform under every design.

**Cost.** O(draws × candidates) per design: about ten million member decisions per second
per core (``benchmarks/bench_crisis.py``).

Examples
--------
>>> from foedus.scenario import load_scenario, shipped_scenario
>>> sc = load_scenario(shipped_scenario())
>>> r = simulate(sc, "korea", design="design_a", draws=2000, seed=1)
>>> r.members.set_index("state").side["PRK"] if "PRK" in set(r.members.state) else "aggressor"
'aggressor'
>>> 0.0 <= r.p_deterred <= 1.0
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus import limits
from foedus.crisis import deterrence as dt
from foedus.crisis.contest import OUTCOME_MODELS, OutcomeModel
from foedus.crisis.draws import Draws
from foedus.crisis.problem import AGGRESSOR_ALLY, DEFENDER, CrisisProblem
from foedus.crisis.response import RESPONSE_MODELS, ResponseModel
from foedus.crisis.result import BINS, ChunkOut, ComparisonResult, CrisisResult, finish
from foedus.errors import InputError
from foedus.events import Event
from foedus.parameters import ParameterSet, resolve
from foedus.provenance import Provenance
from foedus.seeds import SeedLike, as_seed_sequence, spawn
from foedus.treaty import Treaty

if TYPE_CHECKING:
    from foedus.scenario import Scenario

__all__ = ["CHUNK", "CITATIONS", "compare", "deter", "simulate", "simulate_event", "simulate_problems"]

CHUNK = 16384
"""Draws per chunk. Part of what a seed reproduces: results depend on it, not on the executor."""
_BLOCK = 1024  # draws per vectorised block inside a chunk (cache-sized temporaries)

CITATIONS = dt.CITATIONS
"""The deterrence rule's references (the models add their own)."""


def _split_uniform(u: np.ndarray, d: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return d + (2.0 * u - 1.0) * ((hi - d) + (u < 0.5) * ((d - lo) - (hi - d)))


def _lawful(s: CrisisProblem, v: np.ndarray, fixed: bool) -> np.ndarray:
    """Per draw and state, the probability that force is lawful (reservations sampled in range)."""
    lawful = np.ones((v.shape[0], len(s.states)))
    limited = np.flatnonzero((s.res != 1.0).any(axis=(1, 2)))
    if limited.size:
        r = s.res[limited]
        if fixed:
            lawful[:, limited] = np.prod(r[:, :, 0], axis=1)
        else:
            vv = v[:, limited][:, :, None]
            lawful[:, limited] = np.prod(_split_uniform(vv, r[:, :, 0], r[:, :, 1], r[:, :, 2]), axis=2)
    return lawful


def _block(
    s: CrisisProblem, d: Draws, v: np.ndarray, u: np.ndarray, trig_u: np.ndarray, fixed: bool,
    response: ResponseModel, outcome: OutcomeModel,
) -> ChunkOut:  # fmt: skip
    """One block of draws of one design: who came, who prevailed, was the aggressor deterred."""
    lawful = _lawful(s, v, fixed)
    p = response.probability(s, d) * lawful  # legal limits first
    ally = s.side == AGGRESSOR_ALLY
    trigger = d.counterattack_trigger
    came = u < p
    if ally.any():
        came[:, ally] &= (trig_u < trigger[:, 0])[:, None]
    strength = outcome.strength(s, d)
    cprime = strength.states  # (n, S)
    defender = s.side == DEFENDER
    attacker = ~defender
    delivered = came * cprime
    committed = delivered[:, defender].sum(axis=1)
    against = delivered[:, attacker].sum(axis=1)
    d_side = strength.target + committed
    a_side = strength.aggressors + against
    p_def = outcome.prevail(d_side, a_side, d)
    # The aggressor's anticipation: each state's probability times its delivered strength.
    p_ant = p * (1.0 + ally * (trigger - 1.0)) if ally.any() else p
    expected = p_ant * cprime
    exp_d = strength.target + expected[:, defender].sum(axis=1)
    exp_a = strength.aggressors + expected[:, attacker].sum(axis=1)
    eu = dt.war_trap_eu(outcome.prevail(exp_a, exp_d, d), s.u_ij)
    # Swings: each state certainly in versus certainly out, the others as drawn (prevail) or
    # anticipated (deterred). EU < 0 exactly when the anticipated sides satisfy A < D.
    sign = np.where(defender, 1.0, -1.0)
    dd = d_side[:, None] - delivered * defender
    aa = a_side[:, None] - delivered * attacker
    with_k = outcome.prevail(dd + cprime * defender, aa + cprime * attacker, d)
    without_k = outcome.prevail(dd, aa, d)
    margin = (exp_d - exp_a)[:, None] - expected * sign  # D - A without state k
    can_deter = s.u_ij < 1.0
    det_with = (margin + cprime * sign > 0) & can_deter
    det_without = (margin > 0) & can_deter
    bins = np.minimum((p_ant * BINS).astype(np.intp), BINS - 1)
    bins += BINS * np.arange(len(s.states))
    hist = np.bincount(bins.ravel(), minlength=BINS * len(s.states)).reshape(len(s.states), BINS)
    return ChunkOut(
        joined=came.sum(axis=0),
        hist=hist,
        lawful_sum=lawful.sum(axis=0),
        cap_sum=np.broadcast_to(cprime, came.shape).sum(axis=0),
        swing_prevail=(with_k - without_k).sum(axis=0),
        swing_deterred=det_with.sum(axis=0) - det_without.sum(axis=0).astype(float),
        committed=committed,
        against=against,
        p_def=p_def,
        eu=eu,
    )


def _state_uniforms(seed: np.random.SeedSequence, code: int, n: int) -> np.ndarray:
    """State ``code``'s ``(2, n)`` uniforms in a chunk: decisions, then legal limits.

    They depend only on the run's seed, the chunk and the state's COW code, so every design
    (and :func:`simulate` or :func:`compare`) uses the same numbers for the same state:
    common random numbers. Single precision: a 2**-24 grid is far finer than any
    probability reported.
    """
    child = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, code), pool_size=seed.pool_size)
    return np.random.Generator(np.random.PCG64(child)).random((2, n), dtype=np.float32)


def _chunk(
    problems: Sequence[CrisisProblem], params: ParameterSet, seed: np.random.SeedSequence, n: int,
    uncertainty: bool, response: ResponseModel, outcome: OutcomeModel,
) -> list[ChunkOut]:  # fmt: skip
    rng = np.random.Generator(np.random.PCG64(seed))
    z = rng.random((n, len(params)))
    trig = rng.random(n)
    streams = {int(c): _state_uniforms(seed, int(c), n) for s in problems for c in s.states}
    # Blocks of draws small enough for the temporaries to stay in cache (faster than whole
    # chunks); the random numbers are the chunk's whatever the block size.
    draws = [
        Draws.sampled(params, zb) if uncertainty else Draws.at_defaults(params, len(zb))
        for zb in (z[a : a + _BLOCK] for a in range(0, n, _BLOCK))
    ]
    out = []
    for s in problems:
        uv = np.stack([streams[int(c)] for c in s.states], axis=2)  # (2, n, S)
        parts = []
        for k, a in enumerate(range(0, n, _BLOCK)):
            b = a + _BLOCK
            parts.append(
                _block(s, draws[k], uv[1, a:b], uv[0, a:b], trig[a:b], not uncertainty, response, outcome)
            )
        out.append(ChunkOut.merge(parts))
    return out


def _chunk_task(args: tuple[Any, ...]) -> list[ChunkOut]:
    return _chunk(*args)


def _check_draws(draws: Any) -> int:
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)):
        raise InputError(f"draws: expected a positive whole number, got {draws!r}")
    if draws < 1:
        raise InputError(f"draws: expected a positive number of draws, got {draws}")
    return limits.DRAWS.check(draws, "draws")


def _model(spec: Any, registry: Mapping[str, Any], what: str) -> Any:
    if isinstance(spec, str):
        if spec not in registry:
            raise InputError(f"unknown {what} model {spec!r}", hint=f"use one of {', '.join(registry)}")
        return registry[spec]
    return spec


def simulate_problems(
    problems: Sequence[CrisisProblem],
    *,
    draws: int = 10_000,
    seed: SeedLike = None,
    executor: Executor | None = None,
    params: Mapping[str, Any] | None = None,
    uncertainty: bool = True,
    response: ResponseModel | str = "assumed",
    outcome: OutcomeModel | str = "tullock",
    scenario_hash: str | None = None,
    regimes: Mapping[int, str] | None = None,
) -> list[CrisisResult]:
    """Simulate problems of one event (one per design) with common random numbers.

    Each result equals the one a single-problem run with the same seed and draws gives.

    Parameters
    ----------
    problems : list of CrisisProblem
        The event under each design (:meth:`CrisisProblem.from_scenario`).
    draws : int
        Monte Carlo draws (member decisions and parameters are drawn jointly).
    seed : int, Generator, SeedSequence or None
        One seed, one answer, whatever the executor.
    executor : concurrent.futures.Executor, optional
        Runs the chunks (e.g. a ``ProcessPoolExecutor``); default serial.
    params : mapping, optional
        Parameter overrides (:func:`foedus.parameters.resolve`).
    uncertainty : bool
        Sample the parameters within their ranges (default) or hold them at their defaults.
    response, outcome : str or model
        The response model (:data:`~foedus.crisis.response.RESPONSE_MODELS`) and the outcome
        model (:data:`~foedus.crisis.contest.OUTCOME_MODELS`), by name or as objects.
    scenario_hash : str, optional
        Recorded in the provenance.
    regimes : mapping, optional
        Recorded in the provenance (the problems already hold the regime factor).
    """
    draws = _check_draws(draws)
    ps = resolve(params)
    resp = _model(response, RESPONSE_MODELS, "response")
    outc = _model(outcome, OUTCOME_MODELS, "outcome")
    root = as_seed_sequence(seed)
    n_chunks = -(-draws // CHUNK)
    sizes = [min(CHUNK, draws - c * CHUNK) for c in range(n_chunks)]
    tasks = [
        (problems, ps, child, n, uncertainty, resp, outc)
        for child, n in zip(spawn(root, n_chunks), sizes, strict=True)
    ]
    outs = list(executor.map(_chunk_task, tasks)) if executor is not None else [_chunk_task(t) for t in tasks]
    entropy = root.entropy if isinstance(root.entropy, int) else None
    results = []
    for i, s in enumerate(problems):
        prov = Provenance(
            models=(
                f"crisis/response/{resp.name}",
                f"crisis/outcome/{outc.name}",
                "crisis/deterrence/war_trap",
            ),
            citations=(*resp.citations, *outc.citations, *CITATIONS),
            data=s.data,
            parameters={
                "event": s.event.model_dump(mode="json"),
                "design": s.design,
                "treaties": list(s.treaty_ids),
                "draws": draws,
                "chunk": CHUNK,
                "capability": s.capability,
                "uncertainty": uncertainty,
                "regimes": dict(regimes) if regimes else None,
                "parameters": {
                    k: {"default": p.default, "low": p.low, "high": p.high} for k, p in ps.items()
                },
            },
            seed=entropy,
            scenario_hash=scenario_hash,
        )
        results.append(finish(s, [o[i] for o in outs], draws, prov))
    return results


def simulate_event(
    world: Any,
    treaties: Sequence[Treaty],
    event: Event,
    places: Mapping[str, Any] | None = None,
    **options: Any,
) -> CrisisResult:
    """:func:`simulate` for a World, a list of treaties and an event built in code.

    ``options``: :meth:`CrisisProblem.build`'s ``capability``, ``regimes``, ``design`` and
    ``label``, and :func:`simulate_problems`'s (``draws``, ``seed``, ``params``, ...).
    """
    build = {k: options.pop(k) for k in ("capability", "regimes", "design", "label") if k in options}
    problem = CrisisProblem.build(world, treaties, event, places, **build)
    return simulate_problems([problem], regimes=build.get("regimes"), **options)[0]


def simulate(scenario: Scenario, event_id: str, design: str | None = None, **options: Any) -> CrisisResult:
    """Monte Carlo of who responds to an event, with what capability, and whether it deters.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario (:func:`foedus.scenario.load_scenario`).
    event_id : str
        One of the scenario's events.
    design : str, optional
        One of its designs (default: the first, by convention the status quo).
    **options
        :func:`compare`'s: ``capability`` (``"cinc"`` or ``"milex"``: what committed capability
        is measured in), ``regimes`` (``ccode -> "democracy" | "nondemocracy"`` for the Leeds
        (2003) regime factor), and :func:`simulate_problems`'s (``draws``, ``seed``,
        ``executor``, ``params``, ``uncertainty``, ``response``, ``outcome``).

    Returns
    -------
    CrisisResult
    """
    name = design if design is not None else next(iter(scenario.designs))
    return compare(scenario, event_id, designs=[name], **options).results[name]


def compare(
    scenario: Scenario,
    event_id: str,
    designs: Sequence[str] | None = None,
    *,
    capability: str = "cinc",
    regimes: Mapping[int, str] | None = None,
    **options: Any,
) -> ComparisonResult:
    """Simulate every design of ``scenario`` (or those named in ``designs``, the first of
    them the baseline) on one event with common random numbers.

    Each design's result equals :func:`simulate` for that design with the same seed and
    draws (the same uniforms are used for every state in every design). ``capability`` and
    ``regimes`` as :func:`simulate` takes them; ``options`` are :func:`simulate_problems`'s.
    """
    event = scenario.event(event_id)
    chosen = list(designs) if designs is not None else list(scenario.designs)
    problems = [CrisisProblem.from_scenario(scenario, event, n, capability, regimes) for n in chosen]
    results = simulate_problems(problems, scenario_hash=scenario.hash, regimes=regimes, **options)
    return ComparisonResult(event, chosen[0], dict(zip(chosen, results, strict=True)))


def deter(scenario: Scenario, event_id: str, **options: Any) -> pd.DataFrame:
    """Does each design deter the aggressor of ``event_id``? One row per design.

    :func:`compare` with the deterrence columns only: ``design, label, p_deterred,
    p_deterred_low, p_deterred_high`` (Wilson 95% Monte Carlo interval) and ``d_deterred``,
    the paired difference from the first design. ``options`` are :func:`compare`'s.

    Examples
    --------
    >>> from foedus.scenario import load_scenario, shipped_scenario
    >>> t = deter(load_scenario(shipped_scenario()), "korea", draws=1000, seed=1, capability="milex")
    >>> list(t.columns)
    ['design', 'label', 'p_deterred', 'p_deterred_low', 'p_deterred_high', 'd_deterred']
    """
    cols = ["design", "label", "p_deterred", "p_deterred_low", "p_deterred_high", "d_deterred"]
    return compare(scenario, event_id, **options).to_frame()[cols]
