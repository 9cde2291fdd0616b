"""``foedus sweep``: parameter sweeps and Sobol sensitivity, and their summaries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from foedus import limits
from foedus.atomic import atomic_path, check_output
from foedus.cli.app import _state, out
from foedus.errors import InputError, TasksFailedError
from foedus.limits import check_seed


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
    capability: Annotated[
        str,
        typer.Option(
            help="Crisis analyses: estimated (the learned models, the default: a sweep varies their "
            "assumptions, estimated.*) or cinc or milex (the assumed baseline, whose crisis.* "
            "coefficients a sweep varies)."
        ),
    ] = "estimated",
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
    check_output(out_dir, folder=True)
    check_seed(seed, "--seed")
    specs = _specs(param, analysis, samples, chunk_size, draws, capability)
    chosen = method or ("grid" if all(s.is_grid for s in specs) else "lhs")
    points = sw.design_points(specs, chosen, samples, seed)
    options = _analysis_options(analysis, draws, capability, event, design, issues, model)
    scenario = None if analysis == "forecast" else Path(target)
    if analysis in ("simulate", "compare", "landscape"):
        _check_scenario(Path(target), event, design, capability if analysis != "landscape" else None)
    executor, closers = _sweep_executor(workers, scheduler, serial)
    hook, stop = _progress(len(points))
    finished = False
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
        finished = True
    finally:
        stop()
        for close in reversed(closers):
            close(finished)
    _report(result, len(points), out_dir)


def _specs(
    param: list[str] | None,
    analysis: str,
    samples: int | None,
    chunk_size: int | None,
    draws: int,
    capability: str,
) -> list[Any]:
    """The parameters to vary (checked with the sizes before anything runs): ``--param``, or
    every declared range the chosen crisis models read."""
    from foedus import sweep as sw

    if samples is not None:
        limits.whole(samples, "--samples")
    if chunk_size is not None:
        limits.whole(chunk_size, "--chunk-size")
    limits.DRAWS.check(draws, "--draws")
    specs = [sw.parse_param(p) for p in param or []]
    if specs:
        return specs
    if analysis not in ("simulate", "compare"):
        raise InputError(f"--param is needed for the {analysis} analysis")
    if not samples:
        raise InputError("without --param, give --samples N to draw over every parameter's declared range")
    return sw.declared_ranges(capability=capability)


def _report(result: Any, n: int, out_dir: Path) -> None:
    """One line on what ran; exit 1 (TasksFailedError) when any task failed."""
    from foedus import sweep as sw

    n_ok = int((result.table.status == "ok").sum())
    n_failed = len(result.table) - n_ok
    rate = result.ran / result.elapsed if result.elapsed > 0 else float("nan")
    typer.echo(
        f"{len(result.table)} of {n} tasks done ({n_ok} ok, {n_failed} failed); "
        f"{result.ran} ran now in {result.elapsed:.1f} s ({rate:.1f} tasks/s); results in {out_dir}"
    )
    if n_failed:
        raise TasksFailedError(f"{n_failed} of {n} tasks failed; their errors are in {out_dir / sw.FAILURES}")


def _analysis_options(
    analysis: str, draws: int, capability: str, event: str | None, design: str | None, issues: Path | None,
    model: str,
) -> dict[str, Any]:  # fmt: skip
    """What the sweep passes to its analysis at every point."""
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
        from foedus.bargaining import read_problems

        read_problems(issues)  # refused here in one line, not by every task of the sweep
        options.update(issues=str(issues.resolve()), model=model)
    return options


def _check_scenario(path: Path, event: str | None, design: str | None, capability: str | None) -> None:
    """Read the scenario once before the sweep starts, so that a bad file, event, design or
    capability is refused in one line (exit 2) instead of failing every task (exit 1)."""
    from foedus.scenario import load_scenario

    if capability is not None and capability not in ("cinc", "milex", "estimated"):
        raise InputError(f"--capability: expected cinc, milex or estimated, got {capability[:40]!r}")
    sc = load_scenario(path)
    if event is not None:
        sc.event(event)
    if design is not None:
        sc.design(design)


def _sweep_executor(workers: int | None, scheduler: str | None, serial: bool):
    """Serial, a local process pool, a Dask LocalCluster (--workers) or a Dask scheduler."""
    if serial:
        return None, []
    if workers is None and scheduler is None:
        import os
        from concurrent.futures import ProcessPoolExecutor

        from foedus.sweep import watch_parent

        pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1, initializer=watch_parent)
        return pool, [lambda finished: _stop_pool(pool, finished)]
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("Dask is not installed", hint="pip install 'foedus[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=20)
        except (OSError, ValueError, TypeError) as exc:  # a bad address, or nobody listening
            detail = " ".join(str(exc).split())[:120]
            raise InputError(
                f"--scheduler {scheduler[:80]!r}: cannot connect ({detail})",
                hint="give a running Dask scheduler, e.g. tcp://10.0.0.5:8786",
            ) from None
        return client.get_executor(), [lambda _finished: client.close()]
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = Client(cluster)
    return client.get_executor(), [lambda _finished: cluster.close(), lambda _finished: client.close()]


def _stop_pool(pool: Any, finished: bool) -> None:
    """Shut the pool down; after an error or Ctrl-C, stop its workers now rather than let them
    finish their chunks (the finished chunks are saved; --resume runs the rest)."""
    if finished:
        pool.shutdown()
        return
    workers = list((getattr(pool, "_processes", None) or {}).values())  # no public way to stop them
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in workers:
        proc.terminate()


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
                tab.add_row(r.parameter, _pm(r.S1, r.S1_conf), _pm(r.ST, r.ST_conf))
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
                tab.add_row(r.parameter, "undefined" if r.src != r.src else f"{r.src:+.3f}")
        out.print(tab)
        if table.attrs.get("note"):
            out.print(table.attrs["note"])
        with atomic_path(folder / "_summary" / f"sensitivity-{o}.csv") as tmp:
            table.to_csv(tmp, index=False)
        _sensitivity_chart(table, o, folder)


def _pm(value: float, half: float) -> str:
    """``0.314 ± 0.021``, or "undefined" for an index that has none (a constant output)."""
    return "undefined" if value != value else f"{value:.3f} ± {half:.3f}"


def _sensitivity_chart(table, output: str, folder: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    col = "ST" if "ST" in table.columns else "src"
    if table[col].isna().all():  # a constant output: nothing to draw
        return
    top = table.head(12).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(top) + 1.2))
    ax.barh(top.parameter, top[col], color="#3b6ea8")
    ax.set_xlabel("total Sobol index" if col == "ST" else "standardised regression coefficient")
    ax.set_title(f"What drives {output}")
    fig.tight_layout()
    with atomic_path(folder / "_summary" / f"sensitivity-{output}.png") as tmp:
        fig.savefig(tmp, format="png", dpi=120)
    plt.close(fig)
