"""``foedus design search``: the Pareto front of pact designs, a shell over :mod:`foedus.design`.

The space defaults to ``<scenario stem>-space.yaml`` beside the scenario
(``scenarios/asian-nato-space.yaml`` for the shipped one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from foedus.atomic import check_output
from foedus.cli.app import Format, out
from foedus.cli.common import _notes, _scenario
from foedus.cli.evidence import _bar
from foedus.cli.output import FormatOption, OutOption, emit
from foedus.errors import InputError

design_app = typer.Typer(help="Search the space of pact designs for those that deter and get adopted.",
                         no_args_is_help=True)  # fmt: skip


def _space_for(scenario: Path, space: Path | None) -> Path:
    if space is not None:
        return space
    found = scenario.with_name(f"{scenario.stem}-space.yaml")
    if not found.is_file():
        raise InputError(
            f"{scenario}: no design space given and no {found.name} beside it",
            hint="give one with --space FILE (see scenarios/asian-nato-space.yaml)",
        )
    return found


@design_app.command("search")
def search(
    scenario: Annotated[Path, typer.Argument(help="A scenario file (its events are the flashpoints).")],
    space: Annotated[
        Path | None, typer.Option(help="The design space (default: <scenario stem>-space.yaml beside it).")
    ] = None,
    seed: Annotated[
        int,
        typer.Option(help="Seed: crisis draws common to every design, and the search.", min=0, max=2**32 - 1),
    ] = 1,
    budget: Annotated[int, typer.Option(help="Most distinct designs evaluated.", min=1, max=100_000)] = 60,
    workers: Annotated[int, typer.Option(help="Processes for the crisis simulations.", min=1, max=256)] = 2,
    draws: Annotated[int, typer.Option(help="Crisis draws per flashpoint and design.", min=64)] = 1024,
    method: Annotated[str, typer.Option(help="auto, exhaustive or nsga2.")] = "auto",
    checkpoint: Annotated[
        Path | None,
        typer.Option(
            help="Keep every evaluation in this folder; run again with the same folder and inputs to "
            "resume an interrupted search (same front), or with a larger --budget to go on."
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """The designs no other beats on deterrence, acceptance, cost and entrapment at once, and how
    the scenario's hand-written designs compare (same seed, same front)."""
    from foedus.design import load_space
    from foedus.design import search as run

    if checkpoint is not None:
        check_output(checkpoint, folder=True, label="--checkpoint")
    sc = _scenario(scenario)
    sp = load_space(_space_for(scenario, space))
    with _bar("design search") as step:
        result = run(sc, sp, method=method, budget=budget, seed=seed, draws=draws, workers=workers,
                     checkpoint=checkpoint,
                     progress=lambda done, total: step("designs", done, total))  # fmt: skip
    _notes(result.notes)
    frame = result.to_frame()
    emit(fmt, out_file, frame, result.to_dict(), lambda: _print(result))


def _print(result) -> None:
    tab = Table(title=f"Pareto front ({result.evaluated} designs evaluated, {result.method})",
                title_justify="left")  # fmt: skip
    for c in ("design", "deterrence", "worst", "acceptance", "cost", "entrapment"):
        tab.add_column(c, justify="left" if c == "design" else "right", overflow="fold")

    def row(label: str, e) -> None:
        o, d = e.evaluation.objectives, e.evaluation.details
        tab.add_row(escape(label), f"{o['deterrence']:.4f}", f"{d.get('deterrence_worst', float('nan')):.3f}",
                    f"{o['acceptance']:.3f}", f"{o['cost']:.3f}", f"{o['entrapment']:.3f}")  # fmt: skip

    for e in result.front:
        row(e.name, e)
    for e in result.handwritten:
        verdict = f"dominated by {len(e.dominated_by)}" if e.dominated_by else "on the front"
        row(f"[hand-written] {e.name} ({verdict})", e)
    out.print(tab)
    out.print(
        f"mean P(deterred) with no pact: {result.base_deterrence:.4f}. deterrence: mean P(deterred) over the "
        "flashpoints (worst: the lowest); acceptance: P(every member ratifies); cost: mean rise in military "
        "spending demanded, relative to today's; entrapment: P(a member is bound to fight where it has "
        "no stake)."
    )
