"""The embedded default world and the ISO3 crosswalk, derived from the datasets.

:func:`write_snapshot` (``foedus data snapshot``) derives the embedded default world from the
full datasets: the Indo-Pacific states and the major powers, for the latest year the
capability data allow (NMC 7.0 ends in 2022), keeping only the columns the models read, with
a provenance file naming every source, version, checksum and citation. Anyone with the
datasets can rebuild it and compare; :meth:`foedus.world.World.default` reads it.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pandas as pd

from foedus.atomic import atomic_path, write_text
from foedus.data.coverage import COVERAGE
from foedus.data.embedded import iso3_table
from foedus.data.geography import in_region
from foedus.data.states import ISO3_OVERRIDES, StateSystem
from foedus.data.world_tables import world_tables
from foedus.version import __version__

__all__ = ["DEFAULT_REGION", "DEFAULT_YEAR", "build_iso3_table", "write_snapshot"]

DEFAULT_REGION = "indo-pacific"
DEFAULT_YEAR = COVERAGE["cow_nmc"].last  # the latest year with capability data


def _embedded_dir() -> Path:
    return Path(str(files("foedus.data.embedded")))


def build_iso3_table() -> pd.DataFrame:
    """The ccode-to-ISO3 crosswalk from the UNGA file's pairs (latest per ccode), corrected,
    with each state's latest COW abbreviation (``cow_abb``).

    The abbreviations let a state system that holds only some states (the embedded default
    world) still read a bare three-letter code as COW's before ISO's: ``AUS`` stays Austria,
    and is refused as "not in this world" rather than silently read as Australia's ISO code.
    """
    from foedus.data.cache import locate

    u = pd.read_csv(locate("unga_ideal_points"), usecols=["ccode", "iso3c", "year"]).dropna()
    u = u.sort_values("year").groupby("ccode", as_index=False).last()
    table = dict(zip(u.ccode.astype(int), u.iso3c, strict=True))
    table.update(ISO3_OVERRIDES)
    cow = pd.read_csv(locate("cow_states", "cow_states/statelist2024.csv"))
    latest = cow.sort_values(["ccode", "styear"]).groupby("ccode").stateabb.last()
    # every COW state (historical ones without an ISO code too) and every ISO-coded ccode
    codes = sorted(set(table) | {int(c) for c in latest.index})
    return pd.DataFrame(
        {
            "ccode": codes,
            "iso3": [table.get(c, "") for c in codes],
            "cow_abb": [latest.get(c, "") for c in codes],
        }
    )


def write_snapshot(dest: Path | None = None, year: int = DEFAULT_YEAR) -> list[Path]:
    """Derive the embedded default world (and the ISO3 crosswalk) from the datasets.

    Writes ``iso3.csv`` and ``default_world/{states,dyads,alliance_ties,spells}.csv`` and
    ``provenance.json`` under ``dest`` (default: the package's ``embedded`` folder), each
    atomically. The default world holds the Indo-Pacific states and the COW major powers of
    ``year`` (:meth:`foedus.world.World.default` reads it).
    """
    dest = Path(dest) if dest else _embedded_dir()
    written = []
    iso = build_iso3_table()
    with atomic_path(dest / "iso3.csv") as tmp:
        iso.to_csv(tmp, index=False)
    written.append(dest / "iso3.csv")
    iso3_table.cache_clear()

    system = StateSystem.from_data()
    members = system.members(year)
    codes = sorted(
        int(c) for c in members.ccode if in_region(int(c), DEFAULT_REGION) or system.is_major(int(c), year)
    )
    world = world_tables(year, codes, system)
    spells = system.spells
    spells = spells[spells.ccode.isin(world.states.ccode)]
    spells = spells[
        ["stateabb", "ccode", "statenme", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"]
    ]
    tables = {
        "states": world.states,
        "dyads": world.dyads,
        "alliance_ties": world.alliance_ties,
        "spells": spells,
    }
    folder = dest / "default_world"
    for name, df in tables.items():
        with atomic_path(folder / f"{name}.csv") as tmp:
            df.to_csv(tmp, index=False)
        written.append(folder / f"{name}.csv")
    prov = {
        "description": "foedus default world: the Indo-Pacific states (East, South-East and South Asia, "
        "Oceania, the United States and Russia) and the COW major powers, derived from the datasets below "
        "by `foedus data snapshot`. Not a copy of any dataset: only derived columns for these states.",
        "year": year,
        "region": DEFAULT_REGION,
        "include_majors": True,
        "n_states": len(world.states),
        "built_by": f"foedus {__version__}: foedus data snapshot",
        "sources": [s.to_dict() for s in world.sources],
        "iso3_crosswalk": {
            "from": "unga_ideal_points",
            "overrides": {str(k): v for k, v in ISO3_OVERRIDES.items()},
        },
    }
    written.append(write_text(folder / "provenance.json", json.dumps(prov, indent=2) + "\n"))
    return written
