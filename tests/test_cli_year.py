"""``--year`` on the study commands: the study reruns in that year's world, and treaties not in
force that year (by their dates) are left out of the status quo with a note."""

import json
from pathlib import Path

import pytest
import yaml

from tests.test_cli import run

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "scenarios/asian-nato.yaml"
NO_DATA = {"FOEDUS_DATA_DIR": "/nonexistent-foedus-data"}


def test_every_shipped_treaty_states_its_dates():
    """signed, in_force and ended are written out in each file (null where there is none)."""
    for path in sorted((ROOT / "scenarios" / "treaties").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert {"signed", "in_force", "ended"} <= set(data), path.name
        if not path.name.startswith("asian-nato-"):  # the proposals have no dates
            assert data["in_force"] is not None, path.name


def test_obligations_in_2012_leave_out_the_quad_and_aukus(shared_data_dir):
    r = run("obligations", SCENARIO, "--event", "senkaku", "--year", "2012", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["year"] == 2012
    treaties = {x["treaty"] for d in doc["designs"].values() for x in d["obligations"]}
    assert "quad" not in treaties and "aukus" not in treaties and "us-japan-1960" in treaties
    assert any("Quadrilateral" in n and "not in force in 2012" in n for n in doc["notes"])
    assert any("AUKUS" in n and "not in force in 2012" in n for n in doc["notes"])
    assert "foedus: note: " in r.stderr and "AUKUS" in r.stderr  # said to people too, on stderr
    r = run("obligations", SCENARIO, "--event", "korea", "--year", "1960", "--format", "json")
    doc = json.loads(r.stdout)
    assert any("PRC–DPRK" in n and "not in force in 1960" in n for n in doc["notes"])
    assert any("SIN" in n and "design b" in n for n in doc["notes"])  # Singapore: a state from 1965


def test_compare_and_simulate_take_a_year(shared_data_dir):
    base = ["--event", "senkaku", "--draws", "300", "--year", "2012", "--format", "json"]
    r = run("compare", SCENARIO, *base)
    assert r.returncode == 0, r.stderr
    pact = json.loads(r.stdout)["senkaku"]["results"]["design_a"]
    assert "AUL" in {m["state"] for m in pact["members"]}
    r = run("simulate", SCENARIO, "--design", "hub_and_spoke", *base)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["design"] == "hub_and_spoke"


def test_report_in_2012_says_what_it_left_out(shared_data_dir, tmp_path):
    out = tmp_path / "r.html"
    r = run("report", SCENARIO, "--out", str(out), "--event", "senkaku", "--year", "2012")
    assert r.returncode == 0, r.stderr
    assert "AUKUS partnership (no defence obligation) is not in force in 2012" in out.read_text()


def test_the_embedded_year_needs_no_data_and_changes_nothing():
    plain = run("obligations", SCENARIO, "--event", "senkaku", "--format", "json", env=NO_DATA)
    same = run(
        "obligations", SCENARIO, "--event", "senkaku", "--year", "2022", "--format", "json", env=NO_DATA
    )
    assert plain.returncode == same.returncode == 0, same.stderr
    assert json.loads(plain.stdout) == json.loads(same.stdout) and same.stderr == ""


@pytest.mark.parametrize("command", ["demo", "compare", "simulate", "obligations", "report"])
def test_year_is_checked_first_and_other_years_need_the_data(command, tmp_path):
    args = {
        "demo": ["demo", "--report", str(tmp_path / "r.html")],
        "compare": ["compare", SCENARIO],
        "simulate": ["simulate", SCENARIO, "--event", "senkaku"],
        "obligations": ["obligations", SCENARIO, "--event", "senkaku"],
        "report": ["report", SCENARIO, "--out", str(tmp_path / "r.html")],
    }[command]
    r = run(*args, "--year", "2030", env=NO_DATA)
    assert r.returncode == 2 and "year 2030 is outside the COW state system v2024 (1816-2024)" in r.stderr
    r = run(*args, "--year", "2012", env=NO_DATA)
    assert r.returncode == 2 and "foedus data fetch" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "r.html").exists()
