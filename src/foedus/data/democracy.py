"""Regime: democracy scores for COW state-years, 1816-2025.

``dem_euds`` is the extended Unified Democracy Score (a latent estimate, mean about 0 and
standard deviation about 1; Pemstein, Meserve & Melton 2010, extended by Marquez 2016),
which covers nearly every COW state-year; ``dem_polity2`` is Polity5 (-10 to 10, to 2018);
``dem_polyarchy`` is V-Dem's electoral democracy index (0 to 1). Empty cells stay NA.

References: Pemstein, Meserve & Melton (2010); Marquez (2016); Marshall (2020);
Coppedge et al. (2025); Miller (2022).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from foedus.data.cache import data_dir, locate


def load_democracy() -> pd.DataFrame:
    """Democracy by state-year: ``ccode, year, dem_euds, dem_aeuds, dem_polity2, dem_polyarchy``."""
    return _load(str(data_dir())).copy()


@cache
def _load(_root: str) -> pd.DataFrame:
    raw = pd.read_csv(locate("democracy"))
    names = {
        "euds": "dem_euds",
        "aeuds": "dem_aeuds",
        "polity2": "dem_polity2",
        "v2x_polyarchy": "dem_polyarchy",
    }
    out = raw[["ccode", "year", *names]].rename(columns=names)
    return out.astype({c: float for c in names.values()})
