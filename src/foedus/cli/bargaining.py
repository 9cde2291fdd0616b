"""``foedus forecast``: bargaining forecasts of each issue, by the recommended model or by all."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.table import Table

from foedus.cli.app import Format, out
from foedus.cli.output import FormatOption, OutOption, emit
from foedus.output import decimals_for, records


def forecast(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV (actor,capability,position,salience[,issue,reference_point,voting_rule,procedure]) "
            "or YAML."
        ),
    ],
    model: Annotated[
        str | None,
        typer.Option(help="A model, a comma-separated list, or all (default: the recommended model)."),
    ] = None,
    rounds: Annotated[int | None, typer.Option(help="Rounds for iterative models (bdm).")] = None,
    draws: Annotated[int, typer.Option(help="Draws of the inputs for an interval (0: none).")] = 0,
    seed: Annotated[int | None, typer.Option(help="Seed for draws and stochastic models.")] = None,
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Forecast the outcome of each issue with bargaining models.

    Without --model it uses the model with the lowest cross-validated error on EU legislative
    decisions (DEU III) and prints that error; --model all gives one column per model.
    """
    from foedus import limits
    from foedus.bargaining import read_problems, recommended_model
    from foedus.cli.common import _seed
    from foedus.errors import InputError

    _seed(seed)
    if rounds is not None:
        limits.ROUNDS.check(rounds, "--rounds")
    if model is not None:
        from foedus.bargaining.batch import _model_names

        try:
            _model_names(model)
        except InputError as exc:  # the library names its function; the user typed --model
            raise InputError(
                "--model: " + exc.message.removeprefix("forecast_table: "), hint=exc.hint
            ) from None
    rec = recommended_model()
    problems = read_problems(file)
    chosen = rec["model"] if model is None else model
    table = _forecasts(problems, chosen, rounds, draws, seed)
    width = problems[0].scale[1] - problems[0].scale[0]
    document = {"forecasts": records(table), "recommended": rec}
    emit(fmt, out_file, table, document, lambda: _print_table(table, file, rec, width, draws))


def _forecasts(
    problems: list[Any], chosen: str, rounds: int | None, draws: int, seed: int | None
) -> pd.DataFrame:
    """``issue, model, dimension, outcome, lower, upper, ...`` for every issue and model."""
    from foedus.bargaining import forecast_table
    from foedus.bargaining.batch import _model_names
    from foedus.bargaining.uncertainty import forecast_draws

    names = _model_names(chosen)
    options = {"bdm": {"max_rounds": rounds}} if rounds is not None else {}
    if not draws:
        return forecast_table(problems, names, seed=seed, options=options)
    frames = [
        forecast_draws(
            p, m, draws=draws, seed=None if seed is None else seed + i, **options.get(m, {})
        ).to_frame()
        for i, p in enumerate(problems)
        for m in names
    ]
    return pd.concat(frames, ignore_index=True)


def _print_table(table: pd.DataFrame, file: Path, rec: dict[str, Any], width: float, draws: int) -> None:
    """One row per issue (and dimension), one column per model, rounded to what the error supports."""
    error = rec["mae_all"] * width
    digits = decimals_for(error)
    tab = Table(title=f"forecasts for {file}", title_justify="left")
    models = list(dict.fromkeys(table.model))
    tab.add_column("issue")
    multi = table.dimension.nunique() > 1
    if multi:
        tab.add_column("dimension")
    for m in models:
        tab.add_column(m + (" [90% interval]" if draws else ""), justify="right")
    for (issue, dim), rows in table.groupby(["issue", "dimension"], sort=False):
        by = rows.set_index("model")
        cells = []
        for m in models:
            r = by.loc[m]
            text = f"{r.outcome:.{digits}f}"
            if draws and pd.notna(r.lower):
                text += f" [{r.lower:.{digits}f}, {r.upper:.{digits}f}]"
            cells.append(text)
        tab.add_row(str(issue), *([str(dim)] if multi else []), *cells)
    out.print(tab)
    out.print(
        f"Recommended model: {rec['model']}, the lowest cross-validated error on EU legislative decisions "
        f"(DEU III, training half): mean absolute error {rec['mae_all']:.2f} of the scale "
        f"[{rec['mae_all_low']:.2f}, {rec['mae_all_high']:.2f}], about {error:.0f} points here; forecasts "
        "are rounded to what that error supports. Every model and its record: "
        "docs/models/forecast-evaluation.md."
    )
