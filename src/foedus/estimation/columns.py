"""The raw columns each estimated crisis model reads, as data (``columns.toml``).

Each model's ``RAW_COLUMNS`` maps a column's name to what it means, its unit and how it is
computed from the datasets. Training (``training_rows``) and simulation
(:mod:`foedus.crisis.features`) build exactly these columns, and the model's ``design(raw)``
turns them into its design matrix; ``docs/models/estimation.md`` prints the tables.

Examples
--------
>>> cols = raw_columns("outcome")
>>> cols["hostility"][1]
'1-5'
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files

__all__ = ["raw_columns"]


@cache
def _tables() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads(files("foedus.estimation").joinpath("columns.toml").read_text(encoding="utf-8"))


def raw_columns(model: str) -> dict[str, tuple[str, str, str]]:
    """``name -> (meaning, unit, how it is computed)`` of ``model``'s raw columns, in order."""
    return {name: (v[0], v[1], v[2]) for name, v in _tables()[model].items()}
