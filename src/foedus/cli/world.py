"""``foedus world``: one year's state table."""

from __future__ import annotations

from typing import Annotated

import typer

from foedus.cli.app import Format, out
from foedus.cli.common import _sources_line, _world_table
from foedus.output import dumps, records


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
