"""The typer app, its global options, the output formats and the console every command prints to."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from foedus.version import __version__

app = typer.Typer(
    name="foedus",
    help="Design, stress-test and forecast collective-defence alliances on real data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


out = Console(highlight=False, width=None if sys.stdout.isatty() else 140)


class Format(StrEnum):
    """How a command prints its result (see :mod:`foedus.cli.output`)."""

    table = "table"
    csv = "csv"
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
