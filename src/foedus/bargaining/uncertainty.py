r"""Forecast intervals from uncertain inputs: perturb the expert codings, rerun the model.

Theory
------
The inputs of every bargaining model here (positions x_id, saliences s_id, capabilities
c_i) are expert judgements, not measurements. In the DEU project the codings come from
interviews with one or a few key informants per proposal (Thomson et al. 2006, ch. 2,
on how the codings were obtained and checked); judgements of that kind are informative
but not exact. A point forecast therefore hides how much the answer depends on judgement
calls. :func:`forecast_draws` propagates
the input uncertainty to the forecast by Monte Carlo: it draws ``draws`` perturbed
copies of the problem from the noise model below, runs the chosen model on each and
reports the central ``level`` interval of the outcomes, while the point forecast stays
the model's answer on the **unperturbed** inputs.

Noise model (:class:`InputNoise`; each actor and dimension independently)
-------------------------------------------------------------------------
- position: :math:`\tilde x_{id} = \operatorname{clip}(x_{id} + \sigma_x W_d \varepsilon,
  lo, hi)`, :math:`\varepsilon \sim N(0, 1)`, W_d = hi - lo the width of the scale;
  default :math:`\sigma_x = 0.10` (ten points on 0-100). When the reader had to infer
  the scale (``problem.metadata["scale_inferred"]``, e.g. prices of 14.1-14.25 read as
  0-100), the scale says nothing about how far experts could be off, and W_d is the
  range of the positions on dimension d instead (``position_basis="auto"``; force either
  reading with ``"scale"`` or ``"range"``).
- salience: :math:`\tilde s_{id} = \min(1, s_{id} \exp(\sigma_s \varepsilon -
  \sigma_s^2/2))`, default :math:`\sigma_s = 0.25`; multiplicative, so a zero salience
  stays zero (an actor that does not care is not made to care) and the perturbation
  has mean one before clipping.
- capability: :math:`\tilde c_i = c_i \exp(\sigma_c \varepsilon - \sigma_c^2/2)`,
  default :math:`\sigma_c = 0.15`; multiplicative because capabilities are on an
  arbitrary ratio scale (only ratios matter to every model here).

Why these defaults. They are assumptions, stated so that they can be argued with, not
estimates fitted here. Ten points on a 0-100 scale is about the resolution at which DEU
informants place actors: positions are coded on the handful of policy alternatives that
were on the table, spread over the scale (Thomson et al. 2006, ch. 2), so a misplaced
actor is typically off by a fraction of the distance between alternatives. Saliences
have the least direct anchor (an informant's judgement of how much an actor cares,
with no alternative to point at), so they get the largest relative error, about
+-25 %. Capabilities in alliance work come from material indices (CINC, military
spending) or voting weights, which are measured rather than judged, so they get the
smallest, about +-15 %. Set any of them to 0 to hold that input fixed; pass your own
:class:`InputNoise` (or a mapping of its fields) when a case has better information.

Clipping keeps every draw a valid :class:`~foedus.bargaining.BargainingProblem` (it
puts a little mass on the ends of the scale for actors near them).

Reproducibility
---------------
A draw's randomness comes only from ``foedus.seeds.spawn(seed, draws)[k]`` (split in
two: one stream for the noise, one passed to the model as its ``seed``), so the same
seed gives the same draws whether they run serially, in chunks, or in a
:class:`concurrent.futures.ProcessPoolExecutor` with any number of workers. The model
must be importable in the worker: a built-in name or one registered as
``"module:function"`` (a callable registered at run time exists only in the parent).

Sensitivity
-----------
Because every draw's perturbation is known, the result also says whose inputs move the
forecast: ``diagnostics["sensitivity"]`` holds, per actor, dimension and input, the
correlation across draws between that input's perturbation and the outcome, and the
share of the outcome variance a linear fit on it explains (its squared correlation),
sorted with the most influential first.

References
----------
Thomson, Stokman, Achen & König (eds) (2006), *The European Union Decides*
(``thomson_etal_2006``), esp. ch. 2 on measuring positions, saliences and capabilities
and ch. 10 (Achen, ``achen_2006``) on evaluating the models with these data.

Examples
--------
>>> from foedus.bargaining import BargainingProblem
>>> from foedus.bargaining.uncertainty import forecast_draws
>>> p = BargainingProblem(("A", "B", "C"), [1, 1, 2], [0, 40, 100], [1, 1, 0.5])
>>> res = forecast_draws(p, "mean", draws=50, seed=3)
>>> float(res.outcome[0]) == 140 / 3, res.interval.shape
(True, (1, 2))
>>> bool(res.interval[0, 0] < res.outcome[0] < res.interval[0, 1])
True
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from foedus import limits
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike, as_generator, as_seed_sequence, seed_entropy, spawn

__all__ = ["InputNoise", "forecast_draws", "perturb"]

CITATIONS = ("thomson_etal_2006", "achen_2006")
POSITION_BASES = ("auto", "scale", "range")


@dataclass(frozen=True)
class InputNoise:
    """How uncertain each expert-coded input is (see the module docstring).

    Parameters
    ----------
    position_sd : float
        Standard deviation of the additive normal error of a position, as a share of
        the scale's width (0.10: ten points on 0-100).
    salience_sd : float
        Standard deviation of the log of the multiplicative error of a salience.
    capability_sd : float
        Standard deviation of the log of the multiplicative error of a capability.
    position_basis : {"auto", "scale", "range"}
        What ``position_sd`` is a share of: the scale's width, the range of the
        positions, or (``"auto"``) the scale unless the reader inferred it.

    Examples
    --------
    >>> InputNoise(position_sd=0.05).to_dict()
    {'position_sd': 0.05, 'salience_sd': 0.25, 'capability_sd': 0.15, 'position_basis': 'auto'}
    """

    position_sd: float = 0.10
    salience_sd: float = 0.25
    capability_sd: float = 0.15
    position_basis: str = "auto"

    def __post_init__(self) -> None:
        if self.position_basis not in POSITION_BASES:
            raise InputError(
                f"noise: position_basis must be one of {', '.join(POSITION_BASES)}, "
                f"got {self.position_basis!r}"
            )
        for f in dataclasses.fields(self):
            if f.name == "position_basis":
                continue
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                raise InputError(
                    f"noise: {f.name} must be a finite number >= 0, got {value!r}",
                    hint="use 0 to hold that input fixed",
                )
            object.__setattr__(self, f.name, float(value))

    @classmethod
    def coerce(cls, noise: InputNoise | Mapping[str, float] | None) -> InputNoise:
        """An :class:`InputNoise` from ``None`` (defaults), a mapping of fields, or itself."""
        if noise is None:
            return cls()
        if isinstance(noise, cls):
            return noise
        if isinstance(noise, Mapping):
            known = {f.name for f in dataclasses.fields(cls)}
            unknown = sorted(set(noise) - known)
            if unknown:
                raise InputError(
                    f"noise: unknown field(s) {', '.join(unknown)}",
                    hint=f"use {', '.join(sorted(known))}",
                )
            return cls(**dict[str, Any](noise))
        raise InputError(f"noise: expected an InputNoise, a mapping or None, got {type(noise).__name__}")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def position_width(self, problem: BargainingProblem) -> np.ndarray:
        """The W_d that ``position_sd`` multiplies, one per dimension."""
        lo, hi = problem.scale
        basis = self.position_basis
        if basis == "auto":
            basis = "range" if problem.metadata.get("scale_inferred") else "scale"
        if basis == "scale":
            return np.full(problem.n_dims, hi - lo)
        spread = problem.position.max(axis=0) - problem.position.min(axis=0)
        return np.where(spread > 0, spread, hi - lo)


def perturb(problem: BargainingProblem, noise: InputNoise, rng: np.random.Generator) -> BargainingProblem:
    """One draw of ``problem`` under ``noise`` (independent errors per actor and dimension).

    The normal deviates are always drawn in the same order (positions, saliences,
    capabilities), whatever the noise levels, so setting one level to zero leaves the
    other inputs' draws unchanged.

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("A", "B"), [1, 2], [10, 90], [0.5, 0.0])
    >>> q = perturb(p, InputNoise(), np.random.default_rng(0))
    >>> float(q.salience[1, 0]), bool(0 <= q.position.min() and q.position.max() <= 100)
    (0.0, True)
    """
    n, d = problem.position.shape
    lo, hi = problem.scale
    z_pos = rng.standard_normal((n, d))
    z_sal = rng.standard_normal((n, d))
    z_cap = rng.standard_normal(n)
    width = noise.position_width(problem)
    position = np.clip(problem.position + noise.position_sd * width * z_pos, lo, hi)
    s = noise.salience_sd
    salience = np.minimum(1.0, problem.salience * np.exp(s * z_sal - s * s / 2.0))
    c = noise.capability_sd
    capability = problem.capability * np.exp(c * z_cap - c * c / 2.0)
    return BargainingProblem(
        problem.actors,
        capability,
        position,
        salience,
        scale=problem.scale,
        dimensions=problem.dimensions,
        name=problem.name,
        source=problem.source,
        metadata=dict(problem.metadata),
    )


def _run_chunk(
    problem: BargainingProblem,
    model: str,
    noise: InputNoise,
    options: dict[str, Any],
    seeds: Sequence[np.random.SeedSequence],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Run the draws whose seeds are ``seeds``; top level so a process pool can pickle it.

    Returns the outcomes ``(k, d)`` (NaN where the model rejected the draw), the
    position, salience and capability perturbations, and the rejection messages.
    """
    from foedus.bargaining import forecast  # here, not at module level: avoids a cycle

    k = len(seeds)
    n, d = problem.position.shape
    outcomes = np.full((k, d), np.nan)
    d_pos = np.empty((k, n, d))
    d_sal = np.empty((k, n, d))
    d_cap = np.empty((k, n))
    errors: list[str] = []
    for j, child in enumerate(seeds):
        noise_seed, model_seed = spawn(child, 2)
        draw = perturb(problem, noise, as_generator(noise_seed))
        d_pos[j] = draw.position - problem.position
        d_sal[j] = draw.salience - problem.salience
        d_cap[j] = np.log(draw.capability / problem.capability)
        try:
            outcomes[j] = forecast(draw, model, seed=model_seed, **options).outcome
        except InputError as exc:  # a draw the model cannot solve is recorded, not fatal
            errors.append(str(exc))
    return outcomes, d_pos, d_sal, d_cap, errors


def _chunks(n: int, size: int) -> list[range]:
    return [range(start, min(start + size, n)) for start in range(0, n, size)]


def _sensitivity(
    problem: BargainingProblem,
    outcomes: np.ndarray,
    perturbations: dict[str, np.ndarray],
) -> pd.DataFrame:
    """Correlation of each input's perturbation with the outcome, most influential first."""
    ok = np.isfinite(outcomes).all(axis=1)
    rows = []
    for d, dim in enumerate(problem.dimensions):
        y = outcomes[ok, d]
        y_c = y - y.mean() if y.size else y
        y_norm = float(np.sqrt((y_c**2).sum())) if y.size else 0.0
        for name, values in perturbations.items():
            v = values[ok]
            v = v[:, :, d] if v.ndim == 3 else v  # capability is one number per actor
            v_c = v - v.mean(axis=0)
            v_norm = np.sqrt((v_c**2).sum(axis=0))
            with np.errstate(invalid="ignore", divide="ignore"):
                corr = (v_c * y_c[:, None]).sum(axis=0) / (v_norm * y_norm)
            corr = np.where((v_norm > 0) & (y_norm > 0), corr, 0.0)
            for i, actor in enumerate(problem.actors):
                rows.append((actor, dim, name, float(corr[i]), float(corr[i] ** 2)))
    frame = pd.DataFrame(rows, columns=["actor", "dimension", "input", "correlation", "share"])
    order = frame["share"].sort_values(ascending=False, kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _check_draw_options(draws: object, level: object, chunk_size: object) -> None:
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 2:
        raise InputError(f"draws must be an integer >= 2, got {draws!r}")
    limits.FORECAST_DRAWS.check(draws, "draws", low=2)
    if not isinstance(level, (int, float)) or not 0.0 < float(level) < 1.0:
        raise InputError(f"level must lie strictly between 0 and 1, got {level!r}", hint="e.g. 0.9")
    if chunk_size is not None and (
        isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1
    ):
        raise InputError(f"chunk_size must be a positive integer, got {chunk_size!r}")


def _run_draws(
    job: Callable[[list[np.random.SeedSequence]], tuple],
    children: list[np.random.SeedSequence],
    chunk_size: int | None,
    executor: Executor | None,
) -> list[tuple]:
    """``job`` on every chunk of draws, here or on ``executor`` (same answer either way)."""
    draws = len(children)
    size = int(chunk_size) if chunk_size is not None else max(8, math.ceil(draws / 32))
    chunks = [[children[k] for k in r] for r in _chunks(draws, size)]
    if executor is None:
        return [job(c) for c in chunks]
    return [f.result() for f in [executor.submit(job, c) for c in chunks]]


def _record(
    problem: BargainingProblem,
    point: ForecastResult,
    noise: InputNoise,
    root: np.random.SeedSequence,
    level: float,
    outcomes: np.ndarray,
    ok: np.ndarray,
    errors: list[str],
    perturbations: dict[str, np.ndarray],
) -> tuple[Any, dict[str, Any]]:
    """The point forecast's provenance and diagnostics, extended by the draws."""
    draws, failed = len(outcomes), len(errors)
    settings = {
        "draws": draws,
        "level": level,
        "noise": noise.to_dict(),
        "position_width": noise.position_width(problem).tolist(),
        "noise_model": "position additive normal (share of the width W), clipped to the scale; "
        "salience and capability multiplicative log-normal, mean one; salience clipped at 1",
    }
    prov = point.provenance
    prov = dataclasses.replace(
        prov,
        citations=tuple(dict.fromkeys(prov.citations + CITATIONS)),
        parameters={**prov.parameters, "uncertainty": settings},
        seed=seed_entropy(root),
    )
    diagnostics = {
        **point.diagnostics,
        "draws": outcomes,
        "draw_failures": failed,
        "draw_errors": errors[:5],
        "draw_mean": outcomes[ok].mean(axis=0),
        "draw_sd": outcomes[ok].std(axis=0, ddof=1) if ok.sum() > 1 else np.zeros(problem.n_dims),
        "level": level,
        "noise": noise.to_dict(),
        "sensitivity": _sensitivity(problem, outcomes, perturbations),
    }
    return prov, diagnostics


def forecast_draws(
    problem: BargainingProblem,
    model: str = "bdm",
    *,
    draws: int = 200,
    seed: SeedLike = None,
    noise: InputNoise | Mapping[str, float] | None = None,
    level: float = 0.9,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    **options: Any,
) -> ForecastResult:
    """Forecast ``problem`` with ``model`` and an interval from uncertain inputs.

    Parameters
    ----------
    problem : BargainingProblem
    model : str
        A registered model name (see :data:`foedus.bargaining.MODELS`).
    draws : int
        Number of perturbed copies of the problem (>= 2).
    seed : int, Generator, SeedSequence or None
        Root of every draw's randomness; ``None`` draws fresh entropy, which is recorded
        in the provenance so the run can be repeated.
    noise : InputNoise, mapping or None
        The noise model (default :class:`InputNoise` ()).
    level : float
        Coverage of the central interval, in (0, 1).
    executor : concurrent.futures.Executor, optional
        Runs the chunks of draws (e.g. a ``ProcessPoolExecutor``); the results are the
        same as without it.
    chunk_size : int, optional
        Draws per task (default: ``draws`` split into about 4 chunks per 8 workers,
        i.e. ``ceil(draws / 32)`` but at least 8).
    **options
        The model's own options (e.g. ``max_rounds=`` for ``"bdm"``).

    Returns
    -------
    ForecastResult
        The model's result on the unperturbed inputs with ``interval`` (d, 2) set to the
        ``(1 - level)/2`` and ``(1 + level)/2`` quantiles of the draws' outcomes;
        ``diagnostics["draws"]`` holds the outcomes ``(draws, d)`` (NaN for a draw the
        model rejected), ``"draw_failures"`` their number, ``"sensitivity"`` the table
        described in the module docstring; the provenance records seed, draws, noise
        and level.

    Raises
    ------
    InputError
        On a bad ``draws``, ``level``, ``noise`` or ``chunk_size``, on a model error on
        the unperturbed problem, or if the model rejects more than half of the draws.

    Examples
    --------
    >>> from foedus.bargaining import BargainingProblem
    >>> p = BargainingProblem(("A", "B", "C"), [1, 1, 2], [0, 40, 100], [1, 1, 0.5])
    >>> a = forecast_draws(p, "median", draws=40, seed=1)
    >>> b = forecast_draws(p, "median", draws=40, seed=1, chunk_size=7)
    >>> bool((a.diagnostics["draws"] == b.diagnostics["draws"]).all())
    True
    """
    from foedus.bargaining import forecast  # here, not at module level: avoids a cycle

    _check_draw_options(draws, level, chunk_size)
    noise = InputNoise.coerce(noise)
    draws = int(draws)
    level = float(level)
    root = as_seed_sequence(seed)

    point = forecast(problem, model, seed=root, **options)

    job = functools.partial(_run_chunk, problem, model, noise, options)
    results = _run_draws(job, spawn(root, draws), chunk_size, executor)
    outcomes = np.concatenate([r[0] for r in results])
    perturbations = {
        "position": np.concatenate([r[1] for r in results]),
        "salience": np.concatenate([r[2] for r in results]),
        "capability": np.concatenate([r[3] for r in results]),
    }
    errors = [e for r in results for e in r[4]]
    failed = len(errors)
    if failed * 2 > draws:
        raise InputError(
            f"model {model!r} rejected {failed} of {draws} perturbed draws (first: {errors[0]})",
            hint="lower the noise levels or use another model",
        )
    ok = np.isfinite(outcomes).all(axis=1)
    tail = (1.0 - level) / 2.0
    interval = np.quantile(outcomes[ok], [tail, 1.0 - tail], axis=0).T

    prov, diagnostics = _record(problem, point, noise, root, level, outcomes, ok, errors, perturbations)
    return dataclasses.replace(point, interval=interval, provenance=prov, diagnostics=diagnostics)
