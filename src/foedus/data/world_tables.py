"""The World's tables for one year: every source joined for a set of states.

:func:`world_tables` reads the datasets (state system, capitals, NMC, SIPRI, UNGA ideal
points, distances, contiguity, ATOP) and joins them into three plain tables, ``states``,
``dyads`` and ``alliance_ties``, with the version and checksums of each source as used.
:meth:`foedus.world.World.from_data` builds a World from them; nothing here knows the World.

Values outside a source's coverage are NA, never 0; when the year asked for is past a
source's last year, the source's last year is used (:data:`~foedus.data.coverage.COVERAGE`).
"""

from __future__ import annotations

import itertools
from typing import NamedTuple

import numpy as np
import pandas as pd

from foedus.data.affinity import load_ideal_points
from foedus.data.atop import ATOP_COLUMNS, load_dyad_years
from foedus.data.capabilities import NMC_COLUMNS, load_nmc, load_sipri
from foedus.data.conflict import rivalry_years
from foedus.data.coverage import COVERAGE
from foedus.data.democracy import load_democracy
from foedus.data.forces import load_us_troops
from foedus.data.geography import capitals_in, contiguity_in, haversine_km, load_mindist, subregion_of
from foedus.data.nuclear import load_nuclear
from foedus.data.sources import SOURCES
from foedus.data.states import StateSystem
from foedus.provenance import DataVersion

__all__ = ["WorldTables", "source_use", "world_tables"]


class WorldTables(NamedTuple):
    """The tables of one year's World and the sources they came from."""

    states: pd.DataFrame
    dyads: pd.DataFrame
    alliance_ties: pd.DataFrame
    sources: tuple[DataVersion, ...]


def source_use(name: str, year_used: int | None, paths: tuple[str, ...] | None = None) -> DataVersion:
    """Dataset ``name`` as used: its version, the files read with their sha256, the year taken."""
    src = SOURCES[name]
    used = [f for f in src.files if paths is None or f.path in paths]
    return DataVersion(
        name=src.name, version=src.version, files=tuple((f.path, f.sha256) for f in used),
        year_used=year_used, citations=src.citations,
    )  # fmt: skip


def _nmc_shares(year: int | None, ccodes: list[int]) -> pd.DataFrame:
    """Each state's NMC components as shares of the system total in ``year`` (what the
    estimated outcome model reads): ``ccode, nmc_milex_share, ..., nmc_upop_share``."""
    components = [c for c in NMC_COLUMNS if c != "cinc"]
    cols = [f"nmc_{c}_share" for c in components]
    if year is None:
        return pd.DataFrame(columns=["ccode", *cols])
    nmc = load_nmc()
    nmc = nmc[nmc.year == year]
    shares = nmc[[f"nmc_{c}" for c in components]] / nmc[[f"nmc_{c}" for c in components]].sum()
    out = pd.DataFrame(shares.to_numpy(), columns=cols).assign(ccode=nmc.ccode.to_numpy())
    return out[out.ccode.isin(ccodes)]


def _rows_for(df: pd.DataFrame, year: int | None, ccodes: list[int]) -> pd.DataFrame:
    if year is None:
        return df.iloc[0:0].drop(columns="year")
    return df[(df.year == year) & df.ccode.isin(ccodes)].drop(columns="year")


def world_tables(year: int, ccodes: list[int], system: StateSystem) -> WorldTables:
    """Join every source for ``year`` and the states ``ccodes`` into the World's tables.

    Parameters
    ----------
    year : int
        A year of the state system; each source is taken at that year or, past its coverage,
        at its last year (``sources`` says which).
    ccodes : list of int
        The states (members of the system in ``year``).
    system : StateSystem
        The COW state system (names, majors, membership).
    """
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
    states = states.merge(_nmc_shares(cov["cow_nmc"], ccodes), on="ccode", how="left")
    dem = load_democracy()[["ccode", "year", "dem_euds"]]
    states = states.merge(_rows_for(dem, cov["democracy"], ccodes), on="ccode", how="left")
    nuc = load_nuclear()[["ccode", "year", "nuclear_weapons"]]
    states = states.merge(_rows_for(nuc, cov["nuclear"], ccodes), on="ccode", how="left")
    states = states.merge(_rows_for(load_us_troops(), cov["us_troops"], ccodes), on="ccode", how="left")
    if cov["us_troops"] is not None:  # the troop files list every host: none listed is none there
        states["us_troops"] = states["us_troops"].fillna(0.0)
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
        source_use("cow_states", year),
        source_use("capitals", year, ("capitals/cow_capitals.csv",)),
        source_use("cow_nmc", cov["cow_nmc"]),
        source_use("sipri_milex", cov["sipri_milex"], ("sipri_milex/sipri_milex_1949_2024_long.csv",)),
        source_use("unga_ideal_points", cov["unga_ideal_points"]),
        source_use("mindist", cov["mindist"]),
        source_use("contiguity", cov["contiguity"]),
        source_use("atop", cov["atop"], ("atop/atop5_1_ddyr_summary.csv.gz",)),
        source_use("democracy", cov["democracy"]),
        source_use("nuclear", cov["nuclear"]),
        source_use("us_troops", cov["us_troops"]),
        source_use("td_rivalries", cov["td_rivalries"]),
    )
    return WorldTables(states, dyads, ties, sources)


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
    # Thompson & Dreyer end in 2010: a rivalry ongoing then is taken as ongoing since (said in
    # the World's sources: year_used 2010)
    riv = rivalry_years()
    if cov["td_rivalries"] is not None:
        riv = riv[riv.year == cov["td_rivalries"]][["ccode1", "ccode2", "rival"]]
        d = d.merge(riv, on=["ccode1", "ccode2"], how="left")
        d["rival"] = d.rival.fillna(0).astype("Int64")
    else:
        d["rival"] = pd.array([pd.NA] * len(d), dtype="Int64")
    return d


def _alliance_ties(atop_year: int | None, ccodes: set[int]) -> pd.DataFrame:
    atop = load_dyad_years()
    cols = ["ccode1", "ccode2", *ATOP_COLUMNS]
    if atop_year is None:
        return pd.DataFrame(columns=cols)
    t = atop[(atop.year == atop_year) & atop.ccode1.isin(ccodes) & atop.ccode2.isin(ccodes)]
    t = t[t[list(ATOP_COLUMNS)].sum(axis=1) > 0]
    return t[cols].sort_values(["ccode1", "ccode2"]).reset_index(drop=True)
