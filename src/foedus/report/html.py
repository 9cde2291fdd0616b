"""The report: one self-contained HTML file of a scenario's analyses, readable offline.

:func:`write_report` runs every analysis foedus has for a scenario (:func:`collect`) and
writes one HTML file with plotly.js and the world shapes inlined, so that it opens from
disk, or as an e-mail attachment, with no network: who is bound to act for each event and
design (tables and maps), who would come and whether the pact deters (the crisis
simulation, when :mod:`foedus.crisis` is available or its results are given), the
predicted alignment (landscape theory), voting power and burden sharing per design, the
adoption forecasts (when the scenario has an adoption issue file), the assumptions and
parameters, and the provenance (data versions and checksums, scenario hash, seed, package
version) with the BibTeX of every model and dataset used.

The file is written atomically (:func:`foedus.atomic.atomic_path`): an interrupted run
leaves any earlier report in place. The same inputs and seed give the same bytes (no
timestamp, fixed element ids).

Examples
--------
>>> from foedus.report import write_report                      # doctest: +SKIP
>>> write_report("scenarios/asian-nato.yaml", "report.html")   # doctest: +SKIP
PosixPath('report.html')
"""

from __future__ import annotations

import html
import json
import math
import platform
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foedus import __version__
from foedus.atomic import atomic_path
from foedus.errors import InputError

LANDSCAPE_SUBREGIONS = ("east-asia", "southeast-asia", "south-asia", "oceania")
"""In an Indo-Pacific world the landscape is computed on these sub-regions' states plus the
United States and Russia (as ``foedus demo`` does), the ``landscape_top`` largest; in any other
world, on all its states."""
LANDSCAPE_EXTRA = (2, 365)

CRISIS_DRAWS = 10_000
FORECAST_DRAWS = 200
FORECAST_INTERVAL_MODELS = ("bdm", "mean", "median", "nash")
"""Models given an interval from uncertain inputs (:func:`foedus.bargaining.uncertainty.forecast_draws`);
ktab is left out because its draws take seconds each."""


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class ReportData:
    """Everything the report shows, computed by :func:`collect` (the dashboard can reuse it).

    Attributes
    ----------
    scenario : Scenario
    events : tuple of Event
    obligations : dict
        ``{event_id: {design_name: ObligationResult}}``.
    bound : DataFrame
        :func:`foedus.obligations.compare_designs` for the events shown.
    crisis : dict
        ``{event_id: ComparisonResult}`` (empty when no crisis simulation ran).
    landscape, switch_costs
        :class:`~foedus.coalitions.landscape.LandscapeResult` and the per-state switch costs.
    power : DataFrame
        ``design, treaty, game, rule, player, weight, shapley_shubik, banzhaf``.
    burden : DataFrame
        ``design, ccode, state, milex, burden, gdp, target, gap, meets``.
    exploitation : dict
        ``{design: ExploitationResult or None}``.
    forecasts : dict
        ``{issue: {model: ForecastResult}}`` (empty without an adoption file).
    problems : dict
        ``{issue: BargainingProblem}``.
    seed : int
    notes : list of str
        What was left out and why.
    """

    scenario: Any
    events: tuple[Any, ...]
    obligations: dict[str, dict[str, Any]]
    bound: pd.DataFrame
    crisis: dict[str, Any]
    landscape: Any
    switch_costs: pd.Series | None
    power: pd.DataFrame
    burden: pd.DataFrame
    exploitation: dict[str, Any]
    forecasts: dict[str, dict[str, Any]]
    problems: dict[str, Any]
    seed: int
    parameters: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def citations(self) -> tuple[str, ...]:
        """Citation keys of every model and dataset behind the report, without duplicates."""
        from foedus.coalitions import burden, power
        from foedus.obligations import CITATIONS as OBLIGATION_CITATIONS

        keys: list[str] = list(self.scenario.world.provenance.all_citations())
        keys += OBLIGATION_CITATIONS
        if self.landscape is not None:
            from foedus.coalitions.alignment import CITATIONS as ALIGN

            keys += list(self.landscape.provenance.all_citations()) + list(ALIGN)
        if not self.power.empty:
            keys += list(getattr(power, "CITATIONS", ("shapley_shubik_1954", "banzhaf_1965")))
        if not self.burden.empty:
            keys += burden.CITATIONS
        for comp in self.crisis.values():
            for r in comp.results.values():
                keys += r.provenance.all_citations()
        for results in self.forecasts.values():
            for r in results.values():
                keys += r.provenance.all_citations()
        return tuple(dict.fromkeys(keys))


def _load(scenario: Any) -> Any:
    from foedus.scenario import Scenario, load_scenario

    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def _crisis_module() -> Any:
    try:
        from foedus import crisis
    except ImportError:  # the crisis simulation is not part of this installation
        return None
    return crisis if hasattr(crisis, "compare") else None


def _normalise_crisis(crisis: Any, events: Sequence[Any]) -> dict[str, Any]:
    """Crisis results in any of the accepted shapes -> ``{event_id: ComparisonResult}``."""
    if not crisis:
        return {}
    items: Iterable[Any]
    if isinstance(crisis, Mapping):
        items = crisis.values()
    elif hasattr(crisis, "results") or hasattr(crisis, "members"):
        items = [crisis]
    else:
        items = crisis
    wanted = {e.id for e in events}
    out: dict[str, Any] = {}
    singles: dict[str, dict[str, Any]] = {}
    for item in items:
        if hasattr(item, "results") and hasattr(item, "baseline"):  # ComparisonResult
            out[item.event.id] = item
        elif hasattr(item, "members") and hasattr(item, "design"):  # CrisisResult
            singles.setdefault(item.event.id, {})[item.design] = item
        else:
            raise InputError(
                f"write_report: crisis results must be foedus.crisis ComparisonResult or CrisisResult "
                f"objects (or a mapping or list of them), got {type(item).__name__}"
            )
    if singles:
        from foedus.crisis import ComparisonResult

        for ev_id, results in singles.items():
            if ev_id not in out:
                first = next(iter(results.values()))
                out[ev_id] = ComparisonResult(first.event, next(iter(results)), results)
    return {k: v for k, v in out.items() if k in wanted}


def _adoption_problems(scenario: Any, adoption: Any) -> tuple[dict[str, Any], Path | None]:
    from foedus.bargaining import read_problems

    if adoption is False:
        return {}, None
    if adoption is None:
        src = Path(scenario.source)
        found = [src.with_name(f"{src.stem}-adoption{ext}") for ext in (".yaml", ".yml", ".csv")]
        path = next((p for p in found if p.is_file()), None)
        if path is None:
            return {}, None
        adoption = path
    if isinstance(adoption, (str, Path)):
        problems = read_problems(adoption)
        return {p.name: p for p in problems}, Path(adoption)
    problems = [adoption] if hasattr(adoption, "actors") else list(adoption)
    return {p.name: p for p in problems}, None


def _landscape(world: Any, top: int, seed: int) -> tuple[Any, Any]:
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
    return result, switch_costs(result) if result.groups == 2 else None


def _power(scenario: Any) -> pd.DataFrame:
    from foedus.coalitions.power import banzhaf, decision_game, shapley_shubik

    names = scenario.names()
    rows = []
    cache: dict[str, Any] = {}
    for d in scenario.designs.values():
        for t in d.treaties:
            if t.id not in cache:
                game = decision_game(t, names)
                cache[t.id] = (game, shapley_shubik(game), banzhaf(game)) if game is not None else None
            entry = cache[t.id]
            if entry is None:
                continue
            game, ss, bz = entry
            for i, player in enumerate(game.names):
                rows.append(
                    {
                        "design": d.name,
                        "treaty": t.id,
                        "game": t.name,
                        "rule": f"{t.decision_rule.kind.replace('_', ' ')}, quota {float(game.quota):g}",
                        "player": player,
                        "weight": float(game.weights[i]),
                        "shapley_shubik": float(ss.values[i]),
                        "banzhaf": float(bz.values[i]),
                    }
                )
    cols = ["design", "treaty", "game", "rule", "player", "weight", "shapley_shubik", "banzhaf"]
    return pd.DataFrame(rows, columns=cols)


def _burden_groups(scenario: Any) -> dict[str, tuple[list[int], float | None, str]]:
    """Per design: the members whose burden is shown, the spending target and which treaties.

    A design that extends the first design (the status quo) is judged on the treaties it
    adds (its pact); the first design on all its treaties.
    """
    designs = list(scenario.designs.values())
    base_ids = {t.id for t in designs[0].treaties} if designs else set()
    out = {}
    for i, d in enumerate(designs):
        treaties = list(d.treaties) if i == 0 else [t for t in d.treaties if t.id not in base_ids]
        if not treaties:
            treaties = list(d.treaties)
        members = list(dict.fromkeys(c for t in treaties for c in t.member_codes()))
        targets = [
            t.commitments.defence_spending_share_of_gdp
            for t in treaties
            if t.commitments.defence_spending_share_of_gdp is not None
        ]
        out[d.name] = (members, max(targets) if targets else None, ", ".join(t.name for t in treaties))
    return out


def _burden(scenario: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Burden per design from the World's SIPRI columns (SIPRI's figures for the World's year)."""
    from foedus.coalitions.burden import exploitation_test

    w = scenario.world
    sipri = w.states[["ccode", "sipri_milex", "sipri_milex_share_gdp", "sipri_gdp"]].copy()
    sipri["year"] = w.year
    names = scenario.names()
    rows = []
    tests: dict[str, Any] = {}
    for design, (members, target, treaties) in _burden_groups(scenario).items():
        s = sipri.set_index("ccode")
        for c in members:
            burden = s.sipri_milex_share_gdp.get(c, np.nan)
            burden = float(burden) if pd.notna(burden) else np.nan
            rows.append(
                {
                    "design": design,
                    "treaties": treaties,
                    "ccode": int(c),
                    "state": names.get(c, str(c)),
                    "milex": float(s.sipri_milex.get(c, np.nan)),
                    "gdp": float(s.sipri_gdp.get(c, np.nan)),
                    "burden": burden,
                    "target": np.nan if target is None else float(target),
                    "gap": np.nan if target is None or math.isnan(burden) else float(target) - burden,
                    "meets": None if target is None or math.isnan(burden) else bool(burden >= target),
                }
            )
        try:
            tests[design] = exploitation_test(members, w.year, sipri=sipri)
        except InputError:
            tests[design] = None  # fewer than three members with data
    return pd.DataFrame(rows), tests


def _forecasts(problems: Mapping[str, Any], seed: int) -> dict[str, dict[str, Any]]:
    from foedus.bargaining import available_models, forecast
    from foedus.bargaining.uncertainty import forecast_draws

    out: dict[str, dict[str, Any]] = {}
    for name, p in problems.items():
        results = {}
        for m in available_models():
            if m in FORECAST_INTERVAL_MODELS:
                results[m] = forecast_draws(p, m, draws=FORECAST_DRAWS, seed=seed)
            else:
                results[m] = forecast(p, m, seed=seed)
        out[name] = results
    return out


def collect(
    scenario: Any,
    *,
    event_ids: Sequence[str] | None = None,
    seed: int = 1,
    crisis: Any = None,
    crisis_draws: int = CRISIS_DRAWS,
    adoption: Any = None,
    landscape_top: int = 20,
    capability: str = "cinc",
) -> ReportData:
    """Run the analyses the report shows. See :func:`write_report` for the parameters."""
    from foedus.obligations import obligations, summarize_bound

    sc = _load(scenario)
    events = tuple(sc.event(e) for e in event_ids) if event_ids is not None else tuple(sc.events.values())
    notes: list[str] = []
    if not events:
        notes.append("The scenario has no events: no obligation or crisis section.")
    names = sc.names()
    obl = {
        ev.id: {d.name: obligations(d.treaties, ev, sc.places, names) for d in sc.designs.values()}
        for ev in events
    }
    bound = summarize_bound(obl)

    if crisis is None:
        mod = _crisis_module()
        if mod is None:
            notes.append("The crisis simulation (foedus.crisis) is not available: no simulation section.")
            comparisons = {}
        else:
            comparisons = {
                ev.id: mod.compare(sc, ev.id, draws=crisis_draws, seed=seed, capability=capability)
                for ev in events
            }
    else:
        comparisons = _normalise_crisis(crisis, events)

    try:
        land, costs = _landscape(sc.world, landscape_top, seed)
    except InputError as exc:  # e.g. fewer than two states of the region with a size
        land, costs = None, None
        notes.append(f"No landscape analysis: {exc}")
    power = _power(sc)
    burden, tests = _burden(sc)
    problems, adoption_path = _adoption_problems(sc, adoption)
    forecasts = _forecasts(problems, seed) if problems else {}
    if not problems:
        notes.append(
            f"No adoption issue file ({Path(sc.source).stem}-adoption.yaml beside the scenario): "
            "no forecast section."
        )
    params = {
        "seed": seed,
        "events": [e.id for e in events],
        "crisis_draws": crisis_draws if comparisons and crisis is None else None,
        "crisis_capability": capability if comparisons and crisis is None else None,
        "landscape_top": landscape_top,
        "adoption_file": str(adoption_path) if adoption_path else None,
        "forecast_draws": FORECAST_DRAWS if forecasts else None,
    }
    return ReportData(
        sc,
        events,
        obl,
        bound,
        comparisons,
        land,
        costs,
        power,
        burden,
        tests,
        forecasts,
        problems,
        seed,
        params,
        notes,
    )


# ----------------------------------------------------------------------------- HTML pieces
CSS = """
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --accent: #08519c; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; line-height: 1.45; }
header.top { background: #0b2545; color: white; padding: 22px 32px 18px; }
header.top h1 { margin: 0 0 4px; font-size: 26px; }
header.top p { margin: 2px 0; color: #dbe4ee; }
nav.toc { position: sticky; top: 0; background: white; border-bottom: 1px solid var(--line);
          padding: 8px 32px; z-index: 10; font-size: 14px; }
nav.toc a { margin-right: 14px; color: var(--accent); text-decoration: none; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 60px; overflow-x: hidden; }
h2 { border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 42px; }
h3 { margin-top: 30px; }
p.lead { color: var(--muted); }
.fig { margin: 10px 0 18px; border: 1px solid var(--line); border-radius: 6px; padding: 4px; }
.caption { font-weight: bold; font-size: 15px; padding: 8px 10px 0; }
table.data { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px; width: 100%; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
                               vertical-align: top; overflow-wrap: anywhere; }
table.data th { background: var(--bg); }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--accent); }
pre { background: var(--bg); padding: 10px; overflow-x: auto; font-size: 12px; border-radius: 6px; }
.note { background: #fff8c5; border: 1px solid #d4a72c55; padding: 8px 12px; border-radius: 6px; }
.event-meta { color: var(--muted); font-size: 14px; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; color: white; }
footer { color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
img.png { max-width: 100%; }
"""

PLOT_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendDataToCloud"]}


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def _fmt(v: Any, digits: int | None = 3) -> str:
    """A cell's text: ``digits`` decimals (``None``: as few as the value needs), thousands
    separated, tiny values in scientific notation, NA as a dash."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return "–"
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if abs(v) >= 1e4:
            return f"{v:,.0f}"
        if v != 0 and abs(v) < 1e-3:
            return f"{v:.3g}"
        return f"{v:g}" if digits is None else f"{v:.{digits}f}"
    if isinstance(v, (tuple, list)):
        return ", ".join(map(str, v)) or "–"
    return str(v)


def table(
    frame: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    digits: int | None = 3,
    percent: Iterable[str] = (),
) -> str:
    """An escaped HTML table of ``frame`` (``columns``: which to show, with their headers)."""
    columns = dict(columns) if columns is not None else {c: c.replace("_", " ") for c in frame.columns}
    pct = set(percent)
    head = "".join(f"<th>{_e(h)}</th>" for h in columns.values())
    rows = []
    for _, r in frame.iterrows():
        cells = []
        for c in columns:
            v = r.get(c)
            numeric = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
            text = (
                "–"
                if numeric and c in pct and (v is None or math.isnan(float(v)))
                else f"{float(v):.1%}"
                if numeric and c in pct
                else _fmt(v, digits)
            )
            cells.append(f'<td class="num">{_e(text)}</td>' if numeric else f"<td>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


class _Figures:
    """Collects figures with fixed ids and writes their plotting calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def add(self, fig: Any, caption: str | None = None) -> str:
        import plotly.io as pio

        fid = f"fig-{len(self.calls) + 1}"
        spec = pio.to_json(fig, validate=False, remove_uids=True).replace("</", "<\\/")
        self.calls.append(f'["{fid}", {spec}]')
        head = f'<div class="caption">{_e(caption)}</div>' if caption else ""
        return f'<div class="fig">{head}<div id="{fid}" class="plotly-graph-div"></div></div>'

    def script(self) -> str:
        config = json.dumps(PLOT_CONFIG)
        return (
            "(function(){\n"
            f"var FIGS = [{','.join(self.calls)}];\n"
            f"var CONFIG = {config};\n"
            "function draw(i){ if (i >= FIGS.length) { document.body.setAttribute('data-plots-done', '1'); "
            "return; }\n"
            "  var f = FIGS[i]; var el = document.getElementById(f[0]);\n"
            "  Plotly.newPlot(el, f[1].data, f[1].layout, CONFIG).then(function(){ draw(i + 1); },"
            " function(){ draw(i + 1); }); }\n"
            "if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', "
            "function(){ draw(0); }); } else { draw(0); }\n"
            "})();"
        )


def _event_meta(ev: Any, sc: Any) -> str:
    names = sc.names()
    place = sc.places.get(ev.place) if ev.place else None
    where = place.name if place is not None else (f"({ev.lat}, {ev.lon})" if ev.lat is not None else "–")
    agg = ", ".join(names.get(a, str(a)) for a in ev.aggressor)
    target = names.get(ev.target, ev.target)
    return (
        f'<p class="event-meta">aggressor <b>{_e(agg)}</b> · target <b>{_e(target)}</b>'
        f" · place <b>{_e(where)}</b> · {_e(ev.kind.replace('_', ' '))} · severity {_e(ev.severity)}</p>"
    )


def _bound_cell(r: Any) -> str:
    text = ", ".join(r.bound) or "nobody"
    if r.conditional:
        text += f" (if: {', '.join(r.conditional)})"
    if r.consult:
        text += f"; consult: {', '.join(r.consult)}"
    return text


def _bound_table(bound: pd.DataFrame, labels: Mapping[str, str]) -> str:
    """compare_designs as one row per event and one column per design."""
    rows = []
    for ev_id, g in bound.groupby("event", sort=False):
        row = {"event": ev_id}
        for r in g.itertuples():
            row[r.design] = _bound_cell(r)
        rows.append(row)
    frame = pd.DataFrame(rows)
    return table(frame, columns={"event": "event", **{d: labels.get(d, d) for d in bound.design.unique()}})


def _obligation_section(data: ReportData, figs: _Figures, pngs: dict[str, str]) -> str:
    from foedus.report import figures as F

    sc = data.scenario
    labels = {d.name: d.label for d in sc.designs.values()}
    out = [
        '<h2 id="obligations">Who is bound, and who comes</h2>',
        '<p class="lead">For each event: who is legally bound to act under each design\'s treaties '
        "(foedus.obligations: the ATOP conditions of every clause evaluated against the event)"
        + (
            ", and who would actually come and whether the pact deters (foedus.crisis: Monte Carlo over "
            "member decisions and parameter uncertainty, common random numbers across designs)."
            if data.crisis
            else "."
        )
        + " Use the menu at the top left of each map to switch design"
        + (" and between obligations and response probabilities." if data.crisis else ".")
        + "</p>",
    ]
    for n in data.notes:
        if "crisis" in n or "no events" in n:
            out.append(f'<p class="note">{_e(n)}</p>')
    out.append("<h3>Summary: who is bound to defend the target</h3>")
    out.append(
        '<p class="event-meta">Each cell: the states bound to defend; <i>if:</i> bound if conditions the '
        "data leave open hold; <i>consult:</i> bound only to consult.</p>"
    )
    if not data.bound.empty:
        out.append(_bound_table(data.bound, labels))
    for ev in data.events:
        obl = {labels[k]: v for k, v in data.obligations[ev.id].items()}
        comp = data.crisis.get(ev.id)
        crisis = {labels.get(k, k): v for k, v in comp.results.items()} if comp is not None else None
        out.append(f'<h3 id="event-{_e(ev.id)}">{_e(ev.id)}: {_e(ev.description or "")}</h3>')
        out.append(_event_meta(ev, sc))
        fig = F.obligation_map(sc.world, ev, obl, places=sc.places, crisis=crisis)
        caption = (
            "Who is bound" + (" and who comes" if crisis else "") + f" ({ev.id}; ☆ marks the flashpoint)"
        )
        out.append(figs.add(fig, caption))
        if f"map-{ev.id}" in pngs:
            out.append(f'<p class="event-meta">Static map: <code>{_e(pngs[f"map-{ev.id}"])}</code></p>')
        if comp is not None:
            frame = comp.to_frame()
            frame["label"] = frame.label.map(lambda s: s)
            out.append(figs.add(F.crisis_outcomes(comp, title="Outcome by design")))
            out.append(
                table(
                    frame,
                    columns={
                        "label": "design",
                        "p_prevail": "P(prevail)",
                        "p_prevail_low": "low",
                        "p_prevail_high": "high",
                        "p_deterred": "P(deterred)",
                        "d_prevail": "Δ P(prevail) vs status quo",
                        "d_prevail_se": "s.e.",
                        "committed_mean": "allies' capability committed (mean)",
                        "key_members": "key members",
                    },
                )
            )
            out.append("<p>" + "<br>".join(_e(line) for line in comp.note().splitlines()) + "</p>")
            out.append(
                figs.add(F.crisis_responses(crisis or {}), "Who comes: each state's probability of fighting")
            )
            out.append(
                figs.add(F.crisis_distribution(comp), "Outcome and deterrence distributions across draws")
            )
        out.append("<details><summary>Obligation tables, clause by clause</summary>")
        for label, res in obl.items():
            out.append(f"<h4>{_e(label)}</h4>")
            t = res.table[res.table.status != "not_bound"]
            hidden = len(res.table) - len(t)
            out.append(
                table(
                    t,
                    columns={
                        "treaty_name": "treaty",
                        "state": "state",
                        "status": "status",
                        "article": "article",
                        "response": "response",
                        "reason": "why",
                        "reservation": "reservation",
                        "p_force_lawful": "P(force lawful)",
                    },
                )
            )
            if hidden:
                who = ", ".join(dict.fromkeys(res.table[res.table.status == "not_bound"].state))
                out.append(f'<p class="event-meta">Members not bound ({hidden} rows): {_e(who)}.</p>')
        out.append("</details>")
    return "\n".join(out)


def _coalition_section(data: ReportData, figs: _Figures) -> str:
    from foedus.report import figures as F

    sc = data.scenario
    labels = {d.name: d.label for d in sc.designs.values()}
    out = ['<h2 id="coalitions">Alliances, alignment, power and burden</h2>']
    out.append("<h3>The alliance network of each design</h3>")
    out.append(
        '<p class="lead">Each treaty as edges between its members\' capitals, by the strongest obligation it '
        "creates between the pair (grey dotted: members of a treaty that binds them to nothing, such as the "
        "Quad); states beyond the Indo-Pacific sit at its edge; node size: CINC.</p>"
    )
    out.append(
        figs.add(
            F.alliance_network(sc.world, {d.label: d.treaties for d in sc.designs.values()}),
            "Alliance network (hover an edge for its treaty)",
        )
    )

    res = data.landscape
    if res is not None:
        out.append('<h3 id="alignment">Predicted alignment (landscape theory)</h3>')
        sides = res.sides
        out.append(
            '<p class="lead">Axelrod &amp; Bennett (1993): the configuration of two sides that minimises the '
            "frustration of the states' propensities (UN voting affinity, ATOP alliance ties, territorial "
            f"claims), sizes CINC; {res.landscape.n} states, {res.method} search over "
            f"{res.n_configurations:,} configurations, {res.n_minima} local minim"
            f"{'um' if res.n_minima == 1 else 'a'}.</p>"
        )
        rows = pd.DataFrame(
            {
                "side": [f"side {chr(65 + i)}" for i in range(len(sides))],
                "states": [", ".join(s) for s in sides],
            }
        )
        out.append(table(rows))
        out.append(
            table(
                res.to_frame().head(10),
                columns={
                    "minimum": "minimum",
                    "energy": "energy",
                    "gap": "gap to best",
                    "basin_share": "basin",
                    "side_a": "side A",
                    "side_b": "side B",
                },
                digits=4,
                percent=("basin_share",),
            )
        )
        out.append(figs.add(F.landscape_minima(res, title="Local minima: energy and basin of attraction")))
        out.append(figs.add(F.landscape_sides(res, data.switch_costs, title="How firmly each state sits")))
    else:
        why = next((n for n in data.notes if "landscape" in n), "not computed")
        out.append(f'<h3 id="alignment">Predicted alignment</h3><p class="note">{_e(why)}</p>')

    out.append('<h3 id="power">Voting power in each design\'s collective decisions</h3>')
    if data.power.empty:
        out.append(
            "<p>No treaty of any design has a collective decision rule (each member decides alone).</p>"
        )
    else:
        uniq = data.power.drop_duplicates(["treaty", "player"])
        out.append(
            figs.add(
                F.voting_power(uniq.assign(game=uniq.treaty)),
                "Shapley–Shubik and Banzhaf indices, by treaty",
            )
        )
        by_design = pd.DataFrame(
            [
                {"design": d, "treaties with a collective rule": ", ".join(dict.fromkeys(g.game))}
                for d, g in data.power.groupby("design", sort=False)
            ]
        )
        by_design["design"] = by_design.design.map(labels)
        out.append(table(by_design))
        out.append("<details><summary>Indices, player by player</summary>")
        out.append(
            table(
                uniq,
                columns={
                    "game": "treaty",
                    "rule": "rule",
                    "player": "player",
                    "weight": "weight",
                    "shapley_shubik": "Shapley–Shubik",
                    "banzhaf": "Banzhaf",
                },
                digits=4,
            )
        )
        out.append("</details>")
        out.append(
            '<p class="event-meta">Treaties whose members each decide for themselves (bilateral defence '
            "treaties) have no collective game and are not shown.</p>"
        )

    out.append('<h3 id="burden">Burden sharing</h3>')
    if data.burden.empty:
        out.append("<p>No members to show.</p>")
    else:
        b = data.burden.copy()
        b["design"] = b.design.map(labels)
        out.append(
            f'<p class="lead">Military expenditure as a share of GDP (SIPRI, {sc.world.year}) of the members '
            "of each design's pact (the treaties it adds to the status quo; for the status quo, all its "
            "treaties), against the pact's spending commitment where it has one (dashed line; red: short "
            "of it). Olson &amp; Zeckhauser's exploitation test asks whether larger members carry "
            "larger burdens.</p>"
        )
        out.append(figs.add(F.burden_sharing(b), "Military burden of each design's members"))
        tests = []
        for d, t in data.exploitation.items():
            tests.append(
                {
                    "design": labels[d],
                    "members with data": None if t is None else t.n,
                    "Spearman rho (GDP, burden)": None if t is None else t.rho,
                    "one-sided p": None if t is None else t.p_value,
                    "supports exploitation": None if t is None else t.supports_exploitation,
                }
            )
        out.append(table(pd.DataFrame(tests)))
        out.append("<details><summary>Members, one by one</summary>")
        out.append(
            table(
                b,
                columns={
                    "design": "design",
                    "state": "state",
                    "milex": "milex (2023 US$ m)",
                    "burden": "milex / GDP",
                    "target": "target",
                    "gap": "gap",
                    "meets": "meets",
                },
                percent=("burden", "target", "gap"),
            )
        )
        out.append("</details>")
    return "\n".join(out)


def _forecast_section(data: ReportData, figs: _Figures) -> str:
    from foedus.report import figures as F

    out = ['<h2 id="forecasts">Would it be adopted? Bargaining forecasts</h2>']
    if not data.forecasts:
        out.append(
            '<p class="note">No adoption issue file for this scenario: put the actors\' capabilities, '
            f"positions and saliences in <code>{_e(Path(data.scenario.source).stem)}-adoption.yaml</code> "
            "beside the scenario (see foedus.bargaining.read_problems) to add forecasts.</p>"
        )
        return "\n".join(out)
    for issue, results in data.forecasts.items():
        p = data.problems[issue]
        out.append(f"<h3>{_e(issue)}</h3>")
        lo, hi = p.scale
        out.append(
            f'<p class="lead">{len(p.actors)} actors on a {lo:g}–{hi:g} scale; every available model, the '
            f"same seed ({data.seed}); intervals from {FORECAST_DRAWS} draws of perturbed inputs "
            "(foedus.bargaining.uncertainty) where shown.</p>"
        )
        frame = pd.concat([r.to_frame() for r in results.values()], ignore_index=True)
        out.append(
            table(
                frame,
                columns={
                    "model": "model",
                    "dimension": "dimension",
                    "outcome": "forecast",
                    "lower": "lower",
                    "upper": "upper",
                    "n_iter": "rounds",
                    "converged": "converged",
                },
                digits=3,
            )
        )
        out.append(figs.add(F.forecast_spread(results, p, title="The models side by side")))
        out.append(figs.add(F.forecast_rounds(results, title="Round by round")))
        iterative = [m for m, r in results.items() if len(r.rounds) > len(r.dimensions)]
        for m in iterative[:2]:
            out.append(figs.add(F.actor_paths(results[m], title=f"Actors' positions, {m}")))
        actors = pd.DataFrame(
            {
                "actor": list(p.actors),
                "capability": np.asarray(p.capability, float),
                "position": np.asarray(p.position, float)[:, 0],
                "salience": np.asarray(p.salience, float)[:, 0],
            }
        )
        out.append("<details><summary>The inputs</summary>" + table(actors, digits=4) + "</details>")
    return "\n".join(out)


def _assumptions_section(data: ReportData) -> str:
    sc = data.scenario
    w = sc.world
    out = ['<h2 id="assumptions">Assumptions and parameters</h2>']
    items = [
        ("World", f"{w.label or w.region}: {len(w.states)} states, year {w.year}"),
        ("Events", ", ".join(e.id for e in data.events)),
        ("Designs", "; ".join(f"{d.name}: {d.label}" for d in sc.designs.values())),
        ("Seed", str(data.seed)),
    ]
    if data.landscape is not None:
        from foedus.coalitions.alignment import DEFAULT_WEIGHTS

        where = (
            f"{', '.join(LANDSCAPE_SUBREGIONS)} plus the United States and Russia"
            if w.region == "indo-pacific"
            else "the world"
        )
        items.append(
            (
                "Landscape",
                f"the {data.parameters.get('landscape_top')} largest (CINC) states of {where}; "
                f"propensity weights "
                f"{DEFAULT_WEIGHTS}; convention {data.landscape.convention}",
            )
        )
    if data.crisis:
        first = next(iter(data.crisis.values()))
        r0 = next(iter(first.results.values()))
        items.append(
            (
                "Crisis simulation",
                f"{r0.draws:,} draws per design and event, parameters sampled "
                "within their ranges (split-uniform), seed as above; capability measured by "
                f"{r0.provenance.parameters.get('capability', 'cinc')} (CINC and military spending disagree: "
                "run foedus report --capability to see the other)",
            )
        )
    items.append(
        ("Burden sharing", f"SIPRI military expenditure and share of GDP for {w.year} (the World's columns)")
    )
    if data.forecasts:
        items.append(
            (
                "Forecasts",
                f"adoption file {data.parameters.get('adoption_file')}; "
                f"{FORECAST_DRAWS} input draws for the intervals",
            )
        )
    out.append(table(pd.DataFrame(items, columns=["what", "value"])))

    reservations = []
    for d in sc.designs.values():
        for t in d.treaties:
            for code, res in t.reservations.items():
                for r in res:
                    reservations.append(
                        {
                            "treaty": t.name,
                            "state": sc.names().get(code, str(code)),
                            "reservation": r.name,
                            "P(force lawful)": r.probability,
                            "range": r.probability_range,
                            "source": r.source,
                        }
                    )
    if reservations:
        out.append("<h3>Reservations (legal limits on the use of force)</h3>")
        out.append(table(pd.DataFrame(reservations).drop_duplicates(["treaty", "state", "reservation"])))
    if data.crisis:
        try:
            from foedus.parameters import resolve

            ps = resolve(None)
            frame = pd.DataFrame([p.to_dict() for p in ps.values()])
            out.append("<h3>Model parameters of the crisis simulation</h3>")
            out.append(
                table(
                    frame,
                    columns={
                        "name": "parameter",
                        "default": "default",
                        "low": "low",
                        "high": "high",
                        "unit": "unit",
                        "description": "meaning",
                        "source": "source",
                    },
                    digits=None,
                )
            )
        except ImportError:
            pass
    return "\n".join(out)


def _provenance_section(data: ReportData, pngs: Mapping[str, str]) -> str:
    import hashlib

    from foedus.bibliography import bibtex, entries
    from foedus.report.maps import ATTRIBUTION

    sc = data.scenario
    out = ['<h2 id="provenance">Provenance and references</h2>']
    import plotly

    items = [
        ("scenario", f"{sc.name} ({Path(sc.source).name})"),
        ("scenario hash (sha256 of its files)", sc.hash),
        ("seed", str(data.seed)),
        ("foedus", __version__),
        ("plotly (inlined plotly.js)", plotly.__version__),
        ("Python", platform.python_version()),
    ]
    out.append(table(pd.DataFrame(items, columns=["what", "value"])))
    files = [
        {"file": f.name, "sha256": hashlib.sha256(f.read_bytes()).hexdigest()}
        for f in sc.files
        if Path(f).is_file()
    ]
    out.append("<h3>Scenario files</h3>" + table(pd.DataFrame(files)))
    rows = []
    for s in sc.world.sources:
        for path, sha in s.files or (("–", "–"),):
            rows.append(
                {
                    "dataset": s.name,
                    "version": s.version,
                    "year used": s.year_used,
                    "file": path,
                    "sha256": sha,
                    "citations": ", ".join(s.citations),
                }
            )
    out.append("<h3>Data</h3>" + table(pd.DataFrame(rows)))
    if pngs:
        out.append(
            "<h3>Static figures</h3><p>PNG copies (matplotlib) were written beside this report: "
            + ", ".join(f"<code>{_e(v)}</code>" for v in pngs.values())
            + "</p>"
        )
    keys = data.citations()
    known = entries()
    missing = [k for k in keys if k not in known]
    out.append("<h3>References (BibTeX)</h3>")
    out.append(
        '<p class="lead">Every model and dataset this report rests on. Map shapes: '
        f"{_e(ATTRIBUTION)} Charts: plotly.js (MIT).</p>"
    )
    cited = [k for k in keys if k in known]
    out.append(f"<p>{len(cited)} works: {_e(', '.join(cited))}.</p>")
    out.append(f"<details><summary>BibTeX</summary><pre>{_e(bibtex(cited))}</pre></details>")
    if missing:
        out.append(f'<p class="note">Citation keys without a BibTeX entry: {_e(", ".join(missing))}</p>')
    return "\n".join(out)


def render(data: ReportData, pngs: Mapping[str, str] | None = None) -> str:
    """The report of ``data`` as one HTML document (a string)."""
    from plotly.offline import get_plotlyjs

    from foedus.report.maps import geo_assets_script

    pngs = dict(pngs or {})
    sc = data.scenario
    figs = _Figures()
    body = [
        _obligation_section(data, figs, pngs),
        _coalition_section(data, figs),
        _forecast_section(data, figs),
        _assumptions_section(data),
        _provenance_section(data, pngs),
    ]
    toc = [
        ("obligations", "Who is bound, who comes"),
        ("coalitions", "Alliances"),
        ("alignment", "Alignment"),
        ("power", "Voting power"),
        ("burden", "Burden"),
        ("forecasts", "Forecasts"),
        ("assumptions", "Assumptions"),
        ("provenance", "Provenance"),
    ]
    nav = "".join(f'<a href="#{k}">{_e(v)}</a>' for k, v in toc)
    events = " · ".join(f'<a href="#event-{_e(e.id)}">{_e(e.id)}</a>' for e in data.events)
    w = sc.world
    head = (
        '<header class="top">'
        f"<h1>{_e(sc.name)}</h1>"
        f"<p>{_e(sc.description or '')}</p>"
        f"<p>World: {_e(w.label or w.region)} · scenario {_e(sc.hash[:12])} · seed {data.seed} · "
        f"foedus {_e(__version__)}</p></header>"
    )
    plotly_js = get_plotlyjs().replace("</script", "<\\/script")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(sc.name)} — foedus report</title>",
            f"<style>{CSS}</style>",
            f"<script>{geo_assets_script()}</script>",
            f"<script>{plotly_js}</script>",
            "</head><body>",
            head,
            f'<nav class="toc">{nav}<br><span class="event-meta">Events: {events}</span></nav>',
            "<main>",
            *body,
            f"<footer>Written by foedus {_e(__version__)}. Everything on this page is in this one file; "
            "it fetches nothing from the network.</footer>",
            "</main>",
            f"<script>{figs.script()}</script>",
            "</body></html>",
        ]
    )


def _write_parts(path: Path, parts: Iterable[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for part in parts:
            fh.write(part)


def write_pngs(data: ReportData, png_dir: str | Path) -> dict[str, str]:
    """Static PNG figures (matplotlib, no browser) of ``data`` into ``png_dir``; ``{key: file name}``."""
    from foedus.report import figures as F

    d = Path(png_dir)
    d.mkdir(parents=True, exist_ok=True)
    sc = data.scenario
    labels = {x.name: x.label for x in sc.designs.values()}
    out: dict[str, str] = {}
    for ev in data.events:
        obl = {labels[k]: v for k, v in data.obligations[ev.id].items()}
        p = F.obligation_map_png(sc.world, ev, obl, d / f"map-{ev.id}.png", places=sc.places)
        out[f"map-{ev.id}"] = p.name
        comp = data.crisis.get(ev.id)
        if comp is not None:
            f = comp.to_frame()
            f["design"] = f.label.map(lambda s: F._short(s, 40))
            p = F.bars_png(
                f,
                "design",
                ["p_prevail", "p_deterred"],
                d / f"crisis-{ev.id}.png",
                title=f"{ev.id}: outcome by design",
                ylabel="probability",
                horizontal=True,
                limits=(0.0, 1.0),
            )
            out[f"crisis-{ev.id}"] = p.name
    if data.landscape is not None and data.switch_costs is not None:
        sides = data.landscape.sides_frame()
        sides = sides[sides.minimum == 0].set_index("actor").side
        f = data.switch_costs.rename("switch_cost").reset_index().rename(columns={"index": "actor"})
        f["actor"] = [f"{a} ({sides.get(a, '?')})" for a in f.actor]
        p = F.bars_png(
            f,
            "actor",
            ["switch_cost"],
            d / "landscape.png",
            horizontal=True,
            title="Predicted sides (A/B): energy added by switching sides alone",
        )
        out["landscape"] = p.name
    if not data.power.empty:
        uniq = data.power.drop_duplicates(["treaty", "player"]).copy()
        uniq["player"] = [f"{t}: {pl}" for t, pl in zip(uniq.treaty, uniq.player, strict=True)]
        p = F.bars_png(
            uniq,
            "player",
            ["shapley_shubik", "banzhaf"],
            d / "power.png",
            horizontal=True,
            title="Voting power (Shapley–Shubik, Banzhaf)",
        )
        out["power"] = p.name
    for design, part in data.burden.groupby("design", sort=False):
        target = part.target.iloc[0] if part.target.notna().any() else None
        part = part.sort_values("burden", ascending=False)
        colours = [
            "#bdbdbd" if pd.isna(b) else "#238b45" if target is None or b >= target else "#d6604d"
            for b in part.burden
        ]
        p = F.bars_png(
            part, "state", ["burden"], d / f"burden-{design}.png", title=f"Burden sharing: {labels[design]}",
            ylabel="milex / GDP", hline=target, percent=True, colours=colours,
        )  # fmt: skip
        out[f"burden-{design}"] = p.name
    for issue, results in data.forecasts.items():
        p = F.forecast_png(results, d / f"forecast-{issue}.png", title=f"{issue}: forecast round by round")
        out[f"forecast-{issue}"] = p.name
    return out


def write_report(
    scenario: Any,
    out_path: str | Path,
    *,
    event_ids: Sequence[str] | None = None,
    png_dir: str | Path | None = None,
    seed: int = 1,
    crisis: Any = None,
    crisis_draws: int = CRISIS_DRAWS,
    capability: str = "cinc",
    adoption: Any = None,
    landscape_top: int = 20,
) -> Path:
    """Write the scenario's report: one self-contained HTML file that opens with no network.

    Parameters
    ----------
    scenario : str, Path or Scenario
        A scenario file or a loaded :class:`~foedus.scenario.Scenario`.
    out_path : str or Path
        The HTML file to write (atomically: an earlier file survives an interrupted run).
    event_ids : list of str, optional
        The events to report on (default: all of the scenario's).
    png_dir : str or Path, optional
        Also write static PNG figures (matplotlib) into this folder.
    seed : int
        Seed of every stochastic analysis (crisis simulation, sampled basins, forecast draws).
    crisis : optional
        The crisis section. ``None`` (default): run :func:`foedus.crisis.compare` for each event
        when that module is available, ``crisis_draws`` draws each. ``False``: leave it out. Or
        give results already computed: ``ComparisonResult`` or ``CrisisResult`` objects, a list
        of them or a mapping ``{event_id: ComparisonResult}``.
    capability : {"cinc", "milex"}
        How the crisis simulations measure capability (they disagree; see docs/models/deterrence.md).
    crisis_draws : int
        Draws per design and event when the report runs the simulation itself.
    adoption : optional
        The adoption issue(s) for the forecast section: a file for
        :func:`foedus.bargaining.read_problems`, ``BargainingProblem`` object(s), or ``False``.
        Default: ``<scenario stem>-adoption.yaml`` (or ``.csv``) beside the scenario, if present.
    landscape_top : int
        The landscape takes this many of the largest states (exhaustive search up to 24).

    Returns
    -------
    Path
        ``out_path``.

    Raises
    ------
    InputError
        A bad scenario, an unknown event id, unusable crisis results.
    """
    out = Path(out_path)
    data = collect(
        scenario,
        event_ids=event_ids,
        seed=seed,
        crisis=crisis,
        crisis_draws=crisis_draws,
        capability=capability,
        adoption=adoption,
        landscape_top=landscape_top,
    )
    pngs = write_pngs(data, png_dir) if png_dir is not None else {}
    if png_dir is not None:
        try:
            rel = Path(png_dir).resolve().relative_to(out.resolve().parent)
            pngs = {k: str(rel / v) for k, v in pngs.items()}
        except ValueError:
            pngs = {k: str(Path(png_dir) / v) for k, v in pngs.items()}
    document = render(data, pngs)
    with atomic_path(out) as tmp:
        _write_parts(tmp, [document])
        tmp.chmod(0o644)
    return out


__all__ = ["ReportData", "collect", "render", "table", "write_pngs", "write_report"]
