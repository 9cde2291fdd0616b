"""Building worlds from the datasets, and the embedded default world.

:func:`build_world` joins every source for one year and a set of states into a
:class:`~foedus.world.World`. :func:`write_snapshot` (``foedus data snapshot``) derives
the embedded default world from the full datasets: the Indo-Pacific states and the
major powers, for the latest year the capability data allow (NMC 7.0 ends in 2022),
keeping only the columns the models read, with a provenance file naming every source,
version, checksum and citation. Anyone with the datasets can rebuild it and compare.
"""

from __future__ import annotations

import itertools
import json
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from foedus import __version__
from foedus.atomic import atomic_path, write_text
from foedus.data.affinity import load_ideal_points
from foedus.data.atop import load_dyad_years
from foedus.data.capabilities import load_nmc, load_sipri
from foedus.data.coverage import COVERAGE
from foedus.data.embedded import default_world_provenance, default_world_table, iso3_table
from foedus.data.geography import capitals_in, contiguity_in, haversine_km, load_mindist, subregion_of
from foedus.data.sources import SOURCES
from foedus.data.states import ISO3_OVERRIDES, StateSystem
from foedus.world import ATOP_COLUMNS, SourceUse, World

DEFAULT_REGION = "indo-pacific"
DEFAULT_YEAR = COVERAGE["cow_nmc"].last  # the latest year with capability data


def _use(name: str, year_used: int | None, paths: tuple[str, ...] | None = None) -> SourceUse:
    src = SOURCES[name]
    used = [f for f in src.files if paths is None or f.path in paths]
    return SourceUse(name, src.version, year_used, tuple((f.path, f.sha256) for f in used), src.citations)


def _rows_for(df: pd.DataFrame, year: int | None, ccodes: list[int]) -> pd.DataFrame:
    if year is None:
        return df.iloc[0:0]
    return df[(df.year == year) & df.ccode.isin(ccodes)].drop(columns="year")


def build_world(
    year: int, ccodes: list[int], system: StateSystem, region: str = "world", label: str = ""
) -> World:
    """Join every source for ``year`` and the states ``ccodes`` into a World."""
    members = system.members(year)
    states = members[members.ccode.isin(ccodes)].reset_index(drop=True)
    states["subregion"] = [subregion_of(int(c)) for c in states.ccode]
    states["major"] = [system.is_major(int(c), year) for c in states.ccode]

    cov = {k: c.year_for(year) for k, c in COVERAGE.items()}
    states = states.merge(capitals_in(year), on="ccode", how="left")
    states = states.merge(_rows_for(load_nmc(), cov["cow_nmc"], ccodes), on="ccode", how="left")
    states = states.merge(_rows_for(load_sipri(), cov["sipri_milex"], ccodes), on="ccode", how="left")
    states = states.merge(
        _rows_for(load_ideal_points(), cov["unga_ideal_points"], ccodes), on="ccode", how="left"
    )
    for col in (
        "nmc_milex",
        "nmc_milper",
        "nmc_irst",
        "nmc_pec",
        "nmc_tpop",
        "nmc_upop",
        "nmc_cinc",
        "sipri_milex",
        "sipri_milex_current",
        "sipri_milex_share_gdp",
        "sipri_gdp",
        "unga_ideal_point",
        "unga_ideal_point_fp",
        "unga_ideal_point_q5",
        "unga_ideal_point_q95",
    ):
        if col not in states:
            states[col] = np.nan
    states["sipri_milex_flag"] = states.get("sipri_milex_flag", pd.Series(dtype=str)).fillna("")
    states["cinc"] = states["nmc_cinc"]
    states["milex"] = states["sipri_milex"]
    states["ideal_point"] = states["unga_ideal_point"]
    order = [
        "ccode",
        "abb",
        "name",
        "iso3",
        "subregion",
        "major",
        "capital",
        "capital_lat",
        "capital_lon",
        "cinc",
        "milex",
        "ideal_point",
    ]
    states = states[order + [c for c in states.columns if c not in order]]

    dyads = _dyads(year, states, system, cov)
    ties = _alliance_ties(cov["atop"], set(states.ccode))
    sources = (
        _use("cow_states", year),
        _use("capitals", year, ("capitals/cow_capitals.csv",)),
        _use("cow_nmc", cov["cow_nmc"]),
        _use("sipri_milex", cov["sipri_milex"], ("sipri_milex/sipri_milex_1949_2024_long.csv",)),
        _use("unga_ideal_points", cov["unga_ideal_points"]),
        _use("mindist", cov["mindist"]),
        _use("contiguity", cov["contiguity"]),
        _use("atop", cov["atop"], ("atop/atop5_1_ddyr_summary.csv.gz",)),
    )
    label = label or f"COW v2024 state system, {region}, {year}"
    return World(year, states, dyads, ties, sources, system, region=region, label=label)


def _dyads(year: int, states: pd.DataFrame, system: StateSystem, cov: dict[str, int | None]) -> pd.DataFrame:
    s = states.set_index("ccode")
    pairs = list(itertools.combinations(sorted(s.index), 2))
    c1 = np.array([p[0] for p in pairs], dtype=int)
    c2 = np.array([p[1] for p in pairs], dtype=int)
    d = pd.DataFrame({"ccode1": c1, "ccode2": c2, "year": year})
    d["capdist_km"] = haversine_km(
        s.capital_lat.reindex(c1).to_numpy(),
        s.capital_lon.reindex(c1).to_numpy(),
        s.capital_lat.reindex(c2).to_numpy(),
        s.capital_lon.reindex(c2).to_numpy(),
    )
    md = load_mindist()
    md = md[md.year == cov["mindist"]] if cov["mindist"] is not None else md.iloc[0:0]
    d = d.merge(
        md[["ccode1", "ccode2", "mindist"]].rename(columns={"mindist": "mindist_km"}),
        on=["ccode1", "ccode2"],
        how="left",
    )

    def covered(y: int | None) -> np.ndarray:
        if y is None:
            return np.zeros(len(d), dtype=bool)
        live = {c for c in s.index if system.in_system(int(c), y)}
        return d.ccode1.isin(live).to_numpy() & d.ccode2.isin(live).to_numpy()

    if cov["contiguity"] is not None:
        d = d.merge(contiguity_in(cov["contiguity"]), on=["ccode1", "ccode2"], how="left")
    else:
        d["contiguity"] = np.nan
    d["contiguity"] = d.contiguity.fillna(0).astype("Int64").where(covered(cov["contiguity"]), pd.NA)
    ip = s.ideal_point
    d["ideal_distance"] = np.abs(ip.reindex(c1).to_numpy() - ip.reindex(c2).to_numpy())

    atop = load_dyad_years()
    atop = atop[atop.year == cov["atop"]] if cov["atop"] is not None else atop.iloc[0:0]
    a = np.minimum(atop.ccode1, atop.ccode2)
    b = np.maximum(atop.ccode1, atop.ccode2)
    either = (
        atop[list(ATOP_COLUMNS)]
        .assign(ccode1=a, ccode2=b)
        .groupby(["ccode1", "ccode2"], as_index=False)
        .max()
    )
    d = d.merge(either, on=["ccode1", "ccode2"], how="left")
    mask = covered(cov["atop"])
    for c in ATOP_COLUMNS:
        d[c] = d[c].fillna(0).astype("Int64").where(mask, pd.NA)
    return d


def _alliance_ties(atop_year: int | None, ccodes: set[int]) -> pd.DataFrame:
    atop = load_dyad_years()
    cols = ["ccode1", "ccode2", *ATOP_COLUMNS]
    if atop_year is None:
        return pd.DataFrame(columns=cols)
    t = atop[(atop.year == atop_year) & atop.ccode1.isin(ccodes) & atop.ccode2.isin(ccodes)]
    t = t[t[list(ATOP_COLUMNS)].sum(axis=1) > 0]
    return t[cols].sort_values(["ccode1", "ccode2"]).reset_index(drop=True)


# ----------------------------------------------------------------------------- the snapshot
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
    atomically.
    """
    dest = Path(dest) if dest else _embedded_dir()
    written = []
    iso = build_iso3_table()
    with atomic_path(dest / "iso3.csv") as tmp:
        iso.to_csv(tmp, index=False)
    written.append(dest / "iso3.csv")
    iso3_table.cache_clear()

    world = World.from_data(year, region=DEFAULT_REGION, include_majors=True)
    spells = world.system.spells
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
        "year": world.year,
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


def load_default_world() -> World:
    """The embedded default world (no network, no data folder)."""
    prov = default_world_provenance()
    states = default_world_table("states")
    states["major"] = states["major"].astype(bool)
    for c in ("abb", "name", "iso3", "subregion", "capital"):
        states[c] = states[c].astype("string")
    states["sipri_milex_flag"] = states["sipri_milex_flag"].fillna("").astype("string")
    dyads = default_world_table("dyads")
    for c in ("contiguity", *ATOP_COLUMNS):
        dyads[c] = dyads[c].astype("Int64")
    ties = default_world_table("alliance_ties")
    spells = default_world_table("spells")
    system = StateSystem(spells, iso3_table(), None, label="the embedded default world")
    sources = tuple(
        SourceUse(s["name"], s["version"], s["year_used"], tuple(s["files"].items()), tuple(s["citations"]))
        for s in prov["sources"]
    )
    label = f"foedus default world ({prov['region']} and major powers, {prov['year']})"
    return World(int(prov["year"]), states, dyads, ties, sources, system, region=prov["region"], label=label)
