"""Figures of foedus's results: plotly for the report and the dashboard, matplotlib for PNGs.

Every builder is a pure function of result objects (and the World, for names, ISO3 codes and
capitals) that returns a ``plotly.graph_objects.Figure``; nothing is computed here that the
library does not compute. Several designs go into one figure with a drop-down that switches
between them. The ``*_png`` functions draw the same pictures with matplotlib (imported only
inside them) for reports that must be read without a browser.

Maps use the world scope with fixed Indo-Pacific bounds (:data:`foedus.report.maps.INDO_PACIFIC`;
a view fitted around the event elsewhere, :func:`event_view`) and the shapes shipped with
foedus (:mod:`foedus.report.maps`): a page showing them must run
:func:`foedus.report.maps.geo_assets_script` first, or plotly.js fetches shapes from a CDN.

Builders
--------
==========================  ======================================================
:func:`obligation_map`      who is bound (or, given crisis results, who comes) for an event
:func:`alliance_network`    the treaties of each design as edges between capitals, by kind
:func:`crisis_outcomes`     P(defenders prevail) and P(deterred) per design, with intervals
:func:`crisis_distribution` the distribution of P(defenders prevail) across draws, per design
:func:`crisis_responses`    each state's probability of fighting, per design
:func:`forecast_rounds`     forecast outcome round by round, one line per model
:func:`forecast_spread`     the models' forecasts side by side, with the actors' positions
:func:`actor_paths`         each actor's position round by round (one iterative model)
:func:`landscape_minima`    energy and basin of attraction of each local minimum
:func:`landscape_sides`     the predicted sides and how firmly each state sits in its side
:func:`voting_power`        Shapley–Shubik and Banzhaf indices of each collective decision rule
:func:`burden_sharing`      each member's military burden against the design's target
==========================  ======================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from foedus.report.maps import INDO_PACIFIC, country_shapes, fit_view, in_view

# ----------------------------------------------------------------------------- palette
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


def _layout(fig: go.Figure, title: str | None, height: int = 460, **kw: Any) -> go.Figure:
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


def _design_menu(
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


def _names(world: Any) -> dict[int, str]:
    return dict(zip(world.states.ccode.astype(int), world.states.abb.astype(str), strict=True))


def _state_frame(world: Any) -> pd.DataFrame:
    s = world.states[["ccode", "abb", "name", "iso3", "capital_lat", "capital_lon", "cinc"]].copy()
    s["ccode"] = s.ccode.astype(int)
    return s.set_index("ccode")


# ----------------------------------------------------------------------------- obligations
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


def _place_point(event: Any, places: Mapping[str, Any] | None) -> tuple[float, float, str] | None:
    if event.place is not None and places and event.place in places:
        p = places[event.place]
        return float(p.lat), float(p.lon), str(p.name)
    if event.lat is not None and event.lon is not None:
        return float(event.lat), float(event.lon), event.id
    return None


def event_view(world: Any, event: Any, places: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The map view of an event: the Indo-Pacific when the flashpoint and the parties' capitals
    mostly lie in it, else a view fitted around them (:func:`foedus.report.maps.fit_view`)."""
    st = _state_frame(world)
    pts = [(float(st.loc[c, "capital_lon"]), float(st.loc[c, "capital_lat"]))
           for c in (event.target, *event.aggressor) if c in st.index]  # fmt: skip
    point = _place_point(event, places)
    if point is not None:
        pts += [(point[1], point[0])] * 2  # the flashpoint counts double: it is what the map is about
    return fit_view(pts)


def _geo_layout(fig: go.Figure, bounds: Mapping[str, Any] = INDO_PACIFIC) -> None:
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


def _wrap_lon(lon: float, centre: float) -> float:
    """``lon`` shifted by 360 to lie within 180 degrees of ``centre``."""
    return (lon - centre + 180.0) % 360.0 - 180.0 + centre


def obligation_map(
    world: Any,
    event: Any,
    obligations: Mapping[str, Any],
    *,
    places: Mapping[str, Any] | None = None,
    crisis: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Map of the Indo-Pacific for one event: each state's obligation, the flashpoint marked.

    Parameters
    ----------
    world : World
        For ISO3 codes, names and capitals.
    event : Event
    obligations : mapping
        Design label -> :class:`~foedus.obligations.ObligationResult` (or its table). With
        more than one design a drop-down switches between them.
    places : mapping, optional
        The gazetteer (to mark the event's place).
    crisis : mapping, optional
        Design label -> :class:`~foedus.crisis.CrisisResult` for the same event. States are
        then coloured by their probability of fighting: blue on the target's side, red on
        the aggressor's (the parties themselves at +-1), and the status is in the hover text.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        Country shapes (choropleth on ISO3) and a marker at every capital (Natural Earth
        110m has no shape for the smallest states).
    """
    st = _state_frame(world)
    view = event_view(world, event, places)
    centre = view["center_lon"]
    fig = go.Figure()
    groups: list[tuple[str, int]] = []
    notes: list[str] = []
    for label, ob in obligations.items():
        table = getattr(ob, "table", ob)
        status = strongest_status(table).set_index("ccode")
        for who, st_name in ((event.target, "target"), *((a, "aggressor") for a in event.aggressor)):
            status.loc[who, ["state", "status", "treaties", "reason"]] = [
                st.abb.get(who, str(who)),
                st_name,
                "",
                "a party to the event",
            ]
        status = status.join(st[["iso3", "name", "capital_lat", "capital_lon"]], how="inner")
        before = len(fig.data)
        _status_traces(fig, status, centre)
        groups.append((f"{label}: who is bound" if crisis else label, len(fig.data) - before))
        notes.append(_beyond(status, {c: STATUS_LABEL.get(s, s) for c, s in status.status.items()}, view))
        res = (crisis or {}).get(label)
        if res is not None:
            before = len(fig.data)
            probs = _response_traces(fig, status, res, st, centre)
            groups.append((f"{label}: who comes", len(fig.data) - before))
            notes.append(_beyond(st.loc[[c for c in probs if c in st.index]], probs, view))
    point = _place_point(event, places)
    if point is not None:
        lat, lon, name = point
        fig.add_trace(
            go.Scattergeo(
                lat=[lat],
                lon=[_wrap_lon(lon, centre)],
                mode="markers+text",
                text=[name],
                textposition="top right",
                textfont={"size": 13, "color": "#000000"},
                # an open star: the colour of the place (often the target itself) shows through
                marker={"symbol": "star-open", "size": 22, "color": "#000000", "line": {"width": 2.2}},
                name=f"flashpoint: {name}",
                hovertext=[f"{name}: {event.description or event.id}"],
                hoverinfo="text",
            )
        )
    _design_menu(fig, groups, annotations=[_note_annotation(n) for n in notes])
    _geo_layout(fig, view)
    _layout(
        fig,
        title,
        height=640,
        legend={
            "orientation": "v",
            "x": 1.01,
            "xanchor": "left",
            "y": 0.0,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
            "font": {"size": 11},
        },
    )
    fig.update_layout(
        margin={"t": 90 if title else 50, "b": 40, "r": 240}, annotations=[_note_annotation(notes[0])]
    )
    return fig


def _beyond(frame: pd.DataFrame, what: Mapping[int, Any], view: Mapping[str, Any] = INDO_PACIFIC) -> str:
    """'Beyond the map: ...' for the states whose capitals lie outside ``view``."""
    out = []
    for code, r in frame.iterrows():
        if not in_view(view, float(r.capital_lon), float(r.capital_lat)):
            v = what.get(code)
            if v is None:
                continue
            abb = r.state if "state" in frame.columns else r.abb
            if isinstance(v, float):
                out.append(f"{abb} {abs(v):.2f}" + (" with the aggressor" if v < 0 else ""))
            else:
                out.append(f"{abb}: {v}")
    if not out:
        return ""
    return (
        "Beyond the map, P(fights): "
        if all(isinstance(v, float) for v in what.values())
        else "Beyond the map: "
    ) + "; ".join(out)


def _note_annotation(text: str) -> dict[str, Any]:
    return {
        "text": _wrap_text(text, 150),
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


def _status_traces(fig: go.Figure, status: pd.DataFrame, centre: float) -> None:
    for s in STATUS_ORDER:
        part = status[status.status == s]
        if part.empty:
            continue
        colour = STATUS_COLOUR[s]
        hover = [
            f"<b>{r.name}</b> ({r.state})<br>{STATUS_LABEL[s]}"
            + (f"<br>{r.treaties}" if r.treaties else "")
            + f"<br><i>{_wrap_text(r.reason)}</i>"
            for r in part.itertuples()
        ]
        fig.add_trace(
            go.Choropleth(
                locations=list(part.iso3),
                z=[1] * len(part),
                locationmode="ISO-3",
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker={"line": {"color": "#ffffff", "width": 0.6}},
                hovertext=hover,
                hoverinfo="text",
                name=STATUS_LABEL[s],
                showlegend=False,
                legendgroup=s,
            )
        )
        fig.add_trace(
            go.Scattergeo(
                lat=list(part.capital_lat),
                lon=[_wrap_lon(v, centre) for v in part.capital_lon],
                mode="markers",
                marker={"size": 8, "color": colour, "line": {"color": "#ffffff", "width": 1}},
                hovertext=hover,
                hoverinfo="text",
                name=STATUS_LABEL[s],
                legendgroup=s,
            )
        )


def _response_traces(
    fig: go.Figure, status: pd.DataFrame, res: Any, st: pd.DataFrame, centre: float
) -> dict[int, float]:
    """Choropleth and capital markers coloured by P(fights) (signed by side); returns the
    probabilities by ccode."""
    m = res.members.set_index("ccode")
    rows = []
    for code, r in status.iterrows():
        if r.status == "target":
            p, side, extra = 1.0, "defender", "the attacked state"
        elif r.status == "aggressor":
            p, side, extra = -1.0, "aggressor", "the aggressor"
        elif code in m.index:
            mm = m.loc[code]
            side = str(mm.side)
            p = float(mm.p_force) * (1 if side == "defender" else -1)
            extra = (
                f"P(fights) {mm.p_force:.2f} [{mm.ci_low:.2f}, {mm.ci_high:.2f}]"
                f" on the {side.replace('_', ' ')}'s side"
                f"<br>parameter band {mm.band_low:.2f}-{mm.band_high:.2f}"
            )
        else:
            continue
        rows.append(
            (code, r.iso3, r.state, r["name"], r.capital_lat, r.capital_lon, p, side, r.status, extra)
        )
    # states outside every treaty that the simulation lets intervene (major powers)
    for code, mm in m.iterrows():
        if code in status.index or code not in st.index:
            continue
        side = str(mm.side)
        p = float(mm.p_force) * (1 if side == "defender" else -1)
        s = st.loc[code]
        rows.append(
            (
                code,
                s.iso3,
                s.abb,
                s["name"],
                s.capital_lat,
                s.capital_lon,
                p,
                side,
                str(mm.status),
                f"P(fights) {mm.p_force:.2f} on the {side.replace('_', ' ')}'s side (unbound)",
            )
        )
    d = pd.DataFrame(
        rows, columns=["ccode", "iso3", "abb", "name", "lat", "lon", "p", "side", "status", "extra"]
    )
    hover = [
        f"<b>{r.name}</b> ({r.abb})<br>{STATUS_LABEL.get(r.status, r.status.replace('_', ' '))}<br>{r.extra}"
        for r in d.itertuples()
    ]
    scale = [[0.0, "#67001f"], [0.25, "#d6604d"], [0.5, "#f7f7f7"], [0.75, "#4393c3"], [1.0, "#053061"]]
    bar = {
        "title": {"text": "P(fights)", "side": "right"},
        "tickvals": [-1, -0.5, 0, 0.5, 1],
        "ticktext": ["1 with aggressor", "0.5", "0", "0.5", "1 with target"],
        "len": 0.75,
        "thickness": 12,
        "x": 1.01,
        "xanchor": "left",
    }
    fig.add_trace(
        go.Choropleth(
            locations=list(d.iso3),
            z=list(d.p),
            zmin=-1,
            zmax=1,
            locationmode="ISO-3",
            colorscale=scale,
            colorbar=bar,
            marker={"line": {"color": "#ffffff", "width": 0.6}},
            hovertext=hover,
            hoverinfo="text",
            name="response",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scattergeo(
            lat=list(d.lat),
            lon=[_wrap_lon(v, centre) for v in d.lon],
            mode="markers",
            marker={
                "size": 8,
                "color": list(d.p),
                "cmin": -1,
                "cmax": 1,
                "colorscale": scale,
                "line": {"color": "#555555", "width": 0.6},
            },
            hovertext=hover,
            hoverinfo="text",
            name="capital (response probability)",
            showlegend=False,
        )
    )
    return {int(c): float(p) for c, p in zip(d.ccode, d.p, strict=True) if abs(p) < 1}


def _wrap_text(text: str, width: int = 70) -> str:
    import textwrap

    return "<br>".join(textwrap.wrap(str(text), width)) if text else ""


# ----------------------------------------------------------------------------- alliance network
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
    lon = _wrap_lon(float(st.loc[code, "capital_lon"]), view["center_lon"])
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
    st = _state_frame(world)
    everyone = {c for ts in designs.values() for t in ts for c in t.member_codes() if c in st.index}
    view = fit_view([(float(st.loc[c, "capital_lon"]), float(st.loc[c, "capital_lat"])) for c in everyone])
    names = _names(world)
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
    _design_menu(fig, groups)
    _layout(fig, title, height=520, legend={"orientation": "h", "y": -0.05})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(margin={"t": 90 if title else 50})
    return fig


# ----------------------------------------------------------------------------- crisis
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
    labels = [_short(lbl) for lbl in f.label]
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
    fig.add_trace(
        go.Scatter(
            x=f.p_prevail,
            y=labels,
            mode="markers",
            marker={"size": 11, "color": "#08519c"},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": f.p_prevail_high - f.p_prevail,
                "arrayminus": f.p_prevail - f.p_prevail_low,
                "color": "#08519c",
            },
            name="P(prevail), 95% MC interval; shaded: 5-95% across parameter draws",
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=f.p_deterred,
            y=labels,
            mode="markers",
            marker={"size": 11, "color": "#238b45"},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": f.p_deterred_high - f.p_deterred,
                "arrayminus": f.p_deterred - f.p_deterred_low,
                "color": "#238b45",
            },
            name="P(deterred), 95% interval",
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        ),
        1,
        2,
    )
    fig.update_xaxes(range=[0, 1], title_text="probability")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=150 + 45 * len(f), legend={"orientation": "h", "y": -0.35})


def _short(label: str, width: int = 38) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


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
                    name=_short(r.label, 60),
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
    return _layout(fig, title, height=400, legend={"orientation": "h", "y": -0.2})


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
    _design_menu(fig, groups)
    n = max((len(r.members) for r in results.values()), default=5)
    fig.update_xaxes(range=[0, 1], title_text="P(fights); bars: 5-95% across parameter draws")
    _layout(
        fig,
        title,
        height=140 + 22 * n,
        barmode="overlay",
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    fig.update_layout(margin={"t": 90 if title else 50})
    return fig


# ----------------------------------------------------------------------------- forecasts
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
    return _layout(fig, title, height=400)


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
    return _layout(fig, title, height=170 + 38 * (len(rows) + 2), legend={"orientation": "h", "y": -0.3})


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
    return _layout(fig, title, height=420)


# ----------------------------------------------------------------------------- coalitions
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
    return _layout(fig, title, height=340)


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
    return _layout(
        fig, title, height=140 + 20 * len(d), legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"}
    )


def voting_power(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Shapley–Shubik and Banzhaf (normalised) indices of each collective decision rule.

    ``frame``: ``game, player, shapley_shubik, banzhaf`` (one row per player and game).
    """
    games = list(dict.fromkeys(frame.game))
    if not games:
        return _layout(go.Figure(), title or "no collective decision rule", height=200)
    fig = make_subplots(
        rows=1, cols=len(games), subplot_titles=[_short(g, 34) for g in games], shared_yaxes=True
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
    return _layout(fig, title, height=360, barmode="group", legend={"orientation": "h", "y": -0.2})


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
    _design_menu(fig, groups)
    if fig.layout.updatemenus:
        for button, label in zip(fig.layout.updatemenus[0].buttons, shapes, strict=True):
            button.args = [*button.args, {"shapes": _target_line(shapes[label])}]
    first = next(iter(shapes.values()), None)
    fig.update_layout(shapes=_target_line(first))
    fig.update_yaxes(title_text="military expenditure / GDP", tickformat=".1%")
    _layout(fig, title, height=380)
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


# ----------------------------------------------------------------------------- matplotlib (PNG)
def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: str | Path) -> Path:
    from foedus.atomic import atomic_path

    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight")
        tmp.chmod(0o644)
    _plt().close(fig)
    return path


def obligation_map_png(
    world: Any,
    event: Any,
    obligations: Mapping[str, Any],
    path: str | Path,
    *,
    places: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> Path:
    """:func:`obligation_map` as a PNG with matplotlib: one panel per design (small multiples)."""
    plt = _plt()
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D

    st = _state_frame(world)
    shapes = country_shapes()
    view = event_view(world, event, places)
    centre = view["center_lon"]
    (x0, x1), (y0, y1) = view["lon"], view["lat"]
    n = len(obligations)
    cols = 1 if n == 1 else 2
    rows = -(-n // cols)
    aspect = (y1 - y0) / (x1 - x0)
    fig, axes = plt.subplots(rows, cols, figsize=(7.5 * cols, 7.5 * aspect * rows + 0.6), squeeze=False)
    point = _place_point(event, places)
    for ax, (label, ob) in zip(axes.ravel(), obligations.items(), strict=False):
        status = strongest_status(getattr(ob, "table", ob)).set_index("ccode").status.to_dict()
        status[event.target] = "target"
        for a in event.aggressor:
            status[a] = "aggressor"
        colour_of = {st.loc[c, "iso3"]: STATUS_COLOUR[s] for c, s in status.items() if c in st.index}
        polys, colours = [], []
        for iso, rings in shapes.items():
            fc = colour_of.get(iso, LAND)
            for ring in rings:
                xy = np.array(ring)
                xy[:, 0] = (xy[:, 0] - centre + 180.0) % 360.0 - 180.0 + centre
                if np.ptp(xy[:, 0]) > 180:  # a ring cut by the seam (far from the view)
                    continue
                polys.append(xy)
                colours.append(fc)
        ax.add_collection(PolyCollection(polys, facecolors=colours, edgecolors="white", linewidths=0.4))
        for c, s in status.items():
            if c in st.index:
                ax.plot(
                    _wrap_lon(st.loc[c, "capital_lon"], centre),
                    st.loc[c, "capital_lat"],
                    "o",
                    ms=4,
                    color=STATUS_COLOUR[s],
                    mec="white",
                    mew=0.5,
                )
        if point is not None:
            px = _wrap_lon(point[1], centre)
            ax.plot(px, point[0], marker="*", ms=18, mfc="none", mec="black", mew=1.4)
            ax.annotate(point[2], (px, point[0]), xytext=(8, 6), textcoords="offset points", fontsize=8)
        frame = st.loc[[c for c in status if c in st.index]].rename(columns={"abb": "state"})
        beyond = _beyond(frame, {c: STATUS_LABEL[s] for c, s in status.items()}, view)
        if beyond:
            ax.text(
                0.0,
                -0.02,
                "\n".join(_wrap_text(beyond, 110).split("<br>")),
                transform=ax.transAxes,
                va="top",
                fontsize=7,
                color="#444444",
            )
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_facecolor(OCEAN)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(_short(label, 70), fontsize=10)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    present = [
        s
        for s in STATUS_ORDER
        if any(
            s in set(strongest_status(getattr(o, "table", o)).status) or s in ("target", "aggressor")
            for o in obligations.values()
        )
    ]
    handles = [
        Line2D([], [], marker="s", ls="", ms=10, color=STATUS_COLOUR[s], label=STATUS_LABEL[s])
        for s in present
    ]
    fig.legend(handles=handles, loc="lower center", ncol=min(4, len(handles)), fontsize=8, frameon=False)
    fig.suptitle(title or event.description or event.id, fontsize=11)
    fig.text(0.99, 0.005, "Natural Earth 1:110m", ha="right", fontsize=6, color="#777")
    fig.tight_layout(rect=(0, 0.06, 1, 0.96))
    return _save(fig, path)


def bars_png(
    frame: pd.DataFrame,
    x: str,
    ys: Sequence[str],
    path: str | Path,
    *,
    title: str,
    ylabel: str = "",
    hline: float | None = None,
    percent: bool = False,
    horizontal: bool = False,
    limits: tuple[float, float] | None = None,
    colours: Sequence[str] | None = None,
) -> Path:
    """A grouped bar chart of ``frame`` (``ys`` against ``x``) as a PNG; the generic static chart
    behind the power, burden, landscape, forecast and crisis PNGs."""
    plt = _plt()
    n = len(frame)
    fig, ax = plt.subplots(
        figsize=(
            max(5.0, 0.45 * n + 2) if not horizontal else 7.0,
            4.0 if not horizontal else max(3.0, 0.28 * n + 1),
        )
    )
    pos = np.arange(n)
    width = 0.8 / max(len(ys), 1)
    for i, col in enumerate(ys):
        vals = frame[col].astype(float).fillna(0).to_numpy()
        off = pos - 0.4 + width * (i + 0.5)
        colour = list(colours) if colours is not None and len(ys) == 1 else MODEL_COLOURS[i % 8]
        if horizontal:
            ax.barh(off, vals, height=width, label=col.replace("_", " "), color=colour)
        else:
            ax.bar(off, vals, width=width, label=col.replace("_", " "), color=colour)
    labels = [str(v) for v in frame[x]]
    if horizontal:
        ax.set_yticks(pos, labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(ylabel)
    else:
        ax.set_xticks(pos, labels, rotation=45 if n > 6 else 0, ha="right" if n > 6 else "center", fontsize=8)
        ax.set_ylabel(ylabel)
    if hline is not None and not pd.isna(hline):
        (ax.axvline if horizontal else ax.axhline)(hline, color="black", ls="--", lw=1)
    if percent:
        from matplotlib.ticker import PercentFormatter

        (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(PercentFormatter(1.0))
    if limits is not None:
        (ax.set_xlim if horizontal else ax.set_ylim)(*limits)
    if len(ys) > 1:
        # beside the axes, not over them: "best" still covers bars when every slot is full
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _save(fig, path)


def forecast_png(results: Mapping[str, Any], path: str | Path, *, title: str) -> Path:
    """:func:`forecast_rounds` as a PNG."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 4))
    last = max((int(r.rounds["round"].max()) for r in results.values()), default=0)
    for i, (name, r) in enumerate(results.items()):
        part = r.rounds[r.rounds.dimension == r.dimensions[0]]
        c = MODEL_COLOURS[i % 8]
        if len(part) > 1:
            ax.plot(part["round"], part.outcome, "-o", ms=3, color=c, label=name)
        else:
            ax.plot([0, max(last, 1)], [part.outcome.iloc[0]] * 2, ":", color=c, label=f"{name} (one-shot)")
    ax.set_xlabel("round")
    ax.set_ylabel("forecast outcome")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _save(fig, path)


__all__ = [
    "STATUS_COLOUR",
    "STATUS_LABEL",
    "STATUS_ORDER",
    "actor_paths",
    "alliance_network",
    "bars_png",
    "burden_sharing",
    "crisis_distribution",
    "crisis_outcomes",
    "crisis_responses",
    "event_view",
    "forecast_png",
    "forecast_rounds",
    "forecast_spread",
    "landscape_minima",
    "landscape_sides",
    "obligation_map",
    "obligation_map_png",
    "strongest_status",
    "treaty_edges",
    "voting_power",
]
