"""Maps of who is bound, and who comes, for an event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from foedus.report.figures.style import (
    STATUS_COLOUR,
    STATUS_LABEL,
    STATUS_ORDER,
    design_menu,
    geo_layout,
    layout,
    note_annotation,
    state_frame,
    strongest_status,
    wrap_lon,
    wrap_text,
)
from foedus.report.maps import INDO_PACIFIC, fit_view, in_view


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
    st = state_frame(world)
    pts = [(float(st.loc[c, "capital_lon"]), float(st.loc[c, "capital_lat"]))
           for c in (event.target, *event.aggressor) if c in st.index]  # fmt: skip
    point = _place_point(event, places)
    if point is not None:
        pts += [(point[1], point[0])] * 2  # the flashpoint counts double: it is what the map is about
    return fit_view(pts)


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
    st = state_frame(world)
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
                lon=[wrap_lon(lon, centre)],
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
    design_menu(fig, groups, annotations=[note_annotation(n) for n in notes])
    geo_layout(fig, view)
    layout(
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
        margin={"t": 90 if title else 50, "b": 40, "r": 240}, annotations=[note_annotation(notes[0])]
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


def _status_traces(fig: go.Figure, status: pd.DataFrame, centre: float) -> None:
    for s in STATUS_ORDER:
        part = status[status.status == s]
        if part.empty:
            continue
        colour = STATUS_COLOUR[s]
        hover = [
            f"<b>{r.name}</b> ({r.state})<br>{STATUS_LABEL[s]}"
            + (f"<br>{r.treaties}" if r.treaties else "")
            + f"<br><i>{wrap_text(r.reason)}</i>"
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
        marker = {"size": 8, "color": colour, "line": {"color": "#ffffff", "width": 1}}
        fig.add_trace(
            _capitals(
                part.capital_lat, part.capital_lon, centre, marker, hover, STATUS_LABEL[s], legendgroup=s
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
    marker = {"size": 8, "color": list(d.p), "cmin": -1, "cmax": 1, "colorscale": scale,
              "line": {"color": "#555555", "width": 0.6}}  # fmt: skip
    fig.add_trace(
        _capitals(d.lat, d.lon, centre, marker, hover, "capital (response probability)", showlegend=False)
    )
    return {int(c): float(p) for c, p in zip(d.ccode, d.p, strict=True) if abs(p) < 1}


def _capitals(lat: Any, lon: Any, centre: float, marker: dict[str, Any], hover: Any, name: str,
              **kw: Any) -> go.Scattergeo:  # fmt: skip
    """Markers at the states' capitals (longitudes wrapped around the map's centre)."""
    return go.Scattergeo(
        lat=list(lat), lon=[wrap_lon(v, centre) for v in lon], mode="markers", marker=marker,
        hovertext=hover, hoverinfo="text", name=name, **kw,
    )  # fmt: skip
