"""The command line, run as users run it: a separate process, exit codes, stdout and stderr."""

import json
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from foedus.data.sources import SOURCES


def run(*args, env=None, cwd=None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "foedus", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
        cwd=cwd,
    )


def test_demo_runs_without_data(tmp_path):
    r = run("demo", env={"FOEDUS_DATA_DIR": str(tmp_path)}, cwd=tmp_path)  # an empty folder: no data at all
    assert r.returncode == 0, r.stderr
    assert "China" in r.stdout and "Japan" in r.stdout and "Indo-Pacific" in r.stdout
    assert "cow_nmc 7.0 (2022)" in r.stdout


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("foedus ")


def test_world_json_records_match_the_sources(shared_data_dir):
    r = run("world", "--year", "2022", "--region", "indo-pacific", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    recs = doc["states"]
    assert len(recs) == len({x["ccode"] for x in recs})
    for rec in recs:
        assert {"ccode", "name", "cinc", "milex", "capital_lat", "capital_lon"} <= set(rec)
    by = {x["ccode"]: x for x in recs}
    nmc = pd.read_csv(shared_data_dir / "cow_nmc" / "NMC-70-abridged.csv")
    sipri = pd.read_csv(shared_data_dir / "sipri_milex" / "sipri_milex_1949_2024_long.csv")
    for code in (2, 710, 740, 713):
        assert by[code]["cinc"] == nmc[(nmc.ccode == code) & (nmc.year == 2022)].cinc.iloc[0]
        assert (
            by[code]["milex"]
            == sipri[(sipri.ccode == code) & (sipri.year == 2022)].milex_const2023_usd_m.iloc[0]
        )
    assert by[713]["ideal_point"] is None  # NA is null, not 0 or NaN
    assert {s["name"]: s["year_used"] for s in doc["sources"]}["atop"] == 2018


def test_world_csv_and_table_default():
    r = run("world", "--format", "csv")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].startswith("ccode,abb,name")
    r = run("world", "--region", "oceania")
    assert r.returncode == 0 and "Australia" in r.stdout and "Japan" not in r.stdout


def test_data_list_json_lists_every_dataset():
    r = run("data", "list", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [x["name"] for x in rows] == list(SOURCES)
    for x in rows:
        assert x["version"] and x["citations"] and x["bibtex"].startswith("@")


def test_data_info(shared_data_dir):
    r = run("data", "info", "atop", "--format", "json")
    assert r.returncode == 0
    info = json.loads(r.stdout)
    assert info["version"] == "5.1" and all(f["verified"] == "sha256" for f in info["files"])
    r = run("data", "info", "cow_nmc")
    assert "verified" in r.stdout and "@incollection{singer_bremer_stuckey_1972" in r.stdout


def test_fetch_of_present_data_is_a_no_op(shared_data_dir):
    r = run("--quiet", "data", "fetch", "cow_nmc")
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["world", "--year", "2000", "--region", "mars"], "unknown region 'mars'"),
        (["world", "--year", "1700"], "year 1700 is outside"),
        (["world", "--year", "2000", "--state", "Japn"], "unknown state 'Japn'"),
        (["world", "--state", "Brazil"], "unknown state 'Brazil'"),
        (["data", "info", "nmc"], "unknown dataset 'nmc'"),
        (["data", "fetch"], "give a dataset name or --all"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(shared_data_dir, args, needle):
    r = run(*args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("foedus: error:")
    assert "Traceback" not in r.stderr


def test_missing_data_is_a_clear_error(tmp_path):
    r = run("world", "--year", "2000", env={"FOEDUS_DATA_DIR": str(tmp_path)})
    assert r.returncode == 2
    assert "foedus data fetch --all" in r.stderr and "cow_states" in r.stderr and str(tmp_path) in r.stderr


def test_demo_runs_the_study(tmp_path):
    r = run("demo", "--report", str(tmp_path / "r.html"), env={"FOEDUS_DATA_DIR": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    assert "Who is bound to defend" in r.stdout and "senkaku" in r.stdout
    assert "Predicted alignment" in r.stdout
    assert "Would it be adopted" in r.stdout and "ktab" in r.stdout
    assert "Does it deter" in r.stdout
    # the conditionally bound have their own clause: "AUL (if: THI)" read as AUL's duty hanging on THI
    assert "ROK, PHI, AUL; THI only if" in r.stdout and "(if:" not in r.stdout
    adoption = r.stdout[r.stdout.index("5. Would it be adopted") : r.stdout.index("Heaviest actors")]
    assert "learned (recommended)" in adoption and not re.search(r"\d\.\d", adoption.split("┡")[1])
    html = (tmp_path / "r.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "Senkaku" in html


def test_an_unknown_state_is_offered_only_close_names(tmp_path):
    """ "Narnia" resembles no state: no "did you mean United States of America" (difflib's
    default cutoff matched it to the alias "America"); a typo still gets its state."""
    treaty = tmp_path / "narnia.yaml"
    treaty.write_text("id: pact\nname: Pact\nmembers: [USA, Narnia]\nobligations: []\n", encoding="utf-8")
    r = run("treaty", "show", str(treaty), env={"FOEDUS_DATA_DIR": str(tmp_path)})
    assert r.returncode == 2 and "Narnia" in r.stderr, r.stderr
    assert "did you mean" not in r.stderr and "Traceback" not in r.stderr
    r = run("world", "--state", "Phillipines", env={"FOEDUS_DATA_DIR": str(tmp_path)})
    assert r.returncode == 2 and "did you mean Philippines (PHI, 840)?" in r.stderr
    r = run("world", "--state", "Korea", env={"FOEDUS_DATA_DIR": str(tmp_path)})
    assert "South Korea (ROK, 732)" in r.stderr and "North Korea (PRK, 731)" in r.stderr


# ----------------------------------------------------------------------------- a fresh install
def fresh(*args, tmp_path):
    """A command run as on a fresh install: no data folder at all."""
    return run(*args, env={"FOEDUS_DATA_DIR": str(tmp_path / "no-data")}, cwd=None)


def test_the_embedded_world_answers_what_it_holds_without_data(tmp_path):
    r = fresh("world", "--year", "2022", "--region", "indo-pacific", "--format", "json", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["year"] == 2022 and doc["world"].startswith("foedus default world")
    assert {2, 365, 710, 740, 900} <= {s["ccode"] for s in doc["states"]}
    assert 255 not in {s["ccode"] for s in doc["states"]}  # Germany: a major power, not Indo-Pacific
    r = fresh(
        "world", "--year", "2022", "--region", "oceania", "--majors", "--format", "csv", tmp_path=tmp_path
    )
    assert r.returncode == 0 and ",GMY," in r.stdout and ",AUL," in r.stdout


def test_a_year_outside_the_data_is_reported_before_any_dataset_check(tmp_path):
    for args in (["world", "--year", "2030"], ["similarity", "USA", "JPN", "--year", "2030"]):
        r = fresh(*args, tmp_path=tmp_path)
        assert r.returncode == 2
        assert "year 2030 is outside the COW state system v2024 (1816-2024)" in r.stderr
        assert "missing" not in r.stderr
    r = fresh("world", "--year", "2012", "--region", "oceania", tmp_path=tmp_path)
    assert r.returncode == 2 and "foedus data fetch" in r.stderr  # a year the embedded world lacks


def test_treaty_show_and_burden_answer_from_the_embedded_world(tmp_path):
    r = fresh("treaty", "show", "3375", "--format", "json", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    spec = json.loads(r.stdout)
    assert spec["atopid"] == 3375 and spec["signed"] == 1960 and spec["ended"] is None
    assert [m["state"] for m in spec["members"]] == [2, 740]
    r = fresh("treaty", "show", "3375", "--year", "2022", "--format", "json", tmp_path=tmp_path)
    assert "its 2018 coding stands in for 2022" in json.loads(r.stdout)["notes"]
    r = fresh("treaty", "show", "3180", tmp_path=tmp_path)  # NATO: members outside the embedded world
    assert r.returncode == 2 and "foedus data fetch atop" in r.stderr
    r = fresh("burden", "scenarios/treaties/asian-nato-a.yaml", "--year", "2022", "--target", "0.02",
              "--format", "json", tmp_path=tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stderr
    (result,) = json.loads(r.stdout)
    assert result["n"] == 6 and {g["ccode"] for g in result["gaps"]} == {2, 740, 732, 900, 840, 920}


def test_the_shipped_atop_specs_are_what_the_data_give(shared_data_dir, tmp_path):
    """treaty show 3375 prints the same spec with and without the ATOP files."""
    for extra in ([], ["--year", "2022"]):
        with_data = run("treaty", "show", "3375", *extra, "--format", "json")
        without = fresh("treaty", "show", "3375", *extra, "--format", "json", tmp_path=tmp_path)
        assert with_data.returncode == without.returncode == 0
        assert json.loads(with_data.stdout) == json.loads(without.stdout)


@pytest.mark.parametrize(
    "command",
    [["similarity"], ["treaty", "list"], ["world"], ["burden"], ["treaty", "show"], ["demo"], ["compare"]],
)
def test_help_says_when_the_datasets_are_needed(command):
    r = run(*command, "--help")
    assert r.returncode == 0 and "foedus data fetch" in " ".join(r.stdout.split())
