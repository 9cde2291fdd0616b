"""Helpers several command groups share: the state table, reading a CSV or a treaty argument,
the world a command works on, parameter overrides, process pools, optional extras."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from foedus.errors import FoedusError, InputError
from foedus.output import fmt_number

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


def _read_csv(path: Path, **kw):
    """A user's CSV file through the one safe reader (:func:`foedus.readers.read_csv`)."""
    from foedus.readers import read_csv

    return read_csv(path, **kw)


def _seed(seed: int | None, option: str = "--seed") -> int | None:
    """A seed from 0 to 2**32 - 1 (``None`` stays ``None``: the run draws one)."""
    from foedus.limits import check_seed

    return None if seed is None else check_seed(seed, option)


def _year(year: int | None, option: str = "--year") -> int | None:
    """A year foedus holds data for: ATOP's first (1815) to the COW state system's last (2024).

    Later years than a dataset covers read its last year (ATOP's 2018 stands in for 2024), but
    a year after every dataset (3000) is refused here, naming the span.
    """
    from foedus.atop_treaty import ATOP_FIRST_YEAR
    from foedus.data.coverage import COVERAGE
    from foedus.limits import check_year

    if year is None:
        return None
    span = (ATOP_FIRST_YEAR, COVERAGE["cow_states"].last)
    return check_year(year, span, "the years foedus holds data for (ATOP and the COW state system)", option)


def _output(path: Path | None, option: str, *, folder: bool = False) -> Path | None:
    """An output file (or folder) checked before the work starts, the message naming ``option``."""
    from foedus.atomic import check_output

    if path is None:
        return None
    try:
        return check_output(path, folder=folder)
    except InputError as exc:
        raise InputError(f"{option} {exc.message}", hint=exc.hint) from None


def _finite_column(frame, column: str, source: str, *, low: float | None = None):
    """``frame[column]`` as floats, every one finite (and at least ``low``), or a one-line refusal
    naming the file, the column and the first bad row."""
    import numpy as np
    import pandas as pd

    from foedus.limits import MAX_VALUE
    from foedus.readers import shown

    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(float)
    bad = ~np.isfinite(values) | (np.abs(values) > MAX_VALUE)
    if low is not None:
        bad |= values < low
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        value = frame[column].iloc[i]
        value = value.item() if hasattr(value, "item") else value  # -1, not np.int64(-1)
        allowed = f"a finite number >= {low:g}" if low is not None else "a finite number"
        raise InputError(
            f"{source}: {column} of row {i + 1} is {shown(value, 24)}; expected {allowed}",
            hint=f"at most {MAX_VALUE:.0e} in size; fix the value",
        )
    return values


def _world_for(scenario: Path | None, region: str, year: int | None):
    from foedus.world import World

    if scenario is not None:
        from foedus.scenario import load_scenario

        return load_scenario(scenario).world
    if year is None:
        return World.default().subset(region=region)
    return World.for_year(year, region=region)


def _load_treaty_arg(arg: str, year: int | None = None):
    """A treaty from a YAML file or an ATOP id."""
    if arg.isdigit():
        from foedus.treaty import Treaty

        return Treaty.from_atop(int(arg), year=year)
    from foedus.treaty import load_treaty, resolve_anywhere

    return load_treaty(arg, resolve_anywhere)


def _full_names(world) -> dict[int, str]:
    """COW code to the state's name in ``world`` ("North Korea"), for sentences in tables."""
    return dict(zip(world.states.ccode.astype(int), world.states.name.astype(str), strict=True))


def _names() -> dict[int, str]:
    from foedus.world import World

    w = World.default()
    return dict(zip(w.states.ccode.astype(int), w.states.abb.astype(str), strict=True))


def _overrides(items: list[str] | None) -> dict[str, float]:
    """``--param NAME=VALUE`` pairs (validated by the parameter registry)."""
    from foedus import parameters

    pairs: dict[str, float] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError(
                f"--param {item!r}: expected NAME=VALUE", hint="e.g. crisis.reliability.base=0.5"
            )
        parameters.get(name.strip())
        try:
            pairs[name.strip()] = float(value)
        except ValueError:
            raise InputError(f"--param {item!r}: {value!r} is not a number") from None
    parameters.resolve(pairs)
    return pairs


def _executor(workers: int):
    if workers < 0:
        raise InputError(f"--workers must be >= 0, got {workers}")
    if workers <= 1:
        return None
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers)


def require_extra(extra: str, module: str, needed_for: str) -> None:
    """Refuse in one line, before any work, when an optional extra is not installed.

    ``module`` is what the extra installs (``dash`` for ``web``); importing it is the only
    reliable test (a half-installed package fails here too, not forty lines into a traceback).
    """
    try:
        importlib.import_module(module)
    except ImportError:
        raise FoedusError(
            f"{needed_for} needs the {extra} extra", hint=f"pip install 'foedus[{extra}]'"
        ) from None


YearOption = Annotated[
    int | None,
    typer.Option(
        help="Rerun in this year's world: the embedded default world for 2022, the datasets (foedus data "
        "fetch --all) for any other year. Treaties not in force that year are left out, with a note."
    ),
]


# Options several commands share, declared once so that their help reads the same everywhere.
EventsOption = Annotated[list[str] | None, typer.Option(help="Event id (repeat; default: every event).")]
SeedOption = Annotated[
    int, typer.Option(help="Seed: the same seed gives the same answer (designs share random numbers).")
]
DrawsOption = Annotated[int, typer.Option(help="Monte Carlo draws (per design when designs are compared).")]

# The world of a year, for the commands that build one without a scenario (world, landscape).
WorldYearOption = Annotated[
    int | None,
    typer.Option(
        help="Year (1816-2024). Omit for the embedded default world (2022); other years, and regions "
        "beyond the Indo-Pacific, need the datasets: foedus data fetch --all."
    ),
]
RegionOption = Annotated[
    str, typer.Option(help="world, indo-pacific, east-asia, southeast-asia, south-asia, oceania, ...")
]


def _scenario(path: Path, year: int | None = None):
    """Load a scenario (in ``year``'s world if given) and say on stderr what the year left out."""
    from foedus.scenario import load_scenario

    sc = load_scenario(path, year=year)
    _notes(sc.notes)
    return sc


def _notes(notes) -> None:
    """Notes go to stderr, so that CSV and JSON on stdout stay clean (silent with --quiet)."""
    from foedus.cli.app import _state

    if not _state["quiet"]:
        for note in notes:
            typer.echo(f"foedus: note: {note}", err=True)
