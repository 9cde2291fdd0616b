"""The study: the whole analysis of a scenario, computed once.

:func:`run_study` takes a scenario and runs the flow of the design in order (who is bound,
who comes and whether it deters, who aligns, who holds the veto, who pays, would it be
adopted) and returns one frozen :class:`StudyResult`. ``foedus demo``, ``foedus report``,
the dashboard's run button and sweep tasks all call it, so that nothing is computed in a
shell and nothing twice.

Every part of the result is a tidy table (:meth:`StudyResult.to_frame`); the rich result
objects behind them (crisis results with their per-draw arrays, the landscape search) stay
attached for the report's figures as :attr:`StudyResult.details`. :meth:`StudyResult.save`
writes the tables, the summary and the provenance to a folder, atomically as a set, and
:meth:`StudyResult.load` reads them back (without the per-draw details).

Parts
-----
``obligations``  one row per (event, design, treaty, member): status, clause, reason
``bound``        per (event, design): who is bound to defend, conditionally, to consult
``crisis``       per (capability measure, event, design): P(defenders prevail), P(deterred), paired
                 differences from the first design
``responses``    per (capability measure, event, design, state): P(force) and its intervals
``alignment``    the landscape's local minima: energy, basin, sides
``power``        per (design, treaty, player): Shapley-Shubik and Banzhaf indices
``burden``       per (design, member): military spending over GDP against the target
``adoption``     per (issue, model): the forecast and its interval

Examples
--------
>>> from foedus.scenario import load_scenario, shipped_scenario
>>> sc = load_scenario(shipped_scenario())
>>> r = run_study(sc, events=["senkaku"], parts=("obligations",))
>>> sorted(r.to_frame("bound").columns)
['bound', 'conditional', 'consult', 'design', 'event']
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foedus.errors import InputError
from foedus.output import plain, records
from foedus.provenance import Provenance
from foedus.scenario import Scenario, load_scenario
from foedus.seeds import SeedLike

__all__ = ["PARTS", "StudyDetails", "StudyResult", "run_study"]

PARTS = ("obligations", "bound", "crisis", "responses", "alignment", "power", "burden", "adoption")
"""The tables a study holds, in the order of the flow."""

STEPS = ("obligations", "crisis", "alignment", "power", "burden", "adoption")
"""What :func:`run_study` can compute (``bound`` comes with ``obligations``, ``responses``
with ``crisis``), in the order it computes them."""

CRISIS_DRAWS = 10_000
FORECAST_DRAWS = 200
CAPABILITIES = ("estimated",)
"""The crisis runs a study makes by default: ``"estimated"``, the models learned from history
(:mod:`foedus.crisis.estimated`, whose outcome model weighs six capability components itself).
``"cinc"`` and ``"milex"`` are the first version's assumed models with capability measured by
that index (the named baseline; the two disagree, docs/models/deterrence.md)."""

MEASURES = ("estimated", "cinc", "milex")
"""Every crisis run a study can make (the ``measure`` column of its crisis tables)."""

LANDSCAPE_SUBREGIONS = ("east-asia", "southeast-asia", "south-asia", "oceania")
"""In an Indo-Pacific world the landscape is computed on these sub-regions' states plus the
United States and Russia, the ``landscape_top`` largest; in any other world, on all its states."""
LANDSCAPE_EXTRA = (2, 365)

Progress = Callable[[int, str], None]


@dataclass(frozen=True, eq=False)
class StudyDetails:
    """The rich result objects behind a study's tables (not saved; the report draws them).

    Attributes
    ----------
    scenario : Scenario
        The scenario studied.
    obligations : dict
        ``{event_id: {design: ObligationResult}}``.
    crisis : dict
        ``{capability: {event_id: ComparisonResult}}``.
    landscape, switch_costs
        The :class:`~foedus.coalitions.landscape.LandscapeResult` and per-state switch costs.
    exploitation : dict
        ``{design: ExploitationResult or None}``.
    problems, forecasts : dict
        ``{issue: BargainingProblem}`` and ``{issue: {model: ForecastResult}}``.
    """

    scenario: Scenario | None = None
    obligations: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    crisis: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    landscape: Any = None
    switch_costs: pd.Series | None = None
    exploitation: Mapping[str, Any] = field(default_factory=dict)
    problems: Mapping[str, Any] = field(default_factory=dict)
    forecasts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class StudyResult:
    """A scenario's whole analysis: one table per part, the settings, notes and provenance.

    Attributes
    ----------
    scenario : dict
        ``name``, ``hash``, ``world`` (label), ``year``, ``source``.
    settings : dict
        What shaped the run: events, designs, parts, seed, draws, capability measures,
        forecast draws, landscape size, adoption file, parameter overrides.
    tables : dict
        ``{part: DataFrame}`` for the parts that ran (see :data:`PARTS`).
    notes : tuple of str
        What was left out and why.
    provenance : Provenance
        Data versions, models, citations, seed, scenario hash, package version.
    details : StudyDetails or None
        The rich result objects (``None`` for a study read back with :meth:`load`).
    """

    scenario: Mapping[str, Any]
    settings: Mapping[str, Any]
    tables: Mapping[str, pd.DataFrame]
    notes: tuple[str, ...]
    provenance: Provenance
    details: StudyDetails | None = field(default=None, repr=False)

    @property
    def parts(self) -> tuple[str, ...]:
        """The parts this study holds, in flow order."""
        return tuple(p for p in PARTS if p in self.tables)

    def to_frame(self, part: str) -> pd.DataFrame:
        """The tidy table of one part (a copy)."""
        if part not in PARTS:
            raise InputError(f"unknown study part {part!r}", hint=f"use one of {', '.join(PARTS)}")
        if part not in self.tables:
            raise InputError(
                f"this study has no {part!r} part", hint=f"it holds {', '.join(self.parts) or 'none'}"
            )
        return self.tables[part].copy()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the scenario, settings, every table as records, notes and provenance."""
        return {
            "scenario": plain(dict(self.scenario)),
            "settings": plain(dict(self.settings)),
            "parts": {p: records(self.tables[p]) for p in self.parts},
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict(),
        }

    def save(self, folder: str | Path) -> Path:
        """Write the study to ``folder`` as a set: ``study.json`` and one CSV per part.

        The files are written into a temporary folder beside ``folder`` and renamed into
        place, so an interruption leaves the previous set or the new one, never a mix.
        """
        folder = Path(folder)
        parent = folder.resolve().parent
        if not parent.is_dir():
            raise InputError(f"{folder}: its folder {parent} does not exist", hint="create it first")
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder}: exists and is not a folder", hint="choose another path")
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
        try:
            meta = self.to_dict()
            meta["parts"] = {p: f"{p}.csv" for p in self.parts}
            (tmp / "study.json").write_text(
                json.dumps(meta, indent=2, allow_nan=False, ensure_ascii=False), encoding="utf-8"
            )
            for p in self.parts:
                frame = self.tables[p].copy()
                for c in frame.columns:  # tuples and lists as JSON, so they read back
                    if frame[c].map(lambda v: isinstance(v, (tuple, list))).any():
                        frame[c] = frame[c].map(lambda v: json.dumps(plain(v)))
                frame.to_csv(tmp / f"{p}.csv", index=False)
            old = None
            if folder.exists():
                old = parent / f".{folder.name}.old-{os.getpid()}"
                os.replace(folder, old)
            os.replace(tmp, folder)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> StudyResult:
        """Read a study written by :meth:`save` (its tables, settings and provenance)."""
        folder = Path(folder)
        meta_file = folder / "study.json"
        if not meta_file.is_file():
            raise InputError(
                f"{folder}: no study.json here", hint="give a folder written by StudyResult.save"
            )
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            tables = {}
            for part, name in meta["parts"].items():
                if part not in PARTS or "/" in name or "\\" in name:
                    raise InputError(f"{meta_file}: unknown part {part!r}")
                frame = pd.read_csv(folder / name)
                for c in _LIST_COLUMNS.get(part, ()):
                    if c in frame.columns:
                        frame[c] = frame[c].map(lambda v: tuple(json.loads(v)) if isinstance(v, str) else ())
                tables[part] = frame
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{folder}: not a readable study ({type(exc).__name__})") from None
        return cls(meta["scenario"], meta["settings"], tables, tuple(meta.get("notes", ())),
                   _provenance(meta.get("provenance", {})))  # fmt: skip


_LIST_COLUMNS = {"bound": ("bound", "conditional", "consult"), "alignment": ("side_a", "side_b")}


def _provenance(d: Mapping[str, Any]) -> Provenance:
    from foedus.provenance import DataVersion

    data = tuple(
        DataVersion(x["name"], x["version"], tuple(x.get("files", {}).items()), x.get("year_used"))
        for x in d.get("data", ())
    )
    return Provenance(
        models=tuple(d.get("models", ())),
        citations=tuple(d.get("citations", ())),
        data=data,
        parameters=d.get("parameters", {}),
        seed=d.get("seed"),
        scenario_hash=d.get("scenario_hash"),
        package_version=d.get("package_version", ""),
    )


# ----------------------------------------------------------------------------- the steps
def _obligations(sc: Scenario, events: Sequence[Any], designs: Sequence[str]) -> tuple[dict, pd.DataFrame]:
    from foedus.obligations import obligations

    names = sc.names()
    results = {
        ev.id: {d: obligations(sc.design(d).treaties, ev, sc.places, names) for d in designs} for ev in events
    }
    frames = [
        r.table.assign(event=ev_id, design=d)
        for ev_id, by_design in results.items()
        for d, r in by_design.items()
    ]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["event", "design"])
    first = ["event", "design"]
    return results, table[first + [c for c in table.columns if c not in first]]


def _crisis(
    sc: Scenario, events: Sequence[Any], designs: Sequence[str], capabilities: Sequence[str],
    draws: int, seed: SeedLike, params: Mapping[str, Any] | None, uncertainty: bool, executor: Any,
) -> tuple[dict, pd.DataFrame, pd.DataFrame]:  # fmt: skip
    from foedus.crisis import compare, model_set

    results: dict[str, dict[str, Any]] = {}
    summary, members = [], []
    for cap in capabilities:
        if cap not in MEASURES:
            raise InputError(f"unknown crisis measure {cap!r}", hint=f"use one of {', '.join(MEASURES)}")
        models = model_set("estimated") if cap == "estimated" else {**model_set("assumed"), "capability": cap}
        results[cap] = {}
        for ev in events:
            comp = compare(
                sc,
                ev.id,
                draws=draws,
                seed=seed,
                params=params,
                uncertainty=uncertainty,
                executor=executor,
                designs=designs,
                **models,
            )
            results[cap][ev.id] = comp
            summary.append(comp.to_frame().assign(measure=cap, event=ev.id))
            for d, r in comp.results.items():
                members.append(r.members.assign(measure=cap, event=ev.id, design=d))
    first = ["measure", "event", "design"]
    crisis = _ordered(summary, first)
    responses = _ordered(members, first)
    return results, crisis, responses


def _ordered(frames: Sequence[pd.DataFrame], first: Sequence[str]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=list(first))
    t = pd.concat(frames, ignore_index=True)
    return t[list(first) + [c for c in t.columns if c not in first]]


def _landscape(world: Any, top: int, seed: SeedLike) -> tuple[Any, Any, pd.DataFrame]:
    from foedus.coalitions.alignment import landscape_from_world, switch_costs
    from foedus.coalitions.landscape import search

    s = world.states
    codes = [
        int(c)
        for c, sub in zip(s.ccode, s.subregion, strict=True)
        if world.region != "indo-pacific" or sub in LANDSCAPE_SUBREGIONS or int(c) in LANDSCAPE_EXTRA
    ]
    land = landscape_from_world(world, top=top, states=codes)
    result = search(land, method="exhaustive" if land.n <= 24 else "heuristic", seed=seed)
    costs = switch_costs(result) if result.groups == 2 else None
    rows = []
    for k in range(result.n_minima):
        sides = [tuple(x) for x in result.minimum(k)]
        rows.append(
            {
                "rank": k,
                "energy": float(result.energies[k]),
                "basin_share": float(result.basin_shares[k]),
                "side_a": sides[0],
                "side_b": sides[1] if len(sides) > 1 else (),
            }
        )
    return result, costs, pd.DataFrame(rows, columns=["rank", "energy", "basin_share", "side_a", "side_b"])


def _power(sc: Scenario, designs: Sequence[str]) -> pd.DataFrame:
    from foedus.coalitions.power import banzhaf, decision_game, shapley_shubik

    names = sc.names()
    rows = []
    cache: dict[str, Any] = {}
    for d in designs:
        for t in sc.design(d).treaties:
            if t.id not in cache:
                game = decision_game(t, names)
                cache[t.id] = (game, shapley_shubik(game), banzhaf(game)) if game is not None else None
            if cache[t.id] is None:
                continue
            game, ss, bz = cache[t.id]
            rule = f"{t.decision_rule.kind.replace('_', ' ')}, quota {float(game.quota):g}"
            rows += [
                {
                    "design": d,
                    "treaty": t.id,
                    "game": t.name,
                    "rule": rule,
                    "player": player,
                    "weight": float(game.weights[i]),
                    "shapley_shubik": float(ss.values[i]),
                    "banzhaf": float(bz.values[i]),
                }
                for i, player in enumerate(game.names)
            ]
    cols = ["design", "treaty", "game", "rule", "player", "weight", "shapley_shubik", "banzhaf"]
    return pd.DataFrame(rows, columns=cols)


def burden_groups(
    sc: Scenario, designs: Sequence[str] | None = None
) -> dict[str, tuple[list[int], float | None, str]]:
    """Per design: the members whose burden is shown, the spending target and which treaties.

    A design that extends the first design (the status quo) is judged on the treaties it
    adds (its pact); the first design on all its treaties.
    """
    all_designs = list(sc.designs.values())
    base_ids = {t.id for t in all_designs[0].treaties} if all_designs else set()
    out = {}
    for i, d in enumerate(all_designs):
        if designs is not None and d.name not in designs:
            continue
        treaties = list(d.treaties) if i == 0 else [t for t in d.treaties if t.id not in base_ids]
        treaties = treaties or list(d.treaties)
        members = list(dict.fromkeys(c for t in treaties for c in t.member_codes()))
        targets = [
            t.commitments.defence_spending_share_of_gdp
            for t in treaties
            if t.commitments.defence_spending_share_of_gdp is not None
        ]
        out[d.name] = (members, max(targets) if targets else None, ", ".join(t.name for t in treaties))
    return out


def _burden(sc: Scenario, designs: Sequence[str]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Burden per design from the World's SIPRI columns (SIPRI's figures for the World's year)."""
    from foedus.coalitions.burden import exploitation_test

    w = sc.world
    sipri = w.states[["ccode", "sipri_milex", "sipri_milex_share_gdp", "sipri_gdp"]].copy()
    sipri["year"] = w.year
    s = sipri.set_index("ccode")
    names = sc.names()
    rows = []
    tests: dict[str, Any] = {}
    for design, (members, target, treaties) in burden_groups(sc, designs).items():
        for c in members:
            b = s.sipri_milex_share_gdp.get(c, np.nan)
            b = float(b) if pd.notna(b) else np.nan
            rows.append(
                {
                    "design": design,
                    "treaties": treaties,
                    "ccode": int(c),
                    "state": names.get(c, str(c)),
                    "milex": float(s.sipri_milex.get(c, np.nan)),
                    "gdp": float(s.sipri_gdp.get(c, np.nan)),
                    "burden": b,
                    "target": np.nan if target is None else float(target),
                    "gap": np.nan if target is None or math.isnan(b) else float(target) - b,
                    "meets": None if target is None or math.isnan(b) else bool(b >= target),
                }
            )
        try:
            tests[design] = exploitation_test(members, w.year, sipri=sipri)
        except InputError:
            tests[design] = None  # fewer than three members with data
    cols = ["design", "treaties", "ccode", "state", "milex", "gdp", "burden", "target", "gap", "meets"]
    return pd.DataFrame(rows, columns=cols), tests


def adoption_file(sc: Scenario) -> Path | None:
    """``<scenario stem>-adoption.yaml`` (or ``.yml``, ``.csv``) beside the scenario, if present."""
    src = Path(sc.source)
    found = [src.with_name(f"{src.stem}-adoption{ext}") for ext in (".yaml", ".yml", ".csv")]
    return next((p for p in found if p.is_file()), None)


def _adoption_problems(sc: Scenario, adoption: Any) -> tuple[dict[str, Any], Path | None]:
    from foedus.bargaining import read_problems

    if adoption is False:
        return {}, None
    if adoption is None:
        adoption = adoption_file(sc)
        if adoption is None:
            return {}, None
    if isinstance(adoption, (str, Path)):
        return {p.name: p for p in read_problems(adoption)}, Path(adoption)
    problems = [adoption] if hasattr(adoption, "actors") else list(adoption)
    return {p.name: p for p in problems}, None


def _forecasts(problems: Mapping[str, Any], draws: int, seed: SeedLike) -> tuple[dict, pd.DataFrame]:
    from foedus.bargaining import available_models, forecast
    from foedus.bargaining.uncertainty import forecast_draws

    out: dict[str, dict[str, Any]] = {}
    for name, p in problems.items():
        out[name] = {
            m: forecast_draws(p, m, draws=draws, seed=seed) if draws else forecast(p, m, seed=seed)
            for m in available_models()
        }
    frames = [r.to_frame() for results in out.values() for r in results.values()]
    cols = ["issue", "model", "dimension", "outcome", "lower", "upper", "converged", "n_iter"]
    return out, (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols))


# ----------------------------------------------------------------------------- the pipeline
def _select(sc: Scenario, events: Sequence[str] | None, designs: Sequence[str] | None) -> tuple[list, list]:
    evs = [sc.event(e) for e in events] if events is not None else list(sc.events.values())
    ds = [sc.design(d).name for d in designs] if designs is not None else list(sc.designs)
    if not ds:
        raise InputError(f"{sc.source}: choose at least one design")
    return evs, ds


def _check_parts(parts: Sequence[str] | None) -> tuple[str, ...]:
    if parts is None:
        return STEPS
    unknown = [p for p in parts if p not in STEPS]
    if unknown:
        raise InputError(
            f"unknown study part(s) {', '.join(map(str, unknown))}", hint=f"use {', '.join(STEPS)}"
        )
    return tuple(p for p in STEPS if p in parts)


def run_study(
    scenario: Scenario | str | Path,
    *,
    year: int | None = None,
    events: Sequence[str] | None = None,
    designs: Sequence[str] | None = None,
    parts: Sequence[str] | None = None,
    seed: SeedLike = 1,
    draws: int = CRISIS_DRAWS,
    capabilities: Sequence[str] = CAPABILITIES,
    forecast_draws: int = FORECAST_DRAWS,
    landscape_top: int = 20,
    adoption: Any = None,
    params: Mapping[str, Any] | None = None,
    uncertainty: bool = True,
    executor: Any = None,
    progress: Progress | None = None,
) -> StudyResult:
    """Run the whole analysis of a scenario, once.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A loaded scenario or a scenario file.
    year : int, optional
        Rerun the study in this year's world (the embedded default world for its year, the
        datasets otherwise): the scenario file is read again with
        ``load_scenario(..., year=year)``, which leaves out treaties not in force then, with
        a note in :attr:`StudyResult.notes`.
    events, designs : list of str, optional
        The events and designs to study (default: all of the scenario's, in its order; the
        first design is the baseline the crisis differences are taken from).
    parts : list of str, optional
        Which of :data:`STEPS` to run (default: all).
    seed : int, Generator, SeedSequence or None
        One seed for every stochastic step: one seed, one answer.
    draws : int
        Monte Carlo draws per design and event.
    capabilities : list of str
        The crisis runs (:data:`MEASURES`): ``estimated`` (default), the models learned from
        history; ``cinc``, ``milex``, the assumed baseline with capability measured by that index.
    forecast_draws : int
        Draws of the expert inputs behind each forecast's interval (0: no interval).
    landscape_top : int
        The landscape's number of states (the largest; exhaustive search up to 24).
    adoption : optional
        The adoption issue(s): a file, ``BargainingProblem`` object(s), or ``False``; by
        default ``<scenario stem>-adoption.yaml`` beside the scenario, if present.
    params : mapping, optional
        Crisis-model parameter overrides (:func:`foedus.parameters.resolve`).
    uncertainty : bool
        Sample the crisis parameters within their ranges (default) or hold them at their
        values (what a sweep does at each of its points).
    executor : concurrent.futures.Executor, optional
        Runs the crisis chunks; the numbers do not depend on it.
    progress : callable, optional
        ``progress(i, step)`` is called before each step ``i`` of the parts run.

    Returns
    -------
    StudyResult

    Raises
    ------
    InputError
        An unknown event, design or part, or a bad setting.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, year=year)
    if year is not None and sc.world.year != year:
        sc = load_scenario(sc.source, year=year)
    evs, ds = _select(sc, events, designs)
    steps = _check_parts(parts)
    run = _Collector(sc, evs, ds)
    for i, step in enumerate(steps):
        if progress is not None:
            progress(i, step)
        if step == "obligations":
            run.obligations()
        elif step == "crisis":
            run.crisis(capabilities, draws, seed, params, uncertainty, executor)
        elif step == "alignment":
            run.alignment(landscape_top, seed)
        elif step in ("power", "burden"):
            run.coalitions(step)
        else:
            run.adoption(adoption, forecast_draws, seed)
    ran = {
        "crisis": {"draws": draws, "capabilities": list(capabilities), "uncertainty": uncertainty},
        "adoption": {"forecast_draws": forecast_draws},
        "alignment": {"landscape_top": landscape_top},
    }
    return run.result(steps, seed, ran, params)


class _Collector:
    """Runs the steps of one study, gathering tables, details, notes, models and citations."""

    def __init__(self, sc: Scenario, events: Sequence[Any], designs: Sequence[str]) -> None:
        self.sc, self.events, self.designs = sc, events, designs
        self.tables: dict[str, pd.DataFrame] = {}
        self.details: dict[str, Any] = {"scenario": sc}
        self.notes: list[str] = list(sc.notes)  # what the world's year left out
        self.models: list[str] = []
        self.citations: list[str] = list(sc.world.provenance.all_citations())
        self.adoption_path: Path | None = None

    def result(
        self, steps: Sequence[str], seed: SeedLike, ran: Mapping[str, Mapping[str, Any]], params: Any
    ) -> StudyResult:
        """The study's result: its settings (what ran, with what) and provenance."""
        entropy = _entropy(seed)
        settings = {
            "events": [e.id for e in self.events],
            "designs": list(self.designs),
            "parts": list(steps),
            "seed": entropy,
            **{k: (v if part in steps else None) for part, opts in ran.items() for k, v in opts.items()},
            "adoption_file": str(self.adoption_path) if self.adoption_path else None,
            "params": dict(params or {}),
        }
        sc = self.sc
        prov = Provenance(
            models=tuple(dict.fromkeys(self.models)),
            citations=tuple(dict.fromkeys(self.citations)),
            data=sc.world.provenance.data,
            parameters=settings,
            seed=entropy,
            scenario_hash=sc.hash,
        )
        meta = {"name": sc.name, "hash": sc.hash, "world": sc.world.label, "year": sc.world.year,
                "source": str(sc.source)}  # fmt: skip
        return StudyResult(meta, settings, self.tables, tuple(self.notes), prov, StudyDetails(**self.details))

    def _cite(self, results: Any) -> None:
        for r in results:
            self.models += r.provenance.models
            self.citations += r.provenance.all_citations()

    def obligations(self) -> None:
        from foedus.obligations import CITATIONS, summarize_bound

        if not self.events:
            self.notes.append("The scenario has no events: no obligation or crisis section.")
        self.details["obligations"], self.tables["obligations"] = _obligations(
            self.sc, self.events, self.designs
        )
        self.tables["bound"] = summarize_bound(self.details["obligations"])
        self.models.append("obligations")
        self.citations += CITATIONS

    def crisis(
        self, capabilities: Sequence[str], draws: int, seed: SeedLike, params: Any, uncertainty: bool,
        executor: Any,
    ) -> None:  # fmt: skip
        results, self.tables["crisis"], self.tables["responses"] = _crisis(
            self.sc, self.events, self.designs, capabilities, draws, seed, params, uncertainty, executor
        )
        self.details["crisis"] = results
        self._cite(r for by_event in results.values() for c in by_event.values() for r in c.results.values())

    def alignment(self, top: int, seed: SeedLike) -> None:
        from foedus.coalitions.alignment import CITATIONS

        try:
            land, costs, self.tables["alignment"] = _landscape(self.sc.world, top, seed)
        except InputError as exc:  # e.g. fewer than two states of the region with a size
            self.notes.append(f"No landscape analysis: {exc}")
            return
        self.details["landscape"], self.details["switch_costs"] = land, costs
        self.models.append("landscape")
        self.citations += [*land.provenance.all_citations(), *CITATIONS]

    def coalitions(self, step: str) -> None:
        from foedus.coalitions import burden, power

        if step == "power":
            self.tables["power"] = _power(self.sc, self.designs)
        else:
            self.tables["burden"], self.details["exploitation"] = _burden(self.sc, self.designs)
        if not self.tables[step].empty:
            self.models.append(step)
            self.citations += (power if step == "power" else burden).CITATIONS

    def adoption(self, adoption: Any, draws: int, seed: SeedLike) -> None:
        problems, self.adoption_path = _adoption_problems(self.sc, adoption)
        self.details["problems"] = problems
        self.details["forecasts"], self.tables["adoption"] = _forecasts(problems, draws, seed)
        self._cite(r for results in self.details["forecasts"].values() for r in results.values())
        if not problems:
            self.notes.append(
                f"No adoption issue file ({Path(self.sc.source).stem}-adoption.yaml beside the scenario): "
                "no forecast section."
            )


def _entropy(seed: SeedLike) -> int | None:
    from foedus.seeds import as_seed_sequence

    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return int(seed)
    root = as_seed_sequence(seed)
    return root.entropy if isinstance(root.entropy, int) else None
