"""The study pipeline: one run of every analysis, the same numbers before and after any refactoring."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from foedus.errors import InputError
from foedus.study import PARTS, StudyResult, run_study

GOLDEN = Path(__file__).with_name("golden") / "demo-study.json"
sys.path.insert(0, str(GOLDEN.parent))
from make_demo_golden import KEEP, reduce  # noqa: E402


def _same(a, b, path: str) -> None:
    if isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12) or (math.isnan(a) and math.isnan(b)), path
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), f"{path}: {len(a)} rows, expected {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def test_demo_json_gives_the_recorded_numbers(tmp_path):
    """`foedus demo --format json`, run as a user runs it, against the numbers recorded before
    the package was reorganised around run_study (tests/golden/make_demo_golden.py)."""
    run = subprocess.run(
        [sys.executable, "-m", "foedus", "demo", "--format", "json", "--report", str(tmp_path / "r.html")],
        capture_output=True, text=True, check=True, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    study = json.loads(run.stdout)
    assert (tmp_path / "r.html").is_file()
    _same(reduce(study), json.loads(GOLDEN.read_text(encoding="utf-8")), "demo")
    assert study["provenance"]["seed"] == 1
    assert study["provenance"]["scenario_hash"] == study["scenario"]["hash"]


def test_the_assumed_baseline_gives_the_first_versions_numbers(scenario):
    """The assumed models (the named baseline) still give, digit for digit, the crisis numbers
    recorded before the estimated models became the default (tests/golden/assumed-crisis.json)."""
    study = run_study(scenario, seed=1, parts=["crisis"], capabilities=["cinc", "milex"])
    got = reduce({"parts": {p: study.to_dict()["parts"].get(p, []) for p in KEEP}})
    want = json.loads(GOLDEN.with_name("assumed-crisis.json").read_text(encoding="utf-8"))
    for part in ("crisis", "responses"):
        rows = [{k: r[k] for k in want[part][0]} for r in got[part]]
        _same(rows, want[part], f"assumed.{part}")


@pytest.fixture(scope="module")
def small(scenario):
    return run_study(scenario, events=["senkaku"], draws=500, forecast_draws=10, seed=3)


def test_every_part_is_a_table(small):
    assert small.parts == PARTS
    crisis = small.to_frame("crisis")
    assert set(crisis.measure) == {"estimated"}  # the models learned from history, by default
    assert list(crisis.design) == list(small.settings["designs"])
    assert (crisis.p_deterred_band_low <= crisis.p_deterred).all()
    with pytest.raises(InputError, match="unknown study part"):
        small.to_frame("crisys")


def test_one_seed_one_answer(scenario, small):
    again = run_study(scenario, events=["senkaku"], draws=500, forecast_draws=10, seed=3)
    for p in small.parts:
        pd.testing.assert_frame_equal(small.to_frame(p), again.to_frame(p))


def test_parts_and_designs_can_be_chosen(scenario):
    r = run_study(scenario, events=["korea"], designs=["hub_and_spoke", "design_b"], parts=["crisis"],
                  draws=300, capabilities=["milex"])  # fmt: skip
    assert r.parts == ("crisis", "responses")
    assert list(r.to_frame("crisis").design) == ["hub_and_spoke", "design_b"]
    assert set(r.to_frame("crisis").measure) == {"milex"}  # the assumed baseline, by military spending
    with pytest.raises(InputError, match="unknown crisis measure"):
        run_study(scenario, events=["korea"], parts=["crisis"], draws=64, capabilities=["gdp"])
    with pytest.raises(InputError, match="unknown study part"):
        run_study(scenario, parts=["obligations", "astrology"])
    with pytest.raises(InputError, match="no design"):
        run_study(scenario, designs=["design_z"], parts=["power"])


def test_save_and_load_round_trip(small, tmp_path):
    folder = small.save(tmp_path / "study")
    back = StudyResult.load(folder)
    assert back.parts == small.parts and back.details is None
    pd.testing.assert_frame_equal(back.to_frame("crisis"), small.to_frame("crisis"), check_dtype=False)
    assert back.to_frame("bound").bound.tolist() == small.to_frame("bound").bound.tolist()
    assert back.provenance.scenario_hash == small.provenance.scenario_hash
    # saving again replaces the set as a whole, leaving nothing beside it
    small.save(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study"]


def test_load_refuses_what_is_not_a_study(tmp_path):
    with pytest.raises(InputError, match=r"no study\.json"):
        StudyResult.load(tmp_path)
    (tmp_path / "study.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable study"):
        StudyResult.load(tmp_path)
