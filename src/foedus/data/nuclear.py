"""Nuclear weapons status by state-year, 1938-2022.

From Our World in Data's country-year panel, itself built from Bleek (2017) and NTI
(2022): ``nuclear_status`` 0 not considering, 1 considering, 2 pursuing, 3 possessing, and
``nuclear_weapons`` (1 when possessing). Possession begins: United States 1945, USSR/Russia
1949, United Kingdom 1952, France 1960, China 1964, Israel 1967, India and Pakistan 1987,
South Africa 1979-1991, North Korea 2006 (Bleek's dates; Jo & Gartzke 2007 date Israel
1966 and India 1988). Outside 1938-2022 the values are NA, never 0.

The panel is keyed by country name; names are matched to COW codes through the state
list, with the few names COW spells differently written out below. "Germany" is the
German Federal Republic (260) from 1946 to 1990, as Bleek codes West Germany's 1957-58
exploration; Abkhazia, South Ossetia and Tibet have no COW code and are dropped.

References: Bleek (2017); Herre et al. (2022, Our World in Data); Jo & Gartzke (2007).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from foedus.data.cache import data_dir, locate
from foedus.errors import UnknownStateError

NUCLEAR_YEARS = (1938, 2022)

# OWID names the COW state list spells otherwise (None: no COW state).
_NAMES: dict[str, int | None] = {
    "North Macedonia": 343,
    "Saint Kitts and Nevis": 60,
    "Saint Lucia": 56,
    "Saint Vincent and the Grenadines": 57,
    "South Yemen": 680,
    "Timor": 860,
    "Abkhazia": None,
    "South Ossetia": None,
    "Tibet": None,
}


def load_nuclear() -> pd.DataFrame:
    """Nuclear status by state-year: ``ccode, year, nuclear_status`` (0-3), ``nuclear_weapons`` (0/1)."""
    return _load(str(data_dir())).copy()


@cache
def _load(_root: str) -> pd.DataFrame:
    from foedus.data.states import StateSystem

    raw = pd.read_csv(locate("nuclear"))
    system = StateSystem.from_data()
    codes: dict[str, int | None] = {}
    for name in raw.country_name.unique():
        try:
            codes[name] = _NAMES[name] if name in _NAMES else system.lookup(name).ccode
        except UnknownStateError:
            codes[name] = None
    ccode = raw.country_name.map(codes)
    ccode = ccode.where(~((raw.country_name == "Germany") & raw.year.between(1946, 1990)), 260)
    out = pd.DataFrame(
        {
            "ccode": ccode,
            "year": raw.year,
            "nuclear_status": raw.nuclear_weapons_status.astype(float),
            "nuclear_weapons": raw.nuclear_weapons_possession.astype(float),
        }
    ).dropna(subset=["ccode"])
    out["ccode"] = out.ccode.astype(int)
    out = out.sort_values(["ccode", "year", "nuclear_status"])
    return out.drop_duplicates(["ccode", "year"], keep="last").reset_index(drop=True)
