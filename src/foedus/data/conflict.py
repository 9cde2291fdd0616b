"""Conflict: militarised interstate disputes, inter-state wars and strategic rivalries.

Plain tables, one reader per file, with the source's own column names (lower case) and
its missing-value codes turned into NA (``-9`` unknown, ``-8`` not applicable), never 0:

- GML MID 2.2.1 (Gibler, Miller & Little 2016): :func:`load_gml_disputes` (one row per
  dispute: ``outcome``, ``hostlev``, ...), :func:`load_gml_participants` (one row per
  participant *episode*: ``sidea`` 1 for the side that acted first, ``orig`` 1 for an
  originator, 0 for a joiner) and :func:`load_gml_dyads` (directed dispute-dyad-years
  with each side's ``hostlev``, ``orig``, ``midonset``);
- COW MID 5.0 (Palmer et al. 2022): :func:`load_cow_disputes`, :func:`load_cow_dyads`;
- COW Inter-State War Data 4.0 (Sarkees & Wayman 2010): :func:`load_wars` (one row per
  state participation, with entry and exit dates) and :func:`load_war_dyads`;
- Thompson & Dreyer (2012) strategic rivalries: :func:`load_rivalries`, and
  :func:`rivalry_years` expands them to undirected dyad-years.

Codes (MID codebook): ``hostlev`` 1 no militarised action, 2 threat, 3 display, 4 use of
force, 5 war; ``outcome`` 1/2 victory for side A/B, 3/4 yield by A/B, 5 stalemate, 6
compromise, 7 released, 8 unclear, 9 joins an ongoing war. COW war ``Initiator`` 1 means the
state initiated the war; ``Side`` is COW's 1 or 2, not MID side A.

References: Gibler, Miller & Little (2016); Palmer et al. (2022); Sarkees & Wayman (2010);
Thompson & Dreyer (2012); Miller (2022).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from foedus.data.cache import data_dir, locate

_MISSING = (-9, -8)


def _na(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Missing-value codes to NA in ``columns`` (default: every numeric column but the keys)."""
    out = df.copy()
    keys = {"dispnum", "ccode", "ccode1", "ccode2", "year", "warnum"}
    cols = columns or [c for c in out if c not in keys and pd.api.types.is_numeric_dtype(out[c])]
    for c in cols:
        out[c] = out[c].astype(float).where(~out[c].isin(_MISSING), np.nan)
    return out


@cache
def _read(_root: str, name: str, path: str) -> pd.DataFrame:
    return pd.read_csv(locate(name, path), low_memory=False)


def load_gml_disputes() -> pd.DataFrame:
    """GML MID 2.2.1 disputes: ``dispnum, styear, stmon, outcome, settle, fatality, mindur,
    maxdur, hiact, hostlev, recip`` (codes ``-9`` are NA)."""
    return _na(_read(str(data_dir()), "gml_mid", "conflict/gml_mid_disps.csv"))


def load_gml_participants() -> pd.DataFrame:
    """GML participant episodes: ``dispnum, ccode, styear, stmon, stday, endyear, endmon,
    endday, sidea, orig, hiact`` (unknown days NA).

    A state may have several episodes in one dispute (it drops out and back in, or
    changes sides). peacesciencer's leader ids and imputed days are left out.
    """
    raw = _read(str(data_dir()), "gml_mid", "conflict/gml_part.csv")
    keep = [
        "dispnum",
        "ccode",
        "styear",
        "stmon",
        "stday",
        "endyear",
        "endmon",
        "endday",
        "sidea",
        "orig",
        "hiact",
    ]
    out = _na(raw[keep], ["stday", "endday"])
    return out


def load_gml_dyads() -> pd.DataFrame:
    """GML directed dispute-dyad-years (``gml_dirdisp``): each side's ``sidea, orig, hiact,
    hostlev, fatality`` (suffixes 1/2), the dispute's ``hostlev, outcome, ...`` and
    ``midonset`` (1 in the dyad's first dispute-year)."""
    raw = _read(str(data_dir()), "gml_mid", "conflict/gml_dirdisp.csv")
    return _na(raw.drop(columns=["version"]))


def load_cow_disputes() -> pd.DataFrame:
    """COW MID 5.0 disputes (abridged MIDA): the columns of :func:`load_gml_disputes`."""
    return _na(_read(str(data_dir()), "cow_mid", "conflict/cow_mid_disps.csv"))


def load_cow_dyads() -> pd.DataFrame:
    """COW MID 5.0 directed dispute-dyad-years (MIDB-based, 'naive' dyads)."""
    return _na(_read(str(data_dir()), "cow_mid", "conflict/cow_mid_dirdisps.csv"))


def load_wars() -> pd.DataFrame:
    """COW inter-state war participations: ``warnum, war_name, ccode, side, start, end,
    start2, end2, initiator, outcome, where_fought, batdeath, trans_from, trans_to``.

    ``start``/``end`` are the first spell of combat, ``start2``/``end2`` a second spell
    (NaT when there is none); an unknown day is read as the 1st (start) or the month's
    last day (end). ``initiator`` is True for a state that initiated the war.
    """
    raw = _read(str(data_dir()), "cow_war", "conflict/Inter-StateWarData_v4.0.csv")

    def date(prefix: str, n: int, end: bool) -> pd.Series:
        y, m, d = (raw[f"{prefix}{p}{n}"] for p in ("Year", "Month", "Day"))
        ok = (y > 0) & (m > 0)
        first = pd.to_datetime(dict(year=y.where(ok, 2000), month=m.where(ok, 1), day=1))
        day = d.where(d > 0, first.dt.days_in_month if end else 1)
        return pd.to_datetime(dict(year=y.where(ok, 2000), month=m.where(ok, 1), day=day)).where(ok)

    return pd.DataFrame(
        {
            "warnum": raw.WarNum,
            "war_name": raw.WarName,
            "ccode": raw.ccode,
            "side": raw.Side,
            "start": date("Start", 1, False),
            "end": date("End", 1, True),
            "start2": date("Start", 2, False),
            "end2": date("End", 2, True),
            "initiator": raw.Initiator == 1,
            "outcome": raw.Outcome,
            "where_fought": raw.WhereFought,
            "batdeath": raw.BatDeath.astype(float).where(raw.BatDeath >= 0),
            "trans_from": raw.TransFrom.astype(str).where(raw.TransFrom.astype(str) != "-8"),
            "trans_to": raw.TransTo.astype(float).where(raw.TransTo > 0),
        }
    )


def load_war_dyads() -> pd.DataFrame:
    """COW inter-state war directed dyad-years (who fought whom, and when): ``warnum, ccode1,
    ccode2, year, cowinteronset, sidea1, sidea2`` (COW ``Side``), ``initiator1/2`` (1/0), ..."""
    return _na(_read(str(data_dir()), "cow_war", "conflict/cow_war_inter.csv"))


def load_rivalries() -> pd.DataFrame:
    """Thompson & Dreyer strategic rivalries: ``rivalryno, rivalryname, ccode1 < ccode2,
    styear, endyear`` (2010 for ongoing), ``region, type1, type2, type3``."""
    return _read(str(data_dir()), "td_rivalries", "conflict/td_rivalries.csv").copy()


def rivalry_years() -> pd.DataFrame:
    """Undirected rivalry dyad-years: ``ccode1 < ccode2, year, rival`` (1), 1816-2010.

    Years after 2010 are outside the data's coverage: absent here, so a caller must
    decide (and say) whether a rivalry ongoing in 2010 still is.
    """
    r = load_rivalries()
    rows = [
        (min(a, b), max(a, b), y)
        for a, b, s, e in zip(r.ccode1, r.ccode2, r.styear, r.endyear, strict=True)
        for y in range(max(int(s), 1816), int(e) + 1)
    ]
    out = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).drop_duplicates()
    out["rival"] = 1
    return out.reset_index(drop=True)
