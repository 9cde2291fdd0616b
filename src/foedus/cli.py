"""The ``foedus`` command line: a thin shell over the library.

Every command calls library functions and formats their results; errors that are the
user's to fix (a bad year, an unknown country, a missing dataset) print one line on
stderr and exit with code 2.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from foedus import __version__
from foedus.atomic import atomic_path
from foedus.errors import FoedusError, InputError
from foedus.output import dumps, fmt_number, records

app = typer.Typer(
    name="foedus",
    help="Design, stress-test and forecast collective-defence alliances on real data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
data_app = typer.Typer(help="The datasets: list, inspect, fetch and snapshot.", no_args_is_help=True)
app.add_typer(data_app, name="data")

# Wide enough for the state table when output goes to a file or a pipe (rich defaults to 80).
out = Console(highlight=False, width=None if sys.stdout.isatty() else 140)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


_state = {"quiet": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"foedus {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or notes.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    _state["quiet"] = quiet


# ----------------------------------------------------------------------------- world
WORLD_TABLE_COLUMNS = (
    "ccode",
    "abb",
    "name",
    "subregion",
    "cinc",
    "milex",
    "sipri_milex_share_gdp",
    "ideal_point",
)
_HEADERS = {
    "sipri_milex_share_gdp": "milex/GDP",
    "milex": "milex (2023 US$ m)",
    "ideal_point": "UNGA ideal pt",
}


def _world_table(world, title: str, limit: int | None = None) -> Table:
    t = Table(title=title, title_justify="left")
    for c in WORLD_TABLE_COLUMNS:
        t.add_column(_HEADERS.get(c, c), justify="right" if c not in {"abb", "name", "subregion"} else "left")
    for row in world.states.sort_values("cinc", ascending=False).head(limit).itertuples(index=False):
        t.add_row(
            *(fmt_number(getattr(row, c)) if c != "ccode" else str(row.ccode) for c in WORLD_TABLE_COLUMNS)
        )
    return t


def _sources_line(world) -> str:
    return "; ".join(
        f"{s.name} {s.version} ({s.year_used if s.year_used is not None else 'not covered'})"
        for s in world.sources
    )


@app.command()
def world(
    year: Annotated[
        int | None, typer.Option(help="Year (1816-2024). Omit for the embedded default world.")
    ] = None,
    region: Annotated[
        str, typer.Option(help="world, indo-pacific, east-asia, southeast-asia, south-asia, oceania, ...")
    ] = "world",
    state: Annotated[
        list[str] | None,
        typer.Option("--state", "-s", help="A state to include (repeatable): JPN, Japan, 740."),
    ] = None,
    majors: Annotated[bool, typer.Option("--majors", help="Add the COW major powers.")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, csv or json.")] = Format.table,
) -> None:
    """Print one year's state table: capabilities, military expenditure, affinity, capitals."""
    from foedus.world import World

    if year is None:
        w = World.default()
        if region != "world" or state:
            w = w.subset(region=None if region == "world" else region, states=state or [])
    else:
        w = World.from_data(year, states=state or None, region=region, include_majors=majors)
    if fmt is Format.json:
        typer.echo(
            dumps(
                {
                    "year": w.year,
                    "region": w.region,
                    "world": w.label,
                    "sources": [s.to_dict() for s in w.sources],
                    "states": records(w.states),
                }
            )
        )
    elif fmt is Format.csv:
        typer.echo(w.states.to_csv(index=False), nl=False)
    else:
        out.print(_world_table(w, f"{w.label}: {len(w.states)} states"))
        out.print(f"sources (year used): {_sources_line(w)}")


@app.command()
def demo(
    report_file: Annotated[Path, typer.Option("--report", help="Where to write the HTML report.")] = Path(
        "foedus-report.html"
    ),
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table, or json: the study result.")
    ] = ListFormat.table,
) -> None:
    """The main job: the Asian NATO study on the embedded default world (no network, no downloads)."""
    from foedus.report import write_report
    from foedus.scenario import load_scenario, shipped_scenario
    from foedus.study import run_study

    sc = load_scenario(shipped_scenario())
    study = run_study(sc, seed=1)
    report_path = write_report(study, report_file.resolve())
    if fmt is ListFormat.json:
        typer.echo(dumps(study.to_dict()))
        return
    _print_demo(sc, study, report_path)


def _print_demo(sc, study, report_path: Path) -> None:
    w = sc.world
    ip = w.subset(region="indo-pacific")
    out.print(f"[bold]{sc.name}[/bold]  (scenario {sc.hash[:12]}, {w.label})\n")
    out.print(_world_table(ip, f"1. Indo-Pacific capabilities, {w.year} (the 15 largest)", limit=15))
    out.print(
        f"   The default world's {len(ip.states)} Indo-Pacific states hold {ip.states.cinc.sum():.1%} of "
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
            text = ", ".join(r.bound) or "nobody"
            if r.conditional:
                text += f" (if: {', '.join(r.conditional)})"
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
        out.print("   (if: X): X is bound only if a condition the event leaves open holds (a treaty area).")
    out.print("")


def _print_deterrence(sc, study) -> None:
    crisis = study.to_frame("crisis").set_index(["measure", "event", "design"]).p_deterred
    draws = study.settings["draws"]
    out.print(
        f"[bold]4. Does it deter?[/bold] P(deterred) by design, {draws:,} draws, seed 1; each cell: "
        "capability measured by CINC | by military spending"
    )
    tab = Table()
    tab.add_column("event")
    for d in sc.designs.values():
        tab.add_column(f"{d.name}\nCINC | milex")
    for event_id in sc.events:
        tab.add_row(
            event_id,
            *(f"{crisis['cinc', event_id, d]:.2f} | {crisis['milex', event_id, d]:.2f}" for d in sc.designs),
        )
    out.print(tab)
    out.print("   Details and drivers: foedus compare scenarios/asian-nato.yaml --capability milex\n")


def _print_adoption(study) -> None:
    forecasts = study.to_frame("adoption")
    out.print(
        "[bold]5. Would it be adopted?[/bold] Forecasts on 0 = no pact, 25 = consultative, "
        "50 = weak defence clause, 100 = NATO"
    )
    tab = Table()
    n = study.settings["forecast_draws"]
    for c in ("model", "forecast", f"90% interval ({n} draws of the expert inputs)"):
        tab.add_column(c)
    for r in forecasts.itertuples():
        tab.add_row(r.model, f"{r.outcome:.1f}", f"[{r.lower:.1f}, {r.upper:.1f}]")
    out.print(tab)
    anchors = [
        (12.5, "no new pact"),
        (37.5, "a consultative framework at most"),
        (62.5, "a weak defence clause"),
        (87.5, "an attack-on-one-is-attack-on-all treaty"),
        (101.0, "a NATO-style pact"),
    ]
    verdict = next(text for limit, text in anchors if forecasts.outcome.max() < limit)
    issue = next(iter(study.details.problems.values()))
    weight = issue.capability * issue.salience[:, 0]
    share = sorted(zip(issue.actors, weight / weight.sum(), strict=True), key=lambda a: -a[1])[:3]
    out.print(
        f"   Forecasts range {forecasts.outcome.min():.1f}-{forecasts.outcome.max():.1f}: {verdict}. "
        f"Heaviest actors (capability x salience): {', '.join(f'{a} {w:.0%}' for a, w in share)}.\n"
    )


# ----------------------------------------------------------------------------- data
@data_app.command("list")
def data_list(fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table) -> None:
    """List the datasets foedus reads, with version and citation."""
    from foedus.data.cache import status
    from foedus.data.sources import SOURCES

    rows: list[dict[str, Any]] = []
    for s in SOURCES.values():
        st = status(s.name)
        rows.append(
            {
                "name": s.name,
                "title": s.title,
                "version": s.version,
                "coverage": s.coverage,
                "homepage": s.homepage,
                "citations": list(s.citations),
                "bibtex": s.bibtex(),
                "present": all(f.present for f in st),
                "verified": all(f.verified for f in st),
                "files": [{"path": f.path, "sha256": f.sha256, "url": f.url} for f in s.files],
            }
        )
    if fmt is ListFormat.json:
        typer.echo(dumps(rows))
        return
    t = Table(title="foedus datasets", title_justify="left")
    for c in ("name", "version", "coverage", "present"):
        t.add_column(c)
    for r in rows:
        t.add_row(
            r["name"],
            r["version"],
            r["coverage"],
            "verified" if r["verified"] else ("present" if r["present"] else "missing"),
        )
    out.print(t)


@data_app.command("info")
def data_info(
    name: Annotated[str, typer.Argument(help="A dataset name from `foedus data list`.")],
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Version, citation, files, where they are and whether they verify."""
    from foedus.data.cache import data_dir, status
    from foedus.data.sources import get_source

    s = get_source(name)
    st = status(name)
    info: dict[str, Any] = {
        "name": s.name,
        "title": s.title,
        "version": s.version,
        "coverage": s.coverage,
        "homepage": s.homepage,
        "notes": s.notes,
        "data_dir": str(data_dir()),
        "files": [
            {
                "path": str(f.path),
                "present": f.present,
                "verified": f.verified,
                "sha256": spec.sha256,
                "url": spec.url,
            }
            for f, spec in zip(st, s.files, strict=True)
        ],
        "citations": list(s.citations),
        "bibtex": s.bibtex(),
    }
    if fmt is ListFormat.json:
        typer.echo(dumps(info))
        return
    out.print(f"[bold]{s.name}[/bold]: {s.title}, version {s.version} ({s.coverage})")
    out.print(f"home: {s.homepage}")
    if s.notes:
        out.print(f"notes: {s.notes}")
    out.print(f"data folder: {data_dir()}")
    for f in info["files"]:
        state = (
            "verified (" + f["verified"] + ")"
            if f["verified"]
            else ("present, NOT verified" if f["present"] else "missing")
        )
        out.print(f"  {f['path']}: {state}")
    out.print(s.bibtex(), markup=False)


@data_app.command("fetch")
def data_fetch(
    name: Annotated[str | None, typer.Argument(help="Dataset name; or use --all.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Fetch every dataset.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Download even if a verified copy is present.")
    ] = False,
) -> None:
    """Download datasets into the cache (or $FOEDUS_DATA_DIR), verifying their checksums."""
    from foedus.data.cache import data_dir, fetch, progress_printer
    from foedus.data.sources import SOURCES

    if (name is None) == (not all_):
        raise InputError("give a dataset name or --all, not both", hint="see `foedus data list`")
    names = list(SOURCES) if all_ else [str(name)]
    hook = progress_printer(_state["quiet"])
    failed = []
    for n in names:
        try:
            paths = fetch(n, force=force, progress=hook)
            if not _state["quiet"]:
                typer.echo(f"{n}: {len(paths)} file(s) verified in {data_dir()}")
        except FoedusError as exc:
            if not all_:
                raise
            failed.append(n)
            typer.echo(f"foedus: error: {exc}", err=True)
    if failed:
        raise typer.Exit(2)


@data_app.command("snapshot")
def data_snapshot(
    dest: Annotated[
        Path | None, typer.Option(help="Write here instead of the package's embedded folder.")
    ] = None,
) -> None:
    """Rebuild the embedded default world from the datasets."""
    from foedus.data.snapshot import write_snapshot

    for p in write_snapshot(dest):
        if not _state["quiet"]:
            typer.echo(f"wrote {p}")


# ----------------------------------------------------------------------------- treaties & obligations
treaty_app = typer.Typer(
    help="Treaties: show a treaty file or an ATOP alliance; list a state's treaties.", no_args_is_help=True
)
app.add_typer(treaty_app, name="treaty")


def _load_treaty_arg(arg: str, year: int | None = None):
    """A treaty from a YAML file or an ATOP id."""
    if arg.isdigit():
        from foedus.data.atop_treaty import treaty_from_atop

        return treaty_from_atop(int(arg), year=year)
    from foedus.treaty import load_treaty, resolve_anywhere

    return load_treaty(arg, resolve_anywhere)


def _names() -> dict[int, str]:
    from foedus.world import World

    w = World.default()
    return dict(zip(w.states.ccode.astype(int), w.states.abb.astype(str), strict=True))


@treaty_app.command("show")
def treaty_show(
    treaty: Annotated[str, typer.Argument(help="A treaty YAML file or an ATOP alliance id.")],
    year: Annotated[int | None, typer.Option(help="For ATOP ids: the phase in force in this year.")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Show a treaty's members, obligations, conditions, depth and reservations."""
    t = _load_treaty_arg(treaty, year)
    if fmt is ListFormat.json:
        typer.echo(dumps(t.model_dump(mode="json")))
        return
    names = _names()
    out.print(f"[bold]{t.name}[/bold] ({t.id}{', ATOP ' + str(t.atopid) if t.atopid else ''})")
    out.print("members: " + ", ".join(names.get(m.state, str(m.state)) for m in t.members))
    tab = Table(title_justify="left")
    for c in ("obligation", "by", "to", "conditions", "response", "article"):
        tab.add_column(c)
    for ob in t.obligations:
        by = "all" if ob.by == "all" else ", ".join(names.get(c, str(c)) for c in ob.by)
        to = "all" if ob.to == "all" else ", ".join(names.get(c, str(c)) for c in ob.to)
        cond = (
            ", ".join(f"{k}={v}" for k, v in ob.conditions.model_dump(exclude_defaults=True).items())
            or "none"
        )
        tab.add_row(ob.kind, by, to, cond, ob.response or "", ob.article or "")
    out.print(tab)
    depth = [k for k, v in t.depth.model_dump().items() if v]
    out.print(f"depth: {', '.join(depth) or 'none'}; decision rule: {t.decision_rule.kind}")
    for code, items in t.reservations.items():
        for r in items:
            out.print(f"reservation {names.get(code, code)}: {r.name} (p={r.probability:g}) - {r.source}")
    for src in t.sources:
        out.print(f"source: {src}", markup=False)


@treaty_app.command("list")
def treaty_list(
    state: Annotated[str, typer.Option(help="A state: JPN, Japan or 740.")],
    year: Annotated[int, typer.Option(help="Year (ATOP covers 1815-2018).")],
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """List the ATOP alliances a state belongs to in a year."""
    from foedus.data.atop_treaty import treaties_in_force

    treaties = treaties_in_force(state, year)
    rows: list[dict[str, Any]] = [
        {
            "atopid": t.atopid,
            "name": t.name,
            "members": len(t.members),
            "obligations": sorted({o.kind for o in t.obligations}),
        }
        for t in treaties
    ]
    if fmt is ListFormat.json:
        typer.echo(dumps(rows))
        return
    tab = Table(title=f"ATOP alliances of {state} in {year}", title_justify="left")
    for c in ("atopid", "name", "members", "obligations"):
        tab.add_column(c)
    for r in rows:
        tab.add_row(str(r["atopid"]), r["name"], str(r["members"]), ", ".join(r["obligations"]))
    out.print(tab)


@app.command()
def obligations(
    scenario: Annotated[Path, typer.Argument(help="A scenario file, e.g. scenarios/asian-nato.yaml.")],
    event: Annotated[str, typer.Option(help="The id of one of the scenario's events.")],
    design: Annotated[str | None, typer.Option(help="One design (default: every design).")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Who is bound to act for an event under each design, and which clause says so."""
    from foedus.obligations import obligations as evaluate
    from foedus.scenario import load_scenario

    sc = load_scenario(scenario)
    ev = sc.event(event)
    designs = [sc.design(design)] if design else list(sc.designs.values())
    results = {d.name: evaluate(d.treaties, ev, sc.places, sc.names()) for d in designs}
    if fmt is ListFormat.json:
        typer.echo(
            dumps(
                {
                    "scenario": sc.name,
                    "scenario_hash": sc.hash,
                    "event": ev.model_dump(mode="json"),
                    "designs": {
                        name: {
                            "label": sc.design(name).label,
                            "summary": r.summary(),
                            "obligations": records(r.table),
                        }
                        for name, r in results.items()
                    },
                    "provenance": next(iter(results.values())).provenance.to_dict() if results else None,
                }
            )
        )
        return
    for name, r in results.items():
        d = sc.design(name)
        party = r.table.groupby("treaty", sort=False).ccode.transform(lambda c: (c == ev.target).any())
        t = r.table[party & (r.table.status != "target")]
        tab = Table(title=f"{d.label}: {ev.description or ev.id}", title_justify="left")
        for c in ("treaty", "state", "status", "reason"):
            tab.add_column(c, overflow="fold")
        for row in t.itertuples():
            limit = f"; LIMITED BY {row.reservation}" if isinstance(row.reservation, str) else ""
            tab.add_row(row.treaty, row.state, row.status, escape(row.reason + limit))
        out.print(tab)
        others = r.table[~party].treaty.unique()
        if len(others):
            target = sc.names().get(ev.target, ev.target)
            out.print(f"treaties to which {target} is not a party: {', '.join(others)}")
        if not r.table.status.isin(["defend", "defend_if"]).any():
            out.print("No treaty binds anyone to defend the target.")
        out.print("")


# ----------------------------------------------------------------------------- crisis
def _overrides(items: list[str] | None) -> dict[str, float]:
    """``--param NAME=VALUE`` pairs (validated by the parameter registry)."""
    from foedus import parameters

    out: dict[str, float] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError(
                f"--param {item!r}: expected NAME=VALUE", hint="e.g. crisis.reliability.base=0.5"
            )
        parameters.get(name.strip())
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise InputError(f"--param {item!r}: {value!r} is not a number") from None
    parameters.resolve(out)
    return out


def _executor(workers: int):
    if workers < 0:
        raise InputError(f"--workers must be >= 0, got {workers}")
    if workers <= 1:
        return None
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers)


@app.command()
def simulate(
    scenario: Annotated[Path, typer.Argument(help="A scenario file.")],
    event: Annotated[str, typer.Option(help="The id of one of the scenario's events.")],
    design: Annotated[str | None, typer.Option(help="The design (default: the first).")] = None,
    draws: Annotated[int, typer.Option(help="Monte Carlo draws.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same answer.")] = 1,
    capability: Annotated[str, typer.Option(help="cinc or milex.")] = "cinc",
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Pin a parameter: NAME=VALUE.")
    ] = None,
    workers: Annotated[int, typer.Option(help="Processes (results are identical for any number).")] = 1,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Who actually comes, with what, and whether the aggressor is deterred (Monte Carlo)."""
    from foedus.crisis import simulate as run
    from foedus.scenario import load_scenario

    sc = load_scenario(scenario)
    ex = _executor(workers)
    try:
        result = run(
            sc,
            event,
            design=design,
            draws=draws,
            seed=seed,
            executor=ex,
            params=_overrides(param),
            capability=capability,
        )
    finally:
        if ex is not None:
            ex.shutdown()
    if fmt is ListFormat.json:
        typer.echo(dumps(result.to_dict()))
        return
    out.print(escape(result.summary()))
    t = result.to_frame()
    tab = Table(title="each state's probability of using force", title_justify="left")
    for c in ("state", "side", "status", "treaty", "P(force)", "95% interval", "capability"):
        tab.add_column(c)
    for r in t.sort_values("p_force", ascending=False).itertuples():
        tab.add_row(
            r.state,
            r.side,
            r.status,
            str(r.treaty) if isinstance(r.treaty, str) else "",
            f"{r.p_force:.2f}",
            f"[{r.ci_low:.2f}, {r.ci_high:.2f}]",
            f"{r.capability:.4g}",
        )
    out.print(tab)


@app.command()
def compare(
    scenario: Annotated[Path, typer.Argument(help="A scenario file.")],
    event: Annotated[list[str] | None, typer.Option(help="Event id (repeat; default: every event).")] = None,
    draws: Annotated[int, typer.Option(help="Monte Carlo draws per design.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed (designs share random numbers).")] = 1,
    capability: Annotated[str, typer.Option(help="cinc or milex.")] = "cinc",
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Pin a parameter: NAME=VALUE.")
    ] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Every design side by side for each event: P(prevail), P(deterred), and what drives the difference."""
    from foedus.crisis import compare as run
    from foedus.scenario import load_scenario

    sc = load_scenario(scenario)
    overrides = _overrides(param)
    events = event or list(sc.events)
    results = {e: run(sc, e, draws=draws, seed=seed, params=overrides, capability=capability) for e in events}
    if fmt is ListFormat.json:
        typer.echo(dumps({e: r.to_dict() for e, r in results.items()}))
        return
    for e, r in results.items():
        t = r.to_frame()
        tab = Table(title=f"{e} ({capability}, {draws:,} draws, seed {seed})", title_justify="left")
        change = "vs status quo\nprevail / deterred"
        for c in ("design", "P(prevail)", "P(deterred)", change, "decisive states"):
            tab.add_column(c, overflow="fold")
        for row in t.itertuples():
            keys = row.key_members if isinstance(row.key_members, str) else ", ".join(row.key_members)
            tab.add_row(
                row.design,
                f"{row.p_prevail:.3f} [{row.p_prevail_low:.3f}, {row.p_prevail_high:.3f}]",
                f"{row.p_deterred:.3f} [{row.p_deterred_low:.3f}, {row.p_deterred_high:.3f}]",
                f"{row.d_prevail:+.3f} / {row.d_deterred:+.3f}",
                keys,
            )
        out.print(tab)
        out.print(escape(r.note()) + "\n")
    out.print(
        escape("[ ] is the 95% Monte Carlo interval. Decisive states: whose uncertain decision to fight ")
        + "moves P(prevail) most, bound or not. In the notes, 'absent' means outside the design's "
        "treaties and not a major power, so unable to join; a -> b gives a state's probability of "
        "using force and its legal status under the status quo and the design. Terms: docs/glossary.md."
    )


# ----------------------------------------------------------------------------- report
@app.command()
def report(
    scenario: Annotated[Path, typer.Argument(help="A scenario file.")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    png_dir: Annotated[Path | None, typer.Option(help="Also write static PNG figures here.")] = None,
    event: Annotated[list[str] | None, typer.Option(help="Event id (repeat; default: every event).")] = None,
    seed: Annotated[int, typer.Option(help="Seed for the simulations and forecast draws.")] = 1,
    capability: Annotated[
        str,
        typer.Option(help="Capability measure of the maps and figures: cinc or milex (tables show both)."),
    ] = "cinc",
) -> None:
    """Write the scenario's report: one self-contained HTML file that opens offline."""
    from foedus.report import write_report
    from foedus.study import CAPABILITIES, run_study

    if capability not in CAPABILITIES:
        raise InputError(f"--capability: expected one of {', '.join(CAPABILITIES)}, got {capability!r}")
    study = run_study(scenario, events=event or None, seed=seed)
    path = write_report(study, out_file, png_dir=png_dir, measure=capability)
    typer.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


@app.command()
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
    try:
        from foedus.web.app import serve as run
    except ImportError:
        raise FoedusError("the dashboard needs Dash", hint="pip install 'foedus[web]'") from None
    typer.echo(f"foedus dashboard on http://{host}:{port}/ (Ctrl-C to stop)")
    run(host=host, port=port, scenario_path=scenario)


# ----------------------------------------------------------------------------- cite
@app.command()
def cite(
    target: Annotated[
        str | None,
        typer.Argument(
            help="A model (bdm, crisis, ...), a dataset (cow_nmc, ...) or a command; omit for all."
        ),
    ] = None,
) -> None:
    """Print BibTeX for a model, a dataset or a command's models and data (everything if omitted)."""
    from foedus.citing import cite as bibtex_for

    typer.echo(bibtex_for(target), nl=False)


# ----------------------------------------------------------------------------- sweeps
@app.command("sweep")
def sweep_cmd(
    target: Annotated[str, typer.Argument(help="A scenario file to sweep, or 'summarize'.")],
    folder: Annotated[
        Path | None, typer.Argument(help="With 'summarize': the sweep's output folder.")
    ] = None,
    analysis: Annotated[str, typer.Option(help="simulate, compare, forecast or landscape.")] = "simulate",
    event: Annotated[str | None, typer.Option(help="Event id (simulate, compare).")] = None,
    design: Annotated[str | None, typer.Option(help="Design (simulate).")] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=LOW:HIGH:N (grid), NAME=LOW:HIGH (sampled) or NAME=V1,V2."),
    ] = None,
    samples: Annotated[
        int | None, typer.Option(help="Base sample size for random, lhs or sobol designs.")
    ] = None,
    method: Annotated[
        str | None,
        typer.Option(help="grid, random, lhs or sobol (default: grid with values, lhs with ranges)."),
    ] = None,
    draws: Annotated[int, typer.Option(help="Monte Carlo draws per task.")] = 2_000,
    capability: Annotated[str, typer.Option(help="cinc or milex (crisis analyses).")] = "cinc",
    issues: Annotated[Path | None, typer.Option(help="Issue file (forecast analysis).")] = None,
    model: Annotated[str, typer.Option(help="Model (forecast analysis).")] = "bdm",
    workers: Annotated[
        int | None, typer.Option(help="A Dask LocalCluster with N workers (default: a process pool).")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="A running Dask scheduler, e.g. tcp://10.0.0.5:8786.")
    ] = None,
    serial: Annotated[bool, typer.Option("--serial", help="Run in this process.")] = False,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder (parquet parts + _sweep.json).")
    ] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the sweep in --out.")] = False,
    seed: Annotated[int, typer.Option(help="Sweep seed.")] = 1,
    chunk_size: Annotated[int | None, typer.Option(help="Tasks per chunk.")] = None,
    output: Annotated[
        list[str] | None, typer.Option("--output", help="With 'summarize': outputs to analyse.")
    ] = None,
) -> None:
    """Parameter sweeps and Sobol sensitivity: `foedus sweep SCENARIO ...` or `foedus sweep summarize DIR`."""
    from foedus import sweep as sw

    if target == "summarize":
        if folder is None:
            raise InputError("give the sweep folder: foedus sweep summarize results/")
        _summarize(sw.load_sweep(folder), folder, output)
        return
    if out_dir is None:
        raise InputError("give an output folder with -o/--out")
    specs = [sw.parse_param(p) for p in param or []]
    if not specs:
        if analysis not in ("simulate", "compare"):
            raise InputError(f"--param is needed for the {analysis} analysis")
        if not samples:
            raise InputError(
                "without --param, give --samples N to draw over every parameter's declared range"
            )
        specs = sw.declared_ranges()
    chosen = method or ("grid" if all(s.is_grid for s in specs) else "lhs")
    points = sw.design_points(specs, chosen, samples, seed)
    options: dict[str, Any] = (
        {"draws": draws, "capability": capability} if analysis in ("simulate", "compare") else {}
    )
    if event:
        options["event"] = event
    if design:
        options["design"] = design
    if analysis == "forecast":
        if issues is None:
            raise InputError("the forecast analysis needs --issues FILE")
        options.update(issues=str(issues.resolve()), model=model)
    scenario = None if analysis == "forecast" else Path(target)
    executor, closers = _sweep_executor(workers, scheduler, serial)
    hook, stop = _progress(len(points))
    try:
        result = sw.sweep(
            scenario,
            analysis,
            points,
            seed=seed,
            executor=executor,
            chunk_size=chunk_size,
            out=out_dir,
            resume=resume,
            method=chosen,
            samples=samples,
            specs=specs,
            progress=hook,
            **options,
        )
    finally:
        stop()
        for close in reversed(closers):
            close()
    n_ok = int((result.table.status == "ok").sum())
    rate = result.ran / result.elapsed if result.elapsed > 0 else float("nan")
    typer.echo(
        f"{len(result.table)} of {len(points)} tasks done ({n_ok} ok, {len(result.table) - n_ok} failed); "
        f"{result.ran} ran now in {result.elapsed:.1f} s ({rate:.1f} tasks/s); results in {out_dir}"
    )


def _sweep_executor(workers: int | None, scheduler: str | None, serial: bool):
    """Serial, a local process pool, a Dask LocalCluster (--workers) or a Dask scheduler."""
    if serial:
        return None, []
    if workers is None and scheduler is None:
        import os
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1)
        return pool, [pool.shutdown]
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("Dask is not installed", hint="pip install 'foedus[dask]'") from None
    if scheduler:
        client = Client(scheduler)
        return client.get_executor(), [client.close]
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = Client(cluster)
    return client.get_executor(), [cluster.close, client.close]


def _progress(total: int):
    """A rich progress bar with rate and ETA (silent under --quiet or when not a terminal)."""
    if _state["quiet"] or not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "sweep",
        BarColumn(),
        MofNCompleteColumn(),
        "[progress.percentage]{task.speed} tasks/s",
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    task = bar.add_task("sweep", total=total)
    bar.start()
    return (lambda done, n: bar.update(task, completed=done)), bar.stop


def _summarize(result, folder: Path, outputs: list[str] | None) -> None:
    from foedus import sweep as sw

    t = result.table
    if t.empty:
        raise InputError(f"{folder}: the sweep has no results yet")
    chosen = outputs or [o for o in result.outputs if not o.startswith("p_force.")][:6]
    unknown = [o for o in chosen if o not in t.columns]
    if unknown:
        raise InputError(
            f"unknown output(s) {', '.join(unknown)}", hint=f"outputs: {', '.join(result.outputs)}"
        )
    m = result.manifest
    out.print(
        f"[bold]{m['analysis']}[/bold] sweep, {len(t)} of {m['n_tasks']} tasks "
        f"({int((t.status != 'ok').sum())} failed), method {m['method']}, seed {m['seed']}"
    )
    for o in chosen:
        if m["method"] == "sobol" and len(t) == m["n_tasks"] and (t.status == "ok").all():
            si = sw.sobol_indices(result, o)
            tab = Table(title=f"Sobol indices of {o} (95% confidence half-widths)", title_justify="left")
            for c in ("parameter", "first order S1", "total ST"):
                tab.add_column(c)
            for r in si.itertuples():
                tab.add_row(r.parameter, f"{r.S1:.3f} ± {r.S1_conf:.3f}", f"{r.ST:.3f} ± {r.ST_conf:.3f}")
            table = si
        else:
            table = sw.regression_sensitivity(result, o)
            r2 = float(table.r2.iloc[0]) if len(table) else float("nan")
            tab = Table(
                title=f"standardised regression coefficients of {o} (R^2 {r2:.2f})", title_justify="left"
            )
            for c in ("parameter", "SRC"):
                tab.add_column(c)
            for r in table.itertuples():
                tab.add_row(r.parameter, f"{r.src:+.3f}")
        out.print(tab)
        with atomic_path(folder / "_summary" / f"sensitivity-{o}.csv") as tmp:
            table.to_csv(tmp, index=False)
        _sensitivity_chart(table, o, folder)


def _sensitivity_chart(table, output: str, folder: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    col = "ST" if "ST" in table.columns else "src"
    top = table.head(12).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(top) + 1.2))
    ax.barh(top.parameter, top[col], color="#3b6ea8")
    ax.set_xlabel("total Sobol index" if col == "ST" else "standardised regression coefficient")
    ax.set_title(f"What drives {output}")
    fig.tight_layout()
    with atomic_path(folder / "_summary" / f"sensitivity-{output}.png") as tmp:
        fig.savefig(tmp, format="png", dpi=120)
    plt.close(fig)


# ----------------------------------------------------------------------------- coalitions
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


@app.command()
def landscape(
    scenario: Annotated[Path | None, typer.Argument(help="A scenario file: use its world.")] = None,
    region: Annotated[str, typer.Option(help="Region of the world built from data.")] = "indo-pacific",
    year: Annotated[int | None, typer.Option(help="Year (omit for the embedded default world).")] = None,
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
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Predict alignments with landscape theory (Axelrod & Bennett 1993): minima, energies, basins."""
    from foedus.coalitions.alignment import landscape_from_world, switch_costs
    from foedus.coalitions.landscape import Landscape, search

    if sizes or propensities:
        if not (sizes and propensities):
            raise InputError("give both --sizes and --propensities")
        import pandas as pd

        s = _read_csv(sizes)
        if not {"actor", "size"} <= set(s.columns):
            raise InputError(f"{sizes}: expected columns actor,size; found {', '.join(map(str, s.columns))}")
        p = _read_csv(propensities, index_col=0)
        p.index = p.index.astype(str)
        p.columns = p.columns.astype(str)
        if top:
            s = s.sort_values("size", ascending=False, kind="mergesort").head(top)
        actors = [str(a) for a in s.actor]
        missing = [a for a in actors if a not in p.index or a not in p.columns]
        if missing:
            raise InputError(f"{propensities}: no row/column for {', '.join(missing)}")
        land = Landscape(
            actors, s["size"].to_numpy(float), p.loc[actors, actors].to_numpy(float), name=str(sizes)
        )
        del pd
    else:
        world = _world_for(scenario, region, year)
        land = landscape_from_world(world, size=size, top=top or None)
    result = search(land, method="heuristic" if heuristic else "exhaustive", seed=seed)
    costs = switch_costs(result) if result.groups == 2 else None
    if fmt is ListFormat.json:
        typer.echo(dumps(_landscape_json(result, costs)))
        return
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


def _read_csv(path: Path, **kw):
    import pandas as pd

    try:
        return pd.read_csv(path, **kw)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not a readable CSV ({exc})") from None


def _world_for(scenario: Path | None, region: str, year: int | None):
    from foedus.world import World

    if scenario is not None:
        from foedus.scenario import load_scenario

        return load_scenario(scenario).world
    if year is None:
        return World.default().subset(region=region)
    return World.from_data(year, region=region)


@app.command()
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
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
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
    if fmt is ListFormat.json:
        typer.echo(dumps(report))
        return
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


@app.command()
def burden(
    treaty: Annotated[str, typer.Argument(help="An ATOP alliance id (3180 = NATO) or a treaty YAML file.")],
    year: Annotated[list[int], typer.Option(help="Year (repeat for a series).")],
    target: Annotated[
        float | None, typer.Option(help="Spending target as a share of GDP (default: the treaty's).")
    ] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Burden sharing: the Olson-Zeckhauser exploitation test and each member's gap to a target."""
    from foedus.coalitions.burden import exploitation_test, target_gaps

    results = []
    for y in year:
        if treaty.isdigit():
            from foedus.data.atop import members_in

            members, goal = members_in(int(treaty), y), target
        else:
            t = _load_treaty_arg(treaty)
            members, goal = (
                list(t.member_codes(y)),
                target if target is not None else t.commitments.defence_spending_share_of_gdp,
            )
        test = exploitation_test(members, y)
        gaps = target_gaps(members, y, goal) if goal is not None else None
        results.append((y, test, gaps, goal))
    if fmt is ListFormat.json:
        typer.echo(
            dumps(
                [
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
            )
        )
        return
    for y, test, gaps, goal in results:
        verdict = "supports" if test.supports_exploitation else "does not support"
        out.print(
            f"{y}: Spearman rho(GDP, milex/GDP) = {test.rho:.3f} "
            f"(one-sided p = {test.p_value:.3g}, n = {test.n}); "
            f"Kendall tau = {test.tau:.3f}: {verdict} the exploitation hypothesis"
            + (f"; no data for {', '.join(map(str, test.dropped))}" if test.dropped else "")
        )
        if gaps is not None:
            short = gaps[gaps.gap > 0]
            out.print(
                f"  target {goal:.1%} of GDP: {int(gaps.meets.sum())} of {len(gaps)} members meet it; short: "
                + ", ".join(f"{c} ({b:.1%})" for c, b in zip(short.ccode, short.burden, strict=True))
            )


@app.command()
def similarity(
    state1: Annotated[str, typer.Argument(help="A state.")],
    state2: Annotated[str, typer.Argument(help="Another state.")],
    year: Annotated[int, typer.Option(help="Year (ATOP covers 1815-2018).")],
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Alliance-portfolio similarity of two states: tau-b and S-scores from ATOP."""
    from foedus.coalitions.similarity import world_similarity
    from foedus.world import World

    w = World.from_data(year)
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
    if fmt is ListFormat.json:
        typer.echo(dumps(res))
        return
    out.print(
        f"{w.lookup(a)} and {w.lookup(b)}, {year} (ATOP {res['atop_year']}): tau-b = {res['tau_b']:.3f}, "
        f"S = {res['s']:.3f}, S weighted by CINC = {res['s_weighted']:.3f}"
    )


# ----------------------------------------------------------------------------- bargaining
@app.command()
def forecast(
    file: Annotated[Path, typer.Argument(help="CSV (actor,capability,position,salience[,issue]) or YAML.")],
    model: Annotated[str, typer.Option(help="mean, median, nash, bdm, ktab, ensemble, or all.")] = "bdm",
    rounds: Annotated[int | None, typer.Option(help="Rounds for iterative models (bdm).")] = None,
    draws: Annotated[int, typer.Option(help="Draws of the inputs for an interval (0: none).")] = 0,
    seed: Annotated[int | None, typer.Option(help="Seed for draws and stochastic models.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Forecast the outcome of each issue with bargaining models."""
    from foedus.bargaining import available_models, read_problems
    from foedus.bargaining import forecast as run

    problems = read_problems(file)
    models = available_models() if model == "all" else [model]
    results = []
    for i, p in enumerate(problems):
        for m in models:
            options: dict[str, Any] = {"max_rounds": rounds} if rounds is not None and m == "bdm" else {}
            if draws:
                from foedus.bargaining.uncertainty import forecast_draws

                results.append(
                    forecast_draws(p, m, draws=draws, seed=None if seed is None else seed + i, **options)
                )
            else:
                results.append(run(p, m, seed=seed, **options))
    if fmt is Format.json:
        typer.echo(dumps([r.to_dict() for r in results]))
    elif fmt is Format.csv:
        import pandas as pd

        typer.echo(pd.concat([r.to_frame() for r in results]).to_csv(index=False), nl=False)
    else:
        tab = Table(title=f"forecasts for {file}", title_justify="left")
        for c in ("issue", "model", "dimension", "outcome", "90% interval", "rounds", "converged"):
            tab.add_column(c)
        for r in results:
            for k, dim in enumerate(r.dimensions):
                iv = "" if r.interval is None else f"[{r.interval[k, 0]:.4g}, {r.interval[k, 1]:.4g}]"
                tab.add_row(
                    r.issue,
                    r.model,
                    dim,
                    f"{r.outcome[k]:.6g}",
                    iv,
                    str(r.n_iter),
                    "yes" if r.converged else "no",
                )
        out.print(tab)


def main() -> None:
    """Console entry point: run the app, turning user errors into one line and exit code 2."""
    try:
        app(standalone_mode=False)
    except FoedusError as exc:
        typer.echo(f"foedus: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("foedus: aborted", err=True)
        sys.exit(130)
    except Exception as exc:
        # Usage errors from typer's (vendored) click: they know how to show themselves.
        code = getattr(exc, "exit_code", None)
        if hasattr(exc, "show") and isinstance(code, int):
            exc.show()
            sys.exit(code)
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
