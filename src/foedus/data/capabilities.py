"""Material capabilities: COW National Material Capabilities 7.0 and SIPRI military expenditure.

Columns carry their source's prefix (``nmc_cinc``, ``sipri_milex``). NMC's ``-9`` codes
become NA. SIPRI's shares are fractions (0.017 = 1.7 %); ``sipri_gdp`` is the GDP the
two SIPRI series imply (current US$ m = current milex / share of GDP), for burden sharing.

References: Singer, Bremer & Stuckey (1972); Singer (1987); SIPRI (2025).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from foedus.data.cache import data_dir, locate, state_years

NMC_COLUMNS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")


def load_nmc() -> pd.DataFrame:
    """NMC 7.0 state-years: ``ccode, year, nmc_milex, ..., nmc_cinc`` (NA for -9)."""
    return _load_nmc(str(data_dir())).copy()


@cache
def _load_nmc(_root: str) -> pd.DataFrame:
    raw = pd.read_csv(locate("cow_nmc"))
    out = raw[["ccode", "year", *NMC_COLUMNS]].copy()
    for c in NMC_COLUMNS:
        out[c] = out[c].astype(float).where(out[c] != -9, np.nan)
    return out.rename(columns={c: f"nmc_{c}" for c in NMC_COLUMNS})


def load_sipri() -> pd.DataFrame:
    """SIPRI military expenditure: ``ccode, year, sipri_milex`` (constant 2023 US$ m),
    ``sipri_milex_current`` (current US$ m), ``sipri_milex_share_gdp`` (fraction),
    ``sipri_gdp`` (implied current US$ m) and ``sipri_milex_flag`` (estimate / uncertain).

    Entities without a COW code (the European Union) are dropped.
    """
    return _load_sipri(str(data_dir())).copy()


@cache
def _load_sipri(_root: str) -> pd.DataFrame:
    raw = pd.read_csv(locate("sipri_milex", "sipri_milex/sipri_milex_1949_2024_long.csv"))
    columns = {
        "sipri_milex": "milex_const2023_usd_m",
        "sipri_milex_current": "milex_current_usd_m",
        "sipri_milex_share_gdp": "milex_share_gdp",
        "sipri_milex_flag": "milex_const2023_usd_m_flag",
    }
    out = state_years(raw, columns)
    out["sipri_milex_flag"] = out.sipri_milex_flag.fillna("").astype(str)
    share = out.sipri_milex_share_gdp.where(out.sipri_milex_share_gdp > 0)
    out["sipri_gdp"] = out.sipri_milex_current / share
    # Germany: SIPRI's "Germany" row is 260 to 1990 and 255 after; keep one row per key.
    return out.drop_duplicates(["ccode", "year"], keep="last").reset_index(drop=True)
