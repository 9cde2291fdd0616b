"""``foedus landscape``, ``power``, ``burden`` and ``similarity``: who aligns, who decides, who pays."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.table import Table

from foedus.cli.app import Format, out
from foedus.cli.common import (
    RegionOption,
    WorldYearOption,
    _finite_column,
    _load_treaty_arg,
    _names,
    _read_csv,
    _seed,
    _world_for,
)
from foedus.cli.output import FormatOption, OutOption, emit
from foedus.errors import InputError
from foedus.output import records


def _landscape_json(result, costs=None) -> dict:
    return {
        "landscape": result.landscape.name,
        "actors": list(result.landscape.actors),
        "sizes": [float(x) for x in result.landscape.sizes],
        "method": result.method,
        "exact": result.exact,
        "convention": result.convention,
        "n_configurations": result.n_configurations,
        "basin_method": result.basin_method,
        "energy_gap": result.energy_gap,
        "minima": [
            {
                "rank": k,
                "energy": float(result.energies[k]),
                "basin_share": float(result.basin_shares[k]),
                "basin_share_se": float(result.basin_share_se[k]),
                "sides": [list(s) for s in result.minimum(k)],
            }
            for k in range(result.n_minima)
        ],
        "switch_costs": None if costs is None else {k: float(v) for k, v in costs.items()},
        "provenance": result.provenance.to_dict(),
    }


def landscape(
    scenario: Annotated[Path | None, typer.Argument(help="A scenario file: use its world.")] = None,
    region: RegionOption = "indo-pacific",
    year: WorldYearOption = None,
    sizes: Annotated[Path | None, typer.Option(help="CSV actor,size (with --propensities).")] = None,
    propensities: Annotated[
        Path | None, typer.Option(help="CSV square matrix, actors as header and first column.")
    ] = None,
    top: Annotated[
        int, typer.Option(help="Keep the K largest states (0: all; beyond 32 needs --heuristic).")
    ] = 24,
    size: Annotated[str, typer.Option(help="cinc or milex.")] = "cinc",
    heuristic: Annotated[
        bool, typer.Option("--heuristic", help="Multi-start descent instead of exhaustive search.")
    ] = False,
    seed: Annotated[int, typer.Option(help="Seed for sampled basins and the heuristic.")] = 1,
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Predict alignments with landscape theory (Axelrod & Bennett 1993): minima, energies, basins."""
    from foedus.coalitions.alignment import landscape_from_world, switch_costs
    from foedus.coalitions.landscape import Landscape, search

    _seed(seed)
    if sizes or propensities:
        if not (sizes and propensities):
            raise InputError("give both --sizes and --propensities")
        s = _read_csv(sizes)
        if not {"actor", "size"} <= set(s.columns):
            raise InputError(f"{sizes}: expected columns actor,size; found {', '.join(map(str, s.columns))}")
        s["size"] = _finite_column(s, "size", str(sizes), low=0)
        p = _read_csv(propensities, index_col=0)
        p.index = p.index.astype(str)
        p.columns = p.columns.astype(str)
        for where, names in (
            (sizes, s.actor.astype(str)),
            (propensities, p.index),
            (propensities, p.columns),
        ):
            twice = pd.Index(names)[pd.Index(names).duplicated()]
            if len(twice):
                raise InputError(
                    f"{where}: actor {str(twice[0])[:40]!r} given twice", hint="one row per actor"
                )
        if top:
            s = s.sort_values("size", ascending=False, kind="mergesort").head(top)
        actors = [str(a) for a in s.actor]
        missing = [a for a in actors if a not in p.index or a not in p.columns]
        if missing:
            raise InputError(f"{propensities}: no row/column for {', '.join(missing)}")
        matrix = p.loc[actors, actors].reset_index(drop=True)
        for column in matrix.columns:
            matrix[column] = _finite_column(matrix, column, str(propensities))
        land = Landscape(actors, s["size"].to_numpy(float), matrix.to_numpy(float), name=str(sizes))
    else:
        world = _world_for(scenario, region, year)
        land = landscape_from_world(world, size=size, top=top or None)
    from foedus.coalitions.landscape.search import MAX_EXHAUSTIVE_N

    if not heuristic and land.n > MAX_EXHAUSTIVE_N:  # said in the options the command has
        raise InputError(
            f"--top: exhaustive search over {land.n} actors means 2**{land.n - 1} configurations; "
            f"the limit is {MAX_EXHAUSTIVE_N} actors",
            hint=f"add --heuristic (seeded multi-start descent), or --top {MAX_EXHAUSTIVE_N} or fewer",
        )
    result = search(land, method="heuristic" if heuristic else "exhaustive", seed=seed)
    costs = switch_costs(result) if result.groups == 2 else None
    document = _landscape_json(result, costs)
    frame = pd.DataFrame(
        [
            {k: m[k] for k in ("rank", "energy", "basin_share", "basin_share_se")}
            | {"side_a": m["sides"][0], "side_b": m["sides"][1] if len(m["sides"]) > 1 else []}
            for m in document["minima"]
        ],
        columns=["rank", "energy", "basin_share", "basin_share_se", "side_a", "side_b"],
    )
    emit(fmt, out_file, frame, document, lambda: _print_landscape(land, result, costs))


def _print_landscape(land, result, costs) -> None:
    out.print(f"[bold]{land.name}[/bold]")
    tab = Table(
        title=f"local minima ({result.method}, {result.n_configurations:,} configurations)",
        title_justify="left",
    )
    for c in ("rank", "energy", "basin", "side A", "side B"):
        tab.add_column(c, overflow="fold")
    for k in range(min(result.n_minima, 10)):
        a, b = result.minimum(k)[:2]
        tab.add_row(
            str(k), f"{result.energies[k]:.6g}", f"{result.basin_shares[k]:.1%}", ", ".join(a), ", ".join(b)
        )
    out.print(tab)
    gap = "none (a single minimum)" if result.n_minima == 1 else f"{result.energy_gap:.6g}"
    out.print(f"energy gap to the next minimum: {gap}")
    if costs is not None:
        out.print(
            "least settled (energy cost of switching sides): "
            + ", ".join(f"{k} {v:.3g}" for k, v in costs.head(5).items())
        )


def power(
    scenario: Annotated[Path | None, typer.Argument(help="A scenario file (with --design).")] = None,
    design: Annotated[str | None, typer.Option(help="The design whose decision rules to analyse.")] = None,
    quota: Annotated[float | None, typer.Option(help="Quota of a weighted voting game.")] = None,
    weights: Annotated[
        list[float] | None,
        typer.Option("--weights", "-w", help="A weight (repeat, or space-separated after --weights)."),
    ] = None,
    names: Annotated[
        list[str] | None, typer.Option("--names", "-n", help="Player names, in weight order.")
    ] = None,
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Voting power: Shapley-Shubik and Banzhaf indices of a weighted game or of a design's treaties."""
    from foedus.coalitions.power import WeightedVotingGame, banzhaf, decision_game, shapley_shubik

    games: list[tuple[str, WeightedVotingGame | None]] = []
    if scenario is not None:
        from foedus.scenario import load_scenario

        sc = load_scenario(scenario)
        designs = [sc.design(design)] if design else list(sc.designs.values())
        for d in designs:
            for t in d.treaties:
                games.append((f"{d.name}: {t.name}", decision_game(t, sc.names())))
    else:
        if quota is None or not weights:
            raise InputError("give --quota and --weights (or a scenario with --design)")
        from foedus.limits import check_magnitude

        check_magnitude([quota, *weights], "--quota or --weights")
        games.append(("game", WeightedVotingGame(quota, weights, names or None)))
    report: list[dict[str, Any]] = []
    for label, game in games:
        if game is None:
            report.append({"game": label, "rule": "each member decides for itself", "players": []})
            continue
        ss, bz, bza = shapley_shubik(game), banzhaf(game), banzhaf(game, normalised=False)
        report.append(
            {
                "game": label,
                "quota": float(game.quota),
                "players": [
                    {
                        "name": n,
                        "weight": float(w),
                        "shapley_shubik": float(a),
                        "banzhaf": float(b),
                        "banzhaf_absolute": float(c),
                    }
                    for n, w, a, b, c in zip(
                        game.names, game.weights, ss.values, bz.values, bza.values, strict=True
                    )
                ],
            }
        )
    frame = pd.DataFrame(
        [
            {"game": g["game"], "rule": g.get("rule"), "quota": g.get("quota"), **p}
            for g in report
            for p in g["players"] or [{}]
        ],
        columns=["game", "rule", "quota", "name", "weight", "shapley_shubik", "banzhaf", "banzhaf_absolute"],
    )
    emit(fmt, out_file, frame, report, lambda: _print_power(report))


def _print_power(report: list[dict[str, Any]]) -> None:
    for g in report:
        if not g["players"]:
            out.print(f"{g['game']}: {g['rule']}")
            continue
        tab = Table(title=f"{g['game']} (quota {g['quota']:g})", title_justify="left")
        for c in ("player", "weight", "Shapley-Shubik", "Banzhaf", "Banzhaf (absolute)"):
            tab.add_column(c, justify="right" if c != "player" else "left")
        for p in g["players"]:
            tab.add_row(
                p["name"],
                f"{p['weight']:g}",
                f"{p['shapley_shubik']:.6f}",
                f"{p['banzhaf']:.6f}",
                f"{p['banzhaf_absolute']:.6g}",
            )
        out.print(tab)


def burden(
    treaty: Annotated[str, typer.Argument(help="An ATOP alliance id (3180 = NATO) or a treaty YAML file.")],
    year: Annotated[list[int], typer.Option(help="Year (repeat for a series).")],
    target: Annotated[
        float | None, typer.Option(help="Spending target as a share of GDP (default: the treaty's).")
    ] = None,
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Burden sharing: the Olson-Zeckhauser exploitation test and each member's gap to a target.

    With no data folder it answers for 2022 and treaties among the embedded default world's
    states (a treaty file, or an ATOP alliance among them); other years and alliances need the
    datasets: foedus data fetch --all.
    """
    from foedus.coalitions.burden import exploitation_test, target_gaps
    from foedus.data.coverage import COVERAGE
    from foedus.limits import check_year

    span = COVERAGE["sipri_milex"]
    for y in year:  # burden shares need GDP and spending: SIPRI's years
        check_year(y, (span.first, span.last), "SIPRI military expenditure", "--year")
    results = []
    for y in year:
        members, goal = _burden_members(treaty, y, target)
        sipri = _embedded_sipri(y, members)
        test = exploitation_test(members, y, sipri=sipri)
        gaps = target_gaps(members, y, goal, sipri=sipri) if goal is not None else None
        results.append((y, test, gaps, goal))
    document = [
        {
            "year": y,
            **test.to_frame().iloc[0].to_dict(),
            "members": records(test.table),
            "target": goal,
            "gaps": None if gaps is None else records(gaps),
            "provenance": test.provenance.to_dict(),
        }
        for y, test, gaps, goal in results
    ]
    emit(fmt, out_file, _burden_rows(results), document, lambda: _print_burden(results))


def _burden_members(treaty: str, year: int, target: float | None) -> tuple[list[int], float | None]:
    """The members in ``year`` and the spending target (``--target``, else the treaty's)."""
    from foedus.errors import DataMissingError

    if treaty.isdigit():
        from foedus.data.atop import ATOP_LAST_YEAR, members_in

        try:
            return members_in(int(treaty), year), target
        except DataMissingError:  # the specs shipped with the default world, or the same error
            t = _load_treaty_arg(treaty, year)
            return list(t.member_codes(min(year, ATOP_LAST_YEAR))), target
    t = _load_treaty_arg(treaty)
    goal = target if target is not None else t.commitments.defence_spending_share_of_gdp
    return list(t.member_codes(year)), goal


def _embedded_sipri(year: int, members: list[int]) -> pd.DataFrame | None:
    """The default world's SIPRI columns when it holds ``year`` and every member (the same
    figures as the dataset, without a data folder); ``None``: read the dataset."""
    from foedus.world import World

    w = World.default()
    if year != w.year or not set(members) <= set(w.states.ccode):
        return None
    return w.states[["ccode", "sipri_milex", "sipri_milex_share_gdp", "sipri_gdp"]].assign(year=year)


def _burden_rows(results) -> pd.DataFrame:
    """One row per (year, member): GDP, spending, burden, and the gap to the target."""
    frames = []
    for y, test, gaps, goal in results:
        t = test.table.assign(target=goal)
        if gaps is not None:
            t = t.merge(gaps[["ccode", "gap", "meets"]], on="ccode", how="left")
        frames.append(t.assign(year=y))
    frame = pd.concat(frames, ignore_index=True)
    return frame[["year", *(c for c in frame.columns if c != "year")]]


def _print_burden(results) -> None:
    names = _names()
    for y, test, gaps, goal in results:
        verdict = "supports" if test.supports_exploitation else "does not support"
        out.print(
            f"{y}: Spearman rho(GDP, milex/GDP) = {test.rho:.3f} "
            f"(one-sided p = {test.p_value:.3g}, n = {test.n}); "
            f"Kendall tau = {test.tau:.3f}: {verdict} the exploitation hypothesis"
            + (
                f"; no data for {', '.join(names.get(c, str(c)) for c in test.dropped)}"
                if test.dropped
                else ""
            )
        )
        if gaps is not None:
            short = gaps[gaps.gap > 0]
            out.print(
                f"  target {goal:.1%} of GDP: {int(gaps.meets.sum())} of {len(gaps)} members meet it; short: "
                + ", ".join(
                    f"{names.get(c, str(c))} ({b:.1%})"
                    for c, b in zip(short.ccode, short.burden, strict=True)
                )
            )


def similarity(
    state1: Annotated[str, typer.Argument(help="A state.")],
    state2: Annotated[str, typer.Argument(help="Another state.")],
    year: Annotated[int, typer.Option(help="Year (ATOP covers 1815-2018).")],
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Alliance-portfolio similarity of two states: tau-b and S-scores from ATOP.

    Needs the datasets (foedus data fetch --all): a portfolio is compared over every state of
    the system, which the embedded default world (44 states) does not hold.
    """
    from foedus.coalitions.similarity import world_similarity
    from foedus.world import World

    w = World.for_year(year)  # the whole system: always the datasets, and the year checked first
    a, b = sorted((w.lookup(state1).ccode, w.lookup(state2).ccode))
    if a == b:
        raise InputError("give two different states")
    d = world_similarity(w)
    row = d[(d.state1 == a) & (d.state2 == b)].iloc[0]
    res = {
        "state1": a,
        "state2": b,
        "year": year,
        "atop_year": w.source_years()["atop"],
        "tau_b": float(row.tau_b),
        "s": float(row.s),
        "s_weighted": float(row.s_weighted),
        "levels": "3 defence/offence, 2 neutrality/non-aggression, 1 consultation, 0 none",
    }
    emit(
        fmt,
        out_file,
        pd.DataFrame([res]),
        res,
        lambda: out.print(
            f"{w.lookup(a)} and {w.lookup(b)}, {year} (ATOP {res['atop_year']}): tau-b = {res['tau_b']:.3f}, "
            f"S = {res['s']:.3f}, S weighted by CINC = {res['s_weighted']:.3f}"
        ),
    )
