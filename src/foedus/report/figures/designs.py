"""The design search's front: a scatter matrix of the four objectives (plotly).

Every design evaluated is one point in each panel: the front's in colour, the dominated ones in
grey, the scenario's hand-written designs as diamonds. Each point carries its treaty id as
``customdata`` (the dashboard opens its treaty text on a click).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from foedus.report.figures.style import layout

LABELS = {
    "deterrence": "deterrence (mean P(deterred))",
    "acceptance": "acceptance (P(all ratify))",
    "cost": "cost (spending rise)",
    "entrapment": "entrapment (P)",
}
COLOURS = {"front": "#1b9e77", "dominated": "#bdbdbd", "handwritten": "#d95f02"}
NAMES = {"front": "on the front", "dominated": "dominated", "handwritten": "hand-written designs"}


def design_front(result: Any, *, title: str | None = None) -> go.Figure:
    """The scatter matrix of deterrence, acceptance, cost and entrapment of ``result``'s designs
    (a :class:`~foedus.design.result.DesignResult`)."""
    frame = result.to_frame()
    fig = go.Figure()
    for part in ("dominated", "front", "handwritten"):
        f = frame[frame.part == part]
        if f.empty:
            continue
        fig.add_trace(
            go.Splom(
                dimensions=[{"label": LABELS[k], "values": f[k]} for k in LABELS],
                name=NAMES[part],
                text=[f"{lab}<br>{m}" for lab, m in zip(f.label, f.members, strict=True)],
                customdata=list(f.id),
                hovertemplate="%{text}<extra></extra>",
                marker={
                    "color": COLOURS[part],
                    "size": 9 if part != "dominated" else 6,
                    "symbol": "diamond" if part == "handwritten" else "circle",
                    "line": {"width": 0.5, "color": "white"},
                },
                diagonal_visible=False,
                showupperhalf=False,
            )
        )
    return layout(fig, title, height=640, dragmode="select", hovermode="closest")
