"""The dashboard's page: the design editor, the run bar, the result tabs.

Only layout: no callback and no analysis lives here (:mod:`foedus.web.callbacks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from foedus.web.editor import (
    DEFAULT_DRAWS,
    LABELS,
    LOCATIONS,
    MAX_DRAWS,
    MIN_DRAWS,
    NO_RESPONSE,
    OBLIGATION_KINDS,
    RESPONSES,
    RULES,
)
from foedus.web.jobs import STEPS
from foedus.web.uploads import MAX_UPLOAD, SHIPPED

__all__ = ["CSS", "index_string", "layout"]


def index_string() -> str:
    from foedus.report.maps import geo_assets_script

    geo = geo_assets_script()
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n{%metas%}\n<title>{%title%}</title>\n"
        "{%favicon%}\n{%css%}\n"
        f"<script>\n{geo}</script>\n"
        "</head>\n<body>\n{%app_entry%}\n<footer>\n{%config%}\n{%scripts%}\n{%renderer%}\n</footer>\n"
        "</body>\n</html>\n"
    )


CSS = {
    "page": {
        "fontFamily": "Helvetica, Arial, sans-serif",
        "maxWidth": "1240px",
        "margin": "0 auto",
        "padding": "12px 20px",
        "color": "#222",
    },
    "bar": {
        "display": "flex",
        "gap": "12px",
        "alignItems": "center",
        "flexWrap": "wrap",
        "padding": "10px 12px",
        "background": "#f4f6f9",
        "border": "1px solid #dde3ea",
        "borderRadius": "6px",
        "margin": "8px 0 12px",
    },
    "label": {"fontWeight": "bold", "fontSize": "13px", "display": "block", "margin": "10px 0 4px"},
    "msg_err": {"color": "#b00020", "whiteSpace": "pre-wrap", "fontSize": "13px"},
    "msg_ok": {"color": "#2e6b30", "fontSize": "13px"},
    "col": {"flex": "1 1 380px", "minWidth": "320px"},
    "button": {
        "padding": "8px 18px",
        "fontSize": "15px",
        "background": "#08519c",
        "color": "white",
        "border": "none",
        "borderRadius": "4px",
        "cursor": "pointer",
    },
    "small_button": {"padding": "6px 12px", "fontSize": "13px", "cursor": "pointer"},
    "note": {"fontSize": "13px", "color": "#444", "whiteSpace": "pre-wrap", "lineHeight": "1.45"},
}


def options(pairs: Sequence[str]) -> list[dict[str, str]]:
    return [{"label": LABELS.get(p, p), "value": p} for p in pairs]


def _graph(id_: str) -> Any:
    from dash import dcc

    return dcc.Graph(id=id_, config={"displaylogo": False})


def layout(default_key: str) -> Any:
    from dash import dcc, html

    return html.Div(
        [
            html.H2("foedus · alliance design dashboard", style={"margin": "4px 0 0"}),
            html.Div(
                "Change a pact, run a crisis, and compare with the status quo. Runs locally; nothing is "
                "fetched from the internet.",
                style=CSS["note"],
            ),
            _run_bar(),
            _tabs(default_key),
            dcc.Store(id="scenario-key", data=default_key),
            dcc.Store(id="job"),
            dcc.Interval(id="poll", interval=400, disabled=True),
            dcc.Download(id="dl-report"),
            dcc.Download(id="dl-csv"),
            dcc.Download(id="dl-yaml"),
        ],
        style=CSS["page"],
    )


def _editor(default_key: str) -> Any:
    """The left column: scenario, design, and the pact's members, obligation and rule."""
    from dash import dcc, html

    scenario_opts = [{"label": f"shipped: {n}", "value": f"shipped:{n}"} for n in SHIPPED]
    if not default_key.startswith("shipped:"):
        scenario_opts.insert(0, {"label": "the scenario given to foedus serve", "value": default_key})
    return html.Div(
        [
            html.Div(
                [
                    html.Label("Scenario", style=CSS["label"]),
                    dcc.Dropdown(id="scenario", options=scenario_opts, value=default_key, clearable=False),
                    dcc.Upload(
                        id="upload",
                        children=html.Div(["or drop a scenario file here / ", html.A("choose one (≤ 1 MB)")]),
                        max_size=MAX_UPLOAD,
                        multiple=False,
                        accept=".yaml,.yml",
                        style={
                            "border": "1px dashed #9aa7b5",
                            "borderRadius": "4px",
                            "padding": "8px",
                            "textAlign": "center",
                            "fontSize": "13px",
                            "marginTop": "6px",
                            "cursor": "pointer",
                        },
                    ),
                    html.Div(id="scenario-msg", style=CSS["msg_ok"]),
                    html.Label("Design", style=CSS["label"]),
                    dcc.Dropdown(id="design", clearable=False),
                    html.Div(id="pact-name", style={**CSS["note"], "marginTop": "4px"}),
                    html.Label("Members of the pact", style=CSS["label"]),
                    dcc.Checklist(
                        id="members",
                        inline=True,
                        inputStyle={"marginRight": "3px"},
                        labelStyle={"width": "62px", "fontSize": "13px", "display": "inline-block"},
                    ),
                    html.Label("Main obligation", style=CSS["label"]),
                    dcc.Dropdown(id="kind", options=options(OBLIGATION_KINDS), clearable=False),
                    html.Label("Response clause", style=CSS["label"]),
                    dcc.Dropdown(id="response", options=options((*RESPONSES, NO_RESPONSE)), clearable=False),
                    html.Label("It applies to an attack on (none ticked: anywhere)", style=CSS["label"]),
                    dcc.Checklist(
                        id="locations", options=options(LOCATIONS), labelStyle={"display": "block"}
                    ),
                    html.Label("Decision rule", style=CSS["label"]),
                    dcc.Dropdown(id="rule", options=options(RULES), clearable=False),
                    html.Div(id="edit-msg", style=CSS["msg_err"]),
                ],
                style=CSS["col"],
            ),
            html.Div(
                [
                    _graph("member-map"),
                    html.Label("Event", style=CSS["label"]),
                    dcc.Dropdown(id="event", clearable=False),
                    html.Div(id="event-desc", style={**CSS["note"], "marginTop": "4px"}),
                    html.Div(
                        [
                            html.Div(
                                [
                                    html.Label(f"Draws ({MIN_DRAWS:,} to {MAX_DRAWS:,})", style=CSS["label"]),
                                    dcc.Input(
                                        id="draws",
                                        type="number",
                                        value=DEFAULT_DRAWS,
                                        min=MIN_DRAWS,
                                        max=MAX_DRAWS,
                                        step=100,
                                        debounce=True,
                                        style={"width": "170px"},
                                    ),
                                ]
                            ),
                            html.Div(
                                [
                                    html.Label("Seed", style=CSS["label"]),
                                    dcc.Input(
                                        id="seed",
                                        type="number",
                                        value=1,
                                        min=0,
                                        step=1,
                                        style={"width": "110px"},
                                    ),
                                ]
                            ),
                        ],
                        style={"display": "flex", "gap": "18px"},
                    ),
                ],
                style=CSS["col"],
            ),
        ],
        style={"display": "flex", "gap": "28px", "flexWrap": "wrap"},
    )


def _run_bar() -> Any:
    """The run button, its progress and status, and the downloads."""
    from dash import html

    return html.Div(
        [
            html.Button("Run simulation", id="run", n_clicks=0, style=CSS["button"]),
            html.Progress(id="progress", value="0", max=str(len(STEPS)), style={"width": "180px"}),
            html.Span(
                id="status",
                children="Edit the design, pick an event, then run.",
                style={"fontSize": "13px", "flex": "1 1 260px"},
            ),
            html.Button("Report (HTML)", id="dl-report-btn", disabled=True, style=CSS["small_button"]),
            html.Button("Results (CSV)", id="dl-csv-btn", disabled=True, style=CSS["small_button"]),
            html.Button("Design (YAML)", id="dl-yaml-btn", style=CSS["small_button"]),
        ],
        style=CSS["bar"],
    )


def _tabs(default_key: str) -> Any:
    """The design tab and the result tabs."""
    from dash import dcc, html

    return dcc.Tabs(
        id="tabs",
        value="design",
        children=[
            dcc.Tab(label="Design & event", value="design", children=[_editor(default_key)]),
            dcc.Tab(
                label="Map & comparison",
                value="map",
                children=[
                    html.Div(
                        id="run-note",
                        style={**CSS["note"], "margin": "10px 0"},
                        children="Run a simulation to see who is bound and who comes.",
                    ),
                    _graph("map"),
                    _graph("outcomes"),
                    _graph("responses"),
                ],
            ),
            dcc.Tab(
                label="Forecast",
                value="forecast",
                children=[_graph("forecast-rounds"), _graph("forecast-spread")],
            ),
            dcc.Tab(
                label="Coalitions",
                value="coalitions",
                children=[_graph("landscape-sides"), _graph("landscape-minima")],
            ),
            dcc.Tab(label="Designs", value="designs", children=_designs_tab()),
            dcc.Tab(label="Evidence", value="evidence", children=_evidence()),
        ],
    )


def _designs_tab() -> list[Any]:
    """The front of a design search (foedus.web.designs): upload, scatter matrix, treaty text."""
    from dash import dcc, html

    return [
        dcc.Upload(
            id="designs-upload",
            children=html.Button("Open a design search result (JSON)"),
            max_size=MAX_UPLOAD,
            style={"margin": "10px 0"},
        ),
        html.Div(
            id="designs-msg",
            style=CSS["note"],
            children="foedus design search SCENARIO --format json --out front.json writes one.",
        ),
        dcc.Store(id="designs-data"),
        _graph("design-front"),
        html.Pre(
            id="design-text", children="Click a point to see its treaty.", style={"whiteSpace": "pre-wrap"}
        ),
    ]


def _evidence() -> list[Any]:
    """The evidence behind the estimated crisis models, as the report shows it: each model out of
    sample beside its baseline, ROC curves and calibration. Read from the estimates shipped with
    the package; it does not change with the pact, so it is built once."""
    from dash import dcc, html

    from foedus.estimation.evidence import shipped_evidence
    from foedus.report import figures as F

    ev = shipped_evidence()
    head = ["model", "test", "metric", "model's value", "95% interval", "baseline", "baseline's value"]
    rows = [
        html.Tr(
            [
                html.Td(r["model"]),
                html.Td(r["test"]),
                html.Td(r["metric"]),
                html.Td(f"{r['value']:.3f}"),
                html.Td(f"[{r['lower']:.3f}, {r['upper']:.3f}]"),
                html.Td(r["baseline"]),
                html.Td(f"{r['baseline_value']:.3f}"),
            ]
        )
        for r in ev["backtest"]
    ]
    return [
        html.Div(
            "Who comes, who prevails and whether a pact deters are estimated from the militarised "
            "disputes, wars and alliances of 1816-2010 and scored on years, disputes or wars they were "
            "not fitted on, beside the baseline the literature would use (bootstrap 95% intervals). "
            "foedus calibrate and foedus backtest reproduce them from the data.",
            style={**CSS["note"], "margin": "10px 0"},
        ),
        html.Table(
            [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
            id="evidence-table",
            style={"borderCollapse": "collapse", "fontSize": "13px"},
        ),
        dcc.Graph(id="evidence-roc", figure=F.roc_curves(ev), config={"displaylogo": False}),
        dcc.Graph(id="evidence-calibration", figure=F.calibration(ev), config={"displaylogo": False}),
    ]
