"""Coalitions: landscape minima and sides, voting power, burden sharing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from foedus.report.figures.style import design_menu, layout, short_label


def landscape_minima(result: Any, *, title: str | None = None, k: int = 10) -> go.Figure:
    """Energy of each local minimum (lower is more stable) and its basin of attraction."""
    f = result.to_frame().head(k)
    labels = [f"#{i}" for i in f.minimum]
    hover = [f"A: {a}<br>B: {b}" for a, b in zip(f.side_a, f.side_b, strict=True)]
    fig = make_subplots(rows=1, cols=2, subplot_titles=("energy (lower: more stable)", "basin of attraction"))
    fig.add_trace(
        go.Bar(
            x=labels, y=f.energy, marker_color="#6a51a3", hovertext=hover, name="energy", showlegend=False
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Bar(
            x=labels,
            y=f.basin_share,
            marker_color="#9e9ac8",
            hovertext=hover,
            name="basin",
            showlegend=False,
            error_y={"type": "data", "array": f.basin_share_se},
        ),
        1,
        2,
    )
    fig.update_yaxes(tickformat=".0%", row=1, col=2)
    fig.update_xaxes(title_text="local minimum (best first)")
    return layout(fig, title, height=340)


def landscape_sides(result: Any, costs: pd.Series | None = None, *, title: str | None = None) -> go.Figure:
    """The predicted sides (the best configuration): each state's size, and how much energy
    moving it alone to the other side would add (small: its alignment is least settled)."""
    land = result.landscape
    sf = result.sides_frame()
    sides = sf[sf.minimum == 0].set_index("actor").side
    d = pd.DataFrame({"actor": list(land.actors), "size": np.asarray(land.sizes, float)})
    d["side"] = d.actor.map(sides)
    us = next((s for s, g in d.groupby("side") if "USA" in set(g.actor)), None)
    d["label"] = [f"side {s}" + (" (with the United States)" if s == us else "") for s in d.side]
    if costs is not None:
        d["cost"] = d.actor.map(costs)
        d = d.sort_values(["side", "cost"])
        xcol, xtitle = "cost", "energy added by switching sides alone"
    else:
        d = d.sort_values(["side", "size"])
        xcol, xtitle = "size", "size"
    fig = go.Figure()
    for i, (label, part) in enumerate(d.groupby("label", sort=True)):
        fig.add_trace(
            go.Bar(
                x=part[xcol],
                y=part.actor,
                orientation="h",
                name=label,
                marker_color=["#08519c", "#b2182b", "#238b45"][i % 3],
                customdata=part["size"],
                hovertemplate="%{y}: %{x:.3g} (size %{customdata:.3g})<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=xtitle)
    return layout(
        fig, title, height=140 + 20 * len(d), legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"}
    )


def voting_power(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Shapley–Shubik and Banzhaf (normalised) indices of each collective decision rule.

    ``frame``: ``game, player, shapley_shubik, banzhaf`` (one row per player and game).
    """
    games = list(dict.fromkeys(frame.game))
    if not games:
        return layout(go.Figure(), title or "no collective decision rule", height=200)
    fig = make_subplots(
        rows=1, cols=len(games), subplot_titles=[short_label(g, 34) for g in games], shared_yaxes=True
    )
    for j, g in enumerate(games, start=1):
        part = frame[frame.game == g]
        for col, colour, name in (
            ("shapley_shubik", "#3182bd", "Shapley–Shubik"),
            ("banzhaf", "#fd8d3c", "Banzhaf"),
        ):
            fig.add_trace(
                go.Bar(
                    x=part.player,
                    y=part[col],
                    marker_color=colour,
                    name=name,
                    showlegend=j == 1,
                    legendgroup=name,
                    hovertemplate="%{x}: %{y:.3f}<extra>" + name + "</extra>",
                ),
                1,
                j,
            )
    fig.update_yaxes(title_text="share of power", row=1, col=1)
    return layout(fig, title, height=360, barmode="group", legend={"orientation": "h", "y": -0.2})


def burden_sharing(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Each member's military expenditure as a share of GDP, per design (drop-down), against the
    design's spending target where it has one.

    ``frame``: ``design, state, burden, target`` (``target`` NaN when the design sets none).
    """
    fig = go.Figure()
    groups = []
    shapes = {}
    for label, part in frame.groupby("design", sort=False):
        part = part.sort_values("burden", ascending=False)
        target = part.target.iloc[0] if part.target.notna().any() else None
        colours = [
            "#bdbdbd" if pd.isna(b) else ("#238b45" if target is None or b >= target else "#d6604d")
            for b in part.burden
        ]
        fig.add_trace(
            go.Bar(
                x=part.state,
                y=part.burden.fillna(0),
                marker_color=colours,
                name=str(label),
                showlegend=False,
                hovertext=["no data" if pd.isna(b) else f"{b:.2%} of GDP" for b in part.burden],
                hoverinfo="x+text",
                text=["no data" if pd.isna(b) else "" for b in part.burden],
                textposition="outside",
                textfont={"size": 10, "color": "#777777"},
            )
        )
        shapes[label] = target
        groups.append((str(label), 1))
    design_menu(fig, groups)
    if fig.layout.updatemenus:
        for button, label in zip(fig.layout.updatemenus[0].buttons, shapes, strict=True):
            button.args = [*button.args, {"shapes": _target_line(shapes[label])}]
    first = next(iter(shapes.values()), None)
    fig.update_layout(shapes=_target_line(first))
    fig.update_yaxes(title_text="military expenditure / GDP", tickformat=".1%")
    layout(fig, title, height=380)
    fig.update_layout(margin={"t": 90 if title else 50})
    return fig


def _target_line(target: float | None) -> list[dict[str, Any]]:
    if target is None or pd.isna(target):
        return []
    return [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": target,
            "y1": target,
            "line": {"color": "#000", "dash": "dash", "width": 1.5},
        }
    ]
