"""World tables: keys, symmetry, coverage, agreement with the source files, export."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foedus import world as world_module
from foedus.data.geography import REGIONS, haversine_km
from foedus.data.snapshot import DEFAULT_YEAR, write_snapshot
from foedus.errors import InputError, UnknownStateError
from foedus.world import ATOP_COLUMNS, World


def check_invariants(w: World) -> None:
    s, d = w.states, w.dyads
    assert s.ccode.is_unique
    n = len(s)
    assert len(d) == n * (n - 1) // 2
    assert (d.ccode1 < d.ccode2).all()
    assert not d[["ccode1", "ccode2"]].duplicated().any()
    assert set(d.ccode1) | set(d.ccode2) <= set(s.ccode)
    assert (d.capdist_km.dropna() >= 0).all()
    # directed view: symmetric measures equal both ways, ATOP either-direction = max of the two
    dd = w.directed_dyads()
    assert len(dd) == 2 * len(d)
    rev = dd.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    both = dd.merge(rev, on=["ccode1", "ccode2"], suffixes=("", "_r"))
    for c in ("capdist_km", "mindist_km", "contiguity", "ideal_distance"):
        a, b = both[c], both[f"{c}_r"]
        assert ((a == b) | (a.isna() & b.isna())).all(), c
    und = d.set_index(["ccode1", "ccode2"])
    fwd = both[both.ccode1 < both.ccode2].set_index(["ccode1", "ccode2"])
    for c in ATOP_COLUMNS:
        mx = np.maximum(fwd[c].astype("float"), fwd[f"{c}_r"].astype("float"))
        assert np.allclose(mx.to_numpy(), und.loc[fwd.index, c].astype("float").to_numpy(), equal_nan=True), c


def test_default_world_needs_no_data(monkeypatch, tmp_path):
    monkeypatch.setenv("FOEDUS_DATA_DIR", str(tmp_path))  # empty: nothing to read
    w = World.default()
    assert w.year == DEFAULT_YEAR == 2022
    assert {2, 365, 710, 713, 731, 732, 740, 900, 840, 200, 220, 255} <= set(w.states.ccode)
    assert (
        w.states.loc[w.states.ccode == 710, "cinc"].iloc[0]
        > w.states.loc[w.states.ccode == 740, "cinc"].iloc[0]
    )
    assert w.lookup("Japan").ccode == 740
    check_invariants(w)


def test_default_world_rejects_states_it_lacks():
    w = World.default()
    with pytest.raises(UnknownStateError, match="unknown state 'Brazil'"):
        w.lookup("Brazil")  # the default world's state list holds only its own states


def test_default_world_is_the_snapshot_of_the_data(shared_data_dir, tmp_path):
    """The shipped tables are exactly what `foedus data snapshot` derives from the data."""
    write_snapshot(tmp_path)
    from importlib.resources import files

    shipped = files("foedus.data.embedded")
    for name in (
        "iso3.csv",
        "default_world/states.csv",
        "default_world/dyads.csv",
        "default_world/alliance_ties.csv",
        "default_world/spells.csv",
        "default_world/provenance.json",
    ):
        assert (tmp_path / name).read_text() == shipped.joinpath(name).read_text(), name
    from foedus.atop_treaty import write_embedded_specs

    specs = write_embedded_specs(tmp_path)
    assert specs.read_text() == shipped.joinpath("default_world/atop_treaties.json").read_text()


@pytest.mark.parametrize("region", ["indo-pacific", "east-asia", "southeast-asia", "south-asia", "oceania"])
def test_the_embedded_world_covers_what_it_claims(shared_data_dir, region):
    """World.for_year serves these regions' 2022 worlds from the embedded tables: the same
    states and numbers as the datasets give."""
    from foedus.world import EMBEDDED_REGIONS

    assert region in EMBEDDED_REGIONS
    for majors in (False, True):
        served = World.for_year(2022, region=region, include_majors=majors)
        built = World.from_data(2022, region=region, include_majors=majors)
        assert served.label.startswith("foedus default world")
        a = served.states.set_index("ccode").sort_index()
        b = built.states.set_index("ccode").sort_index()
        assert list(a.index) == list(b.index)
        for c in ("cinc", "milex", "sipri_milex_share_gdp", "ideal_point"):
            pd.testing.assert_series_equal(a[c], b[c], check_dtype=False, rtol=1e-12)


def test_world_matches_source_files(shared_data_dir):
    w = World.from_data(2022, region="indo-pacific")
    nmc = pd.read_csv(shared_data_dir / "cow_nmc" / "NMC-70-abridged.csv")
    sipri = pd.read_csv(shared_data_dir / "sipri_milex" / "sipri_milex_1949_2024_long.csv")
    caps = pd.read_csv(shared_data_dir / "capitals" / "cow_capitals.csv")
    for code in (2, 710, 740, 732, 840, 900):
        row = w.state(code)
        assert row.cinc == nmc[(nmc.ccode == code) & (nmc.year == 2022)].cinc.iloc[0]
        assert row.milex == sipri[(sipri.ccode == code) & (sipri.year == 2022)].milex_const2023_usd_m.iloc[0]
        cap = caps[caps.ccode == code].sort_values("stdate").iloc[-1]
        assert (row.capital_lat, row.capital_lon) == (cap.lat, cap.lng)
    assert set(w.states.ccode) >= {2, 365, 710, 713, 740}
    assert 200 not in set(w.states.ccode)  # the UK is not Indo-Pacific


def test_coverage_years_and_missing_values(shared_data_dir):
    w = World.from_data(2024, states=["USA", "JPN", "CHN", "TAW"])
    years = w.source_years()
    assert years["cow_nmc"] == 2022 and years["atop"] == 2018 and years["mindist"] == 2019
    assert years["contiguity"] == 2016 and years["sipri_milex"] == 2024
    assert np.isnan(w.state("Taiwan").ideal_point)  # not a UN member: NA, not 0
    old = World.from_data(1930, region="europe")
    assert old.source_years()["sipri_milex"] is None
    assert old.states.milex.isna().all() and old.states.ideal_point.isna().all()
    assert old.states.cinc.notna().any()


def test_alliance_ties_are_directed(shared_data_dir):
    w = World.from_data(2018, states=["USA", "JPN", "ROK", "CHN", "PRK"])
    t = w.alliance_ties.set_index(["ccode1", "ccode2"])
    assert t.loc[(2, 740), "atop_defense"] == 1
    assert (740, 2) not in t.index or t.loc[(740, 2), "atop_defense"] == 0
    assert t.loc[(710, 731), "atop_defense"] == 1  # PRC–DPRK treaty
    assert w.dyad("JPN", "USA").atop_defense == 1
    assert w.dyad("CHN", "USA").atop_defense == 0


def test_dyads_before_a_source_begins_are_missing(shared_data_dir):
    w = World.from_data(1880, states=["USA", "MEX", "UKG"])
    assert w.source_years()["mindist"] is None
    assert w.dyads.mindist_km.isna().all()  # CShapes starts in 1886: NA, not 0
    assert w.dyad("USA", "MEX").contiguity == 1
    assert w.dyad("USA", "UKG").contiguity == 0  # covered and not contiguous: a real 0
    w2 = World.from_data(2022, states=["USA", "CAN"])
    assert w2.dyad("USA", "CAN").contiguity == 1 and w2.source_years()["contiguity"] == 2016


def test_capital_distance_is_great_circle(shared_data_dir):
    w = World.default()
    d = w.dyad("USA", "JPN").capdist_km
    assert 10_800 < d < 11_000  # Washington–Tokyo is about 10,900 km
    assert haversine_km(0, 0, 0, 180) == pytest.approx(np.pi * 6371.0088)


@pytest.mark.parametrize("year", [1700, 2100])
def test_impossible_years(shared_data_dir, year):
    with pytest.raises(InputError, match="outside the COW state system"):
        World.from_data(year)


def test_unknown_region_and_state(shared_data_dir):
    with pytest.raises(InputError, match="unknown region 'mars'"):
        World.from_data(2000, region="mars")
    with pytest.raises(UnknownStateError, match="Japan"):
        World.from_data(2000, states=["Japn"])


@pytest.mark.parametrize("fmt", ["csv", "parquet", "dta"])
def test_export_round_trip(tmp_path, fmt):
    w = World.default()
    paths = w.export(tmp_path, fmt)
    assert {p.name for p in paths} == {
        f"states.{fmt}",
        f"dyads.{fmt}",
        f"alliance_ties.{fmt}",
        "provenance.json",
    }
    read = {"csv": pd.read_csv, "parquet": pd.read_parquet, "dta": pd.read_stata}[fmt]
    back = read(tmp_path / f"states.{fmt}")
    assert list(back.ccode) == list(w.states.ccode)
    assert np.allclose(back.cinc, w.states.cinc)
    prov = json.loads((tmp_path / "provenance.json").read_text())
    assert prov["year"] == 2022 and prov["sources"]


def test_interrupted_export_keeps_the_old_file(tmp_path, monkeypatch):
    w = World.default()
    w.export(tmp_path, "csv")
    before = (tmp_path / "dyads.csv").read_text()

    def broken(df, path):
        path.write_text("half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(world_module, "_write_csv", broken)
    with pytest.raises(KeyboardInterrupt):
        w.export(tmp_path, "csv")
    assert (tmp_path / "dyads.csv").read_text() == before
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(InputError, match="unknown export format"):
        w.export(tmp_path, "xlsx")


@settings(max_examples=12, deadline=None)
@given(year=st.integers(1886, 2024), region=st.sampled_from(sorted(REGIONS)))
def test_worlds_are_keyed_and_symmetric(shared_data_dir, year, region):
    try:
        w = World.from_data(year, region=region)
    except InputError as exc:
        assert "no state of region" in str(exc)
        return
    check_invariants(w)
