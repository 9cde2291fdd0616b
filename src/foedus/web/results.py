"""What the dashboard shows: the member map, an event's description, a run's figures and downloads.

Figures come from :mod:`foedus.report.figures`, the same builders the report uses; the
downloads are the study's own tables and report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foedus.web.jobs import Run

if TYPE_CHECKING:
    from foedus.scenario import Scenario

__all__ = ["describe_event", "member_map", "result_figures", "results_csv", "state_of_click",
           "write_results_report"]  # fmt: skip


def _empty(text: str) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False},
        height=200,
        template="plotly_white",
        annotations=[{"text": text, "showarrow": False, "font": {"size": 14, "color": "#666"}}],
    )
    return fig


def member_map(scenario: Scenario, members: Sequence[int], target: int | None = None) -> Any:
    """The scenario's states, the pact's members in blue: click a state to add or remove it."""
    import plotly.graph_objects as go

    from foedus.report import figures
    from foedus.report.maps import INDO_PACIFIC, in_view, iso3_with_shapes

    s = scenario.world.states
    shaped = iso3_with_shapes()
    s = s[s.iso3.isin(shaped)]
    keep = {int(c) for c in members or ()}
    inside = s.ccode.astype(int).isin(keep)
    fig = go.Figure()
    for flag, colour, label in ((False, "#cfd8e3", "not a member"), (True, "#08519c", "member")):
        part = s[inside == flag]
        fig.add_trace(
            go.Choropleth(
                locations=part.iso3,
                z=[1] * len(part),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker_line_color="#ffffff",
                marker_line_width=0.6,
                name=label,
                customdata=part.ccode.astype(int),
                text=[f"{a} · {n}" for a, n in zip(part.abb, part.name, strict=True)],
                hovertemplate="%{text}<br>" + label + " (click to toggle)<extra></extra>",
            )
        )
    figures.geo_layout(fig)
    st = scenario.world.states
    away = [
        str(a)
        for a, c, lon, lat in zip(st.abb, st.ccode, st.capital_lon, st.capital_lat, strict=True)
        if int(c) in keep and not in_view(INDO_PACIFIC, float(lon), float(lat))
    ]
    title = "Click a state to add it to the pact or remove it"
    if away:
        title += f"<br><span style='font-size:12px;color:#555'>members off the map: {', '.join(away)}</span>"
    fig.update_layout(
        height=400,
        margin={"l": 0, "r": 0, "t": 44 if away else 30, "b": 0},
        title={"text": title, "font": {"size": 13}, "x": 0.01},
        showlegend=False,
        clickmode="event",
    )
    return fig


def describe_event(scenario: Scenario, ev: Any) -> str:
    """One line on an event: what, by whom, on whom, where, how grave."""
    names = dict(zip(scenario.world.states.ccode.astype(int), scenario.world.states.name, strict=True))
    by = ", ".join(str(names.get(int(c), c)) for c in ev.aggressor)
    place = scenario.places.get(ev.place) if ev.place else None
    where = f" at {getattr(place, 'name', ev.place)}" if ev.place else ""
    what = ev.kind.replace("_", " ")
    return (
        f"{what[0].upper()}{what[1:]} by {by} on {names.get(int(ev.target), ev.target)}{where}; "
        f"severity: {ev.severity.replace('_', ' ')}."
    )


def state_of_click(scenario: Scenario, click: Any) -> int | None:
    """The COW code of the state clicked on the member map (``None``: not a state of the world)."""
    try:
        point = click["points"][0]
    except (TypeError, KeyError, IndexError):
        return None
    custom = point.get("customdata") if isinstance(point, dict) else None
    if isinstance(custom, list) and custom:
        custom = custom[0]
    codes = {int(c) for c in scenario.world.states.ccode}
    if isinstance(custom, (int, float)) and int(custom) in codes:
        return int(custom)
    iso = point.get("location") if isinstance(point, dict) else None
    s = scenario.world.states
    hit = s[s.iso3 == iso] if isinstance(iso, str) else s.iloc[:0]
    return int(hit.ccode.iloc[0]) if len(hit) else None


def result_figures(res: Run) -> dict[str, Any]:
    """The plotly figures of the result tabs."""
    from foedus.report import figures

    details = res.study.details
    labels = {n: d.label for n, d in res.scenario.designs.items()}
    crisis = {labels[n]: r for n, r in res.comparison.results.items()}
    obligations = {labels[n]: r for n, r in details.obligations[res.event.id].items()}
    # the edited design first: the map opens on it (its drop-down switches to the status quo)
    order = list(reversed(list(obligations)))
    out: dict[str, Any] = {
        "map": figures.obligation_map(
            res.scenario.world,
            res.event,
            {k: obligations[k] for k in order},
            places=res.scenario.places,
            crisis={k: crisis[k] for k in order if k in crisis},
        ),
        "outcomes": figures.crisis_outcomes(res.comparison),
        "responses": figures.crisis_responses({k: crisis[k] for k in order if k in crisis}),
    }
    if details.forecasts:
        issue = next(iter(details.forecasts))
        out["forecast_rounds"] = figures.forecast_rounds(
            details.forecasts[issue], title=f"{issue}: round by round"
        )
        out["forecast_spread"] = figures.forecast_spread(
            details.forecasts[issue], details.problems.get(issue), title=f"{issue}: the models' forecasts"
        )
    else:
        why = " ".join(n for n in res.study.notes if "forecast" in n) or "No forecast."
        out["forecast_rounds"], out["forecast_spread"] = _empty(why), _empty("")
    if details.landscape is not None:
        out["landscape_sides"] = figures.landscape_sides(details.landscape, details.switch_costs)
        out["landscape_minima"] = figures.landscape_minima(details.landscape)
    else:
        out["landscape_sides"], out["landscape_minima"] = _empty("No coalition analysis."), _empty("")
    return out


def results_csv(res: Run) -> str:
    """The comparison as CSV: one row per design (and its change against the status quo)."""
    frame = res.study.to_frame("crisis")
    frame.insert(3, "draws", res.study.settings["draws"])
    frame["seed"] = res.seed
    return frame.to_csv(index=False)


def write_results_report(res: Run, out: str | Path) -> Path:
    """The run's report (:func:`foedus.report.write_report` of its study)."""
    from foedus.report import write_report

    return write_report(res.study, out)
