"""The evidence shipped for the report and the dashboard is what the data give."""

from __future__ import annotations

import itertools
import json

from foedus.estimation import evidence


def test_shipped_evidence_is_what_the_data_give(data, records):
    rebuilt = json.loads(evidence.to_json(evidence.build()))
    shipped = evidence.shipped_evidence()
    assert rebuilt == shipped, "run python -m foedus.estimation.report to regenerate evidence.json"
    # the backtest part is the session's backtest (same replicates and seed)
    assert shipped["backtest"] == json.loads(evidence.to_json({"b": records}))["b"]


def test_roc_curves_rise_from_zero_to_one():
    ev = evidence.shipped_evidence()
    assert ev["roc"]["fpr"][0] == 0.0 and ev["roc"]["fpr"][-1] == 1.0
    for curves in ev["roc"]["tests"].values():
        for tpr in curves.values():
            assert tpr[-1] == 1.0 and all(b >= a for a, b in itertools.pairwise(tpr))


def test_every_flashpoint_has_its_nearest_historical_cases():
    from foedus.scenario import load_scenario, shipped_scenario

    events = set(load_scenario(shipped_scenario()).events)
    similar = evidence.shipped_evidence()["similar"]
    assert {row["event"] for row in similar} == events
    assert all(row["year"] >= 1946 and row["hostility"] >= 4 for row in similar)
