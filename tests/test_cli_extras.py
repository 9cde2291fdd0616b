"""Each optional extra, missing: the command that needs it says which extra to install, in one
line with exit code 2, before doing any work; commands that only run faster with it still run.

The missing package is simulated in a subprocess by setting ``sys.modules[name] = None``, which
makes ``import name`` fail as it does when the package is not installed.
"""

import os
import subprocess
import sys

import pytest

BLOCKED_RUN = """
import runpy, sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None
sys.argv = ["foedus", *sys.argv[2:]]
runpy.run_module("foedus", run_name="__main__")
"""


def run_without(modules, *args, tmp_path):
    env = {**os.environ, "FOEDUS_DATA_DIR": str(tmp_path)}  # an empty data folder
    return subprocess.run(
        [sys.executable, "-c", BLOCKED_RUN, ",".join(modules), *args],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("modules", "args", "extra"),
    [
        (["dash"], ["serve", "--port", "8999"], "web"),
        (["pyreadr"], ["data", "fetch", "capitals"], "data"),
        (["pyreadr"], ["data", "fetch", "--all"], "data"),
        (
            ["distributed"],
            ["sweep", "SCENARIO", "--event", "senkaku", "--samples", "4", "--workers", "2", "-o", "OUT"],
            "dask",
        ),
    ],
)
def test_a_missing_extra_is_one_line_naming_it(modules, args, extra, tmp_path):
    from foedus.scenario import shipped_scenario

    args = [str(shipped_scenario()) if a == "SCENARIO" else str(tmp_path / "o") if a == "OUT" else a
            for a in args]  # fmt: skip
    r = run_without(modules, *args, tmp_path=tmp_path)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and f"pip install 'foedus[{extra}]'" in lines[0], r.stderr
    assert "Traceback" not in r.stderr and "http://" not in r.stdout  # refused before starting
    assert list(tmp_path.iterdir()) == []  # nothing downloaded or written


def test_without_the_fast_extra_commands_still_run(tmp_path):
    """numba only speeds the landscape search and KTAB up: without it they run on numpy."""
    r = run_without(["numba"], "landscape", "--top", "10", "--format", "json", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    from foedus.scenario import shipped_scenario

    issues = shipped_scenario("asian-nato-adoption.yaml")
    r = run_without(["numba"], "forecast", str(issues), "--model", "ktab", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
