"""The dashboard's callbacks: thin wrappers that validate, call the library, and format.

The work is done by plain functions (:func:`on_scenario`, :func:`on_run` here; the editor,
the jobs and the results modules) that the tests call directly.
"""

from __future__ import annotations

import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foedus.errors import FoedusError, InputError
from foedus.web.editor import check_draws, check_seed, edit_treaty, editor_values, treaty_yaml
from foedus.web.errors import page_message
from foedus.web.jobs import JOBS, STEPS, run_analysis
from foedus.web.layout import CSS
from foedus.web.results import (
    _empty,
    describe_event,
    member_map,
    result_figures,
    results_csv,
    state_of_click,
    write_results_report,
)
from foedus.web.uploads import SCENARIOS, decode_upload

if TYPE_CHECKING:
    from foedus.scenario import Scenario

__all__ = ["default_design", "on_run", "on_scenario", "register"]


def on_scenario(key: Any, contents: Any, filename: Any, trigger: str | None) -> dict[str, Any]:
    """A scenario was chosen or uploaded: its key, designs and events, or an error message."""
    out: dict[str, Any] = {"key": None, "message": "", "error": False, "designs": [], "events": []}
    try:
        if trigger == "upload" and contents:
            key = SCENARIOS.add_upload(str(filename or "scenario.yaml"), decode_upload(contents, filename))
            out["message"] = f"Loaded {filename}."
        sc = SCENARIOS.get(key)
    except Exception as exc:  # a refusal in the CLI's words, or a bug's id: never a traceback or a path
        out.update(message=page_message(exc, "loading the scenario"), error=True)
        return out
    out["key"] = key
    out["name"] = sc.name
    if not out["message"]:
        out["message"] = sc.name
    out["designs"] = [{"label": d.label, "value": n} for n, d in sc.designs.items()]
    out["events"] = [
        {"label": e.id + (f" — {e.description}" if e.description else ""), "value": e.id}
        for e in sc.events.values()
    ]
    return out


def default_design(scenario: Scenario) -> str:
    """The design shown first: the first one that adds to the status quo, else the status quo."""
    names = list(scenario.designs)
    return names[1] if len(names) > 1 else names[0]


def on_run(
    key: Any,
    design: Any,
    members: Any,
    kind: Any,
    response: Any,
    locations: Any,
    rule: Any,
    event: Any,
    draws: Any,
    seed: Any,
) -> tuple[str | None, str]:
    """Validate the form and start a job; returns (job id, message)."""
    try:
        sc = SCENARIOS.get(key)
        if not isinstance(event, str) or not event:
            raise InputError("choose an event")
        sc.event(event)
        n, s = check_draws(draws), check_seed(seed)
        treaty = edit_treaty(sc, design, members, kind, response, locations, rule)
    except Exception as exc:
        return None, page_message(exc, "starting the run")
    return JOBS.start(run_analysis, sc, design, treaty, event, n, s), "started"


def _pact_form(State: Any) -> list[Any]:
    """The scenario key and the pact editor's fields, in the order on_run and edit_treaty take them."""
    fields = ("design", "members", "kind", "response", "locations", "rule")
    return [State("scenario-key", "data"), *(State(f, "value") for f in fields)]


def register(app: Any) -> None:
    """Attach every callback to ``app``."""
    _register_scenario(app)
    _register_editor(app)
    _register_runs(app)
    _register_downloads(app)
    _register_designs(app)


def _register_designs(app: Any) -> None:
    """The Designs tab: a design search result uploaded, a point clicked."""
    from dash import Input, Output, State, no_update

    from foedus.web.designs import design_text, front_figure, parse_result

    @app.callback(
        Output("designs-data", "data"),
        Output("design-front", "figure"),
        Output("designs-msg", "children"),
        Input("designs-upload", "contents"),
        State("designs-upload", "filename"),
    )
    def _upload(contents, filename):
        if not contents:
            return no_update, front_figure(None), no_update
        try:
            doc = parse_result(contents, filename)
        except Exception as exc:  # the CLI's words, never a traceback
            return no_update, no_update, page_message(exc, "reading the design result")
        return doc, front_figure(doc), f"{len(doc['front'])} designs on the front of {doc.get('evaluated')}."

    @app.callback(
        Output("design-text", "children"),
        Input("design-front", "clickData"),
        State("designs-data", "data"),
    )
    def _clicked(click, doc):
        points = (click or {}).get("points") or [{}]
        return design_text(doc, points[0].get("customdata"))


def _register_scenario(app: Any) -> None:
    """Choosing or uploading a scenario."""
    from dash import Input, Output, State, ctx, no_update

    @app.callback(
        Output("scenario-key", "data"),
        Output("scenario-msg", "children"),
        Output("scenario-msg", "style"),
        Output("design", "options"),
        Output("design", "value"),
        Output("event", "options"),
        Output("event", "value"),
        Output("scenario", "options"),
        Output("scenario", "value"),
        Input("scenario", "value"),
        Input("upload", "contents"),
        State("upload", "filename"),
        State("scenario", "options"),
    )
    def _scenario(key, contents, filename, options):
        trigger = ctx.triggered_id
        out = on_scenario(key, contents, filename, trigger)
        if out["error"]:
            return (no_update, out["message"], CSS["msg_err"], *([no_update] * 6))
        sc = SCENARIOS.get(out["key"])
        opts, value = options, out["key"]
        if trigger == "upload":
            opts = [o for o in options if o["value"] != out["key"]] + [
                {"label": f"uploaded: {filename}", "value": out["key"]}
            ]
        events = out["events"]
        return (
            out["key"],
            out["message"],
            CSS["msg_ok"],
            out["designs"],
            default_design(sc),
            events,
            events[0]["value"] if events else None,
            opts,
            value,
        )


def _register_editor(app: Any) -> None:
    """Editing the design's pact and choosing the event."""
    from dash import Input, Output, State, no_update

    @app.callback(
        Output("members", "options"),
        Output("members", "value"),
        Output("kind", "value"),
        Output("response", "value"),
        Output("locations", "value"),
        Output("rule", "value"),
        Output("pact-name", "children"),
        Input("design", "value"),
        State("scenario-key", "data"),
    )
    def _design(design, key):
        try:
            sc = SCENARIOS.get(key)
            v = editor_values(sc, design)
        except Exception as exc:
            msg = page_message(exc, "opening the design")
            return ([], [], no_update, no_update, no_update, no_update, msg)
        s = sc.world.states.sort_values("abb")
        opts = [
            {"label": a, "value": int(c), "title": n} for a, c, n in zip(s.abb, s.ccode, s.name, strict=True)
        ]
        return (
            opts,
            v["members"],
            v["kind"],
            v["response"],
            v["locations"],
            v["rule"],
            f"Editing treaty “{v['name']}” ({v['treaty']}); the design's other treaties stay as they are.",
        )

    @app.callback(
        Output("members", "value", allow_duplicate=True),
        Input("member-map", "clickData"),
        State("members", "value"),
        State("scenario-key", "data"),
        prevent_initial_call=True,
    )
    def _click(click, members, key):
        try:
            code = state_of_click(SCENARIOS.get(key), click)
        except FoedusError:
            return no_update
        if code is None:
            return no_update
        members = list(members or [])
        return [m for m in members if m != code] if code in members else [*members, code]

    @app.callback(
        Output("member-map", "figure"),
        Output("edit-msg", "children"),
        Input("members", "value"),
        Input("kind", "value"),
        Input("response", "value"),
        Input("locations", "value"),
        Input("rule", "value"),
        State("design", "value"),
        State("scenario-key", "data"),
    )
    def _edited(members, kind, response, locations, rule, design, key):
        try:
            sc = SCENARIOS.get(key)
        except Exception as exc:
            return _empty("no scenario"), page_message(exc, "drawing the members")
        msg = ""
        try:
            edit_treaty(sc, design, members, kind, response, locations, rule)
        except Exception as exc:
            msg = page_message(exc, "editing the pact")
        return member_map(sc, members or []), msg

    @app.callback(
        Output("response", "disabled"),
        Input("kind", "value"),
    )
    def _response_enabled(kind):
        return kind not in ("defence", "offence")

    @app.callback(Output("event-desc", "children"), Input("event", "value"), State("scenario-key", "data"))
    def _event(event, key):
        try:
            sc = SCENARIOS.get(key)
            return describe_event(sc, sc.event(event))
        except (FoedusError, TypeError):
            return ""


def _register_runs(app: Any) -> None:
    """Starting a run and polling it."""
    from dash import Input, Output, State, no_update

    @app.callback(
        Output("job", "data"),
        Output("poll", "disabled"),
        Output("status", "children"),
        Output("progress", "value"),
        Output("run", "disabled"),
        Input("run", "n_clicks"),
        *_pact_form(State),
        State("event", "value"),
        State("draws", "value"),
        State("seed", "value"),
        prevent_initial_call=True,
    )
    def _run(_n, key, design, members, kind, response, locations, rule, event, draws, seed):
        job_id, msg = on_run(key, design, members, kind, response, locations, rule, event, draws, seed)
        if job_id is None:
            return no_update, True, msg, "0", False
        return job_id, False, "Running: " + STEPS[0] + " …", "0", True

    @app.callback(
        Output("status", "children", allow_duplicate=True),
        Output("progress", "value", allow_duplicate=True),
        Output("poll", "disabled", allow_duplicate=True),
        Output("run", "disabled", allow_duplicate=True),
        Output("run-note", "children"),
        Output("map", "figure"),
        Output("outcomes", "figure"),
        Output("responses", "figure"),
        Output("forecast-rounds", "figure"),
        Output("forecast-spread", "figure"),
        Output("landscape-sides", "figure"),
        Output("landscape-minima", "figure"),
        Output("dl-report-btn", "disabled"),
        Output("dl-csv-btn", "disabled"),
        Output("tabs", "value"),
        Input("poll", "n_intervals"),
        State("job", "data"),
        prevent_initial_call=True,
    )
    def _poll(_n, job_id):
        job = JOBS.get(job_id)
        keep = [no_update] * 11
        if job is None:
            return ("The run was lost (the server restarted?): run again.", "0", True, False, *keep)
        if not job.done:
            return (
                f"Running: {job.message} … (step {job.step + 1} of {len(STEPS)})",
                str(job.step),
                False,
                True,
                *keep,
            )
        if job.error is not None or job.result is None:
            return (job.error or "foedus: the run gave no result", "0", True, False, *keep)
        res = job.result
        figs = _figures(job.id)
        took = time.monotonic() - job.started
        note = res.comparison.note() + ("\n" + "\n".join(res.study.notes) if res.study.notes else "")
        return (
            f"Done: {res.event.id}, {res.study.settings['draws']:,} draws, in {took:.1f} s.",
            str(len(STEPS)),
            True,
            False,
            note,
            figs["map"],
            figs["outcomes"],
            figs["responses"],
            figs["forecast_rounds"],
            figs["forecast_spread"],
            figs["landscape_sides"],
            figs["landscape_minima"],
            False,
            False,
            "map",
        )


@lru_cache(maxsize=JOBS.MAX)
def _figures(job_id: str) -> dict[str, Any]:
    """A finished run's figures, drawn once: the page polls every 400 ms, and a poll slower than
    that is superseded by the next one, so redrawing on every poll could never show a result
    on a busy machine."""
    job = JOBS.get(job_id)
    assert job is not None and job.result is not None
    return result_figures(job.result)


def _register_downloads(app: Any) -> None:
    """The report, the results and the edited design as downloads."""
    from dash import Input, Output, State, dcc, no_update

    def download(output: str, button: str, send: Any) -> None:
        """``output`` sends ``send(run)`` of the finished run when ``button`` is clicked."""

        @app.callback(Output(output, "data"), Input(button, "n_clicks"), State("job", "data"),
                      prevent_initial_call=True)  # fmt: skip
        def _send(_n, job_id):
            job = JOBS.get(job_id)
            return no_update if job is None or job.result is None else send(job.result)

    def report(run: Any) -> Any:
        with tempfile.TemporaryDirectory(prefix="foedus-report-") as tmp:
            path = write_results_report(run, Path(tmp) / "report.html")
            return dcc.send_bytes(path.read_bytes(), f"foedus-report-{run.event.id}.html")

    download("dl-report", "dl-report-btn", report)
    download(
        "dl-csv",
        "dl-csv-btn",
        lambda run: dcc.send_string(results_csv(run), f"foedus-crisis-{run.event.id}.csv"),
    )

    @app.callback(
        Output("dl-yaml", "data"),
        Output("edit-msg", "children", allow_duplicate=True),
        Input("dl-yaml-btn", "n_clicks"),
        *_pact_form(State),
        prevent_initial_call=True,
    )
    def _yaml(_n, key, design, members, kind, response, locations, rule):
        try:
            sc = SCENARIOS.get(key)
            t = edit_treaty(sc, design, members, kind, response, locations, rule)
        except Exception as exc:
            return no_update, page_message(exc, "writing the design")
        return dcc.send_string(treaty_yaml(t, sc), f"{t.id}-edited.yaml"), ""
