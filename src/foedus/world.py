"""World: one year's view of the state system, its capabilities, geography, affinity and alliances.

A :class:`World` holds three tidy tables:

``states``
    one row per state (``ccode`` unique): identity (``abb``, ``name``, ``iso3``,
    ``subregion``, ``major``), capital and its coordinates, NMC 7.0 components
    (``nmc_*``), SIPRI military expenditure (``sipri_*``) and the UNGA ideal point
    (``unga_*``). Convenience columns ``cinc`` (= ``nmc_cinc``), ``milex`` (=
    ``sipri_milex``, constant 2023 US$ m) and ``ideal_point`` (= ``unga_ideal_point``)
    are what the models read.
``dyads``
    one row per undirected pair (``ccode1 < ccode2``): ``capdist_km``, ``mindist_km``,
    ``contiguity``, ``ideal_distance`` and the ATOP obligations in force between the pair
    in either direction (``atop_defense``, ...).
``alliance_ties``
    the directed ATOP obligations: one row per ordered pair in which ``ccode1`` owes
    ``ccode2`` at least one obligation (ATOP codes some one-sided: the United States owes
    Japan defence, not the reverse).

Values outside a source's coverage are NA, never 0. When the year asked for is past a
source's last year (NMC ends 2022, ATOP 2018), the source's last year is used and
:attr:`World.sources` says which year each source was taken from.

Examples
--------
>>> w = World.default()
>>> int(w.lookup("Japan").ccode)
740
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foedus.atomic import atomic_path, write_text
from foedus.data.atop import ATOP_COLUMNS
from foedus.data.geography import check_region, in_region, subregion_of
from foedus.data.states import State, StateSystem
from foedus.errors import DataMissingError, InputError, UnknownStateError
from foedus.output import to_stata
from foedus.provenance import DataVersion, Provenance

# Column -> (description, unit, source). The single place that documents the tables.
STATE_COLUMNS: dict[str, tuple[str, str, str]] = {
    "ccode": ("COW state code", "", "cow_states"),
    "abb": ("COW abbreviation", "", "cow_states"),
    "name": ("COW state name", "", "cow_states"),
    "iso3": ("ISO 3166-1 alpha-3 code", "", "crosswalk"),
    "subregion": ("sub-region key", "", "foedus"),
    "major": ("COW major power in the year", "bool", "cow_states"),
    "capital": ("capital at the end of the year", "", "capitals"),
    "capital_lat": ("capital latitude", "degrees", "capitals"),
    "capital_lon": ("capital longitude", "degrees", "capitals"),
    "cinc": ("composite index of national capability (= nmc_cinc)", "share of system", "cow_nmc"),
    "milex": ("military expenditure (= sipri_milex)", "constant 2023 US$ m", "sipri_milex"),
    "ideal_point": ("UNGA ideal point, all votes (= unga_ideal_point)", "", "unga_ideal_points"),
    "nmc_milex": ("military expenditure", "thousands of current US$", "cow_nmc"),
    "nmc_milper": ("military personnel", "thousands", "cow_nmc"),
    "nmc_irst": ("iron and steel production", "thousands of tons", "cow_nmc"),
    "nmc_pec": ("primary energy consumption", "thousands of coal-ton equivalents", "cow_nmc"),
    "nmc_tpop": ("total population", "thousands", "cow_nmc"),
    "nmc_upop": ("urban population", "thousands", "cow_nmc"),
    "nmc_cinc": ("composite index of national capability", "share of system", "cow_nmc"),
    "sipri_milex": ("military expenditure", "constant 2023 US$ m", "sipri_milex"),
    "sipri_milex_current": ("military expenditure", "current US$ m", "sipri_milex"),
    "sipri_milex_share_gdp": ("military expenditure as a share of GDP", "fraction", "sipri_milex"),
    "sipri_gdp": ("GDP implied by SIPRI's current milex and share", "current US$ m", "sipri_milex"),
    "sipri_milex_flag": ("SIPRI flag: estimate, uncertain or empty", "", "sipri_milex"),
    "unga_ideal_point": ("UNGA ideal point from all votes", "", "unga_ideal_points"),
    "unga_ideal_point_fp": ("UNGA ideal point from final-passage votes", "", "unga_ideal_points"),
    "unga_ideal_point_q5": ("5th posterior percentile of unga_ideal_point", "", "unga_ideal_points"),
    "unga_ideal_point_q95": ("95th posterior percentile of unga_ideal_point", "", "unga_ideal_points"),
    **{
        f"nmc_{c}_share": (f"{what}, share of the system total in the NMC year", "fraction", "cow_nmc")
        for c, what in (
            ("milex", "military expenditure"),
            ("milper", "military personnel"),
            ("irst", "iron and steel production"),
            ("pec", "primary energy consumption"),
            ("tpop", "total population"),
            ("upop", "urban population"),
        )
    },
    "dem_euds": ("extended Unified Democracy Score", "latent, sd 1", "democracy"),
    "nuclear_weapons": ("possesses nuclear weapons", "0/1", "nuclear"),
    "us_troops": ("US active-duty military personnel in the state", "persons", "us_troops"),
}

DYAD_COLUMNS: dict[str, tuple[str, str, str]] = {
    "ccode1": ("COW code of the first state (ccode1 < ccode2)", "", "cow_states"),
    "ccode2": ("COW code of the second state", "", "cow_states"),
    "year": ("year of the world", "", ""),
    "capdist_km": ("great-circle distance between capitals", "km", "capitals"),
    "mindist_km": ("minimum distance between borders on 1 January", "km", "mindist"),
    "contiguity": ("COW direct contiguity: 1 land, 2-5 water <= 12/24/150/400 mi, 0 none", "", "contiguity"),
    "ideal_distance": ("absolute difference of UNGA ideal points", "", "unga_ideal_points"),
    "atop_defense": ("a defence obligation in force in either direction", "0/1", "atop"),
    "atop_offense": ("an offence obligation in force in either direction", "0/1", "atop"),
    "atop_neutral": ("a neutrality obligation in force in either direction", "0/1", "atop"),
    "atop_nonagg": ("a non-aggression obligation in force in either direction", "0/1", "atop"),
    "atop_consul": ("a consultation obligation in force in either direction", "0/1", "atop"),
    "rival": (
        "a strategic rivalry (Thompson & Dreyer; those ongoing in 2010 taken as ongoing)",
        "0/1",
        "td_rivalries",
    ),
}


SourceUse = DataVersion
"""One dataset as a World used it (name, version, files read, year used, citations)."""


@dataclass(frozen=True, eq=False)
class World:
    """One year of the state system (see the module docstring for the tables).

    Build one with :meth:`from_data` (full datasets) or :meth:`default` (the embedded
    Indo-Pacific world, no download needed).
    """

    year: int
    states: pd.DataFrame
    dyads: pd.DataFrame
    alliance_ties: pd.DataFrame
    sources: tuple[DataVersion, ...]
    system: StateSystem = field(repr=False)
    region: str = "world"
    label: str = ""

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_data(
        cls,
        year: int,
        states: Sequence[str | int] | None = None,
        region: str = "world",
        include_majors: bool = False,
    ) -> World:
        """Build the world of ``year`` from the datasets in the data folder.

        Parameters
        ----------
        year : int
            The year; must lie in the COW state system (1816-2024).
        states : list of str or int, optional
            States to include (any form :meth:`StateSystem.lookup` accepts). With
            ``region`` left at ``"world"`` only these are included; with a region, they
            are added to it.
        region : str
            A key of :data:`foedus.data.geography.REGIONS` (``world``, ``indo-pacific``, ...).
        include_majors : bool
            Add the COW major powers of the year.

        Raises
        ------
        InputError
            Year outside the state system, unknown region or state.
        DataError
            A dataset is missing or corrupt (the message says how to fetch it).
        """
        from foedus.data.world_tables import world_tables

        year = check_span(year)
        check_region(region)
        system = StateSystem.from_data()
        members = system.members(year)
        chosen: set[int] = set()
        if states is None or region != "world":
            chosen |= {int(c) for c in members.ccode if in_region(int(c), region)}
        if states is not None:
            chosen |= {system.lookup(q, year).ccode for q in states}
        if include_majors:
            chosen |= {int(c) for c in members.ccode if system.is_major(int(c), year)}
        if not chosen:
            raise InputError(f"no state of region {region!r} is in the system in {year}")
        tables = world_tables(year, sorted(chosen), system)
        label = f"COW v2024 state system, {region}, {year}"
        return cls.from_tables(year, *tables, system=system, region=region, label=label)

    @classmethod
    def for_year(
        cls,
        year: int,
        states: Sequence[str | int] | None = None,
        region: str = "world",
        include_majors: bool = False,
    ) -> World:
        """The world of ``year``: the embedded default world when it holds everything asked
        for, else :meth:`from_data` (which needs the datasets).

        The default world holds, for its year, every state of the Indo-Pacific and its
        sub-regions (:data:`EMBEDDED_REGIONS`) and the major powers, with the same numbers
        the datasets give; so ``World.for_year(2022, region="oceania")`` needs no data folder
        and ``World.for_year(2012, region="oceania")`` reads the datasets. Arguments and
        errors are those of :meth:`from_data`; the year is checked first.

        Examples
        --------
        >>> World.for_year(2022, region="oceania").label
        'foedus default world (indo-pacific and major powers, 2022), oceania'
        """
        year = check_span(year)
        check_region(region)
        default = cls.default()
        covered = year == default.year and (region in EMBEDDED_REGIONS or (region == "world" and states))
        if covered and states:
            try:
                default.ccodes(states)
            except UnknownStateError:
                covered = False
        if not covered:
            try:
                return cls.from_data(year, states=states, region=region, include_majors=include_majors)
            except DataMissingError as exc:  # say that the world needs them all, not one file
                raise DataMissingError(
                    f"the world of {year} ({region}) needs the datasets: {exc.message}",
                    hint=f"run `foedus data fetch --all`; without them foedus answers for {default.year} "
                    "in the Indo-Pacific",
                ) from None
        extra = [*(states or []), *(default.states.ccode[default.states.major] if include_majors else [])]
        return default.subset(region=None if region == "world" else region, states=extra)

    @classmethod
    def from_tables(
        cls,
        year: int,
        states: pd.DataFrame,
        dyads: pd.DataFrame,
        alliance_ties: pd.DataFrame,
        sources: Sequence[DataVersion],
        system: StateSystem,
        region: str = "world",
        label: str = "",
    ) -> World:
        """A World from its tables (as :func:`foedus.data.world_tables.world_tables` builds
        them, or as read back from an export), with the columns typed as the models read them.

        Raises
        ------
        InputError
            A table lacks a column the models read (``ccode``, ``abb``, ``cinc``, ...).
        """
        need = {
            "states": (
                states,
                (
                    "ccode",
                    "abb",
                    "name",
                    "major",
                    "capital_lat",
                    "capital_lon",
                    "cinc",
                    "milex",
                    "ideal_point",
                ),
            ),
            "dyads": (dyads, ("ccode1", "ccode2")),
            "alliance_ties": (alliance_ties, ("ccode1", "ccode2")),
        }
        for name, (table, cols) in need.items():
            missing = [c for c in cols if c not in table.columns]
            if missing:
                raise InputError(f"World {name} table: missing column(s) {', '.join(missing)}")
        states = states.copy()
        states["major"] = states["major"].astype(bool)
        for c in ("abb", "name", "iso3", "subregion", "capital"):
            if c in states:
                states[c] = states[c].astype("string")
        if "sipri_milex_flag" in states:
            states["sipri_milex_flag"] = states["sipri_milex_flag"].fillna("").astype("string")
        dyads = dyads.copy()
        for c in ("contiguity", "rival", *ATOP_COLUMNS):
            if c in dyads:
                dyads[c] = dyads[c].astype("Int64")
        return cls(year, states, dyads, alliance_ties, tuple(sources), system, region=region, label=label)

    @classmethod
    def default(cls) -> World:
        """The embedded default world: the Indo-Pacific states and the major powers.

        Shipped with the package (derived by ``foedus data snapshot``), so it needs no
        network and no data folder. Its year is the latest the capability data allow.
        """
        return _default_world()

    def subset(self, region: str | None = None, states: Sequence[str | int] = ()) -> World:
        """This world cut down to a region's states and/or the listed ones (their union).

        Examples
        --------
        >>> sorted(World.default().subset(region="oceania", states=["USA"]).states.abb)[:3]
        ['AUL', 'FIJ', 'FSM']
        """
        if region is not None:
            check_region(region)
        keep = {int(c) for c in self.states.ccode if region is not None and in_region(int(c), region)}
        keep |= set(self.ccodes(states))
        states_t = self.states[self.states.ccode.isin(keep)].reset_index(drop=True)
        d, t = self.dyads, self.alliance_ties
        dyads = d[d.ccode1.isin(keep) & d.ccode2.isin(keep)].reset_index(drop=True)
        ties = t[t.ccode1.isin(keep) & t.ccode2.isin(keep)].reset_index(drop=True)
        label = f"{self.label}, {region or 'selected states'}"
        return replace(
            self, states=states_t, dyads=dyads, alliance_ties=ties, region=region or self.region, label=label
        )

    # ------------------------------------------------------------------ look-ups
    def lookup(self, query: str | int) -> State:
        """The state ``query`` names, as of this world's year; it must be in this world."""
        state = self.system.lookup(query, self.year)
        if state.ccode not in set(self.states.ccode):
            raise UnknownStateError(
                f"{state} is not in this world ({self.label or self.region}, {self.year})",
                hint="build a World with that state: World.from_data(year, states=[...])",
            )
        return state

    def ccodes(self, queries: Sequence[str | int]) -> list[int]:
        """COW codes of several states of this world."""
        return [self.lookup(q).ccode for q in queries]

    def state(self, query: str | int) -> pd.Series:
        """The ``states`` row of one state."""
        code = self.lookup(query).ccode
        return self.states.loc[self.states.ccode == code].iloc[0]

    def dyad(self, a: str | int, b: str | int) -> pd.Series:
        """The ``dyads`` row of a pair (order does not matter)."""
        c1, c2 = sorted((self.lookup(a).ccode, self.lookup(b).ccode))
        if c1 == c2:
            raise InputError(f"a dyad needs two different states, got {a!r} twice")
        row = self.dyads[(self.dyads.ccode1 == c1) & (self.dyads.ccode2 == c2)]
        return row.iloc[0]

    def directed_dyads(self) -> pd.DataFrame:
        """Both orders of every pair: the symmetric measures of ``dyads`` and the directed
        ATOP obligations of ``ccode1`` toward ``ccode2`` (0 where none, NA outside coverage).
        """
        sym = [c for c in self.dyads.columns if c not in ATOP_COLUMNS]
        fwd = self.dyads[sym]
        rev = fwd.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
        both = pd.concat([fwd, rev[fwd.columns]], ignore_index=True)
        ties = self.alliance_ties[["ccode1", "ccode2", *ATOP_COLUMNS]]
        out = both.merge(ties, on=["ccode1", "ccode2"], how="left")
        covered = self.dyads.set_index(["ccode1", "ccode2"])["atop_defense"].notna()
        key = list(zip(np.minimum(out.ccode1, out.ccode2), np.maximum(out.ccode1, out.ccode2), strict=True))
        mask = covered.reindex(key).to_numpy()
        for c in ATOP_COLUMNS:
            out[c] = out[c].fillna(0).astype("Int64").where(mask, pd.NA)
        return out.sort_values(["ccode1", "ccode2"]).reset_index(drop=True)

    # ------------------------------------------------------------------ provenance & export
    @property
    def provenance(self) -> Provenance:
        return Provenance(
            models=(),
            data=self.sources,
            parameters={"year": self.year, "region": self.region, "world": self.label},
        )

    def source_years(self) -> dict[str, int | None]:
        """The year each source was taken from (``None``: not covered)."""
        return {s.name: s.year_used for s in self.sources}

    def describe(self) -> dict[str, Any]:
        """A JSON-serialisable summary: year, label, sources and column documentation."""
        return {
            "year": self.year,
            "region": self.region,
            "label": self.label,
            "n_states": len(self.states),
            "sources": [s.to_dict() for s in self.sources],
            "state_columns": {
                k: dict(zip(("description", "unit", "source"), v, strict=True))
                for k, v in STATE_COLUMNS.items()
                if k in self.states
            },
            "dyad_columns": {
                k: dict(zip(("description", "unit", "source"), v, strict=True))
                for k, v in DYAD_COLUMNS.items()
                if k in self.dyads
            },
        }

    def export(self, folder: str | Path, fmt: str = "csv") -> list[Path]:
        """Write ``states``, ``dyads``, ``alliance_ties`` and ``provenance.json`` to ``folder``.

        Parameters
        ----------
        fmt : {"csv", "parquet", "dta"}
            ``dta`` is Stata 118 (Stata 14+); strings are written as text and NA as
            Stata's missing.

        Each file is written atomically: an interrupted export leaves any earlier
        file of the same name intact.
        """
        writers = {"csv": _write_csv, "parquet": _write_parquet, "dta": _write_dta}
        if fmt not in writers:
            raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(writers)}")
        folder = Path(folder)
        out = []
        for name in ("states", "dyads", "alliance_ties"):
            dest = folder / f"{name}.{fmt}"
            with atomic_path(dest) as tmp:
                writers[fmt](getattr(self, name), tmp)
            out.append(dest)
        out.append(write_text(folder / "provenance.json", json.dumps(self.describe(), indent=2) + "\n"))
        return out


def _default_world() -> World:
    from foedus.data.embedded import default_world_provenance, default_world_table, iso3_table

    prov = default_world_provenance()
    system = StateSystem(
        default_world_table("spells"), iso3_table(), None, label="the embedded default world"
    )
    sources = tuple(
        DataVersion(s["name"], s["version"], tuple(s["files"].items()), s["year_used"], tuple(s["citations"]))
        for s in prov["sources"]
    )
    label = f"foedus default world ({prov['region']} and major powers, {prov['year']})"
    return World.from_tables(
        int(prov["year"]), default_world_table("states"), default_world_table("dyads"),
        default_world_table("alliance_ties"), sources, system, region=prov["region"], label=label,
    )  # fmt: skip


EMBEDDED_REGIONS = ("indo-pacific", "east-asia", "southeast-asia", "south-asia", "oceania")
"""The regions whose every state the embedded default world holds (for its year)."""


def check_span(year: Any) -> int:
    """``year`` as an int, refused when it lies outside the COW state system (1816-2024).

    Checked before any dataset is read, so a year out of range says so, not "dataset missing".

    Examples
    --------
    >>> check_span(2030)
    Traceback (most recent call last):
    ...
    foedus.errors.InputError: year 2030 is outside the COW state system v2024 (1816-2024) (choose ...)
    """
    from foedus.data.coverage import COVERAGE

    year = _check_year(year)
    lo, hi = COVERAGE["cow_states"].first, COVERAGE["cow_states"].last
    if not lo <= year <= hi:
        raise InputError(
            f"year {year} is outside the COW state system v2024 ({lo}-{hi})",
            hint=f"choose a year from {lo} to {hi}",
        )
    return year


def _check_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        try:
            year = int(str(year))
        except ValueError:
            raise InputError(f"year must be a whole number, got {year!r}") from None
    return int(year)


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False)


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    df.to_parquet(path, index=False)


def _write_dta(df: pd.DataFrame, path: Path) -> None:
    to_stata(df, path)


__all__ = [
    "DYAD_COLUMNS",
    "EMBEDDED_REGIONS",
    "STATE_COLUMNS",
    "SourceUse",
    "World",
    "check_span",
    "subregion_of",
]
