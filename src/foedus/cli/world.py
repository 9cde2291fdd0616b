"""``foedus world``: one year's state table."""

from __future__ import annotations

from typing import Annotated

import typer

from foedus.cli.app import Format, out
from foedus.cli.common import RegionOption, WorldYearOption, _sources_line, _world_table
from foedus.cli.output import FormatOption, OutOption, emit
from foedus.output import records


def world(
    year: WorldYearOption = None,
    region: RegionOption = "world",
    state: Annotated[
        list[str] | None,
        typer.Option("--state", "-s", help="A state to include (repeatable): JPN, Japan, 740."),
    ] = None,
    majors: Annotated[bool, typer.Option("--majors", help="Add the COW major powers.")] = False,
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Print one year's state table: capabilities, military expenditure, affinity, capitals.

    The embedded default world answers whatever it holds (2022: the Indo-Pacific, its
    sub-regions and the major powers) with no data folder; anything else reads the datasets.
    """
    from foedus.world import World

    if year is None:
        w = World.default()
        if region != "world" or state:
            w = w.subset(region=None if region == "world" else region, states=state or [])
    else:
        w = World.for_year(year, states=state or None, region=region, include_majors=majors)
    document = {
        "year": w.year,
        "region": w.region,
        "world": w.label,
        "sources": [s.to_dict() for s in w.sources],
        "states": records(w.states),
    }

    def table() -> None:
        out.print(_world_table(w, f"{w.label}: {len(w.states)} states"))
        out.print(f"sources (year used): {_sources_line(w)}")

    emit(fmt, out_file, w.states, document, table)
