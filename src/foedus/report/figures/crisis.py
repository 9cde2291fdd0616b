"""Crisis outcomes: P(prevail) and P(deterred) by design, their distributions, who comes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from foedus.report.figures.style import MODEL_COLOURS, SIDE_COLOUR, design_menu, layout, short_label


def crisis_outcomes(comparison: Any, *, title: str | None = None) -> go.Figure:
    """P(defenders prevail) and P(deterred) for each design, with 95% Monte Carlo intervals
    and (for P(prevail)) the 5-95% band across parameter draws."""
    f = comparison.to_frame()
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("P(defenders prevail)", "P(aggressor deterred)"),
        shared_yaxes=True,
        horizontal_spacing=0.04,
    )
    bands = [comparison.results[d].p_prevail_band for d in f.design]
    labels = [short_label(lbl) for lbl in f.label]
    for lbl, (lo, hi) in zip(labels, bands, strict=True):
        fig.add_shape(
            type="line",
            x0=lo,
            x1=hi,
            y0=lbl,
            y1=lbl,
            line={"color": "#c6dbef", "width": 10},
            layer="below",
            row=1,
            col=1,
        )
    for col, (what, colour, name) in enumerate(
        (
            ("p_prevail", "#08519c", "P(prevail), 95% MC interval; shaded: 5-95% across parameter draws"),
            ("p_deterred", "#238b45", "P(deterred), 95% interval"),
        ),
        start=1,
    ):
        fig.add_trace(_interval_points(f, labels, what, colour, name), 1, col)
    fig.update_xaxes(range=[0, 1], title_text="probability")
    fig.update_yaxes(autorange="reversed")
    return layout(fig, title, height=150 + 45 * len(f), legend={"orientation": "h", "y": -0.35})


def crisis_distribution(comparison: Any, *, title: str | None = None, bins: int = 40) -> go.Figure:
    """Outcome and deterrence distributions across draws, one step histogram per design:
    P(defenders prevail) in each draw, and the aggressor's expected utility of attacking
    (deterred where it is below 0)."""
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("P(defenders prevail) in a draw", "aggressor's expected utility of attacking"),
        horizontal_spacing=0.08,
    )
    eus = np.concatenate([np.asarray(r.eu, float) for r in comparison.results.values()])
    lo, hi = (float(eus.min()), float(eus.max())) if eus.size else (-1.0, 1.0)
    lo, hi = min(lo, -0.01), max(hi, 0.01)
    for col, values, edges in (
        (1, lambda r: np.clip(r.p_def, 0, 1), np.linspace(0, 1, bins + 1)),
        (2, lambda r: np.asarray(r.eu, float), np.linspace(lo, hi, bins + 1)),
    ):
        mids = (edges[:-1] + edges[1:]) / 2
        for i, r in enumerate(comparison.results.values()):
            h, _ = np.histogram(values(r), bins=edges)
            fig.add_trace(
                go.Scatter(
                    x=mids,
                    y=h / max(h.sum(), 1),
                    mode="lines",
                    line={"shape": "hvh", "width": 2, "color": MODEL_COLOURS[i % 8]},
                    name=short_label(r.label, 60),
                    legendgroup=r.label,
                    showlegend=col == 1,
                    hovertemplate="%{x:.3f}: %{y:.1%}<extra></extra>",
                ),
                1,
                col,
            )
    fig.add_vline(x=0, line={"color": "#000", "dash": "dash", "width": 1}, row=1, col=2)
    fig.add_annotation(x=0, y=1, xref="x2", yref="y2 domain", text="deterred ◀", showarrow=False,
                       xanchor="right", font={"size": 11})  # fmt: skip
    fig.update_xaxes(range=[0, 1], row=1, col=1)
    fig.update_yaxes(title_text="share of draws", tickformat=".0%", row=1, col=1)
    fig.update_yaxes(tickformat=".0%", row=1, col=2)
    return layout(fig, title, height=400, legend={"orientation": "h", "y": -0.2})


def crisis_responses(results: Mapping[str, Any], *, title: str | None = None) -> go.Figure:
    """Each state's probability of fighting, per design (drop-down), with the 5-95% band across
    parameter draws; coloured by the side it would join."""
    fig = go.Figure()
    groups = []
    for label, r in results.items():
        m = r.members.sort_values("p_force")
        before = len(fig.data)
        for side, part in m.groupby("side", sort=False):
            fig.add_trace(
                go.Bar(
                    x=part.p_force,
                    y=part.state,
                    orientation="h",
                    marker_color=SIDE_COLOUR.get(str(side), "#888"),
                    error_x={
                        "type": "data",
                        "symmetric": False,
                        "array": part.band_high - part.p_force,
                        "arrayminus": part.p_force - part.band_low,
                        "color": "#555",
                        "thickness": 1,
                    },
                    name=str(side).replace("_", " "),
                    customdata=np.stack([part.status, part.treaty.fillna("")], -1),
                    hovertemplate="%{y}: %{x:.2f}<br>%{customdata[0]} %{customdata[1]}<extra></extra>",
                )
            )
        groups.append((label, len(fig.data) - before))
    design_menu(fig, groups)
    n = max((len(r.members) for r in results.values()), default=5)
    fig.update_xaxes(range=[0, 1], title_text="P(fights); bars: 5-95% across parameter draws")
    layout(
        fig,
        title,
        height=140 + 22 * n,
        barmode="overlay",
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    fig.update_layout(margin={"t": 90 if title else 50})
    return fig


def _interval_points(f: pd.DataFrame, labels: Any, what: str, colour: str, name: str) -> go.Scatter:
    """Column ``what`` of each design as a point with its ``_low``/``_high`` interval."""
    return go.Scatter(
        x=f[what],
        y=labels,
        mode="markers",
        marker={"size": 11, "color": colour},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": f[f"{what}_high"] - f[what],
            "arrayminus": f[what] - f[f"{what}_low"],
            "color": colour,
        },
        name=name,
        hovertemplate="%{y}: %{x:.3f}<extra></extra>",
    )
