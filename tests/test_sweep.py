"""Sweeps: identical across executors, durable across interruptions, honest about failures."""

import math
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from foedus.errors import InputError
from foedus.sweep import (
    ParamSpec,
    SweepResult,
    declared_ranges,
    design_points,
    load_sweep,
    parse_param,
    regression_sensitivity,
    sobol_indices,
    sweep,
)

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "asian-nato.yaml"
PI = [ParamSpec(f"x{i}", low=-math.pi, high=math.pi) for i in (1, 2, 3)]


def test_parse_param():
    assert parse_param("a.b=0.4:0.8:3").values == pytest.approx((0.4, 0.6, 0.8))
    assert parse_param("a=1,2,5").values == (1.0, 2.0, 5.0)
    s = parse_param("a=0.1:0.9")
    assert (s.low, s.high, s.values) == (0.1, 0.9, None)
    for bad in ("a", "a=0.9:0.1", "a=x:y", "a=1:2:1"):
        with pytest.raises(InputError):
            parse_param(bad)


def test_designs():
    g = design_points([parse_param("a=1,2"), parse_param("b=0:1:3")])
    assert len(g) == 6 and list(g.columns) == ["a", "b"]
    lhs = design_points([ParamSpec("a", low=0, high=1)], "lhs", samples=50, seed=1)
    strata = np.floor(lhs.a.to_numpy() * 50).astype(int)
    assert sorted(strata) == list(range(50))  # one point per stratum
    assert len(design_points(PI, "sobol", samples=8, seed=1)) == 8 * (2 * 3 + 2)
    with pytest.raises(InputError, match="needs values"):
        design_points([ParamSpec("a", low=0, high=1)], "grid")
    with pytest.raises(InputError, match="samples"):
        design_points(PI, "lhs")


def test_sobol_indices_of_ishigami():
    """Analytic values (a = 7, b = 0.1): S1 = .314, .442, 0; ST = .558, .442, .244."""
    pts = design_points(PI, "sobol", samples=1024, seed=3)
    r = sweep(None, "ishigami", pts, seed=7, method="sobol", samples=1024, specs=PI)
    si = sobol_indices(r, "y").set_index("parameter")
    assert si.S1.to_numpy() == pytest.approx([0.314, 0.442, 0.0], abs=0.07)
    assert si.ST.to_numpy() == pytest.approx([0.558, 0.442, 0.244], abs=0.07)
    src = regression_sensitivity(r, "y")
    assert set(src.parameter) == {"x1", "x2", "x3"}


def test_identical_serial_pool_and_dask():
    pts = design_points(PI, "lhs", samples=120, seed=2)
    serial = sweep(None, "ishigami", pts, seed=11, noise=1.0, chunk_size=7)
    with ProcessPoolExecutor(2) as ex:
        pooled = sweep(None, "ishigami", pts, seed=11, noise=1.0, executor=ex, chunk_size=13)
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        dask = sweep(None, "ishigami", pts, seed=11, noise=1.0, executor=client.get_executor(), chunk_size=5)
    for other in (pooled, dask):
        pd.testing.assert_frame_equal(serial.table, other.table)


def test_failing_task_is_recorded_not_fatal(tmp_path):
    pts = pd.DataFrame({"x1": [0.5, 1.0, 1.5], "x2": [0.0] * 3, "x3": [0.0] * 3})
    r = sweep(None, "ishigami", pts, seed=1, fail_on=1.0, retries=2, out=tmp_path / "s")
    assert list(r.table.status) == ["ok", "failed", "ok"]
    bad = r.failed.iloc[0]
    assert "deliberate failure" in bad.error and bad.attempts == 3
    assert load_sweep(tmp_path / "s").table.status.tolist() == ["ok", "failed", "ok"]


def test_resume_after_kill_loses_and_duplicates_nothing(tmp_path):
    """Kill a sweep part-way (SIGKILL, no clean-up), resume it, compare with an uninterrupted run."""
    out = tmp_path / "killed"
    script = (
        "import time, math, foedus.sweep as s\n"
        "orig = s._ishigami\n"
        "def slow(*a):\n    time.sleep(0.01)\n    return orig(*a)\n"
        "s.ANALYSES['ishigami'] = slow\n"
        "specs = [s.ParamSpec(f'x{i}', low=-math.pi, high=math.pi) for i in (1, 2, 3)]\n"
        "pts = s.design_points(specs, 'lhs', samples=400, seed=5)\n"
        f"s.sweep(None, 'ishigami', pts, seed=3, chunk_size=10, out={str(out)!r})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("part-*.parquet"))) < 5:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = load_sweep(out).table
    assert 0 < len(partial) < 400
    pts = design_points(PI, "lhs", samples=400, seed=5)
    resumed = sweep(None, "ishigami", pts, seed=3, chunk_size=10, out=out, resume=True)
    assert resumed.ran == 400 - len(partial)
    full = sweep(None, "ishigami", pts, seed=3, chunk_size=10)
    assert resumed.table.task_id.tolist() == list(range(400))
    pd.testing.assert_frame_equal(resumed.table, full.table)
    with pytest.raises(InputError, match="differs in seed"):
        sweep(None, "ishigami", pts, seed=4, chunk_size=10, out=out, resume=True)
    with pytest.raises(InputError, match="not empty"):
        sweep(None, "ishigami", pts, seed=3, out=out)


def test_bad_input_is_rejected_before_work():
    pts = pd.DataFrame({"crisis.reliability.bse": [0.5]})
    with pytest.raises(InputError, match=r"did you mean crisis\.reliability\.base"):
        sweep(SCENARIO, "simulate", pts, event="senkaku")
    with pytest.raises(InputError, match="needs an event"):
        sweep(SCENARIO, "simulate", pd.DataFrame({"crisis.reliability.base": [0.5]}))
    with pytest.raises(InputError, match="no event 'senkakku'"):
        sweep(SCENARIO, "simulate", pd.DataFrame({"crisis.reliability.base": [0.5]}), event="senkakku",
              capability="cinc")  # fmt: skip
    with pytest.raises(InputError, match=r"estimated crisis models do not read crisis\.reliability\.base"):
        sweep(SCENARIO, "simulate", pd.DataFrame({"crisis.reliability.base": [0.5]}), event="senkaku")
    with pytest.raises(InputError, match="unknown analysis"):
        sweep(SCENARIO, "simulation", pts)


def test_crisis_sweep_runs_on_the_scenario():
    specs = declared_ranges(["crisis.reliability.base", "crisis.affinity.per_unit"])
    pts = design_points(specs, "lhs", samples=6, seed=1)
    r = sweep(
        SCENARIO, "simulate", pts, seed=1, event="senkaku", design="design_a", draws=500, capability="milex"
    )
    assert (r.table.status == "ok").all()
    assert {"p_deterred", "p_prevail", "p_force.USA"} <= set(r.table.columns)
    assert r.table["p_force.USA"].nunique() > 1  # the parameters move the outcome


def test_cli_sweep_and_summarize(tmp_path):
    from tests.test_cli import run

    out = tmp_path / "grid"
    args = (
        "sweep",
        str(SCENARIO),
        "--event",
        "senkaku",
        "--design",
        "design_a",
        "--draws",
        "300",
        "--param",
        "crisis.reliability.base=0.3:0.7:4",
        "--capability",
        "cinc",
        "--serial",
        "-o",
        str(out),
    )
    r = run(*args)
    assert r.returncode == 0, r.stderr
    assert "4 of 4 tasks done (4 ok, 0 failed)" in r.stdout
    again = run(*args, "--resume")
    assert again.returncode == 0 and "0 ran now" in again.stdout
    s = run("sweep", "summarize", str(out), "--output", "p_prevail")
    assert s.returncode == 0, s.stderr
    assert (
        "crisis.reliability.base" in s.stdout and (out / "_summary" / "sensitivity-p_prevail.csv").is_file()
    )
    bad = run(
        "sweep",
        str(SCENARIO),
        "--event",
        "senkaku",
        "--param",
        "crisis.reliabilty.base=0.3:0.7:4",
        "--capability",
        "cinc",
        "--serial",
        "-o",
        str(tmp_path / "bad"),
    )
    assert bad.returncode == 2 and "did you mean crisis.reliability.base" in bad.stderr
    odd = run(
        "sweep",
        str(SCENARIO),
        "--event",
        "senkaku",
        "--samples",
        "48",
        "--method",
        "sobol",
        "-o",
        str(tmp_path / "odd"),
    )
    assert odd.returncode == 2 and "powers of 2" in odd.stderr


def test_output_folder_is_a_parquet_dataset(tmp_path):
    pts = design_points(PI, "lhs", samples=30, seed=1)
    r = sweep(None, "ishigami", pts, seed=2, chunk_size=7, out=tmp_path / "s")
    back = pd.read_parquet(tmp_path / "s").sort_values("task_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(back, r.table)


# ----------------------------------------------------------------------------- hardening (issue 16)
def _small_sweep(out, **kw):
    pts = design_points(PI, "lhs", samples=30, seed=1)
    return sweep(None, "ishigami", pts, seed=2, chunk_size=10, out=out, **kw), pts


def test_corrupt_or_half_written_folders_are_one_line(tmp_path):
    out = tmp_path / "s"
    _, pts = _small_sweep(out)
    (out / "part-00000010.parquet").write_bytes(b"PAR1 half-written")
    with pytest.raises(InputError, match=r"part-00000010.parquet is corrupt or half-written"):
        load_sweep(out)
    (out / ".part-00000020.parquet.abcd.part").write_bytes(b"PAR1")  # a temp file left by kill -9
    resumed = sweep(None, "ishigami", pts, seed=2, chunk_size=10, out=out, resume=True)
    assert resumed.ran == 10 and resumed.table.task_id.tolist() == list(range(30))
    assert (out / "_corrupt-part-00000010.parquet").is_file()  # set aside, not lost
    assert not list(out.glob(".part-*"))
    pd.testing.assert_frame_equal(load_sweep(out).table, resumed.table)
    for text in ("{not json", '{"analysis": "ishigami"}', "[]", ""):
        (out / "_sweep.json").write_text(text)
        with pytest.raises(InputError, match=r"_sweep\.json is corrupt"):
            load_sweep(out)
        with pytest.raises(InputError, match=r"_sweep\.json is corrupt"):
            sweep(None, "ishigami", pts, seed=2, out=out, resume=True)
    with pytest.raises(InputError, match="not a sweep folder"):
        load_sweep(tmp_path)
    with pytest.raises(InputError, match="is a file, not a folder"):
        sweep(None, "ishigami", pts, out=out / "_sweep.json")


def test_bad_options_are_refused_before_work(tmp_path):
    pts = design_points(PI, "lhs", samples=4, seed=1)
    for kw, match in (
        ({"seed": -1}, "seed: expected a whole number from 0"),
        ({"seed": 2**40}, "seed: expected a whole number from 0"),
        ({"chunk_size": -3}, "chunk_size: expected a whole number >= 1"),
        ({"retries": -1}, "retries: expected a whole number >= 0"),
    ):
        with pytest.raises(InputError, match=match):
            sweep(None, "ishigami", pts, **kw)
    with pytest.raises(InputError, match="--draws 1e12 would need"):
        sweep(SCENARIO, "simulate", pd.DataFrame({"crisis.reliability.base": [0.5]}), event="senkaku",
              draws=10**12, capability="cinc")  # fmt: skip


def test_failed_tasks_are_logged(tmp_path):
    pts = pd.DataFrame({"x1": [0.5, 1.0, 1.5], "x2": [0.0] * 3, "x3": [0.0] * 3})
    sweep(None, "ishigami", pts, seed=1, fail_on=1.0, retries=0, out=tmp_path / "s")
    log = pd.read_csv(tmp_path / "s" / "_failures.csv")
    assert log.task_id.tolist() == [1] and "deliberate failure" in log.error.iloc[0]
    assert "status" not in log and "y" not in log  # the failure, not the outputs it never had
    assert len(pd.read_parquet(tmp_path / "s")) == 3  # the log is not read as a part of the dataset


def test_cli_exits_1_when_tasks_failed(tmp_path):
    from tests.test_cli import run

    out = tmp_path / "f"
    issues = ROOT / "scenarios" / "asian-nato-adoption.csv"
    args = ("sweep", "x", "--analysis", "forecast", "--issues", str(issues), "--model", "bdm",
            "--param", "forecast.max_rounds=-1,3", "--serial", "-o", str(out))  # fmt: skip
    r = run(*args)
    assert r.returncode == 1, r.stderr
    assert "2 tasks done (1 ok, 1 failed)" in r.stdout
    log = out / "_failures.csv"
    assert r.stderr.strip() == f"foedus: error: 1 of 2 tasks failed; their errors are in {log}"
    assert "max_rounds" in (out / "_failures.csv").read_text()
    (out / "part-00000000.parquet").write_bytes(b"garbage")
    s = run("sweep", "summarize", str(out))
    assert s.returncode == 2 and len(s.stderr.strip().splitlines()) == 1 and "Traceback" not in s.stderr
    assert "part-00000000.parquet is corrupt or half-written" in s.stderr


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        out |= {int(c) for c in (task / "children").read_text().split()}
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_killing_the_parent_leaves_no_worker(tmp_path):
    out = tmp_path / "k"
    script = (
        "import time, math\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "import foedus.sweep as s\n"
        "orig = s._ishigami\n"
        "def slow(*a):\n    time.sleep(0.05)\n    return orig(*a)\n"
        "s.ANALYSES['ishigami'] = slow\n"
        "specs = [s.ParamSpec(f'x{i}', low=-math.pi, high=math.pi) for i in (1, 2, 3)]\n"
        "pts = s.design_points(specs, 'lhs', samples=2000, seed=5)\n"
        "with ProcessPoolExecutor(2, initializer=s.watch_parent) as ex:\n"
        f"    s.sweep(None, 'ishigami', pts, seed=3, chunk_size=5, executor=ex, out={str(out)!r})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("part-*.parquet"))) < 2:
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert len(workers) >= 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 5
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]


def test_sobol_of_a_constant_output_says_so():
    pts = design_points(PI, "sobol", samples=16, seed=3)
    r = sweep(None, "ishigami", pts, seed=7, method="sobol", samples=16, specs=PI)
    constant = SweepResult(r.table.assign(y=0.0), r.manifest, r.provenance)
    si = sobol_indices(constant, "y")
    assert si[["S1", "ST"]].isna().all().all()
    assert si.attrs["note"] == "indices undefined: y was 0 in every run"
    assert regression_sensitivity(constant, "y").attrs["note"].startswith("coefficients undefined")
    noisy = sobol_indices(r, "y")  # 16 base samples: noisy, and x3's first-order index comes out < 0
    assert "95% bootstrap half-width" in noisy.attrs["note"]
    if (noisy.S1 < 0).any():
        assert "Negative first-order indices" in noisy.attrs["note"]


def test_cli_summary_of_a_constant_sobol_output(tmp_path, monkeypatch):
    """Issue 17 item 6: 'indices undefined: p_deterred was 0 in every run', not 0.000 +- 0.000."""
    from tests.test_cli import run

    def never_deterred(scenario, point, seed, opts):
        return {"p_deterred": 0.0, "y": math.sin(point["x1"]) + 7 * math.sin(point["x2"]) ** 2}

    monkeypatch.setitem(sweep.__globals__["ANALYSES"], "ishigami", never_deterred)
    pts = design_points(PI, "sobol", samples=32, seed=1)
    sweep(None, "ishigami", pts, seed=1, method="sobol", samples=32, specs=PI, out=tmp_path / "s")
    r = run("sweep", "summarize", str(tmp_path / "s"), "--output", "p_deterred", "--output", "y")
    assert r.returncode == 0, r.stderr
    assert "indices undefined: p_deterred was 0 in every run" in r.stdout and "undefined" in r.stdout
    assert "95% bootstrap half-width" in r.stdout
