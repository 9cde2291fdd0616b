"""The Monte Carlo: member decisions and parameter uncertainty, drawn jointly, in chunks.

For each draw the parameters are sampled within their ranges (:class:`~foedus.crisis.draws.Draws`),
each candidate state comes with the response model's probability times the probability that
force is lawful for it (its reservations, sampled within their ranges), the aggressor's allies
only if the war reaches the aggressor's territory; the outcome model gives P(defenders
prevail) for the coalition that came, and the aggressor, weighing each state's *probability*
of coming, is deterred when its War Trap expected utility of attacking is negative
(:mod:`foedus.crisis.deterrence`).

**Models.** By default the response and outcome models learned from history
(:mod:`foedus.crisis.estimated`), whose coefficients are drawn once per group of 64 draws from
their estimated sampling distribution; ``response="assumed", outcome="tullock"``
(:func:`model_set` ``("assumed")``) is the first version's, the named baseline.

**Seeds.** Draws are split into chunks of :data:`CHUNK` draws; chunk ``c`` takes its random
numbers from child seed ``c`` of the run's seed (:func:`foedus.seeds.spawn`), and within a
chunk the uniforms are drawn in a fixed order for *every* state, keyed by its COW code, so
(1) a serial run, a process pool or any ``concurrent.futures`` executor give identical
numbers, and (2) designs compared with :func:`compare` use common random numbers: state
:math:`k`'s decision in draw :math:`t` uses the same uniform under every design.

**Cost.** O(draws × candidates) per design: about ten million member decisions per second
per core with either model set (``benchmarks/bench_crisis.py``).

Examples
--------
>>> from foedus.scenario import load_scenario, shipped_scenario
>>> sc = load_scenario(shipped_scenario())
>>> r = simulate(sc, "korea", design="design_a", draws=640, seed=1)
>>> r.members.set_index("state").side["PRK"] if "PRK" in set(r.members.state) else "aggressor"
'aggressor'
>>> 0.0 <= r.p_deterred <= 1.0
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus import limits
from foedus.crisis import deterrence as dt
from foedus.crisis.contest import OUTCOME_MODELS, OutcomeModel
from foedus.crisis.draws import Draws
from foedus.crisis.problem import AGGRESSOR_ALLY, ASSUMED_NOTE, DEFENDER, CrisisProblem
from foedus.crisis.response import RESPONSE_MODELS, ResponseModel
from foedus.crisis.result import BINS, GROUP, ChunkOut, ComparisonResult, CrisisResult, finish
from foedus.errors import InputError
from foedus.events import Event
from foedus.parameters import ParameterSet, resolve, sample
from foedus.provenance import Provenance
from foedus.seeds import SeedLike, as_seed_sequence, spawn
from foedus.treaty import Treaty

if TYPE_CHECKING:
    from foedus.scenario import Scenario

__all__ = [
    "CHUNK",
    "CITATIONS",
    "MODEL_SETS",
    "compare",
    "deter",
    "model_set",
    "simulate",
    "simulate_event",
    "simulate_problems",
]

CHUNK = 16384
"""Draws per chunk. Part of what a seed reproduces: results depend on it, not on the executor."""
_BLOCK = 1024  # draws per vectorised block inside a chunk (cache-sized temporaries); a multiple of GROUP
_ESTIMATES_STREAM = 1 << 30  # spawn-key of the estimated models' random numbers within a chunk

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
    """One block of draws of one design: who came, on which side, who prevailed, was the
    aggressor deterred."""
    lawful = _lawful(s, v, fixed)
    sides = response.probability(s, d)
    p_def, p_agg = sides.defender * lawful, sides.aggressor * lawful  # legal limits first
    ally = s.side == AGGRESSOR_ALLY
    trigger = d.counterattack_trigger
    # one uniform per state and draw: below p_def it fights for the defenders, in the next
    # p_agg for the aggressor (common random numbers across designs and models)
    came_def = u < p_def
    came_agg = (u >= p_def) & (u < p_def + p_agg)
    if ally.any():
        came_agg[:, ally] &= (trig_u < trigger[:, 0])[:, None]
    strength = outcome.strength(s, d)
    cprime = strength.states  # (n, S, C)
    d_side = strength.target + _delivered(came_def, cprime)  # (n, C)
    a_side = strength.aggressors + _delivered(came_agg, cprime)
    p_def_wins = outcome.prevail(s, d_side, a_side, d)
    # The aggressor's anticipation: each state's probability times the strength it brings.
    p_agg_ant = p_agg * (1.0 + ally * (trigger - 1.0)) if ally.any() else p_agg
    exp_d = strength.target + _delivered(p_def, cprime)
    exp_a = strength.aggressors + _delivered(p_agg_ant, cprime)
    odds = outcome.aggressor_odds(s, exp_d, exp_a, d)
    eu = dt.war_trap_eu(odds, s.u_ij)
    main = s.side == DEFENDER  # the side each state is most likely to take (for its swing)
    p_main = np.where(main, p_def, p_agg_ant)
    stride = getattr(outcome, "swing_stride", 1)
    sub = slice(None, None, stride)
    swing_p, swing_d = _swings(
        s, d.subset(sub) if stride > 1 else d, outcome, main, cprime[sub], came_def[sub], came_agg[sub],
        d_side[sub], a_side[sub], exp_d[sub], exp_a[sub], p_def[sub], p_agg_ant[sub],
    )  # fmt: skip
    scale = len(came_def) / len(came_def[sub])  # swings on one draw in ``stride``, as sums over all
    bins = np.minimum((p_main * BINS).astype(np.intp), BINS - 1)
    bins += BINS * np.arange(len(s.states))
    hist = np.bincount(bins.ravel(), minlength=BINS * len(s.states)).reshape(len(s.states), BINS)
    c0 = cprime[..., 0]
    return ChunkOut(
        joined=came_def.sum(axis=0) * main + came_agg.sum(axis=0) * ~main,
        joined_def=came_def.sum(axis=0),
        joined_agg=came_agg.sum(axis=0),
        hist=hist,
        lawful_sum=lawful.sum(axis=0),
        cap_sum=np.broadcast_to(c0, came_def.shape).sum(axis=0),
        swing_prevail=swing_p * scale,
        swing_deterred=swing_d * scale,
        committed=(came_def * c0).sum(axis=1),
        against=(came_agg * c0).sum(axis=1),
        p_def=p_def_wins,
        p_def_expected=1.0 - odds,
        eu=eu,
        deterred=_deterred(eu, d),
    )


def _delivered(weight: np.ndarray, cprime: np.ndarray) -> np.ndarray:
    """``sum_k weight[n, k] * cprime[n, k, :]``: what the states bring, ``(n, C)``. When the
    strengths are the same in every draw (a broadcast view), one matrix product does it."""
    if cprime.strides[0] == 0:
        return weight.astype(float, copy=False) @ cprime[0]
    return np.einsum("nk,nkc->nc", weight, cprime)


def _deterred(eu: np.ndarray, d: Draws) -> np.ndarray:
    """P(the aggressor is deterred) per draw: 1 when its expected utility of attacking is
    negative; with the estimated models, whose verdicts rest on a small margin, the aggressor's
    private payoff shock of s.d. ``estimated.decision_sd`` makes it ``Phi(-EU / sd)`` (a
    strategic probit, Signorino 1999)."""
    sd = d.extra.get("estimated.decision_sd")
    if sd is None:
        return (eu < 0).astype(float)
    from scipy.special import ndtr

    return ndtr(-eu / sd.reshape(-1, *([1] * (eu.ndim - 1))))


def _swings(
    s: CrisisProblem, d: Draws, outcome: OutcomeModel, main: np.ndarray, cprime: np.ndarray,
    came_def: np.ndarray, came_agg: np.ndarray, d_side: np.ndarray, a_side: np.ndarray, exp_d: np.ndarray,
    exp_a: np.ndarray, p_def: np.ndarray, p_agg: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Each state certainly in (on its main side) versus certainly out, the others as drawn
    (P(prevail)) or anticipated (P(deterred)): sums over the draws given."""
    sel_def, sel_agg = main[None, :, None], ~main[None, :, None]
    dd = d_side[:, None, :] - came_def[..., None] * cprime  # (n, S, C): the defenders without state k
    aa = a_side[:, None, :] - came_agg[..., None] * cprime
    with_k = outcome.prevail(s, dd + cprime * sel_def, aa + cprime * sel_agg, d)
    without_k = outcome.prevail(s, dd, aa, d)
    ed = exp_d[:, None, :] - p_def[..., None] * cprime  # anticipated sides without state k
    ea = exp_a[:, None, :] - p_agg[..., None] * cprime
    odds_with = outcome.aggressor_odds(s, ed + cprime * sel_def, ea + cprime * sel_agg, d)
    det_with = _deterred(dt.war_trap_eu(odds_with, s.u_ij), d)
    det_without = _deterred(dt.war_trap_eu(outcome.aggressor_odds(s, ed, ea, d), s.u_ij), d)
    return (with_k - without_k).sum(axis=0), (det_with - det_without).sum(axis=0)


def _state_uniforms(seed: np.random.SeedSequence, code: int, n: int) -> np.ndarray:
    """State ``code``'s ``(2, n)`` uniforms in a chunk: decisions, then legal limits.

    They depend only on the run's seed, the chunk and the state's COW code, so every design
    (and :func:`simulate` or :func:`compare`) uses the same numbers for the same state:
    common random numbers. Single precision: a 2**-24 grid is far finer than any
    probability reported.
    """
    child = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, code), pool_size=seed.pool_size)
    return np.random.Generator(np.random.PCG64(child)).random((2, n), dtype=np.float32)


def _estimates(
    models: Sequence[Any], params: ParameterSet, seed: np.random.SeedSequence, n: int, uncertainty: bool
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The estimated models' own assumptions (one value per draw) and coefficient draws (one per
    group of :data:`GROUP` draws, repeated), from a stream of their own, so that adding them
    changes none of the assumed models' random numbers."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
        seed.entropy, spawn_key=(*seed.spawn_key, _ESTIMATES_STREAM), pool_size=seed.pool_size)))  # fmt: skip
    extra_ps = {k: p for k, p in params.items() if k.startswith("estimated.")}
    u = rng.random((n, len(extra_ps)))
    values = sample(extra_ps, u) if uncertainty else np.tile([p.default for p in extra_ps.values()], (n, 1))
    extra = {k: values[:, i : i + 1] for i, k in enumerate(extra_ps)}
    groups = -(-n // GROUP)
    coef: dict[str, np.ndarray] = {}
    for m in models:
        coef |= m.draw_coefficients(rng, groups, uncertainty)
    index = np.arange(n) // GROUP
    return extra, {k: v[index] for k, v in coef.items()}


def _chunk(
    problems: Sequence[CrisisProblem], params: ParameterSet, seed: np.random.SeedSequence, n: int,
    uncertainty: bool, response: ResponseModel, outcome: OutcomeModel,
) -> list[ChunkOut]:  # fmt: skip
    core = {k: p for k, p in params.items() if not k.startswith("estimated.")}
    rng = np.random.Generator(np.random.PCG64(seed))
    z = rng.random((n, len(core)))
    trig = rng.random(n)
    streams = {int(c): _state_uniforms(seed, int(c), n) for s in problems for c in s.states}
    estimated = [m for m in (response, outcome) if hasattr(m, "draw_coefficients")]
    extra, coef = _estimates(estimated, params, seed, n, uncertainty) if estimated else ({}, {})
    # Blocks of draws small enough for the temporaries to stay in cache (faster than whole
    # chunks); the random numbers are the chunk's whatever the block size.
    draws = []
    for a in range(0, n, _BLOCK):
        zb = z[a : a + _BLOCK]
        d = Draws.sampled(core, zb) if uncertainty else Draws.at_defaults(core, len(zb))
        if estimated:
            b = a + len(zb)
            d = d.with_estimates(
                {k: v[a:b] for k, v in extra.items()}, {k: v[a:b] for k, v in coef.items()}, GROUP
            )
        draws.append(d)
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


def _model(spec: Any, registry: dict[str, Any], what: str) -> Any:
    if not isinstance(spec, str):
        return spec
    if spec not in registry:
        raise InputError(f"unknown {what} model {spec!r}", hint=f"use one of {', '.join(registry)}")
    if isinstance(registry[spec], str):  # "module:class", built once
        import importlib

        module, _, cls = registry[spec].partition(":")
        registry[spec] = getattr(importlib.import_module(module), cls)()
    return registry[spec]


MODEL_SETS: dict[str, tuple[str, str]] = {
    "estimated": ("estimated", "estimated"),
    "assumed": ("assumed", "tullock"),
}
"""The response and outcome models by set: the models learned from history (the default), and
the first version's assumed response with the Tullock contest on one capability index (the
named baseline)."""

DEFAULT_RESPONSE, DEFAULT_OUTCOME = MODEL_SETS["estimated"]


def model_set(name: str) -> dict[str, str]:
    """``{"response": ..., "outcome": ...}`` of a :data:`MODEL_SETS` entry, for ``**options``."""
    if name not in MODEL_SETS:
        raise InputError(f"unknown model set {name!r}", hint=f"use one of {', '.join(MODEL_SETS)}")
    response, outcome = MODEL_SETS[name]
    return {"response": response, "outcome": outcome}


def _candidates_for(response: Any, outcome: Any) -> str:
    """The candidates the models want: the politically relevant states for the estimated ones
    (they learned from them, and read covariates only a relevant problem carries)."""
    models = (_model(response, RESPONSE_MODELS, "response"), _model(outcome, OUTCOME_MODELS, "outcome"))
    wants = any(getattr(m, "relevant", False) or hasattr(m, "draw_coefficients") for m in models)
    return "relevant" if wants else "members"


def simulate_problems(
    problems: Sequence[CrisisProblem],
    *,
    draws: int = 10_000,
    seed: SeedLike = None,
    executor: Executor | None = None,
    params: Mapping[str, Any] | None = None,
    uncertainty: bool = True,
    response: ResponseModel | str = DEFAULT_RESPONSE,
    outcome: OutcomeModel | str = DEFAULT_OUTCOME,
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
    problems = [resp.prepare(p) if hasattr(resp, "prepare") else p for p in problems]
    grouped = any(hasattr(m, "draw_coefficients") for m in (resp, outc))
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
        result = finish(s, [o[i] for o in outs], draws, prov, grouped)
        if resp.name != "assumed":  # the problem's notes on the assumed model's inputs do not apply
            result = replace(result, notes=tuple(n for n in result.notes if not n.startswith(ASSUMED_NOTE)))
        results.append(result)
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
    build["candidates"] = _candidates_for(
        options.get("response", DEFAULT_RESPONSE), options.get("outcome", DEFAULT_OUTCOME)
    )
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
    capability: str | None = None,
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
    outcome = _model(options.get("outcome", DEFAULT_OUTCOME), OUTCOME_MODELS, "outcome")
    candidates = _candidates_for(options.get("response", DEFAULT_RESPONSE), outcome)
    problems = [
        CrisisProblem.from_scenario(scenario, event, n, capability or "cinc", regimes, candidates)
        for n in chosen
    ]
    results = simulate_problems(problems, scenario_hash=scenario.hash, regimes=regimes, **options)
    if capability is not None and getattr(outcome, "reads_components", False):
        note = (
            f"capability measure {capability!r} not used: the estimated outcome model weighs the six "
            "NMC components of each side (military spending and personnel, iron and steel, energy, "
            "total and urban population), so the verdict does not hang on one index"
        )
        results = [replace(r, notes=(*r.notes, note)) for r in results]
    return ComparisonResult(event, chosen[0], dict(zip(chosen, results, strict=True)))


def deter(scenario: Scenario, event_id: str, **options: Any) -> pd.DataFrame:
    """Does each design deter the aggressor of ``event_id``? One row per design.

    :func:`compare` with the deterrence columns only: ``design, label, p_deterred,
    p_deterred_low, p_deterred_high`` (95% Monte Carlo interval), ``p_deterred_band_low,
    p_deterred_band_high`` (90% band from estimation uncertainty; NaN under the assumed models)
    and ``d_deterred``, the paired difference from the first design. ``options`` are
    :func:`compare`'s.

    Examples
    --------
    >>> from foedus.scenario import load_scenario, shipped_scenario
    >>> t = deter(load_scenario(shipped_scenario()), "korea", draws=640, seed=1)
    >>> list(t.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['design', 'label', 'p_deterred', 'p_deterred_low', 'p_deterred_high', 'p_deterred_band_low',
     'p_deterred_band_high', 'd_deterred']
    """
    cols = ["design", "label", "p_deterred", "p_deterred_low", "p_deterred_high", "p_deterred_band_low",
            "p_deterred_band_high", "d_deterred"]  # fmt: skip
    return compare(scenario, event_id, **options).to_frame()[cols]
