"""The evidence commands: ``foedus calibrate``, ``foedus backtest`` and ``foedus score``, shells
over :mod:`foedus.estimation` (the crisis models learned from history).

They read the data folder (``FOEDUS_DATA_DIR`` or ``foedus data fetch --all``); the crisis
simulation itself needs none of them, since the estimates ship with the package.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from foedus.cli.app import Format, _state, out
from foedus.cli.common import _read_csv
from foedus.cli.output import FormatOption, OutOption, emit
from foedus.errors import InputError

score_app = typer.Typer(
    help="Probabilities from the learned models for rows of your own (needs the datasets).",
    no_args_is_help=True,
)


def calibrate(fmt: FormatOption = Format.table, out_file: OutOption = None) -> None:
    """Fit every crisis model from the data folder and print its coefficient table and fit
    statistics (needs the datasets: foedus data fetch --all). ``--out FILE.json`` writes the
    estimates themselves, with their provenance, in the form ``Estimates.load`` reads."""
    from foedus.estimation import calibrate as fit
    from foedus.estimation.estimates import MODELS

    start = time.perf_counter()
    with _bar("calibrate") as step:
        est = fit(progress=step)
    took = time.perf_counter() - start
    frame = pd.concat([est.table(name).assign(model=name) for name in MODELS], ignore_index=True)[
        ["model", "outcome", "feature", "coef", "se", "z", "p"]
    ]

    def table() -> None:
        for name in MODELS:
            tab = Table(title=f"{name}", title_justify="left")
            for c in ("outcome", "feature", "coef", "se", "z", "p"):
                tab.add_column(c, justify="left" if c in ("outcome", "feature") else "right")
            for r in frame[frame.model == name].itertuples():
                tab.add_row(
                    str(r.outcome),
                    str(r.feature),
                    *(f"{getattr(r, c):.3f}" for c in ("coef", "se", "z", "p")),
                )
            out.print(tab)
        out.print(escape(est.summary()))
        out.print(f"calibrate took {took:.1f} s")

    emit(fmt, out_file, frame, est.to_dict(), table)


def backtest(
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
    reps: Annotated[int, typer.Option(help="Bootstrap replicates per interval.", min=20, max=5000)] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap.", min=0, max=2**32 - 1)] = 0,
) -> None:
    """Every learned model against its baseline on held-out disputes, years or wars, with
    bootstrap intervals (needs the datasets: foedus data fetch --all)."""
    from foedus.estimation import backtest as run

    with _bar("backtest") as step:
        step("scoring", 0, 1)
        records = run(reps=reps, seed=seed)
        step("done", 1, 1)
    frame = pd.DataFrame(records)
    emit(fmt, out_file, frame, records, lambda: _print_backtest(frame))


def _print_backtest(frame: pd.DataFrame) -> None:
    tab = Table(
        title="out-of-sample scores, model against baseline (90% bootstrap intervals by cluster)",
        title_justify="left",
    )
    for c in ("model", "test", "metric", "model's", "interval", "baseline", "baseline's", "n"):
        tab.add_column(c, overflow="fold")
    for r in frame.itertuples():
        positives = getattr(r, "positives", float("nan"))
        n = f"{int(r.n):,}" + (f" ({int(positives):,} positive)" if pd.notna(positives) else "")
        tab.add_row(r.model, r.test, r.metric, f"{r.value:.3f}", f"[{r.lower:.3f}, {r.upper:.3f}]",
                    str(r.baseline), f"{r.baseline_value:.3f}", n)  # fmt: skip
    out.print(tab)
    out.print(
        "prl: proportional reduction in log loss; auc: area under the ROC curve; brier: mean squared error."
    )


@score_app.command("commitments")
def commitments(
    file: Annotated[Path, typer.Argument(help="CSV with columns ally, partner, adversary, year.")],
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
    seed: Annotated[
        int, typer.Option(help="Seed of the interval's coefficient draws.", min=0, max=2**32 - 1)
    ] = 0,
) -> None:
    """P(the ally fights on the partner's side) when the partner is at war with the adversary
    in that year: the honouring model, with a 90% interval (p_respond, lower, upper)."""
    from foedus.estimation import score_commitments

    rows = _rows(file)
    scored = score_commitments(rows, source=str(file), seed=seed)
    emit(fmt, out_file, scored, scored.to_dict(orient="records"), lambda: _print_scores(scored, "p_respond"))


@score_app.command("outcomes")
def outcomes(
    file: Annotated[
        Path, typer.Argument(help="CSV with columns side_a, side_b, year (and optional hostility 1-5).")
    ],
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """P(side A wins), P(side B wins), P(stalemate) of a dispute: the outcome model."""
    from foedus.estimation import score_outcomes

    rows = _rows(file)
    scored = score_outcomes(rows, source=str(file))
    emit(fmt, out_file, scored, scored.to_dict(orient="records"), lambda: _print_scores(scored, "p_a_wins"))


def _rows(file: Path) -> pd.DataFrame:
    """The user's rows, every column as text (states may be codes, names or ``iso3:XXX``)."""
    rows = _read_csv(file, dtype=str, keep_default_na=False)
    if rows.empty:
        raise InputError(f"{file}: no rows", hint="one row per case, under a header line")
    return rows


def _print_scores(scored: pd.DataFrame, first: str) -> None:
    tab = Table()
    for c in scored.columns:
        tab.add_column(c, justify="right" if scored[c].dtype.kind == "f" else "left")
    for r in scored.itertuples(index=False):
        tab.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in r))
    out.print(tab)


class _bar:
    """A progress bar on stderr for the steps of a long fit (silent under --quiet or when stderr
    is not a terminal); used as ``with _bar(name) as step: step(label, done, total)``."""

    def __init__(self, name: str) -> None:
        self.name, self.bar = name, None

    def __enter__(self):
        if _state["quiet"] or not sys.stderr.isatty():
            return lambda label, done, total: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress(
            "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=Console(stderr=True),
        )  # fmt: skip
        task = self.bar.add_task(self.name, total=1)
        self.bar.start()

        def step(label: str, done: int, total: int) -> None:
            self.bar.update(task, description=f"{self.name}: {label}", completed=done, total=total)

        return step

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
