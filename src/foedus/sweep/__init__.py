"""Parameter sweeps and global sensitivity analysis, on any ``concurrent.futures`` executor.

A sweep runs one analysis (``simulate``, ``compare``, ``forecast``, ``landscape``) at many
points of a parameter space and records scalar outputs per point:

- **points**: a full-factorial grid (``name=low:high:n`` or ``name=v1,v2,...``), or samples
  over ranges (``name=low:high``, or every registered parameter's declared uncertainty
  range) drawn at random, by Latin hypercube, or by Saltelli's scheme for Sobol indices
  (SALib; Saltelli 2002, Saltelli et al. 2010);
- **tasks**: point ``k`` runs with the child seed ``spawn(seed, n_tasks)[k]``, so its
  result depends only on the sweep seed and ``k``. Points are grouped into chunks (to keep
  scheduling overhead small) and submitted to any ``Executor``: none (serial), a process
  pool, or Dask (``distributed.Client.get_executor()``). Serial, pooled and Dask runs of
  the same sweep give identical results;
- **durability**: each finished chunk is written atomically as one parquet part under the
  output folder, beside a ``_sweep.json`` manifest. ``resume=True`` re-reads both, checks
  the manifest matches, and runs only the tasks with no result yet, so an interrupted
  sweep (Ctrl-C, a killed worker, a lost scheduler) loses nothing and duplicates nothing.
  A task that raises is retried ``retries`` times and then recorded with its error;
- **summary**: Sobol first-order and total indices (with confidence intervals) for Sobol
  designs, and standardised regression coefficients for any design.

References: Saltelli (2002); Saltelli et al. (2010); Sobol' (2001); Herman & Usher (2017),
SALib.
"""

from __future__ import annotations

import itertools
import math
import re
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus import limits
from foedus.atomic import atomic_path
from foedus.errors import InputError
from foedus.provenance import Provenance
from foedus.seeds import SeedLike, as_seed_sequence, child, seed_entropy
from foedus.sweep.folder import FAILURES, done_tasks, log_failures, open_folder, read_manifest, watch_parent
from foedus.sweep.sensitivity import regression_sensitivity, sobol_indices
from foedus.version import __version__

if TYPE_CHECKING:
    from foedus.scenario import Scenario

__all__ = [
    "ANALYSES",
    "CITATIONS",
    "FAILURES",
    "METHODS",
    "ParamSpec",
    "SweepResult",
    "declared_ranges",
    "design_points",
    "load_sweep",
    "parse_param",
    "regression_sensitivity",
    "sobol_indices",
    "sweep",
    "watch_parent",
]

METHODS = ("grid", "random", "lhs", "sobol")
CITATIONS = ("saltelli_2002", "saltelli_etal_2010", "herman_usher_2017")


# ----------------------------------------------------------------------------- the space
@dataclass(frozen=True)
class ParamSpec:
    """One swept parameter: explicit ``values`` (a grid axis) or a ``(low, high)`` range."""

    name: str
    values: tuple[float, ...] | None = None
    low: float | None = None
    high: float | None = None

    @property
    def is_grid(self) -> bool:
        return self.values is not None


_RANGE = re.compile(r"^\s*([^:]+):([^:]+)(?::(\d+))?\s*$")


def parse_param(text: str) -> ParamSpec:
    """Parse ``name=low:high:n`` (grid of n), ``name=low:high`` (range) or ``name=v1,v2,...``.

    Examples
    --------
    >>> parse_param("crisis.reliability.base=0.4:0.8:3").values
    (0.4, 0.6000000000000001, 0.8)
    """
    shown = f"--param {text!r}" if len(text) <= 60 else f"--param {text[:50]!r}..."
    if "=" not in text:
        raise InputError(f"{shown}: expected NAME=LOW:HIGH[:N] or NAME=V1,V2,...")
    name, _, spec = text.partition("=")
    name = name.strip()
    try:
        if "," in spec:
            values = tuple(float(v) for v in spec.split(","))
            limits.SWEEP_POINTS.check(len(values), f"{shown}: values")
            return ParamSpec(name, values=_finite(values, shown))
        m = _RANGE.match(spec)
        if not m:
            return ParamSpec(name, values=_finite((float(spec),), shown))
        low, high = _finite((float(m.group(1)), float(m.group(2))), shown)
        if not low < high:
            raise InputError(f"{shown}: LOW must be below HIGH")
        if m.group(3):
            n = limits.SWEEP_POINTS.check(int(m.group(3)), f"{shown}: points", low=2)
            return ParamSpec(name, values=tuple(float(v) for v in np.linspace(low, high, n)))
        return ParamSpec(name, low=low, high=high)
    except ValueError as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"{shown}: the values must be numbers") from None


def _finite(values: tuple[float, ...], shown: str) -> tuple[float, ...]:
    if not all(math.isfinite(v) for v in values):
        raise InputError(f"{shown}: the values must be finite numbers")
    return values


ESTIMATED_READS = ("estimated.", "deterrence.counterattack.trigger")
"""The parameters the estimated crisis models read (their own assumptions and the counter-attack
trigger); every other crisis parameter belongs to the assumed baseline."""


def declared_ranges(names: Iterable[str] | None = None, *, capability: str | None = None) -> list[ParamSpec]:
    """Every registered parameter with a non-empty uncertainty range (or just ``names``);
    with ``capability``, only those its crisis models read (``"estimated"``: the learned
    models' assumptions; ``"cinc"`` or ``"milex"``: the assumed baseline's coefficients)."""
    from foedus import parameters

    wanted = list(names) if names is not None else [p.name for p in parameters.PARAMETERS]
    if capability is not None:
        estimated = capability == "estimated"
        wanted = [n for n in wanted if n.startswith(ESTIMATED_READS) == estimated]
    out = []
    for n in wanted:
        p = parameters.get(n)
        if not p.fixed:
            out.append(ParamSpec(p.name, low=p.low, high=p.high))
    return out


def design_points(
    specs: Sequence[ParamSpec],
    method: str = "grid",
    samples: int | None = None,
    seed: SeedLike = None,
) -> pd.DataFrame:
    """The points of a sweep: one row per task, one column per parameter.

    ``grid`` takes the product of the specs' values; the sampling methods need ranges and
    ``samples`` (for ``sobol``, the base sample: the design has ``samples * (2 D + 2)``
    rows, Saltelli's scheme with second-order terms).
    """
    if not specs:
        raise InputError("a sweep needs at least one parameter")
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise InputError(
            f"a parameter is given twice: {', '.join(sorted({n for n in names if names.count(n) > 1}))}"
        )
    if method not in METHODS:
        raise InputError(f"unknown sweep method {method!r}; use one of {', '.join(METHODS)}")
    if method == "grid":
        missing = [s.name for s in specs if not s.is_grid]
        if missing:
            raise InputError(
                f"a grid needs values for every parameter; {', '.join(missing)} has a range",
                hint="write NAME=LOW:HIGH:N, or use --samples N --method lhs|random|sobol",
            )
        n_points = math.prod(len(s.values or ()) for s in specs)
        limits.SWEEP_POINTS.check(n_points, "grid points", need=n_points * 8.0 * (len(specs) + 1))
        grid = list(itertools.product(*(s.values or () for s in specs)))
        return pd.DataFrame(grid, columns=names)
    if samples is None:
        raise InputError(f"--method {method} needs --samples N (N >= 1)")
    samples = limits.whole(samples, "--samples")
    rows = samples * (2 * len(specs) + 2) if method == "sobol" else samples
    limits.SWEEP_POINTS.check(rows, "sampled points", need=rows * 8.0 * (len(specs) + 1))
    if method == "sobol" and samples & (samples - 1):
        raise InputError(
            f"--samples {samples}: Sobol sequences keep their balance only for powers of 2",
            hint=f"use {1 << (samples.bit_length() - 1)} or {1 << samples.bit_length()}",
        )
    for s in specs:
        if s.is_grid:
            vals = s.values or ()
            if len(vals) < 2:
                raise InputError(f"{s.name}: a sampled parameter needs a range LOW:HIGH")
    lows = np.array([s.low if not s.is_grid else min(s.values or (0,)) for s in specs], dtype=float)
    highs = np.array([s.high if not s.is_grid else max(s.values or (0,)) for s in specs], dtype=float)
    rng = np.random.default_rng(as_seed_sequence(seed))
    d = len(specs)
    if method == "random":
        u = rng.random((samples, d))
    elif method == "lhs":
        # One point in each of `samples` equal strata per dimension, strata shuffled per dimension.
        u = (rng.permuted(np.tile(np.arange(samples), (d, 1)), axis=1).T + rng.random((samples, d))) / samples
    else:
        from SALib.sample import sobol as sobol_sample

        problem = {"num_vars": d, "names": names, "bounds": [[0.0, 1.0]] * d}
        u = sobol_sample.sample(
            problem, samples, calc_second_order=True, scramble=True, seed=int(rng.integers(0, 2**31 - 1))
        )
    return pd.DataFrame(lows + u * (highs - lows), columns=names)


# ----------------------------------------------------------------------------- analyses
Analysis = Callable[[Any, dict[str, float], np.random.SeedSequence, dict[str, Any]], dict[str, float]]


@cache
def _scenario(path: str) -> Any:
    """The scenario, loaded once per worker process."""
    from foedus.scenario import load_scenario

    return load_scenario(path)


def _crisis_scalars(result: Any, prefix: str = "") -> dict[str, float]:
    """Scalar outputs of a crisis result: P(deterred), P(prevail), mean committed capability,
    and each member's probability of responding with force."""
    d = result.to_dict()
    out: dict[str, float] = {}
    for key in ("p_deterred", "p_prevail", "mean_committed_capability"):
        if key in d and isinstance(d[key], (int, float)):
            out[prefix + key] = float(d[key])
        elif key in d and isinstance(d[key], Mapping) and "estimate" in d[key]:
            out[prefix + key] = float(d[key]["estimate"])
    for row in result.to_frame().itertuples():
        state = getattr(row, "state", None)
        p = getattr(row, "p_force", None)
        if state is not None and p is not None and not (isinstance(p, float) and math.isnan(p)):
            out[f"{prefix}p_force.{state}"] = float(p)
    return out


def _crisis(scenario: Scenario, point: dict[str, float], seed: np.random.SeedSequence, opts: dict[str, Any],
            designs: list[str] | None) -> dict[str, Any]:  # fmt: skip
    """The crisis part of the study at this point (parameters held at the point's values)."""
    from foedus.study import run_study

    capability = opts.get("capability", "estimated")
    study = run_study(
        scenario,
        events=[opts["event"]],
        designs=designs,
        parts=["crisis"],
        seed=seed,
        draws=opts.get("draws", 2_000),
        capabilities=[capability],
        params=point,
        uncertainty=opts.get("uncertainty", False),
    )
    return dict(study.details.crisis[capability][opts["event"]].results)


def _simulate(
    scenario: Scenario, point: dict[str, float], seed: np.random.SeedSequence, opts: dict[str, Any]
) -> dict[str, float]:
    design = opts.get("design") or next(iter(scenario.designs))
    return _crisis_scalars(_crisis(scenario, point, seed, opts, [design])[design])


def _compare(
    scenario: Scenario, point: dict[str, float], seed: np.random.SeedSequence, opts: dict[str, Any]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, res in _crisis(scenario, point, seed, opts, None).items():
        out.update(_crisis_scalars(res, prefix=f"{name}."))
    return out


def _forecast(
    scenario: Scenario, point: dict[str, float], seed: np.random.SeedSequence, opts: dict[str, Any]
) -> dict[str, float]:
    """A bargaining forecast; the point's keys are the model's options (e.g. ``max_rounds``)."""
    from foedus.bargaining import forecast, read_problem

    problem = read_problem(opts["issues"])
    options = {
        k.removeprefix("forecast."): (int(v) if float(v).is_integer() else v) for k, v in point.items()
    }
    r = forecast(problem, model=opts.get("model", "bdm"), seed=seed, **options)
    return {f"outcome.{d}": float(v) for d, v in zip(r.dimensions, r.outcome, strict=True)}


def _landscape(
    scenario: Scenario, point: dict[str, float], seed: np.random.SeedSequence, opts: dict[str, Any]
) -> dict[str, float]:
    """Landscape of the scenario's world; the point's keys are propensity weights
    (``landscape.affinity`` ...). Outputs: the best energy and, per state, 1 if it sits on
    the side of the first state named in ``opts["anchor"]`` (default USA)."""
    from foedus.coalitions.alignment import landscape_from_world
    from foedus.coalitions.landscape import search

    weights = {k.removeprefix("landscape."): v for k, v in point.items()}
    land = landscape_from_world(scenario.world, top=opts.get("top", 20), weights=weights)
    result = search(land, seed=seed)
    anchor = opts.get("anchor", "USA")
    side = next((s for s in result.sides if anchor in s), ())
    out = {"energy": float(result.energy), "n_minima": float(result.n_minima)}
    out.update({f"with_{anchor}.{a}": float(a in side) for a in land.actors})
    return out


def _ishigami(
    scenario: Scenario, point: dict[str, float], seed: np.random.SeedSequence, opts: dict[str, Any]
) -> dict[str, float]:
    """The Ishigami function (a = 7, b = 0.1): the standard check of Sobol indices."""
    x1, x2, x3 = point["x1"], point["x2"], point["x3"]
    if opts.get("fail_on") is not None and abs(x1 - opts["fail_on"]) < 1e-12:
        raise RuntimeError("deliberate failure (test)")
    noise = np.random.default_rng(seed).normal(0, opts.get("noise", 0.0))
    return {"y": float(np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3**4 * np.sin(x1) + noise)}


ANALYSES: dict[str, Analysis] = {
    "simulate": _simulate,
    "compare": _compare,
    "forecast": _forecast,
    "landscape": _landscape,
    "ishigami": _ishigami,
}


def _check_params(analysis: str, names: Sequence[str]) -> None:
    """Reject unknown parameter names before any work starts."""
    if analysis in ("simulate", "compare"):
        from foedus import parameters

        for n in names:
            parameters.get(n)
    elif analysis == "landscape":
        from foedus.coalitions.alignment import DEFAULT_WEIGHTS

        bad = [n for n in names if n.removeprefix("landscape.") not in DEFAULT_WEIGHTS]
        if bad:
            raise InputError(
                f"unknown landscape parameter(s) {', '.join(bad)}",
                hint=f"use landscape.{', landscape.'.join(DEFAULT_WEIGHTS)}",
            )
    elif analysis == "ishigami":
        bad = [n for n in names if n not in ("x1", "x2", "x3")]
        if bad:
            raise InputError(f"ishigami takes x1, x2, x3, not {', '.join(bad)}")


# ----------------------------------------------------------------------------- running
@dataclass(frozen=True)
class _Chunk:
    chunk_id: int
    task_ids: tuple[int, ...]
    points: tuple[tuple[float, ...], ...]
    names: tuple[str, ...]
    analysis: str
    scenario: str | None
    options: tuple[tuple[str, Any], ...]
    seed_entropy: int
    n_tasks: int
    retries: int


def _run_chunk(chunk: _Chunk) -> list[dict[str, Any]]:
    """Run one chunk of tasks (top-level, so process pools and Dask can pickle it)."""
    fn = ANALYSES[chunk.analysis]
    scenario = _scenario(chunk.scenario) if chunk.scenario else None
    opts = dict(chunk.options)
    rows = []
    for task_id, values in zip(chunk.task_ids, chunk.points, strict=True):
        point = dict(zip(chunk.names, values, strict=True))
        row: dict[str, Any] = {"task_id": task_id, **point}
        for attempt in range(chunk.retries + 1):
            try:
                row.update(fn(scenario, point, child(chunk.seed_entropy, task_id), opts))
                row.update(status="ok", error="", attempts=attempt + 1)
                break
            except Exception as exc:  # recorded, never fatal: the sweep goes on
                row.update(
                    status="failed", error=f"{type(exc).__name__}: {exc}".strip()[:500], attempts=attempt + 1
                )
                row["_trace"] = traceback.format_exc(limit=3)[-500:]
        row.pop("_trace", None)
        rows.append(row)
    return rows


@dataclass(frozen=True, eq=False)
class SweepResult:
    """The outcomes of a sweep: one row per task (parameters, outputs, status)."""

    table: pd.DataFrame
    manifest: dict[str, Any]
    provenance: Provenance = field(repr=False)
    elapsed: float = 0.0
    ran: int = 0

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    @property
    def failed(self) -> pd.DataFrame:
        return self.table[self.table.status != "ok"]

    @property
    def outputs(self) -> list[str]:
        fixed = {"task_id", "status", "error", "attempts", *self.manifest["parameters"]}
        return [c for c in self.table.columns if c not in fixed]


def _manifest(
    analysis: str,
    scenario: str | None,
    points: pd.DataFrame,
    method: str,
    samples: int | None,
    seed: int,
    chunk_size: int,
    options: Mapping[str, Any],
    specs: Sequence[ParamSpec] | None,
) -> dict[str, Any]:
    return {
        "foedus": __version__,
        "analysis": analysis,
        "scenario": scenario,
        "parameters": list(points.columns),
        "method": method,
        "samples": samples,
        "seed": seed,
        "n_tasks": len(points),
        "chunk_size": chunk_size,
        "options": {k: v for k, v in sorted(options.items())},
        "bounds": None
        if specs is None
        else {s.name: [s.low, s.high] if not s.is_grid else list(s.values or ()) for s in specs},
        "points_sha": pd.util.hash_pandas_object(points, index=True).sum().item(),
    }


_BOOKKEEPING = ("status", "error", "attempts")


def _tidy(table: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Columns in a fixed order (task, parameters, outputs sorted, bookkeeping), rows by task:
    the table does not depend on which chunk finished first."""
    if table.empty:
        return table
    head = ["task_id", *names]
    outputs = sorted(c for c in table.columns if c not in head and c not in _BOOKKEEPING)
    tail = [c for c in _BOOKKEEPING if c in table.columns]
    return table[head + outputs + tail].sort_values("task_id").reset_index(drop=True)


def sweep(
    scenario: str | Path | None,
    analysis: str,
    points: pd.DataFrame,
    *,
    seed: int = 0,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    retries: int = 1,
    method: str = "grid",
    samples: int | None = None,
    specs: Sequence[ParamSpec] | None = None,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> SweepResult:
    """Run ``analysis`` at every row of ``points`` (see the module docstring).

    Parameters
    ----------
    scenario : path or None
        The scenario file (workers load it themselves); ``None`` for analyses that need
        none (``ishigami``, ``forecast`` with ``issues=``).
    analysis : {"simulate", "compare", "forecast", "landscape", "ishigami"}
    points : DataFrame
        From :func:`design_points`.
    seed : int
        The sweep seed; task ``k`` uses ``spawn(seed, n_tasks)[k]``.
    executor : Executor, optional
        ``None`` runs serially; a ``ProcessPoolExecutor`` or a Dask client's
        ``get_executor()`` run chunks in parallel.
    chunk_size : int, optional
        Tasks per submitted chunk (default: about 4 chunks per task-slot, at most 50 tasks).
    out : path, optional
        Folder for ``_sweep.json`` and the parquet parts; required for ``resume``.
    resume : bool
        Continue a sweep in ``out``: only tasks without a result run.
    retries : int
        Extra attempts for a task that raises, before its error is recorded.
    **options
        Passed to the analysis (``event=``, ``design=``, ``draws=``, ``issues=``, ...).

    Raises
    ------
    InputError
        Unknown analysis or parameter, a manifest that does not match on resume, a
        non-empty output folder without ``resume``.
    """
    scenario_path = _check_sweep(scenario, analysis, points, retries, options)
    seed = limits.check_seed(seed)
    n = len(points)
    workers = getattr(executor, "_max_workers", 2) if executor is not None else 1
    size = limits.whole(chunk_size, "chunk_size") if chunk_size is not None else 0
    size = size or max(1, min(50, math.ceil(n / (4 * max(1, workers)))))
    manifest = _manifest(analysis, scenario_path, points, method, samples, seed, size, options, specs)
    folder = Path(out) if out is not None else None
    done = open_folder(folder, manifest, resume) if folder is not None else pd.DataFrame()
    size = manifest["chunk_size"]
    finished = set(done.task_id.astype(int)) if not done.empty else set()
    todo = [k for k in range(n) if k not in finished]
    values = points.to_numpy(dtype=float)
    chunks = [
        _Chunk(
            chunk_id=todo[c],
            task_ids=tuple(todo[c : c + size]),
            points=tuple(tuple(values[i]) for i in todo[c : c + size]),
            names=tuple(points.columns),
            analysis=analysis,
            scenario=scenario_path,
            options=tuple(sorted(options.items())),
            seed_entropy=seed,
            n_tasks=n,
            retries=retries,
        )
        for c in range(0, len(todo), size)
    ]
    rows: list[dict[str, Any]] = []
    start = time.perf_counter()

    def keep(chunk_rows: list[dict[str, Any]]) -> None:
        rows.extend(chunk_rows)
        if folder is not None:
            with atomic_path(folder / f"part-{chunk_rows[0]['task_id']:08d}.parquet") as tmp:
                pd.DataFrame(chunk_rows).to_parquet(tmp, index=False)
        if progress:
            progress(len(finished) + len(rows), n)

    _execute(chunks, executor, keep)
    elapsed = time.perf_counter() - start
    table = pd.concat([done, pd.DataFrame(rows)], ignore_index=True) if rows else done
    table = _tidy(table, list(points.columns))
    if folder is not None:
        log_failures(folder, table)
    prov = Provenance(
        models=(f"sweep/{analysis}",),
        citations=CITATIONS,
        parameters={k: v for k, v in manifest.items() if k not in ("foedus",)},
        seed=seed_entropy(seed),
    )
    return SweepResult(table, manifest, prov, elapsed, len(rows))


def _check_sweep(
    scenario: str | Path | None, analysis: str, points: pd.DataFrame, retries: int, options: Mapping[str, Any]
) -> str | None:
    """Refuse an unknown analysis, parameter, event or design before anything runs."""
    if analysis not in ANALYSES:
        raise InputError(f"unknown analysis {analysis!r}; use one of {', '.join(ANALYSES)}")
    if analysis in ("simulate", "compare") and "event" not in options:
        raise InputError(f"the {analysis} analysis needs an event (--event ID)")
    _check_params(analysis, list(points.columns))
    if analysis in ("simulate", "compare") and options.get("capability", "estimated") == "estimated":
        # the estimated models read their own assumptions and the counter-attack trigger only
        unread = [n for n in points.columns if not n.startswith(ESTIMATED_READS)]
        if unread:
            raise InputError(
                f"the estimated crisis models do not read {', '.join(unread)}",
                hint="sweep estimated.* or deterrence.counterattack.trigger, or sweep the assumed "
                "baseline with --capability cinc or milex",
            )
    limits.whole(retries, "retries", low=0)
    if "draws" in options:
        limits.DRAWS.check(options["draws"], "--draws")
    scenario_path = str(Path(scenario).resolve()) if scenario is not None else None
    if scenario_path and analysis in ("simulate", "compare", "landscape"):
        sc = _scenario(scenario_path)
        if analysis != "landscape":
            sc.event(options["event"])
            if options.get("design"):
                sc.design(options["design"])
    return scenario_path


def _execute(chunks: Sequence[_Chunk], executor: Executor | None, keep: Callable[[list[dict]], None]) -> None:
    """Run the chunks (serially, or on the executor as they complete), keeping each one's rows."""
    if executor is None:
        for ch in chunks:
            keep(_run_chunk(ch))
        return
    futures: list[Future] = [executor.submit(_run_chunk, ch) for ch in chunks]
    try:
        for fut in as_completed(futures):
            keep(fut.result())
    except BaseException:
        for f in futures:
            f.cancel()
        raise


def load_sweep(folder: str | Path) -> SweepResult:
    """A finished (or partial) sweep from its output folder."""
    folder = Path(folder)
    manifest = read_manifest(folder, "not a sweep folder")
    table = done_tasks(folder, manifest["n_tasks"])
    if not table.empty:
        table = table.sort_values("task_id").reset_index(drop=True)
    prov = Provenance(
        models=(f"sweep/{manifest['analysis']}",),
        citations=CITATIONS,
        parameters=manifest,
        seed=manifest.get("seed"),
    )
    return SweepResult(table, manifest, prov)
