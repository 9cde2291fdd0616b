"""The backtest's JSON shape, exactly as `foedus backtest --format json` will print it."""

import json
import math

KEYS = {"model", "test", "metric", "value", "lower", "upper", "baseline", "baseline_value", "n"}


def test_records_have_exactly_the_documented_keys(records):
    assert records
    for r in records:
        extra = {"positives"} if r["model"] == "joining" else set()
        assert set(r) == KEYS | extra, r
        assert r["model"] in {"outcome", "joining", "honouring", "deterrence"}
        assert isinstance(r["n"], int) and r["n"] > 0
        assert all(math.isfinite(r[k]) for k in ("value", "lower", "upper", "baseline_value"))
        assert r["lower"] <= r["upper"]
    json.dumps(records)  # plain JSON types only


def test_joining_tests_name_their_cut_year(records):
    tests = {r["test"] for r in records if r["model"] == "joining"}
    assert {"fit<=1945, score>1945", "fit<=1970, score>1970"} <= tests


def test_same_seed_same_records(data, records):
    from foedus.estimation import backtest

    again = backtest(reps=100, seed=0)
    assert again == records


def test_docs_page_shows_the_backtest(records):
    """docs/models/estimation.md is generated (python -m foedus.estimation.report): its backtest
    table carries every record's value and baseline value."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "models" / "estimation.md").read_text()
    for r in records:
        row = f"| {r['model']} | {r['test']} | {r['metric']} | {r['value']:.4f} |"
        assert row in text, f"stale page, regenerate it: {row}"
        assert f"| {r['baseline_value']:.4f} |" in text
