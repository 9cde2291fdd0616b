"""Colours, labels and layout shared by every figure family (plotly)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from foedus.report.maps import INDO_PACIFIC

STATUS_ORDER = (
    "target",
    "aggressor",
    "defend",
    "defend_if",
    "consult",
    "consult_if",
    "neutral",
    "not_bound",
)
"""Obligation statuses, strongest first (target and aggressor are the event's parties)."""


STATUS_LABEL = {
    "target": "attacked (target)",
    "aggressor": "aggressor",
    "defend": "bound to defend",
    "defend_if": "bound to defend if open conditions hold",
    "consult": "bound to consult",
    "consult_if": "bound to consult if open conditions hold",
    "neutral": "bound to stay neutral",
    "not_bound": "party to a treaty, not bound",
}


STATUS_COLOUR = {
    "target": "#d7301f",
    "aggressor": "#3f007d",
    "defend": "#08519c",
    "defend_if": "#6baed6",
    "consult": "#238b45",
    "consult_if": "#a1d99b",
    "neutral": "#fdae61",
    "not_bound": "#a6a6a6",
}


KIND_COLOUR = {
    "defence": "#08519c",
    "consultation": "#238b45",
    "neutrality": "#fdae61",
    "non_aggression": "#969696",
    "membership": "#bdbdbd",
}


KIND_LABEL = {
    "defence": "defence (or offence)",
    "consultation": "consultation",
    "neutrality": "neutrality",
    "non_aggression": "non-aggression",
    "membership": "members, no obligation between them",
}


KIND_RANK = {"defence": 4, "consultation": 3, "neutrality": 2, "non_aggression": 1, "membership": 0}


SIDE_COLOUR = {"defender": "#08519c", "aggressor": "#b2182b", "aggressor_ally": "#ef6548"}


MODEL_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


FONT = "Helvetica, Arial, sans-serif"


LAND, OCEAN = "#eeeeee", "#e3eef8"


def layout(fig: go.Figure, title: str | None, height: int = 460, **kw: Any) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "yref": "container", "y": 0.985, "yanchor": "top"}
        if title
        else None,
        template="plotly_white",
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 60 if title else 36, "b": 10},
        **kw,
    )
    return fig


def design_menu(
    fig: go.Figure, groups: Sequence[tuple[str, int]], annotations: Sequence[dict[str, Any]] | None = None
) -> None:
    """A drop-down that shows one group of traces (one design) at a time.

    ``groups`` lists ``(label, number of traces)`` in the order the traces were added; the
    traces after the groups (if any) stay visible throughout. ``annotations``, one per group,
    replace the layout's annotations when the group is shown.
    """
    total = len(fig.data)
    counts = [n for _, n in groups]
    shared = total - sum(counts)
    for i, tr in enumerate(fig.data):
        tr.visible = i < counts[0] or i >= sum(counts)
    if len(groups) < 2:
        return
    buttons = []
    start = 0
    for k, (label, n) in enumerate(groups):
        visible = [start <= i < start + n for i in range(total - shared)] + [True] * shared
        args: list[Any] = [{"visible": visible}]
        if annotations is not None:
            args.append({"annotations": [annotations[k]]})
        buttons.append({"label": label, "method": "update", "args": args})
        start += n
    fig.update_layout(
        updatemenus=[
            {
                "buttons": buttons,
                "direction": "down",
                "x": 0.0,
                "xanchor": "left",
                "y": 1.0,
                "yanchor": "bottom",
                "pad": {"t": 0, "b": 8},
                "showactive": True,
                "bgcolor": "white",
                "font": {"size": 12},
            }
        ]
    )


def state_names(world: Any) -> dict[int, str]:
    return dict(zip(world.states.ccode.astype(int), world.states.abb.astype(str), strict=True))


def state_frame(world: Any) -> pd.DataFrame:
    s = world.states[["ccode", "abb", "name", "iso3", "capital_lat", "capital_lon", "cinc"]].copy()
    s["ccode"] = s.ccode.astype(int)
    return s.set_index("ccode")


def strongest_status(table: pd.DataFrame) -> pd.DataFrame:
    """One row per state of an obligation table: its strongest status across treaties.

    Parameters
    ----------
    table : DataFrame
        :attr:`foedus.obligations.ObligationResult.table` (one row per treaty and member).

    Returns
    -------
    DataFrame
        ``ccode, state, status, treaties, reason``: ``treaties`` names the treaties that give
        the status, ``reason`` the clause of the first of them.
    """
    if table.empty:
        return pd.DataFrame(columns=["ccode", "state", "status", "treaties", "reason"])
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    t = table.assign(_rank=table.status.map(rank).fillna(len(rank)))
    rows = []
    for code, g in t.groupby("ccode", sort=False):
        best = g[g._rank == g._rank.min()]
        rows.append(
            {
                "ccode": int(code),
                "state": str(best.state.iloc[0]),
                "status": str(best.status.iloc[0]),
                "treaties": "; ".join(dict.fromkeys(best.treaty_name)),
                "reason": str(best.reason.iloc[0]),
            }
        )
    return pd.DataFrame(rows)


def geo_layout(fig: go.Figure, bounds: Mapping[str, Any] = INDO_PACIFIC) -> None:
    fig.update_geos(
        scope="world",
        resolution=110,
        projection={"type": "equirectangular", "rotation": {"lon": bounds["center_lon"]}},
        lonaxis={"range": list(bounds["lon"])},
        lataxis={"range": list(bounds["lat"])},
        showland=True,
        landcolor=LAND,
        showocean=True,
        oceancolor=OCEAN,
        showcountries=True,
        countrycolor="#ffffff",
        countrywidth=0.6,
        showcoastlines=True,
        coastlinecolor="#9e9e9e",
        coastlinewidth=0.5,
        showlakes=False,
        showframe=True,
        framecolor="#cccccc",
    )


def wrap_lon(lon: float, centre: float) -> float:
    """``lon`` shifted by 360 to lie within 180 degrees of ``centre``."""
    return (lon - centre + 180.0) % 360.0 - 180.0 + centre


def note_annotation(text: str) -> dict[str, Any]:
    return {
        "text": wrap_text(text, 150),
        "xref": "paper",
        "yref": "paper",
        "x": 0.0,
        "y": 0.0,
        "xanchor": "left",
        "yanchor": "top",
        "yshift": -6,
        "showarrow": False,
        "align": "left",
        "font": {"size": 11, "color": "#444444"},
    }


def wrap_text(text: str, width: int = 70) -> str:
    import textwrap

    return "<br>".join(textwrap.wrap(str(text), width)) if text else ""


def short_label(label: str, width: int = 38) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
