"""Many issues, many models: the table behind ``foedus forecast FILE --model all``, and the default model.

:func:`forecast_table` runs every requested model on every issue and returns one tidy
row per issue, model and dimension. Issue k gets child seed k of ``seed`` (all models
share it, so adding a model never changes another's answer); models that trade across
a proposal's issues (those with a ``linked`` option: ``exchange``, ``learned``) get the
other issues of the same proposal (:func:`~foedus.bargaining.exchange.proposal_of`).
Member forecasts that a combination model asks for again are reused, not recomputed.

:func:`recommended_model` reads the shipped evaluation summary
(``evaluation_summary.json``, written by ``benchmarks/eval_models.py``) and names the
model with the lowest cross-validated mean absolute error on DEU III's training half,
with that error and its interval: the error a user should expect on EU-like issues.

Examples
--------
>>> from foedus.bargaining import BargainingProblem
>>> a = BargainingProblem(("A", "B"), [1, 3], [0, 100], [1, 1], name="p1i1")
>>> b = BargainingProblem(("A", "B"), [1, 3], [100, 0], [1, 1], name="p1i2")
>>> table = forecast_table([a, b], models=["mean", "median"])
>>> table[["issue", "model", "outcome"]].to_dict("records")[:2]
[{'issue': 'p1i1', 'model': 'mean', 'outcome': 75.0}, {'issue': 'p1i1', 'model': 'median', 'outcome': 100.0}]
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

import pandas as pd

from foedus.bargaining.problem import BargainingProblem
from foedus.errors import InputError
from foedus.seeds import SeedLike, spawn

__all__ = ["SUMMARY_FILE", "evaluation_summary", "forecast_table", "recommended_model"]

SUMMARY_FILE = "evaluation_summary.json"


def _model_names(models: str | Sequence[str]) -> list[str]:
    from foedus.bargaining import MODELS, available_models

    if isinstance(models, str):
        names = available_models() if models == "all" else [m.strip() for m in models.split(",") if m.strip()]
    else:
        names = list(models)
    unknown = [m for m in names if m not in MODELS]
    if unknown or not names:
        raise InputError(
            f"forecast_table: unknown model(s) {', '.join(map(repr, unknown)) or '(none given)'}",
            hint=f"use 'all' or some of {', '.join(MODELS)}",
        )
    return names


def _takes_linked(name: str) -> bool:
    from foedus.bargaining import _resolve

    return "linked" in inspect.signature(_resolve(name)).parameters


def forecast_table(
    problems: Sequence[BargainingProblem],
    models: str | Sequence[str] = "all",
    *,
    seed: SeedLike = None,
    options: dict[str, dict[str, Any]] | None = None,
) -> pd.DataFrame:
    """Forecast every issue with every model: one row per issue, model and dimension.

    Parameters
    ----------
    problems : sequence of BargainingProblem
        E.g. from :func:`~foedus.bargaining.read_problems` on a DEU-style long CSV.
    models : "all", a comma-separated string, or a sequence of model names
    seed : int, Generator, SeedSequence or None
        Issue k gets child seed k (the same for every model).
    options : mapping, optional
        Model name -> that model's options.

    Returns
    -------
    pandas.DataFrame
        Columns ``issue, proposal, model, dimension, outcome, lower, upper, converged,
        n_iter``, in the order of the issues and then of ``models``.
    """
    from foedus.bargaining import _MEMO, forecast
    from foedus.bargaining.exchange import proposal_of

    names = _model_names(models)
    options = options or {}
    groups: dict[str, list[BargainingProblem]] = {}
    for p in problems:
        groups.setdefault(proposal_of(p), []).append(p)
    linking = {m: _takes_linked(m) for m in names}
    seeds = spawn(seed, len(problems)) if seed is not None else [None] * len(problems)
    frames = []
    token = _MEMO.set({})
    try:
        for p, s in zip(problems, seeds, strict=True):
            linked = groups[proposal_of(p)]
            for m in names:
                extra = {"linked": linked} if linking[m] and "linked" not in options.get(m, {}) else {}
                frame = forecast(p, m, seed=s, **options.get(m, {}), **extra).to_frame()
                frame.insert(1, "proposal", proposal_of(p))
                frames.append(frame)
    finally:
        _MEMO.reset(token)
    return pd.concat(frames, ignore_index=True)


def evaluation_summary() -> dict[str, Any]:
    """The shipped out-of-sample evaluation (see ``docs/models/forecast-evaluation.md``)."""
    text = resources.files("foedus.bargaining").joinpath(SUMMARY_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def recommended_model() -> dict[str, Any]:
    """The model with the lowest cross-validated mean absolute error, and that error.

    Returns
    -------
    dict
        ``model``, ``mae_all`` (with ``mae_all_low``, ``mae_all_high``: 95 % bootstrap
        interval by proposal), ``mae_nonbinary`` (with its interval), ``within_0.1``,
        ``diff_vs_mean`` (with its interval) and ``data`` (what it was measured on).

    Examples
    --------
    >>> rec = recommended_model()
    >>> rec["model"] in ("mean", "learned", "median", "nash", "bdm", "ktab", "exchange",
    ...                  "procedural", "ensemble")
    True
    >>> 0 < rec["mae_all"] < 1
    True
    """
    summary = evaluation_summary()
    rows = {r["model"]: r for r in summary["models"]}
    best = min(rows, key=lambda m: rows[m]["mae_all"])
    row = rows[best]
    return {
        "model": best,
        "mae_all": row["mae_all"],
        "mae_all_low": row["mae_all_low"],
        "mae_all_high": row["mae_all_high"],
        "mae_nonbinary": row["mae_nonbinary"],
        "mae_nonbinary_low": row["mae_nonbinary_low"],
        "mae_nonbinary_high": row["mae_nonbinary_high"],
        "within_0.1": row["within_0.1"],
        "diff_vs_mean": row["diff_all"],
        "diff_vs_mean_low": row["diff_all_low"],
        "diff_vs_mean_high": row["diff_all_high"],
        "data": summary["data"],
    }
