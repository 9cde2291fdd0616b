r"""The evidence behind the crisis models, as a small table shipped with the package.

The report and the dashboard show how the models learned from history do against their
baselines on history they were not fitted on, on any machine and offline. What they show
needs the full datasets to compute, so ``python -m foedus.estimation.report`` (beside the
docs page) writes it once to ``evidence.json``, a few tens of kilobytes derived from the data
and rebuildable from it (a test checks that the shipped file is what the data give):

- the **backtest** records of :func:`foedus.estimation.backtest` (model against baseline,
  with intervals);
- **calibration** tables: out-of-sample predicted against observed frequencies;
- **ROC curves** of each out-of-sample ranking test, the model's and its baseline's, as
  true-positive rates on a fixed grid of false-positive rates (so the file stays small);
- the **historical cases most like** each flashpoint of the shipped scenario: the bilateral
  militarised disputes since 1946 that reached the use of force whose two sides' six NMC
  component shares lie nearest the flashpoint's (Euclidean distance between the sides' log
  shares, standardised over the disputes), with how each ended.

Examples
--------
>>> ev = shipped_evidence()
>>> sorted(ev)
['backtest', 'calibration', 'provenance', 'roc', 'similar']
>>> {r["model"] for r in ev["backtest"]} >= {"outcome", "joining", "honouring", "deterrence"}
True
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["FPR_GRID", "build", "roc_curves", "shipped_evidence", "similar_cases"]

SHIPPED = "evidence.json"
REPS, SEED = 100, 0
"""The backtest's bootstrap replicates and seed for the shipped records."""

FPR_GRID = np.r_[0.0, np.geomspace(1e-3, 0.1, 12), np.linspace(0.15, 1.0, 18)]
"""False-positive rates at which the ROC curves are kept (dense where rare events live)."""

_OUTCOME_WORDS = {0: "stalemate", 1: "side A won", 2: "side B won"}


@cache
def shipped_evidence() -> dict[str, Any]:
    """The evidence shipped with the package (no data folder needed)."""
    return json.loads(files("foedus.estimation").joinpath(SHIPPED).read_text(encoding="utf-8"))


def _curve(y: np.ndarray, p: np.ndarray) -> list[float]:
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(y, p)
    return [round(float(v), 4) for v in np.interp(FPR_GRID, fpr, tpr)]


def roc_curves() -> dict[str, dict[str, list[float]]]:
    """``{test: {"model": tpr, "baseline": tpr}}`` on :data:`FPR_GRID`, for the out-of-sample
    ranking tests of the joining, honouring and deterrence models (needs the datasets)."""
    from foedus.data.cache import data_dir
    from foedus.estimation import evaluation as ev

    root = str(data_dir())
    tests = {
        **{f"joining, fit<={c}, score>{c}": ev._joining(root, c) for c in ev.CUTS},
        "honouring, grouped 12-fold CV by war": ev._honouring(root),
        **{f"deterrence, fit<={c}, score>{c}": ev._deterrence(root, c) for c in ev.CUTS},
    }
    return {name: {"model": _curve(s.y, s.p), "baseline": _curve(s.y, s.base)} for name, s in tests.items()}


def _log_shares(frame: pd.DataFrame, side: str) -> np.ndarray:
    from foedus.estimation.outcome import COMPONENTS

    cols = [f"{side}_{c}_share" for c in COMPONENTS]
    return np.log(frame[cols].fillna(0.0).to_numpy(dtype=float) + 1e-5)


def similar_cases(scenario: Any = None, k: int = 3) -> pd.DataFrame:
    """The ``k`` historical disputes most like each flashpoint (see the module docstring):
    ``event, rank, dispnum, year, side_a, side_b, hostility, ended, distance`` (needs the datasets).
    """
    from foedus.crisis.features import components
    from foedus.estimation import outcome
    from foedus.scenario import load_scenario, shipped_scenario

    sc = scenario if scenario is not None else load_scenario(shipped_scenario())
    rows = outcome.training_rows()
    rows = rows[(rows.year >= 1946) & (rows.hostility >= 4)].reset_index(drop=True)
    past = np.hstack([_log_shares(rows, "a"), _log_shares(rows, "b")])
    mean, sd = past.mean(axis=0), past.std(axis=0) + 1e-9
    z = (past - mean) / sd
    abb = sc.world.states.set_index("ccode").abb.to_dict()
    names = _abbreviations()
    out = []
    for ev in sc.events.values():
        a = components(sc.world, ev.aggressor).sum(axis=0)
        b = components(sc.world, [ev.target])[0]
        point = (np.log(np.r_[a, b] + 1e-5) - mean) / sd
        dist = np.sqrt(((z - point) ** 2).sum(axis=1))
        for rank, i in enumerate(np.argsort(dist, kind="stable")[:k], start=1):
            r = rows.iloc[i]
            out.append(
                {
                    "event": ev.id,
                    "aggressor": ", ".join(abb.get(c, str(c)) for c in ev.aggressor),
                    "target": abb.get(ev.target, str(ev.target)),
                    "rank": rank,
                    "dispnum": int(r.dispnum),
                    "year": int(r.year),
                    "side_a": names.get(int(r.ccode_a), str(int(r.ccode_a))),
                    "side_b": names.get(int(r.ccode_b), str(int(r.ccode_b))),
                    "hostility": int(r.hostility),
                    "ended": _OUTCOME_WORDS[int(r.y)],
                    "distance": round(float(dist[i]), 3),
                }
            )
    return pd.DataFrame(out)


def _abbreviations() -> dict[int, str]:
    from foedus.data.states import StateSystem

    spells = StateSystem.from_data().spells
    return dict(zip(spells.ccode.astype(int), spells.stateabb, strict=False))


def build() -> dict[str, Any]:
    """Everything :data:`SHIPPED` holds, from the data folder (a minute or two on one core)."""
    from foedus.estimation import backtest
    from foedus.estimation.estimates import _data_versions
    from foedus.estimation.evaluation import calibration_tables

    tables = calibration_tables()
    return {
        "backtest": backtest(reps=REPS, seed=SEED),
        "calibration": {name: t.to_dict(orient="records") for name, t in tables.items()},
        "roc": {"fpr": [round(float(v), 6) for v in FPR_GRID], "tests": roc_curves()},
        "similar": similar_cases().to_dict(orient="records"),
        "provenance": {"data": _data_versions(), "backtest": {"reps": REPS, "seed": SEED}},
    }


def to_json(evidence: dict[str, Any]) -> str:
    """Deterministic JSON (sorted keys, rounded floats), one trailing newline."""

    def rounded(x: Any) -> Any:
        if isinstance(x, float):
            return round(x, 6)
        if isinstance(x, dict):
            return {k: rounded(v) for k, v in x.items()}
        if isinstance(x, list):
            return [rounded(v) for v in x]
        return x

    return json.dumps(rounded(evidence), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
