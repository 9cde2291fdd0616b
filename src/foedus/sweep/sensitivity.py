"""What drives a sweep's outputs: Sobol indices (Saltelli's design) and regression coefficients."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from foedus.errors import InputError

if TYPE_CHECKING:
    from foedus.sweep import SweepResult

__all__ = ["regression_sensitivity", "sobol_indices"]


def sobol_indices(result: SweepResult, output: str) -> pd.DataFrame:
    """Sobol first-order (S1) and total (ST) indices of ``output`` with 95 % confidence
    half-widths, for a sweep made with ``method="sobol"`` (SALib's analysis).

    ``frame.attrs["note"]`` says how to read them: an output that never varied has no
    indices (NaN, "indices undefined: p_deterred was 0 in every run"); otherwise the
    half-widths are bootstrap estimates of the sampling noise, and a negative first-order
    index is that noise around zero, not a negative effect.
    """
    from SALib.analyze import sobol as sobol_analyze

    m = result.manifest
    if m["method"] != "sobol":
        raise InputError("Sobol indices need a sweep made with --method sobol")
    t = result.table
    if len(t) != m["n_tasks"] or (t.status != "ok").any():
        raise InputError(
            f"Sobol indices need every task to succeed "
            f"({int((t.status == 'ok').sum())} of {m['n_tasks']} did)",
            hint="resume the sweep, or look at the failed tasks",
        )
    names = m["parameters"]
    problem = {"num_vars": len(names), "names": names, "bounds": [list(m["bounds"][n]) for n in names]}
    y = t.sort_values("task_id")[output].to_numpy(dtype=float)
    if np.allclose(y, y[0]):
        nan = float("nan")
        frame = pd.DataFrame({"parameter": names, "S1": nan, "S1_conf": nan, "ST": nan, "ST_conf": nan})
        frame.attrs["note"] = f"indices undefined: {output} was {y[0]:g} in every run"
        return frame
    si = sobol_analyze.analyze(problem, y, calc_second_order=True, seed=int(m["seed"]) % (2**31 - 1))
    frame = pd.DataFrame(
        {
            "parameter": names,
            "S1": si["S1"],
            "S1_conf": si["S1_conf"],
            "ST": si["ST"],
            "ST_conf": si["ST_conf"],
        }
    ).sort_values("ST", ascending=False, ignore_index=True)
    frame.attrs["note"] = _noise_note(frame, m["samples"])
    return frame


def _noise_note(frame: pd.DataFrame, samples: int) -> str:
    """How much of the indices is estimation noise, in words."""
    note = (
        f"The indices are estimates from {samples} base samples; '±' is a 95% bootstrap half-width, "
        "and an index whose interval includes 0 cannot be told from no effect."
    )
    negative = frame[frame.S1 < 0]
    if len(negative):
        shown = ", ".join(
            f"{r.parameter} {r.S1:.3f} ± {r.S1_conf:.3f}" for r in negative.head(3).itertuples()
        )
        note += (
            f" Negative first-order indices ({shown}) are that noise around 0 (an index is a share of "
            "variance and cannot be negative); more --samples narrow the intervals."
        )
    return note


def regression_sensitivity(result: SweepResult, output: str) -> pd.DataFrame:
    """Standardised regression coefficients of ``output`` on the parameters (any design),
    with the R^2 of the linear fit (a low R^2 means the SRCs miss non-linear effects)."""
    t = result.table[result.table.status == "ok"]
    names = result.manifest["parameters"]
    x = t[names].to_numpy(float)
    y = t[output].to_numpy(float)
    sx, sy = x.std(axis=0), y.std()
    keep = sx > 0
    if sy == 0 or not keep.any():
        frame = pd.DataFrame({"parameter": names, "src": float("nan"), "r2": float("nan")})
        if len(y):
            frame.attrs["note"] = f"coefficients undefined: {output} was {y[0]:g} in every run"
        return frame
    z = (x[:, keep] - x[:, keep].mean(axis=0)) / sx[keep]
    beta, *_ = np.linalg.lstsq(np.column_stack([np.ones(len(z)), z]), (y - y.mean()) / sy, rcond=None)
    fitted = np.column_stack([np.ones(len(z)), z]) @ beta
    r2 = 1 - np.sum(((y - y.mean()) / sy - fitted) ** 2) / len(y)
    src = np.zeros(len(names))
    src[keep] = beta[1:]
    return pd.DataFrame({"parameter": names, "src": src, "r2": r2}).sort_values(
        "src", key=np.abs, ascending=False, ignore_index=True
    )
