"""The evidence behind the crisis models: ROC curves and calibration, model against baseline.

Both draw :func:`foedus.estimation.evidence.shipped_evidence` (computed from the datasets when
the estimates were made, shipped with the package), so they need no data folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from foedus.report.figures.style import layout

MODEL, BASELINE = "#08519c", "#969696"


def roc_curves(evidence: Mapping[str, Any]) -> go.Figure:
    """One panel per out-of-sample ranking test: the model's ROC curve and its baseline's, with
    the AUCs of the backtest in the panel titles."""
    roc = evidence["roc"]
    tests = list(roc["tests"])
    auc = {
        (r["model"], r["test"]): (r["value"], r["baseline_value"])
        for r in evidence["backtest"]
        if r["metric"] == "auc"
    }

    def title(name: str) -> str:  # tests are named "<model>, <test>" as in the backtest
        model, _, test = name.partition(", ")
        if (model, test) not in auc:
            return name
        value, base = auc[(model, test)]
        return f"{name}<br>AUC {value:.3f} vs {base:.3f}"

    cols = 3
    rows = -(-len(tests) // cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[title(t) for t in tests])
    for i, name in enumerate(tests):
        r, c = divmod(i, cols)
        for which, colour in (("model", MODEL), ("baseline", BASELINE)):
            fig.add_trace(
                go.Scatter(
                    x=roc["fpr"], y=roc["tests"][name][which], mode="lines", line={"color": colour},
                    name="the learned model" if which == "model" else "its baseline", legendgroup=which,
                    showlegend=i == 0,
                ),
                row=r + 1, col=c + 1,
            )  # fmt: skip
        fig.add_trace(
            go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line={"color": "#ddd", "dash": "dot"},
                       showlegend=False),
            row=r + 1, col=c + 1,
        )  # fmt: skip
    fig.update_xaxes(title_text="false-positive rate", range=[0, 1])
    fig.update_yaxes(title_text="true-positive rate", range=[0, 1])
    fig.update_annotations(font_size=11)
    return layout(fig, None, height=330 * rows)


def calibration(evidence: Mapping[str, Any]) -> go.Figure:
    """Predicted against observed frequency, out of sample: who joins a dispute (fitted up to
    1945, scored after) and whether an ally whose casus foederis arose fought (grouped by war);
    marker size: rows in the bin."""
    tables = evidence["calibration"]
    panels = [
        ("joining", "Who joins (fit ≤1945, scored after)"),
        ("honouring", "Allies who fought (CV by war)"),
    ]
    fig = make_subplots(rows=1, cols=2, subplot_titles=[t for _, t in panels])
    for i, (name, _) in enumerate(panels, start=1):
        rows = tables[name]
        top = max(max(r["predicted"], r["observed"]) for r in rows)
        fig.add_trace(
            go.Scatter(
                x=[r["predicted"] for r in rows], y=[r["observed"] for r in rows], mode="markers+lines",
                marker={"size": [6 + 24 * (r["n"] / max(x["n"] for x in rows)) ** 0.5 for r in rows],
                        "color": MODEL},
                text=[f"{r['bin']}: {r['n']:,} rows" for r in rows], name="out of sample", showlegend=i == 1,
            ),
            row=1, col=i,
        )  # fmt: skip
        fig.add_trace(
            go.Scatter(x=[0, top], y=[0, top], mode="lines", line={"color": "#ddd", "dash": "dot"},
                       name="perfect calibration", showlegend=i == 1),
            row=1, col=i,
        )  # fmt: skip
    fig.update_xaxes(title_text="predicted")
    fig.update_yaxes(title_text="observed")
    return layout(fig, None, height=380)
