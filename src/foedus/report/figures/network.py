"""The alliance network: each design's treaties as edges between capitals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from foedus.report.figures.style import (
    KIND_COLOUR,
    KIND_LABEL,
    KIND_RANK,
    design_menu,
    layout,
    state_frame,
    state_names,
    wrap_lon,
)
from foedus.report.maps import INDO_PACIFIC, fit_view


def treaty_edges(treaties: Sequence[Any], names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """The obligations of ``treaties`` as undirected edges, the strongest kind per pair and treaty.

    Returns ``ccode1, ccode2, state1, state2, kind, treaty, treaty_name`` (``ccode1 < ccode2``;
    ``kind`` one of defence, consultation, neutrality, non_aggression; offence counts as defence;
    ``membership`` for two members of a treaty that creates no obligation between them, such as
    the Quad).
    """
    names = dict(names or {})
    best: dict[tuple[int, int, str], tuple[str, Any]] = {}
    for t in treaties:
        members = list(t.member_codes())
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                best[(min(a, b), max(a, b), t.id)] = ("membership", t)
        for ob in t.obligations:
            kind = "defence" if ob.kind == "offence" else ob.kind
            for a in t.owes(ob):
                for b in t.owed(ob):
                    if a == b:
                        continue
                    key = (min(a, b), max(a, b), t.id)
                    if key not in best or KIND_RANK[kind] > KIND_RANK[best[key][0]]:
                        best[key] = (kind, t)
    rows = [
        {
            "ccode1": c1,
            "ccode2": c2,
            "state1": names.get(c1, str(c1)),
            "state2": names.get(c2, str(c2)),
            "kind": kind,
            "treaty": t.id,
            "treaty_name": t.name,
        }
        for (c1, c2, _), (kind, t) in best.items()
    ]
    return pd.DataFrame(
        rows, columns=["ccode1", "ccode2", "state1", "state2", "kind", "treaty", "treaty_name"]
    )


def _node_xy(st: pd.DataFrame, code: int, view: Mapping[str, Any] = INDO_PACIFIC) -> tuple[float, float]:
    """Schematic position of a state: its capital, except that a capital beyond the view
    (Washington, London and Paris beyond the Indo-Pacific) is pulled in to 10 degrees
    outside the view's edge, keeping its latitude."""
    lon = wrap_lon(float(st.loc[code, "capital_lon"]), view["center_lon"])
    x0, x1 = view["lon"]
    if lon < x0:
        lon = x0 - 10.0
    elif lon > x1:
        lon = x1 + 10.0
    return lon, float(st.loc[code, "capital_lat"])


def alliance_network(
    world: Any, designs: Mapping[str, Sequence[Any]], *, title: str | None = None
) -> go.Figure:
    """The alliance network of each design: treaties as edges between capitals, coloured by kind.

    Parameters
    ----------
    world : World
    designs : mapping
        Design label -> its treaties (a drop-down switches between designs).

    Nodes sit at their capitals (states beyond the Indo-Pacific at its edge, see
    :func:`_node_xy`) and are sized by CINC; a pair bound by several treaties gets one edge per treaty,
    offset slightly, and the hover text names the treaty.
    """
    st = state_frame(world)
    everyone = {c for ts in designs.values() for t in ts for c in t.member_codes() if c in st.index}
    view = fit_view([(float(st.loc[c, "capital_lon"]), float(st.loc[c, "capital_lat"])) for c in everyone])
    names = state_names(world)
    fig = go.Figure()
    groups = []
    for label, treaties in designs.items():
        before = len(fig.data)
        edges = treaty_edges(treaties, names)
        edges = edges[edges.ccode1.isin(st.index) & edges.ccode2.isin(st.index)]
        counts: dict[tuple[int, int], int] = {}
        for kind in KIND_RANK:
            part = edges[edges.kind == kind]
            if part.empty:
                continue
            xs: list[float | None] = []
            ys: list[float | None] = []
            mx, my, mt = [], [], []
            for r in part.itertuples():
                (x1, y1), (x2, y2) = _node_xy(st, r.ccode1, view), _node_xy(st, r.ccode2, view)
                k = counts.get((r.ccode1, r.ccode2), 0)
                counts[(r.ccode1, r.ccode2)] = k + 1
                off = 0.9 * k * (1 if k % 2 else -1)
                xs += [x1, (x1 + x2) / 2 + off, x2, None]
                ys += [y1, (y1 + y2) / 2 + off, y2, None]
                mx.append((x1 + x2) / 2 + off)
                my.append((y1 + y2) / 2 + off)
                mt.append(f"{r.state1}–{r.state2}: {KIND_LABEL[kind]}<br>{r.treaty_name}")
            dash = "solid" if kind == "defence" else "dash" if kind == "consultation" else "dot"
            width = 1 if kind == "membership" else 2
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": KIND_COLOUR[kind], "width": width, "dash": dash, "shape": "spline"},
                    name=KIND_LABEL[kind],
                    hoverinfo="skip",
                    legendgroup=kind,
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=mx,
                    y=my,
                    mode="markers",
                    marker={"size": 6, "color": KIND_COLOUR[kind], "opacity": 0.0},
                    hovertext=mt,
                    hoverinfo="text",
                    showlegend=False,
                    legendgroup=kind,
                )
            )
        nodes = sorted(set(edges.ccode1) | set(edges.ccode2))
        if nodes:
            xy = [_node_xy(st, c, view) for c in nodes]
            cinc = st.loc[nodes, "cinc"].fillna(0).to_numpy(float)
            fig.add_trace(
                go.Scatter(
                    x=[p[0] for p in xy],
                    y=[p[1] for p in xy],
                    mode="markers+text",
                    text=[names.get(c, str(c)) for c in nodes],
                    textposition="top center",
                    marker={
                        "size": 10 + 40 * np.sqrt(cinc / max(cinc.max(), 1e-12)),
                        "color": "#ffffff",
                        "line": {"color": "#333333", "width": 1.5},
                    },
                    hovertext=[f"{st.loc[c, 'name']}: CINC {st.loc[c, 'cinc']:.3f}" for c in nodes],
                    hoverinfo="text",
                    showlegend=False,
                )
            )
        groups.append((label, len(fig.data) - before))
    design_menu(fig, groups)
    layout(fig, title, height=520, legend={"orientation": "h", "y": -0.05})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(margin={"t": 90 if title else 50})
    return fig
