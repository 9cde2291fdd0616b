"""``foedus forecast``: bargaining forecasts of each issue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from foedus.cli.app import Format, out
from foedus.output import dumps


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
