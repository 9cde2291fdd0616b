"""Tables shipped with foedus, derived from the full datasets by ``foedus data snapshot``.

- ``iso3.csv``: the ccode-to-ISO3 crosswalk (from the UNGA ideal-point file, corrected).
- ``default_world/``: the default world (states, dyads, state-list spells, provenance), and
  ``atop_treaties.json``: the ATOP specs of the alliances among its states in force in 2018
  (written by :func:`foedus.atop_treaty.write_embedded_specs`).

Nothing here is a copy of a dataset: each table holds only derived columns for the
states the default world covers, with the sources, versions, checksums and citations
in ``default_world/provenance.json``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

import pandas as pd

_HERE = files("foedus.data.embedded")


@cache
def iso3_table() -> pd.DataFrame:
    """ccode-to-ISO3 crosswalk: columns ``ccode, iso3, cow_abb`` (the latest COW abbreviation)."""
    with _HERE.joinpath("iso3.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={"ccode": int, "iso3": str, "cow_abb": str}, keep_default_na=False)


def default_world_table(name: str) -> pd.DataFrame:
    """One table of the embedded default world (``states``, ``dyads``, ``spells``, ...)."""
    with _HERE.joinpath("default_world", f"{name}.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh)


def default_world_provenance() -> dict[str, Any]:
    """The default world's provenance record (sources, versions, checksums, citations)."""
    text = _HERE.joinpath("default_world", "provenance.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def atop_specs() -> dict[int, dict[str, Any]]:
    """The shipped ATOP treaty specs of the alliances among the default world's states, by atopid."""
    text = _HERE.joinpath("default_world", "atop_treaties.json").read_text(encoding="utf-8")
    return {int(k): v for k, v in json.loads(text).items()}
