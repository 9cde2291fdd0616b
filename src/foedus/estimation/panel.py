"""The covariates every estimated model reads: state-years and dyad-years, 1816 on.

:func:`panel` builds, once per data folder, one :class:`Panel` that answers vectorised
look-ups for arrays of states, partners and years:

- :meth:`Panel.state` — a state-year attribute: the six NMC 7.0 components and CINC, each
  component's **yearly share** of the system total, COW major-power status, the extended
  Unified Democracy Score, nuclear weapons, US troops on the state's soil, the UNGA ideal
  point, the capital's coordinates;
- :meth:`Panel.capdist_km` — great-circle distance between capitals in the year;
- :meth:`Panel.contiguity` — COW direct contiguity type (1 land, 2-5 water within 12, 24,
  150, 400 miles; 0 none), undirected;
- :meth:`Panel.owes` — the ATOP obligations ``ccode1`` owes ``ccode2`` in the year
  (directed: defence, offence, neutrality, non-aggression, consultation);
- :meth:`Panel.rival` — a Thompson & Dreyer strategic rivalry in the year.

**Missing values.** A value outside its source's coverage is NA, never 0, with four
documented exceptions that are facts rather than guesses: nobody had nuclear weapons
before 1945 (the nuclear panel begins in 1938: 0 before it); US troops before 1950 are
taken as 0 (the troop data begin in 1950; the 1945-49 occupation forces in Germany,
Japan and Korea are therefore missed); contiguity, ATOP, nuclear status and troops past
their last year (2016, 2018, 2022, 2024) take the last year's value, as the World does;
and an obligation or rivalry absent from its file is 0 (the files list only the pairs
that have one). The UNGA ideal point stays NA before 1946: the models say how they
handle it.

References: Singer, Bremer & Stuckey (1972); Leeds et al. (2002); Stinnett et al. (2002);
Thompson & Dreyer (2012); Bailey, Strezhnev & Voeten (2017); Allen, Flynn & Martinez
Machain (2022); Bleek (2017); Pemstein, Meserve & Melton (2010).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from foedus.data.affinity import load_ideal_points
from foedus.data.atop import OBLIGATIONS, load_dyad_years
from foedus.data.cache import data_dir, locate
from foedus.data.capabilities import NMC_COLUMNS, load_nmc
from foedus.data.conflict import rivalry_years
from foedus.data.democracy import load_democracy
from foedus.data.forces import load_us_troops
from foedus.data.geography import haversine_km, load_capitals, load_contiguity
from foedus.data.nuclear import load_nuclear

COMPONENTS = tuple(c for c in NMC_COLUMNS if c != "cinc")
"""The six NMC components: milex, milper, irst, pec, tpop, upop."""

DATASETS = (
    "cow_states",
    "cow_nmc",
    "atop",
    "capitals",
    "contiguity",
    "unga_ideal_points",
    "gml_mid",
    "cow_war",
    "td_rivalries",
    "us_troops",
    "democracy",
    "nuclear",
)
"""The registry datasets the estimated models read (their versions and sha256 go into provenance)."""

FIRST_YEAR, LAST_YEAR = 1816, 2024


def _key(ccode, year) -> np.ndarray:
    return np.asarray(ccode, dtype=np.int64) * 10_000 + np.asarray(year, dtype=np.int64)


def _pair_key(c1, c2, year) -> np.ndarray:
    c1, c2 = np.asarray(c1, dtype=np.int64), np.asarray(c2, dtype=np.int64)
    return (c1 * 1_000 + c2) * 10_000 + np.asarray(year, dtype=np.int64)


def _spell_years(df: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """One row per year of each spell (``start``/``end`` are integer year columns)."""
    n = (df[end] - df[start] + 1).clip(lower=0).to_numpy()
    out = df.loc[df.index.repeat(n)].copy()
    out["year"] = out[start].to_numpy().repeat(1) + np.concatenate([np.arange(k) for k in n])
    return out


@dataclass(frozen=True, eq=False)
class Panel:
    """Vectorised covariate look-ups (see the module docstring). Build it with :func:`panel`."""

    states: pd.DataFrame  # one row per (ccode, year): the state-year columns
    _state_index: pd.Index
    _contiguity: pd.Series  # undirected pair-year key -> closest type
    _atop: pd.DataFrame  # directed pair-year key -> five 0/1 columns
    _rivals: pd.Index  # undirected pair-year keys
    members: pd.DataFrame  # ccode, year: in the COW system at any time in the year
    majors: pd.Index  # (ccode, year) keys of major powers

    def state(self, column: str, ccode, year) -> np.ndarray:
        """``column`` for each (ccode, year); NA where the state-year is unknown."""
        pos = self._state_index.get_indexer(_key(ccode, year))
        values = self.states[column].to_numpy(dtype=float)
        return np.where(pos >= 0, values[np.maximum(pos, 0)], np.nan)

    def is_major(self, ccode, year) -> np.ndarray:
        return self.majors.get_indexer(_key(ccode, year)) >= 0

    def capdist_km(self, c1, c2, year) -> np.ndarray:
        """Great-circle distance between the capitals (km); 0 for a state with itself."""
        lat1, lon1 = self.state("capital_lat", c1, year), self.state("capital_lon", c1, year)
        lat2, lon2 = self.state("capital_lat", c2, year), self.state("capital_lon", c2, year)
        return haversine_km(lat1, lon1, lat2, lon2)

    def contiguity(self, c1, c2, year) -> np.ndarray:
        """COW contiguity type (0 none); 2016's for later years."""
        c1, c2 = np.asarray(c1), np.asarray(c2)
        y = np.minimum(np.asarray(year), 2016)
        key = _pair_key(np.minimum(c1, c2), np.maximum(c1, c2), y)
        pos = self._contiguity.index.get_indexer(key)
        return np.where(pos >= 0, self._contiguity.to_numpy()[np.maximum(pos, 0)], 0)

    def owes(self, c1, c2, year) -> pd.DataFrame:
        """The ATOP obligations ``c1`` owes ``c2`` (columns ``defense``... ``consul``, 0/1); 2018's later."""
        y = np.minimum(np.asarray(year), 2018)
        pos = self._atop.index.get_indexer(_pair_key(c1, c2, y))
        vals = self._atop.to_numpy()[np.maximum(pos, 0)] * (pos >= 0)[:, None]
        return pd.DataFrame(vals, columns=list(OBLIGATIONS))

    def rival(self, c1, c2, year) -> np.ndarray:
        """1 in a year of a strategic rivalry between the two (2010's for later years)."""
        c1, c2 = np.asarray(c1), np.asarray(c2)
        y = np.minimum(np.asarray(year), 2010)
        key = _pair_key(np.minimum(c1, c2), np.maximum(c1, c2), y)
        return (self._rivals.get_indexer(key) >= 0).astype(float)


def _state_years() -> pd.DataFrame:
    """Every (ccode, year) of COW membership or NMC, with the state-year columns."""
    nmc = load_nmc().rename(columns={f"nmc_{c}": c for c in NMC_COLUMNS})
    totals = nmc.groupby("year")[list(COMPONENTS)].transform("sum")
    for c in COMPONENTS:
        nmc[f"{c}_share"] = nmc[c] / totals[c]
    members = _members()
    out = members.merge(nmc, on=["ccode", "year"], how="outer")
    out = out.merge(load_democracy()[["ccode", "year", "dem_euds"]], on=["ccode", "year"], how="left")
    out = _carry(out, load_nuclear()[["ccode", "year", "nuclear_weapons"]], 2022)
    out.loc[out.year < 1938, "nuclear_weapons"] = 0.0
    out = _carry(out, load_us_troops(), 2024)
    out.loc[out.year < 1950, "us_troops"] = 0.0
    out["us_troops"] = out.us_troops.fillna(0.0)  # the files list every host with troops
    ideal = load_ideal_points()[["ccode", "year", "unga_ideal_point"]]
    out = out.merge(ideal, on=["ccode", "year"], how="left")
    out = out.merge(_capital_years(), on=["ccode", "year"], how="left")
    return out.sort_values(["ccode", "year"]).reset_index(drop=True)


def _carry(out: pd.DataFrame, table: pd.DataFrame, last: int) -> pd.DataFrame:
    """Merge a state-year table, carrying its ``last`` year's values to later years."""
    late = out.loc[out.year > last, ["ccode", "year"]]
    tail = table[table.year == last].drop(columns="year")
    merged = out.merge(table, on=["ccode", "year"], how="left")
    value = [c for c in table if c not in ("ccode", "year")]
    filled = late.merge(tail, on="ccode", how="left").set_index(late.index)
    merged.loc[late.index, value] = filled[value].to_numpy()
    return merged


@cache
def _members_at(_root: str) -> pd.DataFrame:
    spells = pd.read_csv(locate("cow_states", "cow_states/statelist2024.csv"))
    years = _spell_years(spells, "styear", "endyear")
    return years[["ccode", "year"]].drop_duplicates().reset_index(drop=True)


def _members() -> pd.DataFrame:
    return _members_at(str(data_dir()))


def _capital_years() -> pd.DataFrame:
    """The capital in force at the end of each year (the last spell begun by then)."""
    cap = load_capitals()
    cap = cap.assign(styear=cap.stdate.dt.year, endyear=cap.enddate.dt.year)
    years = _spell_years(cap, "styear", "endyear").sort_values("stdate")
    last = years.groupby(["ccode", "year"], as_index=False).last()
    return last.rename(columns={"lat": "capital_lat", "lng": "capital_lon"})[
        ["ccode", "year", "capital_lat", "capital_lon"]
    ]


def _contiguity_years() -> pd.Series:
    c = load_contiguity()
    c = c[c.conttype.between(1, 5)]  # the file also lists spells of type 0 (no contiguity)
    c = c.assign(styear=c.stdate.dt.year, endyear=c.enddate.dt.year)
    years = _spell_years(c, "styear", "endyear")
    key = _pair_key(
        np.minimum(years.ccode1, years.ccode2), np.maximum(years.ccode1, years.ccode2), years.year
    )
    return pd.Series(years.conttype.to_numpy(), index=key).groupby(level=0).min()


def _majors() -> pd.Index:
    m = pd.read_csv(locate("cow_states", "cow_states/majors2024.csv"))
    years = _spell_years(m, "styear", "endyear")
    return pd.Index(np.unique(_key(years.ccode, years.year)))


@cache
def _panel(_root: str) -> Panel:
    states = _state_years()
    atop = load_dyad_years()
    atop_frame = pd.DataFrame(
        atop[[f"atop_{k}" for k in OBLIGATIONS]].to_numpy(dtype=float),
        index=pd.Index(_pair_key(atop.ccode1, atop.ccode2, atop.year)),
        columns=list(OBLIGATIONS),
    )
    atop_frame = atop_frame.groupby(level=0).max()
    riv = rivalry_years()
    return Panel(
        states=states,
        _state_index=pd.Index(_key(states.ccode, states.year)),
        _contiguity=_contiguity_years(),
        _atop=atop_frame,
        _rivals=pd.Index(_pair_key(riv.ccode1, riv.ccode2, riv.year)),
        members=_members(),
        majors=_majors(),
    )


def panel() -> Panel:
    """The covariate panel of the current data folder (built once, then shared; treat as read-only).

    Examples
    --------
    >>> p = panel()                                   # doctest: +SKIP
    >>> float(p.capdist_km([710], [740], [2010])[0])  # doctest: +SKIP
    2099.7...
    """
    return _panel(str(data_dir()))
