"""The new data readers: plain tables, NA outside coverage (never 0), the facts they must show."""

import numpy as np


def test_wars_have_dates_sides_and_initiators(data):
    from foedus.data.conflict import load_wars

    w = load_wars()
    assert len(w) == 337 and w.warnum.nunique() == 95
    ww1 = w[(w.warnum == 106) & (w.ccode == 255)].iloc[0]
    assert str(ww1.start.date()) == "1914-08-01" and not ww1.initiator
    assert w.start.notna().all() and w.start2.isna().sum() == 318  # -8: no second spell


def test_gml_missing_codes_are_na(data):
    from foedus.data.conflict import load_gml_disputes, load_gml_participants

    d = load_gml_disputes()
    assert len(d) == 2174 and (d.outcome == -9).sum() == 0 and d.outcome.isna().sum() == 13
    p = load_gml_participants()
    assert (p.orig == 1).sum() == 4640 and (p.orig == 0).sum() == 577


def test_rivalry_years_are_undirected_and_end_at_2010(data):
    from foedus.data.conflict import rivalry_years

    r = rivalry_years()
    assert (r.ccode1 < r.ccode2).all() and r.year.max() == 2010 and r.year.min() >= 1816
    assert ((r.ccode1 == 2) & (r.ccode2 == 365) & (r.year == 1962)).any()  # US-USSR


def test_troops_exclude_the_us_and_territories_and_start_in_1950(data):
    from foedus.data.forces import load_us_troops

    t = load_us_troops()
    assert t.year.min() == 1950 and not (t.ccode == 2).any() and t.ccode.max() < 1000
    assert not t.duplicated(["ccode", "year"]).any()
    assert t[(t.ccode == 740) & (t.year == 1960)].us_troops.iloc[0] > 50_000


def test_nuclear_possession_dates(data):
    from foedus.data.nuclear import load_nuclear

    n = load_nuclear()
    first = n[n.nuclear_weapons == 1].groupby("ccode").year.min()
    assert first[2] == 1945 and first[365] == 1949 and first[710] == 1964 and first[731] == 2006
    assert n.year.max() == 2022 and n.year.min() == 1938  # NA outside, not 0


def test_democracy_keeps_na(data):
    from foedus.data.democracy import load_democracy

    d = load_democracy()
    assert d.dem_polity2.isna().sum() > 3000 and np.isfinite(d.dem_euds).mean() > 0.99
