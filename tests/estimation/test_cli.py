"""The evidence commands as users run them: ``foedus score``, ``backtest`` and ``calibrate``.

``score`` runs as a separate process on the shared data. ``backtest`` and ``calibrate`` are
the library's ``backtest``/``calibrate`` (tested in this folder) behind a thin shell; the shell
is run in-process with the session's records, so that the suite does not fit every model twice.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from foedus.cli import app


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "foedus", *args], capture_output=True, text=True, timeout=300, cwd=cwd,
        env={**os.environ},
    )  # fmt: skip


def test_score_commitments_keeps_the_rows_in_order_with_their_columns(data, tmp_path):
    rows = tmp_path / "allies.csv"
    rows.write_text(
        "ally,partner,adversary,year,note\n"
        "UKG,FRN,GMY,1914,August 1914\n"
        "2,740,710,2022,a bare integer is a COW code\n"
        "Bavaria,Austria-Hungary,GMY,1866,a state of the 1860s\n"
        "USA,ROK,731;710,2022,two adversaries\n",
        encoding="utf-8",
    )
    r = run("score", "commitments", str(rows), "--format", "json")
    assert r.returncode == 0, r.stderr
    out = pd.DataFrame(json.loads(r.stdout))
    assert list(out.columns) == [
        "ally",
        "partner",
        "adversary",
        "year",
        "note",
        "p_respond",
        "lower",
        "upper",
    ]
    assert list(out.note) == [
        "August 1914",
        "a bare integer is a COW code",
        "a state of the 1860s",
        "two adversaries",
    ]
    assert ((out.lower <= out.p_respond) & (out.p_respond <= out.upper)).all()
    assert out.p_respond.between(0, 1).all()


def test_score_outcomes_gives_three_probabilities_that_sum_to_one(data, tmp_path):
    rows = tmp_path / "disputes.csv"
    rows.write_text("side_a,side_b,year,hostility\nGMY,FRN,1870,5\nUSA;JPN,CHN,2022,4\n", encoding="utf-8")
    r = run("score", "outcomes", str(rows), "--format", "csv")
    assert r.returncode == 0, r.stderr
    from io import StringIO

    out = pd.read_csv(StringIO(r.stdout))
    assert list(out.columns[-3:]) == ["p_a_wins", "p_b_wins", "p_stalemate"]
    assert (out[["p_a_wins", "p_b_wins", "p_stalemate"]].sum(axis=1) - 1).abs().max() < 1e-9


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b\n1,2\n", "missing column(s) ally, partner, adversary, year"),
        ("ally,partner,adversary,year\nNarnia,FRN,GMY,1914\n", "row 1, column ally"),
        ("ally,partner,adversary,year\nUKG,FRN,GMY,nineteen\n", "row 1"),
        ("ally,partner,adversary,year\n", "no rows"),
    ],
)
def test_score_refuses_bad_rows_in_one_line(data, tmp_path, text, message):
    rows = tmp_path / "bad.csv"
    rows.write_text(text, encoding="utf-8")
    r = run("score", "commitments", str(rows))
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_backtest_json_is_the_documented_list_of_records(records, monkeypatch):
    import foedus.estimation

    monkeypatch.setattr(foedus.estimation, "backtest", lambda **_: records, raising=False)
    r = CliRunner().invoke(app, ["backtest", "--format", "json"])
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert got == json.loads(json.dumps(records))
    joining = [x for x in got if x["model"] == "joining" and x["test"] == "fit<=1945, score>1945"]
    assert joining and all("positives" in x for x in joining)
    assert {x["model"] for x in got} >= {"outcome", "joining", "honouring", "deterrence"}


def test_calibrate_prints_every_table_and_writes_estimates_it_can_load(tmp_path, monkeypatch):
    """The shell over the fit: --format csv is the coefficient table of all four models,
    --out *.json the estimates themselves in the form Estimates.load reads."""
    import foedus.estimation
    from foedus.estimation.estimates import MODELS, Estimates

    shipped = Estimates.shipped()
    monkeypatch.setattr(foedus.estimation, "calibrate", lambda progress=None: shipped, raising=False)
    target = tmp_path / "estimates.json"
    r = CliRunner().invoke(app, ["calibrate", "--format", "csv", "--out", str(target)])
    assert r.exit_code == 0, r.output
    frame = pd.read_csv(io.StringIO(r.stdout))
    assert set(frame.model) == set(MODELS)
    assert list(frame.columns) == ["model", "outcome", "feature", "coef", "se", "z", "p"]
    assert Estimates.load(target).to_dict() == shipped.to_dict()
