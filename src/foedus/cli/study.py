"""The study commands: ``foedus demo`` (the main job), ``foedus report`` and ``foedus serve``,
shells over :func:`foedus.study.run_study`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from foedus.cli.app import Format, out
from foedus.cli.common import (
    EventsOption,
    SeedOption,
    YearOption,
    _output,
    _scenario,
    _seed,
    _sources_line,
    _world_table,
    require_extra,
)
from foedus.cli.output import OutOption, emit
from foedus.errors import InputError
from foedus.output import decimals_for

_PARTS = "obligations, bound, crisis, responses, alignment, power, burden, adoption"


def demo(
    report_file: Annotated[Path, typer.Option("--report", help="Where to write the HTML report.")] = Path(
        "foedus-report.html"
    ),
    fmt: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="table (for people); json: the whole study; csv: the --part table."
        ),
    ] = Format.table,
    part: Annotated[
        str, typer.Option(help="The study table --format csv prints and --out writes (not .json): " + _PARTS)
    ] = "crisis",
    out_file: OutOption = None,
    year: YearOption = None,
) -> None:
    """The main job: the Asian NATO study on the embedded default world (no network, no downloads).

    With --year, the same study in that year's world (years other than 2022 need the datasets:
    foedus data fetch --all).
    """
    from foedus.report import write_report
    from foedus.scenario import shipped_scenario
    from foedus.study import run_study

    _output(report_file, "--report")
    _check_part(part)
    sc = _scenario(shipped_scenario(), year)
    study = run_study(sc, seed=1)
    report_path = write_report(study, report_file.resolve())
    emit(fmt, out_file, study.to_frame(part), study.to_dict(), lambda: _print_demo(sc, study, report_path))


def _check_part(part: str) -> None:
    from foedus.study import PARTS

    if part not in PARTS:
        raise InputError(f"--part: unknown study table {part!r}", hint=f"use one of {', '.join(PARTS)}")


def _print_demo(sc, study, report_path: Path) -> None:
    w = sc.world
    ip = w.subset(region="indo-pacific")
    out.print(f"[bold]{sc.name}[/bold]  (scenario {sc.hash[:12]}, {w.label})\n")
    out.print(_world_table(ip, f"1. Indo-Pacific capabilities, {w.year} (the 15 largest)", limit=15))
    out.print(
        f"   The world's {len(ip.states)} Indo-Pacific states hold {ip.states.cinc.sum():.1%} of "
        "world capability. cinc: share of world capability (COW National Material Capabilities); "
        "milex: SIPRI military spending; UNGA ideal pt: position from UN votes (higher: voting more "
        "like the US). States are named by COW abbreviations (docs/glossary.md).\n"
    )
    _print_bound(sc, study.to_frame("bound"))
    alignment = study.to_frame("alignment")
    best = alignment.iloc[0]
    us_side, other = (best.side_a, best.side_b) if "USA" in best.side_a else (best.side_b, best.side_a)
    out.print(
        "[bold]3. Predicted alignment[/bold] (landscape theory on UN votes, ATOP ties and territorial claims)"
    )
    out.print(f"   with the United States: {', '.join(us_side)}")
    out.print(f"   the other side: {', '.join(other)}")
    minima = "a single local minimum" if len(alignment) == 1 else f"{len(alignment)} local minima"
    out.print(f"   {minima}; basin of the prediction {best.basin_share:.0%}\n")
    _print_deterrence(sc, study)
    _print_adoption(study)
    out.print(f"[bold]Report[/bold] (maps, charts, provenance; opens offline): {report_path}\n")
    out.print(f"sources (year used): {_sources_line(w)}")
    keys = tuple(
        dict.fromkeys((*w.provenance.all_citations(), "leeds_2022_atop_codebook", "axelrod_bennett_1993"))
    )
    out.print(f"cite: {', '.join(keys)} (BibTeX: foedus cite)")


def _print_bound(sc, table) -> None:
    tab = Table(
        title="2. Who is bound to defend the target (treaty obligations, foedus obligations)",
        title_justify="left",
    )
    tab.add_column("event")
    for d in sc.designs.values():
        tab.add_column(d.name, overflow="fold")
    for ev_id, rows in table.groupby("event", sort=False):
        cells = []
        for r in rows.itertuples():
            # the conditionally bound get a clause of their own: "AUL (if: THI)" read as if
            # Australia's obligation depended on Thailand
            text = ", ".join(r.bound) or "nobody"
            if r.conditional:
                text += f"; {', '.join(r.conditional)} only if open conditions hold"
            cells.append(text)
        tab.add_row(ev_id, *cells)
    out.print(tab)
    names = sc.names()
    for ev in sc.events.values():
        rows = table[table.event == ev.id]
        if not any(len(b) or len(c) for b, c in zip(rows.bound, rows.conditional, strict=True)):
            parties = {m for d in sc.designs.values() for t in d.treaties for m in t.member_codes()}
            why = (
                f"{names.get(ev.target, ev.target)} is a party to none of the treaties"
                if ev.target not in parties
                else "no clause's conditions are met"
            )
            out.print(f"   {ev.id}: nobody is bound to defend under any design: {why}.")
    if any(len(c) for c in table.conditional):
        out.print(
            "   X only if open conditions hold: X is bound to defend only if a condition the event leaves "
            "open holds (whether the place lies in a treaty area, say); the states before it are bound."
        )
    out.print("")


def _print_deterrence(sc, study) -> None:
    crisis = study.to_frame("crisis")
    measure = crisis.measure.iloc[0]
    table = crisis[crisis.measure == measure].set_index(["event", "design"])
    draws = study.settings["draws"]
    estimated = measure == "estimated"
    how = (
        "models learned from history (foedus backtest); \\[low, high]: 90% band from estimation uncertainty"
        if estimated
        else f"assumed models, capability by {measure}; \\[low, high]: 95% Monte Carlo interval"
    )
    out.print(f"[bold]4. Does it deter?[/bold] P(deterred) by design, {draws:,} draws, seed 1; {how}")
    tab = Table()
    tab.add_column("event")
    for d in sc.designs.values():
        tab.add_column(d.name)
    lo, hi = (
        ("p_deterred_band_low", "p_deterred_band_high")
        if estimated
        else ("p_deterred_low", "p_deterred_high")
    )
    for event_id in sc.events:
        cells = []
        for d in sc.designs:
            r = table.loc[(event_id, d)]
            cells.append(f"{r.p_deterred:.2f} [{r[lo]:.2f}, {r[hi]:.2f}]")
        tab.add_row(event_id, *cells)
    out.print(tab)
    _print_reading(sc, table)
    _print_drivers(sc, study, measure, table)
    if estimated:
        out.print(
            "   Capability enters as the six NMC components the outcome model weighs, so the CINC-or-"
            "military-spending switch of the first version no longer applies; its assumed models are "
            "the baseline: foedus report --models both, foedus compare --models assumed.\n"
        )


def _print_reading(sc, table) -> None:
    """How far any design moves P(deterred) from the first (the status quo), under common
    random numbers: the paired difference and its Monte Carlo standard error."""
    first = next(iter(sc.designs))
    rest = table.drop(index=first, level="design")
    if rest.empty:
        return
    big = rest.d_deterred.abs().idxmax()
    r = rest.loc[big]
    out.print(
        f"   Reading: the largest change from {first} is {big[1]} at {big[0]}, {r.d_deterred:+.3f} "
        f"(± {1.96 * r.d_deterred_se:.3f}, paired draws); every other design moves P(deterred) less."
    )
    if abs(r.d_deterred) < 0.05:
        out.print(
            "   These designs barely differ in deterrence: in the disputes the models were learned from, "
            "third states seldom fought, even allies, and most armed disputes ended in stalemate whoever "
            "joined (docs/models/estimation.md)."
        )


def _print_drivers(sc, study, measure: str, table) -> None:
    """The facts behind each event's verdict under the first design: the aggressor's odds against
    the side it expects, and the states whose coming moves P(deterred) most."""
    first = next(iter(sc.designs))
    resp = study.to_frame("responses")
    resp = resp[(resp.measure == measure) & (resp.design == first)]
    out.print(
        f"   What drives it under {first}: the aggressor's odds against the side it expects; the states"
    )
    out.print(
        "   whose coming moves P(deterred) most (+: deters), with P(fights for the target | the aggressor)."
    )
    names = sc.names()
    for ev in sc.events.values():
        rows = resp[resp.event == ev.id]
        top = rows.reindex(rows.swing_deterred.abs().sort_values(ascending=False).index).head(3)
        facts = [
            f"{r.state} {r.swing_deterred:+.2f} ({r.p_defender_side:.2f} | {r.p_aggressor_side:.2f})"
            for r in top.itertuples()
            if abs(r.swing_deterred) >= 0.005
        ]
        odds = table.loc[(ev.id, first)].aggressor_odds
        who = ", ".join(names.get(a, str(a)) for a in ev.aggressor)
        out.print(f"   {ev.id}: {who}'s odds {odds:.2f}; " + ("; ".join(facts) or "no state moves it"))
    out.print("")


def _print_adoption(study) -> None:
    from foedus.bargaining import recommended_model

    forecasts = study.to_frame("adoption")
    out.print(
        "[bold]5. Would it be adopted?[/bold] Forecasts on 0 = no pact, 25 = consultative, "
        "50 = weak defence clause, 100 = NATO"
    )
    issue = next(iter(study.details.problems.values()))
    rec = recommended_model()
    error = rec["mae_all"] * (issue.scale[1] - issue.scale[0])
    d = decimals_for(error)  # no more digits than the best model's expected error supports
    tab = Table()
    n = study.settings["forecast_draws"]
    for c in ("model", "forecast", f"90% interval ({n} draws of the expert inputs)"):
        tab.add_column(c)
    for r in forecasts.itertuples():
        mark = " (recommended)" if r.model == rec["model"] else ""
        tab.add_row(r.model + mark, f"{r.outcome:.{d}f}", f"[{r.lower:.{d}f}, {r.upper:.{d}f}]")
    out.print(tab)
    out.print(
        f"   Expected error of the recommended model ({rec['model']}, the lowest out of sample on EU "
        f"decisions): about {error:.0f} points; forecasts are rounded to what that supports."
    )
    anchors = [
        (12.5, "no new pact"),
        (37.5, "a consultative framework at most"),
        (62.5, "a weak defence clause"),
        (87.5, "an attack-on-one-is-attack-on-all treaty"),
        (101.0, "a NATO-style pact"),
    ]
    verdict = next(text for limit, text in anchors if forecasts.outcome.max() < limit)
    weight = issue.capability * issue.salience[:, 0]
    share = sorted(zip(issue.actors, weight / weight.sum(), strict=True), key=lambda a: -a[1])[:3]
    out.print(
        f"   Forecasts range {forecasts.outcome.min():.{d}f}-{forecasts.outcome.max():.{d}f}: {verdict}. "
        f"Heaviest actors (capability x salience): {', '.join(f'{a} {w:.0%}' for a, w in share)}.\n"
    )


def report(
    scenario: Annotated[Path, typer.Argument(help="A scenario file.")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    png_dir: Annotated[Path | None, typer.Option(help="Also write static PNG figures here.")] = None,
    event: EventsOption = None,
    seed: SeedOption = 1,
    models: Annotated[
        str,
        typer.Option(
            help="Crisis models: estimated (learned from history), assumed (the first version's, "
            "capability by CINC and by military spending), or both."
        ),
    ] = "estimated",
    capability: Annotated[
        str | None,
        typer.Option(help="Crisis run of the maps and figures: estimated, cinc or milex (default: first)."),
    ] = None,
    year: YearOption = None,
    designs: Annotated[
        Path | None,
        typer.Option(help="Add the front of a design search: the JSON 'foedus design search' wrote."),
    ] = None,
) -> None:
    """Write the scenario's report: one self-contained HTML file that opens offline."""
    from foedus.report import write_report
    from foedus.study import run_study

    _seed(seed)
    _output(out_file, "--out")
    _output(png_dir, "--png-dir", folder=True)
    runs = {"estimated": ["estimated"], "assumed": ["cinc", "milex"], "both": ["estimated", "cinc", "milex"]}
    if models not in runs:
        raise InputError(f"--models: expected one of {', '.join(runs)}, got {models!r}")
    if capability is not None and capability not in runs[models]:
        raise InputError(
            f"--capability: {capability!r} is not among the runs of --models {models}",
            hint=f"use one of {', '.join(runs[models])}",
        )
    study = run_study(_scenario(scenario, year), events=event or None, seed=seed, capabilities=runs[models])
    path = write_report(study, out_file, png_dir=png_dir, measure=capability, designs=designs)
    typer.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)


def _check_address(host: str, port: int) -> None:
    """``--host`` an IP address or a host name, ``--port`` from 1 to 65535."""
    import ipaddress

    from foedus.readers import shown

    if not 1 <= port <= 65535:
        raise InputError(f"--port: expected a port from 1 to 65535, got {port}", hint="e.g. --port 8050")
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    numeric = all(part.isdigit() for part in host.split("."))
    if not _HOSTNAME.match(host) or numeric:
        raise InputError(
            f"--host: {shown(host)} is neither an IP address nor a host name",
            hint="keep 127.0.0.1 (this machine only), or give an address such as 0.0.0.0",
        )


def serve(
    scenario: Annotated[
        Path | None, typer.Argument(help="A scenario file to open (default: the shipped one).")
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; keep 127.0.0.1 unless you mean to share it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8050,
) -> None:
    """Start the local dashboard (needs the web extra: pip install 'foedus[web]')."""
    _check_address(host, port)
    require_extra("web", "dash", "the dashboard")
    if scenario is not None:  # refused here in one line, not by the server after it started
        from foedus.scenario import load_scenario

        load_scenario(scenario)
    from foedus.web.app import serve as run

    typer.echo(f"foedus dashboard on http://{host}:{port}/ (Ctrl-C to stop)")
    run(host=host, port=port, scenario_path=scenario)
