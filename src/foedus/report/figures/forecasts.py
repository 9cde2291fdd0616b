"""Bargaining forecasts: round by round, side by side, each actor's path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go

from foedus.report.figures.style import MODEL_COLOURS, layout


def forecast_rounds(results: Mapping[str, Any], *, title: str | None = None) -> go.Figure:
    """The forecast round by round: one line per iterative model, a dotted level per one-shot one."""
    fig = go.Figure()
    last = max((int(r.rounds["round"].max()) for r in results.values()), default=0)
    for i, (name, r) in enumerate(results.items()):
        colour = MODEL_COLOURS[i % len(MODEL_COLOURS)]
        for dim, part in r.rounds.groupby("dimension", sort=False):
            label = name if len(r.dimensions) == 1 else f"{name} ({dim})"
            if len(part) > 1:
                fig.add_trace(
                    go.Scatter(
                        x=part["round"],
                        y=part.outcome,
                        mode="lines+markers",
                        name=label,
                        line={"color": colour, "width": 2},
                    )
                )
            else:
                fig.add_trace(
                    go.Scatter(
                        x=[0, max(last, 1)],
                        y=[part.outcome.iloc[0]] * 2,
                        mode="lines",
                        name=f"{label} (one-shot)",
                        line={"color": colour, "dash": "dot"},
                    )
                )
    fig.update_xaxes(title_text="round", dtick=1 if last <= 20 else None)
    fig.update_yaxes(title_text="forecast outcome")
    return layout(fig, title, height=400)


def forecast_spread(
    results: Mapping[str, Any], problem: Any = None, *, title: str | None = None, dimension: int = 0
) -> go.Figure:
    """Every model's forecast on one line, with intervals where a model has one, and (given the
    problem) the actors' positions sized by capability times salience."""
    fig = go.Figure()
    rows = []
    for name, r in results.items():
        iv = r.interval
        lo = float(iv[dimension, 0]) if iv is not None else None
        hi = float(iv[dimension, 1]) if iv is not None else None
        rows.append((name, float(r.outcome[dimension]), lo, hi))
    fig.add_trace(
        go.Scatter(
            x=[r[1] for r in rows],
            y=[r[0] for r in rows],
            mode="markers",
            marker={"size": 13, "color": "#08519c", "symbol": "diamond"},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [(r[3] - r[1]) if r[3] is not None else 0 for r in rows],
                "arrayminus": [(r[1] - r[2]) if r[2] is not None else 0 for r in rows],
            },
            name="forecast (bars: interval from uncertain inputs)",
            hovertemplate="%{y}: %{x:.1f}<extra></extra>",
        )
    )
    if problem is not None:
        x = np.asarray(problem.position)[:, dimension]
        w = np.asarray(problem.capability) * np.asarray(problem.salience)[:, dimension]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=["actors"] * len(x),
                mode="markers+text",
                text=list(problem.actors),
                textposition=["top center" if i % 2 else "bottom center" for i in range(len(x))],
                textfont={"size": 10},
                marker={
                    "size": 8 + 30 * np.sqrt(w / max(w.max(), 1e-12)),
                    "color": "rgba(214,96,77,0.55)",
                    "line": {"color": "#b2182b", "width": 1},
                },
                name="actors' positions (size: capability × salience)",
                hovertemplate="%{text}: %{x}<extra></extra>",
            )
        )
        lo, hi = problem.scale
        fig.update_xaxes(range=[lo - 0.04 * (hi - lo), hi + 0.04 * (hi - lo)])
    fig.update_xaxes(title_text="position on the issue scale")
    fig.update_yaxes(autorange="reversed")
    return layout(fig, title, height=170 + 38 * (len(rows) + 2), legend={"orientation": "h", "y": -0.3})


def actor_paths(result: Any, *, title: str | None = None, dimension: str | None = None) -> go.Figure:
    """Each actor's position round by round in one model run (``ForecastResult.path``)."""
    p = result.path
    dim = dimension or result.dimensions[0]
    p = p[p.dimension == dim]
    fig = go.Figure()
    for i, (actor, part) in enumerate(p.groupby("actor", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=part["round"],
                y=part.position,
                mode="lines+markers",
                name=str(actor),
                line={"color": MODEL_COLOURS[i % 8], "width": 1.5},
                marker={"size": 4},
            )
        )
    r = result.rounds[result.rounds.dimension == dim]
    fig.add_trace(
        go.Scatter(
            x=r["round"],
            y=r.outcome,
            mode="lines",
            name="forecast",
            line={"color": "#000000", "width": 3, "dash": "dash"},
        )
    )
    fig.update_xaxes(title_text="round")
    fig.update_yaxes(title_text="position")
    return layout(fig, title, height=420)
