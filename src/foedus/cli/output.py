"""What every command that prints a result shares: ``--format table|csv|json`` and ``--out FILE``.

A command computes two things and hands them to :func:`emit`: the result as one tidy table
(what ``--format csv`` prints and ``--out`` writes to ``.csv``, ``.parquet`` or ``.dta``)
and as a JSON document (what ``--format json`` prints and ``--out`` writes to ``.json``),
plus a function that prints it for people. ``--out`` is checked by :func:`out_path` as the
option is parsed, before any work, so a typo in a folder name costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from foedus.cli.app import Format
from foedus.output import FILE_TYPES, check_out_path, dumps, to_csv, write_result

FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table (for people), csv or json (for scripts).")
]


def out_path(path: Path | None) -> Path | None:
    """``--out`` checked (see :func:`foedus.output.check_out_path`), or ``None``."""
    return None if path is None else check_out_path(path)


# The check runs as the option is parsed, so every command that takes --out has it checked
# before its work starts, and a new command cannot forget to.
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Also write the result to FILE, by its extension: .csv, .json, .parquet or .dta (Stata). "
        "Checked before the work starts.",
        callback=out_path,
    ),
]


def emit(
    fmt: Format,
    out_file: Path | None,
    frame: pd.DataFrame,
    document: Any,
    table: Callable[[], None],
) -> None:
    """Print the result in ``fmt`` and write it to ``out_file``; say on stderr what was written."""
    if fmt is Format.json:
        typer.echo(dumps(document))
    elif fmt is Format.csv:
        typer.echo(to_csv(frame), nl=False)
    else:
        table()
    if out_file is not None:
        write_result(out_file, frame, document)
        kind = out_file.suffix.lower()
        what = "as --format json prints it" if kind == ".json" else f"{len(frame)} rows"
        typer.echo(f"wrote {out_file} ({FILE_TYPES[kind].name}, {what})", err=True)
