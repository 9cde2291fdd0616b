"""The analysis commands, run as a user runs them."""

import json

import pytest

from tests.test_cli import run

SCENARIO = "scenarios/asian-nato.yaml"


def test_obligations_json_done_when(shared_data_dir):
    r = run("obligations", SCENARIO, "--event", "senkaku", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    hub = doc["designs"]["hub_and_spoke"]["obligations"]
    us = next(x for x in hub if x["treaty"] == "us-japan-1960" and x["state"] == "USA")
    assert us["status"] == "defend" and "administration" in us["reason"]
    pact = [x for x in doc["designs"]["design_a"]["obligations"] if x["treaty"] == "asian-nato-a"]
    assert {x["state"] for x in pact if x["status"] == "defend"} == {"USA", "ROK", "AUL", "PHI", "NEW"}
    assert all(x["reason"] for x in pact)
    assert doc["scenario_hash"] and doc["provenance"]["citations"]
    t = json.loads(run("obligations", SCENARIO, "--event", "taiwan", "--format", "json").stdout)
    for d in t["designs"].values():
        assert "No treaty binds anyone to defend the target." in d["summary"]


def test_obligations_table_and_bad_event():
    r = run("obligations", SCENARIO, "--event", "senkaku", "--design", "design_a")
    assert r.returncode == 0 and "asian-nato-a" in r.stdout
    r = run("obligations", SCENARIO, "--event", "senkakus")
    assert r.returncode == 2 and "did you mean senkaku" in r.stderr


def test_treaty_show():
    r = run("treaty", "show", "scenarios/treaties/us-japan-1960.yaml")
    assert r.returncode == 0 and "Art. V" in r.stdout and "survival_threatening" in r.stdout
    j = json.loads(run("treaty", "show", "scenarios/treaties/anzus-1951.yaml", "--format", "json").stdout)
    assert j["id"] == "anzus-1951"


def test_landscape_region_year_json(shared_data_dir):
    r = run("landscape", "--region", "indo-pacific", "--year", "2022", "--top", "14", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    best = doc["minima"][0]
    assert best["basin_share"] > 0 and len(best["sides"]) == 2
    assert any("USA" in side and "JPN" in side for side in best["sides"])
    assert set(doc["switch_costs"]) == set(doc["actors"])


def test_landscape_from_files(tmp_path):
    (tmp_path / "s.csv").write_text("actor,size\nA,2\nB,1\nC,1\n")
    (tmp_path / "p.csv").write_text(",A,B,C\nA,0,1,-1\nB,1,0,-1\nC,-1,-1,0\n")
    r = run(
        "landscape",
        "--sizes",
        str(tmp_path / "s.csv"),
        "--propensities",
        str(tmp_path / "p.csv"),
        "--format",
        "json",
    )
    assert r.returncode == 0, r.stderr
    assert sorted(map(sorted, json.loads(r.stdout)["minima"][0]["sides"])) == [["A", "B"], ["C"]]
    (tmp_path / "p.csv").write_text(",A,B,C\nA,0,1,-1\nB,2,0,-1\nC,-1,-1,0\n")
    r = run("landscape", "--sizes", str(tmp_path / "s.csv"), "--propensities", str(tmp_path / "p.csv"))
    assert r.returncode == 2 and "symmetric" in r.stderr


def test_landscape_too_large_needs_heuristic():
    r = run("landscape", "--top", "0")
    assert r.returncode == 2 and "heuristic" in r.stderr


def test_power_reproduces_the_eec_council():
    r = run("power", "--quota", "12", *[f"-w{w}" for w in (4, 4, 4, 2, 2, 1)], "--format", "json")
    assert r.returncode == 0, r.stderr
    players = json.loads(r.stdout)[0]["players"]
    assert [round(p["shapley_shubik"], 6) for p in players] == [0.233333, 0.233333, 0.233333, 0.15, 0.15, 0.0]
    r = run("power", SCENARIO, "--design", "design_a", "--format", "json")
    pact = next(g for g in json.loads(r.stdout) if "design a" in g["game"])
    assert all(p["shapley_shubik"] == pytest.approx(1 / 6) for p in pact["players"])  # consensus: unanimity
    assert run("power", "--quota", "99", "-w", "1", "-w", "2").returncode == 2


def test_burden_nato_1964(shared_data_dir):
    r = run("burden", "3180", "--year", "1964", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)[0]
    assert round(doc["rho"], 3) == 0.609 and doc["p_value"] < 0.05
    r = run("burden", "scenarios/treaties/asian-nato-a.yaml", "--year", "2022")
    assert r.returncode == 0 and "target 2.0% of GDP" in r.stdout


def test_similarity(shared_data_dir):
    r = run("similarity", "USA", "JPN", "--year", "2018", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert -1 <= doc["s"] <= 1 and -1 <= doc["tau_b"] <= 1


def test_forecast_ec10(shared_data_dir, cases_dir):
    r = run(
        "forecast", str(cases_dir / "bdm_scholz2011_ec10_inputs.csv"), "--model", "bdm", "--format", "json"
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["forecasts"][0]["outcome"] == pytest.approx(7.242130958473938, rel=1e-9)
    assert doc["recommended"]["model"] and 0 < doc["recommended"]["mae_all"] < 1
    r = run("forecast", str(cases_dir / "bdm_scholz2011_ec10_inputs.csv"), "--model", "nope")
    assert r.returncode == 2


def test_bad_treaty_file_is_one_line(tmp_path):
    bad = tmp_path / "pact.yaml"
    bad.write_text(
        "id: t\nname: T\nmembers: [USA, JPN]\nobligations:\n  - kind: defence\n    conditons: {}\n"
    )
    r = run("treaty", "show", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0
    assert "pact.yaml:6" in r.stderr and "did you mean 'conditions'" in r.stderr


def test_usage_errors_exit_2():
    r = run("world", "--bogus")
    assert r.returncode == 2 and "No such option" in r.stderr and "Traceback" not in r.stderr


def test_simulate_json_is_reproducible_and_complete():
    args = ("simulate", SCENARIO, "--event", "senkaku", "--format", "json", "--seed", "1", "--draws", "4000")
    a, b = run(*args), run(*args)
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    doc = json.loads(a.stdout)
    assert 0 <= doc["p_prevail"] <= 1 and len(doc["p_prevail_ci"]) == 2
    assert 0 <= doc["p_deterred"] <= 1 and len(doc["p_deterred_ci"]) == 2
    us = next(m for m in doc["members"] if m["state"] == "USA")
    assert 0 < us["p_force"] < 1 and us["ci_low"] <= us["p_force"] <= us["ci_high"]
    assert doc["provenance"]["seed"] == 1


def test_compare_and_bad_parameters():
    r = run("compare", SCENARIO, "--event", "senkaku", "--draws", "2000", "--capability", "milex")
    assert r.returncode == 0, r.stderr
    assert all(d in r.stdout for d in ("hub_and_spoke", "design_a", "design_b", "design_c"))
    bad = run("simulate", SCENARIO, "--event", "senkaku", "-p", "crisis.reliability.base=1.5")
    assert bad.returncode == 2 and "outside the allowed range" in bad.stderr
    bad = run("simulate", SCENARIO, "--event", "senkaku", "-p", "crisis.reliability.bse=0.5")
    assert bad.returncode == 2 and "did you mean crisis.reliability.base" in bad.stderr


def test_treaty_list_and_atop_show(shared_data_dir):
    r = run("treaty", "list", "--state", "JPN", "--year", "2018", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert {3375, 3755} <= {t["atopid"] for t in json.loads(r.stdout)}
    r = run("treaty", "show", "3375", "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["atopid"] == 3375
    assert run("treaty", "show", "999999").returncode == 2


# ----------------------------------------------------------------------------- plain words
def test_tables_say_statuses_in_words_and_data_keep_the_codes():
    """China under the 1961 treaty with North Korea, when North Korea attacks: bound to North
    Korea if the war reaches its territory, not "defend_aggressor" (an obligation to aggress)."""
    args = ("simulate", SCENARIO, "--event", "korea", "--draws", "300")
    r = run(*args)
    assert r.returncode == 0, r.stderr
    china = next(line for line in r.stdout.splitlines() if line.startswith("│ CHN"))
    assert "bound to North Korea if the war reaches its territory" in china and "attacker's ally" in china
    assert "defend_aggressor" not in r.stdout and "aggressor_ally" not in r.stdout
    r = run(*args, "--format", "csv")
    row = next(line for line in r.stdout.splitlines() if ",CHN," in line)
    assert ",defend_aggressor,bound to North Korea if the war reaches its territory," in row
    r = run("compare", SCENARIO, "--event", "korea", "--draws", "300")
    assert "(not bound -> bound to defend South Korea under asian-nato-a)" in r.stdout
    r = run("obligations", SCENARIO, "--event", "guam", "--design", "hub_and_spoke")
    assert "open conditions hold" in r.stdout and "defend_if" not in r.stdout  # Thailand, at Guam
    r = run("obligations", SCENARIO, "--event", "guam", "--design", "hub_and_spoke", "--format", "csv")
    assert ",THI,defend_if," in r.stdout and "bound to defend United States of America if open" in r.stdout
    r = run("obligations", SCENARIO, "--event", "okinawa")  # every design names the target alike
    assert r.stdout.count("bound to defend Japan") > 4 and "bound to defend JPN" not in r.stdout
    r = run("treaty", "show", "scenarios/treaties/us-japan-1960.yaml")
    assert "on territory JPN administers" in r.stdout and "(740,)" not in r.stdout


# ----------------------------------------------------------------------------- precision
def test_no_forecast_is_printed_beyond_what_its_error_supports():
    """The recommended model's expected error is about 20 points on the 0-100 adoption scale, so
    forecasts print as whole numbers (not 25.6385), in every model's column."""
    import re

    r = run(
        "forecast", "scenarios/asian-nato-adoption.yaml", "--model", "all", "--draws", "20", "--seed", "1"
    )
    assert r.returncode == 0, r.stderr
    rows = [line for line in r.stdout.splitlines() if line.startswith("│")]
    assert rows and not any(re.search(r"\d\.\d", line) for line in rows), rows
    assert "about 20 points here" in " ".join(r.stdout.split())
