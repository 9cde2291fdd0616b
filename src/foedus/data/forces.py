"""Forward presence: United States troops stationed abroad, by host state and year.

``us_troops`` is the number of US active-duty military personnel in the host state
(``troops_ad`` of the troopdata rebuild of DMDC reports, the maximum over a year's
quarterly reports, afloat forces assigned to the country included), 1950-2024. Outside
that coverage the value is NA, never 0. The United States itself and the troopdata
territory codes (1000 and above: Guam, Greenland, ...) are not host *states* and are
dropped; rows duplicated under country-name variants ("Czechia", "Czech Republic") are
merged by taking the larger count.

References: Allen, Flynn & Martinez Machain (2022); Kane (2005).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from foedus.data.cache import data_dir, locate

US_TROOPS_YEARS = (1950, 2024)


def load_us_troops() -> pd.DataFrame:
    """US troops by host state-year: ``ccode, year, us_troops`` (persons), 1950-2024."""
    return _load(str(data_dir())).copy()


@cache
def _load(_root: str) -> pd.DataFrame:
    raw = pd.read_csv(locate("us_troops"), usecols=["ccode", "year", "troops_ad"])
    raw = raw[(raw.ccode != 2) & (raw.ccode < 1000)]
    out = raw.groupby(["ccode", "year"], as_index=False).troops_ad.max()
    return out.rename(columns={"troops_ad": "us_troops"}).astype({"us_troops": float})
